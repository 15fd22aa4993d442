#include "content/image_rewrite.h"

#include <gtest/gtest.h>

#include "content/html_serializer.h"
#include "content/html_tree.h"

namespace feedmirror {
namespace {

std::string Promote(std::string_view html) {
  auto root = ParseHtmlFragment(html);
  PromoteLazyImages(*root);
  return SerializeChildren(*root);
}

TEST(ImageRewriteTest, PromotesLazyAttributes) {
  EXPECT_EQ(Promote("<img src=\"data:image/gif;base64,R0\" data-src=\"/a.jpg\" data-srcset=\"/a2.jpg 2x\">"
                    "<img data-original=\"/b.jpg\"><img src=\"/c.jpg\" data-lazy-src=\"/c-big.jpg\">"
                    "<img src=\"/d.jpg\" data-src=\" \">"),
            "<img src=\"/a.jpg\" data-src=\"/a.jpg\" data-srcset=\"/a2.jpg 2x\" srcset=\"/a2.jpg 2x\">"
            "<img data-original=\"/b.jpg\" src=\"/b.jpg\">"
            "<img src=\"/c-big.jpg\" data-lazy-src=\"/c-big.jpg\"><img src=\"/d.jpg\" data-src=\" \">");
}

TEST(ImageRewriteTest, UsesTheNoscriptFallbackForPlaceholders) {
  EXPECT_EQ(Promote("<img src=\"/img/blank.gif\" class=lazy><noscript><img src=\"/real.jpg\" alt=\"a\">"
                    "</noscript><p>x</p>"),
            "<img src=\"/real.jpg\" alt=\"a\"><p>x</p>");
  EXPECT_EQ(Promote("<img src=\"/shown.jpg\"> <noscript><img src=\"/other.jpg\"></noscript>"),
            "<img src=\"/shown.jpg\"> ");
  EXPECT_EQ(Promote("<p>a</p><noscript><img src=\"/only.jpg\"></noscript>"),
            "<p>a</p><img src=\"/only.jpg\">");
  EXPECT_EQ(Promote("<noscript><p>enable js</p></noscript>"), "<noscript><p>enable js</p></noscript>");
}

TEST(ImageRewriteTest, RecognizesPlaceholders) {
  auto root = ParseHtmlFragment("<img><img src=\"\"><img src=\"data:,\"><img src=\"/x/spacer.GIF\">"
                                "<img src=\"/lazy-load.png?x\"><img srcset=\"a.jpg 2x\"><img src=\"/photo.jpg\">");
  std::vector<bool> placeholder;
  for (const auto& child : root->children) placeholder.push_back(IsPlaceholderImage(*child));
  EXPECT_EQ(placeholder, (std::vector<bool>{true, true, true, true, true, false, false}));
}

TEST(ImageRewriteTest, RewritesImgAndSourceUrls) {
  auto root = ParseHtmlFragment("<picture><source srcset=\"/a.webp\"><img src=\"/b.jpg\" srcset=\"/c.jpg 2x\">"
                                "</picture><video><source src=\"/v.mp4\"></video>");
  RewriteImageUrls(*root, "https://n.example/", ContentOptions{});
  EXPECT_EQ(SerializeChildren(*root),
            "<picture><source srcset=\"https://images.weserv.nl/?url=n.example/a.webp\">"
            "<img src=\"https://images.weserv.nl/?url=n.example/b.jpg\" "
            "srcset=\"https://images.weserv.nl/?url=n.example/c.jpg 2x\"></picture>"
            "<video><source src=\"/v.mp4\"></video>");
}

}  // namespace
}  // namespace feedmirror
