"""End-to-end: images = "download" with the real binary. A feed and its
images are served by a Python http.server on 127.0.0.1; `fetch` stores the
images content-addressed under assets/img/ and rewrites the post to them;
`build` copies them into _site and the post page links them; `images
backfill` does the same for posts archived before. Also convert:
the title converted, the original kept as original_title."""
import hashlib
import http.server
import os
import re
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import yaml  # noqa: E402

from e2e_support import TempDirTest, posts, run, split_front_matter  # noqa: E402

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"e2e jpeg bytes"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"e2e png bytes"


class Handler(http.server.BaseHTTPRequestHandler):
    routes = {}
    hits = {}

    def do_GET(self):  # noqa: N802 (http.server's name)
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        route = Handler.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body, content_type = route
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def feed(base, items):
    entries = "".join(
        "<item><title>%s</title><link>%s</link><guid>%s</guid>"
        "<pubDate>Mon, 26 Oct 2020 05:56:17 GMT</pubDate>"
        "<description><![CDATA[%s]]></description></item>" % (title, link, link, html)
        for title, link, html in items)
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
            "<title>Test</title><link>%s/</link>%s</channel></rss>" % (base, entries)).encode("utf-8")


class ImagesTest(TempDirTest):
    def setUp(self):
        super().setUp()
        Handler.routes = {}
        Handler.hits = {}
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = "http://127.0.0.1:%d" % self.server.server_address[1]

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()
        super().tearDown()

    def write_config(self, extra="", allow_private=True):
        path = os.path.join(self.dir, "feedmirror.toml")
        allow = "image_allow_private = true\n" if allow_private else ""
        with open(path, "w", encoding="utf-8") as f:
            f.write('[archive]\nimages = "download"\n' + allow + extra +
                    '\n[[source]]\nname = "Test"\nurl = "%s/feed.xml"\n' % self.base)
        return path

    def test_download_then_build(self):
        Handler.routes["/a.jpg"] = (JPEG, "image/jpeg")
        Handler.routes["/b.png"] = (PNG, "image/png")
        Handler.routes["/feed.xml"] = (feed(self.base, [
            ("One", self.base + "/1", '<p>one</p><img src="/a.jpg" alt="a"><img src="/late.png">'),
            ("Two", self.base + "/2", '<p>two</p><img src="%s/a.jpg">' % self.base),
        ]), "application/rss+xml")
        config = self.write_config()
        proc = run("fetch", "--config", config, check=0)
        self.assertIn("images: 1 stored, 1 failed (tried again next run), 0 refused; "
                      "2 posts now show local copies", proc.stdout)
        self.assertEqual(1, Handler.hits["/a.jpg"])

        sha = hashlib.sha256(JPEG).hexdigest()
        jpeg_asset = "assets/img/%s/%s.jpg" % (sha[:2], sha)
        with open(os.path.join(self.dir, jpeg_asset), "rb") as f:
            self.assertEqual(JPEG, f.read())
        archived = posts(self.dir)
        self.assertEqual(["2020-10-26-One.md", "2020-10-26-Two.md"], sorted(archived))
        one = archived["2020-10-26-One.md"].decode("utf-8")
        self.assertIn('<img src="/%s" alt="a">' % jpeg_asset, one)
        self.assertIn("https://images.weserv.nl/?url=127.0.0.1:%d/late.png" % self.server.server_address[1], one)

        # The missing image appears; the next run stores it and rewrites the post.
        Handler.routes["/late.png"] = (PNG, "image/png")
        proc = run("fetch", "--config", config, check=0)
        self.assertIn("images: 1 stored, 0 failed", proc.stdout)
        sha_png = hashlib.sha256(PNG).hexdigest()
        png_asset = "assets/img/%s/%s.png" % (sha_png[:2], sha_png)
        one = posts(self.dir)["2020-10-26-One.md"].decode("utf-8")
        self.assertIn('<img src="/%s">' % png_asset, one)
        self.assertNotIn("weserv", one)

        proc = run("build", "--config", config, check=0)
        site = os.path.join(self.dir, "_site")
        for asset in (jpeg_asset, png_asset):
            with open(os.path.join(site, asset), "rb") as f:
                self.assertEqual(JPEG if asset == jpeg_asset else PNG, f.read())
        pages = []
        for root, _, files in os.walk(site):
            for name in files:
                if name.endswith(".html"):
                    with open(os.path.join(root, name), encoding="utf-8") as f:
                        text = f.read()
                    if "<p>one</p>" in text:
                        pages.append(text)
        self.assertTrue(pages, "no page shows post One")
        self.assertTrue(any('src="/%s"' % jpeg_asset in page for page in pages))

    def test_backfill_downloads_the_images_of_posts_archived_before(self):
        Handler.routes["/a.jpg"] = (JPEG, "image/jpeg")
        Handler.routes["/b.png"] = (PNG, "image/png")
        Handler.routes["/feed.xml"] = (feed(self.base, [
            ("One", self.base + "/1", '<p>one</p><img src="/a.jpg" alt="a">'),
            ("Two", self.base + "/2", '<p>two</p><img src="%s/b.png">' % self.base),
        ]), "application/rss+xml")
        config = self.write_config()
        with open(config, encoding="utf-8") as f:
            download = f.read()
        with open(config, "w", encoding="utf-8") as f:
            f.write(download.replace('images = "download"', 'images = "keep"'))
        run("fetch", "--config", config, check=0)
        self.assertNotIn("/a.jpg", Handler.hits)
        proc = run("images", "backfill", "--config", config, check=2)
        self.assertIn('images backfill needs images = "download"', proc.stderr)

        with open(config, "w", encoding="utf-8") as f:
            f.write(download)
        proc = run("images", "backfill", "--config", config, check=0)
        self.assertIn("Test: 2 of 2 posts show images (2 recorded), 2 posts rewritten", proc.stdout)
        self.assertIn("images: 2 stored, 0 failed", proc.stdout)
        sha = hashlib.sha256(JPEG).hexdigest()
        sha_png = hashlib.sha256(PNG).hexdigest()
        archived = posts(self.dir)
        one = archived["2020-10-26-One.md"].decode("utf-8")
        two = archived["2020-10-26-Two.md"].decode("utf-8")
        self.assertIn('<img src="/assets/img/%s/%s.jpg" alt="a">' % (sha[:2], sha), one)
        self.assertIn('<img src="/assets/img/%s/%s.png">' % (sha_png[:2], sha_png), two)
        self.assertTrue(os.path.isfile(os.path.join(self.dir, "assets/img/%s/%s.jpg" % (sha[:2], sha))))

        # Again: nothing left; the server is not asked twice.
        proc = run("images", "backfill", "--config", config, check=0)
        self.assertIn("Test: 2 of 2 posts show images (2 recorded), 0 posts rewritten", proc.stdout)
        self.assertEqual(1, Handler.hits["/a.jpg"])
        self.assertEqual(archived, posts(self.dir))

    def test_ssrf_refused_without_allow(self):
        Handler.routes["/a.jpg"] = (JPEG, "image/jpeg")
        Handler.routes["/feed.xml"] = (feed(self.base, [
            ("One", self.base + "/1", '<img src="/a.jpg">')]), "application/rss+xml")
        proc = run("fetch", "--config", self.write_config(allow_private=False), check=0)
        self.assertIn("images: 0 stored, 1 failed", proc.stdout)
        self.assertIn("a loopback, private or reserved address", proc.stderr)
        self.assertNotIn("/a.jpg", Handler.hits)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "assets")))

    def test_convert_keeps_original_title(self):
        Handler.routes["/feed.xml"] = (feed(self.base, [
            ("臺灣: 新聞", self.base + "/1", '<p>臺灣的新聞</p><a href="%s/臺灣">連結</a>' % self.base)]),
            "application/rss+xml")
        config = self.write_config('convert = "t2s"\n')
        run("fetch", "--config", config, check=0)
        archived = posts(self.dir)
        self.assertEqual(1, len(archived))
        name, data = next(iter(archived.items()))
        self.assertIn("台湾", name)
        front, body = split_front_matter(data.decode("utf-8"))
        values = yaml.safe_load(front)
        self.assertEqual("台湾: 新闻", values["title"])
        self.assertEqual("臺灣: 新聞", values["original_title"])
        self.assertIn("<p>台湾的新闻</p>", body)
        self.assertIn(">连结</a>", body)
        self.assertTrue(re.search(r'href="http://127\.0\.0\.1:\d+/(臺灣|%E8%87%BA%E7%81%A3)"', body), body)


if __name__ == "__main__":
    unittest.main()
