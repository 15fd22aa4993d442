#include "store/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "util/error.h"

namespace feedmirror {
namespace {

using std::chrono::milliseconds;

// A fresh folder under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "store_test.XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A plain SQLite connection, to look at a store file from outside.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
    sqlite3_busy_timeout(db_, 10000);
  }
  ~RawDb() { sqlite3_close(db_); }
  // The first column of the first row of `sql`, as text.
  std::string Query(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
    std::string value;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0)) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return value;
  }
  void Exec(const char* sql) {
    EXPECT_EQ(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
  }

 private:
  sqlite3* db_ = nullptr;
};

TimePoint At(int64_t ms) { return FromEpochMillis(ms); }

ItemVersion Version(const std::string& hash, const std::string& title = "Title") {
  ItemVersion v;
  v.content_hash = hash;
  v.title = title;
  v.link = "https://example.com/" + hash;
  v.published = At(1603691777000);
  v.fetched_at = At(1603700000123);
  v.content = "<p>" + hash + "</p>";
  return v;
}

SourceState Source(const std::string& name, const std::string& url) {
  SourceState s;
  s.name = name;
  s.url = url;
  return s;
}

std::string ThrownMessage(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(nothing thrown)";
}

TEST(SqliteStoreTest, MigratesAnEmptyFileAndReopensIdempotently) {
  TempDir dir;
  std::string path = dir.Path("a/b/.feedmirror/state.db");  // parents are created
  {
    auto store = OpenSqliteStore(path);
    store->AddVersion("CNA", "guid-1", "_posts/2020-10-26-a.md", At(1000), Version("h1"));
  }
  EXPECT_EQ(RawDb(path).Query("PRAGMA user_version"), std::to_string(SqliteSchemaVersion()));
  EXPECT_EQ(RawDb(path).Query("SELECT group_concat(name, ',') FROM (SELECT name FROM"
                              " sqlite_schema WHERE type = 'table' ORDER BY name)"),
            "images,item_versions,items,post_images,sources");
  for (int i = 0; i < 2; ++i) {
    auto store = OpenSqliteStore(path);
    ASSERT_TRUE(store->FindItem("CNA", "guid-1").has_value());
    EXPECT_EQ(store->FindItem("CNA", "guid-1")->version_count, 1);
    EXPECT_EQ(store->CountItems("CNA"), 1);
  }
  EXPECT_EQ(RawDb(path).Query("PRAGMA user_version"), std::to_string(SqliteSchemaVersion()));
}

TEST(SqliteStoreTest, RefusesASchemaNewerThanItKnows) {
  TempDir dir;
  std::string path = dir.Path("state.db");
  RawDb(path).Exec("PRAGMA user_version = 99");
  EXPECT_EQ(ThrownMessage([&] { OpenSqliteStore(path); }),
            "store '" + path + "': schema version 99 is newer than this feedmirror knows (" +
                std::to_string(SqliteSchemaVersion()) + "); use a newer feedmirror");
}

TEST(SqliteStoreTest, ErrorsNameTheFileAndSqlitesMessage) {
  TempDir dir;
  std::string path = dir.Path("state.db");
  std::ofstream(path) << "this is not a database, just text long enough to have a header....";
  EXPECT_EQ(ThrownMessage([&] { OpenSqliteStore(path); }),
            "store '" + path + "': running 'PRAGMA journal_mode = WAL': file is not a database");

  std::ofstream(dir.Path("file")) << "x";
  std::string under_file = dir.Path("file/state.db");
  EXPECT_EQ(ThrownMessage([&] { OpenSqliteStore(under_file); }),
            "store '" + under_file + "': cannot create folder '" + dir.Path("file") +
                "': Not a directory");
}

TEST(SqliteStoreTest, RunsInWalModeWithForeignKeys) {
  TempDir dir;
  std::string path = dir.Path("state.db");
  auto store = OpenSqliteStore(path);
  EXPECT_EQ(RawDb(path).Query("PRAGMA journal_mode"), "wal");
  // The schema refuses a version of an item that does not exist.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  EXPECT_EQ(sqlite3_exec(db,
                         "INSERT INTO item_versions (item_id, fetched_at, title, link, content,"
                         " content_hash) VALUES (42, 0, '', '', '', '')",
                         nullptr, nullptr, nullptr),
            SQLITE_CONSTRAINT);
  sqlite3_close(db);
}

TEST(SqliteStoreTest, AReaderKeepsItsSnapshotWhileAWriterCommits) {
  TempDir dir;
  std::string path = dir.Path("state.db");
  auto writer = OpenSqliteStore(path);
  writer->AddVersion("S", "k1", "_posts/1.md", At(1), Version("h1"));

  RawDb reader(path);
  reader.Exec("BEGIN");
  EXPECT_EQ(reader.Query("SELECT COUNT(*) FROM items"), "1");
  // In WAL mode the writer commits while the reader holds its snapshot;
  // with a rollback journal it would wait for the reader and time out.
  auto started = std::chrono::steady_clock::now();
  writer->AddVersion("S", "k2", "_posts/2.md", At(2), Version("h2"));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_EQ(reader.Query("SELECT COUNT(*) FROM items"), "1");
  reader.Exec("COMMIT");
  EXPECT_EQ(reader.Query("SELECT COUNT(*) FROM items"), "2");

  auto second = OpenSqliteStore(path);  // a second store on the same file
  EXPECT_EQ(second->CountItems("S"), 2);
}

// A forked process holding a write transaction open on the store at `path`
// until Finish(). The fork happens before this process opens the file, as
// SQLite requires (a connection must not cross a fork).
class WriterProcess {
 public:
  explicit WriterProcess(const std::string& path) {
    EXPECT_EQ(pipe(ready_), 0);
    EXPECT_EQ(pipe(go_), 0);
    pid_ = fork();
    if (pid_ == 0) _exit(RunChild(path));
    close(ready_[1]);
    close(go_[0]);
    char byte = 0;
    EXPECT_EQ(read(ready_[0], &byte, 1), 1);  // the transaction is open
  }
  // Lets the writer commit and returns its exit status (0 on success).
  int Finish() {
    EXPECT_EQ(write(go_[1], "c", 1), 1);
    int status = 0;
    EXPECT_EQ(waitpid(pid_, &status, 0), pid_);
    close(ready_[0]);
    close(go_[1]);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  int RunChild(const std::string& path) {
    try {
      auto store = OpenSqliteStore(path);
      store->Begin();
      store->AddVersion("S", "k2", "_posts/2.md", At(2), Version("h2"));
      char byte = 'r';
      if (write(ready_[1], &byte, 1) != 1 || read(go_[0], &byte, 1) != 1) return 2;
      store->Commit();
      return 0;
    } catch (const std::exception& e) {
      fprintf(stderr, "writer: %s\n", e.what());
      return 1;
    }
  }

  pid_t pid_ = -1;
  int ready_[2] = {-1, -1};
  int go_[2] = {-1, -1};
};

TEST(SqliteStoreTest, AnotherProcessWritesWhileThisOneReads) {
  TempDir dir;
  std::string path = dir.Path("state.db");
  OpenSqliteStore(path)->AddVersion("S", "k1", "_posts/1.md", At(1), Version("h1"));
  WriterProcess writer(path);
  {
    auto reader = OpenSqliteStore(path);  // not blocked by the open write transaction
    EXPECT_EQ(reader->CountItems("S"), 1);
    EXPECT_EQ(writer.Finish(), 0);
    EXPECT_EQ(reader->CountItems("S"), 2);
  }
}

TEST(SqliteStoreTest, ProcessesOpeningANewStoreAtOnceMigrateItOnce) {
  TempDir dir;
  std::string path = dir.Path("state.db");
  std::vector<pid_t> children;
  for (int i = 0; i < 4; ++i) {
    pid_t pid = fork();
    if (pid == 0) {
      int status = 0;
      try {
        auto store = OpenSqliteStore(path);
        store->AddVersion("S", "k" + std::to_string(i), "_posts/" + std::to_string(i) + ".md",
                          At(i), Version("h"));
      } catch (const std::exception& e) {
        fprintf(stderr, "child %d: %s\n", i, e.what());
        status = 1;
      }
      _exit(status);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  EXPECT_EQ(OpenSqliteStore(path)->CountItems("S"), 4);
  EXPECT_EQ(RawDb(path).Query("PRAGMA user_version"), std::to_string(SqliteSchemaVersion()));
}

TEST(SqliteStoreTest, SourcesRoundTripEveryField) {
  auto store = OpenInMemoryStore();
  EXPECT_FALSE(store->GetSource("CNA").has_value());
  SourceState s;
  s.name = "(臺)中央社CNA";
  s.url = "https://feeds.example.com/cna.xml";
  s.moved_to = "https://feeds.example.com/cna2.xml";
  s.etag = "\"abc\"";
  s.last_modified = "Mon, 26 Oct 2020 05:56:17 GMT";
  s.last_fetch = At(1603691777123);
  s.last_success = At(-86400001);  // before 1970
  s.next_due = std::nullopt;
  s.last_status = 304;
  s.last_error = "it's 'quoted'; DROP TABLE sources; --";
  s.consecutive_failures = 3;
  s.gone = true;
  store->PutSource(s);

  std::optional<SourceState> got = store->GetSource(s.name);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->name, s.name);
  EXPECT_EQ(got->url, s.url);
  EXPECT_EQ(got->moved_to, s.moved_to);
  EXPECT_EQ(got->etag, s.etag);
  EXPECT_EQ(got->last_modified, s.last_modified);
  EXPECT_EQ(got->last_fetch, At(1603691777123));
  EXPECT_EQ(got->last_success, At(-86400001));
  EXPECT_EQ(got->next_due, std::nullopt);
  EXPECT_EQ(got->last_status, 304);
  EXPECT_EQ(got->last_error, s.last_error);
  EXPECT_EQ(got->consecutive_failures, 3);
  EXPECT_TRUE(got->gone);
}

TEST(SqliteStoreTest, PutSourceReplacesAndKeepsItems) {
  auto store = OpenInMemoryStore();
  SourceState b = Source("b", "u1");
  store->PutSource(b);
  store->AddVersion("b", "k", "_posts/k.md", At(5), Version("h"));
  b.url = "u2";
  b.next_due = At(99);
  store->PutSource(b);
  store->PutSource(Source("a", "ua"));

  std::vector<SourceState> all = store->ListSources();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "a");
  EXPECT_EQ(all[1].name, "b");
  EXPECT_EQ(all[1].url, "u2");
  EXPECT_EQ(all[1].next_due, At(99));
  EXPECT_EQ(store->CountItems("b"), 1);
  EXPECT_EQ(store->CountItems("a"), 0);
}

TEST(SqliteStoreTest, KeepsEveryVersionUnderTheFirstPostPath) {
  auto store = OpenInMemoryStore();
  ItemRecord first =
      store->AddVersion("S", "guid", "_posts/2020-10-26-a.md", At(1000), Version("h1", "First"));
  EXPECT_EQ(first.source, "S");
  EXPECT_EQ(first.key, "guid");
  EXPECT_EQ(first.post_path, "_posts/2020-10-26-a.md");
  EXPECT_EQ(first.content_hash, "h1");
  EXPECT_EQ(first.first_seen, At(1000));
  EXPECT_EQ(first.version_count, 1);

  ItemVersion edit = Version("h2", "Edited");
  edit.published = std::nullopt;
  edit.content = std::string("nul\0inside", 10);
  ItemRecord second = store->AddVersion("S", "guid", "_posts/other.md", At(2000), edit);
  EXPECT_EQ(second.id, first.id);
  EXPECT_EQ(second.post_path, "_posts/2020-10-26-a.md");
  EXPECT_EQ(second.first_seen, At(1000));
  EXPECT_EQ(second.content_hash, "h2");
  EXPECT_EQ(second.version_count, 2);

  // The same content again is not a new version.
  EXPECT_EQ(store->AddVersion("S", "guid", "_posts/x.md", At(3000), edit).version_count, 2);

  std::vector<ItemVersion> versions = store->Versions("S", "guid");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].content_hash, "h1");
  EXPECT_EQ(versions[0].title, "First");
  EXPECT_EQ(versions[0].link, "https://example.com/h1");
  EXPECT_EQ(versions[0].published, At(1603691777000));
  EXPECT_EQ(versions[0].fetched_at, At(1603700000123));
  EXPECT_EQ(versions[0].content, "<p>h1</p>");
  EXPECT_EQ(versions[1].title, "Edited");
  EXPECT_EQ(versions[1].published, std::nullopt);
  EXPECT_EQ(versions[1].content, std::string("nul\0inside", 10));

  std::optional<ItemRecord> found = store->FindItem("S", "guid");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->content_hash, "h2");
  EXPECT_EQ(found->version_count, 2);
  EXPECT_TRUE(store->Versions("S", "nope").empty());
  EXPECT_FALSE(store->FindItem("T", "guid").has_value());  // keys are per source
}

TEST(SqliteStoreTest, FindsItemsByPostPath) {
  auto store = OpenInMemoryStore();
  store->AddVersion("S", "k1", "_posts/2020-01-01-a.md", At(1), Version("h1"));
  store->AddVersion("T", "k1", "_posts/2020-01-01-a-2.md", At(2), Version("h2"));
  std::optional<ItemRecord> item = store->FindItemByPath("_posts/2020-01-01-a-2.md");
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->source, "T");
  EXPECT_EQ(item->key, "k1");
  EXPECT_EQ(item->first_seen, At(2));
  EXPECT_FALSE(store->FindItemByPath("_posts/2020-01-01-b.md").has_value());
}

TEST(SqliteStoreTest, ListsASourcesItemsInTheOrderFirstArchived) {
  auto store = OpenInMemoryStore();
  store->AddVersion("S", "k2", "_posts/2020-01-02-b.md", At(5), Version("h1"));
  store->AddVersion("T", "k1", "_posts/2020-01-01-t.md", At(1), Version("h2"));
  store->AddVersion("S", "k1", "_posts/2020-01-01-a.md", At(9), Version("h3"));
  store->AddVersion("S", "k2", "_posts/ignored.md", At(7), Version("h4"));  // a second version
  std::vector<ItemRecord> items = store->ListItems("S");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].key, "k2");
  EXPECT_EQ(items[0].post_path, "_posts/2020-01-02-b.md");
  EXPECT_EQ(items[0].content_hash, "h4");
  EXPECT_EQ(items[0].version_count, 2);
  EXPECT_EQ(items[1].key, "k1");
  EXPECT_EQ(items[1].first_seen, At(9));
  EXPECT_TRUE(store->ListItems("nobody").empty());
}

TEST(SqliteStoreTest, APostPathBelongsToOneItem) {
  auto store = OpenInMemoryStore();
  store->AddVersion("S", "k1", "_posts/a.md", At(1), Version("h1"));
  EXPECT_EQ(
      ThrownMessage([&] { store->AddVersion("S", "k2", "_posts/a.md", At(2), Version("h2")); }),
      "adding a version of item 'k2' of source 'S' (_posts/a.md): store ':memory:': "
      "running 'INSERT INTO items (source, key, post_path, first_seen, conte': "
      "UNIQUE constraint failed: items.post_path");
  EXPECT_FALSE(store->FindItem("S", "k2").has_value());
  EXPECT_EQ(store->CountItems("S"), 1);
}

TEST(SqliteStoreTest, RollbackUndoesTheWholeTransaction) {
  auto store = OpenInMemoryStore();
  store->Begin();
  store->AddVersion("S", "k1", "_posts/1.md", At(1), Version("h1"));
  store->PutSource(Source("S", "u"));
  store->Rollback();
  EXPECT_EQ(store->CountItems("S"), 0);
  EXPECT_FALSE(store->GetSource("S").has_value());
}

TEST(SqliteStoreTest, NestedPairsCommitWithTheOutermost) {
  auto store = OpenInMemoryStore();
  store->Begin();
  store->Begin();
  store->AddVersion("S", "k1", "_posts/1.md", At(1), Version("h1"));
  store->Commit();  // inner: nothing durable yet
  store->Begin();
  store->AddVersion("S", "k2", "_posts/2.md", At(2), Version("h2"));
  store->Rollback();  // inner: undoes k2 only
  store->AddVersion("S", "k3", "_posts/3.md", At(3), Version("h3"));
  store->Commit();
  EXPECT_TRUE(store->FindItem("S", "k1").has_value());
  EXPECT_FALSE(store->FindItem("S", "k2").has_value());
  EXPECT_TRUE(store->FindItem("S", "k3").has_value());

  store->Begin();
  store->Begin();
  store->AddVersion("S", "k4", "_posts/4.md", At(4), Version("h4"));
  store->Commit();
  store->Rollback();  // outer: undoes the committed inner pair too
  EXPECT_FALSE(store->FindItem("S", "k4").has_value());
}

TEST(SqliteStoreTest, CommitsAreDurableAndVisibleToOtherConnections) {
  TempDir dir;
  std::string path = dir.Path("state.db");
  auto writer = OpenSqliteStore(path);
  auto reader = OpenSqliteStore(path);
  writer->Begin();
  writer->AddVersion("S", "k1", "_posts/1.md", At(1), Version("h1"));
  EXPECT_EQ(reader->CountItems("S"), 0);  // not committed yet
  writer->Commit();
  EXPECT_EQ(reader->CountItems("S"), 1);
}

TEST(SqliteStoreTest, AFailedAddVersionInsideATransactionLeavesTheRestOpen) {
  auto store = OpenInMemoryStore();
  store->Begin();
  store->AddVersion("S", "k1", "_posts/1.md", At(1), Version("h1"));
  EXPECT_THROW(store->AddVersion("S", "k2", "_posts/1.md", At(2), Version("h2")), Error);
  store->AddVersion("S", "k3", "_posts/3.md", At(3), Version("h3"));
  store->Commit();
  EXPECT_EQ(store->CountItems("S"), 2);
}

TEST(SqliteStoreTest, StoreTransactionRollsBackOnException) {
  auto store = OpenInMemoryStore();
  try {
    StoreTransaction transaction(*store);
    store->AddVersion("S", "k1", "_posts/1.md", At(1), Version("h1"));
    throw std::runtime_error("post write failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(store->CountItems("S"), 0);
  {
    StoreTransaction transaction(*store);
    store->AddVersion("S", "k1", "_posts/1.md", At(1), Version("h1"));
    transaction.Commit();
  }
  EXPECT_EQ(store->CountItems("S"), 1);
}

TEST(SqliteStoreTest, UnbalancedCommitOrRollbackIsAnError) {
  auto store = OpenInMemoryStore();
  EXPECT_EQ(ThrownMessage([&] { store->Commit(); }), "store ':memory:': Commit without Begin");
  EXPECT_EQ(ThrownMessage([&] { store->Rollback(); }), "store ':memory:': Rollback without Begin");
}

TEST(SqliteStoreTest, ATransactionSqliteRolledBackItselfIsReported) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  SqliteStore store(db);  // owns db from here
  store.Migrate();
  store.Begin();
  store.Begin();
  store.AddVersion("S", "k1", "_posts/1.md", At(1), Version("h1"));
  // What SQLite does by itself after an I/O error or a full disk.
  ASSERT_EQ(sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_EQ(ThrownMessage([&] { store.Commit(); }),
            "store ':memory:': the transaction was rolled back after an earlier error");
  EXPECT_EQ(store.CountItems("S"), 0);
  {
    StoreTransaction transaction(store);  // works again from a clean state
    store.AddVersion("S", "k2", "_posts/2.md", At(2), Version("h2"));
    ASSERT_EQ(sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  }  // its Rollback finds nothing to undo, and does not throw
  store.Begin();
  store.AddVersion("S", "k3", "_posts/3.md", At(3), Version("h3"));
  store.Commit();
  EXPECT_EQ(store.CountItems("S"), 1);
}

TEST(SqliteStoreTest, TimesRoundTripAsEpochMilliseconds) {
  TempDir dir;
  std::string path = dir.Path("state.db");
  const int64_t times[] = {0, 1, -1, 1603691777123, 253402300799999, -62135596800000};
  {
    auto store = OpenSqliteStore(path);
    for (int64_t ms : times) {
      ItemVersion v = Version(std::to_string(ms));
      v.published = At(ms);
      v.fetched_at = At(ms);
      store->AddVersion("S", std::to_string(ms), "_posts/" + std::to_string(ms), At(ms), v);
    }
  }
  auto store = OpenSqliteStore(path);
  for (int64_t ms : times) {
    EXPECT_EQ(store->FindItem("S", std::to_string(ms))->first_seen, At(ms));
    ItemVersion v = store->Versions("S", std::to_string(ms)).at(0);
    EXPECT_EQ(v.published, At(ms));
    EXPECT_EQ(v.fetched_at, At(ms));
  }
  EXPECT_EQ(RawDb(path).Query("SELECT first_seen FROM items WHERE key = '1603691777123'"),
            "1603691777123");
}

TEST(SqliteStoreTest, MigratesAVersionOneStoreToImages) {
  TempDir dir;
  std::string path = dir.Path("state.db");
  OpenSqliteStore(path)->AddVersion("CNA", "guid-1", "_posts/a.md", At(1000), Version("h1"));
  RawDb(path).Exec("DROP TABLE post_images; DROP TABLE images; PRAGMA user_version = 1");
  auto store = OpenSqliteStore(path);
  EXPECT_EQ(RawDb(path).Query("PRAGMA user_version"), "2");
  EXPECT_TRUE(store->FindItem("CNA", "guid-1").has_value());
  store->SetPostImages("_posts/a.md", {"https://a.tw/1.jpg"});
  EXPECT_EQ(store->PendingImages(10).size(), 1u);
}

TEST(SqliteStoreTest, ImagesAndThePostsShowingThem) {
  auto store = OpenInMemoryStore();
  EXPECT_FALSE(store->FindImage("https://a.tw/1.jpg").has_value());
  store->SetPostImages("_posts/a.md", {"https://a.tw/1.jpg", "https://a.tw/2.jpg"});
  store->SetPostImages("_posts/b.md", {"https://a.tw/2.jpg"});
  std::vector<ImageRecord> pending = store->PendingImages(10);
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].url, "https://a.tw/1.jpg");
  EXPECT_EQ(pending[0].status, ImageStatus::kPending);
  EXPECT_EQ(pending[0].attempts, 0);
  EXPECT_EQ(store->PostsShowing("https://a.tw/2.jpg"),
            (std::vector<std::string>{"_posts/a.md", "_posts/b.md"}));

  ImageRecord stored = pending[0];
  stored.status = ImageStatus::kStored;
  stored.sha256 = "ab12";
  stored.path = "assets/img/ab/ab12.jpg";
  stored.attempts = 1;
  store->PutImage(stored);
  ImageRecord failed = pending[1];
  failed.attempts = 3;
  failed.last_error = "HTTP 404";
  store->PutImage(failed);
  ImageRecord found = *store->FindImage("https://a.tw/1.jpg");
  EXPECT_EQ(found.status, ImageStatus::kStored);
  EXPECT_EQ(found.sha256, "ab12");
  EXPECT_EQ(found.path, "assets/img/ab/ab12.jpg");
  EXPECT_EQ(found.attempts, 1);
  EXPECT_EQ(store->PendingImages(10).size(), 1u);
  EXPECT_EQ(store->PendingImages(10)[0].last_error, "HTTP 404");
  EXPECT_TRUE(store->PendingImages(3).empty());  // tried 3 times: given up at 3

  // A post rewritten without the image no longer shows it; an image no
  // post shows is not downloaded.
  store->SetPostImages("_posts/a.md", {});
  store->SetPostImages("_posts/b.md", {});
  EXPECT_TRUE(store->PendingImages(10).empty());
  EXPECT_TRUE(store->PostsShowing("https://a.tw/2.jpg").empty());
  // Recording a known image again keeps its state.
  store->SetPostImages("_posts/c.md", {"https://a.tw/1.jpg"});
  EXPECT_EQ(store->FindImage("https://a.tw/1.jpg")->status, ImageStatus::kStored);
}

}  // namespace
}  // namespace feedmirror
