// `feedmirror watch`: fetch rounds in a loop, each taking the sources that
// are due, sleeping in between until the next one is due, until asked to
// stop. The clock and the sleep are injected so tests run it in no time.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>

#include "app/config.h"

namespace feedmirror {

class Clock;
class FetchReport;
class FetchRun;
class Store;

// Sleeps, waking early when `stop` turns true.
class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual void SleepFor(std::chrono::milliseconds duration, const std::atomic<bool>& stop) = 0;
};

// Sleeps on the system clock in slices of at most 100 ms, checking `stop`.
Sleeper& SystemSleeper();

struct WatchOptions {
  std::chrono::milliseconds max_sleep = std::chrono::seconds(60);  // per step
  std::chrono::milliseconds min_sleep = std::chrono::seconds(1);   // no busy loop
};

// Until `stop` is true: fetches the sources of `config` that are due at the
// clock's now through `run` (reported to `report`, a round only when some
// source is due), then sleeps until the earliest next due among them, capped
// to [min_sleep, max_sleep] (max_sleep when every source is gone). A stop
// during a round ends it after the source in hand, which is committed.
// `after_round` runs after each round's sources, before its summary (the
// image downloads of images = "download").
// Returns the number of rounds that fetched something. Exceptions (a store
// that fails) propagate.
int Watch(const Config& config, Store& store, FetchRun& run, const Clock& clock,
          Sleeper& sleeper, const std::atomic<bool>& stop, FetchReport& report,
          const WatchOptions& options = {}, const std::function<void()>& after_round = {});

}  // namespace feedmirror
