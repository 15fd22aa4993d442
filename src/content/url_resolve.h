// URL handling for URLs found in article HTML: how a browser would read an
// attribute value (trimmed, tabs and newlines dropped, scheme lower-cased),
// and resolution of relative references against the item's base URL.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace feedmirror {

// `value` as a browser reads a URL attribute: leading and trailing C0
// controls and spaces stripped, every tab, CR and LF removed.
std::string TrimUrl(std::string_view value);

// The lower-cased scheme of `url` (already trimmed), or "" when it has none
// (a relative reference). "JaVaScRiPt:x" gives "javascript".
std::string UrlScheme(std::string_view url);

// Resolves `url` (an attribute value, trimmed here) against `base`, giving an
// absolute http or https URL with unsafe characters (space, controls,
// non-ASCII bytes, quotes, angle brackets...) percent-encoded and `\` read as
// `/`, as browsers do. An absolute http(s) URL needs no base.
// Returns nullopt when the result would not be http(s) (another scheme, or a
// relative reference without a usable http(s) base) or cannot be parsed.
std::optional<std::string> ResolveHttpUrl(std::string_view url, std::string_view base);

}  // namespace feedmirror
