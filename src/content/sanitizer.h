// The allowlist sanitizer for article HTML (every clean-up level except
// "none"). It keeps what news needs: text structure, headings, lists,
// tables, figure/figcaption, img/picture/source, audio/video/track, a,
// blockquote, pre/code, abbr, time, sub/sup, ruby/rt/rp and inline
// formatting. Dropped with their contents: script, style, link, meta, base,
// title, noscript, template, forms' controls, object/embed/applet, frames,
// SVG and MathML, comments, and iframes not from an allowed video host.
// Other unknown or presentational elements (font, center, form, custom
// elements...) are replaced by their contents.
//
// Attributes: a per-element allowlist; no event handlers, no `style`,
// `class` or `id`. URLs (href, src, cite, poster, srcset) must be http,
// https (href also mailto) or relative; relative ones are resolved against
// the base URL; anything else drops the attribute, except `data:` raster
// images (PNG, JPEG, GIF, WebP, AVIF, BMP) in img src. An img left without
// a source is removed. Allowed iframes get a `sandbox`.
#pragma once

#include <string>
#include <vector>

namespace feedmirror {

struct HtmlNode;

struct SanitizeOptions {
  std::string base_url;  // resolves relative URLs; may be empty
  // Hosts whose iframes are kept; "youtube.com" also allows its subdomains.
  std::vector<std::string> iframe_hosts;
};

// Sanitizes the descendants of `root` in place.
void Sanitize(HtmlNode& root, const SanitizeOptions& options);

// True when `url` (absolute http or https) is on a host in `hosts` or one of
// their subdomains.
bool UrlHostAllowed(const std::string& url, const std::vector<std::string>& hosts);

// The sandbox an allowed iframe gets.
inline constexpr const char* kIframeSandbox = "allow-scripts allow-same-origin allow-presentation allow-popups";

}  // namespace feedmirror
