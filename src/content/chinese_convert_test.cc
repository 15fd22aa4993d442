#include "content/chinese_convert.h"

#include <gtest/gtest.h>

#include "content/article_html.h"
#include "content/html_serializer.h"
#include "content/html_tree.h"
#include "util/error.h"

namespace feedmirror {
namespace {

TEST(ChineseConvertTest, ConvertsBothWays) {
  EXPECT_EQ(ChineseConverter::For("t2s")->Convert("亞塞拜然亞美尼亞再次同意停火"), "亚塞拜然亚美尼亚再次同意停火");
  EXPECT_EQ(ChineseConverter::For("s2t")->Convert("获取更多RSS"), "獲取更多RSS");
  EXPECT_EQ(ChineseConverter::For("s2twp")->Convert("鼠标和软件"), "滑鼠和軟體");
  EXPECT_EQ(ChineseConverter::For("tw2sp")->Convert("滑鼠和軟體"), "鼠标和软件");
  EXPECT_EQ(ChineseConverter::For("t2s")->Convert("plain ASCII <b>&amp;"), "plain ASCII <b>&amp;");
}

TEST(ChineseConvertTest, LoadsEachConversionOnce) {
  EXPECT_EQ(ChineseConverter::For("s2hk").get(), ChineseConverter::For("s2hk").get());
  for (const char* name : {"t2s", "s2t", "tw2s", "s2tw", "tw2sp", "s2twp", "hk2s", "s2hk"}) {
    EXPECT_TRUE(IsKnownConversion(name));
    EXPECT_NO_THROW(ChineseConverter::For(name));
  }
}

TEST(ChineseConvertTest, RejectsUnknownConversions) {
  EXPECT_FALSE(IsKnownConversion("t2jp"));
  try {
    ChineseConverter::For("zh");
    ADD_FAILURE();
  } catch (const UsageError& error) {
    EXPECT_STREQ(error.what(), "unknown conversion \"zh\" (expected t2s, s2t, tw2s, s2tw, tw2sp, s2twp, hk2s or s2hk)");
  }
}

TEST(ChineseConvertTest, ConvertsTextAndAltTitleButNeverUrls) {
  auto root = ParseHtmlFragment("<a href=\"https://x.example/臺灣\" title=\"臺灣\">臺灣</a>"
                                "<img src=\"/臺灣.jpg\" alt=\"臺灣\" class=\"臺灣\">");
  ConvertTree(*root, *ChineseConverter::For("t2s"));
  EXPECT_EQ(SerializeChildren(*root),
            "<a href=\"https://x.example/臺灣\" title=\"台湾\">台湾</a>"
            "<img src=\"/臺灣.jpg\" alt=\"台湾\" class=\"臺灣\">");
}

TEST(ChineseConvertTest, ArticleHtmlConvertsInBothCleanupLevels) {
  ContentOptions options;
  options.convert = "t2s";
  options.images = ImageMode::kKeep;
  EXPECT_EQ(ArticleHtml("<p class=x>國際</p><img src=\"https://x.example/國.jpg\" alt=\"國\">", "", options),
            "<p>国际</p><img src=\"https://x.example/%E5%9C%8B.jpg\" alt=\"国\">");
  options.cleanup = CleanupLevel::kNone;
  EXPECT_EQ(ArticleHtml("<p class=x>國際</p><img src=\"https://x.example/國.jpg\" alt=\"國\">", "", options),
            "<p class=x>国际</p><img src=\"https://x.example/國.jpg\" alt=\"国\">");
  options.convert = "bogus";
  EXPECT_THROW(ArticleHtml("x", "", options), UsageError);
}

}  // namespace
}  // namespace feedmirror
