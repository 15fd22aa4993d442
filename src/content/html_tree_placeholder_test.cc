// ParseHtmlFragment replaces long runs of non-ASCII text by placeholders
// while gumbo parses; the tree must be exactly the one a parse without
// them gives, on real items, hostile inputs and the edge cases below.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>


#include "bench_corpus_items.h"
#include "content/html_serializer.h"
#include "content/html_tree.h"
#include "feed/feed_parser.h"

namespace feedmirror {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Everything a node holds, children included, as text.
void Dump(const HtmlNode& node, std::string& out) {
  out += "(" + std::to_string(static_cast<int>(node.kind)) + " " + node.name + (node.foreign ? " foreign" : "");
  for (const HtmlAttribute& a : node.attributes) out += " [" + a.name + "=" + a.value + "]";
  out += " {" + node.text + "}";
  for (const auto& child : node.children) Dump(*child, out);
  out += ")";
}

std::string DumpParse(const std::unique_ptr<HtmlNode>& root) {
  std::string out = root->parse_errors ? "errors " : "clean ";
  Dump(*root, out);
  return out;
}

// Checks one input; returns its serialization (with placeholders).
std::string ExpectSameTree(const std::string& html) {
  std::unique_ptr<HtmlNode> fast = ParseHtmlFragment(html);
  std::unique_ptr<HtmlNode> plain = ParseHtmlFragmentWithoutPlaceholders(html);
  EXPECT_EQ(DumpParse(fast), DumpParse(plain)) << "input: " << html;
  std::string serialized = SerializeChildren(*fast);
  EXPECT_EQ(serialized, SerializeChildren(*plain)) << "input: " << html;
  return serialized;
}

std::vector<std::string> DemoItemHtml() {
  std::vector<std::string> html;
  std::filesystem::path dir = std::filesystem::path(FEEDMIRROR_SOURCE_DIR) / "examples/demo";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string ext = entry.path().extension().string();
    if (ext != ".xml" && ext != ".json") continue;
    std::string bytes = ReadFile(entry.path());
    html.push_back(bytes);  // the raw feed as markup too
    Feed feed = ParseFeed(bytes, ParseOptions{});
    for (const Item& item : feed.items) {
      html.push_back(item.description);
      html.push_back(item.content);
      html.push_back(item.title);
    }
  }
  return html;
}

TEST(HtmlTreePlaceholderTest, DemoFeedItemsParseAsWithoutPlaceholders) {
  std::vector<std::string> inputs = DemoItemHtml();
  ASSERT_GE(inputs.size(), 30u);
  size_t cjk_items = 0;
  for (const std::string& html : inputs) {
    ExpectSameTree(html);
    if (html.find("\xE7\x9A\x84") != std::string::npos) ++cjk_items;  // 的
  }
  EXPECT_GE(cjk_items, 10u);
}

// The item descriptions of a feed of `items` items from the bench corpus
// generator (deterministic for a seed), as in corpus_stability_test.cc.
TEST(HtmlTreePlaceholderTest, BenchCorpusItemsParseAsWithoutPlaceholders) {
  std::vector<std::string> items = testing::BenchCorpusItems(200, 3);
  ASSERT_EQ(items.size(), 200u);
  for (const std::string& html : items) ExpectSameTree(html);
}

TEST(HtmlTreePlaceholderTest, XssVectorsAndFuzzCorpusParseAsWithoutPlaceholders) {
  std::string source = FEEDMIRROR_SOURCE_DIR;
  std::string vectors = ReadFile(source + "/tests/data/xss/vectors.txt");
  const std::string separator = "\n----8<----\n";
  size_t count = 0, start = 0;
  for (size_t end = vectors.find(separator);; end = vectors.find(separator, start)) {
    ExpectSameTree(vectors.substr(start, end == std::string::npos ? std::string::npos : end - start));
    ++count;
    if (end == std::string::npos) break;
    start = end + separator.size();
  }
  EXPECT_GE(count, 150u);
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(source + "/tests/fuzz/sanitizer")) {
    ExpectSameTree(ReadFile(entry.path()));
    ++files;
  }
  EXPECT_GE(files, 20u);
}

// Where runs may hold ASCII (text, quoted attribute values) and the
// contexts around them that the pre-scan must get right.
std::vector<std::string> AsciiRunCases() {
  return {
      "<p>COVID-19 cases: 1,234 (up 5%) in New York. 中文 text</p>",
      "<pre>\nline one\nline two</pre><listing>\n\nx y z</listing><pre>abc\n</pre>",
      "<table>some text <tr><td>cell text</td> more text </tr> trailing words</table>",
      "<table><colgroup>  words here <col></colgroup></table>",
      "<table><colgroup><col> x y z</table><table><colgroup>   </colgroup>abc def</table>",
      "<table><input type=hidden><input type=\"hidden\"><input type='HIDDEN'><input type=\"text\">x</table>",
      "<table><input type=\"hidden value\">abc</table>",
      "<b title=\"one two\">1<b title=\"one two\">2<b title='one two'>3<b title=one&#32;two>4<p>five six",
      "<a href=\"/x?a=1&b=2&amp=3&copy=4&notin;x\" title=\"&amp;=abc &copy xyz\">link text</a>",
      "<p title=\"a&amp=bcd\" alt=\"x&ampyz\" lang='x&amp;yz' dir=\"&#x41;BC\">&amp=abc &notit; def &#65;BC</p>",
      "<p>1 < 2 and 3 <4 and a <= b <3 <: <</p><p>x <",
      "<p>text</p garbage attr=\"v v v\"><p>more</p foo>bar baz",
      "<p>abc</ p>def</>ghi</1>jkl",
      "<p>abc<!-- a comment with words -->def ghi<!--->jkl mno<!-->pqr stu</p>",
      "<p>abc<!DOCTYPE html>def ghi<?php echo 1 ?>jkl mno<![CDATA[x y z]]>pqr</p>",
      "<p>before<script>var a = \"x < y\"; // words</script>after words</p>",
      "<style>p { color: red }</style><p>words after style</p>",
      "<textarea>\nsome text <b>bold</b></textarea><title>a & b title</title><xmp>x <i> y</xmp>",
      "<iframe>frame text <b>x</b></iframe><noembed>a <b> b</noembed><noscript>a <b> c</noscript>",
      "<template><col> a b c </template><template>x <td>y z</td></template>",
      "<svg><desc>words words</desc><![CDATA[ a b ]]></svg><math><mi>x y z</mi></math>",
      "<plaintext>all <b>of</b> this is text",
      "<p/a=\"1 2 3\"/b='4 5 6'/><p a=\"x\"b=\"y y y\" =c=\"d d d\" \"q\"=\"r r r\"></p>",
      "<p a = \"spaced value\" b= 'single value' c =unquoted/value d=\"unterminated value>",
      "<p class=\"a\r\nb\" title=\"tab\there\">line\r\nbreaks\rand\ttabs\fand\x01controls\x7f and more</p>",
      "<p>nul\x00 in text</p><p title=\"nul\x00 in value\">x</p>",
      // CR LF is one LF: a run in a value must not start at the LF (found by
      // the token soup test).
      "<a href=\"&#x41;\r\n<p>x y\" title='a\r\n\r\nb c'>t</a>",
      "<select>option words<option>one two</option><textarea>x</textarea></select>",
      "<math><annotation-xml encoding=\"text/html\"><p>html words</p></annotation-xml></math>",
      "<p>abc &amp; def &lt;ghi&gt; &quot;jkl&quot; &#x4E2D;&#25991; mno</p>",
      "<frameset><frame></frameset> text after frameset",
      "<isindex prompt=\"search words here\">",
      "<a href='x y z'>1</a><a href='x y z'>2</a><a href='x y z'>3</a><a href='x y z'>4</a>",
      "<a href='x y z'>1<a href='x y z'>2<a href=\"x y z\">3<a href=x&#32;y&#32;z>4<p>5 6 7",
      "<a href='u v w'><b>1<table><td><a href='u v w'>2<a href='u&#32;v w'>3</td></table>4<a href='u v w'>5",
      "<b class='c d e'>1<b class=\"c d e\">2<b class='c&#32;d e'>3<b class=\"c d e\">4<p>5 6 7</p>",
      "<P CLASS=\"Upper Case Words\">UPPER case TEXT</P><SCRIPT>x y z</SCRIPT>after",
      "unterminated <p title=\"value",
      "unterminated <p title",
      "trailing text with spaces   ",
      "   leading spaces then text",
      // A tag name runs up to white space, `/` or `>` (found by the fuzzer).
      "<disrc=\"fuli class=\"float center\">e f g</disrc=\"fuli><p=\"x y z\" a=\"b c d\">t u v</p>",
  };
}

TEST(HtmlTreePlaceholderTest, EdgeCasesParseAsWithoutPlaceholders) {
  const std::string cjk = "中文字的新聞報導";
  const std::vector<std::string> cases = {
      "<p>" + cjk + "</p>",
      "<a title=\"" + cjk + "\" href='/" + cjk + "'>" + cjk + "</a>",
      "<p data-x=" + cjk + ">x</p>",
      "<標籤>" + cjk + "</標籤>",
      "<a標籤標籤標籤 id=1>" + cjk + "</a標籤標籤標籤>",
      "<p 屬性屬性屬性=\"值值值\" x屬性屬性屬性=y>t</p>",
      "<!-- " + cjk + " --><!--" + cjk + "-->",
      "<textarea>" + cjk + "<b>" + cjk + "</textarea>",
      "<title>" + cjk + "&amp;" + cjk + "</title>",
      "<script>var s = '" + cjk + "</scr" + cjk + "';</script>" + cjk,
      "<style>p::before{content:'" + cjk + "'}</style>",
      "<pre>\n" + cjk + "</pre><pre>" + cjk + "\n</pre><listing>\n\n" + cjk + "</listing>",
      "<table>" + cjk + "<tr><td>" + cjk + "</td>" + cjk + "</tr></table>",
      "<table><tr>" + cjk + " " + cjk + "<td>x</table>",
      "<svg><title>" + cjk + "</title><text>" + cjk + "</text><![CDATA[" + cjk + "]]></svg>",
      "<math><mi>" + cjk + "</mi><annotation-xml encoding=text/html><p>" + cjk + "</p></annotation-xml></math>",
      "<p>\xEE\x80\x80\xEF\x80\x80" + cjk + "\xEE\x80\x80</p><p>\xEE\x80\x80</p><p>\xEF\x80\x80x\xEE\x84\x81</p>",
      "\xEE\x80\x80\xEE\x84\x80<p title=\"\xEE\x80\x80\xEE\x84\x81\">\xEF\xA3\xBF</p>",
      "<p>&#xE000;&#xE101;" + cjk + "&#57344;</p>",
      "<p>&#x00000000000000E000;" + cjk + "&#4294967296;&#99999999999;</p>",
      "<p>" + cjk + "\xE4\xB8" + cjk + "\xFF" + cjk + "\x80\xC0\xAF" + cjk + "\xED\xA0\x80" + cjk + "\xF4\x90\x80\x80</p>",
      cjk + "\xE4",
      "\xEF\xBB\xBF" + cjk + "\xEF\xBB\xBF" + cjk,
      "<p>" + cjk + "\xEF\xB7\x90" + cjk + "\xEF\xBF\xBF" + cjk + "\xC2\x85" + cjk + "\xC2\xA0\xC2\xA0\xC2\xA0</p>",
      "<p>" + cjk + "&amp" + cjk + "&copy" + cjk + "&notin" + cjk + "<a href=\"?a=1&copy" + cjk + "\">x</a></p>",
      "<b>" + cjk + "<i>" + cjk + "</b>" + cjk + "</i>" + cjk,
      "<plaintext>" + cjk + "<p>" + cjk,
      "<template>" + cjk + "<td>" + cjk + "</td></template>",
      "<p>😀😀😀𠀀𠀀𠀀 ÀÀÀ</p>",
      std::string("<p>") + std::string(5000, 'x') + cjk + "</p>",
      // A repeated attribute name is dropped, with a parse error.
      "<p 屬性屬性屬性=1 屬性屬性屬性=2 x屬性屬性屬性=3>t</p>",
      "<標籤標籤標籤><b>x</標籤標籤標籤>y<標籤標籤標籤></標籤標籤標籤>z",
  };
  for (const std::string& html : cases) ExpectSameTree(html);
  for (const std::string& html : AsciiRunCases()) ExpectSameTree(html);
  // The runs come back exactly, wherever they were.
  EXPECT_EQ(ExpectSameTree(cases[1]), "<a title=\"" + cjk + "\" href=\"/" + cjk + "\">" + cjk + "</a>");
  EXPECT_EQ(ExpectSameTree(cases[4]), "<a標籤標籤標籤 id=\"1\">" + cjk + "</a標籤標籤標籤>");
  EXPECT_EQ(ExpectSameTree("<p>\xEE\x80\x80\xEF\x80\x80" + cjk + "</p>"),
            "<p>\xEE\x80\x80\xEF\x80\x80" + cjk + "</p>");
}

// Differential test over token soup (deterministic): markup in every
// tokenizer state the pre-scan models or gives up at, text runs of ASCII
// and CJK, references, quotes and white space in every position.
TEST(HtmlTreePlaceholderTest, TokenSoupParsesAsWithoutPlaceholders) {
  const std::vector<std::string> tokens = {
      "<p>", "</p>", "<div class=\"", "\">", "<b>", "</b>", "<i title='", "'>", "<a href=\"", "</a>",
      "<table>", "<tr>", "<td>", "</td>", "</table>", "<colgroup>", "<col>", "<pre>", "<listing>", "\n",
      "<input type=", "hidden", "<select>", "<option>", "<textarea>", "<title>", "<script>", "</script>",
      "<style>", "<template>", "</template>", "<svg>", "<math>", "<mi>", "<!--", "-->", "<!DOCTYPE x>",
      "<![CDATA[", "]]>", "<?x?>", "</", "<", ">", "=", "\"", "'", "/", "/>", " ", "\t", "\r\n", "\f",
      "&amp;", "&", "&#x41;", "&#57344;", "&notin", "&copy=", "words and more", "COVID-19", "a", "xy",
      "中文字", "中", "，。！", "\xEE\x80\x80", "\xC2\xA0\xC2\xA0", "\xC2\x85", "\xE4\xB8", "\x00", "\x01",
      "<font color=", "<nobr>", "<annotation-xml encoding=", "text/html", "<frameset>", "<isindex prompt='",
      "<plaintext>", "<img src=", "<p a=b c='d e' f=\"g h\">", "</p x=\"y z\">", "<标签 属性属性属性=",
  };
  std::mt19937 random(20261127);
  std::uniform_int_distribution<size_t> pick(0, tokens.size() - 1), length(1, 40);
  for (int input = 0; input < 3000; ++input) {
    std::string html;
    for (size_t n = length(random); n > 0; --n) html += tokens[pick(random)];
    ExpectSameTree(html);
    if (HasFailure()) break;
  }
}

TEST(HtmlTreePlaceholderTest, ManyRunsGetMultiDigitPlaceholders) {
  std::string html, expected;
  for (int i = 0; i < 5000; ++i) {
    html += "<i>" + std::to_string(i) + "中文字</i>";
    expected += "<i>" + std::to_string(i) + "中文字</i>";
  }
  html += "<p title=最後的>結尾的文字</p>";
  expected += "<p title=\"最後的\">結尾的文字</p>";
  EXPECT_EQ(ExpectSameTree(html), expected);
}

}  // namespace
}  // namespace feedmirror
