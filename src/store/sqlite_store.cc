#include "store/sqlite_store.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "util/error.h"

namespace feedmirror {

namespace {

// The schema, one step per version: step i takes user_version i to i + 1.
// Append new steps; never edit a released one.
const std::vector<const char*>& MigrationSteps() {
  static const std::vector<const char*> steps = {
      // 1: sources, items, item versions.
      R"sql(
CREATE TABLE sources (
  name TEXT PRIMARY KEY NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  moved_to TEXT NOT NULL DEFAULT '',
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  last_fetch INTEGER,
  last_success INTEGER,
  next_due INTEGER,
  last_status INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  gone INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL REFERENCES sources(name) ON UPDATE CASCADE,
  key TEXT NOT NULL,
  post_path TEXT NOT NULL UNIQUE,
  first_seen INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  UNIQUE (source, key)
);
CREATE TABLE item_versions (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  fetched_at INTEGER NOT NULL,
  title TEXT NOT NULL,
  link TEXT NOT NULL,
  published INTEGER,
  content TEXT NOT NULL,
  content_hash TEXT NOT NULL
);
CREATE INDEX item_versions_by_item ON item_versions(item_id, id);
)sql",
      // 2: downloaded images, and which posts show them.
      R"sql(
CREATE TABLE images (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'pending',
  sha256 TEXT NOT NULL DEFAULT '',
  path TEXT NOT NULL DEFAULT '',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX images_by_status ON images(status, id);
CREATE TABLE post_images (
  post_path TEXT NOT NULL,
  image_id INTEGER NOT NULL REFERENCES images(id),
  PRIMARY KEY (post_path, image_id)
) WITHOUT ROWID;
CREATE INDEX post_images_by_image ON post_images(image_id);
)sql",
  };
  return steps;
}

constexpr char kGetUserVersion[] = "PRAGMA user_version";

constexpr char kGetSource[] =
    "SELECT name, url, moved_to, etag, last_modified, last_fetch, last_success, next_due,"
    " last_status, last_error, consecutive_failures, gone FROM sources WHERE name = ?1";
constexpr char kListSources[] =
    "SELECT name, url, moved_to, etag, last_modified, last_fetch, last_success, next_due,"
    " last_status, last_error, consecutive_failures, gone FROM sources ORDER BY name";
constexpr char kPutSource[] =
    "INSERT INTO sources (name, url, moved_to, etag, last_modified, last_fetch, last_success,"
    " next_due, last_status, last_error, consecutive_failures, gone)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    " ON CONFLICT (name) DO UPDATE SET url = excluded.url, moved_to = excluded.moved_to,"
    " etag = excluded.etag, last_modified = excluded.last_modified,"
    " last_fetch = excluded.last_fetch, last_success = excluded.last_success,"
    " next_due = excluded.next_due, last_status = excluded.last_status,"
    " last_error = excluded.last_error, consecutive_failures = excluded.consecutive_failures,"
    " gone = excluded.gone";
constexpr char kEnsureSource[] = "INSERT OR IGNORE INTO sources (name) VALUES (?1)";
constexpr char kCountItems[] = "SELECT COUNT(*) FROM items WHERE source = ?1";

constexpr char kFindItem[] =
    "SELECT id, source, key, post_path, content_hash, first_seen,"
    " (SELECT COUNT(*) FROM item_versions v WHERE v.item_id = items.id)"
    " FROM items WHERE source = ?1 AND key = ?2";
constexpr char kFindItemByPath[] =
    "SELECT id, source, key, post_path, content_hash, first_seen,"
    " (SELECT COUNT(*) FROM item_versions v WHERE v.item_id = items.id)"
    " FROM items WHERE post_path = ?1";

constexpr char kListItems[] =
    "SELECT id, source, key, post_path, content_hash, first_seen,"
    " (SELECT COUNT(*) FROM item_versions v WHERE v.item_id = items.id)"
    " FROM items WHERE source = ?1 ORDER BY id";

constexpr char kInsertItem[] =
    "INSERT INTO items (source, key, post_path, first_seen, content_hash)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr char kInsertVersion[] =
    "INSERT INTO item_versions (item_id, fetched_at, title, link, published, content,"
    " content_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr char kUpdateItemHash[] = "UPDATE items SET content_hash = ?2 WHERE id = ?1";
constexpr char kVersions[] =
    "SELECT v.content_hash, v.title, v.link, v.published, v.fetched_at, v.content"
    " FROM item_versions v JOIN items i ON v.item_id = i.id"
    " WHERE i.source = ?1 AND i.key = ?2 ORDER BY v.id";

constexpr char kInsertImage[] = "INSERT OR IGNORE INTO images (url) VALUES (?1)";
constexpr char kClearPostImages[] = "DELETE FROM post_images WHERE post_path = ?1";
constexpr char kAddPostImage[] =
    "INSERT OR IGNORE INTO post_images (post_path, image_id)"
    " SELECT ?1, id FROM images WHERE url = ?2";
constexpr char kFindImage[] =
    "SELECT url, status, sha256, path, attempts, last_error FROM images WHERE url = ?1";
constexpr char kPendingImages[] =
    "SELECT url, status, sha256, path, attempts, last_error FROM images i"
    " WHERE status = 'pending' AND attempts < ?1"
    " AND EXISTS (SELECT 1 FROM post_images p WHERE p.image_id = i.id) ORDER BY id";
constexpr char kPutImage[] =
    "UPDATE images SET status = ?2, sha256 = ?3, path = ?4, attempts = ?5, last_error = ?6"
    " WHERE url = ?1";
constexpr char kPostsShowing[] =
    "SELECT p.post_path FROM post_images p JOIN images i ON p.image_id = i.id"
    " WHERE i.url = ?1 ORDER BY p.post_path";

const char* ImageStatusName(ImageStatus status) {
  switch (status) {
    case ImageStatus::kStored: return "stored";
    case ImageStatus::kRefused: return "refused";
    case ImageStatus::kPending: break;
  }
  return "pending";
}

ImageRecord ReadImage(const Statement& s) {
  ImageRecord image;
  image.url = s.ColumnText(0);
  std::string status = s.ColumnText(1);
  image.status = status == "stored"    ? ImageStatus::kStored
                 : status == "refused" ? ImageStatus::kRefused
                                       : ImageStatus::kPending;
  image.sha256 = s.ColumnText(2);
  image.path = s.ColumnText(3);
  image.attempts = static_cast<int>(s.ColumnInt(4));
  image.last_error = s.ColumnText(5);
  return image;
}

SourceState ReadSource(const Statement& s) {
  SourceState state;
  state.name = s.ColumnText(0);
  state.url = s.ColumnText(1);
  state.moved_to = s.ColumnText(2);
  state.etag = s.ColumnText(3);
  state.last_modified = s.ColumnText(4);
  state.last_fetch = s.ColumnOptionalTime(5);
  state.last_success = s.ColumnOptionalTime(6);
  state.next_due = s.ColumnOptionalTime(7);
  state.last_status = static_cast<long>(s.ColumnInt(8));
  state.last_error = s.ColumnText(9);
  state.consecutive_failures = static_cast<int>(s.ColumnInt(10));
  state.gone = s.ColumnInt(11) != 0;
  return state;
}

ItemRecord ReadItem(const Statement& s) {
  ItemRecord item;
  item.id = s.ColumnInt(0);
  item.source = s.ColumnText(1);
  item.key = s.ColumnText(2);
  item.post_path = s.ColumnText(3);
  item.content_hash = s.ColumnText(4);
  item.first_seen = s.ColumnTime(5);
  item.version_count = static_cast<int>(s.ColumnInt(6));
  return item;
}

ItemVersion ReadVersion(const Statement& s) {
  ItemVersion version;
  version.content_hash = s.ColumnText(0);
  version.title = s.ColumnText(1);
  version.link = s.ColumnText(2);
  version.published = s.ColumnOptionalTime(3);
  version.fetched_at = s.ColumnTime(4);
  version.content = s.ColumnText(5);
  return version;
}

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

// Switching a new database to WAL needs an exclusive lock, for which SQLite
// does not call the busy handler; so processes opening a new store at the
// same time retry here, within the busy timeout.
void EnterWalMode(sqlite3* db, const std::string& path) {
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kSqliteBusyTimeoutMs);
  auto first_column = [](void* out, int, char** values, char**) {
    *static_cast<std::string*>(out) = values[0] ? values[0] : "";
    return 0;
  };
  while (true) {
    std::string mode;
    int rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", first_column, &mode, nullptr);
    if (rc == SQLITE_OK && mode == "wal") return;
    if (rc == SQLITE_OK) {
      throw Error("store '" + path + "': cannot switch to WAL mode (journal mode is '" + mode +
                  "')");
    }
    if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() > deadline) {
      ThrowSqliteError(db, "running 'PRAGMA journal_mode = WAL'");
    }
    sqlite3_sleep(10);
  }
}

// Opens the connection and sets what every connection needs; WAL only for a
// file (an in-memory database has no journal file to share).
DbHandle OpenConnection(const std::string& path, bool wal) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbHandle db(raw);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db.get()) : "out of memory";
    throw Error("store '" + path + "': cannot open: " + message);
  }
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), kSqliteBusyTimeoutMs);
  ExecSql(db.get(), "PRAGMA foreign_keys = ON");
  if (wal) {
    EnterWalMode(db.get(), path);
    ExecSql(db.get(), "PRAGMA synchronous = NORMAL");
  }
  return db;
}

void CreateParentFolders(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) {
    throw Error("store '" + path + "': cannot create folder '" + parent.string() +
                "': " + ec.message());
  }
}

std::unique_ptr<Store> OpenAndMigrate(DbHandle db) {
  auto store = std::make_unique<SqliteStore>(db.release());
  store->Migrate();
  return store;
}

}  // namespace

int SqliteSchemaVersion() { return static_cast<int>(MigrationSteps().size()); }

std::unique_ptr<Store> OpenSqliteStore(const std::string& path) {
  CreateParentFolders(path);
  return OpenAndMigrate(OpenConnection(path, /*wal=*/true));
}

std::unique_ptr<Store> OpenInMemoryStore() {
  return OpenAndMigrate(OpenConnection(":memory:", /*wal=*/false));
}

SqliteStore::SqliteStore(sqlite3* db) : db_(db) {}

SqliteStore::~SqliteStore() {
  statements_.clear();  // finalize every statement before closing
  if (depth_ > 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close_v2(db_);
}

Statement& SqliteStore::Prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) it = statements_.emplace(sql, Statement(db_, sql)).first;
  it->second.Reset();
  return it->second;
}

int SqliteStore::UserVersion() {
  StatementReset s(Prepare(kGetUserVersion));
  s->Step();
  return static_cast<int>(s->ColumnInt(0));
}

void SqliteStore::Migrate() {
  // Checked outside a transaction first, so that opening an up-to-date
  // store never waits for another process's write lock.
  while (UserVersion() < SqliteSchemaVersion()) {
    // Read again under the write lock: another process may have migrated.
    StoreTransaction transaction(*this);
    int version = UserVersion();
    if (version >= SqliteSchemaVersion()) break;
    ExecSql(db_, MigrationSteps()[version]);
    ExecSql(db_, ("PRAGMA user_version = " + std::to_string(version + 1)).c_str());
    transaction.Commit();
  }
  int version = UserVersion();
  if (version > SqliteSchemaVersion()) {
    throw Error("store '" + DatabaseName(db_) + "': schema version " + std::to_string(version) +
                " is newer than this feedmirror knows (" + std::to_string(SqliteSchemaVersion()) +
                "); use a newer feedmirror");
  }
}

std::optional<SourceState> SqliteStore::GetSource(const std::string& name) {
  StatementReset s(Prepare(kGetSource));
  s->BindText(1, name);
  if (!s->Step()) return std::nullopt;
  return ReadSource(*s);
}

void SqliteStore::PutSource(const SourceState& state) {
  StatementReset s(Prepare(kPutSource));
  s->BindText(1, state.name).BindText(2, state.url).BindText(3, state.moved_to);
  s->BindText(4, state.etag).BindText(5, state.last_modified);
  s->BindTime(6, state.last_fetch).BindTime(7, state.last_success).BindTime(8, state.next_due);
  s->BindInt(9, state.last_status).BindText(10, state.last_error);
  s->BindInt(11, state.consecutive_failures).BindInt(12, state.gone ? 1 : 0);
  s->Run();
}

std::vector<SourceState> SqliteStore::ListSources() {
  StatementReset s(Prepare(kListSources));
  std::vector<SourceState> sources;
  while (s->Step()) sources.push_back(ReadSource(*s));
  return sources;
}

int64_t SqliteStore::CountItems(const std::string& source) {
  StatementReset s(Prepare(kCountItems));
  s->BindText(1, source);
  s->Step();
  return s->ColumnInt(0);
}

std::optional<ItemRecord> SqliteStore::FindItemWhere(const char* sql, const std::string& a,
                                                     const std::string* b) {
  StatementReset s(Prepare(sql));
  s->BindText(1, a);
  if (b) s->BindText(2, *b);
  if (!s->Step()) return std::nullopt;
  return ReadItem(*s);
}

std::optional<ItemRecord> SqliteStore::FindItem(const std::string& source, const std::string& key) {
  return FindItemWhere(kFindItem, source, &key);
}

std::optional<ItemRecord> SqliteStore::FindItemByPath(const std::string& post_path) {
  return FindItemWhere(kFindItemByPath, post_path, nullptr);
}

std::vector<ItemRecord> SqliteStore::ListItems(const std::string& source) {
  StatementReset s(Prepare(kListItems));
  s->BindText(1, source);
  std::vector<ItemRecord> items;
  while (s->Step()) items.push_back(ReadItem(*s));
  return items;
}

ItemRecord SqliteStore::AddVersion(const std::string& source, const std::string& key,
                                   const std::string& post_path, TimePoint first_seen,
                                   const ItemVersion& version) {
  try {
    StoreTransaction transaction(*this);
    ItemRecord item = InsertVersion(source, key, post_path, first_seen, version);
    transaction.Commit();
    return item;
  } catch (const Error& e) {
    throw Error("adding a version of item '" + key + "' of source '" + source + "' (" + post_path +
                "): " + e.what());
  }
}

// The body of AddVersion, inside its transaction.
ItemRecord SqliteStore::InsertVersion(const std::string& source, const std::string& key,
                                      const std::string& post_path, TimePoint first_seen,
                                      const ItemVersion& version) {
  std::optional<ItemRecord> item = FindItem(source, key);
  if (item && item->content_hash == version.content_hash) return *item;
  if (!item) {
    StatementReset(Prepare(kEnsureSource))->BindText(1, source).Run();
    StatementReset insert(Prepare(kInsertItem));
    insert->BindText(1, source).BindText(2, key).BindText(3, post_path);
    insert->BindTime(4, first_seen).BindText(5, version.content_hash).Run();
    item = ItemRecord();
    item->id = sqlite3_last_insert_rowid(db_);
    item->source = source;
    item->key = key;
    item->post_path = post_path;
    item->first_seen = first_seen;
  }
  StatementReset insert(Prepare(kInsertVersion));
  insert->BindInt(1, item->id).BindTime(2, version.fetched_at).BindText(3, version.title);
  insert->BindText(4, version.link).BindTime(5, version.published);
  insert->BindText(6, version.content).BindText(7, version.content_hash).Run();
  StatementReset update(Prepare(kUpdateItemHash));
  update->BindInt(1, item->id).BindText(2, version.content_hash).Run();
  item->content_hash = version.content_hash;
  ++item->version_count;
  return *item;
}

std::vector<ItemVersion> SqliteStore::Versions(const std::string& source, const std::string& key) {
  StatementReset s(Prepare(kVersions));
  s->BindText(1, source).BindText(2, key);
  std::vector<ItemVersion> versions;
  while (s->Step()) versions.push_back(ReadVersion(*s));
  return versions;
}

void SqliteStore::SetPostImages(const std::string& post_path,
                                const std::vector<std::string>& urls) {
  StoreTransaction transaction(*this);
  StatementReset(Prepare(kClearPostImages))->BindText(1, post_path).Run();
  for (const std::string& url : urls) {
    StatementReset(Prepare(kInsertImage))->BindText(1, url).Run();
    StatementReset(Prepare(kAddPostImage))->BindText(1, post_path).BindText(2, url).Run();
  }
  transaction.Commit();
}

std::optional<ImageRecord> SqliteStore::FindImage(const std::string& url) {
  StatementReset s(Prepare(kFindImage));
  s->BindText(1, url);
  if (!s->Step()) return std::nullopt;
  return ReadImage(*s);
}

std::vector<ImageRecord> SqliteStore::PendingImages(int max_attempts) {
  StatementReset s(Prepare(kPendingImages));
  s->BindInt(1, max_attempts);
  std::vector<ImageRecord> images;
  while (s->Step()) images.push_back(ReadImage(*s));
  return images;
}

void SqliteStore::PutImage(const ImageRecord& image) {
  StatementReset s(Prepare(kPutImage));
  s->BindText(1, image.url).BindText(2, ImageStatusName(image.status));
  s->BindText(3, image.sha256).BindText(4, image.path).BindInt(5, image.attempts);
  s->BindText(6, image.last_error).Run();
}

std::vector<std::string> SqliteStore::PostsShowing(const std::string& url) {
  StatementReset s(Prepare(kPostsShowing));
  s->BindText(1, url);
  std::vector<std::string> paths;
  while (s->Step()) paths.push_back(s->ColumnText(0));
  return paths;
}

void SqliteStore::Begin() {
  ExecSql(db_, depth_ == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT nested");
  ++depth_;
}

// SQLite rolls a whole transaction back by itself after some errors (I/O,
// full disk); then no Begin is open any more, whatever the depth says.
bool SqliteStore::TransactionLost() {
  if (depth_ == 0 || !sqlite3_get_autocommit(db_)) return false;
  depth_ = 0;
  return true;
}

void SqliteStore::Commit() {
  if (depth_ == 0) throw Error("store '" + DatabaseName(db_) + "': Commit without Begin");
  if (TransactionLost()) {
    throw Error("store '" + DatabaseName(db_) +
                "': the transaction was rolled back after an earlier error");
  }
  // The depth drops only on success, so that a failed COMMIT can still be
  // rolled back.
  ExecSql(db_, depth_ == 1 ? "COMMIT" : "RELEASE nested");
  --depth_;
}

void SqliteStore::Rollback() {
  if (depth_ == 0) throw Error("store '" + DatabaseName(db_) + "': Rollback without Begin");
  if (TransactionLost()) return;  // nothing left to undo
  --depth_;
  ExecSql(db_, depth_ == 0 ? "ROLLBACK" : "ROLLBACK TO nested; RELEASE nested");
}

}  // namespace feedmirror
