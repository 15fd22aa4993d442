#include "feed/feed_parser.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "feed/charset.h"
#include "feed/feed_document.h"
#include "feed/json_feed.h"
#include "feed/text_util.h"
#include "feed/url.h"
#include "feed/xml_repair.h"
#include "feed/xml_stream.h"
#include "util/error.h"
#include "util/timezone.h"

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

// The `timezone` setting: a name ICU does not know is a usage error.
TimeZone LoadZone(const std::string& name) {
  try {
    return TimeZone::Load(name);
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
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
  return [tz = LoadZone(zone)](local_time<milliseconds> t) { return tz.FromLocal(t); };
}

std::string_view SkipSpace(std::string_view text) {
  size_t i = text.find_first_not_of(" \t\r\n");
  return i == std::string_view::npos ? std::string_view() : text.substr(i);
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// An HTML page rather than a feed: <!DOCTYPE html> or <html> first (after
// comments and white space).
bool LooksLikeHtml(std::string_view text) {
  text = SkipSpace(text);
  while (text.substr(0, 4) == "<!--") {
    size_t end = text.find("-->");
    if (end == std::string_view::npos) return false;
    text = SkipSpace(text.substr(end + 3));
  }
  return StartsWithNoCase(text, "<!doctype html") || StartsWithNoCase(text, "<html");
}

// The value of attribute `name` in the tag text `tag` (found in its
// lower-cased copy `lower`), or "".
std::string TagAttribute(std::string_view tag, std::string_view lower, std::string_view name) {
  for (size_t at = 0; (at = lower.find(name, at)) != std::string_view::npos; at += name.size()) {
    if (at == 0 || !std::isspace(static_cast<unsigned char>(tag[at - 1]))) continue;
    size_t i = tag.find_first_not_of(" \t\r\n", at + name.size());
    if (i == std::string_view::npos || tag[i] != '=') continue;
    i = tag.find_first_not_of(" \t\r\n", i + 1);
    if (i == std::string_view::npos) return "";
    if (tag[i] == '"' || tag[i] == '\'') {
      size_t close = tag.find(tag[i], i + 1);
      return std::string(tag.substr(i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1));
    }
    size_t end = tag.find_first_of(" \t\r\n>", i);
    return std::string(tag.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
  }
  return "";
}

}  // namespace

std::vector<std::string> HtmlFeedLinks(std::string_view html, const std::string& base_url) {
  std::vector<std::string> links;
  std::string lower(html.substr(0, 512 * 1024));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (size_t at = 0; (at = lower.find("<link", at)) != std::string::npos; ++at) {
    size_t end = lower.find('>', at);
    if (end == std::string::npos) break;
    std::string_view tag(lower.data() + at, end - at);
    std::string rel = TagAttribute(tag, tag, "rel");
    std::string type = TagAttribute(tag, tag, "type");
    bool feed_type = type.find("rss") != std::string::npos || type.find("atom") != std::string::npos ||
                     type.find("feed+json") != std::string::npos;
    if (rel.find("alternate") == std::string::npos || !feed_type) continue;
    // The href as written (not lower-cased).
    std::string href = Trim(DecodeHtmlEntities(TagAttribute(html.substr(at, end - at), tag, "href")));
    if (!href.empty()) links.push_back(ResolveUrl(base_url, href));
  }
  return links;
}

namespace {

[[noreturn]] void ThrowHtml(std::string_view html, const std::string& base_url) {
  std::vector<std::string> links = HtmlFeedLinks(html, base_url);
  std::string message = "not a feed: it is an HTML page";
  if (!links.empty()) {
    message += " (it links the feeds: ";
    for (size_t i = 0; i < links.size(); ++i) message += (i ? ", " : "") + links[i];
    message += ")";
  }
  throw Error(message);
}

// The feed's bytes: the first megabyte at hand (to choose the encoding and
// tell the format), the rest read a block at a time; from memory without
// copies, or from a reader.
class ByteStream {
 public:
  static constexpr size_t kHeadSize = 1024 * 1024;
  static constexpr size_t kBlock = 256 * 1024;

  ByteStream(std::string_view bytes, size_t max_bytes) : view_(bytes) {
    CheckSize(bytes.size(), max_bytes);
    head_view_ = bytes.substr(0, kHeadSize);
  }
  ByteStream(const FeedReader& read, size_t max_bytes) : read_(&read), max_bytes_(max_bytes) {
    head_.resize(kHeadSize);
    size_t filled = 0;
    while (filled < kHeadSize) {
      size_t n = read(head_.data() + filled, kHeadSize - filled);
      if (n == 0) {
        reader_done_ = true;
        break;
      }
      filled += n;
    }
    head_.resize(filled);
    total_ = filled;
    CheckSize(total_, max_bytes);
    head_view_ = head_;
  }

  std::string_view head() const { return head_view_; }
  bool head_is_all() const { return read_ ? reader_done_ : view_.size() <= kHeadSize; }

  // The next block (valid until the next call); empty at the end.
  std::string_view Next() {
    if (!read_) {
      std::string_view block = view_.substr(std::min(offset_, view_.size()), kBlock);
      offset_ += block.size();
      return block;
    }
    if (offset_ < head_.size()) {
      std::string_view block = std::string_view(head_).substr(offset_, kBlock);
      offset_ += block.size();
      return block;
    }
    if (reader_done_) return {};
    block_.resize(kBlock);
    size_t n = (*read_)(block_.data(), kBlock);
    block_.resize(n);
    reader_done_ = n == 0;
    total_ += n;
    CheckSize(total_, max_bytes_);
    return block_;
  }
  bool AtEnd() const {
    if (!read_) return offset_ >= view_.size();
    return offset_ >= head_.size() && reader_done_;
  }

 private:
  static void CheckSize(size_t size, size_t max_bytes) {
    if (size > max_bytes) {
      throw Error("feed too large: " + std::to_string(size) + " bytes (the limit is " +
                  std::to_string(max_bytes) + ")");
    }
  }

  std::string_view view_;
  const FeedReader* read_ = nullptr;
  size_t max_bytes_ = 0;
  std::string head_, block_;
  std::string_view head_view_;
  size_t offset_ = 0, total_ = 0;
  bool reader_done_ = false;
};

// Bytes → UTF-8 → repaired XML, handed to the parser a block at a time.
class XmlSource {
 public:
  XmlSource(ByteStream& bytes, const std::string& encoding) : bytes_(bytes), decoder_(encoding) {
    repair_.ExtractCdataInto(&cdata_);
  }
  std::deque<std::string>* cdata() { return &cdata_; }

  // The next block of repaired XML; empty at the end.
  std::string_view Next() {
    out_.clear();
    while (out_.empty() && !done_) Refill();
    return out_;
  }
  const XmlRepair& repair() const { return repair_; }
  const Utf8Decoder& decoder() const { return decoder_; }
  const std::string& head() const { return head_; }

 private:
  void Refill() {
    std::string_view block = bytes_.Next();
    bool last = bytes_.AtEnd();
    std::string_view decoded = decoder_.Decode(block, last, decoded_);
    if (head_.size() < kHeadSize) head_.append(decoded.substr(0, kHeadSize - head_.size()));
    repair_.Push(decoded, out_);
    if (last) {
      repair_.Finish(out_);
      done_ = true;
    }
  }

  static constexpr size_t kHeadSize = 64 * 1024;
  ByteStream& bytes_;
  Utf8Decoder decoder_;
  XmlRepair repair_;
  std::string decoded_, out_, head_;
  std::deque<std::string> cdata_;
  bool done_ = false;
};

std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

void SetBozo(Feed& feed, const XmlStreamResult& result, const XmlSource& source,
             const std::vector<std::string>& encoding_warnings, const ParseOptions& options) {
  std::vector<std::string> reasons;
  if (!source.repair().repairs().empty()) {
    reasons.push_back("malformed XML repaired: " + Join(source.repair().repairs(), ", "));
  }
  if (result.truncated) reasons.push_back("the document is truncated; intact items kept");
  if (!result.first_error.empty() && reasons.empty()) reasons.push_back(result.first_error);
  if (!result.well_formed && reasons.empty()) reasons.push_back("malformed XML");
  for (const std::string& warning : encoding_warnings) {
    if (warning.rfind("the byte order mark says", 0) == 0) reasons.push_back(warning);
  }
  if (result.depth_exceeded) {
    reasons.push_back("elements nested deeper than " + std::to_string(options.max_depth) + " skipped");
  }
  if (reasons.empty()) return;
  feed.bozo = true;
  feed.bozo_reason = Join(reasons, "; ");
}

Feed ParseXml(ByteStream& bytes, const EncodingChoice& encoding, const ParseOptions& options,
              const std::function<void(Item&&)>& on_item) {
  TranslateContext context{options.base_url, MakeLocalResolver(options.default_timezone)};
  FeedDocument document(context, on_item);
  XmlSource source(bytes, encoding.encoding);
  XmlInput input = [&] { return source.Next(); };
  XmlStreamLimits limits;
  limits.max_depth = options.max_depth;
  XmlStreamResult result = StreamXml(input, options.base_url, document, limits, source.cdata());
  switch (document.kind()) {
    case FeedDocument::Kind::kNone: throw Error("not a feed: no XML element found");
    case FeedDocument::Kind::kHtml: ThrowHtml(source.head(), options.base_url);
    case FeedDocument::Kind::kOther:
      throw Error("not a feed: the document's root element is <" + document.root_name() + ">");
    default: break;
  }
  Feed feed;
  document.Finish(feed);
  SetBozo(feed, result, source, encoding.warnings, options);
  feed.warnings = encoding.warnings;
  if (size_t n = source.decoder().replacements()) {
    feed.warnings.push_back(std::to_string(n) + " invalid byte sequences (" + encoding.encoding +
                            ") replaced by U+FFFD");
  }
  return feed;
}

Feed ParseJson(ByteStream& bytes, const EncodingChoice& encoding, const ParseOptions& options,
               const std::function<void(Item&&)>& on_item) {
  std::string utf8;
  Utf8Decoder decoder(encoding.encoding);
  while (!bytes.AtEnd()) decoder.Push(bytes.Next(), bytes.AtEnd(), utf8);
  TranslateContext context{options.base_url, MakeLocalResolver(options.default_timezone)};
  Feed feed = ParseJsonFeed(utf8, context);
  for (Item& item : feed.items) on_item(std::move(item));
  feed.items.clear();
  feed.warnings = encoding.warnings;
  return feed;
}

Feed ParseStream(ByteStream& bytes, const ParseOptions& options,
                 const std::function<void(Item&&)>& on_item) {
  std::string_view head_bytes = bytes.head();
  EncodingChoice encoding =
      ChooseEncoding(head_bytes.substr(0, 64 * 1024), options.encoding_override, options.content_type);
  std::string head;
  Utf8Decoder(encoding.encoding).Push(head_bytes.substr(0, 4096), true, head);
  if (SkipSpace(head).empty() && bytes.head_is_all() && head_bytes.size() <= 4096) {
    throw Error("not a feed: the document is empty");
  }
  if (LooksLikeJson(head)) return ParseJson(bytes, encoding, options, on_item);
  if (LooksLikeHtml(head)) {
    std::string html;
    Utf8Decoder(encoding.encoding).Push(head_bytes.substr(0, 512 * 1024), true, html);
    ThrowHtml(html, options.base_url);
  }
  return ParseXml(bytes, encoding, options, on_item);
}

}  // namespace

Feed ParseFeedStreaming(std::string_view bytes, const ParseOptions& options,
                        const std::function<void(Item&&)>& on_item) {
  ByteStream stream(bytes, options.max_bytes);
  return ParseStream(stream, options, on_item);
}

Feed ParseFeedStreaming(const FeedReader& read, const ParseOptions& options,
                        const std::function<void(Item&&)>& on_item) {
  ByteStream stream(read, options.max_bytes);
  return ParseStream(stream, options, on_item);
}

Feed ParseFeed(std::string_view bytes, const ParseOptions& options) {
  std::vector<Item> items;
  Feed feed = ParseFeedStreaming(bytes, options, [&](Item&& item) { items.push_back(std::move(item)); });
  feed.items = std::move(items);
  return feed;
}

}  // namespace feedmirror
