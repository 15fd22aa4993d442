#include <filesystem>
#include <functional>
#include <limits>
#include <ostream>

#include "app/arguments.h"
#include "app/command.h"
#include "app/fetch_run.h"
#include "feed/feed_json.h"
#include "feed/feed_parser.h"
#include "fetch/transport.h"
#include "util/error.h"

namespace feedmirror {

namespace {

const CommandSpec kSpec{
    "parse",
    "[--json] [--max-bytes N] FILE|URL | --count [--max-bytes N] FILE|URL...",
    "Fetches one feed (a local file or an http(s) URL), parses it and prints it:\n"
    "a summary, or with --json the universal feed shape (gofeed's), with\n"
    "\"bozo\": true and \"bozoReason\" when the input was malformed and recovered.\n"
    "With --count it prints, for each feed given, only totals over its items,\n"
    "which it decodes in full one at a time without keeping them (benchmarks,\n"
    "very large feeds).",
    {{"json", "", "print the parsed feed as JSON"},
     {"count", "", "print the number of items and the bytes of their fields"},
     {"max-bytes", "N", "refuse a feed larger than N bytes (default 20 MB)"}},
    1,
    std::numeric_limits<size_t>::max(),
};

std::string UrlFor(const std::string& target) {
  if (target.find("://") != std::string::npos) return target;
  return "file://" + std::filesystem::absolute(target).lexically_normal().string();
}

std::string DateText(const std::optional<TimePoint>& parsed, const std::string& raw) {
  return parsed ? FormatRfc3339(*parsed) : (raw.empty() ? "(no date)" : raw);
}

void PrintSummary(const Feed& feed, std::ostream& out) {
  out << "title: " << feed.title << "\nlink: " << feed.link << "\ntype: " << feed.feed_type
      << " " << feed.feed_version << "\nitems: " << feed.items.size() << "\n";
  if (feed.bozo) out << "malformed, recovered: " << feed.bozo_reason << "\n";
  for (const Item& item : feed.items) {
    out << "\n- " << item.title << "\n  " << item.link << "\n  "
        << DateText(item.published_parsed ? item.published_parsed : item.updated_parsed,
                    item.published.empty() ? item.updated : item.published)
        << "\n";
  }
}

// Totals over every field of the items that the archive uses, so that
// --count reads each one as --json would print it.
struct ItemTotals {
  size_t items = 0;
  size_t dated = 0;  // with a parsed publication or update date
  size_t title = 0, link = 0, author = 0, category = 0, content = 0;

  void Add(const Item& item) {
    ++items;
    if (item.published_parsed || item.updated_parsed) ++dated;
    title += item.title.size();
    link += item.link.size() + item.guid.size();
    for (const Person& person : item.authors) author += person.name.size() + person.email.size();
    for (const std::string& name : item.categories) category += name.size();
    content += item.description.size() + item.content.size();
  }
};

void PrintTotals(const Feed& feed, const ItemTotals& t, std::ostream& out) {
  out << "type: " << feed.feed_type << " " << feed.feed_version << "\nitems: " << t.items
      << "\ndated: " << t.dated << "\nbytes: title " << t.title << ", link " << t.link
      << ", author " << t.author << ", category " << t.category << ", content " << t.content
      << "\n";
  if (feed.bozo) out << "malformed, recovered: " << feed.bozo_reason << "\n";
}

size_t MaxBytes(const Arguments& args) {
  std::optional<std::string> text = args.Value("max-bytes");
  if (!text) return ParseOptions{}.max_bytes;
  size_t used = 0;
  unsigned long long value = 0;
  try {
    value = std::stoull(*text, &used);
  } catch (const std::exception&) {
  }
  if (used != text->size() || value == 0 || text->front() == '-')
    throw UsageError("parse: --max-bytes: expected a positive number of bytes, got '" + *text + "'");
  return static_cast<size_t>(value);
}

FetchResponse FetchFeed(const std::string& target, size_t max_bytes) {
  TransportOptions transport_options;
  transport_options.max_body_bytes = max_bytes;
  FetchRequest request;
  request.url = UrlFor(target);
  request.stream_body = true;  // a local file is parsed as it is read
  FetchResponse response = NewDefaultTransport(transport_options)->Fetch(request);
  if (!response.ok())
    throw Error(target + ": " +
                (response.error.empty() ? "HTTP " + std::to_string(response.status) : response.error));
  return response;
}

// Fetches and parses `target`, handing each item to `on_item`.
Feed ParseTarget(const std::string& target, size_t max_bytes,
                 const std::function<void(Item&&)>& on_item) {
  FetchResponse response = FetchFeed(target, max_bytes);
  ParseOptions options;
  options.max_bytes = max_bytes;
  options.base_url = FeedBaseUrl(response.final_url.empty() ? UrlFor(target) : response.final_url);
  options.content_type = response.content_type;
  try {
    return ParseResponse(response, options, on_item);
  } catch (const Error& e) {
    throw Error(target + ": " + e.what());
  }
}

void PrintCounts(const std::vector<std::string>& targets, size_t max_bytes, std::ostream& out) {
  for (const std::string& target : targets) {
    ItemTotals totals;
    Feed feed = ParseTarget(target, max_bytes, [&](Item&& item) { totals.Add(item); });
    if (targets.size() > 1) out << "feed: " << target << "\n";
    PrintTotals(feed, totals, out);
  }
}

}  // namespace

int RunParse(const std::vector<std::string>& raw_args, CommandIo io) {
  Arguments args = ParseArguments(raw_args, kSpec);
  if (args.help) {
    io.out << HelpText(kSpec);
    return kExitOk;
  }
  size_t max_bytes = MaxBytes(args);
  if (args.Has("count")) {
    if (args.Has("json")) throw UsageError("parse: --json and --count exclude each other");
    PrintCounts(args.positionals, max_bytes, io.out);
    return kExitOk;
  }
  if (args.positionals.size() > 1)
    throw UsageError("parse: one feed at a time, unless with --count");
  std::vector<Item> items;
  Feed feed = ParseTarget(args.positionals[0], max_bytes,
                          [&](Item&& item) { items.push_back(std::move(item)); });
  feed.items = std::move(items);
  if (args.Has("json"))
    io.out << FeedToJson(feed) << "\n";
  else
    PrintSummary(feed, io.out);
  return kExitOk;
}

}  // namespace feedmirror
