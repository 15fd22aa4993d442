"""Post URLs equal Jekyll's: the real `jekyll build` (Debian package jekyll)
and `feedmirror build` on the same posts, for every built-in permalink style
and a custom template, must give the same set of post URLs."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

BIN = os.environ.get("FEEDMIRROR_BIN", "build/default/feedmirror")
SHARED = os.environ.get("FEEDMIRROR_SHARED_DIR", os.path.join(os.path.dirname(__file__), "../../../shared"))
GEN = os.path.join(SHARED, "bench", "gen_posts.py")
ZONE = "Asia/Taipei"

# Hand-made posts with the corners of Jekyll's URL rules: categories given
# as a string (split on spaces), upper case and non-ASCII categories
# (lower-cased), punctuation in file names (slugified), a front matter slug
# and permalink, a date that is the next day in the site's zone, a post
# without a date, and a post that is not published.
NASTY = {
    "2021-01-02-Hello World!.md": "categories: [ News, 'Ünïcode Ä', \"a b\" ]\ndate: 2021-01-01T20:00:00.000Z",
    "2021-02-03-a..b.md": "categories: World Politics\ntitle: dots",
    "2021-03-04-100%_sure[1].md": "categories: [ \"c:d\" ]\ntags: [ x ]",
    "2021-04-05-plain.md": "categories: [ A, a ]\nslug: My Slug",
    "2021-05-06-fixed.md": "permalink: /fixed/:year/:title/",
    "2021-06-07-no-date-at-all.md": "title: \"no date\"",
    "2021-07-08-draft.md": "published: false",
    "2021-08-09-(臺)中央社CNA-報導：停火.md": "author: (臺)中央社CNA\ncategories: [ (臺)中央社CNA ]",
}

STYLES = ["date", "pretty", "ordinal", "none", "weekdate", "/:categories/:year/:i_month/:slug/:title:output_ext"]


class JekyllUrlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="fm-jekyll-")
        cls.archive = os.path.join(cls.tmp, "arch")
        subprocess.run(["python3", GEN, "--posts", "40", "--out", cls.archive, "--seed", "7"],
                       check=True, capture_output=True)
        posts = os.path.join(cls.archive, "_posts")
        shutil.copy(os.path.join(SHARED, "fixtures", "seed-cna", "expected-post.md"),
                    os.path.join(posts, "2020-10-26-亞塞拜然亞美尼亞再次同意停火-能否奏效待觀察.md"))
        for name, matter in NASTY.items():
            with open(os.path.join(posts, name), "w", encoding="utf-8") as f:
                f.write("---\nlayout: post\n%s\n---\nBody of %s {{ \"{{\" }} x }}\n" % (matter, name))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def jekyll_urls(self, style):
        site = os.path.join(self.tmp, "jekyll")
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(os.path.join(self.archive, "_posts"), os.path.join(site, "_posts"))
        with open(os.path.join(site, "_config.yml"), "w", encoding="utf-8") as f:
            f.write('timezone: %s\npermalink: "%s"\n' % (ZONE, style))
        with open(os.path.join(site, "urls.txt"), "w", encoding="utf-8") as f:
            f.write("---\nlayout: null\n---\n{% for p in site.posts %}{{ p.url }}\n{% endfor %}")
        subprocess.run(["jekyll", "build", "--quiet", "--source", site, "--destination", os.path.join(site, "_site")],
                       check=True, capture_output=True, timeout=600)
        with open(os.path.join(site, "_site", "urls.txt"), encoding="utf-8") as f:
            return {line for line in f.read().splitlines() if line}

    def feedmirror_urls(self, style):
        result = subprocess.run([BIN, "build", "--dir", self.archive, "--timezone", ZONE, "--permalink", style],
                                capture_output=True, text=True, timeout=600)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(os.path.join(self.archive, "_site", "sitemap.xml"), encoding="utf-8") as f:
            locs = re.findall(r"<loc>([^<]*)</loc>", f.read())
        return set(locs[1:])  # the first is the home page

    def test_post_urls_equal_jekylls(self):
        for style in STYLES:
            with self.subTest(style=style):
                jekyll = self.jekyll_urls(style)
                self.assertEqual(len(jekyll), 48)  # 40 + reference + 7 published nasty ones
                self.assertEqual(self.feedmirror_urls(style), jekyll)


if __name__ == "__main__":
    unittest.main()
