#include "feed/url.h"

#include <gtest/gtest.h>

namespace feedmirror {
namespace {

// RFC 3986 §5.4 examples against http://a/b/c/d;p?q.
TEST(UrlTest, Rfc3986NormalExamples) {
  const char* base = "http://a/b/c/d;p?q";
  EXPECT_EQ(ResolveUrl(base, "g:h"), "g:h");
  EXPECT_EQ(ResolveUrl(base, "g"), "http://a/b/c/g");
  EXPECT_EQ(ResolveUrl(base, "./g"), "http://a/b/c/g");
  EXPECT_EQ(ResolveUrl(base, "g/"), "http://a/b/c/g/");
  EXPECT_EQ(ResolveUrl(base, "/g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(base, "//g"), "http://g");
  EXPECT_EQ(ResolveUrl(base, "?y"), "http://a/b/c/d;p?y");
  EXPECT_EQ(ResolveUrl(base, "g?y"), "http://a/b/c/g?y");
  EXPECT_EQ(ResolveUrl(base, "#s"), "http://a/b/c/d;p?q#s");
  EXPECT_EQ(ResolveUrl(base, "g#s"), "http://a/b/c/g#s");
  EXPECT_EQ(ResolveUrl(base, ";x"), "http://a/b/c/;x");
  EXPECT_EQ(ResolveUrl(base, ""), "http://a/b/c/d;p?q");
  EXPECT_EQ(ResolveUrl(base, "."), "http://a/b/c/");
  EXPECT_EQ(ResolveUrl(base, ".."), "http://a/b/");
  EXPECT_EQ(ResolveUrl(base, "../g"), "http://a/b/g");
  EXPECT_EQ(ResolveUrl(base, "../.."), "http://a/");
  EXPECT_EQ(ResolveUrl(base, "../../g"), "http://a/g");
}

TEST(UrlTest, Rfc3986AbnormalExamples) {
  const char* base = "http://a/b/c/d;p?q";
  EXPECT_EQ(ResolveUrl(base, "../../../g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(base, "/./g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(base, "/../g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(base, "g."), "http://a/b/c/g.");
  EXPECT_EQ(ResolveUrl(base, "./../g"), "http://a/b/g");
  EXPECT_EQ(ResolveUrl(base, "g/./h"), "http://a/b/c/g/h");
  EXPECT_EQ(ResolveUrl(base, "g/../h"), "http://a/b/c/h");
  EXPECT_EQ(ResolveUrl(base, "g;x=1/../y"), "http://a/b/c/y");
}

TEST(UrlTest, FeedCases) {
  EXPECT_EQ(ResolveUrl("https://example.org", "news/1.html"), "https://example.org/news/1.html");
  EXPECT_EQ(ResolveUrl("https://example.org/feed.xml", "  /a b  "), "https://example.org/a b");
  EXPECT_EQ(ResolveUrl("", "news/1.html"), "news/1.html");             // no base: as is
  EXPECT_EQ(ResolveUrl("relative/base/", "x"), "x");
  EXPECT_EQ(ResolveUrl("https://example.org/", "mailto:a@example.org"), "mailto:a@example.org");
  EXPECT_EQ(ResolveUrl("https://example.org/a/", "//cdn.example.org/i.png"), "https://cdn.example.org/i.png");
  EXPECT_TRUE(HasScheme("https://x"));
  EXPECT_FALSE(HasScheme("/x:y"));
}

}  // namespace
}  // namespace feedmirror
