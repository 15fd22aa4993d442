// The site copies the archive's own assets/ (downloaded images) into
// _site/assets/, incrementally.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "site/site_builder.h"

namespace feedmirror {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class ArchiveAssetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("fm-assets-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "_posts");
    options_.dir = dir_.string();
    options_.jobs = 2;
    Write("_posts/2020-10-26-one.md",
          "---\nlayout: post\ntitle: \"one\"\ndate: 2020-10-26T00:00:00.000Z\nauthor: S\nfrom: "
          "https://a.tw/1\ntags: [ S ]\ncategories: [ S ]\n---\n<!--0-->\n[one](https://a.tw/1)\n"
          "------\n\n<div>\n<p>one</p><img src=\"/assets/img/ab/ab01.jpg\">\n</div>\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& path, const std::string& bytes) {
    fs::create_directories((dir_ / path).parent_path());
    std::ofstream(dir_ / path, std::ios::binary) << bytes;
  }
  fs::path Site(const std::string& path) { return dir_ / "_site" / path; }

  fs::path dir_;
  SiteOptions options_;
};

TEST_F(ArchiveAssetsTest, CopiedAndKeptInStepWithTheArchive) {
  Write("assets/img/ab/ab01.jpg", "\xFF\xD8\xFF jpeg");
  Write("assets/img/cd/cd02.png", "png bytes");
  Write("assets/img/ab/.ab03.jpg.tmp-12345", "half written");
  Write("assets/style.css", "archive css");  // the theme's asset of that name wins
  BuildSite(options_);
  EXPECT_EQ(Slurp(Site("assets/img/ab/ab01.jpg")), "\xFF\xD8\xFF jpeg");
  EXPECT_EQ(Slurp(Site("assets/img/cd/cd02.png")), "png bytes");
  EXPECT_FALSE(fs::exists(Site("assets/img/ab/.ab03.jpg.tmp-12345")));
  EXPECT_NE(Slurp(Site("assets/style.css")), "archive css");

  // Unchanged images are not copied again; new ones are; removed ones go.
  fs::file_time_type before = fs::last_write_time(Site("assets/img/ab/ab01.jpg"));
  Write("assets/img/ef/ef04.gif", "GIF89a");
  fs::remove(dir_ / "assets/img/cd/cd02.png");
  BuildStats stats = BuildSite(options_);
  EXPECT_EQ(stats.files_written, 1);
  EXPECT_EQ(stats.files_removed, 1);
  EXPECT_EQ(fs::last_write_time(Site("assets/img/ab/ab01.jpg")), before);
  EXPECT_EQ(Slurp(Site("assets/img/ef/ef04.gif")), "GIF89a");
  EXPECT_FALSE(fs::exists(Site("assets/img/cd/cd02.png")));
}

TEST_F(ArchiveAssetsTest, NoAssetsFolderIsFine) {
  BuildStats stats = BuildSite(options_);
  EXPECT_TRUE(stats.problems.empty());
  EXPECT_FALSE(fs::exists(Site("assets/img")));
}

}  // namespace
}  // namespace feedmirror
