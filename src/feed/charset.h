// The character encoding of a feed and its decoding to UTF-8.
//
// The encoding is chosen in this order: the per-source override; the
// charset of the HTTP Content-Type; the byte order mark; the XML
// declaration; detection (uchardet) when the bytes are not valid UTF-8;
// else UTF-8. Two corrections follow real feeds: bytes declared UTF-8 (or
// undeclared) that are not valid UTF-8 are decoded as the detected encoding
// (GBK, Big5, ...) with a warning, and bytes declared in a legacy encoding
// that are valid UTF-8 with non-ASCII text are read as UTF-8, with a warning.
// A UTF-16 byte order mark always wins (nothing else can read those bytes).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace feedmirror {

struct EncodingChoice {
  std::string encoding;  // a name ICU knows ("UTF-8", "Big5-HKSCS", "GB18030", ...)
  std::string source;    // "override", "http", "bom", "declaration", "detected", "default"
  std::vector<std::string> warnings;
};

// Chooses the encoding of `bytes` (the document or its head: 64 KB is plenty).
EncodingChoice ChooseEncoding(std::string_view bytes, const std::string& override_label,
                              const std::string& content_type);

// The ICU name for an encoding label as feeds and servers write it
// (gb2312 → GB18030, big5 → Big5-HKSCS, iso-8859-1 → windows-1252, ...).
std::string CanonicalEncoding(std::string_view label);

// A streaming decoder to UTF-8. Invalid bytes become U+FFFD; never throws
// on content. The byte order mark is dropped.
class Utf8Decoder {
 public:
  // Throws Error for an encoding ICU cannot convert.
  explicit Utf8Decoder(const std::string& encoding);
  ~Utf8Decoder();
  Utf8Decoder(const Utf8Decoder&) = delete;
  Utf8Decoder& operator=(const Utf8Decoder&) = delete;

  // Appends the UTF-8 of the next bytes to `out`; `last` for the final call.
  void Push(std::string_view bytes, bool last, std::string& out);
  // The same, returning `bytes` itself when they are valid UTF-8 as they are
  // (no copy), else what Push appended to the cleared `scratch`.
  std::string_view Decode(std::string_view bytes, bool last, std::string& scratch);
  // How many invalid byte sequences were replaced so far.
  size_t replacements() const { return replacements_; }

 private:
  void PushUtf8(std::string_view bytes, bool last, std::string& out);
  void AppendUnit(unsigned unit, std::string& out);

  bool utf8_;
  bool at_start_ = true;
  std::string carry_;  // an unfinished UTF-8 sequence
  struct Icu;
  std::unique_ptr<Icu> icu_;
  size_t replacements_ = 0;
  unsigned high_surrogate_ = 0;
};

// True when `bytes` is valid UTF-8 (an unfinished sequence at the very end
// counts as valid when `allow_truncated_end`).
bool IsValidUtf8(std::string_view bytes, bool allow_truncated_end = false);

}  // namespace feedmirror
