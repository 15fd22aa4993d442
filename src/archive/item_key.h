// The identify stage: the stable key an item is archived under, so that the
// same article seen again (in a later fetch, or with edits) maps to the same
// record and post file.
#pragma once

#include <string>
#include <string_view>

#include "feed/feed.h"

namespace feedmirror {

// The item's GUID when usable (non-empty after trimming), else its canonical
// link, else "sha256:" + a hash of its title and date text. GUIDs and links
// are prefixed ("guid:", "link:") so the three kinds never collide.
std::string ItemKey(const Item& item);

// Scheme and host lower-cased, default port and fragment dropped, tracking
// parameters (utm_*, fbclid, gclid, ...) removed from the query.
std::string CanonicalLink(std::string_view url);

// A hex SHA-256 (used for keys and content hashes).
std::string Sha256Hex(std::string_view bytes);

}  // namespace feedmirror
