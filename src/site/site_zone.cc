#include "site/site_zone.h"

#include <unicode/basictz.h>
#include <unicode/timezone.h>

#include <chrono>

#include "util/error.h"

namespace feedmirror {

namespace {

const icu::TimeZone& Zone(const std::shared_ptr<const void>& p) { return *static_cast<const icu::TimeZone*>(p.get()); }

}  // namespace

SiteZone SiteZone::Load(const std::string& iana_name) {
  icu::UnicodeString id = icu::UnicodeString::fromUTF8(iana_name);
  std::shared_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(id));
  icu::UnicodeString canonical;
  UErrorCode status = U_ZERO_ERROR;
  UBool system = false;
  icu::TimeZone::getCanonicalID(id, canonical, system, status);
  if (U_FAILURE(status) || *tz == icu::TimeZone::getUnknown())
    throw UsageError("unknown time zone '" + iana_name + "'");
  SiteZone zone;
  zone.name_ = iana_name;
  zone.zone_ = std::shared_ptr<const void>(tz, tz.get());
  return zone;
}

int64_t SiteZone::OffsetMs(int64_t epoch_ms) const {
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  Zone(zone_).getOffset(static_cast<UDate>(epoch_ms), false, raw, dst, status);
  return U_FAILURE(status) ? 0 : static_cast<int64_t>(raw) + dst;
}

LocalDateTime SiteZone::ToLocal(int64_t epoch_ms) const { return FieldsOf(epoch_ms + OffsetMs(epoch_ms)); }

int64_t SiteZone::FromLocal(int64_t local_ms) const {
  // The offset in force just before the wall time: the earlier offset for
  // an ambiguous time, as Ruby's Time.local does.
  int64_t guess = local_ms - OffsetMs(local_ms - 86400000);
  int64_t second = local_ms - OffsetMs(guess);
  return std::min(guess, second);
}

LocalDateTime FieldsOf(int64_t local_ms) {
  using namespace std::chrono;
  sys_time<milliseconds> t{milliseconds(local_ms)};
  sys_days day = floor<days>(t);
  year_month_day ymd(day);
  hh_mm_ss<milliseconds> hms(t - day);
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())), static_cast<int>(hms.hours().count()),
          static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count())};
}

}  // namespace feedmirror
