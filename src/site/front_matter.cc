#include "site/front_matter.h"

#include <cstdint>

#include "util/error.h"
#include "util/utf8.h"

namespace feedmirror {

namespace {

struct Line {
  std::string_view text;
  int number;
};

std::vector<Line> SplitLines(std::string_view yaml, int first_line) {
  std::vector<Line> lines;
  size_t pos = 0;
  int number = first_line;
  while (pos < yaml.size()) {
    size_t end = yaml.find('\n', pos);
    if (end == std::string_view::npos) end = yaml.size();
    std::string_view text = yaml.substr(pos, end - pos);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    lines.push_back({text, number++});
    pos = end + 1;
  }
  return lines;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsBlankOrComment(std::string_view s) {
  s = Trim(s);
  return s.empty() || s.front() == '#';
}

bool IsIndented(std::string_view s) { return !s.empty() && (s[0] == ' ' || s[0] == '\t'); }

// The parser of one front matter: a cursor over its lines.
class Parser {
 public:
  Parser(std::vector<Line> lines, const std::string& file) : lines_(std::move(lines)), file_(file) {}

  FrontMatter Parse() {
    FrontMatter fm;
    while (next_ < lines_.size()) {
      const Line& line = lines_[next_++];
      if (IsBlankOrComment(line.text)) continue;
      if (IsIndented(line.text) || line.text[0] == '-') Fail(line.number, "unexpected indented line or sequence item");
      auto [key, value] = ParseEntry(line);
      Store(fm, std::move(key), std::move(value));
    }
    return fm;
  }

 private:
  [[noreturn]] void Fail(int line, const std::string& what) const {
    throw Error(file_ + ":" + std::to_string(line) + ": " + what);
  }

  static void Store(FrontMatter& fm, std::string key, YamlValue value) {
    for (auto& [k, v] : fm) {
      if (k == key) {
        v = std::move(value);
        return;
      }
    }
    fm.emplace_back(std::move(key), std::move(value));
  }

  std::pair<std::string, YamlValue> ParseEntry(const Line& line) {
    size_t colon = FindKeyColon(line.text);
    if (colon == std::string_view::npos) Fail(line.number, "expected 'key: value'");
    std::string key(Trim(line.text.substr(0, colon)));
    if (key.empty()) Fail(line.number, "empty key");
    if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'') && key.back() == key.front())
      key = key.substr(1, key.size() - 2);
    YamlValue value = ParseValue(Trim(line.text.substr(colon + 1)), line.number);
    value.line = line.number;
    return {std::move(key), std::move(value)};
  }

  // The colon that ends the key: followed by a space or the end of the line.
  static size_t FindKeyColon(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == ':' && (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\t')) return i;
    }
    return std::string_view::npos;
  }

  YamlValue ParseValue(std::string_view text, int number) {
    if (text.empty() || text.front() == '#') return ParseNested(number);
    switch (text.front()) {
      case '"':
        return Scalar(ReadDoubleQuoted(text, number), true);
      case '\'':
        return Scalar(ReadSingleQuoted(text, number), true);
      case '[':
        return ParseFlowSequence(text, number);
      case '|':
      case '>':
        return Scalar(ReadBlockScalar(text.front() == '|'), false);
      case '{':
        return Raw(std::string(text));
      default:
        return PlainScalar(ReadPlainScalar(text));
    }
  }

  static YamlValue Scalar(std::string s, bool quoted) {
    YamlValue v;
    v.kind = YamlValue::Kind::kScalar;
    v.scalar = std::move(s);
    v.quoted = quoted;
    return v;
  }

  static YamlValue Raw(std::string s) {
    YamlValue v;
    v.kind = YamlValue::Kind::kRaw;
    v.scalar = std::move(s);
    return v;
  }

  static bool IsNullWord(std::string_view s) {
    return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
  }

  static YamlValue PlainScalar(std::string s) {
    if (IsNullWord(s)) return YamlValue{};
    return Scalar(std::move(s), false);
  }

  // A key with nothing after it: a block sequence, a nested map (kept raw),
  // or null.
  YamlValue ParseNested(int number) {
    std::vector<Line> block;
    while (next_ < lines_.size()) {
      std::string_view t = lines_[next_].text;
      bool item = !t.empty() && t[0] == '-' && (t.size() == 1 || t[1] == ' ');
      if (!IsIndented(t) && !item && !Trim(t).empty()) break;
      block.push_back(lines_[next_++]);
    }
    while (!block.empty() && IsBlankOrComment(block.back().text)) block.pop_back();
    if (block.empty()) return YamlValue{};
    if (IsBlockSequence(block)) return ParseBlockSequence(block);
    std::string raw;
    for (const Line& l : block) raw.append(l.text).push_back('\n');
    (void)number;
    return Raw(std::move(raw));
  }

  static bool IsBlockSequence(const std::vector<Line>& block) {
    for (const Line& l : block) {
      std::string_view t = Trim(l.text);
      if (t.empty() || t.front() == '#') continue;
      if (t.front() != '-' || (t.size() > 1 && t[1] != ' ')) return false;
    }
    return true;
  }

  YamlValue ParseBlockSequence(const std::vector<Line>& block) {
    YamlValue v;
    v.kind = YamlValue::Kind::kSequence;
    for (const Line& l : block) {
      std::string_view t = Trim(l.text);
      if (t.empty() || t.front() == '#') continue;
      std::string_view item = Trim(t.substr(1));
      std::string s;
      bool quoted = !item.empty() && (item.front() == '"' || item.front() == '\'');
      if (!item.empty() && item.front() == '"') {
        s = ReadDoubleQuotedOnLine(item, l.number);
      } else if (!item.empty() && item.front() == '\'') {
        s = ReadSingleQuotedOnLine(item, l.number);
      } else {
        s = ReadPlainScalar(item);
      }
      if (quoted || !IsNullWord(s)) v.items.push_back(std::move(s));
    }
    return v;
  }

  // Plain scalar: up to a " #" comment; indented continuation lines fold
  // into it with single spaces.
  std::string ReadPlainScalar(std::string_view text) {
    std::string s(StripComment(text));
    while (next_ < lines_.size() && IsIndented(lines_[next_].text) &&
           !Trim(lines_[next_].text).empty()) {
      s.push_back(' ');
      s.append(StripComment(Trim(lines_[next_++].text)));
    }
    return s;
  }

  static std::string_view StripComment(std::string_view text) {
    for (size_t i = 1; i < text.size(); ++i) {
      if (text[i] == '#' && (text[i - 1] == ' ' || text[i - 1] == '\t')) return Trim(text.substr(0, i));
    }
    return Trim(text);
  }

  // The text of a quoted scalar that may continue on following lines: the
  // lines joined by '\n' until `closed` says the quote ends.
  template <typename Closed>
  std::string JoinUntilClosed(std::string_view first, int number, Closed closed, const char* what) {
    std::string text(first);
    while (!closed(text)) {
      if (next_ >= lines_.size()) Fail(number, std::string("unterminated ") + what);
      text.push_back('\n');
      text.append(lines_[next_++].text);
    }
    return text;
  }

  std::string ReadDoubleQuoted(std::string_view first, int number) {
    std::string text = JoinUntilClosed(
        first, number, [](const std::string& t) { return DoubleQuoteEnd(t) != std::string::npos; },
        "double-quoted string");
    size_t end = DoubleQuoteEnd(text);
    CheckAfterScalar(std::string_view(text).substr(end + 1), number);
    return UnescapeDoubleQuoted(std::string_view(text).substr(1, end - 1), number);
  }

  std::string ReadDoubleQuotedOnLine(std::string_view text, int number) {
    size_t end = DoubleQuoteEnd(text);
    if (end == std::string::npos) Fail(number, "unterminated double-quoted string");
    CheckAfterScalar(text.substr(end + 1), number);
    return UnescapeDoubleQuoted(text.substr(1, end - 1), number);
  }

  std::string ReadSingleQuoted(std::string_view first, int number) {
    std::string text = JoinUntilClosed(
        first, number, [](const std::string& t) { return SingleQuoteEnd(t) != std::string::npos; },
        "single-quoted string");
    size_t end = SingleQuoteEnd(text);
    CheckAfterScalar(std::string_view(text).substr(end + 1), number);
    return UnescapeSingleQuoted(std::string_view(text).substr(1, end - 1));
  }

  std::string ReadSingleQuotedOnLine(std::string_view text, int number) {
    size_t end = SingleQuoteEnd(text);
    if (end == std::string::npos) Fail(number, "unterminated single-quoted string");
    CheckAfterScalar(text.substr(end + 1), number);
    return UnescapeSingleQuoted(text.substr(1, end - 1));
  }

  void CheckAfterScalar(std::string_view rest, int number) const {
    rest = Trim(rest);
    if (!rest.empty() && rest.front() != '#') Fail(number, "unexpected text after a quoted value");
  }

  // Index of the closing '"' of text starting with '"', or npos.
  static size_t DoubleQuoteEnd(std::string_view text) {
    for (size_t i = 1; i < text.size(); ++i) {
      if (text[i] == '\\') {
        ++i;
      } else if (text[i] == '"') {
        return i;
      }
    }
    return std::string::npos;
  }

  static size_t SingleQuoteEnd(std::string_view text) {
    for (size_t i = 1; i < text.size(); ++i) {
      if (text[i] != '\'') continue;
      if (i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
      } else {
        return i;
      }
    }
    return std::string::npos;
  }

  uint32_t ReadHex(std::string_view s, size_t& i, int digits, int number) const {
    if (i + static_cast<size_t>(digits) >= s.size()) Fail(number, "truncated escape in double-quoted string");
    uint32_t cp = 0;
    for (int k = 0; k < digits; ++k) {
      char c = s[i + 1 + k];
      int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                                              : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (d < 0) Fail(number, "bad hex digit in escape");
      cp = cp * 16 + static_cast<uint32_t>(d);
    }
    i += digits;
    return cp;
  }

  // YAML double-quoted escapes, and line folding for multi-line values.
  std::string UnescapeDoubleQuoted(std::string_view s, int number) const {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c == '\n') {
        FoldLineBreak(s, i, out);
        continue;
      }
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (++i >= s.size()) Fail(number, "truncated escape in double-quoted string");
      AppendEscape(s, i, out, number);
    }
    return out;
  }

  void AppendEscape(std::string_view s, size_t& i, std::string& out, int number) const {
    switch (s[i]) {
      case '0': out.push_back('\0'); break;
      case 'a': out.push_back('\a'); break;
      case 'b': out.push_back('\b'); break;
      case 't': case '\t': out.push_back('\t'); break;
      case 'n': out.push_back('\n'); break;
      case 'v': out.push_back('\v'); break;
      case 'f': out.push_back('\f'); break;
      case 'r': out.push_back('\r'); break;
      case 'e': out.push_back('\x1b'); break;
      case ' ': out.push_back(' '); break;
      case '"': out.push_back('"'); break;
      case '/': out.push_back('/'); break;
      case '\\': out.push_back('\\'); break;
      case 'N': AppendUtf8(out, 0x85); break;
      case '_': AppendUtf8(out, 0xA0); break;
      case 'L': AppendUtf8(out, 0x2028); break;
      case 'P': AppendUtf8(out, 0x2029); break;
      case 'x': AppendUtf8(out, ReadHexChecked(s, i, 2, number)); break;
      case 'u': AppendUtf8(out, ReadHexChecked(s, i, 4, number)); break;
      case 'U': AppendUtf8(out, ReadHexChecked(s, i, 8, number)); break;
      case '\n':  // escaped line break: joins the lines, dropping leading blanks
        while (i + 1 < s.size() && (s[i + 1] == ' ' || s[i + 1] == '\t')) ++i;
        break;
      default:
        Fail(number, std::string("unknown escape '\\") + s[i] + "' in double-quoted string");
    }
  }

  uint32_t ReadHexChecked(std::string_view s, size_t& i, int digits, int number) const {
    uint32_t cp = ReadHex(s, i, digits, number);
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) Fail(number, "escape is not a Unicode scalar value");
    return cp;
  }

  // A line break inside a quoted scalar: trailing blanks before it and
  // leading blanks after it go; one break becomes a space, n+1 breaks n '\n'.
  static void FoldLineBreak(std::string_view s, size_t& i, std::string& out) {
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
    int breaks = 0;
    while (i < s.size() && (s[i] == '\n' || s[i] == ' ' || s[i] == '\t')) {
      if (s[i] == '\n') ++breaks;
      ++i;
    }
    --i;
    if (breaks == 1) {
      out.push_back(' ');
    } else {
      out.append(static_cast<size_t>(breaks - 1), '\n');
    }
  }

  static std::string UnescapeSingleQuoted(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\n') {
        FoldLineBreak(s, i, out);
      } else {
        out.push_back(s[i]);
        if (s[i] == '\'' && i + 1 < s.size() && s[i + 1] == '\'') ++i;
      }
    }
    return out;
  }

  // `|` keeps line breaks, `>` folds them; the block's indentation goes.
  std::string ReadBlockScalar(bool literal) {
    std::vector<std::string_view> block;
    while (next_ < lines_.size() && (IsIndented(lines_[next_].text) || Trim(lines_[next_].text).empty())) {
      block.push_back(lines_[next_++].text);
    }
    while (!block.empty() && Trim(block.back()).empty()) block.pop_back();
    size_t indent = std::string::npos;
    for (std::string_view l : block) {
      if (Trim(l).empty()) continue;
      indent = std::min(indent, l.find_first_not_of(" \t"));
    }
    std::string out;
    for (size_t k = 0; k < block.size(); ++k) {
      std::string_view l = block[k].size() > indent ? block[k].substr(indent) : std::string_view();
      if (k > 0) out.push_back(literal || l.empty() ? '\n' : ' ');
      out.append(l);
    }
    if (!out.empty()) out.push_back('\n');
    return out;
  }

  // `[ a, "b", 'c' ]`, possibly over several lines.
  YamlValue ParseFlowSequence(std::string_view first, int number) {
    std::string text(first);
    while (!FlowSequenceClosed(text)) {
      if (next_ >= lines_.size()) Fail(number, "unterminated flow sequence");
      text.push_back(' ');
      text.append(Trim(lines_[next_++].text));
    }
    YamlValue v;
    v.kind = YamlValue::Kind::kSequence;
    std::string_view body(text);
    size_t close = FlowSequenceEnd(body);
    CheckAfterScalar(body.substr(close + 1), number);
    SplitFlowItems(body.substr(1, close - 1), number, v.items);
    return v;
  }

  static size_t FlowSequenceEnd(std::string_view text) {
    int depth = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == '"') {
        size_t end = DoubleQuoteEnd(text.substr(i));
        if (end == std::string::npos) return std::string::npos;
        i += end;
      } else if (c == '\'') {
        size_t end = SingleQuoteEnd(text.substr(i));
        if (end == std::string::npos) return std::string::npos;
        i += end;
      } else if (c == '[' || c == '{') {
        ++depth;
      } else if ((c == ']' || c == '}') && --depth == 0) {
        return i;
      }
    }
    return std::string::npos;
  }

  static bool FlowSequenceClosed(const std::string& text) { return FlowSequenceEnd(text) != std::string::npos; }

  void SplitFlowItems(std::string_view inner, int number, std::vector<std::string>& items) const {
    size_t i = 0;
    while (true) {
      while (i < inner.size() && (inner[i] == ' ' || inner[i] == '\t')) ++i;
      if (i >= inner.size()) return;
      std::string item;
      bool quoted = inner[i] == '"' || inner[i] == '\'';
      if (inner[i] == '"') {
        size_t end = DoubleQuoteEnd(inner.substr(i));
        item = UnescapeDoubleQuoted(inner.substr(i + 1, end - 1), number);
        i += end + 1;
      } else if (inner[i] == '\'') {
        size_t end = SingleQuoteEnd(inner.substr(i));
        item = UnescapeSingleQuoted(inner.substr(i + 1, end - 1));
        i += end + 1;
      } else if (inner[i] == '[' || inner[i] == '{') {
        Fail(number, "nested collections in a flow sequence are not supported");
      } else {
        size_t comma = inner.find(',', i);
        if (comma == std::string_view::npos) comma = inner.size();
        item = std::string(Trim(inner.substr(i, comma - i)));
        i = comma;
      }
      while (i < inner.size() && (inner[i] == ' ' || inner[i] == '\t')) ++i;
      if (i < inner.size() && inner[i] != ',') Fail(number, "expected ',' or ']' in flow sequence");
      if (quoted || !IsNullWord(item)) items.push_back(std::move(item));
      if (i >= inner.size()) return;
      ++i;  // the comma
    }
  }

  std::vector<Line> lines_;
  size_t next_ = 0;
  const std::string& file_;
};

}  // namespace

FrontMatter ParseFrontMatter(std::string_view yaml, const std::string& file, int first_line) {
  return Parser(SplitLines(yaml, first_line), file).Parse();
}

const YamlValue* FindKey(const FrontMatter& fm, std::string_view key) {
  for (const auto& [k, v] : fm) {
    if (k == key) return &v;
  }
  return nullptr;
}

}  // namespace feedmirror
