// The fuzzer's corpus (tests/fuzz/feed_corpus, including every input that
// once crashed) as a regression test: each input must parse or fail with
// feedmirror::Error, under the sanitizers too, in seconds.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "feed/date_parse.h"
#include "feed/feed_json.h"
#include "feed/feed_parser.h"
#include "feed/url.h"
#include "util/error.h"

namespace feedmirror {
namespace {

TEST(FeedFuzzCorpusTest, EveryInputParsesOrFailsCleanly) {
  std::filesystem::path dir = std::filesystem::path(FEEDMIRROR_SOURCE_DIR) / "tests/fuzz/feed_corpus";
  size_t inputs = 0, parsed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string bytes = ss.str();
    ParseOptions options;
    options.base_url = "https://example.org/news/feed.xml";
    options.default_timezone = "+08:00";
    ++inputs;
    try {
      Feed feed = ParseFeed(bytes, options);
      EXPECT_FALSE(FeedToJson(feed).empty());
      ++parsed;
    } catch (const Error& e) {
      EXPECT_GT(std::string(e.what()).size(), 10u) << entry.path();
    }
    std::string_view line = std::string_view(bytes).substr(0, bytes.find('\n'));
    (void)ParseDate(line);
    (void)ResolveUrl(line, std::string_view(bytes).substr(line.size()).substr(0, 200));
  }
  EXPECT_GE(inputs, 20u);
  EXPECT_GE(parsed, 15u);
}

}  // namespace
}  // namespace feedmirror
