// `feedmirror opml import FILE` and `feedmirror opml export [-o FILE]`.
#include <cerrno>
#include <strings.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "app/arguments.h"
#include "app/command.h"
#include "app/config.h"
#include "app/config_edit.h"
#include "app/opml.h"
#include "util/error.h"
#include "util/file_system.h"

namespace feedmirror {

namespace {

const CommandSpec kSpec{
    "opml",
    "import FILE | export [-o FILE]",
    "import: adds the feeds of an OPML file that are not configured yet (by URL)\n"
    "to the configuration file, keeping its comments and layout; their names come\n"
    "from the outlines' text, their categories from the folders they are in and\n"
    "their category attribute. export: writes the sources as OPML 2.0, to\n"
    "standard output or to FILE.",
    {{"output", "FILE", "export: write to FILE (also -o FILE)"}},
    1,
    2,
};

std::string ReadInput(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw UsageError("feedmirror opml: cannot read " + file + ": " + std::strerror(errno));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

bool HasWebScheme(const std::string& url) {
  for (const char* scheme : {"http://", "https://"}) {
    size_t n = std::strlen(scheme);
    if (url.size() > n && strncasecmp(url.c_str(), scheme, n) == 0) return true;
  }
  return false;
}

std::string FallbackName(const std::string& url) {
  size_t start = url.find("://") + 3;
  return url.substr(start, url.find_first_of("/?#", start) - start);
}

struct ImportPlan {
  std::vector<NewSource> added;
  std::vector<std::string> skipped;  // "URL: why"
};

// The source a feed becomes, or why it cannot be one.
std::optional<NewSource> SourceFor(const Config& config, const ImportPlan& plan,
                                   const OpmlFeed& feed, std::string& why) {
  if (!HasWebScheme(feed.xml_url)) {
    why = "not an http(s) URL";
    return std::nullopt;
  }
  if (const SourceConfig* source = FindSourceByUrl(config, feed.xml_url)) {
    why = "already configured as '" + source->name + "'";
    return std::nullopt;
  }
  std::vector<std::string> taken;
  for (const NewSource& added : plan.added) taken.push_back(added.name);
  std::string name = CleanSourceName(feed.title);
  if (name.empty()) name = FallbackName(feed.xml_url);
  NewSource source{UniqueSourceName(config, taken, name), feed.xml_url, feed.html_url,
                   std::nullopt};
  if (!feed.categories.empty()) source.categories = feed.categories;
  try {  // alone, so that one bad outline does not stop the others
    ParseConfig(AppendSources("", {source}), config.path);
  } catch (const UsageError& e) {
    why = std::string("not a valid source: ") + e.what();
    return std::nullopt;
  }
  return source;
}

ImportPlan PlanImport(const Config& config, const OpmlDocument& document) {
  ImportPlan plan;
  for (const OpmlFeed& feed : document.feeds) {
    std::string why;
    if (std::optional<NewSource> source = SourceFor(config, plan, feed, why)) {
      plan.added.push_back(std::move(*source));
    } else {
      plan.skipped.push_back(feed.xml_url + ": " + why);
    }
  }
  return plan;
}

int Import(const std::string& config_path, const std::string& file, CommandIo io) {
  Config config = LoadConfig(config_path);
  OpmlDocument document = ParseOpml(ReadInput(file), file);
  ImportPlan plan = PlanImport(config, document);
  if (!plan.added.empty()) AppendSourcesToFile(config_path, plan.added);
  for (const NewSource& source : plan.added)
    io.out << "added '" << source.name << "': " << source.url << "\n";
  for (const std::string& skipped : plan.skipped) io.out << "skipped " << skipped << "\n";
  io.out << "imported " << plan.added.size() << " of " << document.feeds.size() << " feeds from "
         << file << " into " << config_path << " (" << plan.skipped.size() << " skipped)\n";
  return kExitOk;
}

OpmlDocument DocumentOf(const Config& config) {
  OpmlDocument document;
  document.title = config.site.title;
  for (const SourceConfig& source : config.sources) {
    OpmlFeed feed{source.name, source.url, source.link, source.categories};
    // The default categories ({name}) are not written: an import gives them.
    if (source.categories == std::vector<std::string>{source.name}) feed.categories.clear();
    document.feeds.push_back(std::move(feed));
  }
  return document;
}

int Export(const std::string& config_path, const std::optional<std::string>& output,
           CommandIo io) {
  std::string opml = WriteOpml(DocumentOf(LoadConfig(config_path)));
  if (!output) {
    io.out << opml;
    return kExitOk;
  }
  std::filesystem::path path = std::filesystem::absolute(*output).lexically_normal();
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) throw Error("cannot create " + path.parent_path().string() + ": " + ec.message());
  NewDiskFileSystem(path.parent_path().string())->WriteFileAtomic(path.filename().string(), opml);
  io.out << "wrote " << *output << "\n";
  return kExitOk;
}

// `-o FILE` as `--output FILE` (arguments.h knows long options only).
std::vector<std::string> WithLongOptions(std::vector<std::string> args) {
  for (std::string& arg : args) {
    if (arg == "-o") arg = "--output";
  }
  return args;
}

}  // namespace

int RunOpml(const std::vector<std::string>& raw_args, CommandIo io) {
  Arguments args = ParseArguments(WithLongOptions(raw_args), kSpec);
  if (args.help) {
    io.out << HelpText(kSpec);
    return kExitOk;
  }
  std::string config = args.ValueOr("config", kDefaultConfigFile);
  const std::vector<std::string>& p = args.positionals;
  if (p[0] == "import" && p.size() == 2 && !args.Value("output")) return Import(config, p[1], io);
  if (p[0] == "export" && p.size() == 1) return Export(config, args.Value("output"), io);
  throw UsageError("feedmirror opml: expected 'import FILE' or 'export [-o FILE]' (see feedmirror "
                   "opml --help)");
}

}  // namespace feedmirror
