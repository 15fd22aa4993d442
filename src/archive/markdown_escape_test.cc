#include "archive/markdown_escape.h"

#include <gtest/gtest.h>

namespace feedmirror {
namespace {

TEST(MarkdownEscapeTest, ReferenceTitleUnchanged) {
  EXPECT_EQ(MarkdownLinkText("亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察"),
            "亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察");
  EXPECT_EQ(MarkdownLinkText("（中央社）美國「人道停火」，25日"),
            "（中央社）美國「人道停火」，25日");
}

TEST(MarkdownEscapeTest, EscapesMarkup) {
  EXPECT_EQ(MarkdownLinkText("*bold* _it_ `code` [l](u) #1 !img"),
            "\\*bold\\* \\_it\\_ \\`code\\` \\[l\\]\\(u\\) \\#1 \\!img");
  EXPECT_EQ(MarkdownLinkText("a--b ... \"q\" 'q' $$x$$ a|b {:x} k=v +1 -1"),
            "a\\-\\-b \\.\\.\\. \\\"q\\\" \\'q\\' \\$\\$x\\$\\$ a\\|b \\{\\:x\\} k\\=v \\+1 \\-1");
  EXPECT_EQ(MarkdownLinkText("C:\\path"), "C\\:\\\\path");
  EXPECT_EQ(MarkdownLinkText("{{ x }} {% y %}"), "\\{\\{ x \\}\\} \\{% y %\\}");
}

TEST(MarkdownEscapeTest, EntitiesForHtmlCharacters) {
  EXPECT_EQ(MarkdownLinkText("AT&T <b>x</b> ~~s~~ &amp;"),
            "AT&amp;T &lt;b&gt;x&lt;/b&gt; &#126;&#126;s&#126;&#126; &amp;amp;");
}

TEST(MarkdownEscapeTest, OneLine) {
  EXPECT_EQ(MarkdownLinkText("a\nb\r\nc\td\u2028e\u2029f\u0085g"), "a b  c d e f g");
  EXPECT_EQ(MarkdownLinkText(std::string("a\0b\x01\x7f"
                                         "c",
                                         6)),
            "abc");
  EXPECT_EQ(MarkdownLinkText("bad \xff byte"), "bad \uFFFD byte");
}

TEST(MarkdownEscapeTest, LeavesOtherCharacters) {
  EXPECT_EQ(MarkdownLinkText("50% off? yes; @me, a/b 😀"), "50% off? yes; @me, a/b 😀");
  EXPECT_EQ(MarkdownLinkText("^1 x^2"), "&#94;1 x&#94;2");
}

TEST(MarkdownEscapeTest, Url) {
  EXPECT_EQ(MarkdownLinkUrl("https://www.cna.com.tw/news/firstnews/202010260100.aspx"),
            "https://www.cna.com.tw/news/firstnews/202010260100.aspx");
  EXPECT_EQ(MarkdownLinkUrl("https://e.com/a b(c)<d>\"e\\f\ng\x7f"),
            "https://e.com/a%20b%28c%29%3Cd%3E%22e%5Cf%0Ag%7F");
  EXPECT_EQ(MarkdownLinkUrl("https://e.com/?q=a%20b&x=[1]#frag"),
            "https://e.com/?q=a%20b&x=[1]#frag");
  EXPECT_EQ(MarkdownLinkUrl("https://例.tw/新聞"), "https://例.tw/新聞");
}

}  // namespace
}  // namespace feedmirror
