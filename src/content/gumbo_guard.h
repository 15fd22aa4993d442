// A gumbo parse that an assertion inside gumbo fails instead of the process.
//
// Why: Debian's libgumbo (0.10.1) is no longer maintained and asserts
// (abort()) on some malformed foreign content in tables, e.g.
// "<table><svg><td><title><select></table>". One hostile feed item must not
// end a run over hundreds of sources. glibc's abort() raises SIGABRT and lets
// a handler that does not return take over, so a handler installed once
// jumps back to the guarded call on the thread that was parsing; an abort
// anywhere else still ends the process as before.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "util/error.h"

struct GumboInternalOptions;
struct GumboInternalOutput;

namespace feedmirror {

// gumbo failed (an assertion inside it) on this input.
struct HtmlParserFailure : Error {
  using Error::Error;
};

// Inputs up to this size are parsed into an arena (below); larger ones with
// malloc, whose blocks a parse cut short by an assertion leaves behind.
inline constexpr size_t kGumboArenaMaxInput = 256 * 1024;

// The output of gumbo_parse_with_options(options, input), run under the
// guard, and the memory it lives in.
//
// Gumbo allocates every token, node and string buffer on its own (about one
// allocation per 14 bytes of news HTML) and frees them one by one. Up to
// kGumboArenaMaxInput a bump arena serves them instead: frees are no-ops and
// the whole arena goes at once, in place of gumbo_destroy_output's walk,
// also after an assertion. Gumbo allocates about 3 times the input in all on
// news HTML (5 at most over the bench corpus); hostile markup (a tag every 3
// bytes) maybe 50 times, hence the cap.
class GumboParse {
 public:
  // `options`' allocator fields are replaced. Throws HtmlParserFailure.
  GumboParse(const GumboInternalOptions& options, std::string_view input);
  ~GumboParse();
  GumboParse(const GumboParse&) = delete;
  GumboParse& operator=(const GumboParse&) = delete;

  const GumboInternalOutput& output() const { return *output_; }

 private:
  class Arena;
  std::unique_ptr<Arena> arena_;  // null: gumbo used malloc
  GumboInternalOutput* output_ = nullptr;
};

}  // namespace feedmirror
