// Standard clean-up over items of the benchmark corpus generator
// (../shared/bench/gen_corpus.py, deterministic for a seed): every output
// keeps the safety promises, is a parse/serialize fixed point, and cleaning
// it again changes nothing.
#include <gtest/gtest.h>

#include "bench_corpus_items.h"
#include "content/article_html.h"
#include "content/safety_check.h"

namespace feedmirror {
namespace {

TEST(CorpusStabilityTest, GeneratedItemsCleanToStableSafeHtml) {
  std::vector<std::string> items = testing::BenchCorpusItems(120, 7);
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
