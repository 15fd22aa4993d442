// `feedmirror build`, `feedmirror serve` and `feedmirror theme export`.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <csignal>
#include <functional>
#include <ostream>

#include "app/command.h"
#include "app/config.h"
#include "site/preview_server.h"
#include "site/site_builder.h"
#include "site/theme.h"
#include "util/error.h"

namespace feedmirror {

namespace {

namespace fs = std::filesystem;

constexpr const char* kBuildHelp =
    "usage: feedmirror build [--config FILE | --dir DIR] [options]\n"
    "Renders the archive's posts (<dir>/_posts) into a static site (<dir>/_site).\n"
    "  --config FILE     configuration (default ./feedmirror.toml): [archive] dir, timezone;\n"
    "                    [site] title, url, base_path, permalink, page_size\n"
    "  --dir DIR         the archive folder, without a configuration file\n"
    "  --timezone ZONE   IANA time zone of dates and post URLs (default UTC)\n"
    "  --permalink P     date (default), pretty, ordinal, weekdate, none or a template\n"
    "  --title T  --url URL  --base-path /PATH  --page-size N  --jobs N\n"
    "  --full            ignore the build cache (files whose bytes did not change stay untouched)\n";

constexpr const char* kServeHelp =
    "usage: feedmirror serve [--config FILE | --dir DIR] [--port 4000] [build options]\n"
    "Builds the site, serves <dir>/_site on 127.0.0.1 for preview and rebuilds it\n"
    "when posts or theme files change. Ctrl-C stops.\n";

constexpr const char* kThemeHelp =
    "usage: feedmirror theme export [--config FILE | --dir DIR] [--force]\n"
    "Writes the built-in theme to <dir>/theme/ to start a custom one from;\n"
    "existing files are kept unless --force.\n";

std::string Value(const std::vector<std::string>& args, size_t& i) {
  if (i + 1 >= args.size()) throw UsageError(args[i] + " needs a value");
  return args[++i];
}

int IntValue(const std::vector<std::string>& args, size_t& i) {
  std::string flag = args[i], v = Value(args, i);
  try {
    size_t used = 0;
    int n = std::stoi(v, &used);
    if (used == v.size() && n > 0) return n;
  } catch (const std::exception&) {
  }
  throw UsageError(flag + ": '" + v + "' is not a positive number");
}

// The settings `build` takes from the configuration file: [archive] dir and
// timezone, and the [site] table.
void ReadConfig(const std::string& file, SiteOptions& o) {
  Config config = LoadConfig(file);
  o.dir = config.archive.dir;
  o.timezone = config.archive.timezone;
  o.title = config.site.title;
  o.url = config.site.url;
  o.base_path = config.site.base_path;
  o.permalink = config.site.permalink;
  o.page_size = config.site.page_size;
}

struct Parsed {
  SiteOptions options;
  bool help = false;
  bool force = false;
  int port = 4000;
  std::vector<std::string> positional;
};

Parsed ParseArgs(const std::vector<std::string>& args) {
  Parsed p;
  std::string config, dir;
  std::vector<std::function<void(SiteOptions&)>> overrides;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      p.help = true;
    } else if (a == "--config") {
      config = Value(args, i);
    } else if (a == "--dir") {
      dir = Value(args, i);
    } else if (a == "--timezone") {
      overrides.push_back([v = Value(args, i)](SiteOptions& o) { o.timezone = v; });
    } else if (a == "--permalink") {
      overrides.push_back([v = Value(args, i)](SiteOptions& o) { o.permalink = v; });
    } else if (a == "--title") {
      overrides.push_back([v = Value(args, i)](SiteOptions& o) { o.title = v; });
    } else if (a == "--url") {
      overrides.push_back([v = Value(args, i)](SiteOptions& o) { o.url = v; });
    } else if (a == "--base-path") {
      overrides.push_back([v = Value(args, i)](SiteOptions& o) { o.base_path = v; });
    } else if (a == "--page-size") {
      overrides.push_back([v = IntValue(args, i)](SiteOptions& o) { o.page_size = v; });
    } else if (a == "--jobs") {
      overrides.push_back([v = IntValue(args, i)](SiteOptions& o) { o.jobs = v; });
    } else if (a == "--full") {
      overrides.push_back([](SiteOptions& o) { o.incremental = false; });
    } else if (a == "--port") {
      p.port = IntValue(args, i);
    } else if (a == "--force") {
      p.force = true;
    } else if (a.starts_with("-")) {
      throw UsageError("unknown option " + a);
    } else {
      p.positional.push_back(a);
    }
  }
  if (p.help) return p;
  if (!dir.empty() && !config.empty()) throw UsageError("give --config or --dir, not both");
  if (!dir.empty()) {
    p.options.dir = dir;
  } else {
    if (config.empty()) config = "feedmirror.toml";
    if (!fs::exists(config)) throw UsageError("no configuration file " + config + " (give --config FILE or --dir DIR)");
    ReadConfig(config, p.options);
  }
  for (auto& apply : overrides) apply(p.options);
  return p;
}

}  // namespace

int RunBuild(const std::vector<std::string>& args, CommandIo io) {
  try {
    Parsed p = ParseArgs(args);
    if (p.help) {
      io.out << kBuildHelp;
      return kExitOk;
    }
    if (!p.positional.empty()) throw UsageError("build: unexpected argument " + p.positional[0]);
    auto start = std::chrono::steady_clock::now();
    BuildStats s = BuildSite(p.options);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const std::string& problem : s.problems) io.err << "build: skipped " << problem << "\n";
    char time[32];
    std::snprintf(time, sizeof time, "%.2f", seconds);
    io.out << "built " << s.posts << " posts into " << p.options.dir << "/_site: " << s.pages_rendered
           << " outputs rendered, " << s.files_written << " files written, " << s.files_removed << " removed, "
           << s.files_total << " in all (" << time << " s)\n";
    return s.problems.empty() ? kExitOk : kExitSomeFailed;
  } catch (const UsageError& e) {
    io.err << "build: " << e.what() << "\n";
    return kExitUsage;
  } catch (const Error& e) {
    io.err << "build: " << e.what() << "\n";
    return kExitSomeFailed;
  }
}

std::atomic<bool> g_stop_serving{false};

extern "C" void StopServing(int) { g_stop_serving = true; }

int RunServe(const std::vector<std::string>& args, CommandIo io) {
  try {
    Parsed p = ParseArgs(args);
    if (p.help) {
      io.out << kServeHelp;
      return kExitOk;
    }
    if (!p.positional.empty()) throw UsageError("serve: unexpected argument " + p.positional[0]);
    std::signal(SIGINT, StopServing);
    std::signal(SIGTERM, StopServing);
    PreviewOptions preview{p.options, p.port};
    ServePreview(preview, io.out, g_stop_serving);
    return kExitOk;
  } catch (const UsageError& e) {
    io.err << "serve: " << e.what() << "\n";
    return kExitUsage;
  } catch (const Error& e) {
    io.err << "serve: " << e.what() << "\n";
    return kExitSomeFailed;
  }
}

int RunTheme(const std::vector<std::string>& args, CommandIo io) {
  try {
    Parsed p = ParseArgs(args);
    if (p.help) {
      io.out << kThemeHelp;
      return kExitOk;
    }
    if (p.positional.size() != 1 || p.positional[0] != "export") throw UsageError("theme: expected 'export'");
    std::string dir = p.options.dir + "/theme";
    std::vector<std::string> written = ExportTheme(dir, p.force);
    for (const std::string& name : written) io.out << "wrote " << dir << "/" << name << "\n";
    if (written.empty()) io.out << "nothing written: the theme files exist already in " << dir << " (--force overwrites)\n";
    return kExitOk;
  } catch (const UsageError& e) {
    io.err << "theme: " << e.what() << "\n";
    return kExitUsage;
  } catch (const Error& e) {
    io.err << "theme: " << e.what() << "\n";
    return kExitSomeFailed;
  }
}

}  // namespace feedmirror
