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

struct Counts {
  size_t inputs = 0;
  size_t parsed = 0;
};

// What the fuzz target does with one input.
void RunInput(const std::filesystem::path& path, Counts& counts) {
  {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string bytes = ss.str();
    ParseOptions options;
    options.base_url = "https://example.org/news/feed.xml";
    options.default_timezone = "+08:00";
    ++counts.inputs;
    try {
      Feed feed = ParseFeed(bytes, options);
      EXPECT_FALSE(FeedToJson(feed).empty());
      ++counts.parsed;
    } catch (const Error& e) {
      EXPECT_GT(std::string(e.what()).size(), 10u) << path;
    }
    std::string_view line = std::string_view(bytes).substr(0, bytes.find('\n'));
    (void)ParseDate(line);
    (void)ResolveUrl(line, std::string_view(bytes).substr(line.size()).substr(0, 200));
  }
}

TEST(FeedFuzzCorpusTest, EveryInputParsesOrFailsCleanly) {
  Counts counts;
  std::filesystem::path dir = std::filesystem::path(FEEDMIRROR_SOURCE_DIR) / "tests/fuzz/feed_corpus";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) RunInput(entry.path(), counts);
  EXPECT_GE(counts.inputs, 15u);
  EXPECT_GE(counts.parsed, 10u);
}

// The shared fixtures the fuzzer is also seeded with (read in place).
TEST(FeedFuzzCorpusTest, SharedFixturesParseOrFailCleanly) {
  Counts counts;
  std::filesystem::path shared(FEEDMIRROR_SHARED_DIR);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(shared / "conformance/gofeed/testdata")) {
    if (entry.is_regular_file()) RunInput(entry.path(), counts);
  }
  RunInput(shared / "fixtures/seed-cna/feed.xml", counts);
  EXPECT_GE(counts.inputs, 150u);
  EXPECT_GE(counts.parsed, 150u);
}

}  // namespace
}  // namespace feedmirror
