#include "feed/xml_repair.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>

#include "feed/text_util.h"
#include "util/error.h"

namespace feedmirror {

namespace {

// Bytes that stop a run of plain text: markup, references, and the C0
// controls XML forbids.
constexpr std::array<bool, 256> MakeTextStops() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = c != '\t' && c != '\n' && c != '\r';
  t['<'] = t['&'] = true;
  t[0xEF] = true;  // may start U+FFFE / U+FFFF
  return t;
}
constexpr std::array<bool, 256> kTextStops = MakeTextStops();

bool IsControl(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

bool IsNameStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}

bool IsNameChar(unsigned char c) {
  return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// U+FFFE and U+FFFF are not XML characters.
bool IsNonCharacterAt(std::string_view s, size_t i) {
  return i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEF &&
         static_cast<unsigned char>(s[i + 1]) == 0xBF &&
         (static_cast<unsigned char>(s[i + 2]) == 0xBE || static_cast<unsigned char>(s[i + 2]) == 0xBF);
}

bool IsXmlChar(unsigned long cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

bool IsPredefined(std::string_view name) {
  return name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
}

// True when one of the eight bytes of `word` is below 0x20 or is 0xBF
// (the middle byte of U+FFFE/U+FFFF; rarer in CJK text than their 0xEF).
bool MayNeedCleaning(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  uint64_t below_0x20 = (word - kOnes * 0x20) & ~word & kHigh;
  uint64_t x = word ^ (kOnes * 0xBF);
  uint64_t is_bf = (x - kOnes) & ~x & kHigh;
  return (below_0x20 | is_bf) != 0;
}

// Appends `s` without C0 controls and non-characters; true if any dropped.
bool AppendClean(std::string_view s, std::string& out) {
  bool dropped = false;
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    // Byte i alone, bytes i+1..i+8 at once: an 0xEF BF BE/BF inside the
    // word shows by its 0xBF; one at i+8 is checked alone next round.
    if (i + 9 <= s.size() && !IsControl(s[i]) && static_cast<unsigned char>(s[i]) != 0xEF) {
      uint64_t word;
      std::memcpy(&word, s.data() + i + 1, 8);
      if (!MayNeedCleaning(word)) {
        i += 7;
        continue;
      }
    }
    unsigned char c = s[i];
    bool bad = IsControl(c) || (c == 0xEF && IsNonCharacterAt(s, i));
    if (!bad) continue;
    out.append(s.substr(run, i - run));
    dropped = true;
    if (c == 0xEF) i += 2;
    run = i + 1;
  }
  out.append(s.substr(run));
  return dropped;
}

// A quoted string starting at in[i] (which is the quote); returns the index
// after the closing quote or npos.
size_t SkipQuoted(std::string_view in, size_t i) {
  size_t close = in.find(in[i], i + 1);
  return close == std::string_view::npos ? close : close + 1;
}

}  // namespace

void XmlRepair::Note(const std::string& what) {
  if (repairs_.size() < 20 && std::find(repairs_.begin(), repairs_.end(), what) == repairs_.end()) {
    repairs_.push_back(what);
  }
}

void XmlRepair::Push(std::string_view chunk, std::string& out) {
  if (pending_.empty()) {  // the usual case: no copy of the input
    Process(chunk, false, out);
    return;
  }
  std::string input = std::move(pending_);
  pending_.clear();
  input.append(chunk);
  Process(input, false, out);
}

void XmlRepair::Finish(std::string& out) {
  std::string input = std::move(pending_);
  pending_.clear();
  Process(input, true, out);
}

// Repairs `in` into `out`; keeps an unfinished construct at its end in
// pending_ for the next call.
void XmlRepair::Process(std::string_view in, bool at_end, std::string& out) {
  std::string spliced;  // the input once an entity's text was put into it
  size_t i = 0;
  while (i < in.size()) {
    size_t used = 0;
    switch (state_) {
      case State::kCData:
        used = UntilTerminator(in.substr(i), "]]>", at_end, cdata_queue_ ? cdata_ : out);
        if (cdata_queue_ && state_ != State::kCData) {  // the section ended
          cdata_.resize(cdata_.size() - 3);  // its "]]>"
          cdata_queue_->push_back(std::move(cdata_));
          cdata_.clear();
          out += kCdataMarker;
        }
        break;
      case State::kComment: used = UntilTerminator(in.substr(i), "-->", at_end, out); break;
      case State::kProlog:
      case State::kEpilog:
      case State::kContent:
        used = in[i] == '<' ? Markup(in.substr(i), at_end, out) : Text(in.substr(i), at_end, out);
        break;
    }
    if (splice_skip_ > 0) {  // the entity reference at i + used is replaced by its text
      std::string rest(in.substr(i + used + splice_skip_));
      spliced = splice_text_ + rest;
      in = spliced;
      i = 0;
      splice_skip_ = 0;
      continue;
    }
    if (used == 0) break;
    i += used;
  }
  if (at_end && i < in.size()) {  // an unfinished construct at the very end
    AppendClean(in.substr(i), out);
    i = in.size();
  }
  pending_.assign(in.substr(i));
}

size_t XmlRepair::Text(std::string_view in, bool at_end, std::string& out) {
  size_t i = 0;
  while (i < in.size() && !kTextStops[static_cast<unsigned char>(in[i])]) ++i;
  std::string_view run = in.substr(0, i);
  if (state_ == State::kContent) {
    out.append(run);
  } else if (run.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    Note(state_ == State::kProlog ? "text before the document's root element dropped"
                                  : "text after the document's root element dropped");
  }
  if (i == in.size() || in[i] == '<') return i;
  unsigned char c = in[i];
  if (c == '&') {
    if (state_ != State::kContent) return i + 1;
    size_t used = Reference(in.substr(i), at_end, false, out);
    return used == 0 ? i : i + used;
  }
  if (c == 0xEF) {
    if (IsNonCharacterAt(in, i)) {
      Note("non-characters U+FFFE/U+FFFF removed");
      return i + 3;
    }
    if (i + 2 >= in.size() && !at_end) return i;  // decide with more input
    if (state_ == State::kContent) out += static_cast<char>(c);
    return i + 1;
  }
  Note("control characters removed");
  return i + 1;
}

size_t XmlRepair::Reference(std::string_view in, bool at_end, bool in_attribute, std::string& out) {
  // in[0] == '&'
  size_t end = 1;
  if (end < in.size() && in[end] == '#') ++end;
  while (end < in.size() && end < 40 && IsNameChar(in[end])) ++end;
  if (end == in.size() && !at_end && end < 40) return 0;  // need more input
  std::string name(in.substr(1, end - 1));
  bool terminated = end < in.size() && in[end] == ';';
  if (!terminated || name.empty() || (name[0] != '#' && !IsNameStart(name[0]))) {
    Note("unescaped '&' escaped");
    out += "&amp;";
    return 1;
  }
  if (name[0] == '#') {
    bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    std::string digits = name.substr(hex ? 2 : 1);
    char* stop = nullptr;
    unsigned long cp = digits.empty() ? 0 : std::strtoul(digits.c_str(), &stop, hex ? 16 : 10);
    if (!stop || *stop != '\0' || digits.size() > 8) {
      Note("unescaped '&' escaped");
      out += "&amp;";
      return 1;
    }
    if (IsXmlChar(cp)) {
      out.append(in.substr(0, end + 1));
    } else {
      Note("references to characters XML forbids removed");
    }
    return end + 1;
  }
  if (IsPredefined(name)) {
    out.append(in.substr(0, end + 1));
  } else if (entity_values_.count(name)) {
    // Splice the replacement text into the input so that it is repaired
    // like the rest.
    const std::string& value = Expand(name, 0);
    total_expansion_ += value.size();
    if (total_expansion_ > limits_.max_total_expansion) {
      throw Error("entity expansion limit exceeded: the document's entities expand to more than " +
                  std::to_string(limits_.max_total_expansion) + " bytes (a \"billion laughs\" document?)");
    }
    if (in_attribute) {  // markup means nothing there: the text, escaped
      for (char c : value) out += c == '<' ? std::string("&lt;") : c == '"' ? std::string("&quot;") : std::string(1, c);
      return end + 1;
    }
    splice_text_ = value;
    splice_skip_ = end + 1;
    return 0;  // read on from the replacement text
  } else if (external_entities_.count(name)) {
    Note("external entity &" + name + "; not loaded");
  } else if (unsigned cp = HtmlEntityCodePoint(name)) {
    out += "&#" + std::to_string(cp) + ";";
    Note("HTML entities turned into character references");
  } else {
    Note("undefined entity &" + name + "; kept as text");
    out += "&amp;";
    out.append(in.substr(1, end));
  }
  return end + 1;
}

size_t XmlRepair::UntilTerminator(std::string_view in, std::string_view terminator, bool at_end,
                                  std::string& out) {
  size_t found = in.find(terminator);
  if (found == std::string_view::npos) {
    // Keep back what could be the start of the terminator.
    size_t keep = at_end ? 0 : std::min(in.size(), terminator.size() - 1);
    size_t take = in.size() - keep;
    // Do not split a UTF-8 sequence of a non-character check.
    if (AppendClean(in.substr(0, take), out)) Note("control characters removed");
    return take;
  }
  if (AppendClean(in.substr(0, found + terminator.size()), out)) Note("control characters removed");
  state_ = State::kContent;
  return found + terminator.size();
}

size_t XmlRepair::Markup(std::string_view in, bool at_end, std::string& out) {
  if (in.size() < 9 && !at_end) {
    // Decide only once "<![CDATA[" / "<!DOCTYPE" could be told apart.
    if (in.find('>') == std::string_view::npos) return 0;
  }
  if (in.substr(0, 4) == "<!--") {
    if (state_ != State::kContent) {  // comments outside the root: dropped
      size_t close = in.find("-->", 4);
      if (close == std::string_view::npos) return at_end ? in.size() : 0;
      return close + 3;
    }
    out += "<!--";
    state_ = State::kComment;
    return 4;
  }
  if (in.substr(0, 9) == "<![CDATA[") {
    if (state_ != State::kContent) return 1;
    if (!cdata_queue_) out += "<![CDATA[";
    state_ = State::kCData;
    return 9;
  }
  if (StartsWithNoCase(in, "<!doctype")) return Doctype(in, at_end);
  if (in.substr(0, 2) == "<?") return ProcessingInstruction(in, at_end, out);
  if (in.substr(0, 2) == "</") return EndTag(in, at_end, out);
  if (in.size() > 1 && IsNameStart(in[1])) return StartTag(in, at_end, out);
  if (in.size() == 1 && !at_end) return 0;
  if (state_ == State::kContent) {
    Note("unescaped '<' escaped");
    out += "&lt;";
  }
  return 1;
}

size_t XmlRepair::ProcessingInstruction(std::string_view in, bool at_end, std::string& out) {
  size_t close = in.find("?>");
  if (close == std::string_view::npos) {
    if (!at_end && in.size() < limits_.max_construct_bytes) return 0;
    close = in.size() - 2;
  }
  std::string_view pi = in.substr(0, close + 2);
  bool declaration = pi.size() > 5 && pi.substr(0, 5) == "<?xml" && (IsSpace(pi[5]) || pi[5] == '?');
  if (declaration) {
    // Only at the very start; the encoding was dealt with before.
    if (wrote_anything_) {
      Note("misplaced XML declaration dropped");
    } else {
      out += "<?xml version=\"1.0\"?>";
      wrote_anything_ = true;
    }
  } else if (state_ == State::kContent && pi.substr(2, 16) != "feedmirror-cdata") {  // never forged
    AppendClean(pi, out);
  }
  return pi.size();
}

// <!DOCTYPE ...[ internal subset ]>: dropped; its general entities kept for
// expansion here, so that libxml2 never sees a DTD.
size_t XmlRepair::Doctype(std::string_view in, bool at_end) {
  size_t i = 9;
  size_t subset_start = std::string_view::npos, subset_end = std::string_view::npos;
  while (i < in.size()) {
    char c = in[i];
    if (c == '"' || c == '\'') {
      i = SkipQuoted(in, i);
      if (i == std::string_view::npos) break;
      continue;
    }
    if (c == '[' && subset_start == std::string_view::npos) {
      subset_start = i + 1;
    } else if (c == ']' && subset_start != std::string_view::npos && subset_end == std::string_view::npos) {
      subset_end = i;
    } else if (c == '<' && subset_start != std::string_view::npos && subset_end == std::string_view::npos &&
               in.substr(i, 4) == "<!--") {
      size_t close = in.find("-->", i + 4);
      if (close == std::string_view::npos) break;
      i = close + 3;
      continue;
    } else if (c == '>' && (subset_start == std::string_view::npos || subset_end != std::string_view::npos)) {
      if (subset_start != std::string_view::npos) {
        DeclareEntities(in.substr(subset_start, subset_end - subset_start));
      }
      wrote_anything_ = true;
      return i + 1;
    }
    ++i;
  }
  if (!at_end && in.size() < limits_.max_construct_bytes) return 0;
  Note("unterminated DOCTYPE dropped");
  return in.size();
}

void XmlRepair::DeclareEntities(std::string_view subset) {
  for (size_t pos = 0; (pos = subset.find("<!ENTITY", pos)) != std::string_view::npos;) {
    size_t i = pos + 8;
    auto skip_space = [&] {
      while (i < subset.size() && IsSpace(subset[i])) ++i;
    };
    skip_space();
    bool parameter = i < subset.size() && subset[i] == '%';
    if (parameter) ++i, skip_space();
    size_t name_start = i;
    while (i < subset.size() && IsNameChar(subset[i])) ++i;
    std::string name(subset.substr(name_start, i - name_start));
    skip_space();
    pos = i;
    if (name.empty() || i >= subset.size()) continue;
    if (subset[i] == '"' || subset[i] == '\'') {
      size_t end = SkipQuoted(subset, i);
      if (end == std::string_view::npos) break;
      if (!parameter && !entity_values_.count(name)) {
        entity_values_[name] = std::string(subset.substr(i + 1, end - i - 2));
      }
      pos = end;
    } else if (!parameter) {  // SYSTEM or PUBLIC: never loaded
      external_entities_.insert(name);
    }
  }
}

// The replacement text of an internal entity with the entities it names
// expanded in turn, bounded in size and depth.
const std::string& XmlRepair::Expand(const std::string& name, int depth) {
  if (auto done = expanded_.find(name); done != expanded_.end()) return done->second;
  if (depth > 16 || expanding_.count(name)) {
    throw Error("entity expansion refused: entity &" + name + "; refers to itself");
  }
  expanding_.insert(name);
  const std::string& value = entity_values_.at(name);
  std::string result;
  for (size_t i = 0; i < value.size();) {
    size_t amp = value.find('&', i);
    if (amp == std::string::npos) amp = value.size();
    result.append(value, i, amp - i);
    i = amp;
    if (i >= value.size()) break;
    size_t semi = value.find(';', i);
    std::string ref = semi == std::string::npos ? "" : value.substr(i + 1, semi - i - 1);
    if (!ref.empty() && ref[0] != '#' && entity_values_.count(ref)) {
      result += Expand(ref, depth + 1);
      i = semi + 1;
    } else {
      result += '&';
      ++i;
    }
    if (result.size() > limits_.max_entity_bytes) {
      throw Error("entity expansion limit exceeded: entity &" + name + "; expands to more than " +
                  std::to_string(limits_.max_entity_bytes) + " bytes (a \"billion laughs\" document?)");
    }
  }
  expanding_.erase(name);
  return expanded_[name] = std::move(result);
}

// An attribute value, with '<' and stray '&' escaped and '"' quoted.
void XmlRepair::AppendAttributeValue(std::string_view value, std::string& out) {
  out += '"';
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == '<') {
      out += "&lt;";
    } else if (c == '"') {
      out += "&quot;";
    } else if (c == '&') {
      i += Reference(value.substr(i), true, true, out) - 1;
    } else if (IsControl(static_cast<unsigned char>(c))) {
      Note("control characters removed");
    } else {
      out += c;
    }
  }
  out += '"';
}

namespace {

// The index of the '>' that ends the tag starting in[0] (quoted values
// may hold '>'), or npos.
size_t TagEnd(std::string_view in) {
  size_t end = 1;
  while (end < in.size() && in[end] != '>') {
    if ((in[end] == '"' || in[end] == '\'') && in[end - 1] == '=') {
      end = SkipQuoted(in, end);
      if (end == std::string_view::npos) return end;
    } else {
      ++end;
    }
  }
  return end < in.size() ? end : std::string_view::npos;
}

bool IsName(std::string_view s) {
  return !s.empty() && IsNameStart(s[0]) && std::all_of(s.begin(), s.end(), [](char c) { return IsNameChar(c); });
}

// One attribute of `tag` from `i` on (moves `i` past it): its name, and its
// value if it has one, quoted or not.
void NextAttribute(std::string_view tag, size_t& i, std::string_view& name, std::optional<std::string_view>& value,
                   bool& unquoted) {
  auto skip_space = [&] {
    while (i < tag.size() && IsSpace(tag[i])) ++i;
  };
  skip_space();
  size_t start = i;
  while (i < tag.size() && !IsSpace(tag[i]) && tag[i] != '=') ++i;
  name = tag.substr(start, i - start);
  skip_space();
  value.reset();
  unquoted = false;
  if (i >= tag.size() || tag[i] != '=') return;
  ++i;
  skip_space();
  if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
    size_t close = tag.find(tag[i], i + 1);
    if (close == std::string_view::npos) close = tag.size();
    value = tag.substr(i + 1, close - i - 1);
    i = std::min(close + 1, tag.size());
    return;
  }
  start = i;
  while (i < tag.size() && !IsSpace(tag[i])) ++i;
  value = tag.substr(start, i - start);
  unquoted = true;
}

}  // namespace

// The attributes after the name, rewritten well-formed: values quoted and
// escaped, bare names given their own name as value, repeats dropped.
void XmlRepair::AppendAttributes(std::string_view tag, size_t i, std::string& out) {
  std::vector<std::string_view> seen;
  while (i < tag.size()) {
    std::string_view name;
    std::optional<std::string_view> value;
    bool unquoted = false;
    NextAttribute(tag, i, name, value, unquoted);
    if (!IsName(name)) continue;
    if (unquoted) Note("unquoted attribute values quoted");
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      Note("repeated attribute " + std::string(name) + " dropped");
      continue;
    }
    seen.push_back(name);
    out += ' ';
    out.append(name);
    out += '=';
    AppendAttributeValue(value.value_or(name), out);
  }
}

// A new <item> or <entry> while one is open: the open one ends here.
void XmlRepair::CloseOpenItem(const std::string& name, std::string& out) {
  if (name != "item" && name != "entry") return;
  for (size_t d = open_.size(); d-- > 0;) {
    if (open_[d] != name) continue;
    Note("unclosed <" + name + "> closed");
    CloseThrough(d, out);
    return;
  }
}

size_t XmlRepair::StartTag(std::string_view in, bool at_end, std::string& out) {
  size_t end = TagEnd(in);
  if (end == std::string_view::npos) {
    if (!at_end && in.size() < limits_.max_construct_bytes) return 0;
    Note("unterminated tag escaped");
    if (state_ == State::kContent) out += "&lt;";
    return 1;
  }
  if (state_ == State::kEpilog) {
    Note("content after the document's root element dropped");
    return end + 1;
  }
  std::string_view tag = in.substr(1, end - 1);
  bool self_closing = !tag.empty() && tag.back() == '/';
  if (self_closing) tag.remove_suffix(1);
  size_t i = 0;
  while (i < tag.size() && IsNameChar(tag[i])) ++i;
  std::string name(tag.substr(0, i));
  CloseOpenItem(name, out);
  out += '<';
  out += name;
  AppendAttributes(tag, i, out);
  out += self_closing ? "/>" : ">";
  wrote_anything_ = true;
  if (root_name_.empty()) root_name_ = name;
  if (!has_children_.empty()) has_children_.back() = true;
  if (!self_closing) {
    open_.push_back(name);
    has_children_.push_back(false);
  }
  state_ = open_.empty() ? State::kEpilog : State::kContent;
  return end + 1;
}

void XmlRepair::CloseThrough(size_t depth, std::string& out) {
  while (open_.size() > depth) {
    out += "</" + open_.back() + ">";
    open_.pop_back();
    has_children_.pop_back();
  }
  if (open_.empty()) state_ = State::kEpilog;
}

size_t XmlRepair::EndTag(std::string_view in, bool at_end, std::string& out) {
  size_t end = in.find('>');
  if (end == std::string_view::npos) {
    if (!at_end && in.size() < 1024) return 0;
    if (state_ == State::kContent) out += "&lt;";
    return 1;
  }
  std::string_view name = in.substr(2, end - 2);
  while (!name.empty() && IsSpace(name.back())) name.remove_suffix(1);
  for (size_t d = open_.size(); d-- > 0;) {
    if (open_[d] != name) continue;
    if (d + 1 != open_.size()) Note("missing end tag </" + open_.back() + "> supplied");
    CloseThrough(d, out);
    return end + 1;
  }
  // An end tag that matches nothing, right after text: a misspelt end of
  // the element it follows (<title>x</titel>).
  if (!open_.empty() && !has_children_.back()) {
    Note("misspelt end tag </" + std::string(name) + "> read as </" + open_.back() + ">");
    CloseThrough(open_.size() - 1, out);
    return end + 1;
  }
  Note("stray end tag </" + std::string(name) + "> dropped");
  return end + 1;
}

}  // namespace feedmirror
