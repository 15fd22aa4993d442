"""Posts with hostile titles and source names are valid YAML, and the real
Jekyll renders every post of them and of the demo, printing each title and
any Liquid markup literally."""

import glob
import html
import json
import os
import re
import shutil
import subprocess
import unittest

import yaml

from e2e_support import SOURCE_DIR, TempDirTest, posts, run, split_front_matter, write_config

NASTY_TITLES = [
    'He said "no" \\ and left',
    "Key: value pairs",
    "Hash # comment",
    "[bracketed] title",
    "{braced} title",
    "a, b, and c",
    "Line one\nline two",
    "Tab\there",
    "- leading dash",
    "& anchor",
    "* alias",
    "! tag",
    "% directive",
    "@ at sign",
    "| pipe",
    "> folded",
    "? question",
    "' single quote",
    "` backquote",
    "yes",
    "null",
    "123",
    "2020-10-26",
    "Emoji 🎉🔥 新聞",
    "Liquid {{ site.title }} and {% include evil.html %}",
    "Raw {% raw %} and {% endraw %} and {{{ triple }}}",
    "<script>alert(1)</script> & <b>bold</b>",
    "../../etc/passwd",
    "Markdown *stars* _under_ `code` [link](http://x) ![img](y)",
    "長" * 300,
    "停火協議：「人道停火」明起生效！ #國際 @中央社",
]
NASTY_SOURCES = [
    '- 「新聞」: #1 [HK] {x}, & more',
    "*star! @at %pct |pipe >gt",
    'Quote " and \\ backslash',
]


def rss(items):
    body = []
    for n, title in enumerate(items):
        body.append(
            "<item><title>%s</title><link>https://example.hk/n/%d?x=1&amp;y=2</link>"
            "<guid>https://example.hk/n/%d</guid><pubDate>Mon, 26 Oct 2020 %02d:%02d:00 GMT</pubDate>"
            "<description><![CDATA[<p>Body %d says {{ site.title }} and {%% if true %%}x{%% endif %%}.</p>]]>"
            "</description></item>" % (html.escape(title, quote=False), n, n, n % 24, n % 60, n))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Nasty</title>'
            "<link>https://example.hk/</link><description>d</description>%s</channel></rss>\n"
            % "\n".join(body))


LAYOUT = """<!DOCTYPE html>
<html><head><meta name="source-path" content="{{ page.path | xml_escape }}"></head>
<body><h1 class="fm-title">{{ page.title | xml_escape }}</h1>
<main>{{ content }}</main></body></html>
"""


class JekyllInteropTest(TempDirTest):
    def build_archive(self):
        feed_path = os.path.join(self.dir, "nasty.xml")
        with open(feed_path, "w", encoding="utf-8") as f:
            f.write(rss(NASTY_TITLES))
        sources = [{"name": name, "url": feed_path} for name in NASTY_SOURCES]
        demo = os.path.join(SOURCE_DIR, "examples", "demo")
        with open(os.path.join(demo, "feedmirror.toml"), encoding="utf-8") as f:
            demo_sources = re.findall(r'^name\s*=\s*"(.*)"\s*\nurl\s*=\s*"(.*)"', f.read(), re.M)
        self.assertGreaterEqual(len(demo_sources), 6, "the demo has at least 6 sources")
        for name, url in demo_sources:
            sources.append({"name": name, "url": os.path.join(demo, url)})
        config = write_config(self.dir, sources)
        run("fetch", "--config", config, check=0)
        parsed = json.loads(run("parse", "--json", feed_path, check=0).stdout)
        return [item["title"] for item in parsed["items"]]

    def test_front_matter_is_valid_yaml_and_jekyll_renders_titles_literally(self):
        titles = self.build_archive()
        written = posts(self.dir)
        self.assertGreaterEqual(len(written), len(NASTY_TITLES) * len(NASTY_SOURCES) + 6)
        expected_titles = {}
        for name, data in written.items():
            front, _ = split_front_matter(data.decode("utf-8"))
            meta = yaml.safe_load(front)
            self.assertIsInstance(meta["title"], str, name)
            self.assertIsInstance(meta["author"], str, name)
            self.assertEqual([meta["author"]], meta["tags"], name)
            self.assertEqual("post", meta["layout"])
            expected_titles[name] = meta["title"]
        nasty_seen = {t for t in expected_titles.values() if t in titles}
        self.assertEqual(set(titles), nasty_seen, "every nasty title reads back from YAML exactly")
        self.render_with_jekyll(expected_titles)

    def render_with_jekyll(self, expected_titles):
        jekyll = shutil.which("jekyll")
        self.assertIsNotNone(jekyll, "jekyll is installed by scripts/install-deps.sh test")
        site = self.dir
        os.makedirs(os.path.join(site, "_layouts"), exist_ok=True)
        with open(os.path.join(site, "_layouts", "post.html"), "w") as f:
            f.write(LAYOUT)
        with open(os.path.join(site, "_config.yml"), "w") as f:
            # Jekyll 4.3's default permalink puts the categories in the URL,
            # and Addressable rejects a category such as "- 「新聞」: #1" as a
            # URL scheme; the README tells users to pick this permalink then.
            f.write("title: SITE-TITLE-MUST-NOT-APPEAR\nexclude: [feedmirror.toml, nasty.xml]\n"
                    "permalink: /:year/:month/:day/:title:output_ext\n")
        proc = subprocess.run([jekyll, "build", "--quiet", "-s", site, "-d", os.path.join(site, "_site")],
                              capture_output=True, text=True, timeout=600)
        self.assertEqual(0, proc.returncode, proc.stderr + proc.stdout)
        pages = {}
        for path in glob.glob(os.path.join(site, "_site", "**", "*.html"), recursive=True):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            m = re.search(r'<meta name="source-path" content="_posts/([^"]*)">', text)
            if m:
                pages[html.unescape(m.group(1))] = text
        self.assertEqual(set(expected_titles), set(pages), "one output page per post")
        for name, text in pages.items():
            h1 = re.search(r'<h1 class="fm-title">(.*?)</h1>', text, re.S).group(1)
            self.assertEqual(expected_titles[name], html.unescape(h1), name)
            # kramdown reads the reference's setext line as a paragraph (it
            # wants a blank line before a header): the link comes first.
            heading = re.search(r"<main>\s*<!--\d+-->\s*<(?:p|h2)[^>]*><a [^>]*>(.*?)</a>", text, re.S)
            self.assertIsNotNone(heading, name)
            shown = html.unescape(re.sub(r"<[^>]+>", "", heading.group(1)))
            self.assertEqual(" ".join(expected_titles[name].split()), " ".join(shown.split()), name)
            self.assertNotIn("SITE-TITLE-MUST-NOT-APPEAR", text, name)
        liquid_page = next(t for n, t in pages.items() if "Liquid" in expected_titles[n])
        self.assertIn("{{ site.title }}", liquid_page)
        self.assertIn("{% if true %}x{% endif %}", liquid_page)


if __name__ == "__main__":
    unittest.main()
