#include "feed/feed_parser.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "util/error.h"

namespace feedmirror {
namespace {

std::string ReadShared(const std::string& relative) {
  std::ifstream in(std::string(FEEDMIRROR_SHARED_DIR) + "/" + relative, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Rfc3339(const std::optional<TimePoint>& t) { return t ? FormatRfc3339(*t) : "nullopt"; }

ParseOptions WithBase(const std::string& url) {
  ParseOptions o;
  o.base_url = url;
  return o;
}

constexpr char kRss2[] = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>  Taipei Times &amp; Friends  </title>
  <link>https://www.example.tw/</link>
  <atom:link href="https://www.example.tw/rss.xml" rel="self" type="application/rss+xml"/>
  <description>Daily news</description>
  <language>en-tw</language>
  <copyright>(c) 2020 Example</copyright>
  <managingEditor>desk@example.tw (News Desk)</managingEditor>
  <generator>ExampleCMS 4.2</generator>
  <lastBuildDate>Mon, 26 Oct 2020 06:10:00 +0800</lastBuildDate>
  <image><url>/logo.png</url><title>Taipei Times</title><link>https://www.example.tw/</link></image>
  <category>Taiwan</category>
  <item>
    <title>Q&amp;A: typhoon &lt;Molave&gt; nears</title>
    <link>/news/2020/10/26/1</link>
    <guid isPermaLink="false">news-2020-10-26-1</guid>
    <pubDate>Mon, 26 Oct 2020 13:56:17 +0800</pubDate>
    <dc:creator>Lin Mei-hua</dc:creator>
    <category>Weather</category>
    <category>Asia</category>
    <description><![CDATA[<p>Typhoon <b>Molave</b> &amp; rain.</p>]]></description>
    <content:encoded><![CDATA[<p><img src="/img/typhoon.jpg"> Full story.</p>]]></content:encoded>
    <enclosure url="/audio/1.mp3" length="12345" type="audio/mpeg"/>
  </item>
  <item xml:base="https://cdn.example.tw/2/">
    <title>Second</title>
    <guid>https://www.example.tw/news/2</guid>
    <dc:date>2020-10-26T14:00:00+08:00</dc:date>
    <media:thumbnail url="thumb.jpg"/>
    <description>Plain &amp; simple</description>
  </item>
</channel>
</rss>)xml";

TEST(FeedParserTest, Rss2Channel) {
  Feed feed = ParseFeed(kRss2, WithBase("https://www.example.tw/rss.xml"));
  EXPECT_EQ(feed.feed_type, "rss");
  EXPECT_EQ(feed.feed_version, "2.0");
  EXPECT_EQ(feed.title, "Taipei Times & Friends");
  EXPECT_EQ(feed.link, "https://www.example.tw/");
  EXPECT_EQ(feed.feed_link, "https://www.example.tw/rss.xml");
  EXPECT_EQ(feed.links, (std::vector<std::string>{"https://www.example.tw/", "https://www.example.tw/rss.xml"}));
  EXPECT_EQ(feed.description, "Daily news");
  EXPECT_EQ(feed.language, "en-tw");
  EXPECT_EQ(feed.copyright, "(c) 2020 Example");
  EXPECT_EQ(feed.generator, "ExampleCMS 4.2");
  ASSERT_EQ(feed.authors.size(), 1u);
  EXPECT_EQ(feed.authors[0].name, "News Desk");
  EXPECT_EQ(feed.authors[0].email, "desk@example.tw");
  EXPECT_EQ(feed.updated, "Mon, 26 Oct 2020 06:10:00 +0800");
  EXPECT_EQ(Rfc3339(feed.updated_parsed), "2020-10-25T22:10:00Z");
  ASSERT_TRUE(feed.image);
  EXPECT_EQ(feed.image->url, "https://www.example.tw/logo.png");
  EXPECT_EQ(feed.image->title, "Taipei Times");
  EXPECT_EQ(feed.categories, std::vector<std::string>{"Taiwan"});
  EXPECT_FALSE(feed.bozo);
}

TEST(FeedParserTest, Rss2Items) {
  Feed feed = ParseFeed(kRss2, WithBase("https://www.example.tw/rss.xml"));
  ASSERT_EQ(feed.items.size(), 2u);
  const Item& a = feed.items[0];
  EXPECT_EQ(a.title, "Q&A: typhoon <Molave> nears");  // decoded once, as plain text
  EXPECT_EQ(a.link, "https://www.example.tw/news/2020/10/26/1");
  EXPECT_EQ(a.guid, "news-2020-10-26-1");
  EXPECT_EQ(a.published, "Mon, 26 Oct 2020 13:56:17 +0800");
  EXPECT_EQ(Rfc3339(a.published_parsed), "2020-10-26T05:56:17Z");
  ASSERT_EQ(a.authors.size(), 1u);
  EXPECT_EQ(a.authors[0].name, "Lin Mei-hua");
  EXPECT_EQ(a.categories, (std::vector<std::string>{"Weather", "Asia"}));
  EXPECT_EQ(a.description, "<p>Typhoon <b>Molave</b> &amp; rain.</p>");  // CDATA as is
  EXPECT_EQ(a.content, "<p><img src=\"/img/typhoon.jpg\"> Full story.</p>");
  ASSERT_EQ(a.enclosures.size(), 1u);
  EXPECT_EQ(a.enclosures[0].url, "https://www.example.tw/audio/1.mp3");
  EXPECT_EQ(a.enclosures[0].length, "12345");
  EXPECT_EQ(a.enclosures[0].type, "audio/mpeg");
  ASSERT_TRUE(a.image);
  EXPECT_EQ(a.image->url, "https://www.example.tw/img/typhoon.jpg");
  EXPECT_EQ(a.base_url, "https://www.example.tw/news/2020/10/26/1");  // the item link

  const Item& b = feed.items[1];
  EXPECT_EQ(b.link, "https://www.example.tw/news/2");  // permalink guid
  EXPECT_EQ(Rfc3339(b.published_parsed), "2020-10-26T06:00:00Z");
  EXPECT_EQ(Rfc3339(b.updated_parsed), "2020-10-26T06:00:00Z");
  EXPECT_EQ(b.description, "Plain & simple");
  ASSERT_TRUE(b.image);
  EXPECT_EQ(b.image->url, "https://cdn.example.tw/2/thumb.jpg");  // against xml:base
  EXPECT_EQ(b.base_url, "https://cdn.example.tw/2/");
}

constexpr char kAtom[] = R"xml(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-Hant" xml:base="https://blog.example.hk/">
  <title type="html">港聞 &amp;lt;速報&amp;gt;</title>
  <subtitle>Hong Kong news</subtitle>
  <link href="/"/>
  <link rel="self" href="/atom.xml"/>
  <id>tag:blog.example.hk,2020:feed</id>
  <updated>2020-10-26T08:00:00+08:00</updated>
  <author><name>編輯部</name><email>desk@example.hk</email></author>
  <generator uri="https://example.org/gen" version="2.1">Gen</generator>
  <rights>CC BY 4.0</rights>
  <logo>/logo.png</logo>
  <category term="hk" label="Hong Kong"/>
  <entry>
    <title>First &amp; foremost</title>
    <link rel="alternate" type="text/html" href="posts/1"/>
    <link rel="enclosure" type="image/jpeg" href="/img/1.jpg" length="2048"/>
    <id>tag:blog.example.hk,2020:1</id>
    <published>2020-10-26T07:00:00+08:00</published>
    <updated>2020-10-26T07:30:00+08:00</updated>
    <summary>Short &lt;text&gt;</summary>
    <content type="html" xml:base="https://blog.example.hk/posts/">&lt;p&gt;&lt;a href="2"&gt;next&lt;/a&gt;&lt;/p&gt;</content>
    <category term="politics"/>
  </entry>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">An <em>xhtml</em> title</div></title>
    <link href="https://blog.example.hk/posts/2"/>
    <id>tag:blog.example.hk,2020:2</id>
    <updated>2020-10-26T09:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>world</b></p></div></content>
  </entry>
</feed>)xml";

TEST(FeedParserTest, Atom10Feed) {
  Feed feed = ParseFeed(kAtom, WithBase("https://feeds.example.hk/atom"));
  EXPECT_EQ(feed.feed_type, "atom");
  EXPECT_EQ(feed.feed_version, "1.0");
  EXPECT_EQ(feed.title, "港聞 <速報>");
  EXPECT_EQ(feed.description, "Hong Kong news");
  EXPECT_EQ(feed.link, "https://blog.example.hk/");
  EXPECT_EQ(feed.feed_link, "https://blog.example.hk/atom.xml");
  EXPECT_EQ(feed.language, "zh-Hant");
  EXPECT_EQ(Rfc3339(feed.updated_parsed), "2020-10-26T00:00:00Z");
  ASSERT_EQ(feed.authors.size(), 1u);
  EXPECT_EQ(feed.authors[0].name, "編輯部");
  EXPECT_EQ(feed.authors[0].email, "desk@example.hk");
  EXPECT_EQ(feed.generator, "Gen v2.1 https://example.org/gen");
  EXPECT_EQ(feed.copyright, "CC BY 4.0");
  ASSERT_TRUE(feed.image);
  EXPECT_EQ(feed.image->url, "https://blog.example.hk/logo.png");
  EXPECT_EQ(feed.categories, std::vector<std::string>{"Hong Kong"});
}

TEST(FeedParserTest, Atom10Entries) {
  Feed feed = ParseFeed(kAtom, WithBase("https://feeds.example.hk/atom"));
  ASSERT_EQ(feed.items.size(), 2u);
  const Item& a = feed.items[0];
  EXPECT_EQ(a.title, "First & foremost");
  EXPECT_EQ(a.link, "https://blog.example.hk/posts/1");
  EXPECT_EQ(a.links, std::vector<std::string>{"https://blog.example.hk/posts/1"});
  EXPECT_EQ(a.guid, "tag:blog.example.hk,2020:1");
  EXPECT_EQ(Rfc3339(a.published_parsed), "2020-10-25T23:00:00Z");
  EXPECT_EQ(Rfc3339(a.updated_parsed), "2020-10-25T23:30:00Z");
  EXPECT_EQ(a.description, "Short &lt;text&gt;");  // type text, made HTML
  EXPECT_EQ(a.content, "<p><a href=\"2\">next</a></p>");
  EXPECT_EQ(a.base_url, "https://blog.example.hk/posts/");  // the content's xml:base
  ASSERT_EQ(a.enclosures.size(), 1u);
  EXPECT_EQ(a.enclosures[0].url, "https://blog.example.hk/img/1.jpg");
  EXPECT_EQ(a.enclosures[0].length, "2048");
  ASSERT_TRUE(a.image);
  EXPECT_EQ(a.image->url, "https://blog.example.hk/img/1.jpg");
  EXPECT_EQ(a.categories, std::vector<std::string>{"politics"});

  const Item& b = feed.items[1];
  EXPECT_EQ(b.title, "An xhtml title");
  EXPECT_EQ(b.content, "<p>Hello <b>world</b></p>");
  EXPECT_EQ(b.published, "2020-10-26T09:00:00Z");  // falls back to updated
  EXPECT_EQ(b.base_url, "https://blog.example.hk/");  // xml:base of the feed
}

TEST(FeedParserTest, Rss10Rdf) {
  constexpr char kRdf[] = R"xml(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.jp/index.rdf">
    <title>Example JP</title>
    <link>https://example.jp/</link>
    <description>News</description>
    <dc:language>ja</dc:language>
    <image rdf:resource="https://example.jp/logo.gif"/>
    <items><rdf:Seq><rdf:li rdf:resource="https://example.jp/1"/></rdf:Seq></items>
  </channel>
  <image rdf:about="https://example.jp/logo.gif">
    <title>Example JP</title><url>https://example.jp/logo.gif</url><link>https://example.jp/</link>
  </image>
  <item rdf:about="https://example.jp/1">
    <title>Item one</title>
    <link>https://example.jp/1</link>
    <dc:date>2020-10-26T14:56:17+09:00</dc:date>
    <dc:creator>Sato</dc:creator>
    <dc:subject>Tech</dc:subject>
  </item>
</rdf:RDF>)xml";
  Feed feed = ParseFeed(kRdf, {});
  EXPECT_EQ(feed.feed_type, "rss");
  EXPECT_EQ(feed.feed_version, "1.0");
  EXPECT_EQ(feed.title, "Example JP");
  EXPECT_EQ(feed.language, "ja");
  ASSERT_TRUE(feed.image);
  EXPECT_EQ(feed.image->url, "https://example.jp/logo.gif");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Item one");
  EXPECT_EQ(feed.items[0].link, "https://example.jp/1");
  EXPECT_EQ(Rfc3339(feed.items[0].published_parsed), "2020-10-26T05:56:17Z");
  EXPECT_EQ(feed.items[0].authors[0].name, "Sato");
  EXPECT_EQ(feed.items[0].categories, std::vector<std::string>{"Tech"});
}

TEST(FeedParserTest, JsonFeed) {
  constexpr char kJson[] = R"xml({
    "version": "https://jsonfeed.org/version/1.1",
    "title": "JSON news", "home_page_url": "https://example.org/",
    "feed_url": "https://example.org/feed.json", "language": "en",
    "authors": [{"name": "Ann (ann@example.org)"}],
    "items": [{"id": "1", "url": "/posts/1", "title": "One",
               "content_text": "a < b", "date_published": "2020-10-26T05:56:17Z",
               "tags": ["x"], "attachments": [{"url": "/a.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 10}]}]})xml";
  Feed feed = ParseFeed(kJson, WithBase("https://example.org/feed.json"));
  EXPECT_EQ(feed.feed_type, "json");
  EXPECT_EQ(feed.feed_version, "1.1");
  EXPECT_EQ(feed.title, "JSON news");
  EXPECT_EQ(feed.authors[0].name, "Ann");
  EXPECT_EQ(feed.authors[0].email, "ann@example.org");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].link, "https://example.org/posts/1");
  EXPECT_EQ(feed.items[0].content, "a &lt; b");
  EXPECT_EQ(Rfc3339(feed.items[0].published_parsed), "2020-10-26T05:56:17Z");
  EXPECT_EQ(feed.items[0].enclosures[0].url, "https://example.org/a.mp3");
  EXPECT_EQ(feed.items[0].enclosures[0].length, "10");
}

TEST(FeedParserTest, ReferenceCnaItem) {
  std::string xml = ReadShared("fixtures/seed-cna/feed.xml");
  Feed feed = ParseFeed(xml, WithBase("https://feedx.net/rss/cna.xml"));
  EXPECT_EQ(feed.title, "中央社 即時新聞");
  EXPECT_EQ(feed.language, "zh-tw");
  ASSERT_EQ(feed.items.size(), 1u);
  const Item& item = feed.items[0];
  EXPECT_EQ(item.title, "亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察");
  EXPECT_EQ(item.link, "https://www.cna.com.tw/news/firstnews/202010260100.aspx");
  EXPECT_EQ(item.guid, "https://www.cna.com.tw/news/firstnews/202010260100.aspx");
  EXPECT_EQ(FormatIso8601Millis(*item.published_parsed), "2020-10-26T05:56:17.000Z");
  EXPECT_EQ(EpochMillis(*item.published_parsed), 1603691777000);
  // The description is the CDATA section, byte for byte.
  size_t start = xml.find("<description><![CDATA[") + 22;
  size_t end = xml.find("]]></description>", start);
  EXPECT_EQ(item.description, xml.substr(start, end - start));
  EXPECT_FALSE(feed.bozo);
}

TEST(FeedParserTest, GofeedUniversalSamples) {
  const std::string dir = "conformance/gofeed/testdata/parser/universal/";
  struct Case {
    const char* file;
    const char* type;
    const char* version;
  };
  for (const Case& c : {Case{"atom03_feed.xml", "atom", "0.3"}, Case{"atom10_feed.xml", "atom", "1.0"},
                        Case{"rdf_feed.xml", "rss", "1.0"}, Case{"rss_feed.xml", "rss", "2.0"},
                        Case{"rss_feed_bom.xml", "rss", "2.0"},
                        Case{"rss_feed_leading_spaces.xml", "rss", "2.0"},
                        Case{"json10_feed.json", "json", "1.0"}, Case{"json11_feed.json", "json", "1.1"}}) {
    Feed feed = ParseFeed(ReadShared(dir + c.file), {});
    EXPECT_EQ(feed.feed_type, c.type) << c.file;
    EXPECT_EQ(feed.feed_version, c.version) << c.file;
    if (feed.feed_type != "json") {
      EXPECT_EQ(feed.title, "Feed Title") << c.file;
    }
  }
}

std::string ErrorOf(std::string_view bytes, const ParseOptions& options = {}) {
  try {
    ParseFeed(bytes, options);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(FeedParserTest, NotAFeed) {
  const std::string dir = "conformance/gofeed/testdata/parser/universal/";
  EXPECT_EQ(ErrorOf(ReadShared(dir + "empty_feed.xml")), "not a feed: the document is empty");
  EXPECT_EQ(ErrorOf(ReadShared(dir + "unknown_feed.xml")),
            "not a feed: the document's root element is <note>");
  EXPECT_EQ(ErrorOf(ReadShared(dir + "invalid.json")), "not a feed: invalid JSON");
  ParseOptions small;
  small.max_bytes = 10;
  EXPECT_EQ(ErrorOf("<rss version='2.0'><channel/></rss>", small),
            "feed too large: 35 bytes (the limit is 10)");
}

}  // namespace
}  // namespace feedmirror

namespace feedmirror {
namespace {

// A reader that hands out a few bytes at a time, as a slow download would.
FeedReader Trickle(const std::string& bytes, size_t step) {
  auto offset = std::make_shared<size_t>(0);
  return [&bytes, step, offset](char* buffer, size_t size) {
    size_t n = std::min({step, size, bytes.size() - *offset});
    std::memcpy(buffer, bytes.data() + *offset, n);
    *offset += n;
    return n;
  };
}

TEST(FeedParserStreamingTest, ReaderGivesTheSameFeedAsBytes) {
  std::string xml = ReadShared("fixtures/seed-cna/feed.xml");
  for (size_t step : {1, 7, 4096}) {
    std::vector<Item> items;
    Feed feed = ParseFeedStreaming(Trickle(xml, step), {}, [&](Item&& i) { items.push_back(std::move(i)); });
    Feed whole = ParseFeed(xml, {});
    EXPECT_EQ(feed.title, whole.title);
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].description, whole.items[0].description) << step;
    EXPECT_EQ(items[0].title, whole.items[0].title);
  }
}

TEST(FeedParserStreamingTest, ReaderJsonAndLimits) {
  std::string json = ReadShared("conformance/gofeed/testdata/parser/universal/json11_feed.json");
  size_t count = 0;
  Feed feed = ParseFeedStreaming(Trickle(json, 100), {}, [&](Item&&) { ++count; });
  EXPECT_EQ(feed.feed_version, "1.1");
  EXPECT_EQ(count, 1u);
  // Many items, each handed over before the next is read.
  std::string big = "<rss version=\"2.0\"><channel>";
  for (int i = 0; i < 3000; ++i) big += "<item><title>" + std::to_string(i) + "</title><description><![CDATA[" + std::string(1000, 'x') + "]]></description></item>";
  big += "</channel></rss>";
  count = 0;
  ParseFeedStreaming(Trickle(big, 1 << 16), {}, [&](Item&& item) {
    EXPECT_EQ(item.title, std::to_string(count));
    EXPECT_EQ(item.description.size(), 1000u);
    ++count;
  });
  EXPECT_EQ(count, 3000u);
  ParseOptions small;
  small.max_bytes = 2 * 1024 * 1024;
  try {
    ParseFeedStreaming(Trickle(big, 1 << 16), small, [](Item&&) {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).substr(0, 15), "feed too large:");
  }
}

}  // namespace
}  // namespace feedmirror

namespace feedmirror {
namespace {

TEST(FeedParserFormatsTest, Rss090And091) {
  Feed rss090 = ParseFeed(R"xml(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
  <channel><title>Mozilla Dot Org</title><link>http://www.mozilla.org</link></channel>
  <item><title>New Status Updates</title><link>http://www.mozilla.org/status/</link></item>
</rdf:RDF>)xml", {});
  EXPECT_EQ(rss090.feed_type, "rss");
  EXPECT_EQ(rss090.feed_version, "0.9");
  EXPECT_EQ(rss090.title, "Mozilla Dot Org");
  ASSERT_EQ(rss090.items.size(), 1u);
  EXPECT_EQ(rss090.items[0].link, "http://www.mozilla.org/status/");

  Feed rss091 = ParseFeed(R"xml(<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>WriteTheWeb</title><link>http://writetheweb.com</link>
<description>News for web users that write back</description><language>en-us</language>
<image><title>WriteTheWeb</title><url>http://writetheweb.com/images/mynetscape88.gif</url><link>http://writetheweb.com</link></image>
<item><title>Giving the world a pluggable Gnutella</title><link>http://writetheweb.com/read.php?item=24</link>
<description>WorldOS is a framework on which to build programs that work like Freenet or Gnutella.</description></item>
</channel></rss>)xml", {});
  EXPECT_EQ(rss091.feed_version, "0.91");
  EXPECT_EQ(rss091.image->url, "http://writetheweb.com/images/mynetscape88.gif");
  EXPECT_EQ(rss091.items[0].link, "http://writetheweb.com/read.php?item=24");
  EXPECT_FALSE(rss091.bozo);
}

TEST(FeedParserFormatsTest, Atom03) {
  Feed feed = ParseFeed(R"xml(<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#" xml:lang="en">
  <title mode="escaped" type="text/html">dive into &amp;lt;mark&amp;gt;</title>
  <link rel="alternate" type="text/html" href="http://diveintomark.org/"/>
  <tagline>A lot of effort went into making this effortless</tagline>
  <modified>2003-12-13T18:30:02Z</modified>
  <copyright>Copyright (c) 2003, Mark Pilgrim</copyright>
  <entry>
    <title>Atom 0.3 snapshot</title>
    <link rel="alternate" type="text/html" href="http://diveintomark.org/2003/12/13/atom03"/>
    <id>tag:diveintomark.org,2003:3.2397</id>
    <issued>2003-12-13T08:29:29-04:00</issued>
    <modified>2003-12-13T18:30:02Z</modified>
    <author><name>Mark Pilgrim</name></author>
    <summary type="text/plain">It works &amp; it is fast</summary>
    <content type="application/xhtml+xml" mode="xml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello</p></div></content>
  </entry>
  <entry>
    <title>Base64</title>
    <content type="text/html" mode="base64">PHA+aGk8L3A+</content>
  </entry>
</feed>)xml", {});
  EXPECT_EQ(feed.feed_type, "atom");
  EXPECT_EQ(feed.feed_version, "0.3");
  EXPECT_EQ(feed.title, "dive into <mark>");
  EXPECT_EQ(feed.description, "A lot of effort went into making this effortless");
  EXPECT_EQ(feed.copyright, "Copyright (c) 2003, Mark Pilgrim");
  EXPECT_EQ(feed.language, "en");
  EXPECT_EQ(Rfc3339(feed.updated_parsed), "2003-12-13T18:30:02Z");
  ASSERT_EQ(feed.items.size(), 2u);
  const Item& a = feed.items[0];
  EXPECT_EQ(a.link, "http://diveintomark.org/2003/12/13/atom03");
  EXPECT_EQ(Rfc3339(a.published_parsed), "2003-12-13T12:29:29Z");
  EXPECT_EQ(Rfc3339(a.updated_parsed), "2003-12-13T18:30:02Z");
  EXPECT_EQ(a.authors[0].name, "Mark Pilgrim");
  EXPECT_EQ(a.description, "It works &amp; it is fast");
  EXPECT_EQ(a.content, "<p>Hello</p>");
  EXPECT_EQ(feed.items[1].content, "<p>hi</p>");
}

TEST(FeedParserFormatsTest, TitlesAreDecodedOnce) {
  Feed feed = ParseFeed(R"xml(<rss version="2.0"><channel><title><![CDATA[Q&amp;A <b>news</b>]]></title>
<item><title>Tom &amp;amp; Jerry</title></item>
<item><title><![CDATA[AT&T &quot;5G&quot;]]></title></item>
<item><title>&lt;b&gt;not a tag&lt;/b&gt;</title></item>
</channel></rss>)xml", {});
  EXPECT_EQ(feed.title, "Q&A news");                                  // CDATA: decoded once, tags dropped
  EXPECT_EQ(feed.items[0].title, "Tom &amp; Jerry");                  // escaped twice: decoded once
  EXPECT_EQ(feed.items[1].title, "AT&T \"5G\"");
  EXPECT_EQ(feed.items[2].title, "<b>not a tag</b>");                 // text, already decoded
}

TEST(FeedParserFormatsTest, MediaAndNamespaces) {
  Feed feed = ParseFeed(R"xml(<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"
    xmlns:dcterms="http://purl.org/dc/terms/" xmlns:x="urn:unknown">
<channel><item>
  <title>Video</title>
  <media:group>
    <media:content url="https://v.example.org/v.mp4" type="video/mp4"/>
    <media:content url="https://v.example.org/p.jpg" medium="image"/>
    <media:description>Clip &amp; more</media:description>
  </media:group>
  <dcterms:modified>2020-10-26T05:56:17Z</dcterms:modified>
  <x:rating><x:deep>ignored</x:deep></x:rating>
</item></channel></rss>)xml", {});
  ASSERT_EQ(feed.items.size(), 1u);
  const Item& item = feed.items[0];
  EXPECT_EQ(item.description, "Clip &amp; more");
  ASSERT_TRUE(item.image);
  EXPECT_EQ(item.image->url, "https://v.example.org/p.jpg");
  EXPECT_EQ(Rfc3339(item.updated_parsed), "2020-10-26T05:56:17Z");
  EXPECT_FALSE(feed.bozo);
}

TEST(FeedParserFormatsTest, ZonelessDatesUseTheDefaultTimezone) {
  const char* xml = "<rss version=\"2.0\"><channel><item><pubDate>2020-10-26 13:56:17</pubDate></item>"
                    "<item><pubDate>2020年10月26日 13:56</pubDate></item>"
                    "<item><pubDate>someday</pubDate></item></channel></rss>";
  ParseOptions taipei;
  taipei.default_timezone = "Asia/Taipei";
  Feed feed = ParseFeed(xml, taipei);
  EXPECT_EQ(Rfc3339(feed.items[0].published_parsed), "2020-10-26T05:56:17Z");
  EXPECT_EQ(Rfc3339(feed.items[1].published_parsed), "2020-10-26T05:56:00Z");
  EXPECT_EQ(feed.items[2].published, "someday");  // kept as text, no instant
  EXPECT_EQ(Rfc3339(feed.items[2].published_parsed), "nullopt");
  ParseOptions fixed;
  fixed.default_timezone = "+09:00";
  EXPECT_EQ(Rfc3339(ParseFeed(xml, fixed).items[0].published_parsed), "2020-10-26T04:56:17Z");
  ParseOptions bad;
  bad.default_timezone = "Mars/Olympus";
  try {
    ParseFeed(xml, bad);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(),
                 "unknown time zone 'Mars/Olympus' (expected an IANA name such as Asia/Taipei)");
  }
}

}  // namespace
}  // namespace feedmirror

namespace feedmirror {
namespace {

TEST(FeedParserFormatsTest, UnescapedHtmlInADescriptionIsKeptAsHtml) {
  Feed feed = ParseFeed("<rss version=\"2.0\"><channel><item><title>t</title>"
                        "<description><p>One<br>two &amp; <img src=\"/a.png\"> <b>three</b></p></description>"
                        "</item></channel></rss>",
                        WithBase("https://example.org/feed"));
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].description, "<p>One<br/>two &amp; <img src=\"/a.png\"/> <b>three</b></p>");
  EXPECT_EQ(feed.items[0].image->url, "https://example.org/a.png");
}

}  // namespace
}  // namespace feedmirror
