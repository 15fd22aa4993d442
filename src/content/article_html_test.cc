#include "content/article_html.h"

#include <gtest/gtest.h>

#include <fstream>
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

}  // namespace
}  // namespace feedmirror
