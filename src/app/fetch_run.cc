#include "app/fetch_run.h"

#include <algorithm>
#include <memory>
#include <random>

#include "app/schedule.h"
#include "feed/feed_parser.h"
#include "fetch/backoff.h"
#include "fetch/retry_after.h"
#include "fetch/transport.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/error.h"

namespace feedmirror {

ContentOptions ContentFor(const Config& config, const SourceConfig& source) {
  ContentOptions options;
  options.cleanup = config.archive.cleanup;
  options.images = config.archive.images;
  options.image_proxy = config.archive.image_proxy;
  options.strip = source.strip;
  options.keep = source.keep;
  // A source's own conversion, "none" included, overrides the archive's.
  options.convert = source.convert.empty() ? config.archive.convert : source.convert;
  if (options.convert == "none") options.convert.clear();
  return options;
}

namespace {

std::string HttpFailure(const FetchResponse& response) {
  if (!response.error.empty()) return response.error;
  return "HTTP " + std::to_string(response.status);
}

// Messages from libraries (libxml2's) may span lines; a report line may not.
std::string OneLine(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

ParseOptions ParseOptionsFor(const Config& config, const SourceConfig& source,
                             const FetchResponse& response) {
  ParseOptions options;
  options.base_url = FeedBaseUrl(response.final_url.empty() ? source.url : response.final_url);
  options.content_type = response.content_type;
  options.encoding_override = source.encoding;
  options.default_timezone = config.archive.timezone;
  options.max_bytes = static_cast<size_t>(config.archive.max_bytes);
  return options;
}

bool MovedPermanently(const FetchResponse& response) {
  for (long status : response.redirect_statuses)
    if (status == 301 || status == 308) return true;
  return false;
}

// The transport's report of a request it did not send because the host
// asked the run to wait (curl_transport.h).
bool HostAskedToWait(const FetchResponse& response) {
  return response.status == 0 && response.error.starts_with("not fetched: ");
}

std::function<double()> DefaultRandom() {
  auto engine = std::make_shared<std::mt19937>(std::random_device{}());
  return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

using Nanos = std::chrono::nanoseconds;
Nanos Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::steady_clock::now() - start;
}

}  // namespace

FetchRun::FetchRun(const Config& config, Store& store, Transport& transport, FileSystem& fs,
                   const Clock& clock, std::function<double()> unit_random)
    : config_(config),
      store_(store),
      transport_(transport),
      clock_(clock),
      unit_random_(unit_random ? std::move(unit_random) : DefaultRandom()),
      archiver_(fs, store, clock, TimeZone::Load(config.archive.timezone)) {}

FetchRequest FetchRun::RequestFor(const SourceConfig& source) {
  FetchRequest request;
  request.url = source.url;
  request.headers = source.headers;
  request.proxy = source.proxy;
  // Archive() parses as it reads, so a local feed file is streamed by the
  // file transport rather than read whole. The transport, not FetchRun,
  // opens the file: file: URLs keep one code path (conditional state,
  // errors, size cap, fake transports in tests) with http ones.
  request.stream_body = true;
  std::optional<SourceState> state = store_.GetSource(source.name);
  if (!state || state->url != source.url) return request;  // new, or its URL was edited
  if (!state->moved_to.empty()) request.url = state->moved_to;
  request.etag = state->etag;
  request.last_modified = state->last_modified;
  return request;
}

std::vector<SourceOutcome> FetchRun::Run(
    const std::vector<SourceConfig>& sources,
    const std::function<void(const SourceOutcome&)>& on_source, const std::atomic<bool>* stop) {
  struct Stopped {};
  auto run_start = std::chrono::steady_clock::now();
  archiver_.RemoveStaleTempFiles();
  std::vector<FetchRequest> requests;
  for (const SourceConfig& source : sources) requests.push_back(RequestFor(source));
  std::vector<SourceOutcome> outcomes(sources.size());
  std::vector<bool> done(sources.size(), false);
  try {
    transport_.Perform(requests, [&](size_t i, FetchResponse response) {
      auto start = std::chrono::steady_clock::now();
      outcomes[i] = Archive(sources[i], response);
      Record(sources[i], response, outcomes[i]);
      outcomes[i].handling = Since(start);
      done[i] = true;
      on_source(outcomes[i]);
      if (stop && stop->load()) throw Stopped{};  // the source in hand is committed
    });
  } catch (const Stopped&) {
  }
  timings_.total += Since(run_start);
  std::vector<SourceOutcome> finished;
  for (size_t i = 0; i < sources.size(); ++i)
    if (done[i]) finished.push_back(std::move(outcomes[i]));
  return finished;
}

SourceOutcome FetchRun::Archive(const SourceConfig& source, const FetchResponse& response) {
  SourceOutcome outcome;
  outcome.name = source.name;
  outcome.status = response.status;
  outcome.bytes = response.wire_bytes;
  feed_interval_.reset();
  if (response.error.empty() && response.status == 304) {
    outcome.not_modified = true;
    return outcome;
  }
  if (HostAskedToWait(response)) {
    outcome.deferred = true;
    outcome.error = response.error;
    return outcome;
  }
  if (!response.ok()) {
    outcome.failed = true;
    outcome.gone = response.error.empty() && response.status == 410;
    outcome.error = HttpFailure(response);
    return outcome;
  }
  try {
    ParseOptions options = ParseOptionsFor(config_, source, response);
    ArchiveSource archive_source{source.name, source.tags, source.categories,
                                 ContentFor(config_, source)};
    // The feed's own fields; its items go to the archiver one by one, so the
    // parse time is the producer's time outside the archiver's sink, and the
    // write time all the rest but clean-up (posts, store commits, syncs).
    Feed feed;
    Nanos in_sink{0}, producing{0};
    Nanos clean_before = archiver_.clean_time();
    auto start = std::chrono::steady_clock::now();
    outcome.counts = archiver_.ArchiveItems(archive_source, [&](const ItemSink& sink) {
      auto produce_start = std::chrono::steady_clock::now();
      feed = ParseResponse(response, options, [&](Item&& item) {
        auto item_start = std::chrono::steady_clock::now();
        sink(item);
        in_sink += Since(item_start);
      });
      producing += Since(produce_start);
    });
    Nanos parsed = producing - in_sink;
    Nanos cleaned = archiver_.clean_time() - clean_before;
    timings_.parse += parsed;
    timings_.clean += cleaned;
    timings_.write += Since(start) - parsed - cleaned;
    feed_interval_ = feed.update_interval;
    if (feed.bozo) outcome.warnings.push_back("malformed feed, recovered: " + feed.bozo_reason);
    for (const std::string& warning : feed.warnings) outcome.warnings.push_back(warning);
  } catch (const std::exception& e) {
    outcome.failed = true;
    outcome.error = e.what();
  }
  return outcome;
}

void FetchRun::Record(const SourceConfig& source, const FetchResponse& response,
                      SourceOutcome& outcome) {
  auto write_start = std::chrono::steady_clock::now();
  SourceState state = store_.GetSource(source.name).value_or(SourceState{});
  if (state.url != source.url) state = SourceState{};
  const SourceState previous = state;
  state.name = source.name;
  state.url = source.url;
  TimePoint now = clock_.Now();
  if (outcome.deferred) {
    std::optional<std::chrono::milliseconds> wait = ParseRetryAfter(response.retry_after, now);
    state.next_due = now + std::min(wait.value_or(std::chrono::milliseconds(0)),
                                    std::chrono::milliseconds(config_.archive.max_backoff));
  } else if (outcome.failed) {
    RecordFailure(response, outcome, state);
  } else {
    state.last_fetch = now;
    state.last_status = response.status;
    state.last_success = now;
    state.last_error.clear();
    state.consecutive_failures = 0;
    state.gone = false;
    if (response.status == 200) {
      // Validators only from a 200 that carried them.
      state.etag = response.etag;
      state.last_modified = response.last_modified;
    }
    if (MovedPermanently(response)) state.moved_to = response.final_url;
    // A 304 brings no feed: the interval the feed asked for last time holds.
    std::optional<std::chrono::seconds> feed_interval =
        outcome.not_modified ? RecordedInterval(previous) : feed_interval_;
    state.next_due = now + SuccessInterval(source.every, feed_interval);
  }
  outcome.next_due = state.next_due;
  store_.PutSource(state);
  timings_.write += Since(write_start);
}

void FetchRun::RecordFailure(const FetchResponse& response, const SourceOutcome& outcome,
                             SourceState& state) {
  TimePoint now = clock_.Now();
  state.last_fetch = now;
  state.last_status = response.status;
  state.last_error = outcome.error;
  ++state.consecutive_failures;
  if (outcome.gone) {
    state.gone = true;
    state.next_due.reset();
    return;
  }
  BackoffPolicy policy;
  policy.cap = config_.archive.max_backoff;
  std::optional<std::chrono::milliseconds> retry_after;
  if (response.status == 429 || response.status == 503)
    retry_after = ParseRetryAfter(response.retry_after, now);
  state.next_due =
      now + RetryDelay(state.consecutive_failures, retry_after, unit_random_(), policy);
}

std::vector<SourceConfig> SourcesToFetch(const std::vector<SourceConfig>& sources, Store& store,
                                         TimePoint now, bool all) {
  std::vector<std::optional<SourceState>> states;
  for (const SourceConfig& source : sources) states.push_back(store.GetSource(source.name));
  std::vector<SourceConfig> selected;
  for (size_t i : DueSources(sources, states, now, all)) selected.push_back(sources[i]);
  return selected;
}

TransportOptions TransportOptionsFor(const ArchiveConfig& archive) {
  TransportOptions options;
  options.user_agent = archive.user_agent;
  options.proxy = archive.proxy;
  options.max_in_flight = archive.concurrency;
  options.max_per_host = archive.per_host;
  options.connect_timeout_seconds = archive.connect_timeout.count();
  options.transfer_timeout_seconds = archive.timeout.count();
  options.max_body_bytes = static_cast<size_t>(archive.max_bytes);
  return options;
}

Feed ParseResponse(const FetchResponse& response, const ParseOptions& options,
                   const std::function<void(Item&&)>& on_item) {
  if (response.body_reader) return ParseFeedStreaming(response.body_reader, options, on_item);
  return ParseFeedStreaming(response.body, options, on_item);
}

std::string FeedBaseUrl(const std::string& url) {
  return url.starts_with("file:") ? std::string() : url;
}

std::string DescribeOutcome(const SourceOutcome& outcome) {
  if (outcome.gone)
    return outcome.name + ": gone (HTTP 410): not fetched again until fetch --source " +
           outcome.name;
  if (outcome.failed) return outcome.name + ": failed: " + OneLine(outcome.error);
  if (outcome.deferred) {
    std::string until = outcome.next_due ? " until " + FormatRfc3339(*outcome.next_due) : "";
    return outcome.name + ": deferred" + until + ": " + OneLine(outcome.error);
  }
  if (outcome.not_modified) return outcome.name + ": unchanged (not modified)";
  const ArchiveCounts& c = outcome.counts;
  return outcome.name + ": " + std::to_string(c.new_items) + " new, " +
         std::to_string(c.changed) + " changed, " + std::to_string(c.unchanged) + " unchanged";
}

}  // namespace feedmirror
