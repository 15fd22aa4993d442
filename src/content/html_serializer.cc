#include "content/html_serializer.h"

#include <array>
#include <string_view>

#include "content/html_tree.h"

namespace feedmirror {
namespace {

constexpr std::string_view kNoBreakSpace = "\xc2\xa0";

template <size_t N>
bool OneOf(std::string_view name, const std::array<std::string_view, N>& names) {
  for (std::string_view candidate : names) {
    if (candidate == name) return true;
  }
  return false;
}

bool IsRawTextElement(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kRawText = {
      "style", "script", "xmp", "iframe", "noembed", "noframes", "plaintext"};
  return OneOf(name, kRawText);
}

constexpr std::string_view kReplacement = "\xef\xbf\xbd";  // U+FFFD

// The length of the UTF-8 sequence at `text[i]` when it encodes a code
// point the HTML parser would read back as U+FFFD (controls other than tab,
// LF, FF; U+007F-U+009F; noncharacters), else 0. Such characters come from
// character references (&#8;) and would not survive a second parse.
size_t UnstableCharLength(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u; };
  unsigned c = byte(0);
  if (c < 0x20) return c == '\t' || c == '\n' || c == '\f' || c == '\r' ? 0 : 1;
  if (c == 0x7f) return 1;
  if (c == 0xc2 && byte(1) >= 0x80 && byte(1) <= 0x9f) return 2;
  if (c == 0xef && byte(1) == 0xb7 && byte(2) >= 0x90 && byte(2) <= 0xaf) return 3;
  if (c == 0xef && byte(1) == 0xbf && (byte(2) == 0xbe || byte(2) == 0xbf)) return 3;
  if (c >= 0xf0 && c <= 0xf4 && (byte(1) & 0x0f) == 0x0f && byte(2) == 0xbf && (byte(3) == 0xbe || byte(3) == 0xbf)) {
    return 4;  // U+xFFFE, U+xFFFF in planes 1-16
  }
  return 0;
}

// The bytes AppendEscaped must look at; all others are copied in runs
// (most of a Chinese text is 0xE3-0xE9-led sequences).
constexpr std::array<bool, 256> kNeedsAttention = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = true;
  for (int c = 0xf0; c < 0x100; ++c) table[c] = true;
  for (char c : std::string_view("&<>\"\x7f\xc2\xef")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

// The length of the run of bytes from `i` that need no escaping.
size_t PlainRun(std::string_view text, size_t i) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  size_t start = i;
  while (text.size() - i >= 4 && !(kNeedsAttention[bytes[i]] | kNeedsAttention[bytes[i + 1]] |
                                   kNeedsAttention[bytes[i + 2]] | kNeedsAttention[bytes[i + 3]])) {
    i += 4;
  }
  while (i < text.size() && !kNeedsAttention[bytes[i]]) ++i;
  return i - start;
}

// What replaces the bytes at `text[i]` (and how many), or an empty
// replacement when they stay as they are.
std::string_view EscapeAt(std::string_view text, size_t i, bool in_attribute, size_t& length) {
  length = 1;
  switch (text[i]) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return in_attribute ? "&quot;" : "";
    case '\r': return "&#13;";  // a raw CR would be read back as LF
    default: break;
  }
  if (text.substr(i, 2) == kNoBreakSpace) {
    length = 2;
    return "&nbsp;";
  }
  if ((length = UnstableCharLength(text, i)) != 0) return kReplacement;
  length = 1;
  return "";
}

void AppendEscaped(std::string& out, std::string_view text, bool in_attribute) {
  size_t run = 0;  // start of the bytes not yet written
  for (size_t i = PlainRun(text, 0); i < text.size(); i += 1 + PlainRun(text, i + 1)) {
    size_t length;
    std::string_view replacement = EscapeAt(text, i, in_attribute, length);
    if (replacement.empty()) continue;
    out.append(text.substr(run, i - run));
    out += replacement;
    i += length - 1;
    run = i + 1;
  }
  out.append(text.substr(run));
}

bool IsSafeAttributeName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || c == '"' || c == '\'' || c == '>' || c == '/' || c == '=' || c == '<' ||
        u == 0x7f) {
      return false;
    }
  }
  return true;
}

void SerializeNode(const HtmlNode& node, std::string& out);

void SerializeElement(const HtmlNode& node, std::string& out) {
  out += '<';
  out += node.name;
  for (const HtmlAttribute& attribute : node.attributes) {
    if (!IsSafeAttributeName(attribute.name)) continue;
    out += ' ';
    out += attribute.name;
    out += "=\"";
    AppendEscaped(out, attribute.value, true);
    out += '"';
  }
  out += '>';
  if (IsVoidElement(node.name)) return;
  bool starts_with_newline = !node.children.empty() &&
                             node.children.front()->kind == NodeKind::kText &&
                             node.children.front()->text.starts_with('\n');
  if (starts_with_newline && (node.name == "pre" || node.name == "textarea" || node.name == "listing")) {
    out += '\n';  // the parser drops one leading newline
  }
  for (const auto& child : node.children) SerializeNode(*child, out);
  out += "</";
  out += node.name;
  out += '>';
}

void SerializeNode(const HtmlNode& node, std::string& out) {
  switch (node.kind) {
    case NodeKind::kElement:
      SerializeElement(node, out);
      break;
    case NodeKind::kText:
      if (node.parent && IsRawTextElement(node.parent->name)) {
        out += node.text;
      } else {
        AppendEscaped(out, node.text, false);
      }
      break;
    case NodeKind::kComment:
      if (node.text.find("--") == std::string::npos && !node.text.starts_with('>') &&
          !node.text.starts_with("->") && !node.text.ends_with('-')) {
        out += "<!--" + node.text + "-->";
      }
      break;
    case NodeKind::kFragment:
      for (const auto& child : node.children) SerializeNode(*child, out);
      break;
  }
}

}  // namespace

bool IsVoidElement(const std::string& name) {
  static constexpr std::array<std::string_view, 18> kVoid = {
      "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr",
      "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"};
  return OneOf(name, kVoid);
}

std::string SerializeChildren(const HtmlNode& node) {
  std::string out;
  out.reserve(4096);
  for (const auto& child : node.children) SerializeNode(*child, out);
  return out;
}

}  // namespace feedmirror
