#include "app/watch.h"

#include <algorithm>
#include <thread>

#include "app/fetch_report.h"
#include "app/fetch_run.h"
#include "app/schedule.h"
#include "store/store.h"
#include "util/clock.h"

namespace feedmirror {

namespace {

class SystemSleeperImpl : public Sleeper {
 public:
  void SleepFor(std::chrono::milliseconds duration, const std::atomic<bool>& stop) override {
    constexpr std::chrono::milliseconds kSlice{100};
    auto end = std::chrono::steady_clock::now() + duration;
    while (!stop.load()) {
      auto left = end - std::chrono::steady_clock::now();
      if (left <= std::chrono::milliseconds(0)) return;
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(left, kSlice));
    }
  }
};

std::chrono::milliseconds NextSleep(const Config& config, Store& store, TimePoint now,
                                    const WatchOptions& options) {
  std::vector<std::optional<SourceState>> states;
  for (const SourceConfig& source : config.sources) states.push_back(store.GetSource(source.name));
  std::optional<TimePoint> earliest = EarliestDue(config.sources, states, now);
  std::chrono::milliseconds wait = earliest ? *earliest - now : options.max_sleep;
  return std::clamp(wait, options.min_sleep, options.max_sleep);
}

}  // namespace

Sleeper& SystemSleeper() {
  static SystemSleeperImpl sleeper;
  return sleeper;
}

int Watch(const Config& config, Store& store, FetchRun& run, const Clock& clock,
          Sleeper& sleeper, const std::atomic<bool>& stop, FetchReport& report,
          const WatchOptions& options, const std::function<void()>& after_round) {
  int rounds = 0;
  while (!stop.load()) {
    std::vector<SourceConfig> due = SourcesToFetch(config.sources, store, clock.Now(), false);
    if (!due.empty()) {
      report.Start(due.size(), config.sources.size() - due.size());
      run.Run(due, [&](const SourceOutcome& outcome) { report.SourceDone(outcome); }, &stop);
      if (after_round) after_round();
      report.Finish(config.posts_dir(), run.timings());
      ++rounds;
    }
    if (stop.load()) break;
    sleeper.SleepFor(NextSleep(config, store, clock.Now(), options), stop);
  }
  return rounds;
}

}  // namespace feedmirror
