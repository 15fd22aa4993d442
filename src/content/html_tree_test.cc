#include "content/html_tree.h"

#include <gtest/gtest.h>

#include "content/html_serializer.h"
#include "util/utf8.h"

namespace feedmirror {
namespace {

TEST(HtmlTreeTest, ParsesAFragmentInADivContext) {
  auto root = ParseHtmlFragment("<P CLASS='a b'>x<b>y</b></p><td>cell</td>z");
  ASSERT_EQ(root->kind, NodeKind::kFragment);
  ASSERT_EQ(root->children.size(), 2u);  // a stray <td> is ignored, its text kept
  const HtmlNode& p = *root->children[0];
  EXPECT_TRUE(p.IsElement("p"));
  EXPECT_EQ(*p.Attribute("class"), "a b");
  EXPECT_TRUE(p.HasClass("b"));
  EXPECT_FALSE(p.HasClass("a b"));
  EXPECT_EQ(p.TextContent(), "xy");
  EXPECT_EQ(p.children[1]->parent, &p);
  EXPECT_EQ(root->children[1]->text, "cellz");
}

TEST(HtmlTreeTest, MarksForeignElementsAndKeepsComments) {
  auto root = ParseHtmlFragment("<svg><foreignObject><p>x</p></foreignObject></svg><!-- c -->");
  ASSERT_EQ(root->children.size(), 2u);
  EXPECT_TRUE(root->children[0]->foreign);
  EXPECT_EQ(root->children[0]->children[0]->name, "foreignobject");
  EXPECT_FALSE(root->children[0]->children[0]->children[0]->foreign);
  EXPECT_EQ(root->children[1]->kind, NodeKind::kComment);
  EXPECT_EQ(root->children[1]->text, " c ");
}

TEST(HtmlTreeTest, UnknownElementsKeepTheirLowerCaseName) {
  auto root = ParseHtmlFragment("<My-Widget data-X=1>t</My-Widget>");
  EXPECT_EQ(root->children[0]->name, "my-widget");
  EXPECT_EQ(root->children[0]->attributes[0].name, "data-x");
}

TEST(HtmlTreeTest, FlattensNestingDeeperThanTheLimit) {
  std::string html;
  for (int i = 0; i < 1000; ++i) html += "<span>";
  html += "deep";
  auto root = ParseHtmlFragment(html);
  int depth = 0;
  const HtmlNode* node = root.get();
  while (!node->children.empty() && node->children[0]->kind == NodeKind::kElement) {
    node = node->children[0].get();
    ++depth;
  }
  EXPECT_EQ(depth, kMaxTreeDepth - 1);
  EXPECT_EQ(node->TextContent(), "deep");
}

TEST(HtmlTreeTest, UnwrapDetachAndInsertKeepParentsRight) {
  auto root = ParseHtmlFragment("<div>a<b>b</b>c</div>");
  HtmlNode& div = *root->children[0];
  Unwrap(div);
  ASSERT_EQ(root->children.size(), 3u);
  EXPECT_EQ(root->children[1]->parent, root.get());
  std::unique_ptr<HtmlNode> bold = Detach(*root->children[1]);
  InsertChild(*root, 0, std::move(bold));
  EXPECT_EQ(SerializeChildren(*root), "<b>b</b>ac");
}

TEST(HtmlTreeTest, RemoveElementsAndVisitElements) {
  auto root = ParseHtmlFragment("<p><i>x</i><b><i>y</i></b></p><i>z</i>");
  int visited = 0;
  VisitElements(*root, [&](HtmlNode&) { ++visited; });
  EXPECT_EQ(visited, 5);
  RemoveElements(*root, [](const HtmlNode& node) { return node.name == "i"; });
  EXPECT_EQ(SerializeChildren(*root), "<p><b></b></p>");
}

// Gumbo 0.10.1 lets a long numeric character reference overflow an int; a
// negative value came out as a lone byte, ill-formed UTF-8 that parsing the
// serialization turned into U+FFFD (found by the sanitizer fuzzer).
TEST(HtmlTreeTest, OverflowingNumericReferencesGiveWellFormedText) {
  const std::string digits(90, '6');
  auto root = ParseHtmlFragment("<p title=\"a&#" + digits + ";b\">c&#" + digits + ":d&#x" + digits + "e</p>");
  const HtmlNode& p = *root->children[0];
  ASSERT_EQ(p.children.size(), 1u);
  const std::string& text = p.children[0]->text;
  EXPECT_EQ(ToValidUtf8(text), text);
  EXPECT_EQ(ToValidUtf8(*p.Attribute("title")), *p.Attribute("title"));
  std::string html = SerializeChildren(*root);
  EXPECT_EQ(SerializeChildren(*ParseHtmlFragment(html)), html);
}

}  // namespace
}  // namespace feedmirror
