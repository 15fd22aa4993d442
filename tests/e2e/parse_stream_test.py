"""`feedmirror parse --count` (several feeds, every field decoded, nothing
kept) and the size cap of local feeds, which are parsed as they are read."""

import os
import unittest

from e2e_support import TempDirTest, run

FEED_A = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>T</title><link>https://a.example/</link>
<item><title>甲</title><link>https://a.example/1</link><guid>https://a.example/1</guid>
<pubDate>Mon, 26 Oct 2020 01:00:00 GMT</pubDate><dc:creator>王</dc:creator>
<category>政治</category><category>國際</category>
<description><![CDATA[<p>一</p>]]></description><content:encoded><![CDATA[<p>全文</p>]]></content:encoded></item>
<item><title>乙 &amp; 丙</title><link>/2</link><pubDate>someday</pubDate><description>plain</description></item>
</channel></rss>
"""

FEED_B = """<feed xmlns="http://www.w3.org/2005/Atom"><title>B</title>
<entry><title>x</title><link href="https://b.example/x"/><id>tag:b,2020:x</id>
<updated>2020-10-26T01:00:00Z</updated><content type="html">&lt;b&gt;x&lt;/b&gt;</content></entry>
</feed>
"""


class ParseCountTest(TempDirTest):
    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_count_totals_every_field_of_each_feed(self):
        a = self.write("a.xml", FEED_A)
        b = self.write("b.xml", FEED_B)
        out = run("parse", "--count", a, b, check=0).stdout
        # a: titles 甲 (3 bytes) + "乙 & 丙" (9); links: the first item's link
        # and guid (19 + 19), "/2" as written (2: a local file gives no base);
        # author 王 (3); categories 政治 國際 (6 + 6); content: <p>一</p> (10)
        # + <p>全文</p> (13) + "plain" (5). "someday" is no date.
        # b: title 1; link 19 + id 12; content <b>x</b> (8).
        self.assertEqual(
            "feed: %s\ntype: rss 2.0\nitems: 2\ndated: 1\n"
            "bytes: title 12, link 40, author 3, category 12, content 28\n"
            "feed: %s\ntype: atom 1.0\nitems: 1\ndated: 1\n"
            "bytes: title 1, link 31, author 0, category 0, content 8\n" % (a, b), out)
        # One feed: no "feed:" line.
        self.assertTrue(run("parse", "--count", b, check=0).stdout.startswith("type: atom 1.0\n"))

    def test_a_feed_over_max_bytes_is_refused_clearly(self):
        a = self.write("a.xml", FEED_A)
        size = os.path.getsize(a)
        refused = run("parse", "--count", "--max-bytes", str(size - 1), a, check=1)
        self.assertIn("cannot read %s: file exceeds %d bytes" % (a, size - 1), refused.stderr)
        self.assertIn("items: 2\n", run("parse", "--count", "--max-bytes", str(size), a, check=0).stdout)

    def test_usage_errors(self):
        a = self.write("a.xml", FEED_A)
        self.assertIn("--max-bytes", run("parse", "--max-bytes", "lots", a, check=2).stderr)
        self.assertIn("exclude", run("parse", "--json", "--count", a, check=2).stderr)
        self.assertIn("one feed at a time", run("parse", "--json", a, a, check=2).stderr)


if __name__ == "__main__":
    unittest.main()
