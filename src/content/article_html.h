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
  // Per-source CSS selectors (standard mode; see content/css_selector.h).
  // `strip`: elements removed. `keep`: elements that no clean-up rule (nor
  // `strip`) removes; they are still sanitized.
  std::vector<std::string> strip;
  std::vector<std::string> keep;
  // Hosts (and their subdomains) whose iframes are kept, sandboxed; other
  // iframes become links (standard mode).
  // Chinese conversion of text and alt/title values through OpenCC: "" (none),
  // "t2s", "s2t", "tw2s", "s2tw", "tw2sp", "s2twp", "hk2s" or "s2hk"
  // (content/chinese_convert.h, which also converts titles).
  std::string convert;
  std::vector<std::string> iframe_hosts = {"youtube.com", "youtube-nocookie.com", "player.vimeo.com",
                                           "player.bilibili.com", "dailymotion.com"};
  // ImageMode::kDownload writes images through the proxy, like kProxy; the
  // archive replaces them with local copies once downloaded
  // (archive/image_fetcher.h). When set, each image URL so written is
  // appended here, absolute, in document order (repeats included). Not
  // owned.
  std::vector<std::string>* download_urls = nullptr;
};

// The article HTML to archive. `base_url` resolves relative URLs (the item's
// xml:base or link).
// CleanupLevel::kNone: only image URLs (and converted text) are rewritten,
// in place, byte for byte otherwise (content/inplace_rewrite.h).
// CleanupLevel::kStandard: an HTML5 parse, the clean-up rules
// (content/cleanup_rules.h, content/embeds.h, lazy images), the sanitizer
// (content/sanitizer.h), image URLs, then serialized as well-formed HTML;
// parsing and serializing the result again gives it back unchanged.
// HTML the parser itself fails on (content/gumbo_guard.h) is kept whole, as
// escaped text in a <pre class="unparsed">.
// Throws UsageError when a strip or keep selector or the conversion is invalid (check them
// up front with ValidateSelector, content/css_selector.h).
std::string ArticleHtml(std::string_view html, const std::string& base_url,
                        const ContentOptions& options);

}  // namespace feedmirror
