#include "site/front_matter.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace feedmirror {
namespace {

using Kind = YamlValue::Kind;

std::string ErrorOf(std::string_view yaml) {
  try {
    ParseFrontMatter(yaml, "_posts/x.md", 2);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(FrontMatterTest, ReadsWhatOurWriterEmits) {
  FrontMatter fm = ParseFrontMatter(
      "layout: post\n"
      "title: \"亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察\"\n"
      "date: 2020-10-26T05:56:17.000Z\n"
      "author: (臺)中央社CNA\n"
      "from: https://www.cna.com.tw/news/firstnews/202010260100.aspx\n"
      "tags: [ (臺)中央社CNA ]\n"
      "categories: [ (臺)中央社CNA, \"a, b\" ]\n",
      "p.md", 2);
  ASSERT_EQ(fm.size(), 7u);
  EXPECT_EQ(fm[1].first, "title");
  EXPECT_EQ(fm[1].second.scalar, "亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察");
  EXPECT_TRUE(fm[1].second.quoted);
  EXPECT_EQ(fm[1].second.line, 3);
  EXPECT_EQ(FindKey(fm, "author")->scalar, "(臺)中央社CNA");
  EXPECT_EQ(FindKey(fm, "from")->scalar, "https://www.cna.com.tw/news/firstnews/202010260100.aspx");
  EXPECT_EQ(FindKey(fm, "tags")->items, std::vector<std::string>{"(臺)中央社CNA"});
  EXPECT_EQ(FindKey(fm, "categories")->items, (std::vector<std::string>{"(臺)中央社CNA", "a, b"}));
}

TEST(FrontMatterTest, DoubleQuotedEscapes) {
  FrontMatter fm = ParseFrontMatter(
      "title: \"say \\\"hi\\\" \\\\ tab\\there\\nline \\u4E2D\\x41 \\U0001F600\"\n", "p.md", 2);
  EXPECT_EQ(FindKey(fm, "title")->scalar, "say \"hi\" \\ tab\there\nline 中A 😀");
}

TEST(FrontMatterTest, SingleQuotedAndPlainWithComment) {
  FrontMatter fm = ParseFrontMatter("a: 'it''s: #1'\nb: plain value # comment\nc: a#b\nd: ~\ne:\n", "p.md", 2);
  EXPECT_EQ(FindKey(fm, "a")->scalar, "it's: #1");
  EXPECT_EQ(FindKey(fm, "b")->scalar, "plain value");
  EXPECT_EQ(FindKey(fm, "c")->scalar, "a#b");
  EXPECT_EQ(FindKey(fm, "d")->kind, Kind::kNull);
  EXPECT_EQ(FindKey(fm, "e")->kind, Kind::kNull);
}

TEST(FrontMatterTest, MultiLineQuotedScalarsFold) {
  FrontMatter fm = ParseFrontMatter("title: \"one\n  two\n\n  three\"\nx: 'a\n  b'\n", "p.md", 2);
  EXPECT_EQ(FindKey(fm, "title")->scalar, "one two\nthree");
  EXPECT_EQ(FindKey(fm, "x")->scalar, "a b");
}

TEST(FrontMatterTest, BlockSequencesAndFlowSequencesOverLines) {
  FrontMatter fm = ParseFrontMatter("tags:\n  - one\n  - \"two: 2\"\n- 'three'\ncats: [ a,\n  b ]\n", "p.md", 2);
  EXPECT_EQ(FindKey(fm, "tags")->items, (std::vector<std::string>{"one", "two: 2", "three"}));
  EXPECT_EQ(FindKey(fm, "cats")->items, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(FindKey(fm, "cats")->line, 6);
}

TEST(FrontMatterTest, UnknownNestedValuesAreKeptRaw) {
  FrontMatter fm = ParseFrontMatter("image:\n  path: /a.png\n  alt: x\nmeta: { a: 1 }\ntitle: t\n", "p.md", 2);
  EXPECT_EQ(FindKey(fm, "image")->kind, Kind::kRaw);
  EXPECT_EQ(FindKey(fm, "image")->scalar, "  path: /a.png\n  alt: x\n");
  EXPECT_EQ(FindKey(fm, "meta")->scalar, "{ a: 1 }");
  EXPECT_EQ(FindKey(fm, "title")->scalar, "t");
}

TEST(FrontMatterTest, BlockScalars) {
  FrontMatter fm = ParseFrontMatter("a: |\n  x\n  y\nb: >\n  x\n  y\n", "p.md", 2);
  EXPECT_EQ(FindKey(fm, "a")->scalar, "x\ny\n");
  EXPECT_EQ(FindKey(fm, "b")->scalar, "x y\n");
}

TEST(FrontMatterTest, LaterDuplicateWins) {
  FrontMatter fm = ParseFrontMatter("a: 1\nb: 2\na: 3\n", "p.md", 2);
  ASSERT_EQ(fm.size(), 2u);
  EXPECT_EQ(FindKey(fm, "a")->scalar, "3");
}

TEST(FrontMatterTest, ErrorsNameFileAndLine) {
  EXPECT_EQ(ErrorOf("title: ok\njust text\n"), "_posts/x.md:3: expected 'key: value'");
  EXPECT_EQ(ErrorOf("title: \"open\n"), "_posts/x.md:2: unterminated double-quoted string");
  EXPECT_EQ(ErrorOf("a: 1\ntitle: 'open\n"), "_posts/x.md:3: unterminated single-quoted string");
  EXPECT_EQ(ErrorOf("tags: [ a, b\n"), "_posts/x.md:2: unterminated flow sequence");
  EXPECT_EQ(ErrorOf("title: \"bad \\q\"\n"), "_posts/x.md:2: unknown escape '\\q' in double-quoted string");
  EXPECT_EQ(ErrorOf("title: \"a\" b\n"), "_posts/x.md:2: unexpected text after a quoted value");
  EXPECT_EQ(ErrorOf("  indented: 1\n"), "_posts/x.md:2: unexpected indented line or sequence item");
  EXPECT_EQ(ErrorOf("title: \"\\u12\"\n"), "_posts/x.md:2: truncated escape in double-quoted string");
  EXPECT_EQ(ErrorOf("tags: [ \"a\" \"b\" ]\n"), "_posts/x.md:2: expected ',' or ']' in flow sequence");
}

}  // namespace
}  // namespace feedmirror
