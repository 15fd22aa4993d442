#include "app/arguments.h"

#include <algorithm>
#include <sstream>

#include "util/error.h"

namespace feedmirror {

namespace {

const FlagSpec kConfigFlag{"config", "FILE", "the configuration file (default ./feedmirror.toml)"};

const FlagSpec* FindFlag(const CommandSpec& spec, const std::string& name) {
  if (name == kConfigFlag.name) return &kConfigFlag;
  auto it = std::find_if(spec.flags.begin(), spec.flags.end(),
                         [&](const FlagSpec& f) { return f.name == name; });
  return it == spec.flags.end() ? nullptr : &*it;
}

UsageError BadArgument(const CommandSpec& spec, const std::string& what) {
  return UsageError("feedmirror " + spec.name + ": " + what + " (see feedmirror " + spec.name +
                    " --help)");
}

}  // namespace

std::optional<std::string> Arguments::Value(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

std::string Arguments::ValueOr(const std::string& name, const std::string& fallback) const {
  return Value(name).value_or(fallback);
}

Arguments ParseArguments(const std::vector<std::string>& args, const CommandSpec& spec) {
  Arguments parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      parsed.help = true;
      continue;
    }
    if (arg == "--" ) {
      parsed.positionals.insert(parsed.positionals.end(), args.begin() + i + 1, args.end());
      break;
    }
    if (!arg.starts_with("--") || arg == "-") {
      parsed.positionals.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    const FlagSpec* flag = FindFlag(spec, name);
    if (!flag) throw BadArgument(spec, "unknown option --" + name);
    if (flag->value_name.empty()) {
      if (inline_value) throw BadArgument(spec, "--" + name + " takes no value");
      parsed.flags.insert(name);
    } else if (inline_value) {
      parsed.values[name] = *inline_value;
    } else if (i + 1 < args.size()) {
      parsed.values[name] = args[++i];
    } else {
      throw BadArgument(spec, "--" + name + " needs a value (" + flag->value_name + ")");
    }
  }
  if (parsed.help) return parsed;
  if (parsed.positionals.size() < spec.min_positionals)
    throw BadArgument(spec, "missing argument: " + spec.synopsis);
  if (parsed.positionals.size() > spec.max_positionals)
    throw BadArgument(spec, "unexpected argument '" + parsed.positionals[spec.max_positionals] + "'");
  return parsed;
}

std::string HelpText(const CommandSpec& spec) {
  std::ostringstream out;
  out << "usage: feedmirror " << spec.name;
  if (!spec.synopsis.empty()) out << " " << spec.synopsis;
  out << "\n\n" << spec.summary << "\n\noptions:\n";
  std::vector<FlagSpec> flags = spec.flags;
  flags.push_back(kConfigFlag);
  flags.push_back({"help", "", "show this help"});
  for (const FlagSpec& flag : flags) {
    std::string left = "--" + flag.name + (flag.value_name.empty() ? "" : " " + flag.value_name);
    out << "  " << left << std::string(left.size() < 20 ? 20 - left.size() : 1, ' ') << flag.help
        << "\n";
  }
  return out.str();
}

}  // namespace feedmirror
