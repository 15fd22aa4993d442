#include "site/site_builder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <chrono>
#include <map>
#include <set>
#include <sstream>

#include "site/site_writer.h"
#include "util/error.h"

namespace feedmirror {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string PostText(const std::string& title, const std::string& date, const std::string& source,
                     const std::string& body) {
  return "---\nlayout: post\ntitle: \"" + title + "\"\ndate: " + date + "\nauthor: " + source +
         "\nfrom: https://example.com/" + std::to_string(title.size()) + "\ntags: [ " + source +
         " ]\ncategories: [ " + source + " ]\n---\n<!--0-->\n[" + title + "](https://example.com/)\n------\n\n<div>\n" +
         body + "\n</div>\n";
}

// Every file of the site with its modification time.
std::map<std::string, fs::file_time_type> Snapshot(const fs::path& dir) {
  std::map<std::string, fs::file_time_type> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files[e.path().string().substr(dir.string().size() + 1)] = e.last_write_time();
  return files;
}

// Every file of the site with its bytes.
std::map<std::string, std::string> Contents(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files[e.path().string().substr(dir.string().size() + 1)] = Slurp(e.path());
  return files;
}

// The files whose bytes differ (or that exist in only one), outside search/.
std::set<std::string> ChangedPages(const std::map<std::string, std::string>& a,
                                   const std::map<std::string, std::string>& b) {
  std::set<std::string> changed;
  for (const auto& [path, bytes] : a)
    if (!b.contains(path) || b.at(path) != bytes) changed.insert(path);
  for (const auto& [path, bytes] : b)
    if (!a.contains(path)) changed.insert(path);
  std::erase_if(changed, [](const std::string& p) { return p.starts_with("search/"); });
  return changed;
}

class SiteBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("fm-site-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "_posts");
    options_.dir = dir_.string();
    options_.timezone = "Asia/Taipei";
    options_.jobs = 2;
    options_.page_size = 2;
    std::ifstream ref(std::string(FEEDMIRROR_SHARED_DIR) + "/fixtures/seed-cna/expected-post.md", std::ios::binary);
    std::stringstream s;
    s << ref.rdbuf();
    Write("2020-10-26-亞塞拜然亞美尼亞再次同意停火-能否奏效待觀察.md", s.str());
    Write("2020-10-26-second.md", PostText("第二篇 second", "2020-10-26T08:00:00.000Z", "(臺)中央社CNA",
                                           "<p>蓬佩奧 Pompeo {{ \"{{\" }} x }}</p>"));
    Write("2020-10-27-other.md", PostText("其他來源", "2020-10-27T01:00:00.000Z", "(港)明報", "<p>別的</p>"));
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ / "_posts" / name) << text; }
  std::string Site(const std::string& path) { return Slurp(dir_ / "_site" / path); }
  bool Exists(const std::string& path) { return fs::exists(dir_ / "_site" / path); }

  fs::path dir_;
  SiteOptions options_;
};

const std::string kCnaPost = "(臺)中央社cna/2020/10/26/亞塞拜然亞美尼亞再次同意停火-能否奏效待觀察.html";
const std::string kSecond = "(臺)中央社cna/2020/10/26/second.html";
const std::string kOther = "(港)明報/2020/10/27/other.html";

TEST_F(SiteBuilderTest, BuildsEveryKindOfPage) {
  BuildStats s = BuildSite(options_);
  EXPECT_TRUE(s.problems.empty());
  EXPECT_EQ(s.posts, 3);
  for (const std::string& f :
       {kCnaPost, kSecond, kOther, std::string("index.html"),
        std::string("sources/index.html"), std::string("sources/(臺)中央社CNA/index.html"),
        std::string("sources/(臺)中央社CNA/feed.xml"), std::string("tags/(港)明報/index.html"),
        std::string("categories/(臺)中央社CNA/index.html"), std::string("archive/index.html"),
        std::string("archive/2020/10/index.html"), std::string("archive/2020/10/26/index.html"),
        std::string("archive/2020/10/27/index.html"), std::string("feed.xml"), std::string("sitemap.xml"),
        std::string("robots.txt"), std::string("404.html"), std::string("search/index.html"),
        std::string("search/meta.json"), std::string("search/docs/0.json"), std::string("assets/style.css"),
        std::string("assets/search.js")}) {
    EXPECT_TRUE(Exists(f)) << f;
  }
  EXPECT_EQ(s.files_total, s.files_written);
  // The post page: title, local time (Taipei), original link, article, neighbours.
  std::string cna = Site(kCnaPost);
  EXPECT_NE(cna.find("<h1>亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察</h1>"), std::string::npos);
  EXPECT_NE(cna.find("<time datetime=\"2020-10-26T13:56:17+08:00\">2020-10-26 13:56</time>"), std::string::npos);
  EXPECT_NE(cna.find("href=\"https://www.cna.com.tw/news/firstnews/202010260100.aspx\""), std::string::npos);
  EXPECT_NE(cna.find("<div class=\"paragraph\"><p>（中央社華盛頓25日綜合外電報導）"), std::string::npos);
  EXPECT_NE(cna.find("rel=\"next\" href=\"/(%E8%87%BA)%E4%B8%AD%E5%A4%AE%E7%A4%BEcna/2020/10/26/second.html\""),
            std::string::npos);
  EXPECT_EQ(cna.find("rel=\"prev\""), std::string::npos);
  EXPECT_NE(cna.find("<h2 id=\"same-day-h\">同日其他文章"), std::string::npos);
  // Neutralised Liquid is printed as the feed had it.
  EXPECT_NE(Site(kSecond).find("<p>蓬佩奧 Pompeo {{ x }}</p>"), std::string::npos);
  // Home: newest first; three posts (fewer than two pages of two) are all
  // on the front page.
  std::string home = Site("index.html");
  EXPECT_LT(home.find("其他來源"), home.find("第二篇 second"));
  EXPECT_LT(home.find("第二篇 second"), home.find("亞塞拜然亞美尼亞"));
  EXPECT_FALSE(Exists("page/1/index.html"));
  EXPECT_EQ(home.find("class=\"pager\""), std::string::npos);
  EXPECT_NE(Site("sources/index.html").find("<td>2</td>"), std::string::npos);
  // Search: the reference post's bigram 停火 is in its shard, docs list it.
  EXPECT_NE(Site("search/docs/0.json").find("\"(臺)中央社CNA\""), std::string::npos);
  std::string feed = Site("feed.xml");
  EXPECT_NE(feed.find("<title>其他來源</title>"), std::string::npos);
}

TEST_F(SiteBuilderTest, RebuildWithNothingChangedWritesNothing) {
  BuildSite(options_);
  auto before = Snapshot(dir_);
  BuildStats s = BuildSite(options_);
  EXPECT_EQ(s.pages_rendered, 0);
  EXPECT_EQ(s.files_written, 0);
  EXPECT_EQ(s.files_removed, 0);
  EXPECT_EQ(Snapshot(dir_), before);
  options_.incremental = false;  // renders again, but writes no unchanged bytes
  s = BuildSite(options_);
  EXPECT_GT(s.pages_rendered, 0);
  EXPECT_EQ(s.files_written, 0);
  EXPECT_EQ(Snapshot(dir_), before);
}

// With the inputs' signature gone, the build decodes the cache, plans
// every page and finds them all unchanged: the records and outputs it
// takes over (views of the old cache's bytes) encode to the same bytes.
TEST_F(SiteBuilderTest, AnIncrementalPassOverUnchangedPostsKeepsTheCacheBytes) {
  BuildSite(options_);
  std::string cache = Slurp(dir_ / ".feedmirror" / "site-cache");
  auto before = Snapshot(dir_ / "_site");
  fs::remove(dir_ / ".feedmirror" / "site-inputs");
  BuildStats s = BuildSite(options_);
  EXPECT_EQ(s.posts, 3);
  EXPECT_EQ(s.pages_rendered, 0);
  EXPECT_EQ(s.files_written, 0);
  EXPECT_EQ(Slurp(dir_ / ".feedmirror" / "site-cache"), cache);
  EXPECT_FALSE(fs::exists(dir_ / ".feedmirror" / "site-cache.tmp"));
  EXPECT_EQ(Snapshot(dir_ / "_site"), before);
}

// A cache of another format version is ignored: the build starts afresh
// (renders every page) and makes the same site, and a cache of its own.
TEST_F(SiteBuilderTest, ACacheOfAnotherVersionIsIgnored) {
  BuildStats first = BuildSite(options_);
  auto site = Contents(dir_ / "_site");
  fs::path cache = dir_ / ".feedmirror" / "site-cache";
  std::string bytes = Slurp(cache);
  ASSERT_TRUE(bytes.starts_with("feedmirror-site-cache-"));
  bytes[std::string("feedmirror-site-cache-").size()] = '0';  // "…-cache-0…": another version
  std::ofstream(cache, std::ios::binary | std::ios::trunc) << bytes;
  fs::remove(dir_ / ".feedmirror" / "site-inputs");
  BuildStats s = BuildSite(options_);
  EXPECT_EQ(s.pages_rendered, first.pages_rendered);
  EXPECT_EQ(Contents(dir_ / "_site"), site);
  EXPECT_NE(Slurp(cache), bytes);
  fs::remove(dir_ / ".feedmirror" / "site-inputs");
  EXPECT_EQ(BuildSite(options_).pages_rendered, 0);  // its own cache is used
}

TEST_F(SiteBuilderTest, EditedPostOfTheSameSizeIsRebuilt) {
  BuildSite(options_);
  fs::path post = dir_ / "_posts" / "2020-10-26-second.md";
  std::string text = Slurp(post);
  size_t at = text.find("蓬佩奧");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, std::string("蓬佩奧").size(), "龐佩奧");  // same number of bytes
  auto mtime = fs::last_write_time(post);
  std::ofstream(post, std::ios::binary | std::ios::trunc) << text;
  fs::last_write_time(post, mtime + std::chrono::seconds(1));
  BuildStats s = BuildSite(options_);
  EXPECT_GT(s.pages_rendered, 0);
  EXPECT_NE(Site(kSecond).find("<p>龐佩奧 Pompeo"), std::string::npos);
}

TEST_F(SiteBuilderTest, ChangedAndDeletedPosts) {
  BuildSite(options_);
  std::string other_before = Site(kOther);
  Write("2020-10-26-second.md", PostText("第二篇 renamed", "2020-10-26T08:00:00.000Z", "(臺)中央社CNA", "<p>新</p>"));
  BuildStats s = BuildSite(options_);
  EXPECT_GT(s.files_written, 0);
  EXPECT_NE(Site(kSecond).find("第二篇 renamed"), std::string::npos);
  EXPECT_NE(Site(kCnaPost).find("第二篇 renamed"), std::string::npos);  // neighbour link
  EXPECT_NE(Site("index.html").find("第二篇 renamed"), std::string::npos);
  EXPECT_EQ(Site(kOther), other_before);

  fs::remove(dir_ / "_posts" / "2020-10-26-second.md");
  s = BuildSite(options_);
  EXPECT_EQ(s.posts, 2);
  EXPECT_GT(s.files_removed, 0);
  EXPECT_FALSE(Exists(kSecond));
  EXPECT_FALSE(Exists("page/2/index.html"));
  EXPECT_EQ(Site("index.html").find("第二篇"), std::string::npos);
  EXPECT_EQ(Site(kCnaPost).find("第二篇"), std::string::npos);
  EXPECT_EQ(Site("search/docs/0.json").find("第二篇"), std::string::npos);
  EXPECT_EQ(Site("sitemap.xml").find("second.html"), std::string::npos);
}

TEST_F(SiteBuilderTest, ListingPagesAreNumberedFromTheOldest) {
  Write("2020-10-28-d1.md", PostText("d1", "2020-10-28T01:00:00.000Z", "(港)明報", "<p>d1</p>"));
  BuildSite(options_);
  // Four posts, two a page: page/1 holds the two oldest, the front page the
  // two newest; newest first on each.
  std::string front = Site("index.html"), first = Site("page/1/index.html");
  EXPECT_LT(front.find(">d1<"), front.find("其他來源"));
  EXPECT_EQ(front.find("第二篇"), std::string::npos);
  EXPECT_LT(first.find("第二篇"), first.find("亞塞拜然亞美尼亞"));
  EXPECT_NE(front.find("<a rel=\"next\" href=\"/page/1/\">"), std::string::npos);
  EXPECT_EQ(front.find("rel=\"prev\""), std::string::npos);
  EXPECT_NE(front.find("<span>第 2 / 2 頁</span>"), std::string::npos);
  EXPECT_NE(first.find("<a rel=\"prev\" href=\"/\">"), std::string::npos);
  EXPECT_EQ(first.find("rel=\"next\""), std::string::npos);
  EXPECT_NE(first.find("<span>第 1 頁</span>"), std::string::npos);
  EXPECT_FALSE(Exists("page/2/index.html"));

  // A newest post: only the front pages of its listings change, with the
  // post, its neighbour, feeds, sitemap and the pages that count posts.
  auto before = Contents(dir_ / "_site");
  Write("2020-10-29-d2.md", PostText("d2", "2020-10-29T01:00:00.000Z", "(港)明報", "<p>d2</p>"));
  BuildStats s = BuildSite(options_);
  auto after = Contents(dir_ / "_site");
  std::set<std::string> expected = {"(港)明報/2020/10/29/d2.html", "(港)明報/2020/10/28/d1.html",
                                    "index.html", "sources/(港)明報/index.html", "sources/(港)明報/feed.xml",
                                    "tags/(港)明報/index.html", "categories/(港)明報/index.html", "feed.xml",
                                    "archive/2020/10/index.html", "archive/2020/10/29/index.html",
                                    "archive/index.html", "sources/index.html", "tags/index.html",
                                    "categories/index.html", "sitemap.xml"};
  EXPECT_EQ(ChangedPages(before, after), expected);
  EXPECT_EQ(after.at("page/1/index.html"), first);
  EXPECT_NE(after.at("index.html").find(">d2<"), std::string::npos);
  EXPECT_NE(after.at("search/docs/0.json").find("\"d2\""), std::string::npos);
  int search_written = 0;
  for (const auto& [path, bytes] : after)
    if (path.starts_with("search/") && (!before.contains(path) || before.at(path) != bytes)) ++search_written;
  EXPECT_EQ(s.files_written, static_cast<int>(expected.size()) + search_written);
}

TEST_F(SiteBuilderTest, BackdatedPostShiftsThePages) {
  Write("2020-10-28-d1.md", PostText("d1", "2020-10-28T01:00:00.000Z", "(港)明報", "<p>d1</p>"));
  BuildSite(options_);
  Write("2020-10-20-old.md", PostText("舊文", "2020-10-20T01:00:00.000Z", "(臺)中央社CNA", "<p>old</p>"));
  BuildSite(options_);
  // Five posts: page/1 the two oldest, the front page the other three.
  std::string first = Site("page/1/index.html"), front = Site("index.html");
  EXPECT_LT(first.find("亞塞拜然亞美尼亞"), first.find("舊文"));
  EXPECT_EQ(first.find("第二篇"), std::string::npos);
  EXPECT_LT(front.find(">d1<"), front.find("其他來源"));
  EXPECT_LT(front.find("其他來源"), front.find("第二篇"));
  EXPECT_EQ(front.find("亞塞拜然亞美尼亞"), std::string::npos);
  EXPECT_NE(Site("archive/2020/10/page/1/index.html").find("舊文"), std::string::npos);
  // Deleted again: every page is as before.
  fs::remove(dir_ / "_posts" / "2020-10-20-old.md");
  BuildSite(options_);
  EXPECT_EQ(Site("page/1/index.html").find("舊文"), std::string::npos);
  EXPECT_EQ(Site("index.html").find("第二篇"), std::string::npos);
  EXPECT_NE(Site("page/1/index.html").find("第二篇"), std::string::npos);
  EXPECT_EQ(Site("archive/2020/10/page/1/index.html").find("舊文"), std::string::npos);
}

TEST_F(SiteBuilderTest, BadPostsAreSkippedAndNamed) {
  Write("2020-10-28-bad.md", "---\ntitle: \"open\n---\nbody\n");
  BuildStats s = BuildSite(options_);
  ASSERT_EQ(s.problems.size(), 1u);
  EXPECT_EQ(s.problems[0], "2020-10-28-bad.md:2: unterminated double-quoted string");
  EXPECT_EQ(s.posts, 3);
  // Nothing changed: the same report.
  BuildStats again = BuildSite(options_);
  EXPECT_EQ(again.problems, s.problems);
  EXPECT_EQ(again.posts, 3);
  EXPECT_EQ(again.files_total, s.files_total);
  EXPECT_EQ(again.pages_rendered, 0);
}

TEST_F(SiteBuilderTest, PermalinkAndThemeOverride) {
  options_.permalink = "pretty";
  options_.base_path = "/mirror";
  fs::create_directories(dir_ / "theme");
  std::ofstream(dir_ / "theme" / "404.mustache") << "<p>custom {{base}}</p>";
  BuildSite(options_);
  EXPECT_TRUE(Exists("(臺)中央社cna/2020/10/26/second/index.html"));
  EXPECT_NE(Site("404.html").find("<p>custom /mirror</p>"), std::string::npos);
  EXPECT_NE(Site("index.html").find("href=\"/mirror/(%E8%87%BA)%E4%B8%AD%E5%A4%AE%E7%A4%BEcna/2020/10/26/second/\""),
            std::string::npos);
}

TEST_F(SiteBuilderTest, BadOptionsAreUsageErrors) {
  options_.timezone = "Mars/Olympus";
  EXPECT_THROW(BuildSite(options_), UsageError);
  options_.timezone = "UTC";
  options_.permalink = "/:year/:nope/";
  try {
    BuildSite(options_);
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "build: permalink '/:year/:nope/': unknown placeholder ':nope'");
  }
  EXPECT_FALSE(fs::exists(dir_ / "_site"));
}

TEST_F(SiteBuilderTest, InterruptedCommitIsFinishedByTheNextBuild) {
  BuildSite(options_);
  // A commit that was killed after moving nothing: the staged file and the
  // marker are there.
  fs::create_directories(dir_ / ".feedmirror/site-stage");
  std::ofstream(dir_ / ".feedmirror/site-stage/robots.txt") << "staged";
  std::ofstream(dir_ / ".feedmirror/site-commit") << "commit\n";
  EXPECT_TRUE(SiteWriter::RecoverInterruptedCommit((dir_ / "_site").string(), (dir_ / ".feedmirror").string()));
  EXPECT_EQ(Site("robots.txt"), "staged");
  EXPECT_FALSE(fs::exists(dir_ / ".feedmirror/site-commit"));
  // The next build no longer trusts its cache and restores the right bytes.
  std::ofstream(dir_ / ".feedmirror/site-commit") << "commit\n";
  BuildSite(options_);
  EXPECT_EQ(Site("robots.txt"), "User-agent: *\nAllow: /\n");
}

}  // namespace
}  // namespace feedmirror
