#include "content/inplace_rewrite.h"

#include "content/chinese_convert.h"

#include <gtest/gtest.h>

namespace feedmirror {
namespace {

std::string Rewrite(std::string_view html, const std::string& base = "https://news.example/a/b.html") {
  ContentOptions options;
  options.cleanup = CleanupLevel::kNone;
  return RewriteInPlace(html, base, options, nullptr);
}

TEST(InplaceRewriteTest, KeepsQuoteStyleAndEverythingAroundTheValue) {
  EXPECT_EQ(Rewrite("<P CLASS=x><IMG  SRC='http://a.com/x.jpg'  alt=\"y\" >tail<br/>"),
            "<P CLASS=x><IMG  SRC='https://images.weserv.nl/?url=a.com/x.jpg'  alt=\"y\" >tail<br/>");
}

TEST(InplaceRewriteTest, QuotesAnUnquotedValue) {
  EXPECT_EQ(Rewrite("<img src=//cdn.example/p.png>"),
            "<img src=\"https://images.weserv.nl/?url=cdn.example/p.png\">");
}

TEST(InplaceRewriteTest, ResolvesRelativeUrlsAgainstTheBase) {
  EXPECT_EQ(Rewrite("<img src=\"../img/p.png\">"),
            "<img src=\"https://images.weserv.nl/?url=news.example/img/p.png\">");
}

TEST(InplaceRewriteTest, DecodesEntitiesAndEncodesQueryBreakingCharacters) {
  EXPECT_EQ(Rewrite("<img src=\"https://a.com/i.php?id=1&amp;w=2#f\">"),
            "<img src=\"https://images.weserv.nl/?url=a.com/i.php%3Fid=1%26w=2%23f\">");
}

TEST(InplaceRewriteTest, RewritesLazyAttributesAndSrcsetCandidates) {
  EXPECT_EQ(Rewrite("<picture><source srcset=\"/a.webp 1x,/b.webp 2x\"><img data-src=\"/c.jpg\" "
                    "src=\"data:image/gif;base64,R0lGOD\"></picture>"),
            "<picture><source srcset=\"https://images.weserv.nl/?url=news.example/a.webp 1x, "
            "https://images.weserv.nl/?url=news.example/b.webp 2x\"><img "
            "data-src=\"https://images.weserv.nl/?url=news.example/c.jpg\" "
            "src=\"data:image/gif;base64,R0lGOD\"></picture>");
}

TEST(InplaceRewriteTest, LeavesOtherElementsAndMalformedMarkupAlone) {
  std::string html = "<a href=\"/x.jpg\">x</a><div src=\"/y.jpg\"><p>unclosed <b>bold<img alt=1";
  EXPECT_EQ(Rewrite(html), html);
}

TEST(InplaceRewriteTest, DoesNotProxyTwice) {
  std::string html = "<img src=\"https://images.weserv.nl/?url=a.com/x.jpg\">";
  EXPECT_EQ(Rewrite(html), html);
}

TEST(InplaceRewriteTest, LeavesUnresolvableRelativeUrlsWithoutABase) {
  std::string html = "<img src=\"x.jpg\">";
  EXPECT_EQ(Rewrite(html, ""), html);
}

TEST(InplaceRewriteTest, ConvertsTextAndAltTitleButNotUrlsOrMarkup) {
  ContentOptions options;
  options.images = ImageMode::kKeep;
  auto converter = ChineseConverter::For("t2s");
  std::string html =
      "<p class='臺灣' title=\"臺灣&amp;\">臺灣 &lt;國際&gt;<img alt=臺灣 src=\"https://x.example/臺灣.jpg\"></p>"
      "<script>var s = '臺灣';</script><!-- 臺灣 -->";
  EXPECT_EQ(RewriteInPlace(html, "", options, converter.get()),
            "<p class='臺灣' title=\"台湾&amp;\">台湾 &lt;国际&gt;<img alt=台湾 src=\"https://x.example/臺灣.jpg\"></p>"
            "<script>var s = '臺灣';</script><!-- 臺灣 -->");
}

}  // namespace
}  // namespace feedmirror
