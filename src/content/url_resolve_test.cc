#include "content/url_resolve.h"

#include <gtest/gtest.h>

namespace feedmirror {
namespace {

TEST(UrlResolveTest, TrimsLikeABrowser) {
  EXPECT_EQ(TrimUrl("\x01 java\tscr\nipt:x \r\n"), "javascript:x");
}

TEST(UrlResolveTest, FindsTheScheme) {
  EXPECT_EQ(UrlScheme("JaVaScRiPt:alert(1)"), "javascript");
  EXPECT_EQ(UrlScheme("https://a"), "https");
  EXPECT_EQ(UrlScheme("/path:x"), "");
  EXPECT_EQ(UrlScheme("a/b:c"), "");
  EXPECT_EQ(UrlScheme("1x:y"), "");
}

TEST(UrlResolveTest, ResolvesRelativeReferences) {
  const char* base = "https://news.example/a/b.html?q=1";
  EXPECT_EQ(ResolveHttpUrl("c.png", base), "https://news.example/a/c.png");
  EXPECT_EQ(ResolveHttpUrl("/c.png", base), "https://news.example/c.png");
  EXPECT_EQ(ResolveHttpUrl("//cdn.example/c.png", base), "https://cdn.example/c.png");
  EXPECT_EQ(ResolveHttpUrl("../../c.png", base), "https://news.example/c.png");
  EXPECT_EQ(ResolveHttpUrl("?p=2", base), "https://news.example/a/b.html?p=2");
  EXPECT_EQ(ResolveHttpUrl("#f", base), "https://news.example/a/b.html?q=1#f");
  EXPECT_EQ(ResolveHttpUrl("", base + std::string("#old")), "https://news.example/a/b.html?q=1");
  EXPECT_EQ(ResolveHttpUrl("HTTP://Other.example/x", base), "http://Other.example/x");
}

TEST(UrlResolveTest, EncodesUnsafeBytesAndReadsBackslashAsSlash) {
  EXPECT_EQ(ResolveHttpUrl("/a b/\xe5\x9c\x96\".png", "http://x.example/"),
            "http://x.example/a%20b/%E5%9C%96%22.png");
  EXPECT_EQ(ResolveHttpUrl("/\\evil.example/x", "http://x.example/"), "http://evil.example/x");
}

TEST(UrlResolveTest, RefusesOtherSchemesAndMissingBases) {
  EXPECT_EQ(ResolveHttpUrl("javascript:alert(1)", "http://x.example/"), std::nullopt);
  EXPECT_EQ(ResolveHttpUrl("x.png", ""), std::nullopt);
  EXPECT_EQ(ResolveHttpUrl("x.png", "file:///etc/"), std::nullopt);
}

}  // namespace
}  // namespace feedmirror
