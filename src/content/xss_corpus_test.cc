// The sanitizer against the XSS corpus in tests/data/xss/vectors.txt.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "content/article_html.h"
#include "content/safety_check.h"

namespace feedmirror {
namespace {

std::vector<std::string> ReadVectors() {
  std::ifstream in(std::string(FEEDMIRROR_SOURCE_DIR) + "/tests/data/xss/vectors.txt", std::ios::binary);
  EXPECT_TRUE(in);
  std::ostringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  std::vector<std::string> vectors;
  const std::string separator = "\n----8<----\n";
  size_t start = 0;
  for (size_t end = all.find(separator); end != std::string::npos; end = all.find(separator, start)) {
    vectors.push_back(all.substr(start, end - start));
    start = end + separator.size();
  }
  vectors.push_back(all.substr(start, all.size() - start - 1));  // without the final newline
  return vectors;
}

TEST(XssCorpusTest, EveryVectorComesOutSafeAndStable) {
  std::vector<std::string> vectors = ReadVectors();
  ASSERT_GE(vectors.size(), 150u);
  for (const std::string& vector : vectors) {
    for (const char* base : {"https://news.example/a/b.html", ""}) {
      for (ImageMode images : {ImageMode::kProxy, ImageMode::kKeep}) {
        ContentOptions options;
        options.images = images;
        std::string html = ArticleHtml(vector, base, options);
        EXPECT_EQ(SafetyViolation(html), "") << "vector: " << vector << "\noutput: " << html;
      }
    }
  }
}

TEST(XssCorpusTest, TheCheckCatchesWhatItLooksFor) {
  EXPECT_EQ(SafetyViolation("<p>ok <a href=\"https://a.example/\">a</a></p>"), "");
  EXPECT_EQ(SafetyViolation("<img src=\"data:image/png;base64,AA\">"), "");
  EXPECT_EQ(SafetyViolation("<script></script>"), "forbidden element <script>");
  EXPECT_EQ(SafetyViolation("<svg></svg>"), "foreign element <svg>");
  EXPECT_EQ(SafetyViolation("<p onclick=\"x\"></p>"), "<p> has a onclick attribute");
  EXPECT_EQ(SafetyViolation("<a href=\" java&#9;script:x\"></a>"), "<a href> holds a javascript: URL");
  EXPECT_EQ(SafetyViolation("<img srcset=\"vbscript:x 2x\">"), "<img srcset> holds a vbscript: URL");
  EXPECT_EQ(SafetyViolation("<a href=\"data:image/png,x\"></a>"), "<a href> holds a data: URL");
  EXPECT_EQ(SafetyViolation("<iframe src=\"https://a.example/\"></iframe>"), "iframe without sandbox");
  EXPECT_EQ(SafetyViolation("</div><p>x</p>"), "content escapes the post's wrapper <div>");
  EXPECT_EQ(SafetyViolation("<p>x"), "parse + serialize changes the output");
}

}  // namespace
}  // namespace feedmirror
