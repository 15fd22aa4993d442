// An IANA time zone (through ICU), to date post files in the archive's zone.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "util/time.h"

namespace feedmirror {

class TimeZone {
 public:
  // Throws Error ("unknown time zone 'X'") for a name ICU does not know.
  static TimeZone Load(const std::string& iana_name);
  static TimeZone Utc();

  const std::string& name() const { return name_; }
  // The offset from UTC in force at `t`.
  std::chrono::minutes OffsetAt(TimePoint t) const;
  // The calendar date at `t` in this zone.
  std::chrono::year_month_day LocalDate(TimePoint t) const;
  // The instant of a local wall-clock time (for dates without a zone);
  // an ambiguous or skipped time takes the earlier offset.
  TimePoint FromLocal(std::chrono::local_time<std::chrono::milliseconds> local) const;

 private:
  explicit TimeZone(std::string name) : name_(std::move(name)) {}
  std::string name_;
};

}  // namespace feedmirror
