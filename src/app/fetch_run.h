// One `fetch` run: requests every selected source through the transport,
// parses and archives each response as it arrives, and records each source's
// fetch state. One failing source never stops the others.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/config.h"
#include "archive/archiver.h"
#include "fetch/transport.h"

namespace feedmirror {

class Clock;
class FileSystem;
class Store;
struct ParseOptions;

struct SourceOutcome {
  std::string name;
  bool failed = false;
  std::string error;          // why it failed
  bool not_modified = false;  // HTTP 304
  ArchiveCounts counts;
  std::vector<std::string> warnings;  // e.g. a recovered malformed feed
};

class FetchRun {
 public:
  // `fs` is rooted at the archive folder.
  FetchRun(const Config& config, Store& store, Transport& transport, FileSystem& fs,
           const Clock& clock);

  // Fetches and archives `sources`, calling `on_source` as each one is done.
  std::vector<SourceOutcome> Run(const std::vector<SourceConfig>& sources,
                                 const std::function<void(const SourceOutcome&)>& on_source);

 private:
  SourceOutcome Archive(const SourceConfig& source, const FetchResponse& response);
  void Record(const SourceConfig& source, const FetchResponse& response,
              const SourceOutcome& outcome);
  FetchRequest RequestFor(const SourceConfig& source);

  const Config& config_;
  Store& store_;
  Transport& transport_;
  const Clock& clock_;
  Archiver archiver_;
};

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
// "NAME: unchanged (not modified)" or "NAME: failed: REASON".
std::string DescribeOutcome(const SourceOutcome& outcome);

}  // namespace feedmirror
