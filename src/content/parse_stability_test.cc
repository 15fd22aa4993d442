#include "content/parse_stability.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "content/article_html.h"
#include "content/cleanup_rules.h"
#include "content/embeds.h"
#include "content/image_rewrite.h"
#include "content/html_serializer.h"
#include "content/html_tree.h"
#include "content/sanitizer.h"
#include "feed/feed_parser.h"

namespace feedmirror {
namespace {

const SanitizeOptions kSanitize{"https://news.example/a/b.html", ContentOptions{}.iframe_hosts};

std::string ParseAndSerialize(const std::string& html) { return SerializeChildren(*ParseHtmlFragment(html)); }

// A tree built by hand from (name, children) shapes: what clean-up rules
// can make but a parse never gives.
std::unique_ptr<HtmlNode> Element(std::string name, std::vector<std::unique_ptr<HtmlNode>> children = {}) {
  auto node = MakeElement(std::move(name));
  for (auto& child : children) AppendChild(*node, std::move(child));
  return node;
}

std::vector<std::unique_ptr<HtmlNode>> List(std::unique_ptr<HtmlNode> a, std::unique_ptr<HtmlNode> b = nullptr) {
  std::vector<std::unique_ptr<HtmlNode>> list;
  list.push_back(std::move(a));
  if (b) list.push_back(std::move(b));
  return list;
}

std::unique_ptr<HtmlNode> Root(std::unique_ptr<HtmlNode> child) {
  auto root = std::make_unique<HtmlNode>();
  root->kind = NodeKind::kFragment;
  AppendChild(*root, std::move(child));
  return root;
}

TEST(ParseStabilityTest, ParsedAndSanitizedNewsMarkupIsStable) {
  for (const char* html : {
           "<p>a <b>b <i>c</i></b> <a href=\"/x\">d</a><br>e</p><div><figure><img src=\"/i.jpg\" alt=\"\">"
           "<figcaption>f</figcaption></figure></div>",
           "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul><dl><dt>t</dt><dd>d<dl><dd>e</dd></dl></dd></dl>",
           "<table><caption>c</caption><thead><tr><th>h</th></tr></thead>\n<tbody><tr><td>1</td><td><table>"
           "<tbody><tr><td>2</td></tr></tbody></table></td></tr></tbody></table>",
           "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby><pre>\n\nx</pre><h1>t</h1><h2>u</h2>",
           "<blockquote><p>q</p></blockquote><p><span>x</span></p>"}) {
    auto root = ParseHtmlFragment(html);
    Sanitize(*root, kSanitize);
    EXPECT_TRUE(IsParseStable(*root)) << html;
    std::string serialized = SerializeChildren(*root);
    EXPECT_EQ(ParseAndSerialize(serialized), serialized);
  }
}

TEST(ParseStabilityTest, ShapesTheParserWouldRebuildAreNotStable) {
  // Each of these serializes to markup that parses differently.
  std::vector<std::unique_ptr<HtmlNode>> trees;
  trees.push_back(Root(Element("p", List(Element("div")))));
  trees.push_back(Root(Element("p", List(Element("span", List(Element("ul")))))));
  trees.push_back(Root(Element("a", List(Element("span", List(Element("a")))))));
  trees.push_back(Root(Element("h1", List(Element("h2")))));
  trees.push_back(Root(Element("li", List(Element("span", List(Element("li")))))));
  trees.push_back(Root(Element("dd", List(Element("dt")))));
  trees.push_back(Root(Element("table", List(Element("tr", List(Element("td")))))));
  trees.push_back(Root(Element("table", List(MakeText("x")))));
  trees.push_back(Root(Element("td")));
  trees.push_back(Root(Element("div", List(Element("tr")))));
  trees.push_back(Root(Element("ruby", List(Element("rtc", List(Element("rb")))))));
  trees.push_back(Root(Element("pre", List(MakeText(""), MakeText("\nx")))));
  for (const auto& tree : trees) {
    std::string serialized = SerializeChildren(*tree);
    EXPECT_FALSE(IsParseStable(*tree)) << serialized;
    EXPECT_NE(ParseAndSerialize(serialized), serialized) << serialized;
  }
}

TEST(ParseStabilityTest, UnknownElementsCommentsAndDeepTreesAreNotKnownStable) {
  EXPECT_FALSE(IsParseStable(*ParseHtmlFragment("<font>x</font>")));
  EXPECT_FALSE(IsParseStable(*ParseHtmlFragment("<p><!-- c --></p>")));
  EXPECT_FALSE(IsParseStable(*ParseHtmlFragment("<svg></svg>")));
  EXPECT_FALSE(IsParseStable(*Root(Element("br", List(MakeText("x"))))));
  std::string nested;
  for (int i = 0; i < 90; ++i) nested += "<span><b>";
  EXPECT_TRUE(IsParseStable(*ParseHtmlFragment(nested)));
  std::string deep;
  for (int i = 0; i < 220; ++i) deep += "<span>";  // deeper than the check follows
  EXPECT_FALSE(IsParseStable(*ParseHtmlFragment(deep)));
}

// The item HTML of the demo feeds, the XSS vectors, the fuzz corpus and
// generated bench-corpus items.
std::vector<std::string> Inputs() {
  std::vector<std::string> inputs;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(FEEDMIRROR_SOURCE_DIR) + "/examples/demo")) {
    if (entry.path().extension() != ".xml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    for (const Item& item : ParseFeed(bytes.str(), ParseOptions{}).items) {
      inputs.push_back(item.content.empty() ? item.description : item.content);
    }
  }
  std::ifstream vectors(std::string(FEEDMIRROR_SOURCE_DIR) + "/tests/data/xss/vectors.txt", std::ios::binary);
  std::ostringstream all;
  all << vectors.rdbuf();
  const std::string text = all.str(), separator = "\n----8<----\n";
  for (size_t start = 0, end = 0; start < text.size(); start = end + separator.size()) {
    end = text.find(separator, start);
    if (end == std::string::npos) end = text.size();
    inputs.push_back(text.substr(start, end - start));
  }
  for (const auto& entry : std::filesystem::directory_iterator(std::string(FEEDMIRROR_SOURCE_DIR) + "/tests/fuzz/sanitizer")) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    inputs.push_back(bytes.str());
  }
  std::filesystem::path feed = std::filesystem::temp_directory_path() /
                               ("feedmirror-stability-" + std::to_string(::getpid()) + ".xml");
  std::string command = "python3 " + std::string(FEEDMIRROR_SHARED_DIR) + "/bench/gen_corpus.py --one-big " +
                        feed.string() + " --items 150 --seed 3 >/dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(feed, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove(feed);
  for (const Item& item : ParseFeed(bytes.str(), ParseOptions{}).items) inputs.push_back(item.description);
  return inputs;
}

// Whenever the check says "stable", a parse of the serialization gives it
// back: over sanitized parses of every input, and their raw parses.
TEST(ParseStabilityTest, StableMeansParseAndSerializeGiveTheSameHtmlOverAllCorpora) {
  std::vector<std::string> inputs = Inputs();
  ASSERT_GT(inputs.size(), 500u);
  size_t stable = 0;
  for (const std::string& input : inputs) {
    auto root = ParseHtmlFragment(input);
    std::string raw = SerializeChildren(*root);
    if (IsParseStable(*root)) {
      EXPECT_EQ(ParseAndSerialize(raw), raw) << input;
    }
    Sanitize(*root, kSanitize);
    if (!IsParseStable(*root)) continue;
    ++stable;
    std::string serialized = SerializeChildren(*root);
    EXPECT_EQ(ParseAndSerialize(serialized), serialized) << input;
  }
  EXPECT_GT(stable, inputs.size() / 2);
}

// The standard path as it was before IsParseStable (default options: no
// keep, strip or conversion): settle whenever the parse met an error or
// something was unwrapped, else serialize once.
std::string OldArticleHtml(std::string_view input, const std::string& base) {
  ContentOptions options;
  std::unique_ptr<HtmlNode> root = ParseHtmlFragment(input);
  KeptNodes kept;
  PromoteLazyImages(*root);
  RemovePromoFooter(*root, kept);
  ExpandEmbeds(*root, base, options.iframe_hosts);
  RemoveAdSlots(*root, kept);
  RemoveTrackingPixels(*root, kept);
  SanitizeOptions sanitize{base, options.iframe_hosts};
  Sanitize(*root, sanitize);
  RewriteImageUrls(*root, base, options);
  RemoveEmptyWrappers(*root, kept);
  std::string html = SerializeChildren(*root);
  if (!root->unwrapped && !root->parse_errors) return html;
  for (int round = 0; round < 4; ++round) {
    std::unique_ptr<HtmlNode> again = ParseHtmlFragment(html);
    Sanitize(*again, sanitize);
    std::string next = SerializeChildren(*again);
    if (next == html) return html;
    html = std::move(next);
  }
  auto text = MakeText(ParseHtmlFragment(html)->TextContent());
  HtmlNode holder;
  AppendChild(holder, std::move(text));
  return SerializeChildren(holder);
}

TEST(ParseStabilityTest, SinglePassOutputEqualsTheOldFixedPointOverAllCorpora) {
  std::vector<std::string> inputs = Inputs();
  for (const std::string& input : inputs) {
    EXPECT_EQ(ArticleHtml(input, kSanitize.base_url, ContentOptions{}), OldArticleHtml(input, kSanitize.base_url))
        << input;
  }
}

}  // namespace
}  // namespace feedmirror
