// Replays the sanitizer fuzz target's corpus (tests/fuzz/sanitizer/).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "content/safety_check.h"

namespace feedmirror {
namespace {

TEST(FuzzCorpusTest, EveryCorpusInputKeepsTheSanitizerPromises) {
  std::filesystem::path dir = std::filesystem::path(FEEDMIRROR_SOURCE_DIR) / "tests/fuzz/sanitizer";
  int inputs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    EXPECT_EQ(CleanupViolation(text.str()), "") << entry.path();
    ++inputs;
  }
  EXPECT_GE(inputs, 20);
}

}  // namespace
}  // namespace feedmirror
