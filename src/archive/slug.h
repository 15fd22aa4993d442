// Post file names: _posts/<YYYY-MM-DD>-<slug>.md
#pragma once

#include <string>
#include <string_view>

#include "util/time.h"
#include "util/timezone.h"

namespace feedmirror {

inline constexpr size_t kMaxSlugBytes = 120;

// The slug of a title: runs of white space become '-', characters unsafe in
// file names or URLs are dropped, at most kMaxSlugBytes bytes cut on a UTF-8
// boundary. Never empty, never "." or "..", never holds '/'.
std::string Slugify(std::string_view title);

// "_posts/2020-10-26-<slug>.md", with "-N" appended to the slug when
// `collision` is N >= 2 (the total slug staying within kMaxSlugBytes).
std::string PostPath(TimePoint date, const TimeZone& zone, const std::string& slug,
                     int collision = 1);

}  // namespace feedmirror
