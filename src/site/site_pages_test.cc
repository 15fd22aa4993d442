#include "site/site_pages.h"

#include <gtest/gtest.h>
#include <kainjow/mustache.hpp>

#include <deque>
#include <filesystem>
#include <fstream>
#include <thread>

#include "site/permalink.h"
#include "nasty_strings.h"

namespace feedmirror {
namespace {

TEST(SitePagesTest, BasePathGoesBeforeRootRelativeUrlsInTags) {
  EXPECT_EQ(PrefixRootRelativeUrls("<p><img src=\"/assets/img/ab/x.jpg\" alt=\"/not\" width=\"3\"></p>", "/mirror"),
            "<p><img src=\"/mirror/assets/img/ab/x.jpg\" alt=\"/not\" width=\"3\"></p>");
  EXPECT_EQ(PrefixRootRelativeUrls("<a HREF='/a/b.html'>/text</a><a href=\"//cdn.example/x\">y</a>", "/m"),
            "<a HREF='/m/a/b.html'>/text</a><a href=\"//cdn.example/x\">y</a>");
  EXPECT_EQ(PrefixRootRelativeUrls("<img srcset=\"/a.jpg 1x, https://e.org/b.jpg 2x,/c.jpg 3x\" src=/d.jpg>", "/m"),
            "<img srcset=\"/m/a.jpg 1x, https://e.org/b.jpg 2x,/m/c.jpg 3x\" src=/m/d.jpg>");
  EXPECT_EQ(PrefixRootRelativeUrls("<video poster=\"/p.jpg\" controls></video><a href=\"https://e.org/\">x</a>", "/m"),
            "<video poster=\"/m/p.jpg\" controls></video><a href=\"https://e.org/\">x</a>");
  // Text, comments and a lone '<' stay as they are.
  EXPECT_EQ(PrefixRootRelativeUrls("1 < 2 <!-- <img src=\"/x\"> --> src=\"/y\"", "/m"),
            "1 < 2 <!-- <img src=\"/x\"> --> src=\"/y\"");
  EXPECT_EQ(PrefixRootRelativeUrls("<img src=\"/x.jpg\">", ""), "<img src=\"/x.jpg\">");
  EXPECT_EQ(PrefixRootRelativeUrls("<a href=\"/x", "/m"), "<a href=\"/m/x");
}

TEST(SitePagesTest, PostPagesAndListingsUnderABasePath) {
  PostRecord record;
  record.path = "2020-10-26-x.md";
  record.file_slug = "x";
  record.title = "標題";
  record.author = "(臺)中央社CNA";
  record.date = {true, 1603691777000};
  record.snippet = "摘要";
  std::vector<PostRecord> records{record};
  uint32_t next_id = 0;
  TimeZone zone = TimeZone::Utc();
  SiteModel model = BuildSiteModel(records, zone, PermalinkTemplate("date"), 1, next_id);
  ASSERT_EQ(model.posts.size(), 1u);
  SiteOptions options;
  options.base_path = "/mirror";
  Theme theme = Theme::Load("");
  SiteContext site{options, model, zone, theme};
  PageRenderer renderer(site);
  std::string page = renderer.Post(model.posts[0], "<p><img src=\"/assets/img/ab/x.jpg\" alt=\"\"></p>");
  EXPECT_NE(page.find("<img src=\"/mirror/assets/img/ab/x.jpg\" alt=\"\">"), std::string::npos);
  // The listing entry is rendered once and appears on each listing.
  ListPage home;
  home.heading = "首頁";
  home.posts = {0};
  std::string list = renderer.List(home);
  EXPECT_NE(list.find("<a class=\"title\" href=\"/mirror/2020/10/26/x.html\">標題</a>"), std::string::npos);
  EXPECT_NE(list.find("<p class=\"snippet\">摘要</p>\n</li>\n</ol>"), std::string::npos);
  EXPECT_EQ(renderer.List(home), list);
}

TEST(SitePagesTest, EscapeHtmlWritesWhatKainjowsEscapeWrites) {
  std::vector<std::string> samples = testing::NastyStrings();
  samples.push_back("&<>\"'");
  samples.push_back("a&&b<<c>>d\"\"e''f");
  samples.push_back("<script>alert('x & y')</script>");
  samples.push_back(std::string("nul\0byte &", 11));
  for (const std::string& s : samples) EXPECT_EQ(EscapeHtml(s), kainjow::mustache::html_escape<std::string>(s)) << s;
  EXPECT_EQ(EscapeHtml("R&D <b>\"1\" 'x'</b>"), "R&amp;D &lt;b&gt;&quot;1&quot; &apos;x&apos;&lt;/b&gt;");
}

TEST(SitePagesTest, IsoLocalAndLocalTime) {
  TimeZone taipei = TimeZone::Load("Asia/Taipei");
  EXPECT_EQ(IsoLocal(1603691777000, taipei), "2020-10-26T13:56:17+08:00");
  EXPECT_EQ(IsoLocal(1603691777000, TimeZone::Utc()), "2020-10-26T05:56:17Z");
  EXPECT_EQ(IsoLocal(0, TimeZone::Load("America/St_Johns")), "1969-12-31T20:30:00-03:30");
  EXPECT_EQ(IsoLocal(-62135596800000, TimeZone::Utc()), "1-01-01T00:00:00Z");  // year 1, as printf's %d wrote it
}

class SitePagesFragmentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 3; ++i) {
      PostRecord r;  // its fields are views: the text lives in text_
      r.path = Keep("2020-10-26-p" + std::to_string(i) + ".md");
      r.file_slug = Keep("p" + std::to_string(i));
      r.title = Keep("T" + std::to_string(i) + " & <i>");
      r.author = "S";
      r.date = {true, 1603691777000 + i * 60000};
      records_.push_back(r);
    }
    uint32_t next_id = 0;
    model_ = BuildSiteModel(records_, zone_, PermalinkTemplate("date"), 1, next_id);
  }
  std::string_view Keep(std::string text) { return text_.emplace_back(std::move(text)); }
  std::deque<std::string> text_;
  std::vector<PostRecord> records_;
  TimeZone zone_ = TimeZone::Utc();
  SiteModel model_;
  SiteOptions options_;
};

TEST_F(SitePagesFragmentsTest, RenderersOfOneSiteShareTheEntriesOfOthersOfAnother) {
  Theme theme = Theme::Load("");
  SiteContext site{options_, model_, zone_, theme};
  ListPage home;
  home.heading = "首頁";
  home.posts = {2, 1, 0};
  std::string lists[2];
  std::string posts[2];
  {
    // Two threads, two renderers, one set of fragments.
    PageRenderer a(site), b(site);
    std::thread t([&] { lists[0] = a.List(home), posts[0] = a.Post(model_.posts[1], "<p>x</p>"); });
    lists[1] = b.List(home), posts[1] = b.Post(model_.posts[1], "<p>x</p>");
    t.join();
  }
  EXPECT_EQ(lists[0], lists[1]);
  EXPECT_EQ(posts[0], posts[1]);
  EXPECT_NE(lists[0].find("<a class=\"title\" href=\"/2020/10/26/p0.html\">T0 &amp; &lt;i&gt;</a>"), std::string::npos);
  EXPECT_NE(posts[0].find("<li><a href=\"/2020/10/26/p2.html\">T2 &amp; &lt;i&gt;</a> <span class=\"meta\">S · 05:58</span></li>"),
            std::string::npos);

  // Another site (another theme): fragments of its own.
  std::string dir = ::testing::TempDir() + "/fragments-theme";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/same_day.mustache") << "<li>{{title}}!</li>";
  std::ofstream(dir + "/entry.mustache") << "<li>{{title}}?</li>";
  Theme custom = Theme::Load(dir);
  SiteContext other{options_, model_, zone_, custom};
  PageRenderer c(other);
  EXPECT_NE(c.List(home).find("<li>T0 &amp; &lt;i&gt;?</li>"), std::string::npos);
  EXPECT_NE(c.Post(model_.posts[1], "<p>x</p>").find("<li>T2 &amp; &lt;i&gt;!</li>"), std::string::npos);
  PageRenderer d(site);
  EXPECT_EQ(d.List(home), lists[0]);
  std::filesystem::remove_all(dir);
}

TEST_F(SitePagesFragmentsTest, APageShowsNothingOfThePageBeforeIt) {
  records_[0].from = "https://example.org/0";
  uint32_t next_id = 0;
  model_ = BuildSiteModel(records_, zone_, PermalinkTemplate("date"), 1, next_id);
  std::string dir = ::testing::TempDir() + "/reuse-theme";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/post.mustache")
      << "[{{title}}|{{from}}|{{#from}}F{{/from}}{{^from}}noF{{/from}}|{{#prev}}<{{title}}>{{/prev}}{{^prev}}first{{/prev}}"
         "|{{prev.url}}|{{#next}}{{url}}{{/next}}|{{{body}}}]";
  std::ofstream(dir + "/layout.mustache") << "{{page_title}}/{{#feed}}{{feed}}{{/feed}}{{^feed}}nofeed{{/feed}}/{{{content}}}";
  Theme theme = Theme::Load(dir);
  SiteContext site{options_, model_, zone_, theme};
  PageRenderer r(site);
  std::string first = r.Post(model_.posts[0], "<p>0</p>");
  EXPECT_EQ(first,
            "T0 &amp; &lt;i&gt; · feedmirror/nofeed/[T0 &amp; &lt;i&gt;|https://example.org/0|F|first||"
            "/2020/10/26/p1.html|<p>0</p>]");
  EXPECT_EQ(r.Post(model_.posts[2], "<p>2</p>"),
            "T2 &amp; &lt;i&gt; · feedmirror/nofeed/[T2 &amp; &lt;i&gt;||noF|<T1 &amp; &lt;i&gt;>|/2020/10/26/p1.html||<p>2</p>]");
  ListPage list;
  list.heading = "L";
  list.feed = "/feed.xml";
  EXPECT_TRUE(r.List(list).starts_with("L · feedmirror//feed.xml/"));
  EXPECT_EQ(r.Post(model_.posts[0], "<p>0</p>"), first);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace feedmirror
