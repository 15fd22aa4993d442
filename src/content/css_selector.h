// A small CSS selector matcher for the per-source `strip` and `keep` lists.
// Supported: type selectors and `*`, `.class`, `#id`, `[attr]`,
// `[attr=value]`, `[attr^=value]`, `[attr*=value]`, `[attr$=value]`,
// `[attr~=value]` (values as identifiers or quoted strings), the descendant
// (space) and child (`>`) combinators, and selector lists (`a, b`).
// Type and attribute names match case-insensitively; values and classes
// exactly.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace feedmirror {

struct HtmlNode;

class CssSelector {
 public:
  // Parses `text`. Throws UsageError naming the selector, the position and
  // what was expected when it is not a supported selector.
  static CssSelector Parse(std::string_view text);

  // True when the element `node` matches any selector of the list.
  bool Matches(const HtmlNode& node) const;

  const std::string& text() const { return text_; }

  struct AttributeTest {
    std::string name;
    char op = 0;  // 0 (presence), '=', '^', '*', '$', '~'
    std::string value;
  };
  struct Compound {
    std::string type;  // "" or "*" for any element
    std::vector<std::string> classes;
    std::vector<std::string> ids;
    std::vector<AttributeTest> attributes;
  };
  // Compounds left to right; combinators[i] joins compounds[i] and
  // compounds[i + 1]: ' ' (descendant) or '>' (child).
  struct Complex {
    std::vector<Compound> compounds;
    std::vector<char> combinators;
  };

 private:
  std::string text_;
  std::vector<Complex> alternatives_;
};

// Throws UsageError when `text` is not a supported selector (see Parse).
void ValidateSelector(std::string_view text);

}  // namespace feedmirror
