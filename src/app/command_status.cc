#include <nlohmann/json.hpp>

#include <ostream>

#include "app/arguments.h"
#include "app/command.h"
#include "app/config.h"
#include "store/store.h"

namespace feedmirror {

namespace {

const CommandSpec kSpec{
    "status",
    "[--json]",
    "Prints, for each configured source, its last success, last error and the\n"
    "number of items archived.",
    {{"json", "", "print the status as JSON"}},
};

struct SourceStatus {
  const SourceConfig* config;
  std::optional<SourceState> state;
  int64_t items = 0;
};

std::string TimeText(const std::optional<TimePoint>& t) {
  return t ? FormatRfc3339(*t) : std::string();
}

nlohmann::json ToJson(const SourceStatus& s) {
  const SourceState state = s.state.value_or(SourceState{});
  return {{"name", s.config->name},
          {"url", s.config->url},
          {"moved_to", state.moved_to},
          {"items_archived", s.items},
          {"last_fetch", TimeText(state.last_fetch)},
          {"last_success", TimeText(state.last_success)},
          {"last_status", state.last_status},
          {"last_error", state.last_error},
          {"consecutive_failures", state.consecutive_failures}};
}

void PrintText(const SourceStatus& s, std::ostream& out) {
  auto or_dash = [](const std::string& text) { return text.empty() ? std::string("-") : text; };
  const SourceState state = s.state.value_or(SourceState{});
  out << s.config->name << "\n"
      << "  url:           " << s.config->url << "\n";
  if (!state.moved_to.empty()) out << "  moved to:      " << state.moved_to << "\n";
  out << "  items:         " << s.items << "\n"
      << "  last fetch:    " << or_dash(TimeText(state.last_fetch)) << "\n"
      << "  last success:  " << or_dash(TimeText(state.last_success)) << "\n"
      << "  last error:    " << or_dash(state.last_error) << "\n";
}

}  // namespace

int RunStatus(const std::vector<std::string>& raw_args, CommandIo io) {
  Arguments args = ParseArguments(raw_args, kSpec);
  if (args.help) {
    io.out << HelpText(kSpec);
    return kExitOk;
  }
  Config config = LoadConfig(args.ValueOr("config", kDefaultConfigFile));
  std::unique_ptr<Store> store = OpenSqliteStore(config.state_dir() + "/store.db");
  std::vector<SourceStatus> statuses;
  for (const SourceConfig& source : config.sources)
    statuses.push_back({&source, store->GetSource(source.name), store->CountItems(source.name)});
  if (args.Has("json")) {
    nlohmann::json list = nlohmann::json::array();
    for (const SourceStatus& s : statuses) list.push_back(ToJson(s));
    io.out << list.dump(2) << "\n";
    return kExitOk;
  }
  for (const SourceStatus& s : statuses) PrintText(s, io.out);
  if (statuses.empty()) io.out << "no sources in " << config.path << "\n";
  return kExitOk;
}

}  // namespace feedmirror
