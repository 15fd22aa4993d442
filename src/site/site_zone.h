// The site's time zone (ICU): post dates shown and URLs dated in it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "site/permalink.h"

namespace feedmirror {

class SiteZone {
 public:
  // Throws UsageError "unknown time zone 'X'" for a name ICU does not know.
  static SiteZone Load(const std::string& iana_name);

  const std::string& name() const { return name_; }
  // Offset from UTC in milliseconds at an instant.
  int64_t OffsetMs(int64_t epoch_ms) const;
  // Wall-clock fields at an instant.
  LocalDateTime ToLocal(int64_t epoch_ms) const;
  // The instant of a wall-clock time given as milliseconds "as if UTC".
  int64_t FromLocal(int64_t local_ms) const;

 private:
  std::string name_;
  std::shared_ptr<const void> zone_;  // icu::TimeZone
};

// Wall-clock fields of milliseconds "as if UTC".
LocalDateTime FieldsOf(int64_t local_ms);

}  // namespace feedmirror
