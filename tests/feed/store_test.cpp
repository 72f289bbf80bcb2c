// Tests for feed/store: creation, migrations, refusing foreign or newer files, write transactions.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "feed/audit.hpp"
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
// Takes a current store back to what schema 4 left (migration 5 undone).
void back_to_schema_4(Store& store) {
  for (const char* table : {"complaints", "complaint_events", "complaint_keys", "complaint_refusals"})
    store.db().exec(fmt::format("DROP TABLE {}", table));
  store.db().exec("ALTER TABLE terminals DROP COLUMN throttled_at");
  store.db().exec("PRAGMA user_version = 4");
}

// Takes a current store back to what schema 2 left (migrations 5, 4 and 3 undone).
void back_to_schema_2(Store& store) {
  back_to_schema_4(store);
  store.db().exec("DROP INDEX audit_by_region");
  store.db().exec("DROP INDEX audit_by_action");
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
    CHECK(store.schema_version() == Store::kSchemaVersion);
    CHECK(store.db().execAndGet("SELECT region FROM audit").getString().empty());  // no such user: ''
    CHECK(store.db().execAndGet("SELECT count(*) FROM login_failures").getInt() == 0);
  }
  fs::remove_all(dir);
}

TEST_CASE("audit rows from before schema 3 get the region of what they name, so a town sees its history",
          "[store][audit]") {
  const std::string town = "500112101", village = "500112101201", other_village = "500112102201";
  const auto dir = fresh_dir("migrate-2-regions");
  {
    Store store(store_file(dir).string());
    auto& db = store.db();
    db.exec(fmt::format("INSERT INTO notices(id, region_code, revision, status, category, title, body, publish_at, "
                        "source, created_by, created_at) VALUES(17, '{0}', 1, 'published', 'village_affairs', '村道', "
                        "'正文', '2026-03-01T00:00:00Z', 'console', '李军', '2026-03-01T00:00:00Z'), "
                        "(18, '{1}', 1, 'published', 'village_affairs', '别村', '正文', '2026-03-01T00:00:00Z', "
                        "'console', '某人', '2026-03-01T00:00:00Z')",
                        village, other_village));
    db.exec(fmt::format("INSERT INTO users(username, display_name, role, region_code, password_hash, created_at) "
                        "VALUES('lijun', '李军', 'village_cadre', '{}', 'x', '2026-03-01T00:00:00Z')",
                        village));
    db.exec(fmt::format("INSERT INTO terminals(id, name, kind, scope, token_hash, enrolled_at) "
                        "VALUES(7, '村委会', 'kiosk', '{}', 'h', '2026-03-01T00:00:00Z')",
                        town));
    back_to_schema_2(store);
    for (const std::string target :
         {"notice:17", "notice:18", "notice:170", "user:lijun", "user:?", "user:nobody", "terminal:7", "terminal:7x",
          "payments-2026-03.csv"})
      db.exec(fmt::format("INSERT INTO audit(at, actor, remote_addr, action, target, detail) "
                          "VALUES('2026-03-01T06:05:00Z', 'cli:root', '', 'test', '{}', '{{}}')",
                          target));
  }
  Store store(store_file(dir).string());
  std::map<std::string, std::string> regions;
  SQLite::Statement q(store.db(), "SELECT target, region FROM audit");
  while (q.executeStep()) regions[q.getColumn(0).getString()] = q.getColumn(1).getString();
  CHECK(regions == std::map<std::string, std::string>{{"notice:17", village},
                                                      {"notice:18", other_village},
                                                      {"notice:170", ""},
                                                      {"user:lijun", village},
                                                      {"user:?", ""},
                                                      {"user:nobody", ""},
                                                      {"terminal:7", town},
                                                      {"terminal:7x", ""},
                                                      {"payments-2026-03.csv", ""}});

  // What GET /v1/audit shows the town's administrator: their village's and town's rows only.
  AuditQuery for_town;
  for_town.scope = town;
  std::vector<std::string> seen;
  for (const auto& row : query_audit(store.db(), for_town).rows) seen.push_back(row.entry.target);
  CHECK(seen == std::vector<std::string>{"terminal:7", "user:lijun", "notice:17"});
  fs::remove_all(dir);
}

TEST_CASE("a schema-4 store gets the complaint tables and keeps its terminals", "[store][complaints]") {
  const auto dir = fresh_dir("migrate-4");
  {
    Store store(store_file(dir).string());
    store.db().exec("INSERT INTO terminals(id, name, kind, scope, token_hash, enrolled_at) "
                    "VALUES(7, '村委会', 'kiosk', '500112101201', 'h', '2026-03-01T00:00:00Z')");
    back_to_schema_4(store);
  }
  Store store(store_file(dir).string());
  CHECK(store.schema_version() == Store::kSchemaVersion);
  CHECK(store.db().execAndGet("SELECT count(*) FROM complaints").getInt() == 0);
  CHECK(store.db().execAndGet("SELECT name || coalesce(throttled_at, '-') FROM terminals WHERE id = 7").getString() ==
        "村委会-");
  fs::remove_all(dir);
}

TEST_CASE("a damaged log id is refused, not sent", "[store]") {
  Store store(":memory:");
  store.set_meta("log_id", "not-an-id");
  CHECK_THROWS_AS(store.log_id(), StoreError);
  store.renew_log_id();
  CHECK(is_log_id(store.log_id()));
}
