#include "app/fetch_run.h"

#include "feed/feed_parser.h"
#include "fetch/transport.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/error.h"

namespace feedmirror {

namespace {

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

}  // namespace

FetchRun::FetchRun(const Config& config, Store& store, Transport& transport, FileSystem& fs,
                   const Clock& clock)
    : config_(config),
      store_(store),
      transport_(transport),
      clock_(clock),
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
    const std::function<void(const SourceOutcome&)>& on_source) {
  archiver_.RemoveStaleTempFiles();
  std::vector<FetchRequest> requests;
  for (const SourceConfig& source : sources) requests.push_back(RequestFor(source));
  std::vector<SourceOutcome> outcomes(sources.size());
  transport_.Perform(requests, [&](size_t i, FetchResponse response) {
    outcomes[i] = Archive(sources[i], response);
    Record(sources[i], response, outcomes[i]);
    on_source(outcomes[i]);
  });
  return outcomes;
}

SourceOutcome FetchRun::Archive(const SourceConfig& source, const FetchResponse& response) {
  SourceOutcome outcome;
  outcome.name = source.name;
  if (response.error.empty() && response.status == 304) {
    outcome.not_modified = true;
    return outcome;
  }
  if (!response.ok()) {
    outcome.failed = true;
    outcome.error = HttpFailure(response);
    return outcome;
  }
  try {
    ParseOptions options = ParseOptionsFor(config_, source, response);
    ArchiveSource archive_source{source.name, source.tags, source.categories,
                                 ContentFor(config_, source)};
    // The feed's own fields; its items go to the archiver one by one.
    Feed feed;
    outcome.counts = archiver_.ArchiveItems(archive_source, [&](const ItemSink& sink) {
      feed = ParseResponse(response, options, [&](Item&& item) { sink(item); });
    });
    if (feed.bozo) outcome.warnings.push_back("malformed feed, recovered: " + feed.bozo_reason);
    for (const std::string& warning : feed.warnings) outcome.warnings.push_back(warning);
  } catch (const std::exception& e) {
    outcome.failed = true;
    outcome.error = e.what();
  }
  return outcome;
}

void FetchRun::Record(const SourceConfig& source, const FetchResponse& response,
                      const SourceOutcome& outcome) {
  SourceState state = store_.GetSource(source.name).value_or(SourceState{});
  if (state.url != source.url) state = SourceState{};
  state.name = source.name;
  state.url = source.url;
  state.last_fetch = clock_.Now();
  state.last_status = response.status;
  if (outcome.failed) {
    state.last_error = outcome.error;
    ++state.consecutive_failures;
    store_.PutSource(state);
    return;
  }
  state.last_success = state.last_fetch;
  state.last_error.clear();
  state.consecutive_failures = 0;
  if (response.status == 200) {
    // Validators only from a 200 that carried them.
    state.etag = response.etag;
    state.last_modified = response.last_modified;
  }
  if (MovedPermanently(response)) state.moved_to = response.final_url;
  store_.PutSource(state);
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
  if (outcome.failed) return outcome.name + ": failed: " + OneLine(outcome.error);
  if (outcome.not_modified) return outcome.name + ": unchanged (not modified)";
  const ArchiveCounts& c = outcome.counts;
  return outcome.name + ": " + std::to_string(c.new_items) + " new, " +
         std::to_string(c.changed) + " changed, " + std::to_string(c.unchanged) + " unchanged";
}

}  // namespace feedmirror
