// The promises the standard clean-up makes about its output, checked on a
// fresh parse of it: what the XSS corpus test and the sanitizer fuzz target
// assert on every output.
#pragma once

#include <string>
#include <string_view>

namespace feedmirror {

// Returns "" when `html` (an ArticleHtml output in standard mode) keeps
// every promise, else a description of the first broken one:
// - parsed inside the post's wrapper <div>, nothing ends up outside it;
// - no script, style, link, meta, base, object, embed, applet, form
//   controls, frames, template, noscript, raw-text elements, SVG or MathML;
//   iframes only sandboxed;
// - no event-handler (on*), style, srcdoc or formaction attribute;
// - URL attributes (href, src, srcset, cite, poster, action, data,
//   background, xlink:href, ...) only http, https, mailto or relative, and
//   data: only for raster images in img src;
// - parsing and serializing it again gives it back unchanged.
std::string SafetyViolation(std::string_view html);

// Cleans `input` as a feed item's HTML in standard mode (proxy images) and
// returns "" when the output keeps the promises of SafetyViolation; also
// runs "none" mode, which must not fail and, keeping images, must give the
// input back byte for byte. What the sanitizer fuzz target and its corpus test check.
std::string CleanupViolation(std::string_view input);

}  // namespace feedmirror
