#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <ostream>

#include "app/arguments.h"
#include "app/command.h"
#include "app/config.h"
#include "app/fetch_report.h"
#include "app/fetch_run.h"
#include "app/image_run.h"
#include "app/watch.h"
#include "archive/image_backfill.h"
#include "fetch/transport.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/file_system.h"

namespace feedmirror {

namespace {

const FlagSpec kQuietFlag{"quiet", "", "print only failures"};
const FlagSpec kVerboseFlag{"verbose", "", "also print each source's status, size, timings and next due"};

const CommandSpec kFetchSpec{
    "fetch",
    "[--source NAME] [--all] [--quiet|--verbose]",
    "Fetches the sources that are due (new ones, and those whose interval or\n"
    "backoff has passed), archives their new and changed items as posts in\n"
    "<archive dir>/_posts and records them in the store. Prints one line per\n"
    "source (on a terminal, a live progress line instead) and lists the sources\n"
    "that failed. SIGINT or SIGTERM stops it after the source in hand (archived\n"
    "and committed). Exit status: 0 when all went well, 1 when some source failed\n"
    "(the others are still archived), 2 for a usage or configuration error,\n"
    "128 + the signal when a signal stopped it.",
    {{"source", "NAME", "fetch only this source, due or not (also a gone one)"},
     {"all", "", "fetch every source, whether due or not (not the gone ones)"},
     kQuietFlag,
     kVerboseFlag},
};

const CommandSpec kImagesSpec{
    "images",
    "backfill",
    "With images = \"download\": 'images backfill' records the images of posts\n"
    "archived before (through the proxy, or kept as they were on the web), from\n"
    "the item HTML the store keeps, then downloads them and rewrites the posts\n"
    "to the local copies, as fetch does for new posts. Running it again does\n"
    "only what is left. Exit status: 0 when all went well, 1 when some image\n"
    "failed (tried again by the next fetch), 2 for a usage or configuration\n"
    "error, 128 + the signal when a signal stopped it.",
    {kQuietFlag},
    1,
    1,
};

const CommandSpec kWatchSpec{
    "watch",
    "[--quiet|--verbose]",
    "Runs fetch in a loop: fetches the sources that are due, then sleeps until\n"
    "the next one is due (waking at least every 60 s to read the store again).\n"
    "On SIGINT or SIGTERM it finishes the source in hand, commits and exits 0.",
    {kQuietFlag, kVerboseFlag},
};

// What `fetch` takes: the named source (forced), or the due ones (all with
// --all, but never a gone one unless named).
std::vector<SourceConfig> SelectSources(const Config& config, const Arguments& args, Store& store,
                                        TimePoint now) {
  std::optional<std::string> only = args.Value("source");
  if (!only) return SourcesToFetch(config.sources, store, now, args.Has("all"));
  const SourceConfig* source = config.FindSource(*only);
  if (!source) throw UsageError(config.path + ": no source named '" + *only + "'");
  return {*source};
}

ReportOptions ReportOptionsFor(const Arguments& args, const std::string& command) {
  if (args.Has("quiet") && args.Has("verbose"))
    throw UsageError("feedmirror " + command + ": --quiet and --verbose exclude each other");
  ReportOptions options;
  if (args.Has("quiet")) options.verbosity = Verbosity::kQuiet;
  if (args.Has("verbose")) options.verbosity = Verbosity::kVerbose;
  const char* term = std::getenv("TERM");
  options.live = isatty(STDERR_FILENO) && !(term && std::string(term) == "dumb");
  return options;
}

struct FetchSetup {
  Config config;
  std::unique_ptr<Store> store;
  std::unique_ptr<FileSystem> fs;
  std::unique_ptr<Transport> transport;
};

std::atomic<bool> g_stop{false};
std::atomic<int> g_stop_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");
static_assert(std::atomic<int>::is_always_lock_free, "set from a signal handler");

void OnStopSignal(int signal) {
  g_stop_signal.store(signal);
  g_stop.store(true);
}

// `cancel`: watch's stop flag, so that a stalled host does not hold a stop
// until the transfer times out.
FetchSetup Open(const Arguments& args, const std::atomic<bool>* cancel = nullptr) {
  FetchSetup setup;
  setup.config = LoadConfig(args.ValueOr("config", kDefaultConfigFile));
  setup.store = OpenSqliteStore(setup.config.state_dir() + "/store.db");
  setup.fs = NewDiskFileSystem(setup.config.archive.dir);
  TransportOptions transport_options = TransportOptionsFor(setup.config.archive);
  transport_options.cancel = cancel;
  setup.transport = NewDefaultTransport(transport_options);
  return setup;
}


void InstallStopHandlers() {
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// Images are downloaded after every source, so a run's posts are all
// written (proxied) before the slower image downloads start.
ImageFetchStats FetchImages(const Config& config, Store& store, FileSystem& fs,
                            const ReportOptions& report_options, CommandIo& io,
                            const std::atomic<bool>* cancel = nullptr) {
  TransportOptions transport_options = ImageTransportOptionsFor(config.archive);
  transport_options.cancel = cancel;
  std::unique_ptr<Transport> transport = NewDefaultTransport(transport_options);
  ImageFetcher fetcher(fs, store, *transport, ImageFetchOptionsFor(config.archive));
  ImageFetchStats stats = fetcher.Run();
  if (report_options.verbosity != Verbosity::kQuiet) io.out << DescribeImages(stats) << "\n";
  for (const std::string& error : stats.errors) io.err << "warning: image " << error << "\n";
  return stats;
}

// Which feed URL relative image URLs of the source's items were resolved
// against: where the feed is fetched from.
std::string FeedUrlOf(const SourceConfig& source, Store& store) {
  std::optional<SourceState> state = store.GetSource(source.name);
  return state && !state->moved_to.empty() ? state->moved_to : source.url;
}

int StoppedBySignal(CommandIo& io, const std::string& command, const std::string& what) {
  io.err << "feedmirror " << command << ": stopped by a signal " << what << "\n";
  // 128 + the signal, as a shell reports a command a signal ended, so
  // that `run` does not go on to build and a scheduler sees the stop.
  return kExitStoppedBase + g_stop_signal.load();
}

}  // namespace

int RunFetch(const std::vector<std::string>& raw_args, CommandIo io) {
  Arguments args = ParseArguments(raw_args, kFetchSpec);
  if (args.help) {
    io.out << HelpText(kFetchSpec);
    return kExitOk;
  }
  ReportOptions report_options = ReportOptionsFor(args, "fetch");
  FetchSetup setup = Open(args, &g_stop);
  // A stop (Ctrl-C, systemd or timeout(1) sending SIGTERM) ends the run as
  // watch's does: the source in hand is archived and committed, transfers
  // in flight are abandoned, the sources not reached stay due.
  InstallStopHandlers();
  const Clock& clock = SystemClock();
  std::vector<SourceConfig> sources = SelectSources(setup.config, args, *setup.store, clock.Now());
  FetchRun run(setup.config, *setup.store, *setup.transport, *setup.fs, clock);
  FetchReport report(io.out, io.err, report_options);
  size_t skipped = args.Has("source") ? 0 : setup.config.sources.size() - sources.size();
  report.Start(sources.size(), skipped);
  std::vector<SourceOutcome> done =
      run.Run(sources, [&](const SourceOutcome& outcome) { report.SourceDone(outcome); }, &g_stop);
  if (setup.config.archive.images == ImageMode::kDownload && !g_stop.load())
    FetchImages(setup.config, *setup.store, *setup.fs, report_options, io, &g_stop);
  report.Finish(setup.config.posts_dir(), run.timings());
  if (g_stop.load()) {
    return StoppedBySignal(io, "fetch", "after " + std::to_string(done.size()) + " of " +
                                            std::to_string(sources.size()) +
                                            " sources; the others are fetched by the next run");
  }
  return report.failures() ? kExitSomeFailed : kExitOk;
}

int RunImages(const std::vector<std::string>& raw_args, CommandIo io) {
  Arguments args = ParseArguments(raw_args, kImagesSpec);
  if (args.help) {
    io.out << HelpText(kImagesSpec);
    return kExitOk;
  }
  if (args.positionals[0] != "backfill")
    throw UsageError("feedmirror images: expected 'backfill', not '" + args.positionals[0] + "'");
  ReportOptions report_options = ReportOptionsFor(args, "images");
  FetchSetup setup = Open(args, &g_stop);
  if (setup.config.archive.images != ImageMode::kDownload)
    throw UsageError(setup.config.path + ": images backfill needs images = \"download\" in [archive]");
  InstallStopHandlers();
  for (const SourceConfig& source : setup.config.sources) {
    if (g_stop.load()) return StoppedBySignal(io, "images backfill", "before " + source.name);
    ImageBackfillStats stats = BackfillImages(source.name, FeedUrlOf(source, *setup.store),
                                              ContentFor(setup.config, source), *setup.fs, *setup.store);
    if (report_options.verbosity != Verbosity::kQuiet)
      io.out << source.name << ": " << stats.posts_recorded << " of " << stats.posts << " posts show images ("
             << stats.images << " recorded), " << stats.posts_rewritten << " posts rewritten\n";
    for (const std::string& post : stats.missing)
      io.err << "warning: " << source.name << ": " << post << " is gone from the archive; its images are not fetched\n";
  }
  ImageFetchStats images = FetchImages(setup.config, *setup.store, *setup.fs, report_options, io, &g_stop);
  if (g_stop.load()) return StoppedBySignal(io, "images backfill", "while downloading; the next fetch goes on");
  return images.failed > 0 ? kExitSomeFailed : kExitOk;
}

int RunWatch(const std::vector<std::string>& raw_args, CommandIo io) {
  Arguments args = ParseArguments(raw_args, kWatchSpec);
  if (args.help) {
    io.out << HelpText(kWatchSpec);
    return kExitOk;
  }
  ReportOptions report_options = ReportOptionsFor(args, "watch");
  FetchSetup setup = Open(args, &g_stop);
  InstallStopHandlers();
  FetchRun run(setup.config, *setup.store, *setup.transport, *setup.fs, SystemClock());
  FetchReport report(io.out, io.err, report_options);
  auto after_round = [&] {
    if (setup.config.archive.images == ImageMode::kDownload && !g_stop.load())
      FetchImages(setup.config, *setup.store, *setup.fs, report_options, io, &g_stop);
  };
  Watch(setup.config, *setup.store, run, SystemClock(), SystemSleeper(), g_stop, report, {},
        after_round);
  if (report_options.verbosity != Verbosity::kQuiet) io.out << "watch: stopped\n";
  return kExitOk;
}

}  // namespace feedmirror
