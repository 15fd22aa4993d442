// Relative references resolved per RFC 3986 §5 (for feed, item and
// enclosure links, xml:base and the bases of item HTML).
#pragma once

#include <string>
#include <string_view>

namespace feedmirror {

// `reference` resolved against `base`. Surrounding white space of the
// reference is ignored. An absolute reference is returned normalised (dot
// segments removed); with an empty or relative base the reference is returned
// as it is. Never throws.
std::string ResolveUrl(std::string_view base, std::string_view reference);

// True when `url` starts with a scheme (http:, https:, mailto:, ...).
bool HasScheme(std::string_view url);

}  // namespace feedmirror
