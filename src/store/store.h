// The archive's store: sources with their fetch state, items under a stable
// key, and every version of every item. SQLite by default (sqlite_store.h).
// Not thread-safe; one Store per process. Every method throws Error (naming
// the database and what failed) when the database fails.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/time.h"

namespace feedmirror {

struct SourceState {
  std::string name;
  std::string url;        // as configured
  std::string moved_to;   // after a permanent redirect
  std::string etag;
  std::string last_modified;
  std::optional<TimePoint> last_fetch;
  std::optional<TimePoint> last_success;
  std::optional<TimePoint> next_due;
  long last_status = 0;
  std::string last_error;  // empty after a success
  int consecutive_failures = 0;
  bool gone = false;       // HTTP 410
};

// One archived item: which post file it lives in, and its latest version.
struct ItemRecord {
  int64_t id = 0;
  std::string source;
  std::string key;
  std::string post_path;    // relative to the archive dir: _posts/....md
  std::string content_hash; // of the latest version
  TimePoint first_seen;
  int version_count = 0;
};

struct ItemVersion {
  std::string content_hash;
  std::string title;
  std::string link;
  std::optional<TimePoint> published;
  TimePoint fetched_at;
  std::string content;  // the item's HTML as fetched
};

// An image of `images = "download"` (archive/image_fetcher.h).
enum class ImageStatus {
  kPending,  // to download (again): new, or failed with a reason that may pass
  kStored,   // its bytes are in the archive at `path`
  kRefused,  // never downloaded: not an image, SVG, or too large
};

struct ImageRecord {
  std::string url;     // absolute http(s) URL, as the post's HTML had it
  ImageStatus status = ImageStatus::kPending;
  std::string sha256;  // of the bytes, when stored
  std::string path;    // relative to the archive dir: assets/img/ab/<sha256>.<ext>
  int attempts = 0;    // downloads tried
  std::string last_error;
};

class Store {
 public:
  virtual ~Store() = default;

  virtual std::optional<SourceState> GetSource(const std::string& name) = 0;
  // Creates or replaces the source's row (its items stay).
  virtual void PutSource(const SourceState& state) = 0;
  // Every source, ordered by name.
  virtual std::vector<SourceState> ListSources() = 0;
  // How many items the source has archived.
  virtual int64_t CountItems(const std::string& source) = 0;

  virtual std::optional<ItemRecord> FindItem(const std::string& source, const std::string& key) = 0;
  // The item whose post lives at `post_path`, if any.
  virtual std::optional<ItemRecord> FindItemByPath(const std::string& post_path) = 0;
  // Every item of the source, in the order they were first archived.
  virtual std::vector<ItemRecord> ListItems(const std::string& source) = 0;
  // Adds a version of an item, creating the item on its first version (and
  // the source's row, with an empty url, if PutSource never ran for it).
  // `first_seen` and `post_path` are used only when the item is new: an item
  // keeps its post file for life. A version whose content_hash equals the
  // latest one is not stored again. Returns the item as it is afterwards.
  // Atomic. Throws Error when `post_path` already belongs to another item.
  virtual ItemRecord AddVersion(const std::string& source, const std::string& key,
                                const std::string& post_path, TimePoint first_seen,
                                const ItemVersion& version) = 0;
  // Every version of an item, oldest first; empty for an unknown item.
  virtual std::vector<ItemVersion> Versions(const std::string& source, const std::string& key) = 0;

  // Images (download mode). Records that the post at `post_path` shows the
  // images `urls` (in place of what was recorded for it before); a URL not
  // yet known becomes a pending image.
  virtual void SetPostImages(const std::string& post_path, const std::vector<std::string>& urls) = 0;
  virtual std::optional<ImageRecord> FindImage(const std::string& url) = 0;
  // Pending images tried fewer than `max_attempts` times, shown by at least
  // one post, in the order they were first recorded.
  virtual std::vector<ImageRecord> PendingImages(int max_attempts) = 0;
  // Replaces the image's status, sha256, path, attempts and last_error.
  virtual void PutImage(const ImageRecord& image) = 0;
  // The paths of the posts that show the image, sorted.
  virtual std::vector<std::string> PostsShowing(const std::string& url) = 0;

  // Groups writes into one transaction. Calls nest: only the outermost
  // Commit makes the writes durable; an inner Begin/Commit pair is a
  // savepoint, so that Rollback undoes the writes since its matching Begin
  // and leaves the outer transaction open. Commit or Rollback without a
  // Begin throws Error. Prefer StoreTransaction below.
  virtual void Begin() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;
};

// Begin on construction; Rollback on destruction unless Commit was called,
// so that an exception leaves nothing half-written in the store.
class StoreTransaction {
 public:
  explicit StoreTransaction(Store& store) : store_(store) { store_.Begin(); }
  ~StoreTransaction() {
    if (open_) {
      try {
        store_.Rollback();
      } catch (...) {  // a destructor must not throw; the write failed already
      }
    }
  }
  StoreTransaction(const StoreTransaction&) = delete;
  StoreTransaction& operator=(const StoreTransaction&) = delete;

  void Commit() {
    store_.Commit();
    open_ = false;
  }

 private:
  Store& store_;
  bool open_ = true;
};

// Opens (creating it and its parent folders if needed, migrating if old) the
// SQLite store at `path`, in WAL mode. Throws Error naming the file on
// failure, also when the file's schema is newer than this build knows.
std::unique_ptr<Store> OpenSqliteStore(const std::string& path);
// A private in-memory SQLite store, for tests.
std::unique_ptr<Store> OpenInMemoryStore();

}  // namespace feedmirror
