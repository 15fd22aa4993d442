// The write stage: turns the items of a parsed feed into post files and store
// records. An item already archived with the same content is left alone; one
// whose content changed keeps its post file, which is rewritten, and the store
// keeps every version.
//
// Crash safety: a post is written atomically (temp file + rename) before the
// store records it, and store writes are committed in batches. A run killed
// between the two leaves a post the store does not know; the next run adopts
// it (same title and link) instead of writing a duplicate, so a killed run
// resumes to exactly what an uninterrupted run writes.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "content/article_html.h"
#include "feed/feed.h"
#include "util/timezone.h"

namespace feedmirror {

class Clock;
class FileSystem;
class Store;

struct ArchiveSource {
  std::string name;  // also the posts' author
  std::vector<std::string> tags;
  std::vector<std::string> categories;
  ContentOptions content;
};

struct ArchiveCounts {
  int new_items = 0;
  int changed = 0;
  int unchanged = 0;
};

// Takes the items of a feed one at a time.
using ItemSink = std::function<void(const Item&)>;
// Hands every item of a feed to the sink, in document order (a streaming
// parse, or a loop over a parsed feed). May throw.
using ItemProducer = std::function<void(const ItemSink&)>;

class Archiver {
 public:
  // `fs` is rooted at the archive folder; posts go to `_posts/`.
  Archiver(FileSystem& fs, Store& store, const Clock& clock, TimeZone zone);

  // Removes temporary files a killed run left in `_posts/`.
  void RemoveStaleTempFiles();

  // Archives the items `produce` hands to its sink, each as it comes, so
  // that memory stays bounded by one item whatever the feed's length; the
  // sink keeps no reference to an item. The store is committed every 200
  // written posts (after a Sync of the file system), and at the end.
  // Throws Error on a failure that stops the source, its own or one thrown
  // by `produce` (a feed cut off by a read error): the posts written before
  // it stay, recorded.
  ArchiveCounts ArchiveItems(const ArchiveSource& source, const ItemProducer& produce);

  // Archives every item of `feed` (ArchiveItems over feed.items).
  ArchiveCounts ArchiveFeed(const ArchiveSource& source, const Feed& feed);

  // Time spent cleaning article HTML, over every ArchiveFeed so far (the
  // rest of ArchiveFeed's time is writing), for the fetch timing summary.
  std::chrono::nanoseconds clean_time() const { return clean_time_; }

 private:
  enum class Outcome { kNew, kChanged, kUnchanged };
  Outcome ArchiveItem(const ArchiveSource& source, const Item& item, TimePoint now);
  void CommitBatch(int posts_written);
  std::string PostHtml(const ContentOptions& options, const Item& item,
                       std::vector<std::string>& images);
  std::string ChoosePostPath(TimePoint date, const std::string& title, const std::string& text);
  bool IsOrphanOf(const std::string& path, const std::string& text);

  FileSystem& fs_;
  Store& store_;
  const Clock& clock_;
  TimeZone zone_;
  std::chrono::nanoseconds clean_time_{};
};

struct Post;
// The `convert` of the source (content.convert) applied to the post's
// title; the original kept as `original_title` when it changed.
void ConvertTitle(const std::string& conversion, Post& post);

// The content hash of an item version: what, when it changes, is an edit.
std::string ItemContentHash(const Item& item);

}  // namespace feedmirror
