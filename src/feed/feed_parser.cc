#include "feed/feed_parser.h"

#include <unicode/basictz.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "feed/feed_document.h"
#include "feed/json_feed.h"
#include "feed/xml_stream.h"
#include "util/error.h"

namespace feedmirror {

namespace {

// "+08:00", "-0530", "+8" → minutes east of UTC.
std::optional<int> FixedOffset(const std::string& zone) {
  if (zone.size() < 2 || (zone[0] != '+' && zone[0] != '-')) return std::nullopt;
  std::string digits;
  for (char c : zone.substr(1)) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c != ':') return std::nullopt;
  }
  if (digits.empty() || digits.size() > 4) return std::nullopt;
  int h = digits.size() <= 2 ? std::stoi(digits) : std::stoi(digits.substr(0, digits.size() - 2));
  int m = digits.size() <= 2 ? 0 : std::stoi(digits.substr(digits.size() - 2));
  int total = h * 60 + m;
  return zone[0] == '-' ? -total : total;
}

// Dates without a zone are wall-clock times in the source's zone.
LocalTimeResolver MakeLocalResolver(const std::string& zone) {
  using namespace std::chrono;
  if (zone.empty() || zone == "UTC" || zone == "Etc/UTC") return {};
  if (auto offset = FixedOffset(zone)) {
    return [m = *offset](local_time<milliseconds> t) {
      return TimePoint(t.time_since_epoch() - minutes(m));
    };
  }
  std::shared_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone)));
  icu::UnicodeString id;
  if (!tz || tz->getID(id) == icu::UnicodeString("Etc/Unknown")) {
    throw UsageError("unknown time zone '" + zone + "'");
  }
  return [tz](local_time<milliseconds> t) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t raw = 0, dst = 0;
    double local_ms = static_cast<double>(t.time_since_epoch().count());
    if (auto* basic = dynamic_cast<icu::BasicTimeZone*>(tz.get())) {
      basic->getOffsetFromLocal(local_ms, UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_FORMER, raw, dst, status);
    } else {
      tz->getOffset(local_ms, true, raw, dst, status);
    }
    if (U_FAILURE(status)) raw = dst = 0;
    return TimePoint(t.time_since_epoch() - milliseconds(raw + dst));
  };
}

std::string_view SkipBomAndSpace(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  while (!bytes.empty() && std::strchr(" \t\r\n", bytes.front()) && bytes.front() != '\0') {
    bytes.remove_prefix(1);
  }
  return bytes;
}

Feed ParseXml(std::string_view utf8, const ParseOptions& options,
              const std::function<void(Item&&)>& on_item) {
  TranslateContext context{options.base_url, MakeLocalResolver(options.default_timezone)};
  FeedDocument document(context, on_item);
  size_t offset = 0;
  XmlInput input = [&](char* buffer, int size) {
    size_t n = std::min(static_cast<size_t>(size), utf8.size() - offset);
    std::memcpy(buffer, utf8.data() + offset, n);
    offset += n;
    return static_cast<int>(n);
  };
  XmlStreamLimits limits;
  limits.max_depth = options.max_depth;
  XmlStreamResult result = StreamXml(input, options.base_url, document, limits);
  if (document.kind() == FeedDocument::Kind::kNone) {
    throw Error("not a feed: no XML element found" +
                (result.first_error.empty() ? std::string() : " (" + result.first_error + ")"));
  }
  if (document.kind() == FeedDocument::Kind::kHtml) throw Error("not a feed: it is an HTML page");
  if (document.kind() == FeedDocument::Kind::kOther) {
    throw Error("not a feed: the document's root element is <" + document.root_name() + ">");
  }
  Feed feed;
  document.Finish(feed);
  if (!result.well_formed) {
    feed.bozo = true;
    feed.bozo_reason = result.first_error.empty() ? "malformed XML" : result.first_error;
    if (result.truncated) feed.bozo_reason += result.first_error.empty() ? " (truncated)" : "; truncated";
  }
  if (result.depth_exceeded) {
    feed.bozo = true;
    if (!feed.bozo_reason.empty()) feed.bozo_reason += "; ";
    feed.bozo_reason += "elements nested deeper than " + std::to_string(options.max_depth) + " skipped";
  }
  return feed;
}

}  // namespace

Feed ParseFeedStreaming(std::string_view bytes, const ParseOptions& options,
                        const std::function<void(Item&&)>& on_item) {
  if (bytes.size() > options.max_bytes) {
    throw Error("feed too large: " + std::to_string(bytes.size()) + " bytes (the limit is " +
                std::to_string(options.max_bytes) + ")");
  }
  std::string_view start = SkipBomAndSpace(bytes);
  if (start.empty()) throw Error("not a feed: the document is empty");
  if (LooksLikeJson(start)) {
    TranslateContext context{options.base_url, MakeLocalResolver(options.default_timezone)};
    Feed feed = ParseJsonFeed(start, context);
    for (Item& item : feed.items) on_item(std::move(item));
    feed.items.clear();
    return feed;
  }
  return ParseXml(bytes.substr(bytes.size() - start.size()), options, on_item);
}

Feed ParseFeed(std::string_view bytes, const ParseOptions& options) {
  std::vector<Item> items;
  Feed feed = ParseFeedStreaming(bytes, options, [&](Item&& item) { items.push_back(std::move(item)); });
  feed.items = std::move(items);
  return feed;
}

}  // namespace feedmirror
