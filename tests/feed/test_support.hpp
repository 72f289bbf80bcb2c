// Small helpers the feed's unit tests share: catching an ApiError, counting rows, searching a store.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "feed/errors.hpp"

namespace sunlight::feed::testing {

// Runs `f` and returns the ApiError it throws; fails the test when it throws none.
template <class F>
ApiError api_error(F&& f) {
  try {
    f();
  } catch (const ApiError& e) {
    return e;
  }
  FAIL("expected an ApiError");
  return ApiError(0, "", "");
}

inline int count(SQLite::Database& db, const std::string& sql) { return db.execAndGet(sql).getInt(); }

// Whether any cell of any table holds `needle` (a password or a token must never be stored).
inline bool db_contains(SQLite::Database& db, const std::string& needle) {
  SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
  while (tables.executeStep()) {
    SQLite::Statement rows(db, "SELECT * FROM \"" + tables.getColumn(0).getString() + "\"");
    while (rows.executeStep())
      for (int c = 0; c < rows.getColumnCount(); ++c)
        if (rows.getColumn(c).getString().find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace sunlight::feed::testing
