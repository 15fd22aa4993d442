// The feed stage's entry point: feed bytes in (any format, any encoding,
// broken or not), the universal Feed out. Parsers take bytes, never URLs.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "feed/feed.h"

namespace feedmirror {

struct ParseOptions {
  // The feed's URL, the base of relative links (and of xml:base values).
  std::string base_url;
  // The HTTP Content-Type, which may carry the charset.
  std::string content_type;
  // A per-source `encoding = "big5"`: wins over everything else.
  std::string encoding_override;
  // The IANA zone (or a fixed offset such as "+08:00") of dates written
  // without one.
  std::string default_timezone = "UTC";
  // Inputs larger than this are refused.
  size_t max_bytes = 20 * 1024 * 1024;
  // Elements nested deeper than this are skipped (and the feed is bozo).
  size_t max_depth = 100;
};

// Parses a feed: RSS 0.90-0.94, 1.0 (RDF), 2.0, Atom 0.3 and 1.0, JSON
// Feed 1.0 and 1.1, recognised from the content. Returns what could be
// recovered; `bozo` and `bozo_reason` are set when the input was malformed.
// Throws feedmirror::Error with a clear reason when nothing usable is left,
// e.g. "not a feed: it is an HTML page (it links the feeds: URL1, URL2)".
Feed ParseFeed(std::string_view bytes, const ParseOptions& options);

// The feeds an HTML page links with <link rel="alternate"> of an RSS, Atom
// or JSON Feed type (in its first 512 KB), resolved against `base_url`, in
// page order: the list that the "it is an HTML page" error names.
std::vector<std::string> HtmlFeedLinks(std::string_view html, const std::string& base_url);

// The same, streaming: each item goes to `on_item` as soon as it is read
// (in document order) and the returned Feed holds no items, so that memory
// stays bounded by one item whatever the feed's length.
Feed ParseFeedStreaming(std::string_view bytes, const ParseOptions& options,
                        const std::function<void(Item&&)>& on_item);

// Reads up to `size` bytes of the feed into `buffer`; returns how many,
// 0 at the end. May throw (the exception goes through ParseFeedStreaming).
using FeedReader = std::function<size_t(char* buffer, size_t size)>;

// The same, reading the bytes as it goes (a file, a download), so that not
// even the input is held whole: memory stays bounded by one item plus a
// megabyte. A JSON Feed is read whole. `max_bytes` counts what was read.
Feed ParseFeedStreaming(const FeedReader& read, const ParseOptions& options,
                        const std::function<void(Item&&)>& on_item);

}  // namespace feedmirror
