// Front matter written by RenderPost, read back by real YAML 1.1 readers:
// PyYAML (pure Python and libyaml, the C parser Psych uses) and Ruby's Psych
// with the options Jekyll passes. Every value must come back as the same
// string, not as another type and not as a parse error.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "archive/post.h"
#include "archive/yaml_scalar.h"
#include "archive_test_util.h"
#include "nasty_strings.h"
#include "random_strings.h"
#include "util/utf8.h"

namespace feedmirror {
namespace {

using feedmirror::testing::NastyStrings;
using feedmirror::testing::RandomStrings;
using feedmirror::testing::RunCommand;
using feedmirror::testing::TempDir;
using feedmirror::testing::WriteBytes;
using feedmirror::testing::YamlPieces;

constexpr const char* kPythonReader = R"PY(
import json, sys, yaml
loaders = [("SafeLoader", yaml.SafeLoader)]
if getattr(yaml, "__with_libyaml__", False):
    loaders.append(("CSafeLoader", yaml.CSafeLoader))
def norm(v):
    if isinstance(v, str): return v
    if isinstance(v, list): return [norm(x) for x in v]
    return "!!not a string: %s %r" % (type(v).__name__, v)
out = []
for path in sys.argv[1:]:
    with open(path, "rb") as f: text = f.read().decode("utf-8")
    entry = {}
    for name, loader in loaders:
        try:
            data = yaml.load(text, Loader=loader)
            date = data.pop("date")
            data = {k: norm(v) for k, v in data.items()}
            data["date"] = type(date).__name__
        except Exception as e:
            data = {"error": str(e)}
        entry[name] = data
    out.append(entry)
json.dump(out, sys.stdout, ensure_ascii=True)
)PY";

constexpr const char* kRubyReader = R"RB(
require "yaml"; require "json"; require "date"
def norm(v)
  case v
  when String then v
  when Array then v.map { |x| norm(x) }
  else "!!not a string: #{v.class} #{v.inspect}"
  end
end
out = ARGV.map do |path|
  begin
    data = Psych.safe_load(File.read(path, encoding: "UTF-8"),
                           permitted_classes: [Date, Time], aliases: true)
    date = data.delete("date")
    data = data.transform_values { |v| norm(v) }
    data["date"] = date.class.to_s
  rescue => e
    data = { "error" => e.message }
  end
  { "Psych" => data }
end
print JSON.generate(out, ascii_only: true)
)RB";

Post NastyPost(const std::string& value) {
  Post post;
  post.title = value;
  post.date = FromEpochMillis(1603691777000);
  post.author = value;
  post.from = value;
  post.tags = {value, "x"};
  post.categories = {value};
  post.extra = {{"original_title", value}};
  post.html = "<p>x</p>";
  return post;
}

// The front matter as Jekyll cuts it out: from the first line to the next
// line that is "---".
std::string FrontMatter(const std::string& post) {
  size_t end = post.find("\n---\n", 3);
  EXPECT_NE(end, std::string::npos);
  return post.substr(4, end - 3);
}

nlohmann::json Expected(const std::string& value, const std::string& date_type) {
  std::string valid = ToValidUtf8(value);
  return {{"layout", "post"},        {"title", valid},       {"author", valid},
          {"from", valid},           {"tags", {valid, "x"}}, {"categories", {valid}},
          {"original_title", valid}, {"date", date_type}};
}

// Writes every nasty post's front matter to a file and runs `reader` on
// them all; returns its JSON answer.
nlohmann::json ReadBack(const TempDir& dir, const std::string& reader_command) {
  std::vector<std::string> values = NastyStrings();
  std::string args;
  for (size_t i = 0; i < values.size(); ++i) {
    std::string path = dir.path() + "/fm" + std::to_string(i) + ".yml";
    WriteBytes(path, FrontMatter(RenderPost(NastyPost(values[i]))));
    args += " '" + path + "'";
  }
  auto result = RunCommand(reader_command + args);
  EXPECT_EQ(result.exit_status, 0) << result.output;
  return nlohmann::json::parse(result.output);
}

void ExpectRoundTrip(const nlohmann::json& answers, const std::string& date_type) {
  std::vector<std::string> values = NastyStrings();
  ASSERT_EQ(answers.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    for (const auto& [reader, data] : answers[i].items()) {
      EXPECT_EQ(data, Expected(values[i], date_type))
          << reader << " on value #" << i << ":\n"
          << FrontMatter(RenderPost(NastyPost(values[i])));
    }
  }
}

TEST(PostYamlRoundTripTest, PyYamlReadsBackEveryValue) {
  TempDir dir;
  WriteBytes(dir.path() + "/reader.py", kPythonReader);
  nlohmann::json answers = ReadBack(dir, "python3 '" + dir.path() + "/reader.py'");
  ASSERT_FALSE(answers.empty());
  EXPECT_EQ(answers[0].size(), 2u) << "PyYAML without libyaml: only the pure-Python reader ran";
  ExpectRoundTrip(answers, "datetime");
}

TEST(PostYamlRoundTripTest, PsychReadsBackEveryValueAsJekyllDoes) {
  TempDir dir;
  WriteBytes(dir.path() + "/reader.rb", kRubyReader);
  ExpectRoundTrip(ReadBack(dir, "ruby '" + dir.path() + "/reader.rb'"), "Time");
}

// Random strings of YAML's troublemakers, each written three ways: block
// scalar, twice in a flow sequence, double-quoted; one mapping in one file.
constexpr const char* kPythonMappingReader = R"PY(
import json, sys, yaml
def norm(v):
    if isinstance(v, str): return v
    if isinstance(v, list): return [norm(x) for x in v]
    return "!!not a string: %s %r" % (type(v).__name__, v)
with open(sys.argv[1], "rb") as f: text = f.read().decode("utf-8")
out = {}
for name in ["SafeLoader", "CSafeLoader"]:
    data = yaml.load(text, Loader=getattr(yaml, name))
    out[name] = {k: norm(v) for k, v in data.items()}
json.dump(out, sys.stdout, ensure_ascii=True)
)PY";

constexpr const char* kRubyMappingReader = R"RB(
require "yaml"; require "json"; require "date"
def norm(v)
  case v
  when String then v
  when Array then v.map { |x| norm(x) }
  else "!!not a string: #{v.class} #{v.inspect}"
  end
end
data = Psych.safe_load(File.read(ARGV[0], encoding: "UTF-8"),
                       permitted_classes: [Date, Time], aliases: true)
print JSON.generate({ "Psych" => data.transform_values { |v| norm(v) } }, ascii_only: true)
)RB";

std::vector<std::string> RandomYamlValues() {
  return RandomStrings(20201026, 1500, 6, YamlPieces());
}

std::string RandomMapping() {
  std::string yaml;
  std::vector<std::string> values = RandomYamlValues();
  for (size_t i = 0; i < values.size(); ++i) {
    std::string n = std::to_string(i);
    yaml += "b" + n + ": " + YamlScalar(values[i]) + "\n";
    yaml += "f" + n + ": " + YamlFlowSequence({values[i], values[i]}) + "\n";
    yaml += "q" + n + ": " + YamlDoubleQuoted(values[i]) + "\n";
  }
  return yaml;
}

void ExpectRandomRoundTrip(const std::string& reader_source, const std::string& interpreter) {
  TempDir dir;
  WriteBytes(dir.path() + "/reader", reader_source);
  WriteBytes(dir.path() + "/values.yml", RandomMapping());
  auto result =
      RunCommand(interpreter + " '" + dir.path() + "/reader' '" + dir.path() + "/values.yml'");
  ASSERT_EQ(result.exit_status, 0) << result.output;
  nlohmann::json answers = nlohmann::json::parse(result.output);
  std::vector<std::string> values = RandomYamlValues();
  for (const auto& [reader, data] : answers.items()) {
    ASSERT_EQ(data.size(), 3 * values.size()) << reader;
    for (size_t i = 0; i < values.size(); ++i) {
      std::string n = std::to_string(i);
      std::string valid = ToValidUtf8(values[i]);
      EXPECT_EQ(data["b" + n], valid) << reader << ": " << YamlScalar(values[i]);
      EXPECT_EQ(data["f" + n], nlohmann::json({valid, valid}))
          << reader << ": " << YamlFlowSequence({values[i], values[i]});
      EXPECT_EQ(data["q" + n], valid) << reader << ": " << YamlDoubleQuoted(values[i]);
    }
  }
}

TEST(YamlScalarRoundTripTest, PyYamlReadsBackRandomValues) {
  ExpectRandomRoundTrip(kPythonMappingReader, "python3");
}

TEST(YamlScalarRoundTripTest, PsychReadsBackRandomValues) {
  ExpectRandomRoundTrip(kRubyMappingReader, "ruby");
}

}  // namespace
}  // namespace feedmirror
