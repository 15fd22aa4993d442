#include "content/sanitizer.h"

#include <gtest/gtest.h>

#include "content/html_serializer.h"
#include "content/html_tree.h"

namespace feedmirror {
namespace {

std::string Clean(std::string_view html, std::string base = "https://news.example/a/b.html") {
  auto root = ParseHtmlFragment(html);
  Sanitize(*root, SanitizeOptions{std::move(base), {"youtube.com", "player.vimeo.com"}});
  return SerializeChildren(*root);
}

TEST(SanitizerTest, KeepsNewsStructure) {
  std::string html =
      "<h2>標題</h2><p>a<strong>b</strong><em>c</em><sub>1</sub><sup>2</sup></p>"
      "<figure><img src=\"https://x.example/i.jpg\" alt=\"圖\"><figcaption>說明</figcaption></figure>"
      "<ul><li>x</li></ul><table><tbody><tr><td colspan=\"2\">t</td></tr></tbody></table>"
      "<ruby>漢<rp>(</rp><rt>hàn</rt><rp>)</rp></ruby><pre><code>x</code></pre>"
      "<blockquote cite=\"https://q.example/\">q</blockquote><abbr title=\"t\">T</abbr>"
      "<time datetime=\"2020-10-26\">today</time>";
  EXPECT_EQ(Clean(html), html);
}

TEST(SanitizerTest, DropsActiveContentWithItsText) {
  EXPECT_EQ(Clean("a<script>alert(1)</script><style>p{}</style><noscript>n</noscript>"
                  "<object data=x>o</object><embed src=x><svg><text>s</text></svg>"
                  "<math><mi>m</mi></math><template>t</template><textarea>x</textarea>"
                  "<select><option>o</select><button>b</button><!-- c -->b"),
            "ab");
}

TEST(SanitizerTest, UnwrapsUnknownAndPresentationalElements) {
  EXPECT_EQ(Clean("<font color=red>a</font><center>b</center><form action=x>c</form><x-y>d</x-y>"),
            "abcd");
}

TEST(SanitizerTest, DropsEventHandlersStylesClassesAndIds) {
  EXPECT_EQ(Clean("<p onclick=\"x()\" style=\"color:red\" class=\"c\" id=\"i\" lang=\"zh\" "
                  "title=\"t\" dir=\"rtl\" data-x=\"1\">p</p><img src=x.png onerror=alert(1)>"),
            "<p lang=\"zh\" title=\"t\" dir=\"rtl\">p</p>"
            "<img src=\"https://news.example/a/x.png\">");
}

TEST(SanitizerTest, AllowsOnlySafeUrlSchemesAndResolvesRelativeOnes) {
  EXPECT_EQ(Clean("<a href=\"javascript:alert(1)\">j</a><a href=\" jAvA&#x0A;script:x\">k</a>"
                  "<a href=\"vbscript:x\">v</a><a href=\"data:text/html,x\">d</a>"
                  "<a href=\"mailto:a@b.example\">m</a><a href=\"../c?x=1&amp;y=2\">r</a>"
                  "<a href=\"//cdn.example/x\">p</a><a href=\"#top\">t</a>"),
            "jkvd<a href=\"mailto:a@b.example\">m</a>"
            "<a href=\"https://news.example/c?x=1&amp;y=2\">r</a>"
            "<a href=\"https://cdn.example/x\">p</a><a href=\"https://news.example/a/b.html#top\">t</a>");
}

TEST(SanitizerTest, KeepsRelativeUrlsWithoutABase) {
  EXPECT_EQ(Clean("<a href=\"x.html\">x</a><img src=\"y.png\">", ""),
            "<a href=\"x.html\">x</a><img src=\"y.png\">");
}

TEST(SanitizerTest, AllowsDataUrlsOnlyForRasterImages) {
  EXPECT_EQ(Clean("<img src=\"data:image/png;base64,iVBO\"><img src=\"data:image/svg+xml,<svg>\">"
                  "<img src=\"data:text/html,x\"><video poster=\"data:image/png;base64,x\"></video>"),
            "<img src=\"data:image/png;base64,iVBO\"><video></video>");
}

TEST(SanitizerTest, SanitizesSrcsetCandidates) {
  EXPECT_EQ(Clean("<img src=a.jpg srcset=\"b.jpg 2x, javascript:x 3x, https://c.example/d.jpg 640w\">"),
            "<img src=\"https://news.example/a/a.jpg\" "
            "srcset=\"https://news.example/a/b.jpg 2x, https://c.example/d.jpg 640w\">");
}

TEST(SanitizerTest, KeepsIframesOnlyFromAllowedHostsAndSandboxesThem) {
  EXPECT_EQ(Clean("<iframe src=\"https://www.youtube.com/embed/x\" onload=\"y\" width=560 "
                  "allowfullscreen>fallback</iframe><iframe src=\"https://evil.example/\"></iframe>"
                  "<iframe src=\"https://youtube.com.evil.example/\"></iframe><iframe srcdoc=x></iframe>"),
            "<iframe src=\"https://www.youtube.com/embed/x\" width=\"560\" allowfullscreen=\"\" "
            "sandbox=\"allow-scripts allow-same-origin allow-presentation allow-popups\"></iframe>");
}

TEST(SanitizerTest, ValidatesNumbersAndDirection) {
  EXPECT_EQ(Clean("<img src=a.jpg width=\"100\" height=\"50%\"><img src=b.jpg width=\"1e9;x\">"
                  "<td colspan=\"x\"><p dir=\"sideways\">x</p>"),
            "<img src=\"https://news.example/a/a.jpg\" width=\"100\" height=\"50%\">"
            "<img src=\"https://news.example/a/b.jpg\"><p>x</p>");
}

TEST(SanitizerTest, RemovesImagesWithoutSourceAndUnwrapsLinksWithoutTarget) {
  EXPECT_EQ(Clean("<img alt=x><img src=\"javascript:x\"><a name=x>a</a><a href=\"javascript:x\">b</a>"),
            "ab");
}

TEST(SanitizerTest, MatchesIframeHostsOnLabelBoundaries) {
  std::vector<std::string> hosts = {"youtube.com"};
  EXPECT_TRUE(UrlHostAllowed("https://youtube.com/x", hosts));
  EXPECT_TRUE(UrlHostAllowed("https://www.YouTube.com:443/x", hosts));
  EXPECT_TRUE(UrlHostAllowed("https://user@m.youtube.com/x", hosts));
  EXPECT_FALSE(UrlHostAllowed("https://notyoutube.com/x", hosts));
  EXPECT_FALSE(UrlHostAllowed("https://youtube.com.evil.example/x", hosts));
  EXPECT_FALSE(UrlHostAllowed("https://evil.example/youtube.com", hosts));
}

}  // namespace
}  // namespace feedmirror
