#include "site/site_pages.h"

#include <gtest/gtest.h>

#include <map>

#include "site/permalink.h"

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

}  // namespace
}  // namespace feedmirror
