// UTF-8 helpers over ICU's macros, for code that walks text code point by
// code point (YAML quoting, slugs) without converting whole strings.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace feedmirror {

// One decoded code point. An ill-formed sequence (stray continuation byte,
// overlong form, surrogate, truncated sequence) decodes as valid = false,
// value = U+FFFD, spanning the bytes ICU skips (at least one).
struct CodePoint {
  char32_t value;
  size_t size;  // bytes consumed
  bool valid;
};

// The code point starting at byte `pos` (< text.size()).
CodePoint DecodeUtf8(std::string_view text, size_t pos);

// Appends the UTF-8 form of `c` (a Unicode scalar value).
void AppendUtf8(std::string& out, char32_t c);

// The longest prefix of `text` of at most `max_bytes` bytes that does not
// end inside a multi-byte sequence.
std::string_view TruncateUtf8(std::string_view text, size_t max_bytes);

// `text` with every ill-formed sequence replaced by U+FFFD.
std::string ToValidUtf8(std::string_view text);

}  // namespace feedmirror
