#include "content/html_tree.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <unordered_map>
#include <utility>

#include "content/gumbo_guard.h"
#include "util/utf8.h"

namespace feedmirror {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Gumbo emits one token per code point, and news items are mostly CJK
// text, so ParseHtmlFragment hands gumbo the input with each long run of
// "inert" code points replaced by a short placeholder, and puts the runs
// back while converting gumbo's tree. An inert code point is a well-formed
// one from U+00A0 up, except noncharacters and U+FEFF: the HTML5 tokenizer
// and tree builder treat every one of them alike in every state (never
// markup, whitespace, case-folded, part of a character reference name or a
// parse error), so swapping a run for another non-empty run of them changes
// no tokenization or tree construction decision. A placeholder is
// kPlaceholderMark followed by the run's index in base kDigitBase, one
// digit per code point from kFirstDigit: all Private Use Area code points,
// inert themselves. Every run holding a Private Use Area code point is
// replaced whatever its length, and inputs whose numeric character
// references may decode to one are parsed without placeholders, so every
// mark in gumbo's output is a placeholder. Where the tokenizer's state is
// known, runs may hold ASCII too (see class Placeholders).
constexpr char32_t kPlaceholderMark = 0xE000;
constexpr char32_t kFirstDigit = 0xE100;
constexpr uint32_t kDigitBase = 4096;  // digits U+E100..U+F0FF
constexpr char32_t kPrivateUseFirst = 0xE000;
constexpr char32_t kPrivateUseLast = 0xF8FF;
constexpr size_t kMinReplacedRun = 3;  // code points: shorter runs gain nothing
constexpr std::string_view kMarkUtf8 = "\xEE\x80\x80";  // kPlaceholderMark

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// The length of the well-formed UTF-8 sequence at text[pos] (storing its
// code point in `code_point`), or 0 when the bytes there are not one.
size_t DecodeUtf8(std::string_view text, size_t pos, char32_t& code_point) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[pos + i]); };
  unsigned char lead = byte(0);
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  if (lead < 0xC2 || lead > 0xF4 || text.size() - pos < length) return 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead == 0xE0) low = 0xA0;
  if (lead == 0xED) high = 0x9F;  // no surrogates
  if (lead == 0xF0) low = 0x90;
  if (lead == 0xF4) high = 0x8F;  // up to U+10FFFF
  if (byte(1) < low || byte(1) > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (!IsContinuation(byte(i))) return 0;
  }
  code_point = lead & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) code_point = (code_point << 6) | (byte(i) & 0x3F);
  return length;
}

bool IsInert(char32_t c) {
  return c >= 0xA0 && !(c >= 0xFDD0 && c <= 0xFDEF) && (c & 0xFFFE) != 0xFFFE && c != 0xFEFF;
}

bool IsPrivateUse(char32_t c) { return c >= kPrivateUseFirst && c <= kPrivateUseLast; }

void AppendUtf8(std::string& out, char32_t c) {  // c in U+0800..U+FFFF
  out += static_cast<char>(0xE0 | (c >> 12));
  out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out += static_cast<char>(0x80 | (c & 0x3F));
}

int DigitValue(char c, bool hex) {
  if (c >= '0' && c <= '9') return c - '0';
  if (!hex) return -1;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// What the numeric character references in an input may decode to.
struct NumericReferences {
  // A Private Use Area code point (long digit strings count: gumbo's
  // value wraps around).
  bool private_use = false;
  // Anything: gumbo 0.10.1 lets a value of 8 digits or more overflow an
  // int, and a negative one comes out as a lone byte (ill-formed UTF-8).
  bool overflow = false;
};

NumericReferences ScanNumericReferences(std::string_view html) {
  NumericReferences found;
  for (size_t pos = html.find("&#"); pos != std::string_view::npos; pos = html.find("&#", pos + 2)) {
    size_t i = pos + 2;
    bool hex = i < html.size() && (html[i] == 'x' || html[i] == 'X');
    if (hex) ++i;
    uint32_t value = 0;
    size_t digits = 0;
    for (; i < html.size() && DigitValue(html[i], hex) >= 0; ++i, ++digits) {
      value = value * (hex ? 16 : 10) + static_cast<uint32_t>(DigitValue(html[i], hex));
    }
    if (digits > 7) return {true, true};
    found.private_use = found.private_use || IsPrivateUse(value);
  }
  return found;
}

// Replaces ill-formed UTF-8 in the text and attribute values under `node`
// by U+FFFD, as a parse of the serialization would.
void RepairUtf8(HtmlNode& node) {
  if (node.kind != NodeKind::kElement) node.text = ToValidUtf8(node.text);
  for (HtmlAttribute& attribute : node.attributes) attribute.value = ToValidUtf8(attribute.value);
  for (auto& child : node.children) RepairUtf8(*child);
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiAlnum(char c) { return IsAsciiLetter(c) || (c >= '0' && c <= '9'); }

// True when `name`, ASCII lower-cased, is one of `names` (all shorter than
// kMaxNamed, lower case).
constexpr size_t kMaxNamed = 12;
bool NamedIn(std::string_view name, std::initializer_list<std::string_view> names) {
  if (name.empty() || name.size() >= kMaxNamed) return false;
  char lower[kMaxNamed];
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    lower[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  std::string_view lowered(lower, name.size());
  for (std::string_view candidate : names) {
    if (candidate.size() == lowered.size() && candidate[0] == lowered[0] && candidate == lowered) return true;
  }
  return false;
}

// Start tags after which the pre-scan no longer knows the tokenizer's state
// for sure (raw text, RCDATA, script data, plaintext, foreign content with
// its CDATA sections, template contents, generated text): from there on,
// only inert runs are replaced.
bool EndsKnownState(std::string_view tag) {
  return NamedIn(tag, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
                       "plaintext", "template", "frameset", "isindex", "svg", "math"});
}

// Elements the parser compares by their attribute values (the active
// formatting elements' "Noah's Ark" clause): their values are left alone.
// Not <a>: a start tag <a> first closes any <a> still in the list (the
// adoption agency), so the list never holds two to compare.
bool IsComparedFormattingElement(std::string_view tag) {
  return NamedIn(tag, {"b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"});
}

// ASCII bytes that may be part of a run, per context (bit masks).
constexpr uint8_t kInText = 1, kInDoubleQuoted = 2, kInSingleQuoted = 4;

constexpr std::array<uint8_t, 128> MakeRunBytes() {
  std::array<uint8_t, 128> table{};
  for (int c = 0x20; c < 0x7F; ++c) table[c] = kInText | kInDoubleQuoted | kInSingleQuoted;
  for (char c : {'\t', '\n', '\f'}) table[static_cast<unsigned char>(c)] = kInText | kInDoubleQuoted | kInSingleQuoted;
  table['&'] = 0;
  table['<'] &= static_cast<uint8_t>(~kInText);
  table['"'] &= static_cast<uint8_t>(~kInDoubleQuoted);
  table['\''] &= static_cast<uint8_t>(~kInSingleQuoted);
  return table;
}
constexpr std::array<uint8_t, 128> kRunBytes = MakeRunBytes();

// The input as gumbo sees it, and the runs its placeholders stand for.
//
// Two kinds of run are replaced. Inert runs (inert code points only) are
// replaced wherever they are. Where a pre-scan that follows the HTML5
// tokenizer knows the state for sure — data state text, and quoted
// attribute values — runs may also hold ASCII: any printable character but
// `<` and `&` in text (and not starting with white space: the parser treats
// leading white space apart, e.g. the newline after <pre>; inside a run
// that starts with a character it makes no difference in any insertion mode
// a fragment in a <div> reaches outside <template>), any but the quote and
// `&` in a quoted value (whose attribute is not `type` or `encoding`, which
// the parser compares, and not on a formatting element other than <a>,
// whose attributes it compares). The character after a character reference's name is left
// alone (it decides whether the reference counts in an attribute). The
// pre-scan gives up (inert runs only from there on) at markup
// declarations, processing instructions, odd end tags and the start tags of
// EndsKnownState.
class Placeholders {
 public:
  // Replaces the runs of `html` (which must outlive this object); with
  // `enabled` false, none.
  Placeholders(std::string_view html, bool enabled) : html_(html) {
    if (!enabled) return;
    size_t pos = ScanText(0);
    while (pos < html_.size()) pos = ScanInertRunsOnly(pos);
    if (!runs_.empty()) text_.append(html_, copied_);
  }

  // What gumbo parses: the input, with placeholders if any.
  std::string_view text() const { return runs_.empty() ? html_ : std::string_view(text_); }

  // `parsed` (a string of gumbo's output) with each placeholder replaced
  // by its run.
  std::string Restore(std::string_view parsed) const {
    size_t mark = runs_.empty() ? std::string_view::npos : parsed.find(kMarkUtf8);
    if (mark == std::string_view::npos) return std::string(parsed);
    std::string out;
    size_t pos = 0;
    for (; mark != std::string_view::npos; mark = parsed.find(kMarkUtf8, pos)) {
      out.append(parsed, pos, mark - pos);
      pos = RestoreOne(parsed, mark, out);
    }
    out.append(parsed, pos);
    return out;
  }

 private:
  // Data state from html_[pos]; returns where the pre-scan gave up (or the end).
  size_t ScanText(size_t pos) {
    while (pos < html_.size()) {
      char c = html_[pos];
      if (c == '<') {
        size_t next = ScanMarkup(pos);
        if (next == std::string_view::npos) return pos;
        pos = next;
      } else if (c == '&') {
        pos = SkipReference(pos, '<');
      } else if (static_cast<unsigned char>(c) < 0x80 && (IsSpace(c) || !(kRunBytes[c & 0x7F] & kInText))) {
        ++pos;  // white space, control characters
      } else {
        pos = TakeRun(pos, kInText, false);
      }
    }
    return pos;
  }

  // The markup at html_[pos] == '<': returns the position after it, or npos
  // when the pre-scan gives up there.
  size_t ScanMarkup(size_t pos) {
    if (pos + 1 >= html_.size()) return pos + 1;
    char c = html_[pos + 1];
    if (IsAsciiLetter(c)) return ScanTag(pos + 1, false);
    if (c == '/') {
      if (pos + 2 < html_.size() && IsAsciiLetter(html_[pos + 2])) return ScanTag(pos + 2, true);
      return std::string_view::npos;
    }
    if (c == '!' || c == '?') return std::string_view::npos;
    return pos + 1;  // a `<` that is text
  }

  // A tag whose name starts at html_[pos]; returns the position after it.
  size_t ScanTag(size_t pos, bool end_tag) {
    size_t start = pos;
    pos = ScanName(pos, false);
    std::string_view tag = html_.substr(start, pos - start);
    if (!end_tag && EndsKnownState(tag)) return std::string_view::npos;
    return ScanAttributes(pos, !end_tag && IsComparedFormattingElement(tag));
  }

  // A tag name, or an attribute name (`attribute`), from html_[pos]
  // (whatever that is) up to white space, `/` or `>`, and for an attribute
  // name `=` but as its first character.
  size_t ScanName(size_t pos, bool attribute) {
    for (size_t first = pos; pos < html_.size(); ) {
      char c = html_[pos];
      if (IsSpace(c) || c == '/' || c == '>' || (attribute && c == '=' && pos > first)) break;
      pos = static_cast<unsigned char>(c) < 0x80 ? pos + 1 : TakeRun(pos, 0, true);
    }
    return pos;
  }

  size_t SkipSpaces(size_t pos) const {
    while (pos < html_.size() && IsSpace(html_[pos])) ++pos;
    return pos;
  }

  enum class ValuePolicy { kRuns, kInertRuns, kNone };

  // The attributes of a tag from html_[pos] (before attribute name state);
  // returns the position after the tag's `>`.
  size_t ScanAttributes(size_t pos, bool formatting) {
    for (;;) {
      pos = SkipSpaces(pos);
      if (pos >= html_.size()) return pos;
      if (html_[pos] == '>') return pos + 1;
      if (html_[pos] == '/') {  // self-closing start tag state
        if (pos + 1 < html_.size() && html_[pos + 1] == '>') return pos + 2;
        ++pos;
        continue;
      }
      size_t name_start = pos;
      pos = ScanName(pos, true);
      std::string_view name = html_.substr(name_start, pos - name_start);
      pos = SkipSpaces(pos);
      if (pos >= html_.size() || html_[pos] != '=') continue;
      pos = SkipSpaces(pos + 1);
      if (pos >= html_.size()) return pos;
      char c = html_[pos];
      if (c == '>') return pos + 1;
      ValuePolicy policy = formatting                             ? ValuePolicy::kNone
                           : NamedIn(name, {"type", "encoding"}) ? ValuePolicy::kInertRuns
                                                                 : ValuePolicy::kRuns;
      if (c == '"' || c == '\'') {
        pos = ScanQuotedValue(pos + 1, c, policy);
        if (pos < html_.size()) ++pos;  // the closing quote
      } else {
        pos = ScanUnquotedValue(pos, policy);
      }
    }
  }

  size_t ScanQuotedValue(size_t pos, char quote, ValuePolicy policy) {
    uint8_t context = quote == '"' ? kInDoubleQuoted : kInSingleQuoted;
    while (pos < html_.size() && html_[pos] != quote) {
      char c = html_[pos];
      if (c == '&') {
        pos = SkipReference(pos, quote);
      } else if (policy == ValuePolicy::kNone || (c == '\n' && html_[pos - 1] == '\r')) {
        ++pos;  // (gumbo reads CR LF as one LF: a run must not start at that LF)
      } else if (policy == ValuePolicy::kRuns && (static_cast<unsigned char>(c) >= 0x80 || kRunBytes[c & 0x7F] & context)) {
        pos = TakeRun(pos, context, false);
      } else {
        pos = static_cast<unsigned char>(c) < 0x80 ? pos + 1 : TakeRun(pos, 0, true);
      }
    }
    return pos;
  }

  size_t ScanUnquotedValue(size_t pos, ValuePolicy policy) {
    while (pos < html_.size() && !IsSpace(html_[pos]) && html_[pos] != '>') {
      bool ascii = static_cast<unsigned char>(html_[pos]) < 0x80;
      pos = ascii || policy == ValuePolicy::kNone ? pos + 1 : TakeRun(pos, 0, true);
    }
    return pos;
  }

  // Skips the `&` at html_[pos], the name or number after it, and one more
  // ASCII character unless it is `stop` or `&`.
  size_t SkipReference(size_t pos, char stop) const {
    ++pos;
    while (pos < html_.size() && (IsAsciiAlnum(html_[pos]) || html_[pos] == '#' || html_[pos] == ';')) ++pos;
    if (pos < html_.size() && static_cast<unsigned char>(html_[pos]) < 0x80 && html_[pos] != stop &&
        html_[pos] != '&') {
      ++pos;
    }
    return pos;
  }

  // After the pre-scan gave up: inert runs only, from html_[pos].
  size_t ScanInertRunsOnly(size_t pos) {
    while (pos < html_.size() && static_cast<unsigned char>(html_[pos]) < 0x80) ++pos;
    return pos < html_.size() ? TakeRun(pos, 0, true) : pos;
  }

  // The run at html_[pos] of inert code points and of the ASCII bytes of
  // `context` (0: none), replaced by a placeholder if long enough (or
  // holding a Private Use Area code point); a byte that starts no run is
  // skipped. `shared`: equal runs get the same placeholder (for names, which
  // gumbo compares). Returns the position after the run.
  size_t TakeRun(size_t pos, uint8_t context, bool shared) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(html_.data());
    const size_t size = html_.size(), start = pos;
    bool private_use = false;
    for (;;) {
      while (size - pos >= 3 && IsCommonInert(bytes + pos)) pos += 3;
      while (pos < size && bytes[pos] < 0x80 && (kRunBytes[bytes[pos]] & context)) ++pos;
      if (pos >= size || bytes[pos] < 0x80) break;
      char32_t c = 0;
      size_t length = DecodeUtf8(html_, pos, c);
      if (length == 0 || !IsInert(c)) break;
      private_use = private_use || IsPrivateUse(c);
      pos += length;
    }
    if (pos == start) {
      char32_t c = 0;
      return pos + std::max<size_t>(DecodeUtf8(html_, pos, c), 1);
    }
    if (private_use || CountsAtLeast(html_.substr(start, pos - start), kMinReplacedRun)) Replace(start, pos, shared);
    return pos;
  }

  // True for the well-formed 3-byte sequences of U+1000..U+CFFF (most CJK)
  // and U+F900..U+FFBF but U+FDC0..U+FDFF and U+FEC0..U+FEFF (CJK
  // compatibility, full-width punctuation): inert, not Private Use.
  static bool IsCommonInert(const unsigned char* bytes) {
    unsigned lead = bytes[0], second = bytes[1];
    if ((bytes[2] & 0xC0) != 0x80) return false;
    if (lead - 0xE1u <= 0xECu - 0xE1u) return (second & 0xC0) == 0x80;
    return lead == 0xEF && second - 0xA4u <= 0xBEu - 0xA4u && second != 0xB7 && second != 0xBB;
  }

  // True when the well-formed UTF-8 `run` holds at least `count` code points.
  static bool CountsAtLeast(std::string_view run, size_t count) {
    if (run.size() >= 4 * count) return true;
    size_t code_points = 0;
    for (char c : run) code_points += IsContinuation(static_cast<unsigned char>(c)) ? 0 : 1;
    return code_points >= count;
  }

  void Replace(size_t start, size_t end, bool shared) {
    if (runs_.empty()) text_.reserve(html_.size());
    text_.append(html_, copied_, start - copied_);
    copied_ = end;
    std::string_view run = html_.substr(start, end - start);
    size_t index = runs_.size();
    if (shared) {
      auto [known, added] = shared_index_.try_emplace(run, runs_.size());
      index = known->second;
      if (!added) return AppendPlaceholder(index);
    }
    runs_.push_back(run);
    AppendPlaceholder(index);
  }

  void AppendPlaceholder(size_t index) {
    AppendUtf8(text_, kPlaceholderMark);
    char32_t digits[8];
    int count = 0;
    do {
      digits[count++] = kFirstDigit + static_cast<char32_t>(index % kDigitBase);
      index /= kDigitBase;
    } while (index > 0);
    while (count > 0) AppendUtf8(text_, digits[--count]);
  }

  // Appends the run of the placeholder at parsed[mark] to `out`; returns
  // the position after the placeholder. (An index out of range cannot
  // happen; the placeholder would then be kept as it is.)
  size_t RestoreOne(std::string_view parsed, size_t mark, std::string& out) const {
    size_t pos = mark + kMarkUtf8.size(), index = 0;
    char32_t c = 0;
    while (pos < parsed.size() && DecodeUtf8(parsed, pos, c) == 3 && c >= kFirstDigit &&
           c < kFirstDigit + kDigitBase && index < runs_.size()) {
      index = index * kDigitBase + (c - kFirstDigit);
      pos += 3;
    }
    if (pos == mark + kMarkUtf8.size() || index >= runs_.size()) {
      out.append(parsed, mark, pos - mark);
    } else {
      out += runs_[index];
    }
    return pos;
  }

  std::string_view html_;
  std::string text_;   // built only once a run is replaced
  size_t copied_ = 0;  // html_ up to here is in text_
  std::vector<std::string_view> runs_;  // into html_
  // Equal shared runs get the same placeholder, so that the names gumbo
  // compares (attribute names: a repeated one is dropped) compare as before.
  std::unordered_map<std::string_view, size_t> shared_index_;
};

std::string TagName(const GumboElement& element, const Placeholders& placeholders) {
  if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
  GumboStringPiece piece = element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return Lower(placeholders.Restore(std::string_view(piece.data, piece.length)));
}

std::unique_ptr<HtmlNode> ConvertElement(const GumboElement& element, const Placeholders& placeholders) {
  auto node = MakeElement(TagName(element, placeholders));
  node->foreign = element.tag_namespace != GUMBO_NAMESPACE_HTML;
  for (unsigned i = 0; i < element.attributes.length; ++i) {
    auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
    node->attributes.push_back(
        {Lower(placeholders.Restore(attribute->name)), placeholders.Restore(attribute->value)});
  }
  return node;
}

// The node for a gumbo node without its children; nullptr for node types
// we do not keep (documents).
std::unique_ptr<HtmlNode> ConvertNode(const GumboNode& node, const Placeholders& placeholders) {
  switch (node.type) {
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
      return ConvertElement(node.v.element, placeholders);
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
    case GUMBO_NODE_WHITESPACE:
      return MakeText(placeholders.Restore(node.v.text.text));
    case GUMBO_NODE_COMMENT: {
      auto comment = MakeText(placeholders.Restore(node.v.text.text));
      comment->kind = NodeKind::kComment;
      return comment;
    }
    default:
      return nullptr;
  }
}

HtmlNode* AppendConverted(HtmlNode& target, const GumboNode& source, const Placeholders& placeholders) {
  std::unique_ptr<HtmlNode> node = ConvertNode(source, placeholders);
  if (!node) return nullptr;
  if (node->kind == NodeKind::kText && !target.children.empty() &&
      target.children.back()->kind == NodeKind::kText) {
    target.children.back()->text += node->text;
    return nullptr;
  }
  return AppendChild(target, std::move(node));
}

bool HasChildren(const GumboNode& node) {
  return node.type == GUMBO_NODE_ELEMENT || node.type == GUMBO_NODE_TEMPLATE;
}

// A depth-first walk with an explicit stack (gumbo trees can be deeper than
// the call stack allows). Elements below kMaxTreeDepth are left out and
// their contents go to the deepest element kept.
void ConvertChildren(const GumboNode& root, HtmlNode& fragment, const Placeholders& placeholders) {
  struct Frame {
    const GumboNode* source;
    unsigned next_child;
    HtmlNode* target;
  };
  std::vector<Frame> stack{{&root, 0, &fragment}};
  while (!stack.empty()) {
    Frame& frame = stack.back();
    const GumboVector& children = frame.source->v.element.children;
    if (frame.next_child >= children.length) {
      stack.pop_back();
      continue;
    }
    auto* child = static_cast<const GumboNode*>(children.data[frame.next_child++]);
    HtmlNode* target = frame.target;
    bool flatten = HasChildren(*child) && stack.size() >= static_cast<size_t>(kMaxTreeDepth);
    HtmlNode* converted = flatten ? target : AppendConverted(*target, *child, placeholders);
    if (HasChildren(*child)) stack.push_back({child, 0, converted});
  }
}

}  // namespace

const std::string* HtmlNode::Attribute(std::string_view attribute) const {
  for (const HtmlAttribute& a : attributes) {
    if (a.name == attribute) return &a.value;
  }
  return nullptr;
}

void HtmlNode::SetAttribute(std::string_view attribute, std::string value) {
  for (HtmlAttribute& a : attributes) {
    if (a.name == attribute) {
      a.value = std::move(value);
      return;
    }
  }
  attributes.push_back({std::string(attribute), std::move(value)});
}

void HtmlNode::RemoveAttribute(std::string_view attribute) {
  std::erase_if(attributes, [&](const HtmlAttribute& a) { return a.name == attribute; });
}

bool HtmlNode::HasClass(std::string_view token) const {
  const std::string* classes = Attribute("class");
  if (!classes || token.empty()) return false;
  std::string_view rest = *classes;
  while (!rest.empty()) {
    size_t start = rest.find_first_not_of(" \t\n\r\f");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    size_t end = rest.find_first_of(" \t\n\r\f");
    if (rest.substr(0, end) == token) return true;
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  }
  return false;
}

std::string HtmlNode::TextContent() const {
  if (kind == NodeKind::kText) return text;
  std::string out;
  for (const auto& child : children) {
    if (child->kind != NodeKind::kComment) out += child->TextContent();
  }
  return out;
}

size_t HtmlNode::IndexInParent() const {
  for (size_t i = 0; i < parent->children.size(); ++i) {
    if (parent->children[i].get() == this) return i;
  }
  return parent->children.size();
}

namespace {

std::unique_ptr<HtmlNode> Parse(std::string_view html, bool use_placeholders) {
  auto fragment = std::make_unique<HtmlNode>();
  fragment->kind = NodeKind::kFragment;
  NumericReferences references = ScanNumericReferences(html);
  Placeholders placeholders(html, use_placeholders && !references.private_use);
  std::string_view input = placeholders.text();
  GumboOptions options = kGumboDefaultOptions;
  options.fragment_context = GUMBO_TAG_DIV;
  options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  options.max_errors = 1;  // whether there was one is all we need
  GumboParse parse(options, input);
  ConvertChildren(*parse.output().root, *fragment, placeholders);
  fragment->parse_errors = parse.output().errors.length > 0;
  if (references.overflow) RepairUtf8(*fragment);
  return fragment;
}

}  // namespace

std::unique_ptr<HtmlNode> ParseHtmlFragment(std::string_view html) { return Parse(html, true); }

std::unique_ptr<HtmlNode> ParseHtmlFragmentWithoutPlaceholders(std::string_view html) {
  return Parse(html, false);
}

std::unique_ptr<HtmlNode> MakeElement(std::string name) {
  auto node = std::make_unique<HtmlNode>();
  node->name = std::move(name);
  return node;
}

std::unique_ptr<HtmlNode> MakeText(std::string text) {
  auto node = std::make_unique<HtmlNode>();
  node->kind = NodeKind::kText;
  node->text = std::move(text);
  return node;
}

HtmlNode* AppendChild(HtmlNode& parent, std::unique_ptr<HtmlNode> child) {
  return InsertChild(parent, parent.children.size(), std::move(child));
}

HtmlNode* InsertChild(HtmlNode& parent, size_t index, std::unique_ptr<HtmlNode> child) {
  child->parent = &parent;
  HtmlNode* raw = child.get();
  parent.children.insert(parent.children.begin() + static_cast<std::ptrdiff_t>(index), std::move(child));
  return raw;
}

std::unique_ptr<HtmlNode> Detach(HtmlNode& node) {
  HtmlNode* parent = node.parent;
  auto position = parent->children.begin() + static_cast<std::ptrdiff_t>(node.IndexInParent());
  std::unique_ptr<HtmlNode> owned = std::move(*position);
  parent->children.erase(position);
  owned->parent = nullptr;
  return owned;
}

void Unwrap(HtmlNode& node) {
  HtmlNode* parent = node.parent;
  HtmlNode* root = parent;
  while (root->parent) root = root->parent;
  root->unwrapped = true;
  size_t index = node.IndexInParent();
  std::vector<std::unique_ptr<HtmlNode>> children = std::move(node.children);
  node.children.clear();
  Detach(node);  // destroys `node`
  for (auto& child : children) InsertChild(*parent, index++, std::move(child));
}

void VisitElements(HtmlNode& root, const std::function<void(HtmlNode&)>& visit) {
  for (size_t i = 0; i < root.children.size(); ++i) {
    HtmlNode& child = *root.children[i];
    if (child.kind != NodeKind::kElement) continue;
    visit(child);
    VisitElements(child, visit);
  }
}

void RebuildChildren(HtmlNode& node, const ChildFateFunction& fate) {
  // Child lists of earlier calls, emptied but with their capacity: the
  // walks over a tree then allocate none.
  thread_local std::vector<std::vector<std::unique_ptr<HtmlNode>>> spare_lists;
  std::vector<std::unique_ptr<HtmlNode>> placed;
  if (!node.children.empty() && !spare_lists.empty()) {
    placed = std::move(spare_lists.back());
    spare_lists.pop_back();
  }
  placed.reserve(node.children.size());
  bool unwrapped = false;
  for (auto& child : node.children) {
    switch (fate(*child, placed)) {
      case ChildFate::kKeep:
        placed.push_back(std::move(child));
        break;
      case ChildFate::kRemove:
        break;
      case ChildFate::kUnwrap:
        for (auto& grandchild : child->children) {
          grandchild->parent = &node;
          placed.push_back(std::move(grandchild));
        }
        unwrapped = true;
        break;
    }
  }
  std::swap(node.children, placed);
  if (placed.capacity() > 0) {
    placed.clear();  // what is left are the moved-from pointers
    spare_lists.push_back(std::move(placed));
  }
  if (!unwrapped) return;
  HtmlNode* root = &node;
  while (root->parent) root = root->parent;
  root->unwrapped = true;
}

// In place: most walks remove nothing, and then allocate nothing.
void RemoveElements(HtmlNode& root, const std::function<bool(const HtmlNode&)>& remove) {
  bool removed = false;
  for (auto& child : root.children) {
    if (child->kind != NodeKind::kElement) continue;
    if (remove(*child)) {
      child.reset();
      removed = true;
    } else {
      RemoveElements(*child, remove);
    }
  }
  if (removed) std::erase(root.children, nullptr);
}

}  // namespace feedmirror
