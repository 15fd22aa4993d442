#include "store/sqlite_statement.h"

#include <sqlite3.h>

#include <utility>

#include "util/error.h"

namespace feedmirror {

namespace {

// The start of a statement's SQL on one line, to say which one failed.
std::string SqlExcerpt(sqlite3_stmt* stmt) {
  const char* sql = sqlite3_sql(stmt);
  std::string excerpt;
  for (const char* p = sql ? sql : ""; *p && excerpt.size() < 60; ++p) {
    bool space = *p == ' ' || *p == '\n' || *p == '\t';
    if (space && (excerpt.empty() || excerpt.back() == ' ')) continue;
    excerpt += space ? ' ' : *p;
  }
  return excerpt;
}

}  // namespace

std::string DatabaseName(sqlite3* db) {
  const char* file = db ? sqlite3_db_filename(db, "main") : nullptr;
  return file && *file ? file : ":memory:";
}

void ThrowSqliteError(sqlite3* db, std::string_view what) {
  std::string message = "store '" + DatabaseName(db) + "': ";
  message.append(what);
  message += ": ";
  message += db ? sqlite3_errmsg(db) : "out of memory";
  throw Error(message);
}

void ExecSql(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    std::string what = "running '";
    what += sql;
    what += "'";
    ThrowSqliteError(db, what);
  }
}

Statement::Statement(sqlite3* db, std::string_view sql) {
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK || stmt_ == nullptr) {
    sqlite3_finalize(stmt_);
    ThrowSqliteError(db, "preparing '" + std::string(sql.substr(0, 60)) + "'");
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

void Statement::CheckBind(int rc, int index) {
  if (rc != SQLITE_OK) {
    ThrowSqliteError(sqlite3_db_handle(stmt_), "binding parameter " + std::to_string(index) +
                                                   " of '" + SqlExcerpt(stmt_) + "'");
  }
}

Statement& Statement::BindText(int index, std::string_view text) {
  CheckBind(
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
  return *this;
}

Statement& Statement::BindInt(int index, int64_t value) {
  CheckBind(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Statement& Statement::BindTime(int index, std::optional<TimePoint> time) {
  if (!time) {
    CheckBind(sqlite3_bind_null(stmt_, index), index);
    return *this;
  }
  return BindInt(index, EpochMillis(*time));
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  ThrowSqliteError(sqlite3_db_handle(stmt_), "running '" + SqlExcerpt(stmt_) + "'");
}

void Statement::Run() {
  while (Step()) {
  }
}

void Statement::Reset() noexcept {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::ColumnIsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::ColumnInt(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  int size = sqlite3_column_bytes(stmt_, column);
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

TimePoint Statement::ColumnTime(int column) const { return FromEpochMillis(ColumnInt(column)); }

std::optional<TimePoint> Statement::ColumnOptionalTime(int column) const {
  if (ColumnIsNull(column)) return std::nullopt;
  return ColumnTime(column);
}

}  // namespace feedmirror
