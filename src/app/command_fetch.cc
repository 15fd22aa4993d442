#include <algorithm>
#include <ostream>

#include "app/arguments.h"
#include "app/command.h"
#include "app/config.h"
#include "app/fetch_run.h"
#include "app/image_run.h"
#include "fetch/transport.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/file_system.h"

namespace feedmirror {

namespace {

const CommandSpec kSpec{
    "fetch",
    "[--source NAME] [--all]",
    "Fetches the sources, archives their new and changed items as posts in\n"
    "<archive dir>/_posts and records them in the store. Prints one line per\n"
    "source. Exit status: 0 when all went well, 1 when some source failed (the\n"
    "others are still archived), 2 for a usage or configuration error.",
    {{"source", "NAME", "fetch only this source"},
     {"all", "", "fetch every source, whether due or not"}},
};

std::vector<SourceConfig> SelectSources(const Config& config, const Arguments& args) {
  std::optional<std::string> only = args.Value("source");
  if (!only) return config.sources;
  auto it = std::find_if(config.sources.begin(), config.sources.end(),
                         [&](const SourceConfig& s) { return s.name == *only; });
  if (it == config.sources.end())
    throw UsageError(config.path + ": no source named '" + *only + "'");
  return {*it};
}

void PrintSummary(const Config& config, const std::vector<SourceOutcome>& outcomes,
                  std::ostream& out) {
  int new_items = 0, changed = 0;
  std::vector<std::string> failed;
  for (const SourceOutcome& o : outcomes) {
    new_items += o.counts.new_items;
    changed += o.counts.changed;
    if (o.failed) failed.push_back(o.name);
  }
  out << "archived " << new_items << " new and " << changed << " changed posts from "
      << outcomes.size() << " sources into " << config.posts_dir() << "\n";
  if (failed.empty()) return;
  out << failed.size() << " failed:";
  for (const std::string& name : failed) out << " " << name << (name == failed.back() ? "" : ",");
  out << "\n";
}

// Images are downloaded after every source, so a run's posts are all
// written (proxied) before the slower image downloads start.
void FetchImages(const Config& config, Store& store, FileSystem& fs, CommandIo& io) {
  std::unique_ptr<Transport> transport = NewDefaultTransport(ImageTransportOptionsFor(config.archive));
  ImageFetcher fetcher(fs, store, *transport, ImageFetchOptionsFor(config.archive));
  ImageFetchStats stats = fetcher.Run();
  io.out << DescribeImages(stats) << "\n";
  for (const std::string& error : stats.errors) io.err << "warning: image " << error << "\n";
}

}  // namespace

int RunFetch(const std::vector<std::string>& raw_args, CommandIo io) {
  Arguments args = ParseArguments(raw_args, kSpec);
  if (args.help) {
    io.out << HelpText(kSpec);
    return kExitOk;
  }
  Config config = LoadConfig(args.ValueOr("config", kDefaultConfigFile));
  std::vector<SourceConfig> sources = SelectSources(config, args);
  std::unique_ptr<Store> store = OpenSqliteStore(config.state_dir() + "/store.db");
  std::unique_ptr<FileSystem> fs = NewDiskFileSystem(config.archive.dir);
  std::unique_ptr<Transport> transport = NewDefaultTransport(TransportOptionsFor(config.archive));
  FetchRun run(config, *store, *transport, *fs, SystemClock());
  std::vector<SourceOutcome> outcomes = run.Run(sources, [&](const SourceOutcome& outcome) {
    io.out << DescribeOutcome(outcome) << "\n";
    for (const std::string& warning : outcome.warnings)
      io.err << "warning: " << outcome.name << ": " << warning << "\n";
    io.out.flush();
  });
  if (config.archive.images == ImageMode::kDownload) FetchImages(config, *store, *fs, io);
  PrintSummary(config, outcomes, io.out);
  bool any_failed = std::any_of(outcomes.begin(), outcomes.end(),
                                [](const SourceOutcome& o) { return o.failed; });
  return any_failed ? kExitSomeFailed : kExitOk;
}

}  // namespace feedmirror
