// Tests for feed/store: creation, migrations, refusing foreign or newer files, write transactions.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <SQLiteCpp/Database.h>

#include "feed/store.hpp"

using namespace sunlight::feed;
namespace fs = std::filesystem;

namespace {
fs::path fresh_dir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("sunlight-store-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}
}  // namespace

TEST_CASE("a new store is created at the current schema version in WAL mode", "[store]") {
  const auto dir = fresh_dir("new");
  Store store(store_file(dir).string());
  CHECK(store.schema_version() == Store::kSchemaVersion);
  CHECK(store.head_seq() == 0);
  CHECK(store.db().execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(store_file(dir).filename() == "feed.sqlite");
  fs::remove_all(dir);
}

TEST_CASE("meta values survive reopening", "[store]") {
  const auto dir = fresh_dir("meta");
  {
    Store store(store_file(dir).string());
    CHECK(store.meta("district").empty());
    store.set_meta("district", "500112");
    store.set_meta("district", "500113");  // overwrite, not duplicate
  }
  Store again(store_file(dir).string(), Store::Mode::ReadOnly);
  CHECK(again.meta("district") == "500113");
  fs::remove_all(dir);
}

TEST_CASE("a store refuses a file from a newer program", "[store]") {
  const auto dir = fresh_dir("newer");
  {
    Store store(store_file(dir).string());
    store.db().exec("PRAGMA user_version = " + std::to_string(Store::kSchemaVersion + 1));
  }
  CHECK_THROWS_AS(Store(store_file(dir).string()), StoreError);
  fs::remove_all(dir);
}

TEST_CASE("a store refuses a SQLite file that is not a Sunlight store, and garbage", "[store]") {
  const auto dir = fresh_dir("foreign");
  {
    SQLite::Database other((dir / "other.sqlite").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE t(x)");
  }
  CHECK_THROWS_AS(Store((dir / "other.sqlite").string()), StoreError);
  {
    std::ofstream junk(dir / "junk.sqlite", std::ios::binary);
    junk << "this is not a database at all, just some bytes that look nothing like SQLite's header";
  }
  CHECK_THROWS(Store((dir / "junk.sqlite").string()));
  CHECK_THROWS(Store((dir / "missing.sqlite").string(), Store::Mode::ReadOnly));
  fs::remove_all(dir);
}

TEST_CASE("a write transaction rolls back unless committed", "[store]") {
  Store store(":memory:");
  {
    WriteTransaction tx(store.db());
    store.db().exec("INSERT INTO meta(key, value) VALUES('a', '1')");
  }
  CHECK(store.meta("a").empty());
  {
    WriteTransaction tx(store.db());
    store.db().exec("INSERT INTO meta(key, value) VALUES('a', '2')");
    tx.commit();
  }
  CHECK(store.meta("a") == "2");
}
