#include "util/time.h"

#include <cstdio>

namespace feedmirror {

namespace {

struct Fields {
  std::chrono::year_month_day ymd;
  std::chrono::hh_mm_ss<std::chrono::milliseconds> hms;
};

Fields Split(TimePoint t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  return {std::chrono::year_month_day(day),
          std::chrono::hh_mm_ss<std::chrono::milliseconds>(t - day)};
}

std::string FormatDateTime(const Fields& f) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld",
                static_cast<int>(f.ymd.year()), static_cast<unsigned>(f.ymd.month()),
                static_cast<unsigned>(f.ymd.day()), static_cast<long>(f.hms.hours().count()),
                static_cast<long>(f.hms.minutes().count()),
                static_cast<long>(f.hms.seconds().count()));
  return buf;
}

}  // namespace

std::string FormatIso8601Millis(TimePoint t) {
  Fields f = Split(t);
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03ld", static_cast<long>(f.hms.subseconds().count()));
  return FormatDateTime(f) + ms + "Z";
}

std::string FormatRfc3339(TimePoint t) {
  Fields f = Split(t);
  if (f.hms.subseconds().count() == 0) return FormatDateTime(f) + "Z";
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03ld", static_cast<long>(f.hms.subseconds().count()));
  return FormatDateTime(f) + ms + "Z";
}

int64_t EpochMillis(TimePoint t) { return t.time_since_epoch().count(); }

TimePoint FromEpochMillis(int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

}  // namespace feedmirror
