// Tests for feed/store: creation, migrations, refusing foreign or newer files, write transactions.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

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

TEST_CASE("a store's change log has an identity: 32 hex, kept across reopening, renewed on demand", "[store]") {
  const auto dir = fresh_dir("log-id");
  std::string id;
  {
    Store store(store_file(dir).string());
    id = store.log_id();
    CHECK(is_log_id(id));
    CHECK(store.meta("log_id") == id);
  }
  {
    Store again(store_file(dir).string());
    CHECK(again.log_id() == id);
    const auto renewed = again.renew_log_id();
    CHECK(is_log_id(renewed));
    CHECK(renewed != id);
    CHECK(again.log_id() == renewed);
    id = renewed;
  }
  Store read_only(store_file(dir).string(), Store::Mode::ReadOnly);
  CHECK(read_only.log_id() == id);
  // Two stores never share one.
  CHECK(Store(":memory:").log_id() != Store(":memory:").log_id());
  fs::remove_all(dir);

  CHECK(is_log_id("0123456789abcdef0123456789abcdef"));
  CHECK_FALSE(is_log_id("0123456789ABCDEF0123456789abcdef"));
  CHECK_FALSE(is_log_id("0123456789abcdef0123456789abcde"));
  CHECK_FALSE(is_log_id("0123456789abcdef0123456789abcdefa"));
  CHECK_FALSE(is_log_id("0123456789abcdef0123456789abcdeg"));
  CHECK_FALSE(is_log_id(""));
}

namespace {
// Takes a current store back to what schema 2 left (migration 3 undone).
void back_to_schema_2(Store& store) {
  store.db().exec("DROP TABLE login_failures");
  store.db().exec("ALTER TABLE audit DROP COLUMN region");
  store.db().exec("PRAGMA user_version = 2");
}
}  // namespace

TEST_CASE("a schema-1 store is migrated and gets a log id, its data untouched", "[store]") {
  const auto dir = fresh_dir("migrate-1");
  {
    // What version 1 left: its schema, no log_id in meta, user_version 1.
    Store store(store_file(dir).string());
    store.set_meta("district", "500112");
    store.db().exec("INSERT INTO changes(seq, stream, kind, key, region, op, at, body) "
                    "VALUES(1, 0, 'region', '500112', '500112', 'upsert', '2026-03-01T06:05:00Z', '{}')");
    store.db().exec("DELETE FROM meta WHERE key = 'log_id'");
    back_to_schema_2(store);
    store.db().exec("PRAGMA user_version = 1");
  }
  {
    Store v1(store_file(dir).string(), Store::Mode::ReadOnly);  // opened read-only: not migrated, no id
    CHECK(v1.schema_version() == 1);
    CHECK_THROWS_AS(v1.log_id(), StoreError);
  }
  std::string id;
  {
    Store store(store_file(dir).string());
    CHECK(store.schema_version() == Store::kSchemaVersion);
    id = store.log_id();
    CHECK(is_log_id(id));
    CHECK(store.meta("district") == "500112");
    CHECK(store.head_seq() == 1);
  }
  CHECK(Store(store_file(dir).string()).log_id() == id);  // migrated once, not again
  fs::remove_all(dir);
}

TEST_CASE("a schema-2 store gets audit regions and the login failure table", "[store]") {
  const auto dir = fresh_dir("migrate-2");
  {
    Store store(store_file(dir).string());
    back_to_schema_2(store);
    store.db().exec("INSERT INTO audit(at, actor, remote_addr, action, target, detail) "
                    "VALUES('2026-03-01T06:05:00Z', 'cli:root', '', 'user.add', 'user:lijun', '{}')");
  }
  {
    Store store(store_file(dir).string());
    CHECK(store.schema_version() == 3);
    CHECK(store.db().execAndGet("SELECT region FROM audit").getString().empty());
    CHECK(store.db().execAndGet("SELECT count(*) FROM login_failures").getInt() == 0);
  }
  fs::remove_all(dir);
}

TEST_CASE("a damaged log id is refused, not sent", "[store]") {
  Store store(":memory:");
  store.set_meta("log_id", "not-an-id");
  CHECK_THROWS_AS(store.log_id(), StoreError);
  store.renew_log_id();
  CHECK(is_log_id(store.log_id()));
}
