"""Scheduling from the command line: fetch takes only the sources that are
due, --all and --source override it, status shows the schedule, and watch,
fetch and run stop cleanly on SIGTERM or SIGINT with their archive intact."""

import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
import unittest

from e2e_support import BIN, SHARED_DIR, TempDirTest, posts, run, write_config

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Demo</title><link>https://news.example.tw/</link>
{extra}<item><title>{title}</title><link>https://news.example.tw/{n}.html</link>
<guid>https://news.example.tw/{n}.html</guid><pubDate>Mon, 26 Oct 2020 01:00:00 GMT</pubDate>
<description>body</description></item></channel></rss>
"""


class FeedTest(TempDirTest):
    def write_feed(self, name, n, title, extra=""):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(RSS.format(n=n, title=title, extra=extra))
        return path

    def status(self, config):
        return {s["name"]: s for s in json.loads(run("status", "--json", "--config", config, check=0).stdout)}


class ScheduleTest(FeedTest):
    def test_a_rerun_fetches_only_what_is_due(self):
        self.write_feed("a.xml", 1, "甲")
        self.write_feed("b.xml", 2, "乙", extra="<ttl>180</ttl>")
        config = write_config(self.dir, [{"name": "A", "url": "a.xml", "every": "1h"},
                                         {"name": "B", "url": "b.xml"}])
        first = run("fetch", "--config", config, check=0)
        self.assertIn("A: 1 new, 0 changed, 0 unchanged", first.stdout)
        self.assertEqual(2, len(posts(self.dir)))
        status = self.status(config)
        self.assertEqual(False, status["A"]["gone"])
        due_a = status["A"]["next_due"]
        due_b = status["B"]["next_due"]
        self.assertRegex(due_a, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$")
        # B's feed asks for 3 hours, longer than its every (30m): B is due 2 h after A.
        seconds = lambda text: time.mktime(time.strptime(text[:19], "%Y-%m-%dT%H:%M:%S"))
        self.assertAlmostEqual(7200, seconds(due_b) - seconds(due_a), delta=60)

        second = run("fetch", "--config", config, check=0)
        self.assertNotIn("A:", second.stdout)
        self.assertIn("from 0 sources into", second.stdout)
        self.assertIn("(2 not due)", second.stdout)

        forced = run("fetch", "--all", "--config", config, check=0)
        self.assertIn("A: 0 new, 0 changed, 1 unchanged", forced.stdout)
        self.assertIn("B: 0 new, 0 changed, 1 unchanged", forced.stdout)
        one = run("fetch", "--source", "A", "--config", config, check=0)
        self.assertIn("A: 0 new", one.stdout)
        self.assertNotIn("B:", one.stdout)
        text = run("status", "--config", config, check=0).stdout
        self.assertIn("  next due:      " + self.status(config)["A"]["next_due"] + "\n", text)
        self.assertIn("  last status:   200\n", text)
        self.assertIn("  failures:      0 in a row\n", text)

    def test_a_failing_source_is_listed_and_backs_off(self):
        self.write_feed("good.xml", 1, "好")
        config = write_config(self.dir, [{"name": "Bad", "url": "missing.xml"},
                                         {"name": "Good", "url": "good.xml"}])
        proc = run("fetch", "--config", config, check=1)
        self.assertIn("1 failed: Bad\n", proc.stdout)
        status = self.status(config)
        self.assertEqual(1, status["Bad"]["consecutive_failures"])
        self.assertNotEqual("now", status["Bad"]["next_due"])
        again = run("fetch", "--config", config, check=0)  # nothing due: Bad waits
        self.assertNotIn("Bad:", again.stdout)
        forced = run("fetch", "--all", "--config", config, check=1)
        self.assertIn("Bad: failed:", forced.stdout)
        self.assertEqual(2, self.status(config)["Bad"]["consecutive_failures"])

    def test_quiet_prints_only_failures_and_verbose_the_time_split(self):
        self.write_feed("good.xml", 1, "好")
        config = write_config(self.dir, [{"name": "Bad", "url": "missing.xml"},
                                         {"name": "Good", "url": "good.xml"}])
        quiet = run("fetch", "--quiet", "--config", config, check=1)
        self.assertRegex(quiet.stdout, r"^Bad: failed: [^\n]*\n1 failed: Bad\n$")
        verbose = run("fetch", "--all", "--verbose", "--config", config, check=1)
        self.assertRegex(verbose.stdout, r"Good: 0 new, 0 changed, 1 unchanged \(HTTP 200, ")
        self.assertRegex(verbose.stdout, r"time: .* in all: transfer .*, parse .*, clean .*, write ")
        both = run("fetch", "--quiet", "--verbose", "--config", config, check=2)
        self.assertIn("exclude each other", both.stderr)


class StopTest(FeedTest):
    ITEMS = 3000

    def test_sigterm_mid_run_finishes_the_source_commits_and_exits_0(self):
        feed = os.path.join(self.dir, "big.xml")
        subprocess.run([sys.executable, os.path.join(SHARED_DIR, "bench", "gen_corpus.py"),
                        "--one-big", feed, "--items", str(self.ITEMS), "--seed", "3"],
                       check=True, capture_output=True)
        config = write_config(self.dir, [{"name": "Big", "url": feed}])
        proc = subprocess.Popen([BIN, "watch", "--config", config],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        posts_dir = os.path.join(self.dir, "_posts")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if os.path.isdir(posts_dir) and len(os.listdir(posts_dir)) >= 50:
                break
            time.sleep(0.005)
        self.assertIsNone(proc.poll(), "watch still running when signalled")
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=300)
        self.assertEqual(0, proc.returncode, err)
        self.assertIn("watch: stopped", out)
        written = posts(self.dir)
        self.assertEqual([], [n for n in written if n.startswith(".")], "no temporary files")
        self.assertEqual(self.ITEMS, len(written), "the source in hand was finished")
        status = json.loads(run("status", "--json", "--config", config, check=0).stdout)
        self.assertEqual(self.ITEMS, status[0]["items_archived"])
        again = run("fetch", "--all", "--config", config, check=0)
        self.assertIn("Big: 0 new, 0 changed, %d unchanged" % self.ITEMS, again.stdout)

    def start_stalled_host(self):
        """A 127.0.0.1 server that sends the start of a feed, then nothing
        until the test ends; returns the feed's URL."""
        release = threading.Event()

        class Stalled(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.end_headers()
                self.wfile.write(b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>")
                self.wfile.flush()
                release.wait(120)  # then the connection closes: a truncated feed

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stalled)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        self.addCleanup(release.set)
        return "http://127.0.0.1:%d/feed.xml" % server.server_address[1]

    def stop_while_stalled(self, command, sig):
        """Runs `command` on a local source and a stalled one, signals it
        once the local one is archived; returns (exit status, stdout,
        stderr, seconds from the signal to the exit, config)."""
        stalled = self.start_stalled_host()
        local = self.write_feed("a.xml", 1, "甲")
        config = write_config(self.dir, [{"name": "A", "url": local}, {"name": "Stalled", "url": stalled}])
        proc = subprocess.Popen([BIN, command, "--config", config],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = proc.stdout.readline()  # the local source is done; the stalled one is in flight
        self.assertIn("A: 1 new", line)
        time.sleep(0.5)
        start = time.monotonic()
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=120)
        return proc.returncode, out, err, time.monotonic() - start, config

    def test_sigterm_with_a_stalled_host_in_flight_exits_without_waiting_for_its_timeout(self):
        code, out, err, seconds, config = self.stop_while_stalled("watch", signal.SIGTERM)
        # The transfer timeout is 60 s and the low-speed limit 20 s: a stop
        # that waited for the stalled response would take that long.
        self.assertLess(seconds, 10)
        self.assertEqual(0, code, err)
        self.assertIn("watch: stopped", out)
        self.assertEqual(1, len(posts(self.dir)))
        self.assertEqual(0, self.status(config)["Stalled"]["consecutive_failures"], "an abandoned fetch is not a failure")

    def test_fetch_stopped_by_sigterm_keeps_what_it_archived_and_exits_128_plus_the_signal(self):
        code, out, err, seconds, config = self.stop_while_stalled("fetch", signal.SIGTERM)
        self.assertLess(seconds, 10)
        self.assertEqual(128 + signal.SIGTERM, code, err)
        self.assertIn("stopped by a signal after 1 of 2 sources", err)
        self.assertEqual(1, len(posts(self.dir)))
        status = self.status(config)
        self.assertEqual(1, status["A"]["items_archived"])
        self.assertEqual(0, status["Stalled"]["consecutive_failures"], "an abandoned fetch is not a failure")
        self.assertEqual("", status["Stalled"]["last_fetch"], "the stalled source stays due for the next run")

    def test_run_stopped_by_sigint_does_not_build(self):
        code, out, err, seconds, config = self.stop_while_stalled("run", signal.SIGINT)
        self.assertLess(seconds, 10)
        self.assertEqual(128 + signal.SIGINT, code, err)
        self.assertEqual(1, len(posts(self.dir)))
        self.assertFalse(os.path.exists(os.path.join(self.dir, "_site")), "no build after a stop")

    def test_sigint_while_sleeping_exits_0_at_once(self):
        path = os.path.join(self.dir, "a.xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(RSS.format(n=1, title="甲", extra=""))
        config = write_config(self.dir, [{"name": "A", "url": path}])
        proc = subprocess.Popen([BIN, "watch", "--config", config],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = proc.stdout.readline()  # the first source line: the round is under way
        self.assertIn("A: 1 new", line)
        proc.stdout.readline()  # the round's summary
        time.sleep(0.3)  # now sleeping until A is due in 30 minutes
        start = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        self.assertLess(time.monotonic() - start, 5)
        self.assertEqual(0, proc.returncode, err)
        self.assertIn("watch: stopped", out)
        self.assertEqual(1, len(posts(self.dir)))


if __name__ == "__main__":
    unittest.main()
