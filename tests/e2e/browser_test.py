"""End-to-end in a real browser: the demo archive (examples/demo, archived the
way `make demo` does it) is built, served by `feedmirror serve` on 127.0.0.1,
and read in Debian's headless Chromium through tests/browser/check_site.mjs
(playwright-core, installed by `npm ci` into tests/browser/node_modules when
missing). The home page lists the newest posts first, a post opened from it
shows its title and article, and searching a Chinese word of that post (in
Traditional and in Simplified form) finds it. Screenshots of the home page,
the post and the search result are saved in <build folder>/screenshots/."""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

import yaml

from e2e_support import BIN, SOURCE_DIR

BROWSER_DIR = os.path.join(SOURCE_DIR, "tests", "browser")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The reference CNA post of the demo; 停火 ("ceasefire") occurs in no other
# demo post, 亚塞拜然 is the Simplified form of its title's 亞塞拜然.
POST_TITLE = "亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察"
POST_URL = "/(臺)中央社cna/2020/10/26/亞塞拜然亞美尼亞再次同意停火-能否奏效待觀察.html"
QUERIES = ["停火", "亚塞拜然"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def front_matter(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return yaml.safe_load(text[4:text.index("\n---\n", 4)])


def ensure_playwright():
    """Installs playwright-core from package-lock.json when it is missing."""
    if os.path.isdir(os.path.join(BROWSER_DIR, "node_modules", "playwright-core")):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise AssertionError("npm is missing: run scripts/install-deps.sh test")
    proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=BROWSER_DIR,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise AssertionError("npm ci in %s failed:\n%s" % (BROWSER_DIR, proc.stderr[-3000:]))


class BrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not BIN or not os.path.exists(BIN):
            raise AssertionError("FEEDMIRROR_BIN is not set to the built binary (run through ctest)")
        for tool in (CHROMIUM, shutil.which("node")):
            if not tool or not os.path.exists(tool):
                raise AssertionError("%s is missing: run scripts/install-deps.sh test" % (tool or "node"))
        ensure_playwright()
        cls.shots = os.path.join(os.path.dirname(os.path.abspath(BIN)), "screenshots")

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="fm-browser-")
        self.server = None
        demo = subprocess.run(["bash", os.path.join(SOURCE_DIR, "scripts", "demo.sh"), BIN, self.tmp],
                              capture_output=True, text=True, timeout=300)
        # The demo holds one feed that cannot be archived yet (JSON Feed on
        # some branches), so demo.sh may exit 1: what matters is the site.
        if not os.path.exists(os.path.join(self.tmp, "_site", "index.html")):
            self.fail("scripts/demo.sh built no site:\n%s\n%s" % (demo.stdout[-3000:], demo.stderr[-3000:]))
        self.port = free_port()
        self.log = open(os.path.join(self.tmp, "serve.log"), "w+")
        self.server = subprocess.Popen(
            [BIN, "serve", "--config", os.path.join(self.tmp, "feedmirror.toml"), "--port", str(self.port)],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_until_served()

    def tearDown(self):
        if self.server is not None and self.server.poll() is None:
            self.server.kill()
            self.server.wait(timeout=30)
        if self.server is not None:
            self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def wait_until_served(self, seconds=60):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.server.poll() is not None:
                break
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/" % self.port, timeout=5) as r:
                    if r.status == 200:
                        return
            except (ConnectionError, urllib.error.URLError, socket.timeout):
                pass
            time.sleep(0.2)
        self.log.seek(0)
        self.fail("feedmirror serve did not answer on port %d within %d s (exit %s):\n%s"
                  % (self.port, seconds, self.server.poll(), self.log.read()[-3000:]))

    def demo_posts(self):
        """(date, title) of every demo post, newest first."""
        folder = os.path.join(self.tmp, "_posts")
        posts = []
        for name in os.listdir(folder):
            fm = front_matter(os.path.join(folder, name))
            posts.append((str(fm["date"]), str(fm["title"])))
        return sorted(posts, reverse=True)

    def browse(self):
        if os.path.isdir(self.shots):
            shutil.rmtree(self.shots)
        proc = subprocess.run(["node", os.path.join(BROWSER_DIR, "check_site.mjs"), "http://127.0.0.1:%d" % self.port,
                               self.shots, POST_TITLE, *QUERIES],
                              cwd=BROWSER_DIR, capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            self.fail("the browser run failed (exit %d):\n%s\nseen so far: %s"
                      % (proc.returncode, proc.stderr[-3000:], proc.stdout[-3000:]))
        return json.loads(proc.stdout.strip().splitlines()[-1])

    def test_home_post_and_search_in_chromium(self):
        expected = self.demo_posts()
        seen = self.browse()

        home = seen["home"]
        self.assertEqual(home["status"], 200)
        # Every demo post fits on the first page (50 a page), newest first.
        self.assertEqual(len(expected), 20)
        self.assertEqual(sorted(home["titles"]), sorted(title for _, title in expected))
        self.assertEqual(home["titles"][0], expected[0][1])
        self.assertEqual(home["times"], sorted(home["times"], key=lambda t: t, reverse=True))

        post = seen["post"]
        self.assertEqual(post["url"], POST_URL)
        self.assertEqual(post["heading"], POST_TITLE)
        self.assertEqual(post["title"], POST_TITLE + " · feedmirror")
        self.assertEqual(post["source"], "(臺)中央社CNA")
        self.assertTrue(post["text"].startswith("美國國務院25日宣布，亞美尼亞和亞塞拜然兩國再度同意遵守「人道停火」"),
                        post["text"][:200])
        self.assertIn("國務卿蓬佩奧在推特（Twitter）上表示", post["text"])

        for search, query in zip(seen["searches"], QUERIES):
            self.assertEqual(search["url"], "http://127.0.0.1:%d/search/?q=%s" % (self.port, query))
            self.assertEqual(search["status"], "找到 1 篇文章")
            self.assertEqual(search["titles"], [POST_TITLE])
            self.assertEqual(search["hrefs"], [POST_URL])
        self.assertIn("停火", seen["searches"][0]["marks"])

        # Nothing on these pages reaches for another host but the proxied
        # images of the article, which the browser was not allowed to load.
        for url in seen["blocked"]:
            self.assertTrue(url.startswith("https://images.weserv.nl/"), url)
        self.assertEqual(seen["errors"], [])
        for name in ("home.png", "post.png", "search.png"):
            path = os.path.join(self.shots, name)
            self.assertTrue(os.path.getsize(path) > 10000, path)
            with open(path, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


if __name__ == "__main__":
    unittest.main()
