#include "app/opml.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace feedmirror {
namespace {

using Strings = std::vector<std::string>;

std::string ErrorOf(const std::string& bytes) {
  try {
    ParseOpml(bytes, "subs.opml");
  } catch (const Error& e) {
    return e.what();
  }
  return "(parsed)";
}

TEST(OpmlTest, ReadsNestedFoldersAndCategories) {
  OpmlDocument doc = ParseOpml(R"(<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="Top" type="rss" xmlUrl="https://top.example/rss" htmlUrl="https://top.example/"/>
    <outline text="新聞" title="News">
      <outline text="香港">
        <outline type="rss" text="(港)明報" xmlUrl="https://mingpao.example/rss.xml"
                 category="/Hong Kong/Daily,  Chinese ,"/>
      </outline>
      <outline title="Only a title" xmlUrl="https://t.example/atom"/>
    </outline>
    <outline text="a link, not a feed" type="link" url="https://x.example/"/>
    <outline text="empty folder"/>
  </body>
</opml>)",
                               "subs.opml");
  EXPECT_EQ(doc.title, "My feeds");
  ASSERT_EQ(doc.feeds.size(), 3u);
  EXPECT_EQ(doc.feeds[0].title, "Top");
  EXPECT_EQ(doc.feeds[0].xml_url, "https://top.example/rss");
  EXPECT_EQ(doc.feeds[0].html_url, "https://top.example/");
  EXPECT_EQ(doc.feeds[0].categories, Strings{});
  EXPECT_EQ(doc.feeds[1].title, "(港)明報");
  EXPECT_EQ(doc.feeds[1].html_url, "");
  EXPECT_EQ(doc.feeds[1].categories, (Strings{"新聞", "香港", "Hong Kong/Daily", "Chinese"}));
  EXPECT_EQ(doc.feeds[2].title, "Only a title");
  EXPECT_EQ(doc.feeds[2].categories, Strings{"新聞"});
}

TEST(OpmlTest, AFeedInTwoFoldersIsKeptOnceWithBoth) {
  OpmlDocument doc = ParseOpml(R"(<opml version="1.0"><body>
<outline text="A"><outline text="Feed" xmlUrl="https://f.example/rss"/></outline>
<outline text="B"><outline text="Feed again" xmlurl="https://f.example/rss" htmlurl="https://f.example/"/></outline>
</body></opml>)",
                               "subs.opml");
  ASSERT_EQ(doc.feeds.size(), 1u);
  EXPECT_EQ(doc.feeds[0].title, "Feed");
  EXPECT_EQ(doc.feeds[0].html_url, "https://f.example/");
  EXPECT_EQ(doc.feeds[0].categories, (Strings{"A", "B"}));
}

TEST(OpmlTest, DecodesEscapesInAttributes) {
  OpmlDocument doc = ParseOpml(
      "<opml version=\"2.0\"><head><title>a &amp; b</title></head><body>"
      "<outline text=\"&lt;b&gt;Tom &amp; Jerry&apos;s &quot;news&quot; &#x4E2D;\" "
      "xmlUrl=\"https://e.example/rss?a=1&amp;b=2\"/></body></opml>",
      "subs.opml");
  EXPECT_EQ(doc.title, "a & b");
  ASSERT_EQ(doc.feeds.size(), 1u);
  EXPECT_EQ(doc.feeds[0].title, "<b>Tom & Jerry's \"news\" 中");
  EXPECT_EQ(doc.feeds[0].xml_url, "https://e.example/rss?a=1&b=2");
}

TEST(OpmlTest, WritesEscapedOpml2) {
  OpmlDocument doc;
  doc.title = "Mirror <&>";
  doc.feeds.push_back({"Tom & \"Jerry\" <news>\n", "https://e.example/rss?a=1&b=2",
                       "https://e.example/", {"新聞", "a,b"}});
  doc.feeds.push_back({std::string("ctl\x01\x7f" "x", 6), "https://f.example/rss", "", {}});
  EXPECT_EQ(WriteOpml(doc),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<opml version=\"2.0\">\n"
            "  <head>\n    <title>Mirror &lt;&amp;&gt;</title>\n  </head>\n"
            "  <body>\n"
            "    <outline type=\"rss\" text=\"Tom &amp; &quot;Jerry&quot; &lt;news&gt;&#10;\" "
            "title=\"Tom &amp; &quot;Jerry&quot; &lt;news&gt;&#10;\" "
            "xmlUrl=\"https://e.example/rss?a=1&amp;b=2\" htmlUrl=\"https://e.example/\" "
            "category=\"新聞,a b\"/>\n"
            "    <outline type=\"rss\" text=\"ctl\x7fx\" title=\"ctl\x7fx\" "
            "xmlUrl=\"https://f.example/rss\"/>\n"
            "  </body>\n</opml>\n");
}

TEST(OpmlTest, RoundTrips) {
  OpmlDocument doc;
  doc.title = "feeds";
  doc.feeds.push_back({"(臺)中央社CNA", "https://cna.example/rss", "https://cna.example/",
                       {"台灣", "Hong Kong/Daily"}});
  doc.feeds.push_back({"'quotes' & \"more\" <tags> ]]>", "https://q.example/feed?x=1&y=2", "", {}});
  doc.feeds.push_back({"Tabs\tand\nbreaks", "https://t.example/", "https://t.example/home", {"x"}});
  OpmlDocument back = ParseOpml(WriteOpml(doc), "export.opml");
  EXPECT_EQ(back.title, doc.title);
  ASSERT_EQ(back.feeds.size(), doc.feeds.size());
  for (size_t i = 0; i < doc.feeds.size(); ++i) {
    EXPECT_EQ(back.feeds[i].title, i == 2 ? "Tabs\tand\nbreaks" : doc.feeds[i].title);
    EXPECT_EQ(back.feeds[i].xml_url, doc.feeds[i].xml_url);
    EXPECT_EQ(back.feeds[i].html_url, doc.feeds[i].html_url);
    EXPECT_EQ(back.feeds[i].categories, doc.feeds[i].categories);
  }
}

TEST(OpmlTest, BadFilesNameTheFileAndTheProblem) {
  EXPECT_EQ(ErrorOf(""), "subs.opml: not a well-formed XML file: line 1: Document is empty");
  EXPECT_EQ(ErrorOf("<opml><body><outline text=\"a\"></body></opml>"),
            "subs.opml: not a well-formed XML file: line 1: Opening and ending tag mismatch: "
            "outline line 1 and body");
  EXPECT_EQ(ErrorOf("<rss version=\"2.0\"><channel/></rss>"),
            "subs.opml: not OPML: the root element is <rss>, not <opml>");
  EXPECT_EQ(ErrorOf("<opml version=\"2.0\"><head/></opml>"), "subs.opml: not OPML: no <body>");
}

TEST(OpmlTest, RefusesEntitiesAndReadsNothingExternal) {
  // A billion laughs: refused before anything is expanded.
  std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE opml [<!ENTITY a \"aaaaaaaaaa\">"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
      "<opml version=\"2.0\"><body><outline text=\"&c;\" xmlUrl=\"https://e.example/\"/></body></opml>";
  EXPECT_EQ(ErrorOf(laughs), "subs.opml: not OPML: it declares XML entities, which are not accepted");
  // An external entity (a local file): refused too, and never read.
  std::string external =
      "<?xml version=\"1.0\"?><!DOCTYPE opml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<opml version=\"2.0\"><body><outline text=\"&x;\" xmlUrl=\"https://e.example/\"/></body></opml>";
  EXPECT_EQ(ErrorOf(external),
            "subs.opml: not a well-formed XML file: line 1: Attribute references external "
            "entity 'x'");
  // An external DTD is not loaded: the document parses without it.
  OpmlDocument doc = ParseOpml(
      "<?xml version=\"1.0\"?><!DOCTYPE opml SYSTEM \"http://127.0.0.1:1/opml.dtd\">"
      "<opml version=\"2.0\"><body><outline text=\"A\" xmlUrl=\"https://e.example/\"/></body></opml>",
      "subs.opml");
  ASSERT_EQ(doc.feeds.size(), 1u);
  EXPECT_EQ(doc.feeds[0].title, "A");
}

}  // namespace
}  // namespace feedmirror
