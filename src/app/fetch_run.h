// One `fetch` run: requests every selected source through the transport,
// parses and archives each response as it arrives, and records each source's
// fetch state. One failing source never stops the others.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/config.h"
#include "archive/archiver.h"
#include "fetch/transport.h"

namespace feedmirror {

class Clock;
class FileSystem;
class Store;
struct SourceState;
struct ParseOptions;

// The content pipeline's options for a source's items: the archive's, with
// the source's clean-up selectors and conversion.
ContentOptions ContentFor(const Config& config, const SourceConfig& source);

struct SourceOutcome {
  std::string name;
  bool failed = false;
  std::string error;          // why it failed, or why it was deferred
  bool not_modified = false;  // HTTP 304
  // Not fetched: its host asked this run to wait (429/503 with Retry-After
  // on another source of the host). Neither failed nor backed off.
  bool deferred = false;
  bool gone = false;  // answered 410: not fetched again until forced
  long status = 0;    // HTTP status; 0 when the transfer failed
  size_t bytes = 0;   // received on the wire
  std::optional<TimePoint> next_due;
  ArchiveCounts counts;
  std::vector<std::string> warnings;  // e.g. a recovered malformed feed
  std::chrono::nanoseconds handling{};  // parse + clean + write of this source
};

// Where the time of a run went. The transfers run concurrently while one
// response at a time is parsed, cleaned and written on the calling thread:
// `transfer` is the rest of the wall time, spent waiting on the network.
struct RunTimings {
  std::chrono::nanoseconds total{};
  std::chrono::nanoseconds parse{};
  std::chrono::nanoseconds clean{};
  std::chrono::nanoseconds write{};  // post files and store records
  std::chrono::nanoseconds transfer() const { return total - parse - clean - write; }
};

class FetchRun {
 public:
  // `fs` is rooted at the archive folder.
  // `unit_random` draws the backoff jitter in [0, 1); empty: a seeded
  // std::mt19937. Tests pass a constant.
  FetchRun(const Config& config, Store& store, Transport& transport, FileSystem& fs,
           const Clock& clock, std::function<double()> unit_random = {});

  // Fetches and archives `sources` (whether due or not: see SourcesToFetch),
  // calling `on_source` as each one is done, and records each one's fetch
  // state and next due time in the store:
  //   200/304   next_due = now + max(every, the feed's ttl/sy:updatePeriod);
  //             failures reset, `gone` cleared
  //   410       gone (no next_due); a failure of this run
  //   429, 503  a failure; next_due after the longer of the backoff and
  //             Retry-After (seconds or HTTP-date), capped at max_backoff
  //   other errors (404, 5xx, transfer, parse): a failure; next_due after
  //             BackoffDelay(consecutive failures), capped at max_backoff
  //   deferred  (the host asked this run to wait) next_due = the host's
  //             retry time; failures and last fetch unchanged
  // Returns the outcomes of the sources done, in the order of `sources`.
  // When `stop` becomes true, the run ends after the source in hand
  // (archived and committed); the others stay as they were.
  std::vector<SourceOutcome> Run(const std::vector<SourceConfig>& sources,
                                 const std::function<void(const SourceOutcome&)>& on_source,
                                 const std::atomic<bool>* stop = nullptr);

  // Accumulated over every Run of this object.
  const RunTimings& timings() const { return timings_; }

 private:
  SourceOutcome Archive(const SourceConfig& source, const FetchResponse& response);
  void Record(const SourceConfig& source, const FetchResponse& response,
              SourceOutcome& outcome);
  void RecordFailure(const FetchResponse& response, const SourceOutcome& outcome,
                     SourceState& state);
  FetchRequest RequestFor(const SourceConfig& source);

  const Config& config_;
  Store& store_;
  Transport& transport_;
  const Clock& clock_;
  std::function<double()> unit_random_;
  Archiver archiver_;
  RunTimings timings_;
  std::optional<std::chrono::seconds> feed_interval_;  // of the feed just parsed
};

// The sources a `fetch` takes, in config order: with `all`, every one but
// the gone ones; else those due at `now` (new ones, and those whose next_due has come;
// never a gone one). See schedule.h.
std::vector<SourceConfig> SourcesToFetch(const std::vector<SourceConfig>& sources, Store& store,
                                         TimePoint now, bool all);

// The transport settings of an archive's configuration.
TransportOptions TransportOptionsFor(const ArchiveConfig& archive);

// Parses a successful response's body, handing each item to `on_item` as it
// is read (ParseFeedStreaming): from the transport's reader when it streams
// the body (a local file, read as it is parsed), else from `body` (an HTTP
// body, in memory, capped by max_bytes). Throws as ParseFeedStreaming does.
Feed ParseResponse(const FetchResponse& response, const ParseOptions& options,
                   const std::function<void(Item&&)>& on_item);

// The base URL a feed fetched from `url` resolves relative links against: the
// URL itself for http(s); none for a local file, whose relative links resolve
// against the feed's own link instead (a file:// URL is useless on a site).
std::string FeedBaseUrl(const std::string& url);

// The one-line report of a source: "NAME: 2 new, 1 changed, 40 unchanged",
// "NAME: unchanged (not modified)", "NAME: failed: REASON",
// "NAME: gone (HTTP 410): not fetched again until fetch --source NAME" or
// "NAME: deferred until TIME: REASON".
std::string DescribeOutcome(const SourceOutcome& outcome);

}  // namespace feedmirror
