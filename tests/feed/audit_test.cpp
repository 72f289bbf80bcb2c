// Tests for feed/audit: rows in, and the filtered, paged, scoped reads GET /v1/audit makes.
#include <catch2/catch.hpp>

#include "feed/audit.hpp"
#include "feed/store.hpp"

using namespace sunlight;
using namespace sunlight::feed;
using namespace std::chrono_literals;

namespace {

const core::Timestamp t0 = core::parse_utc_iso("2026-03-01T06:05:00Z").value();

// Ten rows, one a minute from t0: ids 1..10.
struct Fixture {
  Store store{":memory:"};
  SQLite::Database& db = store.db();
  Fixture() {
    const std::vector<AuditEntry> rows{
        {t0, "cli:root", "", "import.regions", "regions.csv", {{"rows", 7}}, ""},
        {t0 + 1min, "cli:root", "", "user.add", "user:lijun", {}, "500112101001"},
        {t0 + 2min, "cadre:lijun", "10.0.0.5", "user.login", "user:lijun", {}, "500112101001"},
        {t0 + 3min, "cadre:lijun", "10.0.0.5", "notice.publish", "notice:4", {{"revision", 1}}, "500112101001"},
        {t0 + 4min, "cadre:lijun", "10.0.0.5", "notice.edit", "notice:4", {}, "500112101001"},
        {t0 + 5min, "cadre:wangfang", "10.0.0.6", "notice.publish", "notice:46", {}, "500112101"},
        {t0 + 6min, "cadre:qu", "10.0.0.7", "notice.publish", "notice:47", {}, "500112102001"},
        {t0 + 7min, "cli:root", "", "terminal.enroll", "terminal:1", {}, "500112101001"},
        {t0 + 8min, "anonymous", "1.2.3.4", "user.login_failed", "user:?", {{"username", "a%_b"}}, ""},
        {t0 + 9min, "cadre:qu", "10.0.0.7", "notice.retract", "notice:47", {}, "500112102001"},
    };
    for (const auto& r : rows) record_audit(db, r);
  }
};

std::vector<std::int64_t> ids(const AuditPage& page) {
  std::vector<std::int64_t> out;
  for (const auto& r : page.rows) out.push_back(r.id);
  return out;
}

}  // namespace

TEST_CASE("audit reads are newest first, with every field", "[audit]") {
  Fixture f;
  const auto page = query_audit(f.db, AuditQuery{});
  CHECK(ids(page) == std::vector<std::int64_t>{10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
  CHECK_FALSE(page.more);
  const auto& e = page.rows[6].entry;
  CHECK(e.at == t0 + 3min);
  CHECK(e.actor == "cadre:lijun");
  CHECK(e.remote_addr == "10.0.0.5");
  CHECK(e.action == "notice.publish");
  CHECK(e.target == "notice:4");
  CHECK(e.region == "500112101001");
  CHECK(e.detail == nlohmann::json{{"revision", 1}});
}

TEST_CASE("audit filters are prefixes, regions and times", "[audit]") {
  Fixture f;
  AuditQuery q;
  q.action_prefix = "notice.";
  CHECK(ids(query_audit(f.db, q)) == std::vector<std::int64_t>{10, 7, 6, 5, 4});
  q.actor_prefix = "cadre:lijun";
  CHECK(ids(query_audit(f.db, q)) == std::vector<std::int64_t>{5, 4});
  q = {};
  q.target_prefix = "notice:4";  // a prefix: notice:46 and 47 too
  CHECK(ids(query_audit(f.db, q)) == std::vector<std::int64_t>{10, 7, 6, 5, 4});
  q.target_prefix = "user:?";
  CHECK(ids(query_audit(f.db, q)) == std::vector<std::int64_t>{9});
  q.target_prefix = "%";  // matches only itself, not like LIKE
  CHECK(query_audit(f.db, q).rows.empty());

  q = {};
  q.region = "500112101";  // the town and its villages; never the district-wide rows
  CHECK(ids(query_audit(f.db, q)) == std::vector<std::int64_t>{8, 6, 5, 4, 3, 2});
  q.scope = "500112101001";
  CHECK(ids(query_audit(f.db, q)) == std::vector<std::int64_t>{8, 5, 4, 3, 2});
  q.region = "500112102001";  // outside the scope: nothing
  CHECK(query_audit(f.db, q).rows.empty());

  q = {};
  q.since = t0 + 2min;
  q.until = t0 + 4min;  // since ≤ at < until
  CHECK(ids(query_audit(f.db, q)) == std::vector<std::int64_t>{4, 3});
}

TEST_CASE("audit pages end with more and continue before the last id", "[audit]") {
  Fixture f;
  AuditQuery q;
  q.limit = 4;
  auto page = query_audit(f.db, q);
  CHECK(ids(page) == std::vector<std::int64_t>{10, 9, 8, 7});
  CHECK(page.more);
  q.before = page.rows.back().id;
  page = query_audit(f.db, q);
  CHECK(ids(page) == std::vector<std::int64_t>{6, 5, 4, 3});
  CHECK(page.more);
  q.before = page.rows.back().id;
  page = query_audit(f.db, q);
  CHECK(ids(page) == std::vector<std::int64_t>{2, 1});
  CHECK_FALSE(page.more);
  q.limit = 2;
  q.before = 3;
  page = query_audit(f.db, q);
  CHECK(ids(page) == std::vector<std::int64_t>{2, 1});
  CHECK_FALSE(page.more);  // exactly the limit left: no more
}
