// The SQLite implementation of Store (store.h), through OpenSqliteStore and
// OpenInMemoryStore.
//
// The database runs in WAL mode (readers never wait for the writer), with a
// busy timeout, foreign keys on and synchronous=NORMAL (a crashed process
// loses nothing committed; a power cut may lose the last transactions but
// never corrupts). Its schema is versioned in PRAGMA user_version and brought
// up to date on open by an ordered list of migration steps, each in its own
// transaction. Times are stored as epoch milliseconds.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "store/sqlite_statement.h"
#include "store/store.h"

namespace feedmirror {

// The schema version this build writes; opening a newer database fails.
int SqliteSchemaVersion();

// How long a writer waits for another connection's lock before failing.
inline constexpr int kSqliteBusyTimeoutMs = 10000;

class SqliteStore : public Store {
 public:
  // Takes ownership of an open connection (see OpenSqliteStore).
  explicit SqliteStore(sqlite3* db);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  std::optional<SourceState> GetSource(const std::string& name) override;
  void PutSource(const SourceState& state) override;
  std::vector<SourceState> ListSources() override;
  int64_t CountItems(const std::string& source) override;

  std::optional<ItemRecord> FindItem(const std::string& source, const std::string& key) override;
  std::optional<ItemRecord> FindItemByPath(const std::string& post_path) override;
  std::vector<ItemRecord> ListItems(const std::string& source) override;
  ItemRecord AddVersion(const std::string& source, const std::string& key,
                        const std::string& post_path, TimePoint first_seen,
                        const ItemVersion& version) override;
  std::vector<ItemVersion> Versions(const std::string& source, const std::string& key) override;

  void SetPostImages(const std::string& post_path, const std::vector<std::string>& urls) override;
  std::optional<ImageRecord> FindImage(const std::string& url) override;
  std::vector<ImageRecord> PendingImages(int max_attempts) override;
  void PutImage(const ImageRecord& image) override;
  std::vector<std::string> PostsShowing(const std::string& url) override;

  void Begin() override;
  void Commit() override;
  void Rollback() override;

  // Applies the migration steps the database lacks. Called by the Open
  // functions; idempotent.
  void Migrate();

 private:
  int UserVersion();
  bool TransactionLost();
  // The cached prepared statement for `sql`, reset with no bindings.
  Statement& Prepare(const char* sql);
  std::optional<ItemRecord> FindItemWhere(const char* sql, const std::string& a,
                                          const std::string* b);
  ItemRecord InsertVersion(const std::string& source, const std::string& key,
                           const std::string& post_path, TimePoint first_seen,
                           const ItemVersion& version);

  sqlite3* db_;
  std::map<const char*, Statement> statements_;  // keyed by the SQL constant
  int depth_ = 0;                                // of nested Begin calls
};

}  // namespace feedmirror
