#include "archive/markdown_escape.h"

#include <cstdio>

#include "util/utf8.h"

namespace feedmirror {

namespace {

constexpr std::string_view kBackslashEscaped = "\\.*_+-`()[]{}#!:|\"'$=";

bool IsLineBreakOrTab(char32_t c) {
  return c == '\n' || c == '\r' || c == '\t' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool IsOtherControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

void AppendEscaped(std::string& out, char32_t c) {
  switch (c) {
    case '&': out += "&amp;"; return;
    case '<': out += "&lt;"; return;
    case '>': out += "&gt;"; return;
    case '~': out += "&#126;"; return;  // GFM strikethrough; plain kramdown has no \~
    case '^': out += "&#94;"; return;   // "[^" opens a footnote; kramdown has no \^
  }
  if (c < 0x80 && kBackslashEscaped.find(static_cast<char>(c)) != std::string_view::npos)
    out += '\\';
  AppendUtf8(out, c);
}

}  // namespace

std::string MarkdownLinkText(std::string_view title) {
  std::string out;
  out.reserve(title.size());
  for (size_t pos = 0; pos < title.size();) {
    CodePoint cp = DecodeUtf8(title, pos);
    pos += cp.size;
    if (IsLineBreakOrTab(cp.value)) {
      out += ' ';
    } else if (!IsOtherControl(cp.value)) {
      AppendEscaped(out, cp.value);
    }
  }
  return out;
}

std::string MarkdownLinkUrl(std::string_view url) {
  static constexpr std::string_view kEncoded = " ()<>\"\\";
  std::string out;
  out.reserve(url.size());
  for (char c : url) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F || kEncoded.find(c) != std::string_view::npos) {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", byte);
      out += buffer;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace feedmirror
