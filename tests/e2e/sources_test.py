"""Managing sources with the real binary: `add` (a feed, an HTML page that
links feeds), `opml export` and `opml import`, served by a local HTTP server
on 127.0.0.1; and `run` (fetch, then build) on a demo-like configuration."""

import functools
import http.server
import os
import threading
import unittest
import xml.etree.ElementTree as ET

from e2e_support import SOURCE_DIR, TempDirTest, posts, run, split_front_matter

# Local requests must not go through a proxy set in the environment.
os.environ["no_proxy"] = os.environ["NO_PROXY"] = "127.0.0.1,localhost"

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{title}</title><link>https://news.example.tw/</link>
<description>d</description>
<item><title>第一則</title><link>https://news.example.tw/1.html</link>
<guid>https://news.example.tw/1.html</guid><pubDate>Mon, 26 Oct 2020 05:56:17 GMT</pubDate>
<description><![CDATA[<p>內容</p>]]></description></item>
</channel></rss>
"""
ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<link href="https://atom.example/"/><id>urn:x</id><updated>2020-10-26T00:00:00Z</updated></feed>
"""
PAGE = """<!DOCTYPE html>
<html><head><title>News home</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" title="Atom" href="atom.xml">
</head><body><p>hello</p></body></html>
"""
# A title that tries to break out of its TOML string and of the YAML front matter.
HOSTILE = 'Evil "news"\\ \n[[source]]\nname = "x" # {{ liquid }}: - *'

USER_CONFIG = """# My mirror: comments and layout must survive every edit.
[archive]
timezone   =   "Asia/Taipei"   # local dates

[site]
title = "My mirror"
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class SourcesTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.www = os.path.join(self.dir, "www")
        os.makedirs(self.www)
        self.write(os.path.join("www", "feed.xml"), RSS.format(title="中央社 CNA"))
        self.write(os.path.join("www", "hostile.xml"), RSS.format(
            title=HOSTILE.replace("&", "&amp;").replace("<", "&lt;")))
        self.write(os.path.join("www", "atom.xml"), ATOM)
        self.write(os.path.join("www", "index.html"), PAGE)
        handler = functools.partial(QuietHandler, directory=self.www)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = "http://127.0.0.1:%d/" % self.server.server_address[1]
        self.config = self.write("feedmirror.toml", USER_CONFIG)

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()
        super().tearDown()

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def read_config(self):
        with open(self.config, encoding="utf-8") as f:
            return f.read()

    def test_add_a_feed_then_a_page_keeps_the_file_and_refuses_duplicates(self):
        proc = run("add", self.base + "feed.xml", "--config", self.config, check=0)
        self.assertEqual("added source '中央社 CNA': %sfeed.xml\n" % self.base, proc.stdout)
        text = self.read_config()
        self.assertTrue(text.startswith(USER_CONFIG), text)
        self.assertEqual(text[len(USER_CONFIG):],
                         '\n[[source]]\nname = "中央社 CNA"\nurl = "%sfeed.xml"\n'
                         'link = "https://news.example.tw/"\n' % self.base)

        # The page links feed.xml (configured already) first: refused.
        again = run("add", self.base + "index.html", "--config", self.config, check=2)
        self.assertIn(self.base + "feed.xml is already configured: source '中央社 CNA'", again.stderr)
        self.assertIn("the page also links these feeds (add one with: feedmirror add URL):\n  %satom.xml"
                      % self.base, again.stderr)
        same_url = run("add", self.base + "feed.xml", "--config", self.config, "--name", "Other",
                       check=2)
        self.assertIn("already configured", same_url.stderr)
        same_name = run("add", self.base + "atom.xml", "--config", self.config, "--name",
                        "中央社 CNA", check=2)
        self.assertIn("a source named '中央社 CNA' is already configured", same_name.stderr)
        self.assertTrue(self.read_config().endswith('link = "https://news.example.tw/"\n'))

    def test_add_an_html_page_adds_its_first_feed_and_lists_the_others(self):
        proc = run("add", self.base + "index.html", "--config", self.config, "--name", "Page",
                   check=0)
        self.assertEqual("added source 'Page': %sfeed.xml\n"
                         "the page also links these feeds (add one with: feedmirror add URL):\n"
                         "  %satom.xml\n" % (self.base, self.base), proc.stdout)
        self.assertIn('link = "%sindex.html"' % self.base, self.read_config())
        run("add", self.base + "atom.xml", "--config", self.config, check=0)
        status = run("status", "--config", self.config, check=0)
        self.assertIn("Page", status.stdout)
        self.assertIn("Atom News", status.stdout)

    def test_add_a_page_without_feeds_or_a_missing_url_fails_clearly(self):
        self.write(os.path.join("www", "plain.html"), "<html><body>nothing</body></html>")
        proc = run("add", self.base + "plain.html", "--config", self.config, check=1)
        self.assertIn(self.base + "plain.html: an HTML page that links no feed", proc.stderr)
        proc = run("add", self.base + "missing.xml", "--config", self.config, check=1)
        self.assertIn(self.base + "missing.xml: HTTP 404", proc.stderr)
        self.assertEqual(USER_CONFIG, self.read_config())

    def test_a_hostile_title_makes_a_valid_source_and_valid_posts(self):
        run("add", self.base + "hostile.xml", "--config", self.config, check=0)
        name = 'Evil "news"\\ [[source]] name = "x" # {{ liquid }}: - *'
        self.assertIn('name = "Evil \\"news\\"\\\\ [[source]] name = \\"x\\" # {{ liquid }}: - *"',
                      self.read_config())
        run("fetch", "--config", self.config, check=0)
        (post,) = posts(self.dir).values()
        front, _ = split_front_matter(post.decode("utf-8"))
        author = [line for line in front.splitlines() if line.startswith("author: ")]
        self.assertEqual(1, len(author), front)
        self.assertNotEqual("author: " + name, author[0])  # quoted for YAML
        self.assertIn("news", author[0])

    def test_opml_export_then_import_round_trips(self):
        run("add", self.base + "feed.xml", "--config", self.config, check=0)
        run("add", self.base + "atom.xml", "--config", self.config, check=0)
        with open(self.config, "a", encoding="utf-8") as f:
            f.write('categories = ["English", "World & <more>"]\n')
        exported = run("opml", "export", "--config", self.config, check=0).stdout
        root = ET.fromstring(exported)
        self.assertEqual("2.0", root.get("version"))
        self.assertEqual("My mirror", root.find("head/title").text)
        outlines = root.findall("body/outline")
        self.assertEqual([("中央社 CNA", self.base + "feed.xml", "https://news.example.tw/", None),
                          ("Atom News", self.base + "atom.xml", "https://atom.example/",
                           "English,World & <more>")],
                         [(o.get("text"), o.get("xmlUrl"), o.get("htmlUrl"), o.get("category"))
                          for o in outlines])

        opml = os.path.join(self.dir, "out", "subs.opml")
        proc = run("opml", "export", "-o", opml, "--config", self.config, check=0)
        with open(opml, encoding="utf-8") as f:
            self.assertEqual(exported, f.read())
        self.assertIn("wrote", proc.stdout)

        other = os.path.join(self.dir, "other")
        run("init", other, check=0)
        other_config = os.path.join(other, "feedmirror.toml")
        with open(other_config, encoding="utf-8") as f:
            starter = f.read()
        proc = run("opml", "import", opml, "--config", other_config, check=0)
        self.assertIn("imported 2 of 2 feeds", proc.stdout)
        with open(other_config, encoding="utf-8") as f:
            self.assertTrue(f.read().startswith(starter))
        self.assertEqual(exported, run("opml", "export", "--config", other_config, check=0).stdout
                         .replace("<title>feedmirror</title>", "<title>My mirror</title>"))
        again = run("opml", "import", opml, "--config", other_config, check=0)
        self.assertIn("imported 0 of 2 feeds", again.stdout)
        self.assertIn("skipped %sfeed.xml: already configured as '中央社 CNA'" % self.base,
                      again.stdout)

    def test_opml_import_reads_folders_and_categories_and_fetches(self):
        opml = self.write("subs.opml", """<?xml version="1.0"?>
<opml version="1.0"><head><title>reader export</title></head><body>
  <outline text="新聞">
    <outline text="台灣">
      <outline type="rss" text="CNA via OPML" xmlUrl="{base}feed.xml" category="/Daily"/>
    </outline>
  </outline>
  <outline type="rss" text="" xmlUrl="{base}atom.xml" htmlUrl="https://atom.example/"/>
  <outline type="rss" text="Not web" xmlUrl="ftp://example.com/feed"/>
</body></opml>
""".replace("{base}", self.base))
        proc = run("opml", "import", opml, "--config", self.config, check=0)
        self.assertIn("added 'CNA via OPML': %sfeed.xml" % self.base, proc.stdout)
        self.assertIn("added '127.0.0.1:%d': %satom.xml" % (self.server.server_address[1], self.base),
                      proc.stdout)
        self.assertIn("skipped ftp://example.com/feed: not an http(s) URL", proc.stdout)
        self.assertIn('categories = ["新聞", "台灣", "Daily"]', self.read_config())
        run("fetch", "--config", self.config, check=0)
        (post,) = posts(self.dir).values()
        self.assertIn("categories: [ 新聞, 台灣, Daily ]", post.decode("utf-8"))

    def test_a_bad_opml_file_is_named_with_its_problem(self):
        bad = self.write("bad.opml", "<opml><body><outline text='x'></body></opml>")
        proc = run("opml", "import", bad, "--config", self.config, check=1)
        self.assertIn(bad + ": not a well-formed XML file: line 1:", proc.stderr)
        rss = self.write("feed.opml", RSS.format(title="x"))
        proc = run("opml", "import", rss, "--config", self.config, check=1)
        self.assertIn(rss + ": not OPML: the root element is <rss>, not <opml>", proc.stderr)
        proc = run("opml", "import", os.path.join(self.dir, "none.opml"), "--config", self.config,
                   check=2)
        self.assertIn("none.opml", proc.stderr)
        self.assertEqual(USER_CONFIG, self.read_config())


class RunTest(TempDirTest):
    """`run` on the demo's feeds: fetch, then build, whatever failed."""

    def test_run_builds_even_when_a_source_failed(self):
        demo = os.path.join(SOURCE_DIR, "examples", "demo")
        config = os.path.join(self.dir, "feedmirror.toml")
        with open(config, "w", encoding="utf-8") as f:
            f.write('[archive]\ntimezone = "Asia/Taipei"\n\n[site]\ntitle = "Demo 鏡像"\n'
                    'page_size = 2\n\n')
            for name, file in (("(臺)中央社CNA", "cna.xml"), ("HKFP", "hkfp-atom.xml"),
                               ("缺少", "missing-feed.xml")):
                f.write('[[source]]\nname = "%s"\nurl = "%s"\n\n' % (name, os.path.join(demo, file)))
        proc = run("run", "--config", config, check=1)
        self.assertIn("缺少: failed:", proc.stdout)
        self.assertIn("1 failed: 缺少", proc.stdout)
        self.assertRegex(proc.stdout, r"built \d+ posts into ")
        index = os.path.join(self.dir, "_site", "index.html")
        with open(index, encoding="utf-8") as f:
            self.assertIn("Demo 鏡像", f.read())

        # Without the failing source, everything succeeds: exit status 0.
        with open(config, encoding="utf-8") as f:
            text = f.read()
        with open(config, "w", encoding="utf-8") as f:
            f.write(text[:text.index('[[source]]\nname = "缺少"')])
        proc = run("run", "--config", config, "--all", check=0)
        self.assertIn("archived 0 new", proc.stdout)

    def test_run_help_and_usage_errors(self):
        proc = run("run", "--help", check=0)
        self.assertTrue(proc.stdout.startswith("usage: feedmirror run"), proc.stdout)
        self.assertIn("--source NAME", proc.stdout)
        proc = run("run", "--config", os.path.join(self.dir, "nope.toml"), check=2)
        self.assertIn("nope.toml", proc.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "_site")))


if __name__ == "__main__":
    unittest.main()
