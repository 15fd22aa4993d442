// The standard clean-up rules: what readers of an archive never want. Each
// rule works on the parsed tree before sanitizing (it needs classes and
// ids) except RemoveEmptyWrappers, which runs last. Elements in `keep`
// (see KeptNodes) are never removed by a rule. No rule assumes spaces
// between words or English text.
#pragma once

#include <string_view>
#include <unordered_set>
#include <vector>

namespace feedmirror {

struct HtmlNode;
class CssSelector;

// The nodes a source's `keep` selectors protect: every matching element,
// everything inside it, and its ancestors (removing one would remove it).
using KeptNodes = std::unordered_set<const HtmlNode*>;
KeptNodes FindKeptNodes(HtmlNode& root, const std::vector<CssSelector>& keep);

// Removes the full-text mirror's promo footer: the block holding
// "获取更多RSS" (or "獲取更多RSS") — from the marker to the end of its
// container when the container holds other text first — and the <br>, <hr>
// and white space right before it.
void RemovePromoFooter(HtmlNode& root, const KeptNodes& kept);

// Removes ad slots: elements whose class or id names an ad slot or unit
// (IsAdName), and elements carrying data-ad-slot, data-ad-client or
// data-dfp.
void RemoveAdSlots(HtmlNode& root, const KeptNodes& kept);

// True when one class token or id names an ad: "ad", "ads", "dfp",
// "adsbygoogle", "adslot_*", "ad-slot*", "adunit*", "gpt-ad*", "*-ad-*",
// "*_ad", ... (case-insensitive).
bool IsAdName(std::string_view name);

// Removes tracking pixels: images 0 or 1 pixel wide or high (attributes or
// inline style), and images from known tracker hosts.
void RemoveTrackingPixels(HtmlNode& root, const KeptNodes& kept);

// Removes the elements matching any of `strip`.
void StripSelected(HtmlNode& root, const std::vector<CssSelector>& strip, const KeptNodes& kept);

// Removes the wrappers and links that clean-up left empty (div, span, p,
// a, figure, lists, headings, inline formatting...): an empty one is
// removed, one holding only white space is replaced by that white space.
// Bottom-up, so nested empty wrappers go at once.
void RemoveEmptyWrappers(HtmlNode& root, const KeptNodes& kept);

}  // namespace feedmirror
