// An IANA time zone (through ICU), to date post files in the archive's zone.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "util/time.h"

namespace feedmirror {

// ICU's rules for one zone; defined in timezone.cc so that ICU's headers stay
// out of this one.
struct TimeZoneRules;

// A value type: copies share the same immutable rules, and every method is
// safe to call from several threads at once.
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
  // The instant of a local wall-clock time (for dates without a zone).
  // An ambiguous or skipped wall time takes the offset in force before the
  // transition (as Python's fold=0): in New York, 2020-11-01 01:30 is EDT
  // (05:30Z) and 2020-03-08 02:30 is read as EST (07:30Z).
  TimePoint FromLocal(std::chrono::local_time<std::chrono::milliseconds> local) const;

 private:
  TimeZone(std::string name, std::shared_ptr<const TimeZoneRules> rules)
      : name_(std::move(name)), rules_(std::move(rules)) {}
  std::string name_;
  std::shared_ptr<const TimeZoneRules> rules_;
};

}  // namespace feedmirror
