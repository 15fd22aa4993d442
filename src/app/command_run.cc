// `feedmirror run`: `fetch` with the options given, then `build`.
#include <ostream>
#include <sstream>

#include "app/arguments.h"
#include "app/command.h"
#include "util/error.h"

namespace feedmirror {

namespace {

// The --config value of fetch's arguments (either spelling), for build.
std::string ConfigFile(const std::vector<std::string>& args) {
  std::string file = kDefaultConfigFile;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") break;
    if (args[i] == "--config" && i + 1 < args.size()) file = args[++i];
    if (args[i].starts_with("--config=")) file = args[i].substr(9);
  }
  return file;
}

void PrintHelp(CommandIo io) {
  std::ostringstream fetch_help;
  RunFetch({"--help"}, {fetch_help, io.err});
  std::string text = fetch_help.str();
  size_t options = text.find("options:");
  io.out << "usage: feedmirror run [fetch options]\n\n"
            "Runs 'feedmirror fetch' with the options given, then 'feedmirror build' with\n"
            "the same configuration file. The site is built even when some sources\n"
            "failed. Exit status: 0 when all went well, 1 when some source failed or the\n"
            "build had problems, 2 for a usage or configuration error, 128 + the signal\n"
            "when SIGINT or SIGTERM stopped the fetch (the site is then not built).\n\n"
         << (options == std::string::npos ? text : text.substr(options));
}

// fetch's exit status; a failure of the whole fetch (not of one source) is
// reported and counts as a failed source, so that the site is still built.
int Fetch(const std::vector<std::string>& args, CommandIo io) {
  try {
    return RunFetch(args, io);
  } catch (const UsageError&) {
    throw;
  } catch (const std::exception& e) {
    io.err << "feedmirror run: fetch failed: " << e.what() << "\n";
    return kExitSomeFailed;
  }
}

}  // namespace

int RunRun(const std::vector<std::string>& args, CommandIo io) {
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (arg == "--help" || arg == "-h") {
      PrintHelp(io);
      return kExitOk;
    }
  }
  int fetched = Fetch(args, io);
  if (fetched == kExitUsage || fetched > kExitStoppedBase) return fetched;  // a stop: no build
  int built = RunBuild({"--config", ConfigFile(args)}, io);
  if (built == kExitUsage) return kExitUsage;
  return fetched == kExitOk && built == kExitOk ? kExitOk : kExitSomeFailed;
}

}  // namespace feedmirror
