"""A fetch killed with SIGKILL at random moments resumes to exactly what an
uninterrupted run writes: the same posts byte for byte, no temporary files
left, no duplicates."""

import os
import random
import subprocess
import sys
import time
import unittest

from e2e_support import BIN, SHARED_DIR, TempDirTest, posts, write_config

ITEMS = 2000
KILLS = 20


def make_archive(directory, feed):
    os.makedirs(directory)
    return write_config(directory, [{"name": "(臺)中央社CNA", "url": feed}],
                        archive={"timezone": "Asia/Taipei"})


def fetch(config):
    # --all: a rerun comes before the source is due again.
    return subprocess.run([BIN, "fetch", "--all", "--config", config], capture_output=True, text=True, timeout=600)


class KillResumeTest(TempDirTest):
    def test_killed_runs_resume_to_the_uninterrupted_result(self):
        feed = os.path.join(self.dir, "big.xml")
        subprocess.run([sys.executable, os.path.join(SHARED_DIR, "bench", "gen_corpus.py"),
                        "--one-big", feed, "--items", str(ITEMS), "--seed", "7"],
                       check=True, capture_output=True)
        reference = make_archive(os.path.join(self.dir, "reference"), feed)
        self.assertEqual(0, fetch(reference).returncode)
        expected = posts(os.path.dirname(reference))
        self.assertEqual(ITEMS, len(expected))

        rng = random.Random(20201026)
        killed_mid_run = 0
        for round_number in range(KILLS):
            # Each round starts a fresh archive and kills one to three runs in
            # a row before letting one finish.
            victim = make_archive(os.path.join(self.dir, "victim%d" % round_number), feed)
            for _ in range(1 + round_number % 3):
                killed_mid_run += self.kill_at_random(victim, rng)
            self.assert_resumes_to(victim, expected)
        again = fetch(victim)
        self.assertIn(": 0 new, 0 changed, %d unchanged" % ITEMS, again.stdout)
        self.assertGreaterEqual(killed_mid_run, KILLS, "kills hit running fetches")

    def kill_at_random(self, config, rng):
        """Kills a fetch once it has written a random number of posts (the
        moment is chosen by progress, not by time, so that a slow or fast
        machine kills mid-run alike), plus a random few milliseconds."""
        posts_dir = os.path.join(os.path.dirname(config), "_posts")
        already = len(os.listdir(posts_dir)) if os.path.isdir(posts_dir) else 0
        target = rng.randint(min(already, ITEMS - 1), ITEMS - 1)
        proc = subprocess.Popen([BIN, "fetch", "--all", "--config", config],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if os.path.isdir(posts_dir) and len(os.listdir(posts_dir)) >= target:
                break
            time.sleep(0.002)
        time.sleep(rng.uniform(0.0, 0.02))
        running = proc.poll() is None
        proc.kill()
        proc.wait()
        return 1 if running else 0

    def assert_resumes_to(self, config, expected):
        final = fetch(config)
        self.assertEqual(0, final.returncode, final.stderr)
        got = posts(os.path.dirname(config))
        self.assertEqual([], [name for name in got if name.startswith(".")], "no temporary files left")
        self.assertEqual(sorted(expected), sorted(got), "the same post files, no duplicates")
        for name in expected:
            self.assertEqual(expected[name], got[name], name)

if __name__ == "__main__":
    unittest.main()
