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
    "Prints, for each configured source, its URL (and where it moved), last\n"
    "fetch, last success, last HTTP status, last error, consecutive failures,\n"
    "items archived, next due time, and whether it is gone (HTTP 410).",
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

// A state recorded for another URL (the config's was edited) no longer counts.
bool Current(const SourceStatus& s) { return s.state && s.state->url == s.config->url; }
bool Gone(const SourceStatus& s) { return Current(s) && s.state->gone; }

// When `fetch` takes the source next: "now" for a new one, "" when gone.
std::string NextDueText(const SourceStatus& s) {
  if (Gone(s)) return "";
  if (!Current(s) || !s.state->next_due) return "now";
  return FormatRfc3339(*s.state->next_due);
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
          {"consecutive_failures", state.consecutive_failures},
          {"next_due", NextDueText(s)},
          {"gone", Gone(s)}};
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
      << "  last status:   " << (state.last_status ? std::to_string(state.last_status) : "-")
      << "\n"
      << "  last error:    " << or_dash(state.last_error) << "\n"
      << "  failures:      " << state.consecutive_failures << " in a row\n"
      << "  next due:      "
      << (Gone(s) ? "never: gone (HTTP 410); 'fetch --source " + s.config->name + "' tries again"
                  : NextDueText(s))
      << "\n";
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
