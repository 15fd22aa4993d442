// The clock, injected so that tests control "now".
#pragma once

#include "util/time.h"

namespace feedmirror {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

// The system clock.
const Clock& SystemClock();

// A clock that stays where a test puts it.
class FixedClock : public Clock {
 public:
  explicit FixedClock(TimePoint now) : now_(now) {}
  TimePoint Now() const override { return now_; }
  void Set(TimePoint now) { now_ = now; }

 private:
  TimePoint now_;
};

}  // namespace feedmirror
