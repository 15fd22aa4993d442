// Standard clean-up over items of the benchmark corpus generator
// (../shared/bench/gen_corpus.py, deterministic for a seed): every output
// keeps the safety promises, is a parse/serialize fixed point, and cleaning
// it again changes nothing.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "content/article_html.h"
#include "content/safety_check.h"

namespace feedmirror {
namespace {

// The item descriptions of a generated feed of `items` items.
std::vector<std::string> GeneratedItems(int items) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("feedmirror-content-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::path feed = dir / "big.xml";
  std::string command = "python3 " + std::string(FEEDMIRROR_SHARED_DIR) +
                        "/bench/gen_corpus.py --one-big " + feed.string() + " --items " +
                        std::to_string(items) + " --seed 7 >/dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(feed, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::filesystem::remove_all(dir);
  std::string xml = text.str();
  std::vector<std::string> descriptions;
  const std::string open = "<description><![CDATA[", close = "]]></description>";
  for (size_t pos = xml.find(open); pos != std::string::npos; pos = xml.find(open, pos)) {
    pos += open.size();
    descriptions.push_back(xml.substr(pos, xml.find(close, pos) - pos));
  }
  return descriptions;
}

TEST(CorpusStabilityTest, GeneratedItemsCleanToStableSafeHtml) {
  std::vector<std::string> items = GeneratedItems(120);
  ASSERT_EQ(items.size(), 120u);
  const std::string base = "https://www.cna.com.tw/news/aipl/202005210001.aspx";
  for (const std::string& item : items) {
    std::string html = ArticleHtml(item, base, ContentOptions{});
    EXPECT_EQ(SafetyViolation(html), "") << item;
    EXPECT_EQ(ArticleHtml(html, base, ContentOptions{}), html) << item;
    EXPECT_EQ(html.find("获取更多RSS"), std::string::npos);
    EXPECT_EQ(html.find("adslot"), std::string::npos);
  }
}

}  // namespace
}  // namespace feedmirror
