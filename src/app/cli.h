// The command line: picks the subcommand from the table and turns errors
// into messages and exit statuses (2 for usage and configuration errors,
// 1 for any other failure).
#pragma once

#include <string>
#include <vector>

#include "app/command.h"

namespace feedmirror {

// `args` excludes the program name.
int RunCli(const std::vector<std::string>& args, CommandIo io);

}  // namespace feedmirror
