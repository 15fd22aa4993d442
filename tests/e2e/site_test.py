"""End-to-end: `feedmirror build` on a generated archive; every page exists,
every internal link resolves, search finds posts, rebuilds are incremental."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import urllib.parse

BIN = os.environ.get("FEEDMIRROR_BIN", "build/default/feedmirror")
SHARED = os.environ.get("FEEDMIRROR_SHARED_DIR", os.path.join(os.path.dirname(__file__), "../../../shared"))
SOURCE = os.environ.get("FEEDMIRROR_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../.."))
GEN = os.path.join(SHARED, "bench", "gen_posts.py")


def build(archive, *extra):
    return subprocess.run([BIN, "build", "--dir", archive, "--jobs", "2", *extra],
                          capture_output=True, text=True, timeout=600)


def fnv1a(token):
    h = 0x811C9DC5
    for b in token.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def site_files(site):
    out = {}
    for root, _, files in os.walk(site):
        for f in files:
            path = os.path.join(root, f)
            out[os.path.relpath(path, site)] = os.stat(path).st_mtime_ns
    return out


def link_target(site, href):
    path = urllib.parse.unquote(href.split("#")[0].split("?")[0])
    path = os.path.join(site, path.lstrip("/"))
    if path.endswith("/"):
        path += "index.html"
    return path


class SiteTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="fm-site-e2e-")
        cls.archive = os.path.join(cls.tmp, "arch")
        subprocess.run(["python3", GEN, "--posts", "300", "--out", cls.archive, "--seed", "42"],
                       check=True, capture_output=True)
        shutil.copy(os.path.join(SHARED, "fixtures", "seed-cna", "expected-post.md"),
                    os.path.join(cls.archive, "_posts", "2020-10-26-亞塞拜然亞美尼亞再次同意停火-能否奏效待觀察.md"))
        cls.first = build(cls.archive)
        cls.site = os.path.join(cls.archive, "_site")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_01_build_reports_every_post(self):
        self.assertEqual(self.first.returncode, 0, self.first.stderr)
        self.assertRegex(self.first.stdout, r"^built 301 posts into .*_site: \d+ outputs rendered")
        for page in ["index.html", "page/2/index.html", "sources/index.html", "archive/index.html",
                     "tags/index.html", "categories/index.html", "feed.xml", "sitemap.xml", "robots.txt",
                     "404.html", "search/index.html", "search/meta.json", "assets/style.css", "assets/search.js"]:
            self.assertTrue(os.path.isfile(os.path.join(self.site, page)), page)

    def test_02_every_internal_link_resolves(self):
        checked = 0
        for rel in site_files(self.site):
            if not rel.endswith(".html"):
                continue
            with open(os.path.join(self.site, rel), encoding="utf-8") as f:
                html = f.read()
            for href in re.findall(r'(?:href|src)="(/[^"]*)"', html):
                self.assertTrue(os.path.isfile(link_target(self.site, href)), f"{rel}: {href}")
                checked += 1
        self.assertGreater(checked, 5000)

    def test_03_post_urls_follow_jekylls_default_permalink(self):
        with open(os.path.join(self.site, "sitemap.xml"), encoding="utf-8") as f:
            locs = re.findall(r"<loc>([^<]*)</loc>", f.read())
        self.assertEqual(len(locs), 302)  # home + posts
        self.assertIn("/(%E8%87%BA)%E4%B8%AD%E5%A4%AE%E7%A4%BEcna/2020/10/26/"
                      "%E4%BA%9E%E5%A1%9E%E6%8B%9C%E7%84%B6%E4%BA%9E%E7%BE%8E%E5%B0%BC%E4%BA%9E%E5%86%8D%E6%AC%A1"
                      "%E5%90%8C%E6%84%8F%E5%81%9C%E7%81%AB-%E8%83%BD%E5%90%A6%E5%A5%8F%E6%95%88%E5%BE%85%E8%A7%80"
                      "%E5%AF%9F.html", locs)
        for loc in locs[1:]:
            self.assertRegex(urllib.parse.unquote(loc), r"^/\(.+\)[^/]+/20\d\d/\d\d/\d\d/[^/]+\.html$")

    def search(self, query_tokens):
        with open(os.path.join(self.site, "search", "meta.json")) as f:
            meta = json.load(f)
        if meta["fold"]:
            with open(os.path.join(self.site, "search", "fold.json"), encoding="utf-8") as f:
                fold = json.load(f)
            query_tokens = ["".join(fold.get(c, c) for c in t) for t in query_tokens]
        sets = []
        for token in query_tokens:
            ids = set()
            for seg in range(meta["segments"]):
                path = os.path.join(self.site, "search", str(seg), "%d.json" % (fnv1a(token) % meta["shards"]))
                if not os.path.exists(path):
                    continue
                with open(path, encoding="utf-8") as f:
                    deltas = json.load(f).get(token, [])
                doc = 0
                for d in deltas:
                    doc += d
                    ids.add(doc)
            sets.append(ids)
        ids = set.intersection(*sets)
        urls = []
        for doc in sorted(ids):
            with open(os.path.join(self.site, "search", "docs", "%d.json" % (doc // meta["chunk"])),
                      encoding="utf-8") as f:
                urls.append(json.load(f)[doc % meta["chunk"]][0])
        return urls

    def test_04_search_finds_chinese_words(self):
        # 亞塞拜然 -> bigrams 亞塞 塞拜 拜然; 停火 in the reference post's title.
        urls = self.search(["亞塞", "塞拜", "拜然", "停火"])
        self.assertIn("2020/10/26/%E4%BA%9E%E5%A1%9E", "".join(urls))
        self.assertTrue(all(os.path.isfile(link_target(self.site, u)) for u in urls))

    def test_04b_traditional_and_simplified_find_the_same_posts(self):
        traditional = self.search(["亞塞", "塞拜", "拜然", "停火"])
        simplified = self.search(["亚塞", "塞拜", "拜然", "停火"])
        self.assertTrue(traditional)
        self.assertEqual(traditional, simplified)

    def test_05_js_tokenizer_matches_the_index(self):
        script = os.path.join(self.site, "assets", "search.js")
        js = ("global.document={currentScript:null,readyState:'complete',getElementById:()=>null};"
              "global.window={};global.location={search:''};require(%s);"
              "console.log(JSON.stringify(window.feedmirrorSearch.tokens(process.argv[1])));" % json.dumps(script))
        out = subprocess.run(["node", "-e", js, "亞塞拜然，停火！Pompeo's ＡＢＣ 2020年 a"],
                             capture_output=True, text=True, check=True).stdout
        # The same string and tokens as SearchIndexTest.ChineseBigramsAndLatinWords.
        self.assertEqual(json.loads(out), ["亞塞", "塞拜", "拜然", "停火", "pompeo", "abc", "2020", "年"])
        # With the site's fold.json, as the page loads it, queries fold to Simplified.
        fold = os.path.join(self.site, "search", "fold.json")
        js_fold = js.replace("console.log(", "window.feedmirrorSearch.setFold(require(%s));console.log(" % json.dumps(fold))
        out = subprocess.run(["node", "-e", js_fold, "亞塞拜然 国際"], capture_output=True, text=True, check=True).stdout
        self.assertEqual(json.loads(out), ["亚塞", "塞拜", "拜然", "国际"])

    def test_06_rebuild_without_changes_writes_nothing(self):
        before = site_files(self.site)
        result = build(self.archive)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(": 0 outputs rendered, 0 files written, 0 removed", result.stdout)
        self.assertEqual(site_files(self.site), before)

    def test_07_added_and_deleted_posts(self):
        subprocess.run(["python3", GEN, "--posts", "10", "--out", self.archive, "--seed", "43",
                        "--start-index", "300"], check=True, capture_output=True)
        result = build(self.archive)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r"^built 311 posts")
        posts = sorted(os.listdir(os.path.join(self.archive, "_posts")))
        victim = posts[0]
        os.remove(os.path.join(self.archive, "_posts", victim))
        result = build(self.archive)
        self.assertRegex(result.stdout, r"^built 310 posts")
        slug = victim[11:-3]
        for rel in site_files(self.site):
            self.assertFalse(rel.endswith("/" + slug + ".html"), rel)
        with open(os.path.join(self.site, "sitemap.xml"), encoding="utf-8") as f:
            self.assertNotIn("/" + slug + ".html", f.read())
        self.test_02_every_internal_link_resolves()

    def test_08_theme_export(self):
        result = subprocess.run([BIN, "theme", "export", "--dir", self.archive], capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.isfile(os.path.join(self.archive, "theme", "layout.mustache")))
        with open(os.path.join(self.archive, "theme", "404.mustache"), "w", encoding="utf-8") as f:
            f.write("<p>our own 404</p>")
        build(self.archive)
        with open(os.path.join(self.site, "404.html"), encoding="utf-8") as f:
            self.assertIn("<p>our own 404</p>", f.read())

    def test_09_usage_errors(self):
        result = subprocess.run([BIN, "build", "--dir", self.archive, "--timezone", "Nowhere/Land"],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 2)
        self.assertIn("unknown time zone 'Nowhere/Land'", result.stderr)


if __name__ == "__main__":
    unittest.main()
