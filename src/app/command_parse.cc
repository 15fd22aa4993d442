#include <filesystem>
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
    "[--json] FILE|URL",
    "Fetches one feed (a local file or an http(s) URL), parses it and prints it:\n"
    "a summary, or with --json the universal feed shape (gofeed's), with\n"
    "\"bozo\": true and \"bozoReason\" when the input was malformed and recovered.",
    {{"json", "", "print the parsed feed as JSON"}},
    1,
    1,
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

}  // namespace

int RunParse(const std::vector<std::string>& raw_args, CommandIo io) {
  Arguments args = ParseArguments(raw_args, kSpec);
  if (args.help) {
    io.out << HelpText(kSpec);
    return kExitOk;
  }
  const std::string& target = args.positionals[0];
  std::unique_ptr<Transport> transport = NewDefaultTransport(TransportOptions{});
  FetchRequest request;
  request.url = UrlFor(target);
  FetchResponse response = transport->Fetch(request);
  if (!response.ok())
    throw Error(target + ": " +
                (response.error.empty() ? "HTTP " + std::to_string(response.status) : response.error));
  ParseOptions options;
  options.base_url = FeedBaseUrl(response.final_url.empty() ? UrlFor(target) : response.final_url);
  options.content_type = response.content_type;
  Feed feed;
  try {
    feed = ParseFeed(response.body, options);
  } catch (const Error& e) {
    throw Error(target + ": " + e.what());
  }
  if (args.Has("json"))
    io.out << FeedToJson(feed) << "\n";
  else
    PrintSummary(feed, io.out);
  return kExitOk;
}

}  // namespace feedmirror
