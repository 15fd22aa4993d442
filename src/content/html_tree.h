// A small mutable HTML tree: what the clean-up rules, the sanitizer and the
// serializer work on. Built from an HTML5 parse (gumbo) of a fragment in the
// context of a <div>, exactly as a browser parses the post's wrapper
// contents.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace feedmirror {

enum class NodeKind { kFragment, kElement, kText, kComment };

struct HtmlAttribute {
  std::string name;   // lower-case
  std::string value;  // entities decoded
};

// A node owns its children. Elements from SVG or MathML are marked
// `foreign` (their names are lower-cased; the sanitizer drops them).
struct HtmlNode {
  NodeKind kind = NodeKind::kElement;
  std::string name;  // element: lower-case tag name
  bool foreign = false;
  std::vector<HtmlAttribute> attributes;
  std::string text;  // text and comment nodes
  HtmlNode* parent = nullptr;
  std::vector<std::unique_ptr<HtmlNode>> children;
  // On a kFragment root: set once Unwrap has run anywhere in its tree (the
  // tree may then differ from what parsing its serialization gives).
  bool unwrapped = false;
  // On a kFragment root from ParseHtmlFragment: the parser met an error
  // (misnested or unclosed markup), so serializing the tree may not parse
  // back to the same tree.
  bool parse_errors = false;

  bool IsElement(std::string_view tag) const { return kind == NodeKind::kElement && name == tag; }
  // The attribute's value, or nullptr when absent.
  const std::string* Attribute(std::string_view attribute) const;
  void SetAttribute(std::string_view attribute, std::string value);
  void RemoveAttribute(std::string_view attribute);
  // True when the whitespace-separated `class` holds `token` (exact case).
  bool HasClass(std::string_view token) const;
  // The concatenated text of all descendant text nodes.
  std::string TextContent() const;
  // This node's position among its parent's children.
  size_t IndexInParent() const;
};

// Deepest element nesting kept: deeper elements become children of the
// element at this depth (as Blink does), so that every recursion over a
// tree is bounded.
inline constexpr int kMaxTreeDepth = 256;

// The fragment `html` parsed as the contents of a <div>; the returned node
// has kind kFragment. Never fails: malformed HTML is repaired the HTML5 way.
// (Internally, gumbo parses the input with runs of text — CJK anywhere,
// and ASCII too in text and quoted attribute values where a pre-scan knows
// the tokenizer's state — replaced by short placeholders, which the
// returned tree no longer has.) A numeric character reference too long for
// gumbo's int gives U+FFFD-repaired, well-formed UTF-8.
std::unique_ptr<HtmlNode> ParseHtmlFragment(std::string_view html);
// The same parse without the placeholders: for the test that the two give
// the same tree.
std::unique_ptr<HtmlNode> ParseHtmlFragmentWithoutPlaceholders(std::string_view html);

std::unique_ptr<HtmlNode> MakeElement(std::string name);
std::unique_ptr<HtmlNode> MakeText(std::string text);

// Appends `child` to `parent`; returns the child.
HtmlNode* AppendChild(HtmlNode& parent, std::unique_ptr<HtmlNode> child);
// Inserts `child` into `parent` before position `index`; returns the child.
HtmlNode* InsertChild(HtmlNode& parent, size_t index, std::unique_ptr<HtmlNode> child);
// Takes `node` out of its parent; returns ownership of it.
std::unique_ptr<HtmlNode> Detach(HtmlNode& node);
// Replaces `node` (which must have a parent) by its children, in place,
// and marks the tree's root as `unwrapped`.
void Unwrap(HtmlNode& node);

// What becomes of a child in RebuildChildren.
enum class ChildFate { kKeep, kRemove, kUnwrap };

// Rebuilds `node`'s children in one pass, in time linear in their number:
// `fate` is called on each child in order (it may change the child first,
// e.g. recurse into it) and sees the children placed so far; a removed
// child is destroyed, an unwrapped one is replaced by its children (and
// the tree's root marked `unwrapped`).
using ChildFateFunction =
    std::function<ChildFate(HtmlNode& child, const std::vector<std::unique_ptr<HtmlNode>>& placed)>;
void RebuildChildren(HtmlNode& node, const ChildFateFunction& fate);

// Calls `visit` on every element under `root` in document order, parents
// before children. `visit` may change the element (attributes, children)
// but must not remove or move it.
void VisitElements(HtmlNode& root, const std::function<void(HtmlNode&)>& visit);

// Removes, with their subtrees, the elements under `root` for which
// `remove` is true (children are not visited once their parent is removed).
void RemoveElements(HtmlNode& root, const std::function<bool(const HtmlNode&)>& remove);

}  // namespace feedmirror
