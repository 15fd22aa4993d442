#include "content/css_selector.h"

#include "content/html_tree.h"
#include "util/error.h"

namespace feedmirror {
namespace {

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string Lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// A recursive-descent parser over one selector text; one method per
// construct.
class SelectorParser {
 public:
  explicit SelectorParser(std::string_view text) : text_(text) {}

  std::vector<CssSelector::Complex> ParseList() {
    std::vector<CssSelector::Complex> list;
    do {
      SkipSpace();
      list.push_back(ParseComplex());
    } while (Consume(','));
    if (!AtEnd()) Fail("a combinator, ',' or the end");
    return list;
  }

 private:
  CssSelector::Complex ParseComplex() {
    CssSelector::Complex complex;
    complex.compounds.push_back(ParseCompound());
    while (true) {
      bool spaced = SkipSpace();
      if (AtEnd() || Peek() == ',') break;
      char combinator = Consume('>') ? '>' : ' ';
      if (combinator == ' ' && !spaced) Fail("a combinator");
      SkipSpace();
      complex.combinators.push_back(combinator);
      complex.compounds.push_back(ParseCompound());
    }
    return complex;
  }

  CssSelector::Compound ParseCompound() {
    CssSelector::Compound compound;
    if (Consume('*')) {
      compound.type = "*";
    } else if (!AtEnd() && IsIdentChar(Peek())) {
      compound.type = Lower(ParseIdent());
    }
    while (ParseSimple(compound)) {
    }
    if (compound.type.empty() && compound.classes.empty() && compound.ids.empty() &&
        compound.attributes.empty()) {
      Fail("a type, '*', '.class', '#id' or '[attribute]'");
    }
    return compound;
  }

  // One .class, #id or [attribute] test; false when none follows.
  bool ParseSimple(CssSelector::Compound& compound) {
    if (Consume('.')) {
      compound.classes.push_back(ParseIdent());
    } else if (Consume('#')) {
      compound.ids.push_back(ParseIdent());
    } else if (Consume('[')) {
      compound.attributes.push_back(ParseAttribute());
    } else {
      return false;
    }
    return true;
  }

  CssSelector::AttributeTest ParseAttribute() {
    CssSelector::AttributeTest test;
    SkipSpace();
    test.name = Lower(ParseIdent());
    SkipSpace();
    if (!Consume(']')) {
      test.op = ParseOperator();
      SkipSpace();
      test.value = AtEnd() || (Peek() != '"' && Peek() != '\'') ? ParseIdent() : ParseString();
      SkipSpace();
      if (!Consume(']')) Fail("']'");
    }
    return test;
  }

  char ParseOperator() {
    if (Consume('=')) return '=';
    for (char op : {'^', '*', '$', '~'}) {
      if (!AtEnd() && Peek() == op && pos_ + 1 < text_.size() && text_[pos_ + 1] == '=') {
        pos_ += 2;
        return op;
      }
    }
    Fail("']', '=', '^=', '*=', '$=' or '~='");
  }

  std::string ParseString() {
    char quote = text_[pos_++];
    size_t end = text_.find(quote, pos_);
    if (end == std::string_view::npos) Fail(std::string("a closing ") + quote);
    std::string value(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return value;
  }

  std::string ParseIdent() {
    size_t start = pos_;
    while (!AtEnd() && IsIdentChar(Peek())) ++pos_;
    if (pos_ == start) Fail("a name");
    return std::string(text_.substr(start, pos_ - start));
  }

  bool SkipSpace() {
    size_t start = pos_;
    while (!AtEnd() && IsSpace(Peek())) ++pos_;
    return pos_ > start;
  }
  bool Consume(char c) {
    if (AtEnd() || Peek() != c) return false;
    ++pos_;
    return true;
  }
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return text_[pos_]; }

  [[noreturn]] void Fail(const std::string& expected) const {
    throw UsageError("bad CSS selector \"" + std::string(text_) + "\": expected " + expected +
                     " at position " + std::to_string(pos_ + 1));
  }

  std::string_view text_;
  size_t pos_ = 0;
};

bool MatchesAttribute(const HtmlNode& node, const CssSelector::AttributeTest& test) {
  const std::string* value = node.Attribute(test.name);
  if (!value) return false;
  std::string_view v = *value;
  switch (test.op) {
    case '=': return v == test.value;
    case '^': return !test.value.empty() && v.starts_with(test.value);
    case '*': return !test.value.empty() && v.find(test.value) != std::string_view::npos;
    case '$': return !test.value.empty() && v.ends_with(test.value);
    case '~': {
      HtmlNode probe;
      probe.attributes.push_back({"class", *value});
      return probe.HasClass(test.value);
    }
    default: return true;
  }
}

bool MatchesCompound(const HtmlNode& node, const CssSelector::Compound& compound) {
  if (node.kind != NodeKind::kElement) return false;
  if (!compound.type.empty() && compound.type != "*" && compound.type != node.name) return false;
  for (const std::string& id : compound.ids) {
    const std::string* value = node.Attribute("id");
    if (!value || *value != id) return false;
  }
  for (const std::string& token : compound.classes) {
    if (!node.HasClass(token)) return false;
  }
  for (const auto& test : compound.attributes) {
    if (!MatchesAttribute(node, test)) return false;
  }
  return true;
}

// True when compounds[0..index] match with compounds[index] on `node`.
bool MatchesFrom(const CssSelector::Complex& complex, size_t index, const HtmlNode* node) {
  if (!MatchesCompound(*node, complex.compounds[index])) return false;
  if (index == 0) return true;
  bool child_only = complex.combinators[index - 1] == '>';
  for (const HtmlNode* up = node->parent; up && up->kind == NodeKind::kElement; up = up->parent) {
    if (MatchesFrom(complex, index - 1, up)) return true;
    if (child_only) break;
  }
  return false;
}

}  // namespace

CssSelector CssSelector::Parse(std::string_view text) {
  CssSelector selector;
  selector.text_ = std::string(text);
  selector.alternatives_ = SelectorParser(text).ParseList();
  return selector;
}

bool CssSelector::Matches(const HtmlNode& node) const {
  for (const Complex& complex : alternatives_) {
    if (MatchesFrom(complex, complex.compounds.size() - 1, &node)) return true;
  }
  return false;
}

void ValidateSelector(std::string_view text) { CssSelector::Parse(text); }

}  // namespace feedmirror
