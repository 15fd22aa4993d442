#include "site/post_reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "util/error.h"

namespace feedmirror {
namespace {

std::string ReadShared(const std::string& rel) {
  std::ifstream in(std::string(FEEDMIRROR_SHARED_DIR) + "/" + rel, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string ErrorOf(const std::string& path, std::string_view text) {
  try {
    ReadPost(path, text);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(PostReaderTest, ReadsTheReferencePost) {
  std::string text = ReadShared("fixtures/seed-cna/expected-post.md");
  SourcePost p = ReadPost("2020-10-26-亞塞拜然亞美尼亞再次同意停火-能否奏效待觀察.md", text);
  EXPECT_EQ(p.title, "亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察");
  EXPECT_EQ(p.file_slug, "亞塞拜然亞美尼亞再次同意停火-能否奏效待觀察");
  EXPECT_TRUE(p.date.has_offset);
  EXPECT_EQ(p.date.epoch_ms, 1603691777000);
  EXPECT_EQ(p.author, "(臺)中央社CNA");
  EXPECT_EQ(p.from, "https://www.cna.com.tw/news/firstnews/202010260100.aspx");
  EXPECT_EQ(p.tags, std::vector<std::string>{"(臺)中央社CNA"});
  EXPECT_EQ(p.categories, std::vector<std::string>{"(臺)中央社CNA"});
  EXPECT_TRUE(p.body.starts_with("<!--1603691777000-->\n[亞塞拜然"));

  RenderedBody body = RenderBody(p.body);
  EXPECT_TRUE(body.archive_format);
  EXPECT_TRUE(body.html.starts_with("<div>\n<div class=\"fullPic\">"));
  EXPECT_TRUE(body.html.ends_with("https://feedx.xyz</a><br></div>\n</div>"));
}

TEST(PostReaderTest, FileNameGivesDateSlugAndTitleWhenMissing) {
  SourcePost p = ReadPost("sub/2021-3-7-hello-big-world..md", "---\nlayout: post\n---\nbody\n");
  EXPECT_EQ(p.file_slug, "hello-big-world");
  EXPECT_EQ(p.title, "Hello Big World");
  EXPECT_FALSE(p.date.has_offset);
  EXPECT_EQ(p.date.epoch_ms, 1615075200000);  // 2021-03-07 local midnight
  EXPECT_EQ(p.body, "body\n");
}

TEST(PostReaderTest, CategoriesAndTagsAsJekyllCollectsThem) {
  SourcePost p = ReadPost("2021-01-01-a.md",
                          "---\ncategories: News World\ncategory: Extra\ntags: one two\ntag: single tag\n---\n");
  EXPECT_EQ(p.categories, (std::vector<std::string>{"News", "World", "Extra"}));
  EXPECT_EQ(p.tags, std::vector<std::string>{"single tag"});
  SourcePost q = ReadPost("2021-01-01-a.md", "---\ncategories: [ a, b, a ]\nslug: S\npermalink: /x/\npublished: false\n---\n");
  EXPECT_EQ(q.categories, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(q.slug, "S");
  EXPECT_EQ(q.permalink, "/x/");
  EXPECT_FALSE(q.published);
}

TEST(PostReaderTest, Errors) {
  EXPECT_EQ(ErrorOf("notes.md", "---\n---\n"), "notes.md:1: the file name is not YYYY-MM-DD-<slug>.<ext>");
  EXPECT_EQ(ErrorOf("2021-01-01-a.md", "no front matter\n"),
            "2021-01-01-a.md:1: no front matter (the file must start with a '---' line)");
  EXPECT_EQ(ErrorOf("2021-01-01-a.md", "---\ntitle: x\n"), "2021-01-01-a.md:1: front matter is not closed by a '---' line");
  EXPECT_EQ(ErrorOf("2021-01-01-a.md", "---\ntitle: x\ndate: yesterday\n---\n"),
            "2021-01-01-a.md:3: date 'yesterday' is not a date");
  EXPECT_EQ(ErrorOf("2021-01-01-a.md", "---\ntitle: \"x\n---\nbody\n"),
            "2021-01-01-a.md:2: unterminated double-quoted string");
}

TEST(PostReaderTest, PostBodyIsReadPostsBodyWithoutTheFrontMatterParse) {
  std::string text = ReadShared("fixtures/seed-cna/expected-post.md");
  std::string path = "2020-10-26-x.md";
  EXPECT_EQ(PostBody(path, text), ReadPost(path, text).body);
  EXPECT_EQ(PostBody(path, "\xEF\xBB\xBF---\ntitle: x\n...\nthe body\n"), "the body\n");
  EXPECT_EQ(PostBody(path, "---\n---"), "");
  // Front matter it does not parse: no error for it.
  EXPECT_EQ(PostBody(path, "---\ntitle: \"x\n---\nbody\n"), "body\n");
  try {
    PostBody(path, "---\ntitle: x\n");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "2020-10-26-x.md:1: front matter is not closed by a '---' line");
  }
}

TEST(PostReaderTest, PostFileNames) {
  EXPECT_TRUE(IsPostFileName("2020-10-26-x.md"));
  EXPECT_TRUE(IsPostFileName("a/20-1-2-x.markdown"));
  EXPECT_TRUE(IsPostFileName("2020-10-26-x.html"));
  EXPECT_FALSE(IsPostFileName("2020-10-26-x.md~"));
  EXPECT_FALSE(IsPostFileName(".2020-10-26-x.md"));
  EXPECT_FALSE(IsPostFileName("2020-10-26-x.txt"));
  EXPECT_FALSE(IsPostFileName("2020-10-x.md"));
  EXPECT_FALSE(IsPostFileName("readme.md"));
}

TEST(PostReaderTest, Dates) {
  auto ms = [](std::string_view s) { return ParsePostDate(s).value().epoch_ms; };
  EXPECT_EQ(ms("2020-10-26T05:56:17.000Z"), 1603691777000);
  EXPECT_EQ(ms("2020-10-26T05:56:17.5Z"), 1603691777500);
  EXPECT_EQ(ms("2020-10-26 13:56:17 +08:00"), 1603691777000);
  EXPECT_EQ(ms("2020-10-26 13:56:17 +0800"), 1603691777000);
  EXPECT_EQ(ms("2020-10-26 00:56:17 -05"), 1603691777000);
  EXPECT_TRUE(ParsePostDate("2020-10-26 05:56:17 UTC")->has_offset);
  EXPECT_FALSE(ParsePostDate("2020-10-26 05:56")->has_offset);
  EXPECT_EQ(ms("2020-10-26 05:56"), 1603691760000);
  EXPECT_FALSE(ParsePostDate("2020-13-01"));
  EXPECT_FALSE(ParsePostDate("2020-10-26 5:56:17 +8:00"));
  EXPECT_FALSE(ParsePostDate("2020-10-26x"));
}

TEST(PostReaderTest, RestoresNeutralisedLiquid) {
  EXPECT_EQ(LiteralBody("a {{ \"{{\" }} x }} and {{ \"{%\" }} if %} b"), "a {{ x }} and {% if %} b");
  // A literal `{{ "{{" }}` in an article survives the round trip.
  EXPECT_EQ(LiteralBody("{{ \"{{\" }} \"{{ \"{{\" }}\" }}"), "{{ \"{{\" }}");
  EXPECT_EQ(LiteralBody("{% raw %}\n{{ x }}\n{% endraw %}\n"), "{{ x }}\n\n");
  EXPECT_EQ(LiteralBody("{ \"{ plain"), "{ \"{ plain");
  RenderedBody b = RenderBody("<!--1-->\n[t](u)\n------\n\n<div>\n<p>{{ \"{{\" }} v }}</p>\n</div>\n");
  EXPECT_TRUE(b.archive_format);
  EXPECT_EQ(b.html, "<div>\n<p>{{ v }}</p>\n</div>");
}

TEST(PostReaderTest, OtherBodiesAreMarkdown) {
  RenderedBody b = RenderBody("Hello *world* {{ \"{{\" }}x}}\n\n<p class=\"k\">raw</p>\n\n| a |\n|---|\n| 1 |\n");
  EXPECT_FALSE(b.archive_format);
  EXPECT_EQ(b.html,
            "<p>Hello <em>world</em> {{x}}</p>\n<p class=\"k\">raw</p>\n<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n"
            "</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>");
}

TEST(PostReaderTest, ArticleText) {
  EXPECT_EQ(ArticleText("<div><p>停<b>火</b> &amp; A&#x4E2D;&#20013;</p><p>x</p><script>var a='<p>';</script>"
                       "<!-- c --><style>p{}</style>y &bogus; &lt;</div>"),
            "停火 & A中中 x y &bogus; <");
}

}  // namespace
}  // namespace feedmirror
