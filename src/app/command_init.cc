#include <filesystem>
#include <fstream>
#include <ostream>

#include "app/arguments.h"
#include "app/command.h"
#include "app/config.h"
#include "util/error.h"

namespace feedmirror {

namespace {

const CommandSpec kSpec{
    "init",
    "[DIR]",
    "Writes a commented starter feedmirror.toml into DIR (default: the current\n"
    "folder). An existing file is never overwritten.",
    {},
    0,
    1,
};

}  // namespace

int RunInit(const std::vector<std::string>& raw_args, CommandIo io) {
  Arguments args = ParseArguments(raw_args, kSpec);
  if (args.help) {
    io.out << HelpText(kSpec);
    return kExitOk;
  }
  std::filesystem::path dir = args.positionals.empty() ? "." : args.positionals[0];
  std::filesystem::path file = dir / "feedmirror.toml";
  if (std::filesystem::exists(file))
    throw UsageError("feedmirror init: " + file.string() + " already exists; not overwriting it");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error("cannot create " + dir.string() + ": " + ec.message());
  std::ofstream out(file, std::ios::binary);
  out << StarterConfig();
  out.close();
  if (!out) throw Error("cannot write " + file.string());
  io.out << "wrote " << file.string() << "\nedit its [[source]] tables, then run: feedmirror fetch"
         << (dir == "." ? "" : " --config " + file.string()) << "\n";
  return kExitOk;
}

}  // namespace feedmirror
