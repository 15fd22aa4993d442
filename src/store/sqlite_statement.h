// A prepared SQLite statement that owns its handle, with typed binding and
// column access. Values reach SQL only as bound parameters, never as text
// pasted into the SQL. Errors are thrown as Error naming the database file,
// what was being done and SQLite's own message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/time.h"

struct sqlite3;
struct sqlite3_stmt;

namespace feedmirror {

// The database's file name, or ":memory:" for an in-memory database.
std::string DatabaseName(sqlite3* db);

// Throws Error("store '<file>': <what>: <SQLite's last error message>").
[[noreturn]] void ThrowSqliteError(sqlite3* db, std::string_view what);

// Runs SQL text without parameters (schema changes, PRAGMAs, BEGIN/COMMIT),
// possibly several statements. Throws Error on failure.
void ExecSql(sqlite3* db, const char* sql);

class Statement {
 public:
  // Prepares one statement of `sql` on `db`, which must outlive this object.
  // Throws Error when the SQL does not compile.
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are numbered from 1, as `?1` in the SQL. The text is copied.
  Statement& BindText(int index, std::string_view text);
  Statement& BindInt(int index, int64_t value);
  // A time is stored as epoch milliseconds; nullopt as NULL.
  Statement& BindTime(int index, std::optional<TimePoint> time);

  // Runs to the next row: true when a row can be read with the Column
  // functions, false when the statement is done. Throws Error on failure.
  bool Step();
  // Steps to completion, for statements that return no rows.
  void Run();
  // Back to the start with no parameters bound. Releases the read snapshot
  // an unfinished SELECT holds. Never throws (a failed step already did).
  void Reset() noexcept;

  // Columns of the current row, numbered from 0.
  bool ColumnIsNull(int column) const;
  int64_t ColumnInt(int column) const;
  std::string ColumnText(int column) const;  // "" for NULL
  TimePoint ColumnTime(int column) const;
  std::optional<TimePoint> ColumnOptionalTime(int column) const;

 private:
  void CheckBind(int rc, int index);

  sqlite3_stmt* stmt_ = nullptr;
};

// Resets a statement when it leaves scope, so that a cached statement never
// keeps a read snapshot open or a parameter bound between uses.
class StatementReset {
 public:
  explicit StatementReset(Statement& statement) : statement_(statement) {}
  ~StatementReset() { statement_.Reset(); }
  StatementReset(const StatementReset&) = delete;
  StatementReset& operator=(const StatementReset&) = delete;

  Statement* operator->() { return &statement_; }
  Statement& operator*() { return statement_; }

 private:
  Statement& statement_;
};

}  // namespace feedmirror
