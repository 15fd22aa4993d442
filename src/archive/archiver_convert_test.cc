// `convert`: the archiver converts the title (keeping the original as
// original_title) and the article's text and alt/title attributes, never
// its URLs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "archive/archiver.h"
#include "archive/post.h"
#include "archive_test_util.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/file_system.h"

namespace feedmirror {
namespace {

using feedmirror::testing::RunCommand;
using feedmirror::testing::TempDir;
using feedmirror::testing::WriteBytes;

const std::string kHtml =
    "<p>臺灣的新聞</p><img src=\"https://a.tw/臺灣/圖片.jpg?q=臺灣\" alt=\"臺灣圖片\" title=\"說明\">"
    "<a href=\"https://a.tw/臺灣新聞\" title=\"連結說明\">連結</a>";

class ArchiverConvertTest : public ::testing::Test {
 protected:
  ArchiverConvertTest()
      : store_(OpenInMemoryStore()),
        clock_(TimePoint(std::chrono::sys_days(std::chrono::year(2020) / 10 / 27))),
        archiver_(fs_, *store_, clock_, TimeZone::Load("UTC")) {
    source_.name = "中央社";
    source_.content.images = ImageMode::kKeep;
  }

  // The post written for an item titled `title` showing kHtml.
  std::string Archive(const std::string& title, const std::string& link) {
    Item item;
    item.title = title;
    item.link = item.guid = link;
    item.published_parsed = TimePoint(std::chrono::sys_days(std::chrono::year(2020) / 10 / 26));
    item.published = FormatIso8601Millis(*item.published_parsed);
    item.description = kHtml;
    Feed feed;
    feed.items = {item};
    archiver_.ArchiveFeed(source_, feed);
    std::string path = store_->FindItem(source_.name, "guid:" + link)->post_path;
    return path + "\n" + fs_.ReadFile(path).value_or("(missing)");
  }

  MemoryFileSystem fs_;
  std::unique_ptr<Store> store_;
  FixedClock clock_;
  Archiver archiver_;
  ArchiveSource source_;
};

// The front matter of `post` read by PyYAML, as JSON.
nlohmann::json ReadFrontMatter(const std::string& post) {
  TempDir dir;
  WriteBytes(dir.path() + "/post.md", post);
  std::string script =
      "import json, sys, yaml\n"
      "text = open(sys.argv[1], encoding='utf-8').read()\n"
      "data = yaml.safe_load(text.split('---\\n')[1])\n"
      "data.pop('date')\n"
      "json.dump(data, sys.stdout)\n";
  WriteBytes(dir.path() + "/read.py", script);
  auto result = RunCommand("python3 " + dir.path() + "/read.py " + dir.path() + "/post.md");
  EXPECT_EQ(result.exit_status, 0);
  return nlohmann::json::parse(result.output);
}

TEST_F(ArchiverConvertTest, ConvertsTitleTextAndAltButNotUrls) {
  std::string plain = Archive("臺灣: 「新聞」 #1", "https://a.tw/1");
  source_.content.convert = "t2s";
  std::string converted = Archive("臺灣: 「新聞」 #2", "https://a.tw/2");

  // The slug comes from the converted title.
  std::string path = converted.substr(0, converted.find('\n'));
  EXPECT_TRUE(path.starts_with("_posts/2020-10-26-台湾")) << path;
  EXPECT_EQ(path.find("臺灣"), std::string::npos) << path;
  nlohmann::json front = ReadFrontMatter(converted.substr(converted.find('\n') + 1));
  EXPECT_EQ(front["title"], "台湾: 「新闻」 #2");
  EXPECT_EQ(front["original_title"], "臺灣: 「新聞」 #2");
  EXPECT_EQ(front["author"], "中央社");
  EXPECT_EQ(ReadFrontMatter(plain.substr(plain.find('\n') + 1)).count("original_title"), 0u);

  EXPECT_NE(converted.find("<p>台湾的新闻</p>"), std::string::npos) << converted;
  EXPECT_NE(converted.find("alt=\"台湾图片\" title=\"说明\""), std::string::npos) << converted;
  EXPECT_NE(converted.find(">连结</a>"), std::string::npos) << converted;
  EXPECT_NE(converted.find("title=\"连结说明\""), std::string::npos) << converted;
  // URLs: exactly as without conversion.
  for (const char* attribute : {"src=\"", "href=\""}) {
    size_t in_plain = plain.find(attribute);
    size_t in_converted = converted.find(attribute);
    ASSERT_NE(in_plain, std::string::npos);
    ASSERT_NE(in_converted, std::string::npos);
    std::string url = plain.substr(in_plain, plain.find('"', in_plain + 6) - in_plain);
    EXPECT_EQ(url, converted.substr(in_converted, url.size())) << attribute;
    EXPECT_EQ(url.find("台湾"), std::string::npos);
  }
}

TEST_F(ArchiverConvertTest, NoOriginalTitleWhenNothingChanged) {
  source_.content.convert = "t2s";
  std::string post = Archive("Taiwan news", "https://a.tw/3");
  EXPECT_EQ(post.find("original_title"), std::string::npos);
  EXPECT_NE(post.find("title: \"Taiwan news\"\n"), std::string::npos);
}

TEST_F(ArchiverConvertTest, CleanupNoneConvertsInPlace) {
  source_.content.cleanup = CleanupLevel::kNone;
  source_.content.convert = "s2twp";
  std::string post = Archive("软件更新", "https://a.tw/4");
  EXPECT_NE(post.find("title: \"軟體更新\"\n"), std::string::npos) << post;
  EXPECT_NE(post.find("original_title: 软件更新\n"), std::string::npos) << post;
  EXPECT_NE(post.find("src=\"https://a.tw/臺灣/圖片.jpg?q=臺灣\""), std::string::npos) << post;
}

}  // namespace
}  // namespace feedmirror
