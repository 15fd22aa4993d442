#include "archive/post.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "util/error.h"

namespace feedmirror {
namespace {

std::string ReadSharedFile(const std::string& relative) {
  std::string path = std::string(FEEDMIRROR_SHARED_DIR) + "/" + relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

Post ReferencePost(const std::string& expected) {
  size_t open = expected.find("\n<div>\n");
  size_t close = expected.rfind("\n</div>\n");
  EXPECT_NE(open, std::string::npos);
  EXPECT_NE(close, std::string::npos);
  Post post;
  post.title = "亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察";
  post.date = FromEpochMillis(1603691777000);  // 2020-10-26T05:56:17Z
  post.author = "(臺)中央社CNA";
  post.from = "https://www.cna.com.tw/news/firstnews/202010260100.aspx";
  post.tags = {post.author};
  post.categories = {post.author};
  post.html = expected.substr(open + 7, close - (open + 7));
  return post;
}

TEST(PostTest, ReproducesTheReferencePostByteForByte) {
  std::string expected = ReadSharedFile("fixtures/seed-cna/expected-post.md");
  EXPECT_EQ(RenderPost(ReferencePost(expected)), expected);
}

Post SmallPost() {
  Post post;
  post.title = "Title";
  post.date = FromEpochMillis(1603691777123);
  post.author = "Src";
  post.from = "https://example.com/a";
  post.tags = {"Src"};
  post.categories = {"Src", "World"};
  post.html = "<p>Hi</p>";
  return post;
}

TEST(PostTest, WritesEveryPartInOrder) {
  EXPECT_EQ(RenderPost(SmallPost()),
            "---\n"
            "layout: post\n"
            "title: \"Title\"\n"
            "date: 2020-10-26T05:56:17.123Z\n"
            "author: Src\n"
            "from: https://example.com/a\n"
            "tags: [ Src ]\n"
            "categories: [ Src, World ]\n"
            "---\n"
            "<!--1603691777123-->\n"
            "[Title](https://example.com/a)\n"
            "------\n"
            "\n"
            "<div>\n"
            "<p>Hi</p>\n"
            "</div>\n");
}

TEST(PostTest, WritesExtraPairsAfterCategories) {
  Post post = SmallPost();
  post.extra = {{"original_title", "舊: 標題"}, {"lang", "zh-TW"}};
  std::string text = RenderPost(post);
  EXPECT_NE(
      text.find("categories: [ Src, World ]\noriginal_title: \"舊: 標題\"\nlang: zh-TW\n---\n"),
      std::string::npos)
      << text;
}

TEST(PostTest, RejectsBadOrRepeatedExtraKeys) {
  for (std::string key : {"", "a b", "a:b", "1st", "title", "ok\nlayout"}) {
    Post post = SmallPost();
    post.extra = {{key, "v"}};
    EXPECT_THROW(RenderPost(post), Error) << key;
  }
  Post post = SmallPost();
  post.extra = {{"x", "1"}, {"x", "2"}};
  EXPECT_THROW(RenderPost(post), Error);
}

TEST(PostTest, EmptyTagListsAreFlowSequences) {
  Post post = SmallPost();
  post.tags.clear();
  post.categories.clear();
  std::string text = RenderPost(post);
  EXPECT_NE(text.find("tags: []\ncategories: []\n"), std::string::npos) << text;
}

TEST(PostTest, NeutralisesLiquidInHeadingAndHtmlButNotFrontMatter) {
  Post post = SmallPost();
  post.title = "{{ site.x }}";
  post.html = "<p>{% include x %} and {{{</p>";
  EXPECT_EQ(RenderPost(post),
            "---\n"
            "layout: post\n"
            "title: \"{{ site.x }}\"\n"
            "date: 2020-10-26T05:56:17.123Z\n"
            "author: Src\n"
            "from: https://example.com/a\n"
            "tags: [ Src ]\n"
            "categories: [ Src, World ]\n"
            "---\n"
            "<!--1603691777123-->\n"
            "[\\{\\{ site\\.x \\}\\}](https://example.com/a)\n"
            "------\n"
            "\n"
            "<div>\n"
            "<p>{{ \"{%\" }} include x %} and {{ \"{{\" }}{</p>\n"
            "</div>\n");
}

TEST(PostTest, NeutralisesLiquidInTheUrl) {
  Post post = SmallPost();
  post.from = "https://example.com/?q={{x}}&r={%y";
  std::string text = RenderPost(post);
  EXPECT_NE(text.find("from: https://example.com/?q={{x}}&r={%y\n"), std::string::npos);
  EXPECT_NE(text.find("[Title](https://example.com/?q={{ \"{{\" }}x}}&r={{ \"{%\" }}y)\n"),
            std::string::npos)
      << text;
}

TEST(PostTest, HeadingTitleOnOneLine) {
  Post post = SmallPost();
  post.title = "Line one\nline\ttwo";
  std::string text = RenderPost(post);
  EXPECT_NE(text.find("title: \"Line one\\nline\\ttwo\"\n"), std::string::npos);
  EXPECT_NE(text.find("\n[Line one line two](https://example.com/a)\n------\n"), std::string::npos);
}

TEST(PostTest, DateBeforeTheEpoch) {
  Post post = SmallPost();
  post.date = FromEpochMillis(-1500);
  std::string text = RenderPost(post);
  EXPECT_NE(text.find("date: 1969-12-31T23:59:58.500Z\n"), std::string::npos) << text;
  EXPECT_NE(text.find("<!---1500-->\n"), std::string::npos);
}

}  // namespace
}  // namespace feedmirror
