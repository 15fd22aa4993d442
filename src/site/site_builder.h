// `feedmirror build`: renders <dir>/_posts into the static site <dir>/_site,
// incrementally (see build_cache.h) and atomically (see site_writer.h).
#pragma once

#include "site/site_options.h"

namespace feedmirror {

// Builds the site. Posts that cannot be read are left out and listed in
// BuildStats::problems ("<path>:<line>: what"); the rest is built. Throws
// UsageError for bad options (unknown time zone, bad permalink template)
// and Error when the site cannot be written; the previous site then stays
// as it was.
BuildStats BuildSite(const SiteOptions& options);

}  // namespace feedmirror
