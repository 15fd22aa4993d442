#include "archive/yaml_scalar.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "util/utf8.h"

namespace feedmirror {

namespace {

// Characters YAML forbids raw, or reads as a line break or a byte order mark.
bool NeedsEscape(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 || c == 0xFEFF ||
         c == 0xFFFE || c == 0xFFFF;
}

std::string EscapeSequence(char32_t c) {
  switch (c) {
    case 0x00: return "\\0";
    case 0x07: return "\\a";
    case 0x08: return "\\b";
    case 0x09: return "\\t";
    case 0x0A: return "\\n";
    case 0x0B: return "\\v";
    case 0x0C: return "\\f";
    case 0x0D: return "\\r";
    case 0x1B: return "\\e";
    case 0x85: return "\\N";
    case 0x2028: return "\\L";
    case 0x2029: return "\\P";
  }
  char buffer[12];
  if (c <= 0xFF) {
    std::snprintf(buffer, sizeof buffer, "\\x%02X", static_cast<unsigned>(c));
  } else {
    std::snprintf(buffer, sizeof buffer, "\\u%04X", static_cast<unsigned>(c));
  }
  return buffer;
}

// True when every character may stand in a plain scalar.
bool AllPrintable(std::string_view value) {
  for (size_t pos = 0; pos < value.size();) {
    CodePoint cp = DecodeUtf8(value, pos);
    if (!cp.valid || NeedsEscape(cp.value)) return false;
    pos += cp.size;
  }
  return true;
}

bool StartsWithIndicator(std::string_view value) {
  static constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`.";
  return kIndicators.find(value.front()) != std::string_view::npos;
}

bool HasStructure(std::string_view value, YamlContext context) {
  if (value.find(": ") != std::string_view::npos || value.find(" #") != std::string_view::npos ||
      value.back() == ':')
    return true;
  // PyYAML also ends a plain scalar at "?" inside a flow collection.
  return context == YamlContext::kFlow && value.find_first_of(":,[]{}?") != std::string_view::npos;
}

std::string AsciiLower(std::string_view value) {
  std::string lower(value);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return lower;
}

bool IsReservedWord(std::string_view value) {
  static constexpr std::array<std::string_view, 14> kWords = {
      "~", "null", "y", "yes", "n", "no", "true", "false", "on", "off", "=", "<<", "nan", "inf"};
  std::string lower = AsciiLower(value);
  return std::find(kWords.begin(), kWords.end(), lower) != kWords.end();
}

// Made only of what YAML 1.1 numbers, dates and times are made of (digits,
// hex and base prefixes, exponent, signs, separators, 'T' and 'Z'), with at
// least one character that is not a letter: "1.5", "0x1F", "1:20",
// "2020-10-26". Words such as "face" or "Be" stay plain.
bool LooksLikeNumberOrDate(std::string_view value) {
  static constexpr std::string_view kNumberChars = "0123456789abcdefABCDEFxXoObB_,.:+-tTzZ ";
  bool has_non_letter = false;
  for (char c : value) {
    if (kNumberChars.find(c) == std::string_view::npos) return false;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) has_non_letter = true;
  }
  return has_non_letter;
}

bool CanBePlain(std::string_view value, YamlContext context) {
  return !value.empty() && value.front() != ' ' && value.back() != ' ' &&
         !StartsWithIndicator(value) && !HasStructure(value, context) && AllPrintable(value) &&
         !IsReservedWord(value) && !LooksLikeNumberOrDate(value);
}

}  // namespace

std::string YamlDoubleQuoted(std::string_view value) {
  std::string out = "\"";
  for (size_t pos = 0; pos < value.size();) {
    CodePoint cp = DecodeUtf8(value, pos);
    if (cp.value == '"' || cp.value == '\\') {
      out += '\\';
      out += static_cast<char>(cp.value);
    } else if (NeedsEscape(cp.value)) {
      out += EscapeSequence(cp.value);
    } else if (cp.valid) {
      out.append(value.substr(pos, cp.size));
    } else {
      AppendUtf8(out, cp.value);
    }
    pos += cp.size;
  }
  return out + "\"";
}

std::string YamlScalar(std::string_view value, YamlContext context) {
  if (CanBePlain(value, context)) return std::string(value);
  return YamlDoubleQuoted(value);
}

std::string YamlFlowSequence(const std::vector<std::string>& values) {
  if (values.empty()) return "[]";
  std::string out = "[ ";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += YamlScalar(values[i], YamlContext::kFlow);
  }
  return out + " ]";
}

}  // namespace feedmirror
