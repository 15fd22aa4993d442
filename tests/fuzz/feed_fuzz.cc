// libFuzzer target for the feed stage: any bytes through ParseFeed (all
// formats, encodings, repairs) and FeedToJson, and the date parser and URL
// resolver on slices of the input. Build: cmake --preset fuzz && cmake
// --build build/fuzz --target feed_fuzz; run: build/fuzz/feed_fuzz
// tests/fuzz/feed_corpus. Errors are expected outcomes; crashes, leaks,
// sanitizer reports and timeouts are bugs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feed/date_parse.h"
#include "feed/feed_json.h"
#include "feed/feed_parser.h"
#include "feed/url.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  feedmirror::ParseOptions options;
  options.base_url = "https://example.org/news/feed.xml";
  options.default_timezone = "+08:00";
  try {
    feedmirror::Feed feed = feedmirror::ParseFeed(bytes, options);
    (void)feedmirror::FeedToJson(feed);
  } catch (const feedmirror::Error&) {
  }
  std::string_view line = bytes.substr(0, bytes.find('\n'));
  (void)feedmirror::ParseDate(line);
  (void)feedmirror::ResolveUrl(line, bytes.substr(line.size()).substr(0, 200));
  return 0;
}
