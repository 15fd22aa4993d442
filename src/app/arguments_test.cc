#include "app/arguments.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace feedmirror {
namespace {

const CommandSpec kSpec{"fetch", "[--source NAME] [--all]", "Fetches.",
                        {{"source", "NAME", "one source"}, {"all", "", "all"}}, 0, 1};

TEST(ArgumentsTest, ParsesValuesFlagsAndPositionals) {
  Arguments a = ParseArguments({"--source", "CNA", "--all", "--config=x.toml", "dir"}, kSpec);
  EXPECT_EQ("CNA", a.ValueOr("source", ""));
  EXPECT_EQ("x.toml", a.ValueOr("config", ""));
  EXPECT_TRUE(a.Has("all"));
  EXPECT_EQ(std::vector<std::string>{"dir"}, a.positionals);
  EXPECT_FALSE(a.help);
}

TEST(ArgumentsTest, ErrorsNameTheCommandAndTheArgument) {
  try {
    ParseArguments({"--bogus"}, kSpec);
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_STREQ("feedmirror fetch: unknown option --bogus (see feedmirror fetch --help)", e.what());
  }
  EXPECT_THROW(ParseArguments({"--source"}, kSpec), UsageError);
  EXPECT_THROW(ParseArguments({"--all=yes"}, kSpec), UsageError);
  EXPECT_THROW(ParseArguments({"a", "b"}, kSpec), UsageError);
}

TEST(ArgumentsTest, HelpSkipsPositionalChecksAndListsConfig) {
  CommandSpec needs_one = kSpec;
  needs_one.min_positionals = 1;
  EXPECT_TRUE(ParseArguments({"--help"}, needs_one).help);
  std::string help = HelpText(kSpec);
  EXPECT_NE(std::string::npos, help.find("usage: feedmirror fetch [--source NAME] [--all]"));
  EXPECT_NE(std::string::npos, help.find("--config FILE"));
}

}  // namespace
}  // namespace feedmirror
