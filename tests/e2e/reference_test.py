"""The reference test: the seed CNA item archives byte for byte as the
reference archive stored it (weserv proxy, no clean-up)."""

import os
import unittest

from e2e_support import SHARED_DIR, TempDirTest, posts, run, write_config

SEED = os.path.join(SHARED_DIR, "fixtures", "seed-cna")
EXPECTED_NAME = "2020-10-26-亞塞拜然亞美尼亞再次同意停火-能否奏效待觀察.md"


class ReferenceTest(TempDirTest):
    def archive(self):
        config = write_config(self.dir, [{"name": "(臺)中央社CNA", "url": os.path.join(SEED, "feed.xml")}],
                              archive={"images": "proxy", "cleanup": "none"})
        # --all: the second fetch comes before the source is due again.
        return run("fetch", "--all", "--config", config, check=0)

    def test_post_is_byte_identical_to_the_reference(self):
        self.archive()
        written = posts(self.dir)
        self.assertEqual([EXPECTED_NAME], list(written))
        with open(os.path.join(SEED, "expected-post.md"), "rb") as f:
            expected = f.read()
        self.assertEqual(expected, written[EXPECTED_NAME])

    def test_second_fetch_archives_nothing_and_changes_nothing(self):
        first = self.archive()
        self.assertIn("(臺)中央社CNA: 1 new, 0 changed, 0 unchanged", first.stdout)
        before = posts(self.dir)
        second = self.archive()
        self.assertIn("(臺)中央社CNA: 0 new, 0 changed, 1 unchanged", second.stdout)
        self.assertEqual(before, posts(self.dir))


if __name__ == "__main__":
    unittest.main()
