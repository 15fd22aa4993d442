#include "app/command.h"

namespace feedmirror {

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"init", "write a commented starter feedmirror.toml", RunInit},
      {"fetch", "fetch the sources that are due and archive their new and changed items", RunFetch},
      {"watch", "fetch in a loop, each source when it is due, until SIGINT/SIGTERM", RunWatch},
      {"images", "images backfill: download the images of posts archived before images = \"download\"", RunImages},
      {"parse", "parse one feed (file or URL) and print it", RunParse},
      {"status", "show each source's fetch state, next due time and items archived", RunStatus},
      {"build", "render the archive's posts into a static site in <dir>/_site", RunBuild},
      {"run", "fetch, then build (exit status 1 when some source failed)", RunRun},
      {"serve", "preview the site on 127.0.0.1, rebuilding when posts change", RunServe},
      {"theme", "theme export: write the built-in theme to <dir>/theme to customise", RunTheme},
      {"add", "add a source to the config file: a feed, or a page's first feed", RunAdd},
      {"opml", "opml import FILE | opml export [-o FILE]: sources to and from OPML", RunOpml},
  };
  return kCommands;
}

}  // namespace feedmirror
