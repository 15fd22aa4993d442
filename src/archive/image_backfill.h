// Posts archived before an archive switched to images = "download" show
// their images through the proxy (or, after images = "keep", as they were
// on the web): nothing recorded them for the image step. The backfill
// records, for each post of a source, the images it shows, so that the
// next image step (ImageFetcher) downloads them and rewrites the post.
//
// Why from the store and not from the post file: the store keeps each
// item's HTML as fetched, and running it through the content pipeline again
// gives exactly the URLs the archiver records (resolved and normalized),
// where reading them back out of the post would have to undo the proxy
// template ({url_noscheme} drops the scheme). Kept image URLs (keep mode)
// are put through the proxy in the post first, as download mode writes
// them, so that the image step finds them to replace; images stored
// already (for another post) are shown from the archive at once.
#pragma once

#include <string>
#include <vector>

#include "content/article_html.h"

namespace feedmirror {

class FileSystem;
class Store;

struct ImageBackfillStats {
  int posts = 0;           // the source's posts looked at
  int posts_recorded = 0;  // posts with at least one image, now recorded
  int posts_rewritten = 0; // post files changed (kept or stored images)
  int images = 0;          // image URLs recorded, over all posts
  std::vector<std::string> missing;  // post paths of items whose file is gone
};

// For every item of `source` in the store: its latest version's HTML run
// through ArticleHtml with `options` (whose images must be kDownload) and
// `base_url` (the feed's URL: what relative image URLs were resolved
// against), its post rewritten as described above, and its images
// recorded (Store::SetPostImages). `fs` is rooted at the archive folder.
// Running it again changes nothing. Throws Error when a post or the
// store cannot be written (what was done stays).
ImageBackfillStats BackfillImages(const std::string& source, const std::string& base_url,
                                  const ContentOptions& options, FileSystem& fs, Store& store);

}  // namespace feedmirror
