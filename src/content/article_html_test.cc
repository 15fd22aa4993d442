#include "content/article_html.h"

#include <gtest/gtest.h>

#include "content/html_serializer.h"
#include "content/html_tree.h"
#include "util/error.h"

#include <fstream>
#include <regex>
#include <sstream>

namespace feedmirror {
namespace {

std::string ReadSharedFile(const std::string& relative) {
  std::ifstream in(std::string(FEEDMIRROR_SHARED_DIR) + "/" + relative, std::ios::binary);
  EXPECT_TRUE(in) << relative;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Between(const std::string& text, const std::string& open, const std::string& close) {
  size_t begin = text.find(open);
  EXPECT_NE(begin, std::string::npos) << open;
  begin += open.size();
  size_t end = text.rfind(close);
  EXPECT_NE(end, std::string::npos) << close;
  return text.substr(begin, end - begin);
}

constexpr const char* kReferenceLink = "https://www.cna.com.tw/news/firstnews/202010260100.aspx";

std::string ReferenceItemHtml() {
  return Between(ReadSharedFile("fixtures/seed-cna/feed.xml"), "<description><![CDATA[",
                 "]]></description>");
}

TEST(ArticleHtmlTest, NoneCleanupReproducesTheReferencePostByteForByte) {
  std::string expected_post = ReadSharedFile("fixtures/seed-cna/expected-post.md");
  std::string expected = Between(expected_post, "------\n\n<div>\n", "\n</div>");
  ContentOptions options;
  options.cleanup = CleanupLevel::kNone;
  options.images = ImageMode::kProxy;
  std::string html = ArticleHtml(ReferenceItemHtml(), kReferenceLink, options);
  EXPECT_EQ(html, expected);
  EXPECT_NE(html.find("src=\"https://images.weserv.nl/?url=imgcdn.cna.com.tw/www/WebPhotos/1024/"
                      "20201026/2000x1324_0997944429553.jpg\""),
            std::string::npos);
}

TEST(ArticleHtmlTest, NoneCleanupWithKeptImagesChangesNothing) {
  ContentOptions options;
  options.cleanup = CleanupLevel::kNone;
  options.images = ImageMode::kKeep;
  std::string item = ReferenceItemHtml();
  EXPECT_EQ(ArticleHtml(item, kReferenceLink, options), item);
}

size_t Count(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++count;
  return count;
}

TEST(ArticleHtmlTest, StandardCleanupKeepsTheArticleAndDropsTheBoilerplate) {
  std::string expected_post = ReadSharedFile("fixtures/seed-cna/expected-post.md");
  std::string html = ArticleHtml(ReferenceItemHtml(), kReferenceLink, ContentOptions{});
  const std::string caption =
      "美國國務院25日宣布，亞美尼亞和亞塞拜然兩國再度同意遵守「人道停火」且26日起生效。"
      "圖為亞美尼亞士兵。（圖取自twitter.com/ArmeniaMODTeam）";
  EXPECT_NE(html.find("<img src=\"https://images.weserv.nl/?url=imgcdn.cna.com.tw/www/WebPhotos/"
                      "1024/20201026/2000x1324_0997944429553.jpg\" alt=\"" + caption + "\">"),
            std::string::npos);
  EXPECT_NE(html.find("<div>" + caption + "</div>"), std::string::npos);
  std::regex paragraph("<p>[^<]*</p>");
  int paragraphs = 0;
  for (std::sregex_iterator it(expected_post.begin(), expected_post.end(), paragraph), end; it != end; ++it) {
    EXPECT_NE(html.find(it->str()), std::string::npos) << it->str();
    ++paragraphs;
  }
  EXPECT_EQ(paragraphs, 14);
  EXPECT_EQ(Count(html, "<p>"), 14u);
  EXPECT_NE(html.find("<blockquote><a href=\"https://twitter.com/SecPompeo/status/1319696375160909825\">"
                      "Tweet: twitter.com/SecPompeo/status/1319696375160909825</a></blockquote>"),
            std::string::npos);
  EXPECT_NE(html.find("<blockquote><a href=\"https://twitter.com/Karabakh_MoD/status/1320356563274485761\">"
                      "Tweet: twitter.com/Karabakh_MoD/status/1320356563274485761</a></blockquote>"),
            std::string::npos);
  EXPECT_EQ(Count(html, ">Tweet: "), 2u);
  for (const char* gone : {"获取更多RSS", "feedx", "adslot", "dfp", "<hr>", "<br>", "class=", "style=",
                           "<div></div>", "<i>", "target="}) {
    EXPECT_EQ(html.find(gone), std::string::npos) << gone;
  }
  EXPECT_TRUE(html.ends_with("盼終結納卡區衝突</span></a><a href=\"https://www.cna.com.tw/news/firstnews/"
                             "202010180006.aspx\"><span>俄外長斡旋 亞美尼亞和亞塞拜然再同意人道停火</span></a>"
                             "<a href=\"https://www.cna.com.tw/news/aopl/202010180004.aspx\"><span>"
                             "亞美尼亞和亞塞拜然同意宣布人道停火</span></a></div></div>"));
}

TEST(ArticleHtmlTest, StandardOutputIsAFixedPointOfParseAndSerialize) {
  std::string html = ArticleHtml(ReferenceItemHtml(), kReferenceLink, ContentOptions{});
  EXPECT_EQ(SerializeChildren(*ParseHtmlFragment(html)), html);
  EXPECT_EQ(ArticleHtml(html, kReferenceLink, ContentOptions{}), html);
}

TEST(ArticleHtmlTest, UnwrappingThatBreaksNestingIsSettled) {
  // <font> is unwrapped, which would put <h2> straight inside <h1>: the
  // parser closes the <h1> first, and so does the settled output.
  std::string html = ArticleHtml("<h1><font>a<h2>b</h2>c</font></h1>", "", ContentOptions{});
  EXPECT_EQ(html, "<h1>a</h1><h2>b</h2>c");
  EXPECT_EQ(SerializeChildren(*ParseHtmlFragment(html)), html);
}

TEST(ArticleHtmlTest, ManySiblingsAreRebuiltInOnePass) {
  // Unwrapping or removing one child at a time would be quadratic: a hostile
  // item of 30,000 <font>s (or empty wrappers) would take minutes.
  std::string fonts, empties;
  for (int i = 0; i < 30000; ++i) {
    fonts += "<font>字</font>";
    empties += "<div class=\"ad\">x</div><span></span>";
  }
  std::string expected;
  for (int i = 0; i < 30000; ++i) expected += "字";
  EXPECT_EQ(ArticleHtml(fonts, "", ContentOptions{}), expected);
  EXPECT_EQ(ArticleHtml(empties + "<p>end</p>", "", ContentOptions{}), "<p>end</p>");
}

TEST(ArticleHtmlTest, StripAndKeepSelectorsApply) {
  ContentOptions options;
  options.strip = {"div.moreArticle", "p:not-supported-here"};
  EXPECT_THROW(ArticleHtml(ReferenceItemHtml(), kReferenceLink, options), UsageError);
  options.strip = {".moreArticle", ".picinfo"};
  options.keep = {"[data-dfp$=end2]"};
  std::string html = ArticleHtml(ReferenceItemHtml(), kReferenceLink, options);
  EXPECT_EQ(html.find("延伸閱讀"), std::string::npos);
  EXPECT_EQ(Count(html, "26日起生效"), 1u);  // the alt text only
  EXPECT_TRUE(html.ends_with("（譯者：李佩珊/核稿：陳亦偉）1091026</p></div><div><div></div><div></div></div>"))
      << html.substr(html.size() - 200);
}

TEST(ArticleHtmlTest, KeepModeLeavesAbsoluteImageUrls) {
  ContentOptions options;
  options.images = ImageMode::kKeep;
  EXPECT_EQ(ArticleHtml("<p>x<img src=\"/i.png\" data-src=\"/big.png\"></p>", "http://n.example/a/", options),
            "<p>x<img src=\"http://n.example/big.png\"></p>");
}

TEST(ArticleHtmlTest, ProxyTemplateWithFullUrlPlaceholder) {
  ContentOptions options;
  options.image_proxy = "https://proxy.example/i?u={url}&w=800";
  EXPECT_EQ(ArticleHtml("<img src=\"a b.jpg?x=1\">", "https://n.example/", options),
            "<img src=\"https://proxy.example/i?u=https%3A%2F%2Fn.example%2Fa%2520b.jpg%3Fx%3D1&amp;w=800\">");
}

}  // namespace
}  // namespace feedmirror
