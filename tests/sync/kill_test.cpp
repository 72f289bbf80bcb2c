// sunlight-sync killed with SIGKILL at random points of large applies: the replica is always at a
// consistent cursor, and catches up after a restart (DESIGN invariant 4).
#include <catch2/catch.hpp>

#include <fstream>
#include <random>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "core/crypto.hpp"
#include "core/date.hpp"
#include "core/import.hpp"
#include "feed/importer.hpp"
#include "feed/sealer.hpp"
#include "feed/store.hpp"
#include "feed/terminals.hpp"
#include "gen/district_generator.hpp"
#include "process.hpp"
#include "sync/replica.hpp"
#include "sync_fixture.hpp"
#include "temp_dir.hpp"

namespace sunlight::sync {
namespace {

namespace fs = std::filesystem;
using sunlight::testing::Process;
using sunlight::testing::TempDir;
using namespace testing;

void import_file(feed::Store& store, core::ImportKind kind, const fs::path& dir) {
  std::ifstream in(dir / std::string(core::import_file_name(kind)), std::ios::binary);
  feed::ImportRun run;
  run.actor = "test";
  run.file_name = std::string(core::import_file_name(kind));
  run.now = core::now_utc();
  REQUIRE(feed::import_csv(store, kind, in, run).report.ok());
}

// Seals now what the import left pending, so the server's background sealer does not move the
// head while the test compares cursors with it.
void seal_all(feed::Store& store) {
  feed::SealOptions options;
  options.now = core::now_utc();
  feed::seal_pending(store, options);
}

std::int64_t scalar(SQLite::Database& db, const std::string& sql) { return db.execAndGet(sql).getInt64(); }

// What a replica holds, as rows, for comparing two replicas exactly.
std::vector<std::string> rows(SQLite::Database& db, const std::string& sql) {
  std::vector<std::string> out;
  SQLite::Statement q(db, sql);
  while (q.executeStep()) {
    std::string row;
    for (int c = 0; c < q.getColumnCount(); ++c) row += q.getColumn(c).getString() + "|";
    out.push_back(std::move(row));
  }
  return out;
}

constexpr const char* kAggregates =
    "SELECT fund, region, month, plan_fen, approve_fen, allocate_fen, disburse_fen, paid_fen, payments, beneficiaries "
    "FROM aggregates ORDER BY 1, 2, 3";
constexpr const char* kRollups = "SELECT * FROM rollups WHERE plan_fen OR approve_fen OR allocate_fen OR disburse_fen "
                                 "OR paid_fen OR payments OR beneficiaries ORDER BY 1, 2, 3";

// The public cursor of a replica file; 0 when there is none yet.
std::int64_t cursor_of(const fs::path& replica_path) {
  if (!fs::exists(replica_path)) return 0;
  SQLite::Database db(replica_path.string());
  SQLite::Statement q(db, "SELECT cursor FROM streams WHERE stream = 'public'");
  return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

// The replica after a kill: intact, and holding exactly what its cursor says — nothing of a page
// beyond it, nothing half applied.
void check_consistent(const fs::path& replica_path, std::int64_t lowest, std::int64_t highest) {
  if (!fs::exists(replica_path)) return;  // killed before it was created
  SQLite::Database db(replica_path.string(), SQLite::OPEN_READWRITE);  // read-write: recovers the WAL like a restart
  REQUIRE(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
  if (db.execAndGet("PRAGMA user_version").getInt() == 0) return;  // killed while creating the schema
  SQLite::Statement cursor(db, "SELECT cursor FROM streams WHERE stream = 'public'");
  if (!cursor.executeStep()) {
    // Never bootstrapped: nothing of a snapshot may be there.
    CHECK(scalar(db, "SELECT count(*) FROM aggregates") == 0);
    CHECK(scalar(db, "SELECT count(*) FROM regions") == 0);
    return;
  }
  const auto at = cursor.getColumn(0).getInt64();
  CHECK(at >= lowest);
  CHECK(at <= highest);
  for (const char* table : {"regions", "funds", "aggregates", "notices"})
    CHECK(scalar(db, std::string("SELECT coalesce(max(seq), 0) FROM ") + table) <= at);
  // The running totals agree with the aggregates they were built from.
  CHECK(rows(db, "SELECT fund, sum(paid_fen), sum(plan_fen), sum(payments) FROM aggregates GROUP BY fund HAVING "
                 "sum(paid_fen) OR sum(plan_fen) OR sum(payments) ORDER BY fund") ==
        rows(db, "SELECT fund, paid_fen, plan_fen, payments FROM rollups WHERE region = '500112' AND period = 'all' "
                 "AND (paid_fen OR plan_fen OR payments) ORDER BY fund"));
}

}  // namespace

TEST_CASE("sunlight-sync killed with SIGKILL at random points of a large apply always restarts from a consistent "
          "cursor and catches up", "[sync][kill]") {
  core::crypto_init();
  TempDir dir("sync-kill");
  const auto village = dir / "village";
  const auto town = dir / "town";
  gen::generate_district(gen::GeneratorOptions{}, village);
  gen::GeneratorOptions big;
  big.scale = gen::Scale::Town;
  gen::generate_district(big, town);

  const auto data = dir / "feed";
  fs::create_directories(data);
  auto key = core::SigningKey::generate();
  std::ofstream(data / "signing.key") << key.to_text() << "\n";
  std::string token;
  {
    feed::Store store(feed::store_file(data).string());
    feed::save_seal_params(store, core::SealParams::minimum(core::random_bytes(16)));
    for (const auto kind : {core::ImportKind::Regions, core::ImportKind::Funds, core::ImportKind::Stages})
      import_file(store, kind, town);
    import_file(store, core::ImportKind::Payments, village);
    seal_all(store);
    token = feed::enroll_terminal(store.db(), feed::TerminalKind::Display, "500112", "大屏", "test", core::now_utc()).token;
  }
  RunningFeed feed(data);
  const auto write_config = [&](const fs::path& replica_dir) {
    const auto path = replica_dir.string() + ".toml";
    std::ofstream(path) << "[terminal]\nkind = \"display\"\ndata_dir = \"" << replica_dir.string() << "\"\n\n[feed]\nurl = \""
                        << feed.url() << "\"\nscope = \"500112\"\ndevice_token = \"" << token << "\"\npublic_key = \""
                        << key.public_key().to_text() << "\"\npage_entries = 100\n";
    return path;
  };
  const auto once = [&](const std::string& config) {
    Process p(SUNLIGHT_SYNC_BIN, {"once", "--config", config});
    return p.wait();
  };

  // A reference run, uninterrupted, to know how long one takes and what it ends with.
  const auto reference = dir / "reference";
  const auto reference_config = write_config(reference);
  REQUIRE(once(reference_config) == 0);
  // Timed on a second fresh replica: the first run also waited for the server to render the
  // district's snapshot, which it then serves from its cache.
  const auto timing = dir / "timing";
  const auto started = std::chrono::steady_clock::now();
  REQUIRE(once(write_config(timing)) == 0);
  const auto full_run = std::chrono::steady_clock::now() - started;
  std::int64_t first_head = 0;
  {
    SQLite::Database db(replica_file(reference).string());
    first_head = scalar(db, "SELECT cursor FROM streams WHERE stream = 'public'");
    REQUIRE(scalar(db, "SELECT count(*) FROM aggregates") > 300);
  }

  std::mt19937 rng(20261129);
  // Kills `once` runs at random moments until `wanted` kills have landed while it was still
  // running, at most 4 × wanted attempts. A run that got to the end before its kill is checked
  // too, and then the replica is put back where the phase started (`start`, or no replica at
  // all), so that every run has the whole download or catch-up still to do.
  const auto kill_at_random = [&](const std::string& config, const fs::path& replica_dir, const fs::path& start,
                                  std::int64_t lowest, std::int64_t highest, int wanted) {
    // Anywhere from the start to 90 % of an uninterrupted run: most kills land in the middle of
    // a download or an apply, a few before the replica even exists.
    const auto run_ms = std::chrono::duration_cast<std::chrono::milliseconds>(full_run).count();
    std::uniform_int_distribution<long> delay(0, run_ms * 9 / 10);
    int killed_running = 0;
    for (int attempt = 0; attempt < 4 * wanted && killed_running < wanted; ++attempt) {
      Process p(SUNLIGHT_SYNC_BIN, {"once", "--config", config});
      std::this_thread::sleep_for(std::chrono::milliseconds(delay(rng)));
      if (p.running()) ++killed_running;
      p.signal(SIGKILL);
      p.wait();
      check_consistent(replica_file(replica_dir), lowest, highest);
      if (cursor_of(replica_file(replica_dir)) == highest) {
        fs::remove_all(replica_dir);
        if (!start.empty()) fs::copy(start, replica_dir, fs::copy_options::recursive);
      }
    }
    return killed_running;
  };

  // 1. Killed during the bootstrap: a district snapshot of a whole town's aggregates.
  const auto victim = dir / "victim";
  const auto victim_config = write_config(victim);
  CHECK(kill_at_random(victim_config, victim, {}, first_head, first_head, 8) == 8);
  REQUIRE(once(victim_config) == 0);
  {
    SQLite::Database a(replica_file(reference).string());
    SQLite::Database b(replica_file(victim).string());
    CHECK(rows(a, kAggregates) == rows(b, kAggregates));
    CHECK(rows(a, kRollups) == rows(b, kRollups));
  }

  // 2. Killed while catching up over many pages of changes: the town's payments arrive.
  // With the server stopped, so that its background sealer cannot move the head afterwards.
  feed.stop();
  {
    feed::Store store(feed::store_file(data).string());
    import_file(store, core::ImportKind::Payments, town);
    seal_all(store);
  }
  feed.start();
  std::int64_t second_head = 0;
  REQUIRE(eventually([&] {
    const auto fresh = dir / "fresh";
    fs::remove_all(fresh);
    if (once(write_config(fresh)) != 0) return false;
    SQLite::Database db(replica_file(fresh).string());
    second_head = scalar(db, "SELECT cursor FROM streams WHERE stream = 'public'");
    return second_head > first_head;
  }));
  REQUIRE(second_head - first_head > 300);  // several pages of 100
  const auto at_first_head = dir / "victim-at-first-head";
  fs::copy(victim, at_first_head, fs::copy_options::recursive);
  CHECK(kill_at_random(victim_config, victim, at_first_head, first_head, second_head, 8) == 8);
  REQUIRE(once(victim_config) == 0);
  {
    SQLite::Database fresh(replica_file(dir / "fresh").string());
    SQLite::Database b(replica_file(victim).string());
    CHECK(scalar(b, "SELECT cursor FROM streams WHERE stream = 'public'") == second_head);
    CHECK(rows(fresh, kAggregates) == rows(b, kAggregates));
    // Built by GROUP BY from a snapshot on one side, by adding differences page by page on the
    // other: the same totals.
    CHECK(rows(fresh, kRollups) == rows(b, kRollups));
  }
}

}  // namespace sunlight::sync
