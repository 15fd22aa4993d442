// Neutralised text rendered by the real Liquid (the gem Jekyll uses), in
// strict and lax mode (Jekyll's default "warn" mode tries strict, then lax):
// it must print exactly the original text.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "archive/liquid.h"
#include "archive_test_util.h"
#include "nasty_strings.h"
#include "random_strings.h"
#include "util/utf8.h"

namespace feedmirror {
namespace {

using feedmirror::testing::LiquidPieces;
using feedmirror::testing::NastyStrings;
using feedmirror::testing::RandomStrings;
using feedmirror::testing::RunCommand;
using feedmirror::testing::TempDir;
using feedmirror::testing::WriteBytes;

constexpr const char* kRubyRenderer = R"RB(
require "liquid"; require "json"
inputs = JSON.parse(File.read(ARGV[0], encoding: "UTF-8"))
out = {}
[:strict, :lax].each do |mode|
  out[mode] = inputs.map do |s|
    begin
      Liquid::Template.parse(s, error_mode: mode).render({ "x" => "VARIABLE" })
    rescue => e
      "!!error: #{e.class}: #{e.message}"
    end
  end
end
print JSON.generate(out, ascii_only: true)
)RB";

std::vector<std::string> Texts() {
  std::vector<std::string> texts = RandomStrings(1603691777, 3000, 10, LiquidPieces());
  for (const std::string& nasty : NastyStrings()) texts.push_back(ToValidUtf8(nasty));
  return texts;
}

TEST(LiquidRenderTest, RealLiquidPrintsNeutralisedTextLiterally) {
  std::vector<std::string> texts = Texts();
  nlohmann::json neutralised = nlohmann::json::array();
  for (const std::string& text : texts) neutralised.push_back(NeutralizeLiquid(text));
  TempDir dir;
  WriteBytes(dir.path() + "/render.rb", kRubyRenderer);
  WriteBytes(dir.path() + "/inputs.json", neutralised.dump());
  auto result = RunCommand("ruby '" + dir.path() + "/render.rb' '" + dir.path() + "/inputs.json'");
  ASSERT_EQ(result.exit_status, 0) << result.output;
  nlohmann::json rendered = nlohmann::json::parse(result.output);
  for (const char* mode : {"strict", "lax"}) {
    ASSERT_EQ(rendered[mode].size(), texts.size()) << mode;
    for (size_t i = 0; i < texts.size(); ++i) {
      EXPECT_EQ(rendered[mode][i], texts[i]) << mode << " mode, neutralised text: " << neutralised[i];
    }
  }
}

TEST(LiquidRenderTest, UnneutralisedTextIsExecuted) {
  // The control: without neutralising, Liquid runs the markup.
  TempDir dir;
  WriteBytes(dir.path() + "/render.rb", kRubyRenderer);
  WriteBytes(dir.path() + "/inputs.json", R"(["{{ x }}"])");
  auto result = RunCommand("ruby '" + dir.path() + "/render.rb' '" + dir.path() + "/inputs.json'");
  ASSERT_EQ(result.exit_status, 0);
  EXPECT_EQ(nlohmann::json::parse(result.output)["strict"][0], "VARIABLE");
}

}  // namespace
}  // namespace feedmirror
