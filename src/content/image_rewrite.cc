#include "content/image_rewrite.h"

#include <array>
#include <string_view>

#include "content/html_tree.h"
#include "content/image_url.h"
#include "content/url_resolve.h"

namespace feedmirror {
namespace {

constexpr std::array<std::string_view, 6> kLazySrc = {
    "data-src", "data-original", "data-lazy-src", "data-actualsrc", "data-lazyload", "data-echo"};
constexpr std::array<std::string_view, 2> kLazySrcset = {"data-srcset", "data-lazy-srcset"};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

template <size_t N>
void PromoteFirst(HtmlNode& image, const std::array<std::string_view, N>& sources,
                  std::string_view target) {
  for (std::string_view name : sources) {
    const std::string* value = image.Attribute(name);
    if (!value || TrimUrl(*value).empty() || UrlScheme(TrimUrl(*value)) == "data") continue;
    image.SetAttribute(target, *value);
    return;
  }
}

void PromoteLazyAttributes(HtmlNode& node) {
  if (!node.IsElement("img")) return;
  PromoteFirst(node, kLazySrc, "src");
  PromoteFirst(node, kLazySrcset, "srcset");
}

// The first <img> in `node`'s subtree, or nullptr.
HtmlNode* FirstImage(HtmlNode& node) {
  for (auto& child : node.children) {
    if (child->IsElement("img")) return child.get();
    if (HtmlNode* found = FirstImage(*child)) return found;
  }
  return nullptr;
}

// The last element of `placed`, skipping white space; or nullptr.
HtmlNode* PreviousElement(const std::vector<std::unique_ptr<HtmlNode>>& placed) {
  for (auto it = placed.rbegin(); it != placed.rend(); ++it) {
    HtmlNode& sibling = **it;
    if (sibling.kind == NodeKind::kElement) return &sibling;
    if (sibling.kind != NodeKind::kText || sibling.text.find_first_not_of(" \t\n\r\f") != std::string::npos) {
      return nullptr;
    }
  }
  return nullptr;
}

// What becomes of one <noscript>, given the siblings placed before it.
ChildFate ResolveNoscript(HtmlNode& noscript, const std::vector<std::unique_ptr<HtmlNode>>& placed) {
  HtmlNode* fallback = FirstImage(noscript);
  if (!fallback) return ChildFate::kKeep;  // no image: the sanitizer drops it
  HtmlNode* previous = PreviousElement(placed);
  if (previous && previous->IsElement("img")) {
    if (IsPlaceholderImage(*previous)) previous->attributes = fallback->attributes;
    return ChildFate::kRemove;
  }
  return ChildFate::kUnwrap;
}

void ResolveNoscripts(HtmlNode& node) {
  RebuildChildren(node, [](HtmlNode& child, const std::vector<std::unique_ptr<HtmlNode>>& placed) {
    if (child.IsElement("noscript")) return ResolveNoscript(child, placed);
    ResolveNoscripts(child);
    return ChildFate::kKeep;
  });
}

}  // namespace

bool IsPlaceholderImage(const HtmlNode& image) {
  const std::string* src = image.Attribute("src");
  if (!src) return !image.Attribute("srcset");
  std::string url = Lower(TrimUrl(*src));
  if (url.empty() || UrlScheme(url) == "data" || UrlScheme(url) == "about") return true;
  std::string_view path = std::string_view(url).substr(0, url.find_first_of("?#"));
  std::string_view file = path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  for (std::string_view word : {"blank", "spacer", "placeholder", "lazy", "loading", "transparent",
                                "pixel", "grey.gif", "gray.gif", "1x1"}) {
    if (file.find(word) != std::string_view::npos) return true;
  }
  return false;
}

void PromoteLazyImages(HtmlNode& root) {
  VisitElements(root, PromoteLazyAttributes);
  ResolveNoscripts(root);
}

void RewriteImageUrls(HtmlNode& root, const std::string& base_url, const ContentOptions& options) {
  VisitElements(root, [&](HtmlNode& element) {
    bool is_image = element.IsElement("img");
    if (!is_image && !element.IsElement("source")) return;
    if (const std::string* src = element.Attribute("src"); src && is_image) {
      if (auto url = ArchivedImageUrl(*src, base_url, options)) element.SetAttribute("src", *url);
    }
    if (const std::string* srcset = element.Attribute("srcset")) {
      if (auto value = ArchivedSrcset(*srcset, base_url, options)) element.SetAttribute("srcset", *value);
    }
  });
}

}  // namespace feedmirror
