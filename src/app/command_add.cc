// `feedmirror add URL [--name NAME]`: subscribes to a feed, or to the first
// feed an HTML page links, by appending a [[source]] to the config file.
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <ostream>

#include "app/arguments.h"
#include "app/command.h"
#include "app/config.h"
#include "app/config_edit.h"
#include "app/feed_discovery.h"
#include "app/fetch_run.h"
#include "fetch/transport.h"
#include "util/error.h"

namespace feedmirror {

namespace {

const CommandSpec kSpec{
    "add",
    "URL [--name NAME]",
    "Adds a source to the configuration file, keeping the file's comments and\n"
    "layout (a [[source]] table is appended at its end). URL is a feed (http,\n"
    "https or file URL, or a path) or an HTML page: then its first feed\n"
    "(<link rel=\"alternate\"> of RSS, Atom or JSON Feed) is added and the others\n"
    "are listed. A name or URL that is already configured is refused.",
    {{"name", "NAME", "the source's name (default: the feed's title)"}},
    1,
    1,
};

// A file:// URL for a path, encoded as the config file's own paths are
// (SourceConfig::url).
std::string FileUrlFor(const std::string& path) {
  return FileUrlForPath(std::filesystem::absolute(path).lexically_normal().string());
}

std::string UrlFor(const std::string& target) {
  size_t end = target.find("://");
  if (end == std::string::npos) return FileUrlFor(target);
  std::string scheme = target.substr(0, end);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "http" && scheme != "https" && scheme != "file")
    throw UsageError("feedmirror add: expected an http(s) or file URL, got '" + target + "'");
  return target;
}

// The host of an http(s) URL, else the URL: a name for a feed without a title.
std::string HostOf(const std::string& url) {
  size_t start = url.find("://");
  if (start == std::string::npos || url.compare(0, 4, "file") == 0) return url;
  start += 3;
  return url.substr(start, url.find_first_of("/?#", start) - start);
}

// `others`: the other feeds a page links, named in the error so that the
// user can add one of them instead.
void RefuseConfiguredUrl(const Config& config, const std::string& url,
                         const std::vector<std::string>& others = {}) {
  if (const SourceConfig* source = FindSourceByUrl(config, url)) {
    std::string message = "feedmirror add: " + url + " is already configured: source '" +
                          source->name + "' (" + config.path + ":" + std::to_string(source->line) + ")";
    if (!others.empty()) message += "; the page also links these feeds (add one with: feedmirror add URL):";
    for (const std::string& other : others) message += "\n  " + other;
    throw UsageError(message);
  }
}

std::string ChooseName(const Config& config, const Arguments& args, const DiscoveredFeed& feed) {
  std::optional<std::string> given = args.Value("name");
  std::string name = CleanSourceName(given.value_or(feed.title));
  if (given && name.empty()) throw UsageError("feedmirror add: --name must not be empty");
  if (name.empty()) name = HostOf(feed.url);
  if (const SourceConfig* source = config.FindSource(name)) {
    throw UsageError("feedmirror add: a source named '" + name + "' is already configured (" +
                     config.path + ":" + std::to_string(source->line) +
                     "); choose another name with --name NAME");
  }
  return name;
}

}  // namespace

int RunAdd(const std::vector<std::string>& raw_args, CommandIo io) {
  Arguments args = ParseArguments(raw_args, kSpec);
  if (args.help) {
    io.out << HelpText(kSpec);
    return kExitOk;
  }
  std::string path = args.ValueOr("config", kDefaultConfigFile);
  Config config = LoadConfig(path);
  std::string url = UrlFor(args.positionals[0]);
  RefuseConfiguredUrl(config, url);
  std::unique_ptr<Transport> transport = NewDefaultTransport(TransportOptionsFor(config.archive));
  DiscoveredFeed feed = DiscoverFeed(*transport, url);
  if (feed.url != url) RefuseConfiguredUrl(config, feed.url, feed.other_feeds);
  std::string name = ChooseName(config, args, feed);
  AppendSourcesToFile(path, {{name, feed.url, feed.link, std::nullopt}});
  io.out << "added source '" << name << "': " << feed.url << "\n";
  if (!feed.other_feeds.empty()) {
    io.out << "the page also links these feeds (add one with: feedmirror add URL):\n";
    for (const std::string& other : feed.other_feeds) io.out << "  " << other << "\n";
  }
  return kExitOk;
}

}  // namespace feedmirror
