// What `fetch` and `watch` print while they run: one log line per source, or
// on a terminal a live progress line redrawn in place, and a summary that
// lists the sources that failed. No colour is used (so NO_COLOR holds).
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "app/fetch_run.h"

namespace feedmirror {

enum class Verbosity {
  kQuiet,    // failures and the list of failed sources only
  kNormal,   // a line per source (not on a terminal), summary
  kVerbose,  // also status, bytes, timings and next due per source
};

struct ReportOptions {
  Verbosity verbosity = Verbosity::kNormal;
  // Draw the live progress line on `err` (when stderr is a terminal): then
  // only failures, deferrals and warnings get their own lines.
  bool live = false;
};

class FetchReport {
 public:
  // Lines go to `out`, warnings and the live line to `err`; both outlive this.
  FetchReport(std::ostream& out, std::ostream& err, ReportOptions options);

  // A round of `total` sources begins; `skipped` were not due.
  void Start(size_t total, size_t skipped);
  void SourceDone(const SourceOutcome& outcome);
  // Ends the round: clears the live line, prints the summary ("archived N
  // new and M changed posts from K sources into DIR"), the deferred and
  // failed sources, and with kVerbose the time split of `timings`.
  void Finish(const std::string& posts_dir, const RunTimings& timings);

  size_t failures() const { return failed_.size(); }

 private:
  void DrawLive();
  void ClearLive();

  std::ostream& out_;
  std::ostream& err_;
  ReportOptions options_;
  size_t total_ = 0, skipped_ = 0, done_ = 0;
  int new_items_ = 0, changed_ = 0;
  size_t bytes_ = 0;
  std::vector<std::string> failed_, deferred_;
  bool live_drawn_ = false;
};

// "1.2 s", "340 ms": a duration as the reports show it.
std::string FormatSeconds(std::chrono::nanoseconds duration);

// The one-line live progress: "fetch: 12/40 sources, 35 new posts, 1.2 MB, 1 failed".
std::string ProgressLine(size_t done, size_t total, int archived, size_t bytes, size_t failed);

}  // namespace feedmirror
