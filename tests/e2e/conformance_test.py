#!/usr/bin/env python3
"""gofeed's translator fixtures through `feedmirror parse --json`: at least
90% of them must match (../shared/conformance/gofeed/compare.py); the
remaining differences are listed in docs/conformance.md."""

import os
import re
import shlex
import subprocess
import sys
import unittest

MIN_PASS_RATIO = 0.90


class GofeedConformanceTest(unittest.TestCase):
    def test_at_least_90_percent_of_the_fixtures_match(self):
        binary = os.environ["FEEDMIRROR_BIN"]
        shared = os.environ["FEEDMIRROR_SHARED_DIR"]
        compare = os.path.join(shared, "conformance", "gofeed", "compare.py")
        parser = "%s parse --json {file}" % shlex.quote(binary)
        proc = subprocess.run([sys.executable, compare, "--parser", parser, "--jobs", "2"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600)
        lines = proc.stdout.strip().splitlines()
        self.assertTrue(lines, "compare.py printed nothing: %s" % proc.stderr)
        match = re.fullmatch(r"(\d+) passed, (\d+) failed", lines[-1])
        self.assertIsNotNone(match, "unexpected last line: %r" % lines[-1])
        passed, failed = int(match.group(1)), int(match.group(2))
        total = passed + failed
        self.assertGreater(total, 90, "too few fixtures found")
        print("gofeed conformance: %d passed, %d failed" % (passed, failed))
        self.assertGreaterEqual(passed / total, MIN_PASS_RATIO, "\n".join(lines[-30:]))


if __name__ == "__main__":
    unittest.main()
