// Retry-After (RFC 9110 section 10.2.3): how long a 429 or 503 response asks
// the client to wait before asking again.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "util/time.h"

namespace feedmirror {

// An HTTP-date in any of its three forms (RFC 9110 section 5.6.7):
//   IMF-fixdate  "Sun, 06 Nov 1994 08:49:37 GMT"
//   RFC 850      "Sunday, 06-Nov-94 08:49:37 GMT" (yy < 70 is 20yy)
//   asctime      "Sun Nov  6 08:49:37 1994"
// The weekday is not checked. nullopt when `text` is none of these forms or
// names an impossible date or time.
std::optional<TimePoint> ParseHttpDate(std::string_view text);

// The wait a Retry-After value asks for, counted from `now`: delta-seconds
// ("120") or an HTTP-date (one already past asks for no wait). Surrounding
// white space is ignored. nullopt for an empty or malformed value, so that
// the caller falls back on its own backoff.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value, TimePoint now);

}  // namespace feedmirror
