"""End-to-end: `feedmirror serve` serves the built site on 127.0.0.1, answers
unknown paths with 404.html, rebuilds when a post is added, stops on SIGINT."""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

BIN = os.environ.get("FEEDMIRROR_BIN", "build/default/feedmirror")
SHARED = os.environ.get("FEEDMIRROR_SHARED_DIR", os.path.join(os.path.dirname(__file__), "../../../shared"))
REF_NAME = "2020-10-26-亞塞拜然亞美尼亞再次同意停火-能否奏效待觀察.md"
REF_URL = "/(臺)中央社cna/2020/10/26/亞塞拜然亞美尼亞再次同意停火-能否奏效待觀察.html"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServeTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="fm-serve-")
        os.makedirs(os.path.join(self.tmp, "_posts"))
        shutil.copy(os.path.join(SHARED, "fixtures", "seed-cna", "expected-post.md"),
                    os.path.join(self.tmp, "_posts", REF_NAME))
        self.port = free_port()
        self.proc = subprocess.Popen([BIN, "serve", "--dir", self.tmp, "--port", str(self.port)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def tearDown(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def get(self, path):
        url = "http://127.0.0.1:%d%s" % (self.port, urllib.parse.quote(path))
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8")

    def wait_for(self, path, status=200, seconds=30):
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                code, body = self.get(path)
                if code == status:
                    return body
            except (ConnectionError, urllib.error.URLError):
                pass
            time.sleep(0.2)
        self.fail("%s did not answer %d" % (path, status))

    def test_serves_rebuilds_and_stops(self):
        home = self.wait_for("/")
        self.assertIn("亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察", home)
        self.assertIn("<h1>亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察</h1>", self.wait_for(REF_URL))
        code, body = self.get("/no/such/page.html")
        self.assertEqual(code, 404)
        self.assertIn("找不到這個頁面", body)
        with open(os.path.join(self.tmp, "_posts", "2021-01-01-new-post.md"), "w", encoding="utf-8") as f:
            f.write("---\ntitle: A new post\ndate: 2021-01-01T00:00:00.000Z\n---\nHello *world*\n")
        self.assertIn("<em>world</em>", self.wait_for("/2021/01/01/new-post.html"))
        self.assertIn("A new post", self.wait_for("/"))
        self.proc.send_signal(signal.SIGINT)
        self.assertEqual(self.proc.wait(timeout=30), 0)
        out = self.proc.stdout.read()
        self.assertIn("serve: http://127.0.0.1:%d/" % self.port, out)
        self.assertIn("serve: built 2 posts", out)


if __name__ == "__main__":
    unittest.main()
