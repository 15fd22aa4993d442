// Images in the tree (standard clean-up): lazy-loading markup turned into
// plain images, and image URLs rewritten for the archive.
#pragma once

#include <string>

#include "content/article_html.h"

namespace feedmirror {

struct HtmlNode;

// Lazy images under `root` become plain ones: on <img>, the first non-empty
// of data-src, data-original, data-lazy-src (also data-actualsrc,
// data-lazyload, data-echo) replaces src, and data-srcset or
// data-lazy-srcset replaces srcset. Then each <noscript> that holds an
// image is resolved: when the <img> just before it is still a placeholder
// (no src, a data: URL, or a blank/spacer/placeholder file) the noscript's
// image takes its place; an image-holding noscript with no image before it
// is replaced by its contents; other noscripts are left to the sanitizer.
void PromoteLazyImages(HtmlNode& root);

// True when the <img> `image` shows nothing real (see PromoteLazyImages).
bool IsPlaceholderImage(const HtmlNode& image);

// The src and srcset of every <img> and the srcset of every <source> under
// `root`, passed through ArchivedImageUrl / ArchivedSrcset.
void RewriteImageUrls(HtmlNode& root, const std::string& base_url, const ContentOptions& options);

}  // namespace feedmirror
