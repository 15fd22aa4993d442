#include "content/cleanup_rules.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "content/css_selector.h"
#include "content/html_tree.h"
#include "content/sanitizer.h"
#include "content/url_resolve.h"

namespace feedmirror {
namespace {

constexpr std::array<std::string_view, 2> kPromoMarkers = {"获取更多RSS", "獲取更多RSS"};

constexpr std::string_view kSpaces = " \t\n\r\f";

constexpr int kMaxPromoFooters = 8;

bool IsBlank(std::string_view text) { return text.find_first_not_of(kSpaces) == std::string_view::npos; }

// The position of the first promo marker in `text`, or npos. Looks for the
// marker's rare "RSS" first: a search for its first (CJK) character would
// stop at a great many characters of a Chinese text.
size_t FindPromo(std::string_view text) {
  constexpr std::string_view kTail = "RSS";
  constexpr size_t kLead = 12;  // the four CJK characters before it
  static_assert(kPromoMarkers[0].size() == kLead + kTail.size() && kPromoMarkers[1].size() == kLead + kTail.size());
  for (size_t pos = text.find(kTail, kLead); pos != std::string_view::npos; pos = text.find(kTail, pos + 1)) {
    std::string_view candidate = text.substr(pos - kLead, kLead + kTail.size());
    if (candidate == kPromoMarkers[0] || candidate == kPromoMarkers[1]) return pos - kLead;
  }
  return std::string_view::npos;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

void AddSubtree(const HtmlNode& node, KeptNodes& kept) {
  kept.insert(&node);
  for (const auto& child : node.children) AddSubtree(*child, kept);
}

// The first text node under `node` holding a promo marker and not kept,
// or nullptr.
HtmlNode* FindPromoMarker(HtmlNode& node, const KeptNodes& kept) {
  for (auto& child : node.children) {
    if (child->kind == NodeKind::kText && FindPromo(child->text) != std::string_view::npos &&
        !kept.count(child.get())) {
      return child.get();
    }
    if (HtmlNode* found = FindPromoMarker(*child, kept)) return found;
  }
  return nullptr;
}

bool StartsWithPromo(const HtmlNode& node) {
  std::string text = node.TextContent();
  std::string_view trimmed = text;
  trimmed.remove_prefix(std::min(trimmed.size(), trimmed.find_first_not_of(kSpaces)));
  for (std::string_view marker : kPromoMarkers) {
    if (trimmed.starts_with(marker)) return true;
  }
  return false;
}

// True when `node` is the only child of its parent that is not white space.
bool IsOnlyContent(const HtmlNode& node) {
  for (const auto& sibling : node.parent->children) {
    if (sibling.get() == &node) continue;
    if (sibling->kind == NodeKind::kElement || (sibling->kind == NodeKind::kText && !IsBlank(sibling->text))) {
      return false;
    }
  }
  return true;
}

// Cuts the marker's text node at the marker; returns 1 when text before it
// stays (the node is then kept), else 0.
size_t KeepTextBeforeMarker(HtmlNode& text) {
  size_t cut = FindPromo(text.text);
  if (cut == 0 || cut == std::string::npos) return 0;
  text.text.resize(cut);
  return 1;
}

// Removes the <br>, <hr> and white space just before position `index`.
void RemoveSeparatorsBefore(HtmlNode& parent, size_t index) {
  size_t first = index;
  while (first > 0) {
    const HtmlNode& previous = *parent.children[first - 1];
    bool separator = previous.IsElement("br") || previous.IsElement("hr") ||
                     (previous.kind == NodeKind::kText && IsBlank(previous.text));
    if (!separator) break;
    --first;
  }
  auto begin = parent.children.begin();
  parent.children.erase(begin + static_cast<std::ptrdiff_t>(first), begin + static_cast<std::ptrdiff_t>(index));
}

bool HasAdName(const HtmlNode& node) {
  if (node.Attribute("data-ad-slot") || node.Attribute("data-ad-client") || node.Attribute("data-dfp")) {
    return true;
  }
  if (const std::string* id = node.Attribute("id"); id && IsAdName(*id)) return true;
  const std::string* classes = node.Attribute("class");
  if (!classes) return false;
  std::string_view rest = *classes;
  while (!rest.empty()) {
    size_t start = rest.find_first_not_of(kSpaces);
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    size_t end = std::min(rest.size(), rest.find_first_of(kSpaces));
    if (IsAdName(rest.substr(0, end))) return true;
    rest.remove_prefix(end);
  }
  return false;
}

// The pixel size an attribute or inline style gives, or -1 when unknown.
int PixelSize(const HtmlNode& image, std::string_view dimension) {
  std::string value;
  if (const std::string* attribute = image.Attribute(dimension)) {
    value = *attribute;
  } else if (const std::string* style = image.Attribute("style")) {
    std::string lower = Lower(*style);
    size_t pos = lower.find(std::string(dimension) + ":");
    if (pos == std::string::npos || (pos > 0 && lower[pos - 1] == '-')) return -1;
    value = lower.substr(pos + dimension.size() + 1);
  } else {
    return -1;
  }
  size_t start = value.find_first_not_of(kSpaces);
  if (start == std::string::npos || value[start] < '0' || value[start] > '9') return -1;
  return std::stoi(value.substr(start, 4));
}

bool IsTrackingPixel(const HtmlNode& node) {
  if (!node.IsElement("img")) return false;
  int width = PixelSize(node, "width");
  int height = PixelSize(node, "height");
  if ((width >= 0 && width <= 1) || (height >= 0 && height <= 1)) return true;
  static const std::vector<std::string> kTrackerHosts = {
      "feeds.feedburner.com", "feedproxy.google.com", "pixel.wp.com", "stats.wordpress.com",
      "google-analytics.com", "doubleclick.net", "quantserve.com", "scorecardresearch.com",
      "feedsportal.com", "mc.yandex.ru", "counter.yadro.ru", "ct.pinterest.com",
      "analytics.twitter.com", "bat.bing.com", "px.ads.linkedin.com", "statcounter.com",
      "hm.baidu.com", "cnzz.com", "api.mixpanel.com", "pixel.mathtag.com",
      "googletagmanager.com", "feeds.feedblitz.com", "pixel.facebook.com"};
  const std::string* src = node.Attribute("src");
  if (!src) return false;
  auto url = ResolveHttpUrl(*src, "");
  return url && UrlHostAllowed(*url, kTrackerHosts);
}

bool IsWrapper(const HtmlNode& node) {
  static constexpr std::array<std::string_view, 38> kWrappers = {
      "div", "span", "p", "a", "section", "article", "header", "footer", "aside", "main",
      "nav", "figure", "figcaption", "blockquote", "strong", "b", "em", "i", "u", "s",
      "small", "big", "mark", "ins", "del", "sub", "sup", "h1", "h2", "h3", "h4", "h5",
      "h6", "ul", "ol", "li", "dl", "center"};
  if (node.kind != NodeKind::kElement) return false;
  for (std::string_view name : kWrappers) {
    if (node.name == name) return true;
  }
  return false;
}

// Removes the promo whose marker is the text node `marker`.
void RemovePromoAt(HtmlNode& marker_text, const KeptNodes& kept) {
  HtmlNode* marker = &marker_text;
  HtmlNode* block = marker->parent;
  if (block->kind == NodeKind::kElement && StartsWithPromo(*block)) {
    while (block->parent->kind == NodeKind::kElement && IsOnlyContent(*block) && !kept.count(block->parent)) {
      block = block->parent;
    }
    if (!kept.count(block)) marker = block;
  }
  HtmlNode& parent = *marker->parent;
  size_t index = marker->IndexInParent();
  if (marker != block) index += KeepTextBeforeMarker(*marker);
  parent.children.erase(parent.children.begin() + static_cast<std::ptrdiff_t>(index),
                        marker == block ? parent.children.begin() + static_cast<std::ptrdiff_t>(index) + 1
                                        : parent.children.end());
  RemoveSeparatorsBefore(parent, index);
}

}  // namespace

KeptNodes FindKeptNodes(HtmlNode& root, const std::vector<CssSelector>& keep) {
  KeptNodes kept;
  if (keep.empty()) return kept;
  VisitElements(root, [&](HtmlNode& element) {
    for (const CssSelector& selector : keep) {
      if (!selector.Matches(element)) continue;
      AddSubtree(element, kept);
      for (HtmlNode* up = element.parent; up; up = up->parent) kept.insert(up);
      return;
    }
  });
  return kept;
}

void RemovePromoFooter(HtmlNode& root, const KeptNodes& kept) {
  // Each round removes one marker; mirrors may repeat the footer, but a
  // bound keeps a hostile item from making this quadratic.
  for (int round = 0; round < kMaxPromoFooters; ++round) {
    HtmlNode* marker = FindPromoMarker(root, kept);
    if (!marker) break;
    RemovePromoAt(*marker, kept);
  }
}

bool IsAdName(std::string_view name) {
  std::string n = Lower(name);
  for (std::string_view exact : {"ad", "ads", "advert", "adverts", "advertisement", "advertising",
                                 "adsbygoogle", "dfp", "sponsor-ad"}) {
    if (n == exact) return true;
  }
  for (std::string_view prefix : {"adslot", "ad-slot", "ad_slot", "adunit", "ad-unit", "ad_unit",
                                  "adsense", "adserver", "ad-container", "ad_container", "adbox",
                                  "ad-box", "ad-banner", "ad_banner", "dfp-", "dfp_", "gpt-ad",
                                  "div-gpt-ad", "google-ad", "googlead", "advert"}) {
    if (n.starts_with(prefix)) return true;
  }
  for (std::string_view part : {"-ad-", "_ad_", "-ads-", "_ads_", "-adslot", "_adslot", "-advert"}) {
    if (n.find(part) != std::string::npos) return true;
  }
  for (std::string_view suffix : {"-ad", "_ad", "-ads", "_ads"}) {
    if (n.ends_with(suffix)) return true;
  }
  return false;
}

void RemoveAdSlots(HtmlNode& root, const KeptNodes& kept) {
  RemoveElements(root, [&](const HtmlNode& node) { return !kept.count(&node) && HasAdName(node); });
}

void RemoveTrackingPixels(HtmlNode& root, const KeptNodes& kept) {
  RemoveElements(root, [&](const HtmlNode& node) { return !kept.count(&node) && IsTrackingPixel(node); });
}

void StripSelected(HtmlNode& root, const std::vector<CssSelector>& strip, const KeptNodes& kept) {
  if (strip.empty()) return;
  RemoveElements(root, [&](const HtmlNode& node) {
    if (kept.count(&node)) return false;
    for (const CssSelector& selector : strip) {
      if (selector.Matches(node)) return true;
    }
    return false;
  });
}

void RemoveEmptyWrappers(HtmlNode& root, const KeptNodes& kept) {
  RebuildChildren(root, [&](HtmlNode& child, const auto&) {
    RemoveEmptyWrappers(child, kept);
    if (!IsWrapper(child) || kept.count(&child)) return ChildFate::kKeep;
    for (const auto& grandchild : child.children) {
      if (grandchild->kind != NodeKind::kText || !IsBlank(grandchild->text)) return ChildFate::kKeep;
    }
    return ChildFate::kUnwrap;  // empty: gone; white space only: the white space stays
  });
}

}  // namespace feedmirror
