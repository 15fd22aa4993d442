// Runs a gumbo parse so that an assertion inside gumbo fails the parse
// instead of the process.
//
// Why: Debian's libgumbo (0.10.1) is no longer maintained and asserts
// (abort()) on some malformed foreign content in tables, e.g.
// "<table><svg><td><title><select></table>". One hostile feed item must not
// end a run over hundreds of sources. glibc's abort() raises SIGABRT and lets
// a handler that does not return take over, so a handler installed once
// jumps back to the guarded call on the thread that was parsing; an abort
// anywhere else still ends the process as before.
#pragma once

#include <string_view>

#include "util/error.h"

struct GumboInternalOptions;
struct GumboInternalOutput;

namespace feedmirror {

// gumbo failed (an assertion inside it) on this input.
struct HtmlParserFailure : Error {
  using Error::Error;
};

// gumbo_parse_with_options under the guard. On an assertion throws
// HtmlParserFailure; what gumbo had allocated is left to its allocator (an
// arena the caller frees, or leaked with malloc's: a rare, bounded loss).
GumboInternalOutput* GuardedGumboParse(const GumboInternalOptions& options, std::string_view input);

}  // namespace feedmirror
