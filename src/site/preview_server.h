// `feedmirror serve`: the site served on 127.0.0.1 for preview, rebuilt
// when posts or theme files change.
#pragma once

#include <atomic>
#include <ostream>

#include "site/site_options.h"

namespace feedmirror {

struct PreviewOptions {
  SiteOptions site;
  int port = 4000;
  int poll_ms = 1000;  // how often _posts and theme/ are checked for changes
};

// Builds the site, then serves <dir>/_site on 127.0.0.1:port (directories
// by their index.html, unknown paths by 404.html with status 404) until
// `stop` becomes true; rebuilds when a post or theme file is added, changed
// or removed. Progress lines go to `log`. Throws Error when the port cannot
// be bound, UsageError for bad site options.
void ServePreview(const PreviewOptions& options, std::ostream& log, const std::atomic<bool>& stop);

}  // namespace feedmirror
