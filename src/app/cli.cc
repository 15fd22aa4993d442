#include "app/cli.h"

#include <algorithm>
#include <ostream>

#include "util/error.h"

namespace feedmirror {

namespace {

void PrintUsage(std::ostream& out) {
  out << "usage: feedmirror COMMAND [OPTIONS]\n\n"
         "Keeps a durable, static archive of news feeds.\n\ncommands:\n";
  for (const Command& command : Commands()) {
    std::string name = command.name;
    out << "  " << name << std::string(name.size() < 10 ? 10 - name.size() : 1, ' ')
        << command.summary << "\n";
  }
  out << "\nRun 'feedmirror COMMAND --help' for a command's options.\n";
}

}  // namespace

int RunCli(const std::vector<std::string>& args, CommandIo io) {
  if (args.empty()) {
    PrintUsage(io.err);
    return kExitUsage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    PrintUsage(io.out);
    return kExitOk;
  }
  if (args[0] == "--version") {
    io.out << "feedmirror " << FEEDMIRROR_VERSION << "\n";
    return kExitOk;
  }
  const auto& commands = Commands();
  auto it = std::find_if(commands.begin(), commands.end(),
                         [&](const Command& c) { return args[0] == c.name; });
  if (it == commands.end()) {
    io.err << "feedmirror: unknown command '" << args[0] << "'\n\n";
    PrintUsage(io.err);
    return kExitUsage;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    return it->run(rest, io);
  } catch (const UsageError& e) {
    io.err << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    io.err << "feedmirror " << it->name << ": " << e.what() << "\n";
    return kExitSomeFailed;
  }
}

}  // namespace feedmirror
