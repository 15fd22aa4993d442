#include "content/html_tree.h"

#include <gumbo.h>

#include <algorithm>
#include <optional>
#include <cstddef>
#include <utility>

namespace feedmirror {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string TagName(const GumboElement& element) {
  if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
  GumboStringPiece piece = element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return Lower(std::string_view(piece.data, piece.length));
}

std::unique_ptr<HtmlNode> ConvertElement(const GumboElement& element) {
  auto node = MakeElement(TagName(element));
  node->foreign = element.tag_namespace != GUMBO_NAMESPACE_HTML;
  for (unsigned i = 0; i < element.attributes.length; ++i) {
    auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
    node->attributes.push_back({Lower(attribute->name), attribute->value});
  }
  return node;
}

// The node for a gumbo node without its children; nullptr for node types
// we do not keep (documents).
std::unique_ptr<HtmlNode> ConvertNode(const GumboNode& node) {
  switch (node.type) {
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
      return ConvertElement(node.v.element);
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
    case GUMBO_NODE_WHITESPACE:
      return MakeText(node.v.text.text);
    case GUMBO_NODE_COMMENT: {
      auto comment = MakeText(node.v.text.text);
      comment->kind = NodeKind::kComment;
      return comment;
    }
    default:
      return nullptr;
  }
}

// Appends the node for `source` (without its children) to `target`; text
// next to text (possible after flattening) is merged. Returns the appended
// node, or nullptr.
HtmlNode* AppendConverted(HtmlNode& target, const GumboNode& source) {
  std::unique_ptr<HtmlNode> node = ConvertNode(source);
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
void ConvertChildren(const GumboNode& root, HtmlNode& fragment) {
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
    HtmlNode* converted = flatten ? target : AppendConverted(*target, *child);
    if (HasChildren(*child)) stack.push_back({child, 0, converted});
  }
}

// Gumbo allocates every token, node and string buffer on its own (about
// one allocation per 14 bytes of news HTML) and frees them one by one. For
// inputs up to kArenaMaxInput a bump arena serves them instead: frees are
// no-ops and the whole arena goes at once once the tree is converted, in
// place of gumbo_destroy_output's walk. Gumbo allocates about 3 times the
// input in all on news HTML (5 at most over the bench corpus); hostile
// markup (a tag every 3 bytes) maybe 50 times, hence the cap.
constexpr size_t kArenaMaxInput = 256 * 1024;

class GumboArena {
 public:
  explicit GumboArena(size_t input_size) : next_block_(std::max<size_t>(16 * 1024, 4 * input_size)) {}
  GumboArena(const GumboArena&) = delete;
  GumboArena& operator=(const GumboArena&) = delete;

  static void* Allocate(void* arena, size_t size) { return static_cast<GumboArena*>(arena)->Take(size); }
  static void Deallocate(void*, void*) {}

 private:
  static constexpr size_t kAlign = alignof(std::max_align_t);

  void* Take(size_t size) {
    size = (size + kAlign - 1) & ~(kAlign - 1);
    if (size > static_cast<size_t>(end_ - next_)) Grow(size);
    char* block = next_;
    next_ += size;
    return block;
  }

  void Grow(size_t size) {
    size_t block = std::max(size, next_block_);
    next_block_ *= 2;
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(block));
    next_ = blocks_.back().get();
    end_ = next_ + block;
  }

  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  char* end_ = nullptr;
  size_t next_block_;
};

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

std::unique_ptr<HtmlNode> ParseHtmlFragment(std::string_view html) {
  auto fragment = std::make_unique<HtmlNode>();
  fragment->kind = NodeKind::kFragment;
  GumboOptions options = kGumboDefaultOptions;
  options.fragment_context = GUMBO_TAG_DIV;
  options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  options.max_errors = 1;  // whether there was one is all we need
  std::optional<GumboArena> arena;
  if (html.size() <= kArenaMaxInput) {
    arena.emplace(html.size());
    options.allocator = GumboArena::Allocate;
    options.deallocator = GumboArena::Deallocate;
    options.userdata = &*arena;
  }
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  if (!output) return fragment;
  ConvertChildren(*output->root, *fragment);
  fragment->parse_errors = output->errors.length > 0;
  if (!arena) gumbo_destroy_output(&options, output);
  return fragment;
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
  std::vector<std::unique_ptr<HtmlNode>> placed;
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
  node.children = std::move(placed);
  if (!unwrapped) return;
  HtmlNode* root = &node;
  while (root->parent) root = root->parent;
  root->unwrapped = true;
}

void RemoveElements(HtmlNode& root, const std::function<bool(const HtmlNode&)>& remove) {
  RebuildChildren(root, [&](HtmlNode& child, const auto&) {
    if (child.kind == NodeKind::kElement && remove(child)) return ChildFate::kRemove;
    RemoveElements(child, remove);
    return ChildFate::kKeep;
  });
}

}  // namespace feedmirror
