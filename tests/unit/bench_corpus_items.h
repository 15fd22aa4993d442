// The item HTML of a feed made by the benchmark corpus generator
// (../shared/bench/gen_corpus.py, deterministic for a seed), for tests that
// run the content stage over realistic news items.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace feedmirror::testing {

inline std::vector<std::string> BenchCorpusItems(int items, int seed) {
  std::filesystem::path feed = std::filesystem::temp_directory_path() /
                               ("feedmirror-corpus-" + std::to_string(::getpid()) + "-" +
                                std::to_string(seed) + ".xml");
  std::string command = "python3 " + std::string(FEEDMIRROR_SHARED_DIR) + "/bench/gen_corpus.py --one-big " +
                        feed.string() + " --items " + std::to_string(items) + " --seed " + std::to_string(seed) +
                        " >/dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(feed, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::filesystem::remove(feed);
  std::string xml = text.str();
  std::vector<std::string> descriptions;
  const std::string open = "<description><![CDATA[", close = "]]></description>";
  for (size_t pos = xml.find(open); pos != std::string::npos; pos = xml.find(open, pos)) {
    pos += open.size();
    descriptions.push_back(xml.substr(pos, xml.find(close, pos) - pos));
  }
  return descriptions;
}

}  // namespace feedmirror::testing
