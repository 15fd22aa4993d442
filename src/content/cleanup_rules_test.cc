#include "content/cleanup_rules.h"

#include <gtest/gtest.h>

#include "content/css_selector.h"
#include "content/html_serializer.h"
#include "content/html_tree.h"

namespace feedmirror {
namespace {

template <typename Rule>
std::string Apply(std::string_view html, Rule rule, const std::vector<std::string>& keep = {}) {
  auto root = ParseHtmlFragment(html);
  std::vector<CssSelector> selectors;
  for (const std::string& text : keep) selectors.push_back(CssSelector::Parse(text));
  KeptNodes kept = FindKeptNodes(*root, selectors);
  rule(*root, kept);
  return SerializeChildren(*root);
}

TEST(CleanupRulesTest, RemovesThePromoFooterAndTheSeparatorsBeforeIt) {
  EXPECT_EQ(Apply("<p>正文</p><br><hr><div>获取更多RSS：<br><a href=\"https://feedx.net\">"
                  "https://feedx.net</a> <br></div>",
                  RemovePromoFooter),
            "<p>正文</p>");
  EXPECT_EQ(Apply("<p>正文</p><hr><div><div>獲取更多RSS：<a href=x>x</a></div></div>", RemovePromoFooter),
            "<p>正文</p>");
}

TEST(CleanupRulesTest, CutsAPromoThatFollowsOtherText) {
  EXPECT_EQ(Apply("<p>正文。获取更多RSS：<a href=x>x</a></p><p>後文</p>", RemovePromoFooter),
            "<p>正文。</p><p>後文</p>");
  EXPECT_EQ(Apply("正文<br><hr>获取更多RSS：<a href=x>x</a>", RemovePromoFooter), "正文");
}

TEST(CleanupRulesTest, RemovesEveryPromoButKeptOnes) {
  EXPECT_EQ(Apply("<p>a</p><div>获取更多RSS</div><p>b</p><hr><div>获取更多RSS</div>", RemovePromoFooter),
            "<p>a</p><p>b</p>");
  EXPECT_EQ(Apply("<p>a</p><div class=k>获取更多RSS</div><div>获取更多RSS</div>", RemovePromoFooter, {".k"}),
            "<p>a</p><div class=\"k\">获取更多RSS</div>");
}

TEST(CleanupRulesTest, LeavesTextWithoutThePromoAlone) {
  EXPECT_EQ(Apply("<p>更多RSS</p><hr>", RemovePromoFooter), "<p>更多RSS</p><hr>");
}

TEST(CleanupRulesTest, RecognizesAdNames) {
  for (std::string_view name : {"adslot_infinite", "adslot_pcBox_EndAd2", "AD", "ads", "dfp",
                                "adsbygoogle", "ad-slot-1", "div-gpt-ad-123", "top-ad",
                                "sidebar_ads", "article-ad-unit", "adunit", "advertisement"}) {
    EXPECT_TRUE(IsAdName(name)) << name;
  }
  for (std::string_view name : {"header", "shadow", "download", "lead", "heading", "paragraph",
                                "bottomArticleBanner", "adhere", "readmore", "add"}) {
    EXPECT_FALSE(IsAdName(name)) << name;
  }
}

TEST(CleanupRulesTest, RemovesAdSlots) {
  EXPECT_EQ(Apply("<div class=\"pcBox adslot_infinite\" id=\"adslot_pcBox\">x</div>"
                  "<div id=\"top-ad\"></div><ins class=\"adsbygoogle\" data-ad-client=\"c\"></ins>"
                  "<div data-dfp=\"cna\">y</div><p class=\"lead\">z</p>",
                  RemoveAdSlots),
            "<p class=\"lead\">z</p>");
}

TEST(CleanupRulesTest, KeepSelectorsProtectFromRemoval) {
  EXPECT_EQ(Apply("<div class=\"ad\"><p class=\"real\">x</p></div><div class=\"ads\">y</div>",
                  RemoveAdSlots, {".real"}),
            "<div class=\"ad\"><p class=\"real\">x</p></div>");
}

TEST(CleanupRulesTest, RemovesTrackingPixels) {
  EXPECT_EQ(Apply("<img src=a.jpg width=1 height=1><img src=b.jpg height=\"0\">"
                  "<img src=c.jpg style=\"border:0; width: 1px\"><img src=\"https://pixel.wp.com/g.gif\">"
                  "<img src=\"http://feeds.feedburner.com/~r/x/~4/abc\"><img src=d.jpg width=600 style=\"max-width:1px\">",
                  RemoveTrackingPixels),
            "<img src=\"d.jpg\" width=\"600\" style=\"max-width:1px\">");
}

TEST(CleanupRulesTest, StripsSelectedElements) {
  auto strip = [](HtmlNode& root, const KeptNodes& kept) {
    StripSelected(root, {CssSelector::Parse(".related, div > .share")}, kept);
  };
  EXPECT_EQ(Apply("<div><p class=share>s</p><p>t</p></div><p class=share>u</p><ul class=related></ul>",
                  strip),
            "<div><p>t</p></div><p class=\"share\">u</p>");
}

TEST(CleanupRulesTest, RemovesEmptyWrappersButKeepsTheirWhiteSpace) {
  EXPECT_EQ(Apply("<div><div><span></span></div></div><p>foo<span> </span>bar</p><p>中文<b></b>字</p>"
                  "<a href=x></a><p><br></p><p><img src=y></p><td></td>",
                  RemoveEmptyWrappers),
            "<p>foo bar</p><p>中文字</p><p><br></p><p><img src=\"y\"></p>");
}

}  // namespace
}  // namespace feedmirror
