#include "archive/slug.h"

#include <unicode/uchar.h>

#include <cstdio>

#include "util/error.h"
#include "util/utf8.h"

namespace feedmirror {

namespace {

bool IsAsciiAlnum(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool IsSeparator(char32_t c) {
  return c == '_' || c == '-' || u_isUWhiteSpace(static_cast<UChar32>(c)) ||
         u_charType(static_cast<UChar32>(c)) == U_DASH_PUNCTUATION;
}

bool IsKept(char32_t c) {
  if (c < 0x80) return IsAsciiAlnum(c);
  int32_t mask = U_MASK(u_charType(static_cast<UChar32>(c)));
  return (mask & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) != 0;
}

bool EndsWithAsciiAlnum(const std::string& s) {
  return !s.empty() && IsAsciiAlnum(static_cast<unsigned char>(s.back()));
}

void TrimEnd(std::string& s) {
  while (!s.empty() && (s.back() == '-' || s.back() == '.')) s.pop_back();
}

// Cuts `slug` to `max_bytes` on a code point boundary, without a trailing
// '-' or '.'; "post" if nothing is left.
std::string Fit(std::string slug, size_t max_bytes) {
  slug = std::string(TruncateUtf8(slug, max_bytes));
  TrimEnd(slug);
  return slug.empty() ? "post" : slug;
}

}  // namespace

std::string Slugify(std::string_view title) {
  std::string slug;
  bool pending_separator = false;
  for (size_t pos = 0; pos < title.size();) {
    CodePoint cp = DecodeUtf8(title, pos);
    pos += cp.size;
    if (!cp.valid) continue;
    if (IsSeparator(cp.value)) {
      pending_separator = !slug.empty();
    } else if (IsKept(cp.value)) {
      if (pending_separator) slug += '-';
      pending_separator = false;
      AppendUtf8(slug, cp.value);
    } else if (cp.value == '.' && !pending_separator && EndsWithAsciiAlnum(slug) &&
               pos < title.size() && IsAsciiAlnum(static_cast<unsigned char>(title[pos]))) {
      slug += '.';
    }
  }
  return Fit(std::move(slug), kMaxSlugBytes);
}

std::string PostPath(TimePoint date, const TimeZone& zone, const std::string& slug, int collision) {
  if (slug.empty() || slug == "." || slug == ".." ||
      slug.find_first_of(std::string("/\0", 2)) != std::string::npos)
    throw Error("invalid post slug '" + slug + "'");
  if (collision < 1) throw Error("invalid post collision number " + std::to_string(collision));
  std::string suffix = collision >= 2 ? "-" + std::to_string(collision) : "";
  std::string name = Fit(slug, kMaxSlugBytes - suffix.size()) + suffix;
  std::chrono::year_month_day day = zone.LocalDate(date);
  char prefix[32];
  std::snprintf(prefix, sizeof prefix, "_posts/%04d-%02u-%02u-", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return prefix + name + ".md";
}

}  // namespace feedmirror
