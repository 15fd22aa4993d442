#include "util/timezone.h"

#include <unicode/basictz.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "util/error.h"

namespace feedmirror {

struct TimeZoneRules {
  std::unique_ptr<icu::BasicTimeZone> zone;
};

namespace {

using Millis = std::chrono::milliseconds;

std::shared_ptr<const TimeZoneRules> LoadRules(const std::string& name) {
  std::unique_ptr<icu::TimeZone> zone(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(name)));
  icu::UnicodeString id;
  // ICU answers an unknown name with a zone named "Etc/Unknown".
  if (!zone || zone->getID(id) == icu::UnicodeString(UCAL_UNKNOWN_ZONE_ID) || name.empty())
    throw Error("unknown time zone '" + name + "' (expected an IANA name such as Asia/Taipei)");
  auto* basic = dynamic_cast<icu::BasicTimeZone*>(zone.get());
  if (basic == nullptr) throw Error("time zone '" + name + "' has no transition rules in ICU");
  zone.release();
  return std::make_shared<TimeZoneRules>(TimeZoneRules{std::unique_ptr<icu::BasicTimeZone>(basic)});
}

Millis OffsetMillis(const TimeZoneRules& rules, TimePoint t) {
  int32_t raw = 0;
  int32_t dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  rules.zone->getOffset(static_cast<UDate>(EpochMillis(t)), false, raw, dst, status);
  if (U_FAILURE(status))
    throw Error(std::string("time zone offset failed: ") + u_errorName(status));
  return Millis(raw + dst);
}

}  // namespace

TimeZone TimeZone::Load(const std::string& iana_name) {
  return TimeZone(iana_name, LoadRules(iana_name));
}

TimeZone TimeZone::Utc() {
  static const std::shared_ptr<const TimeZoneRules> rules = LoadRules("UTC");
  return TimeZone("UTC", rules);
}

std::chrono::minutes TimeZone::OffsetAt(TimePoint t) const {
  return std::chrono::floor<std::chrono::minutes>(OffsetMillis(*rules_, t));
}

std::chrono::year_month_day TimeZone::LocalDate(TimePoint t) const {
  return std::chrono::year_month_day(
      std::chrono::floor<std::chrono::days>(t + OffsetMillis(*rules_, t)));
}

TimePoint TimeZone::FromLocal(std::chrono::local_time<Millis> local) const {
  int32_t raw = 0;
  int32_t dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  rules_->zone->getOffsetFromLocal(static_cast<UDate>(local.time_since_epoch().count()),
                                   UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_FORMER, raw, dst, status);
  if (U_FAILURE(status))
    throw Error("cannot resolve a local time in zone '" + name_ + "': " + u_errorName(status));
  return TimePoint(local.time_since_epoch() - Millis(raw + dst));
}

}  // namespace feedmirror
