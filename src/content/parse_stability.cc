#include "content/parse_stability.h"

#include <string_view>
#include <unordered_map>

#include "content/html_tree.h"

namespace feedmirror {
namespace {

// What the HTML5 tree builder ("in body" and the table modes) does with a
// start tag, for the elements the sanitizer keeps.
enum Trait : unsigned {
  kVoid = 1,            // no end tag, no content
  kClosesP = 2,         // its start tag closes a <p> in button scope
  kHeading = 4,         // h1-h6: closes a heading that is the current node
  kButtonScope = 8,     // ends the button scope a <p> is looked for in
  kListStop = 16,       // special: li/dd/dt start tags look no further up
  kTableContainer = 32, // table, colgroup, thead, tbody, tfoot, tr
  kRubyPart = 64,       // rb, rt, rp, rtc
  kRawText = 128,       // iframe: its content is not markup
};

// Special elements (in gumbo and the current standard) that stop the li/dd/dt
// walk; address, div and p do not.
constexpr unsigned kStop = kListStop;
constexpr unsigned kBlock = kClosesP | kStop;

const std::unordered_map<std::string_view, unsigned>& Traits() {
  static const std::unordered_map<std::string_view, unsigned> kTraits = {
      {"p", kClosesP}, {"div", kClosesP}, {"address", kClosesP},
      {"br", kVoid | kStop}, {"hr", kVoid | kBlock}, {"wbr", kVoid | kStop},
      {"img", kVoid | kStop}, {"source", kVoid}, {"track", kVoid}, {"col", kVoid | kStop},
      {"section", kBlock}, {"article", kBlock}, {"header", kBlock}, {"footer", kBlock},
      {"aside", kBlock}, {"nav", kBlock}, {"main", kClosesP}, {"blockquote", kBlock},
      {"figure", kBlock}, {"figcaption", kBlock}, {"details", kBlock}, {"summary", kBlock},
      {"pre", kBlock}, {"ul", kBlock}, {"ol", kBlock}, {"dl", kBlock},
      {"li", kBlock}, {"dd", kBlock}, {"dt", kBlock},
      {"h1", kBlock | kHeading}, {"h2", kBlock | kHeading}, {"h3", kBlock | kHeading},
      {"h4", kBlock | kHeading}, {"h5", kBlock | kHeading}, {"h6", kBlock | kHeading},
      {"table", kBlock | kButtonScope | kTableContainer}, {"caption", kStop | kButtonScope},
      {"colgroup", kStop | kTableContainer}, {"thead", kStop | kTableContainer},
      {"tbody", kStop | kTableContainer}, {"tfoot", kStop | kTableContainer},
      {"tr", kStop | kTableContainer}, {"td", kStop | kButtonScope}, {"th", kStop | kButtonScope},
      {"iframe", kStop | kRawText},
      {"ruby", 0}, {"rb", kRubyPart}, {"rt", kRubyPart}, {"rp", kRubyPart}, {"rtc", kRubyPart},
      {"span", 0}, {"picture", 0}, {"audio", 0}, {"video", 0}, {"a", 0}, {"q", 0}, {"cite", 0},
      {"code", 0}, {"kbd", 0}, {"samp", 0}, {"var", 0}, {"abbr", 0}, {"time", 0}, {"data", 0},
      {"sub", 0}, {"sup", 0}, {"small", 0}, {"strong", 0}, {"b", 0}, {"em", 0}, {"i", 0},
      {"u", 0}, {"s", 0}, {"del", 0}, {"ins", 0}, {"mark", 0}, {"dfn", 0}, {"bdi", 0},
      {"bdo", 0}, {"big", 0},
  };
  return kTraits;
}

// What the open elements above a node imply for its children.
struct Context {
  const HtmlNode* parent;
  unsigned parent_traits;
  bool p_in_button_scope;
  bool inside_a;
  bool li_open;
  bool dd_dt_open;
  int depth;
};

constexpr int kMaxStableDepth = 200;

bool IsWhitespace(std::string_view text) {
  return text.find_first_not_of(" \t\n\r\f") == std::string_view::npos;
}

// The element a table container's element children must be.
bool FitsTableContainer(std::string_view container, std::string_view child) {
  if (container == "table") {
    return child == "caption" || child == "colgroup" || child == "thead" || child == "tbody" || child == "tfoot";
  }
  if (container == "colgroup") return child == "col";
  if (container == "tr") return child == "td" || child == "th";
  return child == "tr";  // thead, tbody, tfoot
}

// The container a table part must sit in directly, or "" for other elements.
bool TablePartPlaced(std::string_view child, std::string_view parent) {
  if (child == "caption" || child == "colgroup" || child == "thead" || child == "tbody" || child == "tfoot") {
    return parent == "table";
  }
  if (child == "col") return parent == "colgroup";
  if (child == "tr") return parent == "thead" || parent == "tbody" || parent == "tfoot";
  if (child == "td" || child == "th") return parent == "tr";
  return true;
}

bool PreStartIsStable(const HtmlNode& pre) {
  if (pre.children.empty() || pre.children[0]->kind != NodeKind::kText) return true;
  if (pre.children[0]->text.empty()) return false;
  return pre.children.size() < 2 || pre.children[1]->kind != NodeKind::kText;
}

bool ElementStable(const HtmlNode& element, unsigned traits, const Context& context) {
  if (element.foreign) return false;
  if ((traits & (kVoid | kRawText)) && !element.children.empty()) return false;
  if ((traits & kClosesP) && context.p_in_button_scope) return false;
  if ((traits & kHeading) && (context.parent_traits & kHeading)) return false;
  if (element.name == "a" && context.inside_a) return false;
  if (element.name == "li" && context.li_open) return false;
  if ((element.name == "dd" || element.name == "dt") && context.dd_dt_open) return false;
  if ((context.parent_traits & kTableContainer) && !FitsTableContainer(context.parent->name, element.name)) {
    return false;
  }
  if (!TablePartPlaced(element.name, context.parent->name)) return false;
  if ((traits & kRubyPart) && !context.parent->IsElement("ruby")) return false;
  if (element.name == "pre" && !PreStartIsStable(element)) return false;
  return true;
}

Context ChildContext(const HtmlNode& element, unsigned traits, const Context& context) {
  Context inner = context;
  inner.parent = &element;
  inner.parent_traits = traits;
  if (element.name == "p") {
    inner.p_in_button_scope = true;
  } else if (traits & kButtonScope) {
    inner.p_in_button_scope = false;
  }
  inner.inside_a = context.inside_a || element.name == "a";
  bool stop = traits & kListStop;
  inner.li_open = element.name == "li" || (context.li_open && !stop);
  inner.dd_dt_open = element.name == "dd" || element.name == "dt" || (context.dd_dt_open && !stop);
  ++inner.depth;
  return inner;
}

bool ChildrenStable(const HtmlNode& node, const Context& context) {
  if (context.depth > kMaxStableDepth) return false;
  for (const auto& child : node.children) {
    if (child->kind == NodeKind::kText) {
      if ((context.parent_traits & kTableContainer) && !IsWhitespace(child->text)) return false;
      continue;
    }
    if (child->kind != NodeKind::kElement) return false;  // comments: the sanitizer drops them
    auto found = Traits().find(child->name);
    if (found == Traits().end()) return false;
    if (!ElementStable(*child, found->second, context)) return false;
    if (!ChildrenStable(*child, ChildContext(*child, found->second, context))) return false;
  }
  return true;
}

}  // namespace

bool IsParseStable(const HtmlNode& root) {
  Context context{&root, 0, false, false, false, false, 0};
  return ChildrenStable(root, context);
}

}  // namespace feedmirror
