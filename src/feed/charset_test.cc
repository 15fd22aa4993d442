#include "feed/charset.h"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include "feed/feed_parser.h"

namespace feedmirror {
namespace {

// `utf8` in `encoding`, through ICU (the test's own encoder).
std::string Encode(const std::string& utf8, const char* encoding) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  int32_t n = ucnv_convert(encoding, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status)) << encoding << ": " << u_errorName(status);
  out.resize(n);
  return out;
}

std::string Rss(const std::string& declared, const std::string& title) {
  std::string decl = declared.empty() ? "<?xml version=\"1.0\"?>"
                                      : "<?xml version=\"1.0\" encoding=\"" + declared + "\"?>";
  return decl + "\n<rss version=\"2.0\"><channel><title>" + title +
         "</title><item><title>" + title + "</title></item></channel></rss>\n";
}

Feed ParseWith(const std::string& bytes, const std::string& content_type = "",
               const std::string& override_label = "") {
  ParseOptions o;
  o.content_type = content_type;
  o.encoding_override = override_label;
  return ParseFeed(bytes, o);
}

struct Case {
  const char* declared;  // in the XML declaration
  const char* icu;       // how the test encodes
  const char* text;
};

TEST(CharsetTest, DeclaredEncodingsDecode) {
  const Case cases[] = {
      {"big5", "Big5", "中央社即時新聞 臺灣"},
      {"Big5-HKSCS", "Big5-HKSCS", "香港電台 㗎 啱"},
      {"gb2312", "GBK", "新华社 朱镕基 北京"},  // 镕 is GBK, not GB2312: read as GB18030
      {"GB18030", "GB18030", "中文 𠀀 €"},
      {"EUC-KR", "EUC-KR", "한국어 뉴스"},
      {"Shift_JIS", "Shift_JIS", "日本語のニュース"},
      {"EUC-JP", "EUC-JP", "日本語のニュース"},
      {"windows-1251", "windows-1251", "Новости дня"},
      {"KOI8-R", "KOI8-R", "Новости дня"},
      {"ISO-8859-2", "ISO-8859-2", "Zażółć gęślą jaźń"},
      {"windows-1250", "windows-1250", "Zażółć gęślą jaźń"},
      {"windows-1258", "windows-1258", "Đà Đông"},
      {"ISO-8859-1", "ISO-8859-1", "Café déjà vu"},
  };
  for (const Case& c : cases) {
    Feed feed = ParseWith(Encode(Rss(c.declared, c.text), c.icu));
    EXPECT_EQ(feed.title, c.text) << c.declared;
    ASSERT_EQ(feed.items.size(), 1u) << c.declared;
    EXPECT_EQ(feed.items[0].title, c.text) << c.declared;
    EXPECT_TRUE(feed.warnings.empty()) << c.declared << ": " << feed.warnings[0];
    EXPECT_FALSE(feed.bozo) << c.declared << ": " << feed.bozo_reason;
  }
}

TEST(CharsetTest, Utf16WithAndWithoutBom) {
  std::string text = "中文新聞";
  std::string le = Encode(Rss("UTF-16", text), "UTF-16LE");
  EXPECT_EQ(ParseWith("\xFF\xFE" + le).title, text);
  EXPECT_EQ(ParseWith(le).title, text);  // no BOM: told by "<\0?\0"
  std::string be = Encode(Rss("UTF-16", text), "UTF-16BE");
  EXPECT_EQ(ParseWith("\xFE\xFF" + be).title, text);
  EXPECT_EQ(ParseWith(be).title, text);
}

TEST(CharsetTest, HttpCharsetWinsOverTheDeclarationAndOverrideOverBoth) {
  std::string big5 = Encode(Rss("utf-8", "中央社即時新聞"), "Big5");
  Feed feed = ParseWith(big5, "application/rss+xml; charset=\"big5\"");
  EXPECT_EQ(feed.title, "中央社即時新聞");
  std::string gbk = Encode(Rss("big5", "新华社北京电"), "GBK");
  EXPECT_EQ(ParseWith(gbk, "text/xml; charset=big5", "gbk").title, "新华社北京电");
}

TEST(CharsetTest, LyingUtf8DeclarationIsDetected) {
  std::string text = "中央社記者今天報導，行政院會通過明年度中央政府總預算案，總額新台幣二兆一千億元";
  std::string gbk = Encode(Rss("utf-8", text), "GB18030");
  Feed feed = ParseWith(gbk);
  EXPECT_EQ(feed.title, text);
  ASSERT_EQ(feed.warnings.size(), 1u);
  EXPECT_EQ(feed.warnings[0], "the bytes are not UTF-8 (declaration); decoded as detected GB18030");

  std::string big5 = Encode(Rss("utf-8", text), "Big5");
  feed = ParseWith(big5);
  EXPECT_EQ(feed.title, text);
  ASSERT_EQ(feed.warnings.size(), 1u);
  EXPECT_EQ(feed.warnings[0], "the bytes are not UTF-8 (declaration); decoded as detected Big5-HKSCS");
}

TEST(CharsetTest, LegacyDeclarationOverUtf8BytesReadsUtf8) {
  std::string text = "中央社即時新聞，臺北報導";
  Feed feed = ParseWith(Rss("big5", text));
  EXPECT_EQ(feed.title, text);
  ASSERT_EQ(feed.warnings.size(), 1u);
  EXPECT_EQ(feed.warnings[0], "declared Big5-HKSCS but the bytes are UTF-8; read as UTF-8");
}

TEST(CharsetTest, InvalidBytesBecomeReplacementCharacters) {
  std::string text = "中央社即時新聞，臺北報導，行政院會通過";
  std::string bytes = Rss("utf-8", text + "\xFF" + "x");
  Feed feed = ParseWith(bytes);
  EXPECT_EQ(feed.title, text + "\xEF\xBF\xBD" + "x");
  ASSERT_EQ(feed.warnings.size(), 1u);
  EXPECT_EQ(feed.warnings[0], "2 invalid byte sequences (UTF-8) replaced by U+FFFD");
}

TEST(CharsetTest, BomAndDeclarationDisagree) {
  Feed feed = ParseWith("\xEF\xBB\xBF" + Rss("big5", "News"));
  EXPECT_EQ(feed.title, "News");
  ASSERT_EQ(feed.warnings.size(), 1u);
  EXPECT_EQ(feed.warnings[0],
            "the byte order mark says UTF-8, the XML declaration Big5-HKSCS; the byte order mark was followed");
  EXPECT_TRUE(feed.bozo);  // a document that contradicts itself is malformed
  EXPECT_EQ(feed.bozo_reason, feed.warnings[0]);
}

TEST(CharsetTest, StreamingDecoderKeepsSequencesSplitAcrossBlocks) {
  std::string text = "中文𠀀";
  std::string out;
  Utf8Decoder utf8("UTF-8");
  for (char c : text) utf8.Push(std::string(1, c), false, out);
  utf8.Push("", true, out);
  EXPECT_EQ(out, text);
  EXPECT_EQ(utf8.replacements(), 0u);

  std::string big5 = Encode("中央社", "Big5");
  out.clear();
  Utf8Decoder decoder("Big5-HKSCS");
  for (char c : big5) decoder.Push(std::string(1, c), false, out);
  decoder.Push("", true, out);
  EXPECT_EQ(out, "中央社");
}

TEST(CharsetTest, CanonicalNames) {
  EXPECT_EQ(CanonicalEncoding("GB2312"), "GB18030");
  EXPECT_EQ(CanonicalEncoding("\"big5\""), "Big5-HKSCS");
  EXPECT_EQ(CanonicalEncoding("iso-8859-1"), "windows-1252");
  EXPECT_EQ(CanonicalEncoding("Shift_JIS"), "windows-31j");
  EXPECT_EQ(CanonicalEncoding("euc-kr"), "windows-949");
  EXPECT_EQ(CanonicalEncoding("UTF8"), "UTF-8");
  EXPECT_EQ(CanonicalEncoding("koi8-r"), "koi8-r");
}

}  // namespace
}  // namespace feedmirror
