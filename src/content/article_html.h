// The content stage: turns a feed item's HTML into the HTML the archive
// keeps (clean-up, sanitizing, image URLs).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace feedmirror {

enum class CleanupLevel { kStandard, kNone };
enum class ImageMode { kProxy, kKeep, kDownload };

inline constexpr const char* kDefaultImageProxy = "https://images.weserv.nl/?url={url_noscheme}";

struct ContentOptions {
  CleanupLevel cleanup = CleanupLevel::kStandard;
  ImageMode images = ImageMode::kProxy;
  std::string image_proxy = kDefaultImageProxy;
  std::vector<std::string> strip;  // CSS selectors to remove (standard mode)
  std::vector<std::string> keep;   // CSS selectors to keep (standard mode)
};

// The article HTML to archive. `base_url` resolves relative URLs (the item's
// xml:base or link). With CleanupLevel::kNone only image URLs are rewritten,
// in place, byte for byte otherwise.
std::string ArticleHtml(std::string_view html, const std::string& base_url,
                        const ContentOptions& options);

}  // namespace feedmirror
