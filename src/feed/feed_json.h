// The universal JSON form of a Feed, as `feedmirror parse --json` prints it:
// the shape of gofeed's universal feed (../shared/conformance/gofeed/README.md)
// with camelCase keys, dates in `*Parsed` as RFC 3339 UTC, empty fields
// left out, plus "bozo": true and "bozoReason" when the input was malformed.
#pragma once

#include <string>

#include "feed/feed.h"

namespace feedmirror {

// Pretty-printed (two-space indent), UTF-8, ending without a newline.
std::string FeedToJson(const Feed& feed);

}  // namespace feedmirror
