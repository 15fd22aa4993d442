#include "feed/charset.h"

#include <uchardet/uchardet.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>

#include "feed/text_util.h"
#include "util/error.h"

namespace feedmirror {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The length of the valid UTF-8 sequence at s[i], 0 when invalid, or -1
// when it is cut off by the end of `s`.
int Utf8SequenceLength(std::string_view s, size_t i) {
  unsigned char c = s[i];
  int n;
  unsigned min;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) n = 2, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, min = 0x10000;
  else return 0;
  unsigned cp = c & (0xFF >> (n + 1));
  for (int k = 1; k < n; ++k) {
    if (i + k >= s.size()) return -1;
    unsigned char cc = s[i + k];
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// charset=... of a Content-Type, unquoted, or "".
std::string CharsetOf(std::string_view content_type) {
  std::string lower = Lower(content_type);
  size_t at = lower.find("charset=");
  if (at == std::string::npos) return "";
  std::string value = lower.substr(at + 8);
  size_t end = value.find_first_of(";, \t");
  if (end != std::string::npos) value.resize(end);
  value.erase(std::remove(value.begin(), value.end(), '"'), value.end());
  value.erase(std::remove(value.begin(), value.end(), '\''), value.end());
  return value;
}

std::string BomEncoding(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") return "UTF-8";
  if (bytes.substr(0, 2) == "\xFF\xFE") return "UTF-16LE";
  if (bytes.substr(0, 2) == "\xFE\xFF") return "UTF-16BE";
  return "";
}

// UTF-16 without a byte order mark, told by "<?" or "<r" written in it.
std::string Utf16WithoutBom(std::string_view bytes) {
  if (bytes.size() >= 4 && bytes[0] == '<' && bytes[1] == '\0' && bytes[2] != '\0' && bytes[3] == '\0') {
    return "UTF-16LE";
  }
  if (bytes.size() >= 4 && bytes[0] == '\0' && bytes[1] == '<' && bytes[2] == '\0' && bytes[3] != '\0') {
    return "UTF-16BE";
  }
  return "";
}

// encoding="..." of the XML declaration, or "".
std::string DeclaredEncoding(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 1024);
  size_t decl = head.find("<?xml");
  if (decl == std::string_view::npos) return "";
  size_t end = head.find("?>", decl);
  std::string_view d = head.substr(decl, end == std::string_view::npos ? head.size() - decl : end - decl);
  size_t at = d.find("encoding");
  if (at == std::string_view::npos) return "";
  size_t q = d.find_first_of("\"'", at);
  if (q == std::string_view::npos) return "";
  size_t close = d.find(d[q], q + 1);
  if (close == std::string_view::npos) return "";
  return std::string(d.substr(q + 1, close - q - 1));
}

std::string Detect(std::string_view bytes) {
  uchardet_t ud = uchardet_new();
  uchardet_handle_data(ud, bytes.data(), std::min<size_t>(bytes.size(), 1 << 20));
  uchardet_data_end(ud);
  std::string charset = uchardet_get_charset(ud);
  uchardet_delete(ud);
  return charset;
}

bool IsUtf8Name(const std::string& name) { return name == "UTF-8"; }

struct Utf8Stats {
  size_t multibyte = 0;  // valid sequences of 2-4 bytes
  size_t invalid = 0;
};

Utf8Stats CountUtf8(std::string_view bytes) {
  Utf8Stats stats;
  for (size_t i = 0; i < bytes.size();) {
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    int n = Utf8SequenceLength(bytes, i);
    if (n == -1) break;  // cut off by the end of the sample
    if (n == 0) {
      ++stats.invalid;
      ++i;
    } else {
      ++stats.multibyte;
      i += n;
    }
  }
  return stats;
}

bool IcuKnows(const std::string& name) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* c = ucnv_open(name.c_str(), &status);
  if (c) ucnv_close(c);
  return c && U_SUCCESS(status);
}

}  // namespace

// The length of the longest prefix of `s` made of whole, valid UTF-8
// sequences (the hot loop of decoding: ASCII eight bytes at a time, the
// three-byte sequences of CJK text inline).
size_t ValidUtf8Prefix(std::string_view s) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
    } else if (c >= 0xE1 && c <= 0xEC && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
      i += 3;  // most CJK text
    } else {
      int len = Utf8SequenceLength(s, i);
      if (len <= 0) return i;
      i += len;
    }
  }
  return i;
}

bool IsValidUtf8(std::string_view bytes, bool allow_truncated_end) {
  for (size_t i = 0; i < bytes.size();) {
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    int n = Utf8SequenceLength(bytes, i);
    if (n == -1) return allow_truncated_end;
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string CanonicalEncoding(std::string_view label) {
  std::string l = Lower(label);
  l.erase(0, l.find_first_not_of(" \t\"'"));
  while (!l.empty() && std::strchr(" \t\"'", l.back())) l.pop_back();
  if (l.empty()) return "";
  if (l == "utf8" || l == "utf-8" || l == "unicode-1-1-utf-8") return "UTF-8";
  if (l == "gb2312" || l == "gbk" || l == "x-gbk" || l == "cp936" || l == "gb_2312-80" ||
      l == "chinese" || l == "csgb2312" || l == "euc-cn" || l == "gb18030") {
    return "GB18030";
  }
  if (l == "big5" || l == "big-5" || l == "cn-big5" || l == "x-x-big5" || l == "csbig5" ||
      l == "big5-hkscs" || l == "cp950" || l == "x-big5") {
    return "Big5-HKSCS";
  }
  if (l == "shift_jis" || l == "shift-jis" || l == "sjis" || l == "x-sjis" || l == "ms_kanji" ||
      l == "csshiftjis" || l == "windows-31j" || l == "cp932") {
    return "windows-31j";
  }
  if (l == "euc-kr" || l == "ks_c_5601-1987" || l == "cp949" || l == "windows-949") return "windows-949";
  if (l == "iso-8859-1" || l == "latin1" || l == "us-ascii" || l == "ascii" || l == "iso8859-1" ||
      l == "l1" || l == "cp1252") {
    return "windows-1252";
  }
  if (l == "utf-16" || l == "utf16") return "UTF-16";
  if (l == "ascii" || l == "ansi_x3.4-1968") return "windows-1252";
  return l;
}

EncodingChoice ChooseEncoding(std::string_view bytes, const std::string& override_label,
                              const std::string& content_type) {
  EncodingChoice choice;
  std::string bom = BomEncoding(bytes);
  if (!override_label.empty()) {
    choice = {CanonicalEncoding(override_label), "override", {}};
  } else if (!bom.empty() && bom != "UTF-8") {
    choice = {bom, "bom", {}};  // UTF-16: nothing else can read these bytes
  } else if (std::string http = CanonicalEncoding(CharsetOf(content_type)); !http.empty()) {
    choice = {http, "http", {}};
  } else if (!bom.empty()) {
    choice = {bom, "bom", {}};
    std::string declared = CanonicalEncoding(DeclaredEncoding(bytes.substr(3)));
    if (!declared.empty() && declared != "UTF-8") {
      choice.warnings.push_back("the byte order mark says UTF-8, the XML declaration " + declared +
                                "; the byte order mark was followed");
    }
  } else if (std::string utf16 = Utf16WithoutBom(bytes); !utf16.empty()) {
    choice = {utf16, "bom", {}};
  } else if (std::string declared = CanonicalEncoding(DeclaredEncoding(bytes)); !declared.empty()) {
    choice = {declared, "declaration", {}};
  } else {
    choice = {"UTF-8", "default", {}};
  }
  if (choice.encoding == "UTF-16") choice.encoding = bom.empty() ? "UTF-16BE" : bom;
  if (!IcuKnows(choice.encoding)) {
    choice.warnings.push_back("unknown encoding '" + choice.encoding + "', read as UTF-8");
    choice.encoding = "UTF-8";
  }
  if (choice.source == "override" || choice.encoding.rfind("UTF-16", 0) == 0) return choice;
  Utf8Stats stats = CountUtf8(bytes);
  bool valid_utf8 = stats.invalid == 0;
  // A few bad bytes in UTF-8 text are damage (U+FFFD); mostly bad bytes
  // are another encoding.
  if (IsUtf8Name(choice.encoding) && stats.invalid > stats.multibyte / 8) {
    std::string detected = CanonicalEncoding(Detect(bytes));
    if (!detected.empty() && detected != "UTF-8" && IcuKnows(detected)) {
      choice.warnings.push_back("the bytes are not UTF-8 (" + choice.source + "); decoded as detected " +
                                detected);
      choice.encoding = detected;
      choice.source = "detected";
    }
  } else if (!IsUtf8Name(choice.encoding) && valid_utf8 && stats.multibyte >= 8) {
    choice.warnings.push_back("declared " + choice.encoding + " but the bytes are UTF-8; read as UTF-8");
    choice.encoding = "UTF-8";
    choice.source = "detected";
  }
  return choice;
}

struct Utf8Decoder::Icu {
  UConverter* converter = nullptr;
  ~Icu() {
    if (converter) ucnv_close(converter);
  }
};

Utf8Decoder::Utf8Decoder(const std::string& encoding) : utf8_(encoding == "UTF-8") {
  if (utf8_) return;
  icu_ = std::make_unique<Icu>();
  UErrorCode status = U_ZERO_ERROR;
  icu_->converter = ucnv_open(encoding.c_str(), &status);
  if (U_FAILURE(status) || !icu_->converter) throw Error("cannot decode the encoding '" + encoding + "'");
  // Invalid or unmappable bytes become U+FFFD.
  ucnv_setToUCallBack(icu_->converter, UCNV_TO_U_CALLBACK_SUBSTITUTE, nullptr, nullptr, nullptr, &status);
}

Utf8Decoder::~Utf8Decoder() = default;

void Utf8Decoder::PushUtf8(std::string_view bytes, bool last, std::string& out) {
  std::string joined;
  if (!carry_.empty()) {
    joined = carry_ + std::string(bytes);
    bytes = joined;
    carry_.clear();
  }
  if (at_start_ && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (at_start_ && (bytes.size() >= 3 || last)) at_start_ = false;
  while (!bytes.empty()) {
    size_t valid = ValidUtf8Prefix(bytes);
    out.append(bytes.substr(0, valid));
    bytes.remove_prefix(valid);
    if (bytes.empty()) break;
    if (Utf8SequenceLength(bytes, 0) == -1 && !last) {  // completed by the next block
      carry_ = std::string(bytes);
      return;
    }
    out += "\xEF\xBF\xBD";
    ++replacements_;
    bytes.remove_prefix(1);
  }
}

void Utf8Decoder::AppendUnit(unsigned unit, std::string& out) {
  if (high_surrogate_ != 0) {
    unsigned high = high_surrogate_;
    high_surrogate_ = 0;
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      AppendUtf8(out, 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00));
      return;
    }
    AppendUtf8(out, 0xFFFD);
    ++replacements_;
  }
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    high_surrogate_ = unit;
    return;
  }
  if (unit == 0xFEFF && at_start_) {
    at_start_ = false;
    return;
  }
  at_start_ = false;
  if (unit == 0x1A || unit == 0xFFFD || (unit >= 0xDC00 && unit <= 0xDFFF)) {
    // ICU substitutes U+001A for bad bytes in some single-byte sets.
    unit = 0xFFFD;
    ++replacements_;
  }
  AppendUtf8(out, unit);
}

std::string_view Utf8Decoder::Decode(std::string_view bytes, bool last, std::string& scratch) {
  if (utf8_ && !at_start_ && carry_.empty() && ValidUtf8Prefix(bytes) == bytes.size()) return bytes;
  scratch.clear();
  Push(bytes, last, scratch);
  return scratch;
}

void Utf8Decoder::Push(std::string_view bytes, bool last, std::string& out) {
  if (utf8_) return PushUtf8(bytes, last, out);
  // ICU: bytes → UTF-16 → UTF-8, a block at a time.
  const char* source = bytes.data();
  const char* limit = bytes.data() + bytes.size();
  UChar buffer[8192];
  while (true) {
    UErrorCode status = U_ZERO_ERROR;
    UChar* target = buffer;
    ucnv_toUnicode(icu_->converter, &target, buffer + 8192, &source, limit, nullptr, last, &status);
    for (UChar* p = buffer; p < target; ++p) AppendUnit(*p, out);
    if (status != U_BUFFER_OVERFLOW_ERROR) break;
  }
  if (last && high_surrogate_ != 0) {
    high_surrogate_ = 0;
    AppendUtf8(out, 0xFFFD);
    ++replacements_;
  }
}

}  // namespace feedmirror
