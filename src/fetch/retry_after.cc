#include "fetch/retry_after.h"

#include <array>
#include <cstdio>
#include <cstring>
#include <string>

namespace feedmirror {

namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// 1..12 for "Jan".."Dec" (exact case, as HTTP-dates spell them), else 0.
unsigned MonthNumber(const char* name) {
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (unsigned i = 0; i < kMonths.size(); ++i)
    if (std::strcmp(name, kMonths[i]) == 0) return i + 1;
  return 0;
}

struct DateFields {
  int year = 0, day = 0, hour = 0, minute = 0, second = 0;
  char month[4] = {};
};

std::optional<TimePoint> ToTimePoint(const DateFields& f) {
  using namespace std::chrono;
  year_month_day date{year(f.year), month(MonthNumber(f.month)), day(static_cast<unsigned>(f.day))};
  if (f.year < 1000 || !date.ok() || f.hour > 23 || f.minute > 59 || f.second > 60)
    return std::nullopt;
  if (f.hour < 0 || f.minute < 0 || f.second < 0) return std::nullopt;
  return TimePoint(sys_days(date)) + hours(f.hour) + minutes(f.minute) + seconds(f.second);
}

// sscanf with `format`, which must end in %n, consuming all of `text`.
template <typename... Fields>
bool ScanAll(const std::string& text, const char* format, Fields*... fields) {
  int consumed = -1;
  int count = std::sscanf(text.c_str(), format, fields..., &consumed);
  return count == static_cast<int>(sizeof...(fields)) && consumed == static_cast<int>(text.size());
}

std::optional<TimePoint> ParseAfterComma(const std::string& rest) {
  DateFields f;
  if (ScanAll(rest, " %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n", &f.day, f.month, &f.year, &f.hour,
              &f.minute, &f.second))
    return ToTimePoint(f);
  if (ScanAll(rest, " %2d-%3[A-Za-z]-%2d %2d:%2d:%2d GMT%n", &f.day, f.month, &f.year, &f.hour,
              &f.minute, &f.second) &&
      f.year >= 0) {
    f.year += f.year < 70 ? 2000 : 1900;
    return ToTimePoint(f);
  }
  return std::nullopt;
}

std::optional<TimePoint> ParseAsctime(const std::string& text) {
  DateFields f;
  char weekday[4] = {};
  if (!ScanAll(text, "%3[A-Za-z] %3[A-Za-z] %2d %2d:%2d:%2d %4d%n", weekday, f.month, &f.day,
               &f.hour, &f.minute, &f.second, &f.year))
    return std::nullopt;
  return ToTimePoint(f);
}

}  // namespace

std::optional<TimePoint> ParseHttpDate(std::string_view text) {
  std::string trimmed(Trim(text));
  size_t comma = trimmed.find(',');
  if (comma != std::string::npos) return ParseAfterComma(trimmed.substr(comma + 1));
  return ParseAsctime(trimmed);
}

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value, TimePoint now) {
  std::string_view text = Trim(value);
  if (text.empty()) return std::nullopt;
  if (text.find_first_not_of("0123456789") == std::string_view::npos) {
    // More than nine digits is more than 30 years: clamp rather than overflow.
    long long seconds = text.size() > 9 ? 999'999'999 : std::stoll(std::string(text));
    return std::chrono::seconds(seconds);
  }
  std::optional<TimePoint> date = ParseHttpDate(text);
  if (!date) return std::nullopt;
  return *date > now ? *date - now : std::chrono::milliseconds(0);
}

}  // namespace feedmirror
