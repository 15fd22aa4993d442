#include "util/utf8.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>

namespace feedmirror {

CodePoint DecodeUtf8(std::string_view text, size_t pos) {
  // ICU indexes with int32_t; a code point never needs more than 4 bytes.
  size_t window = std::min<size_t>(text.size() - pos, 4);
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data() + pos);
  int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(bytes, i, static_cast<int32_t>(window), c);
  if (c < 0) return {U'\uFFFD', static_cast<size_t>(i), false};
  return {static_cast<char32_t>(c), static_cast<size_t>(i), true};
}

void AppendUtf8(std::string& out, char32_t c) {
  uint8_t buffer[U8_MAX_LENGTH];
  int32_t length = 0;
  U8_APPEND_UNSAFE(buffer, length, static_cast<UChar32>(c));
  out.append(reinterpret_cast<const char*>(buffer), static_cast<size_t>(length));
}

std::string_view TruncateUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  // Back up over continuation bytes to the start of the cut sequence.
  while (end > 0 && (static_cast<uint8_t>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

std::string ToValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    CodePoint cp = DecodeUtf8(text, pos);
    if (cp.valid) {
      out.append(text.substr(pos, cp.size));
    } else {
      AppendUtf8(out, cp.value);
    }
    pos += cp.size;
  }
  return out;
}

}  // namespace feedmirror
