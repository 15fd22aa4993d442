// What `feedmirror build` needs to know, independent of how the
// configuration file spells it.
#pragma once

#include <string>
#include <vector>

namespace feedmirror {

struct SiteOptions {
  // The archive folder: posts are read from <dir>/_posts, the site is written
  // to <dir>/_site, the build cache lives in <dir>/.feedmirror/, theme
  // overrides in <dir>/theme/.
  std::string dir;
  // IANA zone in which dates are shown and post URLs are dated (Jekyll's
  // `timezone`). Default UTC.
  std::string timezone = "UTC";
  // Jekyll's `permalink`: date (default), pretty, ordinal, weekdate, none, or
  // a template such as "/:year/:month/:title/".
  std::string permalink = "date";
  std::string title = "feedmirror";
  // Absolute URL of the site ("https://example.org"), used in feeds, the
  // sitemap and robots.txt; empty: those hold root-relative URLs.
  std::string url;
  // Path prefix under which the site is served ("/mirror"); empty for "/".
  std::string base_path;
  int page_size = 50;       // posts per listing page
  int feed_size = 50;       // entries per Atom feed
  int same_day_links = 10;  // other posts of the day listed on a post page
  int search_chars = 600;   // characters of each article (after its title) that search indexes
  int sitemap_split = 50000;  // URLs per sitemap file
  int jobs = 0;             // worker threads; 0: one per core
  // Reuse <dir>/.feedmirror/site-cache; false: render everything (the
  // files whose bytes did not change are still left untouched).
  bool incremental = true;
};

struct BuildStats {
  int posts = 0;            // posts on the site
  int pages_rendered = 0;   // outputs rendered in this build
  int files_written = 0;    // files whose bytes changed (or are new)
  int files_removed = 0;    // files of the previous build no longer produced
  int files_total = 0;      // files the site consists of
  // Posts left out because they could not be read ("<path>:<line>: what").
  std::vector<std::string> problems;
};

}  // namespace feedmirror
