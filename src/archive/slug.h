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
//
// Precisely, code point by code point:
// - separators: Unicode White_Space (space, tab, newline, U+00A0, U+3000 ...),
//   '_', '-' and dash punctuation (U+2014 ...); each run gives one '-';
// - kept: ASCII letters and digits; other letters, marks and decimal digits
//   (CJK, Cyrillic, accented Latin ...); '.' only between two ASCII letters
//   or digits ("3.5", "Node.js");
// - dropped: everything else (other ASCII punctuation such as / \ : ? # % ",
//   other punctuation and symbols such as 「」，and emoji, controls, format
//   characters, ill-formed UTF-8);
// - '-' and '.' are trimmed at both ends; an empty result is "post".
// Such a slug is left unchanged by Jekyll's `slugify(mode: "pretty")`, so a
// Jekyll permalink using :title shows exactly this slug.
// Example: "亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察" →
// "亞塞拜然亞美尼亞再次同意停火-能否奏效待觀察"; "../../etc/passwd" → "etcpasswd".
std::string Slugify(std::string_view title);

// "_posts/2020-10-26-<slug>.md", the date being `date`'s calendar date in
// `zone`, with "-N" appended to the slug when `collision` is N >= 2 (the
// slug cut on a UTF-8 boundary so that slug and suffix stay within
// kMaxSlugBytes). Throws Error for a slug that is empty, ".", "..", or holds
// '/' or NUL, and for collision < 1.
std::string PostPath(TimePoint date, const TimeZone& zone, const std::string& slug,
                     int collision = 1);

}  // namespace feedmirror
