// Command-line flags of one subcommand: `--name VALUE`, `--name=VALUE`,
// `--flag`, positionals, and `--help`/`-h`.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace feedmirror {

struct FlagSpec {
  std::string name;        // without the leading "--"
  std::string value_name;  // empty for a flag that takes no value
  std::string help;
};

struct CommandSpec {
  std::string name;
  std::string synopsis;  // e.g. "[--json] FILE|URL"
  std::string summary;
  std::vector<FlagSpec> flags;
  size_t min_positionals = 0;
  size_t max_positionals = 0;
};

struct Arguments {
  std::map<std::string, std::string> values;
  std::set<std::string> flags;
  std::vector<std::string> positionals;
  bool help = false;

  bool Has(const std::string& flag) const { return flags.count(flag) > 0; }
  std::optional<std::string> Value(const std::string& name) const;
  std::string ValueOr(const std::string& name, const std::string& fallback) const;
};

// Every command takes --config FILE, with this default.
inline constexpr const char* kDefaultConfigFile = "feedmirror.toml";

// Throws UsageError naming the command and the bad argument.
Arguments ParseArguments(const std::vector<std::string>& args, const CommandSpec& spec);

// The text `feedmirror NAME --help` prints.
std::string HelpText(const CommandSpec& spec);

}  // namespace feedmirror
