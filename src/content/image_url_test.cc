#include "content/image_url.h"

#include <gtest/gtest.h>

namespace feedmirror {
namespace {

TEST(ImageUrlTest, NoSchemePlaceholderMatchesTheReference) {
  EXPECT_EQ(ProxyImageUrl("https://imgcdn.cna.com.tw/www/WebPhotos/1024/20201026/x.jpg",
                          kDefaultImageProxy),
            "https://images.weserv.nl/?url=imgcdn.cna.com.tw/www/WebPhotos/1024/20201026/x.jpg");
}

TEST(ImageUrlTest, NoSchemePlaceholderEncodesWhatWouldBreakTheQuery) {
  EXPECT_EQ(ProxyImageUrl("http://a.com/p%20q.jpg?x=1&y=a+b;c#frag", "P?u={url_noscheme}"),
            "P?u=a.com/p%2520q.jpg%3Fx=1%26y=a%2Bb%3Bc%23frag");
}

TEST(ImageUrlTest, UrlPlaceholderEncodesEverythingButUnreserved) {
  EXPECT_EQ(ProxyImageUrl("https://a.com/x_y-z.~jpg?w=1", "https://p/{url}&w=100"),
            "https://p/https%3A%2F%2Fa.com%2Fx_y-z.~jpg%3Fw%3D1&w=100");
}

TEST(ImageUrlTest, ArchivedUrlNormalizesSpacesAndNonAsciiBeforeProxying) {
  ContentOptions options;
  EXPECT_EQ(ArchivedImageUrl(" https://a.com/圖 1.jpg\n", "", options),
            "https://images.weserv.nl/?url=a.com/%25E5%259C%2596%25201.jpg");
}

TEST(ImageUrlTest, KeepModeGivesTheAbsoluteUrl) {
  ContentOptions options;
  options.images = ImageMode::kKeep;
  EXPECT_EQ(ArchivedImageUrl("img/a.png", "http://b.com/news/1.html", options),
            "http://b.com/news/img/a.png");
}

TEST(ImageUrlTest, NonHttpUrlsAreLeftAlone) {
  ContentOptions options;
  EXPECT_EQ(ArchivedImageUrl("data:image/png;base64,AAAA", "http://b.com/", options), std::nullopt);
  EXPECT_EQ(ArchivedImageUrl("javascript:alert(1)", "http://b.com/", options), std::nullopt);
  EXPECT_EQ(ArchivedImageUrl("ftp://b.com/x.png", "http://b.com/", options), std::nullopt);
}

TEST(ImageUrlTest, ParsesSrcsetLikeTheStandard) {
  std::vector<SrcsetCandidate> candidates =
      ParseSrcset("  a.jpg 1x,b,c.jpg  2x , https://x/w_1,h_2/d.jpg 640w,e.jpg,,");
  ASSERT_EQ(candidates.size(), 4u);
  EXPECT_EQ(candidates[0].url, "a.jpg");
  EXPECT_EQ(candidates[0].descriptors, "1x");
  EXPECT_EQ(candidates[1].url, "b,c.jpg");
  EXPECT_EQ(candidates[1].descriptors, "2x");
  EXPECT_EQ(candidates[2].url, "https://x/w_1,h_2/d.jpg");
  EXPECT_EQ(candidates[2].descriptors, "640w");
  EXPECT_EQ(candidates[3].url, "e.jpg");
  EXPECT_EQ(candidates[3].descriptors, "");
  EXPECT_EQ(FormatSrcset(candidates), "a.jpg 1x, b,c.jpg 2x, https://x/w_1,h_2/d.jpg 640w, e.jpg");
}

}  // namespace
}  // namespace feedmirror
