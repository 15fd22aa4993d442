// Subcommands, chosen from a table (commands.cc) by name.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace feedmirror {

// Exit statuses of every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitSomeFailed = 1;  // some source failed; others done
inline constexpr int kExitUsage = 2;       // usage or configuration error
inline constexpr int kExitStoppedBase = 128; // + the signal that stopped a fetch

struct CommandIo {
  std::ostream& out;
  std::ostream& err;
};

using CommandFn = int (*)(const std::vector<std::string>& args, CommandIo io);

struct Command {
  const char* name;
  const char* summary;
  CommandFn run;
};

// The table of subcommands, in the order `feedmirror --help` lists them.
const std::vector<Command>& Commands();

// Each command, in command_<name>.cc.
int RunInit(const std::vector<std::string>& args, CommandIo io);
int RunFetch(const std::vector<std::string>& args, CommandIo io);
int RunWatch(const std::vector<std::string>& args, CommandIo io);  // in command_fetch.cc
int RunImages(const std::vector<std::string>& args, CommandIo io);  // in command_fetch.cc
int RunParse(const std::vector<std::string>& args, CommandIo io);
int RunStatus(const std::vector<std::string>& args, CommandIo io);
int RunBuild(const std::vector<std::string>& args, CommandIo io);
int RunTheme(const std::vector<std::string>& args, CommandIo io);  // in command_build.cc
int RunServe(const std::vector<std::string>& args, CommandIo io);  // in command_build.cc
int RunRun(const std::vector<std::string>& args, CommandIo io);
int RunAdd(const std::vector<std::string>& args, CommandIo io);
int RunOpml(const std::vector<std::string>& args, CommandIo io);

}  // namespace feedmirror
