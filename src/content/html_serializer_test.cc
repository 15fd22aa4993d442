#include "content/html_serializer.h"

#include <gtest/gtest.h>

#include "content/html_tree.h"

namespace feedmirror {
namespace {

std::string RoundTrip(std::string_view html) { return SerializeChildren(*ParseHtmlFragment(html)); }

TEST(HtmlSerializerTest, WritesWellFormedHtml) {
  EXPECT_EQ(RoundTrip("<P class=x>a<br/>b<IMG SRC=y.png><ul><li>1<li>2</ul>"),
            "<p class=\"x\">a<br>b<img src=\"y.png\"></p><ul><li>1</li><li>2</li></ul>");
}

TEST(HtmlSerializerTest, EscapesTextAndAttributes) {
  EXPECT_EQ(RoundTrip("<p title='a\"b&amp;c<d>'>1 &lt; 2 &amp;&amp; 3 &gt; 2&nbsp;!</p>"),
            "<p title=\"a&quot;b&amp;c&lt;d&gt;\">1 &lt; 2 &amp;&amp; 3 &gt; 2&nbsp;!</p>");
}

TEST(HtmlSerializerTest, WritesCharactersTheParserWouldChangeStably) {
  EXPECT_EQ(RoundTrip("<p title=\"a&#13;b&#8;\">x&#13;&#x08;&#x7f;&#x85;&#xFDD0;&#xFFFE;&#x1FFFF;\t\f&#xA0;y</p>"),
            "<p title=\"a&#13;b\xef\xbf\xbd\">x&#13;\xef\xbf\xbd\xef\xbf\xbd\xe2\x80\xa6\xef\xbf\xbd"
            "\xef\xbf\xbd\xef\xbf\xbd\t\f&nbsp;y</p>");
}

TEST(HtmlSerializerTest, KeepsRawTextAndTheLeadingNewlineOfPre) {
  EXPECT_EQ(RoundTrip("<style>a > b { x: '&amp;' }</style>"), "<style>a > b { x: '&amp;' }</style>");
  EXPECT_EQ(RoundTrip("<pre>\n\nx</pre>"), "<pre>\n\nx</pre>");
  EXPECT_EQ(RoundTrip("<pre>\nx</pre>"), "<pre>x</pre>");
}

TEST(HtmlSerializerTest, WritesOnlyCommentsThatCannotEndEarly) {
  EXPECT_EQ(RoundTrip("<!-- fine --><!--x--!><img src=y>-->"), "<!-- fine --><!--x--><img src=\"y\">--&gt;");
  EXPECT_EQ(RoundTrip("<!--a--b-->c<!--->d"), "c<!---->d");
  EXPECT_EQ(RoundTrip("<!--a--b-->c<!--x-->"), "c<!--x-->");
}

TEST(HtmlSerializerTest, LeavesOutAttributesWithBreakingNames) {
  auto root = ParseHtmlFragment("<p>x</p>");
  root->children[0]->attributes.push_back({"a\"b", "1"});
  root->children[0]->attributes.push_back({"ok", "2"});
  EXPECT_EQ(SerializeChildren(*root), "<p ok=\"2\">x</p>");
}

TEST(HtmlSerializerTest, ParseSerializeIsStable) {
  for (std::string_view html :
       {"<table><tr><td>a<td>b</table>text", "<p>a<div>b</div>c</p>", "<b><i>x</b>y</i>z",
        "<a href=1>x<a href=2>y</a>", "<ul><li>a<ul><li>b</ul></ul>", "x<h1>a<h2>b</h2></h1>",
        "<ruby>漢<rp>(</rp><rt>hàn</rt><rp>)</rp></ruby>", "<p>中文<wbr>字</p>&amp;lt;"}) {
    std::string once = RoundTrip(html);
    EXPECT_EQ(RoundTrip(once), once) << html;
  }
}

}  // namespace
}  // namespace feedmirror
