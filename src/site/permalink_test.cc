#include "site/permalink.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace feedmirror {
namespace {

PermalinkPost Post(std::string file_name, std::vector<std::string> categories, LocalDateTime date) {
  PermalinkPost p;
  p.file_name = file_name;
  size_t dot = file_name.rfind('.');
  p.file_slug = file_name.substr(11, dot - 11);
  p.categories = std::move(categories);
  p.date = date;
  return p;
}

const std::string kDate = PermalinkTemplate("date");

// Expected values are what `jekyll build` (4.3.1) printed for the same posts.
TEST(PermalinkTest, DefaultStyleMatchesJekyll) {
  EXPECT_EQ(PostUrl(kDate, Post("2020-10-26-亞塞拜然亞美尼亞再次同意停火-能否奏效待觀察.md", {"(臺)中央社CNA"},
                                {2020, 10, 26, 13, 56, 17})),
            "/(%E8%87%BA)%E4%B8%AD%E5%A4%AE%E7%A4%BEcna/2020/10/26/"
            "%E4%BA%9E%E5%A1%9E%E6%8B%9C%E7%84%B6%E4%BA%9E%E7%BE%8E%E5%B0%BC%E4%BA%9E%E5%86%8D%E6%AC%A1%E5%90%8C"
            "%E6%84%8F%E5%81%9C%E7%81%AB-%E8%83%BD%E5%90%A6%E5%A5%8F%E6%95%88%E5%BE%85%E8%A7%80%E5%AF%9F.html");
  EXPECT_EQ(PostUrl(kDate, Post("2021-01-02-Hello World!.md", {"News", "Ünïcode Ä", "a b"}, {2021, 1, 2})),
            "/news/%C3%BCn%C3%AFcode%20%C3%A4/a%20b/2021/01/02/Hello-World!.html");
  EXPECT_EQ(PostUrl(kDate, Post("2021-02-03-a..b.md", {"x?y#z#w"}, {2021, 2, 3})), "/x?y%23z%23w/2021/02/03/a/b.html");
  EXPECT_EQ(PostUrl(kDate, Post("2021-03-04-100%_sure[1].md", {"c:d"}, {2021, 3, 4})), "/c:d/2021/03/04/100-_sure-1.html");
  EXPECT_EQ(PostUrl(kDate, Post("2021-05-06-tab\tx.md", {}, {2021, 5, 6})), "/2021/05/06/tab-x.html");
  PermalinkPost slugged = Post("2021-04-05-plain.md", {"A", "a"}, {2021, 4, 5});
  slugged.slug = "My Slug";
  EXPECT_EQ(PostUrl(kDate, slugged), "/a/2021/04/05/My-Slug.html");
}

TEST(PermalinkTest, BuiltInStyles) {
  PermalinkPost p = Post("2021-01-03-Some Post.md", {"Cat"}, {2021, 1, 3, 4, 5, 6});
  EXPECT_EQ(PostUrl(PermalinkTemplate("pretty"), p), "/cat/2021/01/03/Some-Post/");
  EXPECT_EQ(PostUrl(PermalinkTemplate("ordinal"), p), "/cat/2021/003/Some-Post.html");
  EXPECT_EQ(PostUrl(PermalinkTemplate("none"), p), "/cat/Some-Post.html");
  // 2021-01-03 is a Sunday in ISO week 53 of 2020.
  EXPECT_EQ(PostUrl(PermalinkTemplate("weekdate"), p), "/cat/2021/W53/Sun/Some-Post.html");
}

TEST(PermalinkTest, CustomTemplates) {
  PermalinkPost p = Post("2021-07-09-Some Post.md", {"Cat One"}, {2021, 7, 9, 4, 5, 6});
  EXPECT_EQ(PostUrl("/:year/:i_month/:i_day/:hour:minute:second/:slug/", p), "/2021/7/9/040506/some-post/");
  EXPECT_EQ(PostUrl("/:slugified_categories/:short_month-:long_month/:short_year/:w_day:long_day/:name", p),
            "/cat-one/Jul-July/21/5Friday/2021-07-09-some-post");
  EXPECT_EQ(PostUrl("/:month_:day/:collection:path:output_ext", p), "/07_09/posts/2021-07-09-Some%20Post.html");
  p.permalink = "/fixed/:title/";
  EXPECT_EQ(PostUrl(kDate, p), "/fixed/Some-Post/");
  p.permalink = "weekdate";  // styles are not applied to a post's own permalink
  EXPECT_EQ(PostUrl(kDate, p), "/weekdate");
  p.permalink.reset();
  try {
    PostUrl("/:nope/", p);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "permalink '/:nope/': unknown placeholder ':nope'");
  }
}

TEST(PermalinkTest, Slugify) {
  EXPECT_EQ(JekyllSlugify("  (臺)中央社CNA: 新聞!  ", SlugifyMode::kPretty, true), "(臺)中央社CNA-新聞!");
  EXPECT_EQ(JekyllSlugify("  (臺)中央社CNA: 新聞!  ", SlugifyMode::kDefault, false), "臺-中央社cna-新聞");
  EXPECT_EQ(JekyllSlugify("Ça va—très bien", SlugifyMode::kDefault, false), "ça-va-très-bien");
}

TEST(PermalinkTest, OutputPaths) {
  EXPECT_EQ(UrlToOutputPath("/news/%C3%BCn%20x/2021/a.html"), "news/ün x/2021/a.html");
  EXPECT_EQ(UrlToOutputPath("/a/b/"), "a/b/index.html");
  EXPECT_EQ(UrlToOutputPath("/a/b"), "a/b.html");
  EXPECT_EQ(UrlToOutputPath("/x?y%23z/a.html"), "x?y#z/a.html");
}

}  // namespace
}  // namespace feedmirror
