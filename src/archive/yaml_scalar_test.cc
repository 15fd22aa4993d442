#include "archive/yaml_scalar.h"

#include <gtest/gtest.h>

namespace feedmirror {
namespace {

TEST(YamlScalarTest, PlainWhenSafe) {
  EXPECT_EQ(YamlScalar("(臺)中央社CNA"), "(臺)中央社CNA");
  EXPECT_EQ(YamlScalar("https://www.cna.com.tw/news/firstnews/202010260100.aspx"),
            "https://www.cna.com.tw/news/firstnews/202010260100.aspx");
  EXPECT_EQ(YamlScalar("C#"), "C#");
  EXPECT_EQ(YamlScalar("He said \"hi\""), "He said \"hi\"");
  EXPECT_EQ(YamlScalar("a\\b"), "a\\b");
  EXPECT_EQ(YamlScalar("12 Monkeys"), "12 Monkeys");
  EXPECT_EQ(YamlScalar("face"), "face");
  EXPECT_EQ(YamlScalar("9to5Mac"), "9to5Mac");
  EXPECT_EQ(YamlScalar("Re:Zero"), "Re:Zero");
  EXPECT_EQ(YamlScalar("a:b"), "\"a:b\"");  // looks like a sexagesimal number
  EXPECT_EQ(YamlScalar("a,b [c] {d}"), "a,b [c] {d}");
  EXPECT_EQ(YamlScalar("😀 emoji"), "😀 emoji");
  EXPECT_EQ(YamlScalar("\u00A0nbsp"), "\u00A0nbsp");
  EXPECT_EQ(YamlScalar("全形\u3000空白"), "全形\u3000空白");
}

TEST(YamlScalarTest, QuotesIndicatorsAndStructure) {
  EXPECT_EQ(YamlScalar(""), "\"\"");
  EXPECT_EQ(YamlScalar(" lead"), "\" lead\"");
  EXPECT_EQ(YamlScalar("trail "), "\"trail \"");
  EXPECT_EQ(YamlScalar("a: b"), "\"a: b\"");
  EXPECT_EQ(YamlScalar("a:"), "\"a:\"");
  EXPECT_EQ(YamlScalar("a #b"), "\"a #b\"");
  for (std::string indicator : {"-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|",
                                ">", "'", "%", "@", "`", "."}) {
    EXPECT_EQ(YamlScalar(indicator + "x"), "\"" + indicator + "x\"") << indicator;
  }
  EXPECT_EQ(YamlScalar("\"x"), "\"\\\"x\"");
}

TEST(YamlScalarTest, FlowContextQuotesFlowIndicators) {
  for (std::string value : {"a:b", "a,b", "a[b", "a]b", "a{b", "a}b", "9e?", "a?b"}) {
    EXPECT_EQ(YamlScalar(value, YamlContext::kFlow), "\"" + value + "\"") << value;
  }
  EXPECT_EQ(YamlScalar("a b(c)", YamlContext::kFlow), "a b(c)");
}

TEST(YamlScalarTest, QuotesOtherTypes) {
  for (std::string value : {"yes",
                            "No",
                            "ON",
                            "off",
                            "y",
                            "N",
                            "true",
                            "FALSE",
                            "~",
                            "null",
                            "NuLL",
                            "=",
                            "<<",
                            "1",
                            "1.5",
                            "0x1F",
                            "0o17",
                            "017",
                            "1:20",
                            "1_000",
                            "1,000",
                            "+1",
                            "2020-10-26",
                            "2020-10-26T05:56:17Z",
                            "2020-10-26 05:56:17 +08:00",
                            "1e5",
                            "nan",
                            "Inf"}) {
    EXPECT_EQ(YamlScalar(value), "\"" + value + "\"") << value;
  }
}

TEST(YamlScalarTest, DoubleQuotedEscapes) {
  EXPECT_EQ(YamlDoubleQuoted("亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察"),
            "\"亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察\"");
  EXPECT_EQ(YamlDoubleQuoted("\"\\"), "\"\\\"\\\\\"");
  EXPECT_EQ(YamlDoubleQuoted(std::string("\0\a\b\t\n\v\f\r\x1b\x01\x7f", 11)),
            "\"\\0\\a\\b\\t\\n\\v\\f\\r\\e\\x01\\x7F\"");
  EXPECT_EQ(YamlDoubleQuoted("\u0085\u0080\u2028\u2029\uFEFF\uFFFE\uFFFF"),
            "\"\\N\\x80\\L\\P\\uFEFF\\uFFFE\\uFFFF\"");
  EXPECT_EQ(YamlDoubleQuoted("😀\u00A0\uE000"), "\"😀\u00A0\uE000\"");
  EXPECT_EQ(YamlDoubleQuoted("bad \xff\xc3( end"), "\"bad \uFFFD\uFFFD( end\"");
  EXPECT_EQ(YamlScalar("tab\there"), "\"tab\\there\"");
  EXPECT_EQ(YamlScalar("bad \xff"), "\"bad \uFFFD\"");
}

TEST(YamlScalarTest, FlowSequence) {
  EXPECT_EQ(YamlFlowSequence({}), "[]");
  EXPECT_EQ(YamlFlowSequence({"(臺)中央社CNA"}), "[ (臺)中央社CNA ]");
  EXPECT_EQ(YamlFlowSequence({"a", "b, c", "yes", ""}), "[ a, \"b, c\", \"yes\", \"\" ]");
}

}  // namespace
}  // namespace feedmirror
