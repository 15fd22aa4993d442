#include "app/config_edit.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/error.h"

namespace feedmirror {
namespace {

namespace fs = std::filesystem;

const char kPath[] = "/srv/news/feedmirror.toml";

// A config file with comments, odd spacing, inline tables and no final
// line break: everything an editor must keep.
const char kUserConfig[] =
    "# My mirror.\n"
    "[archive]\n"
    "timezone   =   \"Asia/Taipei\"   # where we are\n"
    "\n"
    "[site]\n"
    "title = \"鏡像\"\n"
    "\n"
    "[[source]]\n"
    "name = \"(臺)中央社CNA\"\n"
    "url = \"https://feeds.example.tw/cna.xml\"\n"
    "headers = { Referer = \"https://example.tw/\" }\n"
    "# [[source]]\n"
    "# name = \"commented out\"";

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ConfigEditTest, AppendKeepsEveryByteBeforeIt) {
  std::string text = AppendSources(kUserConfig, {{"HKFP", "https://hkfp.example/feed", "", {}}});
  ASSERT_TRUE(text.starts_with(kUserConfig));
  EXPECT_EQ(text.substr(sizeof kUserConfig - 1),
            "\n\n[[source]]\nname = \"HKFP\"\nurl = \"https://hkfp.example/feed\"\n");
  Config config = ParseConfig(text, kPath);
  ASSERT_EQ(config.sources.size(), 2u);
  EXPECT_EQ(config.sources[0].name, "(臺)中央社CNA");
  EXPECT_EQ(config.sources[1].name, "HKFP");
  EXPECT_EQ(config.sources[1].url, "https://hkfp.example/feed");
  EXPECT_EQ(config.sources[1].categories, std::vector<std::string>{"HKFP"});
  EXPECT_EQ(config.site.title, "鏡像");
}

TEST(ConfigEditTest, AppendsSeveralWithLinksAndCategories) {
  std::string text = AppendSources("[archive]\n\n", {{"A", "https://a.example/rss", "https://a.example/", {{"新聞", "Tech"}}},
                                                     {"B", "https://b.example/rss", "", {{}}}});
  EXPECT_EQ(text,
            "[archive]\n\n"
            "[[source]]\nname = \"A\"\nurl = \"https://a.example/rss\"\nlink = \"https://a.example/\"\n"
            "categories = [\"新聞\", \"Tech\"]\n\n"
            "[[source]]\nname = \"B\"\nurl = \"https://b.example/rss\"\ncategories = []\n");
  Config config = ParseConfig(text, kPath);
  ASSERT_EQ(config.sources.size(), 2u);
  EXPECT_EQ(config.sources[0].link, "https://a.example/");
  EXPECT_EQ(config.sources[0].categories, (std::vector<std::string>{"新聞", "Tech"}));
  EXPECT_EQ(config.sources[1].categories, std::vector<std::string>{});
}

TEST(ConfigEditTest, AppendToAnEmptyFileAndKeepsCrlfLineBreaks) {
  EXPECT_EQ(AppendSources("", {{"A", "https://a.example/", "", {}}}),
            "[[source]]\nname = \"A\"\nurl = \"https://a.example/\"\n");
  EXPECT_EQ(AppendSources("[archive]\r\ntimezone = \"UTC\"\r\n", {{"A", "https://a.example/", "", {}}}),
            "[archive]\r\ntimezone = \"UTC\"\r\n\r\n[[source]]\r\nname = \"A\"\r\nurl = "
            "\"https://a.example/\"\r\n");
}

TEST(ConfigEditTest, TomlStringsEscapeWhatTheyMust) {
  EXPECT_EQ(TomlBasicString("plain 中文"), "\"plain 中文\"");
  EXPECT_EQ(TomlBasicString("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(TomlBasicString("l1\nl2\tt\r"), "\"l1\\nl2\\tt\\r\"");
  EXPECT_EQ(TomlBasicString(std::string("nul\0bel\x07" "del\x7f", 12)),
            "\"nul\\u0000bel\\u0007del\\u007F\"");
}

// Names a feed title could hold: each survives the file and parses back as
// itself (after CleanSourceName), and none can add a key or a table.
TEST(ConfigEditTest, HostileNamesRoundTripThroughTheParser) {
  const std::vector<std::string> names = {
      "\"quoted\" name",
      "back\\slash \\u0041 \\n",
      "name\"\nurl = \"file:///etc/passwd\"\n[[source]]\nname = \"x",
      "'''triple''' \"\"\"quotes\"\"\"",
      "# not a comment",
      "[[source]]",
      "{{ liquid }} {% raw %}",
      "- leading dash: colon & *star !bang",
      "emoji 📰 and 中央社",
      "tab\there\r\nand\x01" "control",
  };
  for (const std::string& raw : names) {
    std::string name = CleanSourceName(raw);
    ASSERT_FALSE(name.empty()) << raw;
    std::string text = AppendSources("[archive]\n", {{name, "https://example.com/feed", "", {}}});
    Config config = ParseConfig(text, kPath);
    ASSERT_EQ(config.sources.size(), 1u) << raw;
    EXPECT_EQ(config.sources[0].name, name);
    EXPECT_EQ(config.sources[0].url, "https://example.com/feed");
  }
  EXPECT_EQ(CleanSourceName("tab\there\r\nand\x01" "control"), "tab here and control");
}

TEST(ConfigEditTest, CleanSourceNameCollapsesSpaceAndFixesUtf8) {
  EXPECT_EQ(CleanSourceName("  Hong\n\n  Kong\u3000Free Press  "), "Hong Kong Free Press");
  EXPECT_EQ(CleanSourceName("\xff" "bad"), "\uFFFD" "bad");
  EXPECT_EQ(CleanSourceName(" \n\t "), "");
}

TEST(ConfigEditTest, UniqueNamesAndUrls) {
  Config config = ParseConfig(
      "[[source]]\nname = \"A\"\nurl = \"https://a.example/\"\n"
      "[[source]]\nname = \"A (2)\"\nurl = \"https://b.example/\"\n",
      kPath);
  EXPECT_EQ(UniqueSourceName(config, {}, "B"), "B");
  EXPECT_EQ(UniqueSourceName(config, {}, "A"), "A (3)");
  EXPECT_EQ(UniqueSourceName(config, {"A (3)"}, "A"), "A (4)");
  ASSERT_NE(FindSourceByUrl(config, "https://b.example/"), nullptr);
  EXPECT_EQ(FindSourceByUrl(config, "https://b.example/")->name, "A (2)");
  EXPECT_EQ(FindSourceByUrl(config, "https://c.example/"), nullptr);
}

class ConfigFileEditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("feedmirror-config-edit-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "feedmirror.toml").string();
    std::ofstream(path_, std::ios::binary) << kUserConfig;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string path_;
};

TEST_F(ConfigFileEditTest, WritesTheFileAndItLoads) {
  ::chmod(path_.c_str(), 0600);
  Config config = AppendSourcesToFile(path_, {{"新 來源", "new.xml", "", {}}});
  ASSERT_EQ(config.sources.size(), 2u);
  std::string text = ReadAll(path_);
  EXPECT_TRUE(text.starts_with(kUserConfig));
  Config loaded = LoadConfig(path_);
  ASSERT_EQ(loaded.sources.size(), 2u);
  EXPECT_EQ(loaded.sources[1].name, "新 來源");
  EXPECT_EQ(loaded.sources[1].url, "file://" + (dir_ / "new.xml").string());
  EXPECT_EQ(fs::status(path_).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  // No temporary file is left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(ConfigFileEditTest, ADuplicateNameLeavesTheFileUntouched) {
  try {
    AppendSourcesToFile(path_, {{"(臺)中央社CNA", "https://other.example/", "", {}}});
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()),
              path_ + ":16: key 'source.name': duplicate source name \"(臺)中央社CNA\" (first at "
                      "line 9)");
  }
  EXPECT_EQ(ReadAll(path_), kUserConfig);
}

TEST_F(ConfigFileEditTest, ABrokenFileIsNotWritten) {
  std::ofstream(path_, std::ios::binary | std::ios::trunc) << "[archive\n";
  EXPECT_THROW(AppendSourcesToFile(path_, {{"A", "https://a.example/", "", {}}}), UsageError);
  EXPECT_EQ(ReadAll(path_), "[archive\n");
}

TEST_F(ConfigFileEditTest, ASymbolicLinkStaysALink) {
  fs::path link = dir_ / "link.toml";
  fs::create_symlink(path_, link);
  AppendSourcesToFile(link.string(), {{"A", "https://a.example/", "", {}}});
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(LoadConfig(path_).sources.size(), 2u);
}

}  // namespace
}  // namespace feedmirror
