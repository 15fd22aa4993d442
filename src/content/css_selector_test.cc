#include "content/css_selector.h"

#include <gtest/gtest.h>

#include "content/html_tree.h"
#include "util/error.h"

namespace feedmirror {
namespace {

// The ids of the elements of `html` that `selector` matches, space-separated.
std::string MatchedIds(std::string_view selector, std::string_view html) {
  CssSelector parsed = CssSelector::Parse(selector);
  auto root = ParseHtmlFragment(html);
  std::string ids;
  VisitElements(*root, [&](HtmlNode& node) {
    const std::string* id = node.Attribute("id");
    if (id && parsed.Matches(node)) ids += (ids.empty() ? "" : " ") + *id;
  });
  return ids;
}

constexpr std::string_view kPage =
    "<div id=d1 class='post main'><p id=p1 data-x='ad-slot-3'>a<span id=s1 class=post>b</span></p>"
    "<section id=x1><p id=p2 lang=zh-TW title='a b'>c</p></section></div><P id=p3 class=Main>d</P>";

TEST(CssSelectorTest, MatchesTypesClassesIdsAndUniversal) {
  EXPECT_EQ(MatchedIds("p", kPage), "p1 p2 p3");
  EXPECT_EQ(MatchedIds("P", kPage), "p1 p2 p3");
  EXPECT_EQ(MatchedIds(".post", kPage), "d1 s1");
  EXPECT_EQ(MatchedIds("div.post.main", kPage), "d1");
  EXPECT_EQ(MatchedIds(".main", kPage), "d1");
  EXPECT_EQ(MatchedIds("#p2", kPage), "p2");
  EXPECT_EQ(MatchedIds("*", kPage), "d1 p1 s1 x1 p2 p3");
}

TEST(CssSelectorTest, MatchesAttributes) {
  EXPECT_EQ(MatchedIds("[lang]", kPage), "p2");
  EXPECT_EQ(MatchedIds("[data-x=ad-slot-3]", kPage), "p1");
  EXPECT_EQ(MatchedIds("[data-x^='ad-']", kPage), "p1");
  EXPECT_EQ(MatchedIds("[data-x*=\"slot\"]", kPage), "p1");
  EXPECT_EQ(MatchedIds("[data-x$=-3]", kPage), "p1");
  EXPECT_EQ(MatchedIds("[title~=b]", kPage), "p2");
  EXPECT_EQ(MatchedIds("[ID=p3]", kPage), "p3");
  EXPECT_EQ(MatchedIds("[data-x^='']", kPage), "");
}

TEST(CssSelectorTest, MatchesCombinatorsAndLists) {
  EXPECT_EQ(MatchedIds("div p", kPage), "p1 p2");
  EXPECT_EQ(MatchedIds("div > p", kPage), "p1");
  EXPECT_EQ(MatchedIds("div>p", kPage), "p1");
  EXPECT_EQ(MatchedIds(".post span", kPage), "s1");
  EXPECT_EQ(MatchedIds("div section > p", kPage), "p2");
  EXPECT_EQ(MatchedIds("#d1 > section p, span", kPage), "s1 p2");
}

void ExpectSelectorError(std::string_view selector, const std::string& message) {
  try {
    ValidateSelector(selector);
    ADD_FAILURE() << selector << " was accepted";
  } catch (const UsageError& error) {
    EXPECT_EQ(error.what(), message);
  }
}

TEST(CssSelectorTest, RejectsBadSelectorsNamingThem) {
  ExpectSelectorError("", "bad CSS selector \"\": expected a type, '*', '.class', '#id' or '[attribute]' at position 1");
  ExpectSelectorError("div >", "bad CSS selector \"div >\": expected a type, '*', '.class', '#id' or '[attribute]' at position 6");
  ExpectSelectorError("a:hover", "bad CSS selector \"a:hover\": expected a combinator at position 2");
  ExpectSelectorError("[x", "bad CSS selector \"[x\": expected ']', '=', '^=', '*=', '$=' or '~=' at position 3");
  ExpectSelectorError("[x='y]", "bad CSS selector \"[x='y]\": expected a closing ' at position 5");
  ExpectSelectorError("a,,b", "bad CSS selector \"a,,b\": expected a type, '*', '.class', '#id' or '[attribute]' at position 3");
  ExpectSelectorError(".", "bad CSS selector \".\": expected a name at position 2");
  EXPECT_NO_THROW(ValidateSelector(" div.a > p[x^=y] , #z "));
}

}  // namespace
}  // namespace feedmirror
