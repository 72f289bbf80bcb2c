// The sync engine against a real feed on 127.0.0.1: bootstrap, polls, people, lookups, the server going away and coming back.
#include <catch2/catch.hpp>

#include <array>
#include <fstream>
#include <map>
#include <sstream>

#include <SQLiteCpp/Statement.h>

#include "core/date.hpp"
#include "core/signing.hpp"
#include "feed/notices.hpp"
#include "feed/store.hpp"
#include "feed/terminals.hpp"
#include "feed/users.hpp"
#include "sync/feed_sync.hpp"
#include "sync/person_lookup.hpp"
#include "sync_fixture.hpp"
#include "temp_dir.hpp"

namespace sunlight::sync {
namespace {

using feed::testing::FeedFixture;
using sunlight::testing::TempDir;
using namespace testing;

// A cadre of the fixture's village publishes a notice through the same functions the cadre API uses.
std::int64_t publish_notice(const FeedFixture& fixture, const std::string& title) {
  feed::Store store(feed::store_file(fixture.dir).string());
  const auto session = feed::login(store.db(), fixture.cadre, fixture.cadre_password, "127.0.0.1", core::now_utc(),
                                   std::chrono::hours(1));
  feed::NoticeDraft draft;
  draft.region_code = fixture.village;
  draft.title = title;
  draft.body = "请各户派一人参加。";
  return feed::create_notice(store.db(), session.user, draft, "127.0.0.1", core::now_utc()).id;
}

bool has_notice(const TerminalData& data, const std::string& title) {
  for (const auto& n : data.notices)
    if (n.title == title) return true;
  return false;
}

}  // namespace

TEST_CASE("a kiosk bootstraps both streams, then polls with 304s over kept-alive connections", "[sync]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  TempDir dir("sync-bootstrap");
  FeedSync sync(terminal_config(fixture, feed.url(), dir.path()));

  CHECK_FALSE(sync.data()->has_public);
  CHECK(sync.status()->connection == SyncStatus::Connection::Starting);

  const auto first = sync.run_round();
  REQUIRE(first.ok);
  CHECK(first.changed);
  const auto status = sync.status();
  CHECK(status->connection == SyncStatus::Connection::Online);
  CHECK(status->problem.empty());
  CHECK(status->has_data);
  CHECK(status->people_ready);
  CHECK(status->public_seq > 0);
  CHECK(status->bootstraps == 2);

  const auto data = sync.data();
  CHECK(data->has_public);
  CHECK(data->regions.self.code == fixture.village);
  CHECK_FALSE(data->regions.self.name.empty());
  CHECK(data->regions.ancestors.size() == 2);
  CHECK_FALSE(data->notices.empty());
  CHECK_FALSE(data->fund_totals.empty());
  CHECK(data->person_count > 0);

  // Nothing new: every further round is a 304 on the same keep-alive connection.
  for (int i = 0; i < 5; ++i) {
    const auto again = sync.run_round();
    CHECK(again.ok);
    CHECK_FALSE(again.changed);
  }
  CHECK(sync.status()->public_seq == status->public_seq);
  // Keep-alive: sunlight-feed (cpp-httplib) closes a connection after 5 requests, nginx after
  // 1000; either way most requests ride an open connection.
  CHECK(sync.status()->requests_made >= 9);
  CHECK(sync.status()->connections_opened * 3 < sync.status()->requests_made);
  CHECK(sync.data() == data);  // no change, no new snapshot for the screens
}

TEST_CASE("a notice a cadre publishes reaches the kiosk on the next poll, and a restart keeps the replica",
          "[sync]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  TempDir dir("sync-notice");
  std::int64_t seq_before = 0;
  {
    FeedSync sync(terminal_config(fixture, feed.url(), dir.path()));
    REQUIRE(sync.run_round().ok);
    seq_before = sync.status()->public_seq;
    publish_notice(fixture, "关于召开村民代表大会的通知");
    // The server notices the head moved within its refresh interval.
    REQUIRE(eventually([&] { return sync.run_round().changed; }));
    CHECK(has_notice(*sync.data(), "关于召开村民代表大会的通知"));
    CHECK(sync.status()->public_seq > seq_before);
    CHECK(sync.status()->bootstraps == 2);
  }
  // A new process on the same data dir shows the data before any request.
  FeedSync restarted(terminal_config(fixture, feed.url(), dir.path()));
  CHECK(restarted.data()->has_public);
  CHECK(has_notice(*restarted.data(), "关于召开村民代表大会的通知"));
  REQUIRE(restarted.run_round().ok);
  CHECK(restarted.status()->bootstraps == 0);  // continued from its cursor, no snapshot
}

TEST_CASE("server down at first start: the status says so, and data arrives once it is up, without a restart",
          "[sync]") {
  FeedFixture fixture;
  const int port = unused_port();
  TempDir dir("sync-down");
  FeedSync sync(terminal_config(fixture, "http://127.0.0.1:" + std::to_string(port), dir.path()));
  const auto failed = sync.run_round();
  CHECK_FALSE(failed.ok);
  auto status = sync.status();
  CHECK(status->connection == SyncStatus::Connection::Offline);
  CHECK(status->problem == "unreachable");
  CHECK_FALSE(status->last_error.empty());
  CHECK_FALSE(status->has_data);
  CHECK_FALSE(sync.data()->has_public);  // the screens say "no data yet"

  sync.start();
  RunningFeed feed(fixture.dir, port);
  // Back-off starts at 2 s (±20 %) and doubles; the first retries land within a few seconds.
  REQUIRE(eventually([&] { return sync.data()->has_public && sync.status()->people_ready; }, 20.0));
  CHECK(sync.status()->connection == SyncStatus::Connection::Online);
  CHECK(sync.status()->problem.empty());
  sync.stop();
}

TEST_CASE("a lookup finds a sampled villager, says not found for an ID without payments, refuses a bad ID, "
          "and wipes what was typed", "[sync][lookup]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  TempDir dir("sync-lookup");
  const auto replica = replica_file(dir.path());
  {
    std::string typed = fixture.sample_ids.front();
    CHECK(lookup_person(replica, typed).outcome == LookupResult::Outcome::NotReady);
    CHECK(typed.empty());
  }
  FeedSync sync(terminal_config(fixture, feed.url(), dir.path()));
  REQUIRE(sync.run_round().ok);

  std::string typed = fixture.sample_ids.front();
  const auto found = lookup_person(replica, typed);
  CHECK(typed.empty());
  REQUIRE(found.outcome == LookupResult::Outcome::Found);
  REQUIRE(found.statement);
  CHECK(found.statement->payment_count > 0);
  CHECK(found.statement->masked_id.find("********") != std::string::npos);
  CHECK_FALSE(found.statement->years.empty());

  std::string nobody = fixture.sample_ids.back();  // the generator's sample with no payments
  CHECK(lookup_person(replica, nobody).outcome == LookupResult::Outcome::NotFound);

  std::string wrong_check = fixture.sample_ids.front();
  wrong_check.back() = wrong_check.back() == '0' ? '1' : '0';
  const auto invalid = lookup_person(replica, wrong_check);
  CHECK(invalid.outcome == LookupResult::Outcome::InvalidId);
  CHECK(invalid.problem.code == "id.check_digit");
  CHECK(wrong_check.empty());

  std::string garbage = "12345\x01\xff";
  CHECK(lookup_person(replica, garbage).outcome == LookupResult::Outcome::InvalidId);

  // Lower-case x, spaces and full-width digits are how people type; they find the same record.
  std::string spaced = fixture.sample_ids.front();
  spaced.insert(6, " ");
  spaced.insert(15, " ");
  CHECK(lookup_person(replica, spaced).outcome == LookupResult::Outcome::Found);
}

TEST_CASE("nothing a kiosk stores holds a resident ID in clear", "[sync][lookup]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  TempDir dir("sync-no-ids");
  FeedSync sync(terminal_config(fixture, feed.url(), dir.path()));
  REQUIRE(sync.run_round().ok);
  for (const auto& id : fixture.sample_ids) {
    std::string typed = id;
    (void)lookup_person(replica_file(dir.path()), typed);
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream read;
    read << in.rdbuf();
    const std::string bytes = read.str();
    for (const auto& id : fixture.sample_ids) {
      INFO(entry.path().filename().string());
      CHECK(bytes.find(id) == std::string::npos);
      CHECK(bytes.find(id.substr(6, 8)) == std::string::npos);  // not even the birth date run
    }
  }
}

TEST_CASE("a display of the town gets the public stream only, with totals per village", "[sync]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  TempDir dir("sync-display");
  FeedSync sync(terminal_config(fixture, feed.url(), dir.path(), TerminalKind::Display));
  REQUIRE(sync.run_round().ok);
  const auto data = sync.data();
  CHECK(data->has_public);
  CHECK_FALSE(data->has_people);
  CHECK(data->person_count == 0);
  CHECK(data->regions.self.code == fixture.town);
  REQUIRE_FALSE(data->regions.children.empty());
  CHECK_FALSE(data->child_totals.empty());
  CHECK_FALSE(data->months.empty());
  CHECK(data->months.size() <= 24 * data->fund_totals.size());
}

TEST_CASE("the totals the screens read equal sums over the aggregates the feed sent", "[sync]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  TempDir dir("sync-totals");
  FeedSync sync(terminal_config(fixture, feed.url(), dir.path(), TerminalKind::Display));
  REQUIRE(sync.run_round().ok);
  Replica replica(replica_file(dir.path()).string());
  SQLite::Statement sums(replica.db(),
                         "SELECT fund, sum(paid_fen), sum(plan_fen), sum(disburse_fen), sum(payments) FROM aggregates "
                         "WHERE region = ?1 OR region LIKE ?1 || '%' GROUP BY fund");
  sums.bind(1, fixture.town);
  std::map<std::string, std::array<std::int64_t, 4>> expected;
  while (sums.executeStep())
    expected[sums.getColumn(0).getString()] = {sums.getColumn(1).getInt64(), sums.getColumn(2).getInt64(),
                                               sums.getColumn(3).getInt64(), sums.getColumn(4).getInt64()};
  REQUIRE_FALSE(expected.empty());
  std::int64_t paid = 0;
  for (const auto& total : sync.data()->fund_totals) {
    const auto it = expected.find(total.fund.code);
    if (it == expected.end()) {
      CHECK(total.figures == Figures{});
      continue;
    }
    CHECK(total.figures.paid_fen == it->second[0]);
    CHECK(total.figures.plan_fen == it->second[1]);
    CHECK(total.figures.disburse_fen == it->second[2]);
    CHECK(total.figures.payments == it->second[3]);
    paid += total.figures.paid_fen;
  }
  CHECK(paid > 0);
}

TEST_CASE("the kiosk's heartbeat tells the feed its version, cursor, memory, frame time and last problem",
          "[sync]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  TempDir dir("sync-heartbeat");
  FeedSync sync(terminal_config(fixture, feed.url(), dir.path()));
  sync.report_frame_ms(4.5);
  REQUIRE(sync.run_round().ok);

  feed::Store store(feed::store_file(fixture.dir).string());
  std::optional<feed::Terminal> kiosk;
  for (auto& t : feed::list_terminals(store.db()))
    if (t.scope == fixture.village && t.kind == feed::TerminalKind::Kiosk) kiosk = t;
  REQUIRE(kiosk);
  REQUIRE(kiosk->last_seen_at);
  CHECK(kiosk->version == "sunlight-sync-test 0.1.0");
  // Sent after the round: the smaller of the two cursors.
  CHECK(kiosk->data_seq == std::min(sync.status()->public_seq, sync.status()->people_seq));
  CHECK(kiosk->memory_bytes > 1'000'000);
  CHECK(kiosk->frame_ms == Approx(4.5));
  CHECK(kiosk->last_error.empty());
  CHECK(feed::state_of(*kiosk, core::now_utc(), std::chrono::seconds(120), std::chrono::seconds(900)) ==
        feed::TerminalState::Online);
}

TEST_CASE("a wrong public key in the config costs nothing but a status: the replica is kept", "[sync]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  TempDir dir("sync-wrong-key");
  std::int64_t seq = 0;
  {
    FeedSync sync(terminal_config(fixture, feed.url(), dir.path()));
    REQUIRE(sync.run_round().ok);
    seq = sync.status()->public_seq;
  }
  {
    auto config = terminal_config(fixture, feed.url(), dir.path());
    config.public_key = core::SigningKey::generate().public_key().to_text();  // a typo that is still a key
    FeedSync sync(config);
    CHECK(sync.data()->has_public);
    CHECK_FALSE(sync.run_round().ok);
    CHECK(sync.status()->problem == "key_mismatch");
    CHECK(sync.data()->has_public);
    CHECK(sync.data()->person_count > 0);
    CHECK(sync.status()->public_seq == seq);
  }
  FeedSync fixed(terminal_config(fixture, feed.url(), dir.path()));
  REQUIRE(fixed.run_round().ok);
  CHECK(fixed.status()->bootstraps == 0);  // the data was never dropped: it simply carries on
  CHECK(fixed.status()->public_seq == seq);
}

TEST_CASE("an outbox message the feed answers 404 (no such endpoint yet) waits instead of being dropped",
          "[sync]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  TempDir dir("sync-outbox-404");
  FeedSync sync(terminal_config(fixture, feed.url(), dir.path()));
  REQUIRE(sync.run_round().ok);
  CHECK_THROWS_AS(sync.queue_message("v1/complaints", "{}"), std::invalid_argument);
  CHECK_THROWS_AS(sync.queue_message("/v1/complaints?x=1", "{}"), std::invalid_argument);
  // An endpoint a newer feed will have (a kiosk updated before its server): it waits.
  const auto key = sync.queue_message("/v1/not-yet", R"({"text":"低保金少发了一个月"})");
  CHECK(key.size() == 32);
  sync.run_round();
  CHECK(sync.status()->outbox.pending == 1);
  CHECK(sync.status()->outbox.refused == 0);
  CHECK(sync.status()->outbox.sent == 0);
}

}  // namespace sunlight::sync

