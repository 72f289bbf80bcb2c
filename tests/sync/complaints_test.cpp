// Complaints on the terminal's side: tracking numbers, the outbox while the feed is down, the body blanked after, complaint_stats, the online calls.
#include <catch2/catch.hpp>

#include <fstream>
#include <algorithm>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/complaint.hpp"
#include "core/date.hpp"
#include "fault_proxy.hpp"
#include "sync/complaints.hpp"
#include "sync/feed_sync.hpp"
#include "sync/queries.hpp"
#include "sync/replica.hpp"
#include "sync_fixture.hpp"
#include "temp_dir.hpp"

namespace sunlight::sync {
namespace {

using feed::testing::FeedFixture;
using nlohmann::json;
using sunlight::testing::TempDir;
using testing::FaultProxy;
using namespace testing;
using Mode = FaultProxy::Mode;

constexpr const char* kNow = "2026-11-29T02:15:00Z";
const std::string kTag(64, 'a');

std::string body_for(const std::string& tracking_no) { return json{{"tracking_no", tracking_no}}.dump(); }

ComplaintDraft payment_draft(std::string phone = "13800138000") {
  ComplaintDraft d;
  d.reason = core::ComplaintReason::AmountMismatch;
  d.subject.kind = ComplaintSubject::Kind::Payment;
  d.subject.person_tag = kTag;
  d.subject.programme = "耕地地力保护补贴";
  d.subject.paid_on = "2026-06-15";
  d.subject.amount_fen = 33920;
  d.phone = std::move(phone);
  return d;
}

std::string outbox_body(const std::filesystem::path& dir, const std::string& path = "/v1/complaints") {
  Replica replica(replica_file(dir).string());
  SQLite::Statement q(replica.db(), "SELECT body FROM outbox WHERE path = ? ORDER BY id DESC LIMIT 1");
  q.bind(1, path);
  return q.executeStep() ? q.getColumn(0).getString() : std::string("(none)");
}

// The complaint endpoints as docs/complaints.md describes them, answered by the proxy: the
// terminal's id, a sink for complaints (a key once; the same key again replays), and a status.
struct FakeComplaints {
  std::mutex mutex;
  int terminal_id = 7;
  int self_status = 200;
  int post_status = 201;
  std::string post_error = "bad_field";
  std::int64_t last_sequence = -1;  // sent in /v1/terminals/self when ≥ 0
  std::vector<FaultProxy::Request> posts;
  std::set<std::string> keys;

  FaultProxy::Route route() {
    return [this](const FaultProxy::Request& r) -> std::optional<FaultProxy::Reply> {
      std::lock_guard lock(mutex);
      FaultProxy::Reply reply;
      if (r.path == "/v1/terminals/self") {
        reply.status = self_status;
        json self{{"id", terminal_id}, {"kind", "kiosk"}, {"name", "柏树村"}};
        if (last_sequence >= 0) self["last_sequence"] = last_sequence;
        reply.body = self_status == 200 ? self.dump() : R"({"error":"not_found","detail":"no such endpoint"})";
        return reply;
      }
      if (r.path == "/v1/complaints" && r.method == "POST") {
        posts.push_back(r);
        reply.status = post_status;
        if (post_status == 201 && !keys.insert(r.headers.count("idempotency-key") ? r.headers.at("idempotency-key") : "").second)
          reply.status = 200;
        reply.body = post_status >= 400 ? json{{"error", post_error}, {"detail", "refused"}}.dump()
                                        : R"({"state":"received"})";
        return reply;
      }
      return std::nullopt;
    };
  }
};

FeedEntry stats_entry(std::int64_t seq, const std::string& region, json data) {
  FeedEntry e;
  e.seq = seq;
  e.kind = "complaint_stats";
  e.key = region;
  e.op = "upsert";
  e.region = region;
  e.at = kNow;
  e.data = std::move(data);
  return e;
}

json stats_data(const std::string& region) {
  return {{"region", region}, {"received", 3},  {"accepted", 1}, {"replied", 4},         {"closed", 9},
          {"closed_unresolved", 1},             {"total", 18},   {"overdue", 1},         {"answered", 14},
          {"answered_on_time", 12},             {"ratings", {0, 1, 0, 3, 6}}};
}

FeedBody public_snapshot(std::int64_t as_of, std::vector<FeedEntry> entries) {
  FeedBody b;
  b.snapshot = true;
  b.stream = Stream::Public;
  b.scope = "500112101201";
  b.log_id = "9d2c41e07a5b4f3e8c16d0b2a7f59e38";
  b.as_of = as_of;
  b.entries = std::move(entries);
  return b;
}

FeedBody public_changes(std::int64_t after, std::int64_t next, std::vector<FeedEntry> entries) {
  FeedBody b = public_snapshot(0, std::move(entries));
  b.snapshot = false;
  b.after = after;
  b.next = next;
  b.head = next;
  return b;
}

}  // namespace

TEST_CASE("tracking numbers: terminal id + a sequence that is never reused, across reopening and a failed issue",
          "[sync][complaints]") {
  TempDir dir("complaints-seq");
  const auto file = replica_file(dir.path()).string();
  std::vector<std::string> numbers;
  {
    Replica replica(file);
    const auto none = replica.complaint_add("/v1/complaints", body_for, kNow);
    CHECK(none.outcome == IssuedComplaint::Outcome::NoTerminalId);
    CHECK(none.tracking_no.empty());
    CHECK(replica.outbox_counts().pending == 0);

    replica.set_meta("terminal_id", "7");
    for (int i = 0; i < 3; ++i) {
      const auto issued = replica.complaint_add("/v1/complaints", body_for, kNow);
      REQUIRE(issued.outcome == IssuedComplaint::Outcome::Queued);
      numbers.push_back(issued.tracking_no);
    }
    // A body that cannot be made: nothing issued, nothing queued, the sequence not spent on it.
    CHECK_THROWS(replica.complaint_add("/v1/complaints", [](const std::string&) -> std::string { throw std::runtime_error("x"); },
                                       kNow));
  }
  CHECK(numbers[0] == core::make_tracking_number(7, 1).value());
  CHECK(numbers[1] == core::make_tracking_number(7, 2).value());
  CHECK(numbers[0].substr(0, 4) == "0007");
  {
    Replica reopened(file);
    const auto next = reopened.complaint_add("/v1/complaints", body_for, kNow);
    REQUIRE(next.outcome == IssuedComplaint::Outcome::Queued);
    CHECK(next.sequence == 4);
    numbers.push_back(next.tracking_no);
    // A new id (a re-enrolled kiosk) keeps counting: numbers stay unique even within the kiosk.
    reopened.set_meta("terminal_id", "12");
    const auto other = reopened.complaint_add("/v1/complaints", body_for, kNow);
    CHECK(other.sequence == 5);
    CHECK(other.tracking_no == core::make_tracking_number(12, 5).value());
    numbers.push_back(other.tracking_no);
    CHECK(reopened.complaints_issued() == numbers);
    CHECK(reopened.outbox_counts().pending == 5);
  }
  CHECK(std::set<std::string>(numbers.begin(), numbers.end()).size() == numbers.size());
  for (const auto& n : numbers) CHECK(core::parse_tracking_number(n));
}

TEST_CASE("the last sequence of a kiosk is 99999; after it filing is refused, never wrapped", "[sync][complaints][hostile]") {
  Replica replica(":memory:");
  replica.set_meta("terminal_id", "9999");
  replica.db().exec("INSERT INTO complaints VALUES(99998, 9999, 'x', 0, '')");
  const auto last = replica.complaint_add("/v1/complaints", body_for, kNow);
  REQUIRE(last.outcome == IssuedComplaint::Outcome::Queued);
  CHECK(last.tracking_no == core::make_tracking_number(9999, 99999).value());
  CHECK(replica.complaint_add("/v1/complaints", body_for, kNow).outcome == IssuedComplaint::Outcome::Exhausted);
  replica.set_meta("terminal_id", "garbage");
  CHECK(replica.complaint_add("/v1/complaints", body_for, kNow).outcome == IssuedComplaint::Outcome::NoTerminalId);
}

TEST_CASE("a kiosk that never reached the feed refuses to file, saying why", "[sync][complaints]") {
  FeedFixture fixture;
  TempDir dir("complaints-no-id");
  FeedSync sync(terminal_config(fixture, "http://127.0.0.1:" + std::to_string(unused_port()), dir.path()));
  CHECK_FALSE(sync.run_round().ok);
  CHECK(sync.status()->terminal_id == 0);
  const auto filed = sync.file_complaint(payment_draft());
  CHECK(filed.outcome == FiledComplaint::Outcome::NoTerminalId);
  CHECK(filed.tracking_no.empty());
  CHECK_THAT(filed.error, Catch::Contains("terminal id"));
  CHECK(sync.status()->outbox.pending == 0);
}

TEST_CASE("a draft the server would refuse is refused before anything is issued", "[sync][complaints][hostile]") {
  FeedFixture fixture;
  TempDir dir("complaints-draft");
  FeedSync sync(terminal_config(fixture, "http://127.0.0.1:9", dir.path()));
  for (const auto* phone : {"1380013800", "138001380001", "12800138000", "1380013800a", "+8613800138000"}) {
    INFO(phone);
    CHECK_THROWS_WITH(sync.file_complaint(payment_draft(phone)), Catch::Contains("phone") && !Catch::Contains(phone));
  }
  auto no_tag = payment_draft();
  no_tag.subject.person_tag = "500112199003070934";  // a resident ID is never a tag
  CHECK_THROWS_WITH(sync.file_complaint(no_tag), Catch::Contains("person_tag"));
  ComplaintDraft notice;
  notice.subject.kind = ComplaintSubject::Kind::Notice;
  CHECK_THROWS(sync.file_complaint(notice));
  CHECK(sync.status()->outbox.pending == 0);
}

TEST_CASE("filed while the feed is down: the number at once, delivered exactly once when it returns, the phone "
          "blanked after",
          "[sync][complaints]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  FaultProxy proxy(feed.port());
  FakeComplaints server;
  proxy.set_route(server.route());
  TempDir dir("complaints-outbox");
  FeedSync sync(terminal_config(fixture, proxy.url(), dir.path()));

  REQUIRE(sync.run_round().ok);
  CHECK(sync.status()->terminal_id == 7);
  CHECK(proxy.requests("/v1/terminals/self") == 1);
  REQUIRE(sync.run_round().ok);
  CHECK(proxy.requests("/v1/terminals/self") == 1);  // learned: not asked again

  proxy.set_mode(Mode::Reset);  // the village's line goes down
  const auto filed = sync.file_complaint(payment_draft());
  REQUIRE(filed.outcome == FiledComplaint::Outcome::Queued);
  const auto number = core::parse_tracking_number(filed.tracking_no);
  REQUIRE(number);
  CHECK(number->terminal_id == 7);
  CHECK(number->sequence == 1);
  for (int i = 0; i < 3; ++i) CHECK_FALSE(sync.run_round().ok);
  CHECK(sync.status()->outbox.pending == 1);
  CHECK_THAT(outbox_body(dir.path()), Catch::Contains("13800138000"));  // kept until the server has it
  CHECK(server.posts.empty());

  proxy.set_mode(Mode::Pass);
  REQUIRE(sync.run_round().ok);
  REQUIRE(sync.run_round().ok);
  CHECK(sync.status()->outbox.pending == 0);
  CHECK(sync.status()->outbox.sent == 1);
  std::lock_guard lock(server.mutex);
  REQUIRE(server.posts.size() == 1);
  const auto& post = server.posts.front();
  CHECK(post.headers.count("idempotency-key") == 1);
  CHECK(post.headers.at("authorization") == "Bearer " + fixture.kiosk_token);
  const auto body = json::parse(post.body);
  CHECK(body["tracking_no"] == filed.tracking_no);
  CHECK(body["reason"] == "amount_mismatch");
  CHECK(body["subject"] == json{{"kind", "payment"},
                                {"person_tag", kTag},
                                {"programme", "耕地地力保护补贴"},
                                {"paid_on", "2026-06-15"},
                                {"amount_fen", 33920}});
  CHECK(body["phone"] == "13800138000");
  CHECK(core::parse_utc_iso(body["filed_at"].get<std::string>()));
  // The server has it: no phone on this disk any more, the row kept for the counts.
  CHECK(outbox_body(dir.path()).empty());
  Replica replica(replica_file(dir.path()).string());
  CHECK(replica.complaints_issued() == std::vector<std::string>{filed.tracking_no});
  CHECK(replica.complaint_local_state(filed.tracking_no) == LocalComplaint::Sent);
  // Nor in a freed page of the file, nor in the WAL (secure_delete, a checkpoint after blanking).
  for (const auto* suffix : {"", "-wal"}) {
    const auto raw = replica_file(dir.path()).string() + suffix;
    INFO(raw);
    std::ifstream in(raw, std::ios::binary | std::ios::ate);
    std::string bytes(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())), '\0');
    in.seekg(0);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    CHECK(bytes.find("13800138000") == std::string::npos);
  }
}

TEST_CASE("a wiped replica issues above the server's last sequence; an id learned under another token is not used",
          "[sync][complaints][hostile]") {
  {
    Replica replica(":memory:");
    replica.set_meta("terminal_id", "7");
    replica.set_meta("terminal_last_sequence", "41");
    const auto issued = replica.complaint_add("/v1/complaints", body_for, kNow);
    REQUIRE(issued.outcome == IssuedComplaint::Outcome::Queued);
    CHECK(issued.sequence == 42);
    CHECK(replica.complaint_local_state(issued.tracking_no) == LocalComplaint::Pending);
    CHECK(replica.complaint_local_state(core::make_tracking_number(7, 3).value()) == LocalComplaint::None);
    // The local count ahead of the server's (complaints still queued): the local one wins.
    replica.set_meta("terminal_last_sequence", "10");
    CHECK(replica.complaint_add("/v1/complaints", body_for, kNow).sequence == 43);
    // Another token than the one the id was learned under: a cloned or re-enrolled kiosk.
    replica.set_meta("terminal_token", token_fingerprint("token-a"));
    CHECK(replica.complaint_add("/v1/complaints", body_for, kNow, token_fingerprint("token-b")).outcome ==
          IssuedComplaint::Outcome::NoTerminalId);
    CHECK(replica.complaint_add("/v1/complaints", body_for, kNow, token_fingerprint("token-a")).sequence == 44);
  }
  CHECK(token_fingerprint("token-a").size() == 16);
  CHECK(token_fingerprint("token-a") != token_fingerprint("token-b"));

  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  FaultProxy proxy(feed.port());
  FakeComplaints server;
  server.last_sequence = 5;  // the server holds 0007000011…0007000051 from before the wipe
  proxy.set_route(server.route());
  TempDir dir("complaints-wiped");
  auto config = terminal_config(fixture, proxy.url(), dir.path());
  {
    FeedSync sync(config);
    REQUIRE(sync.run_round().ok);
    CHECK(sync.status()->terminal_id == 7);
    const auto filed = sync.file_complaint(payment_draft());
    REQUIRE(filed.outcome == FiledComplaint::Outcome::Queued);
    CHECK(core::parse_tracking_number(filed.tracking_no)->sequence == 6);
  }
  // The same disk under another device token: the id learned before is not this kiosk's.
  config.device_token = "sl_dev_" + std::string(43, 'Q');
  FeedSync clone(config);
  CHECK(clone.file_complaint(payment_draft()).outcome == FiledComplaint::Outcome::NoTerminalId);
}

TEST_CASE("a complaint the server refuses as another's number (409 duplicate_tracking) is the operator's problem",
          "[sync][complaints][hostile]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  FaultProxy proxy(feed.port());
  FakeComplaints server;
  proxy.set_route(server.route());
  TempDir dir("complaints-duplicate");
  FeedSync sync(terminal_config(fixture, proxy.url(), dir.path()));
  REQUIRE(sync.run_round().ok);
  server.post_status = 409;
  server.post_error = "duplicate_tracking";
  const auto filed = sync.file_complaint(payment_draft());
  REQUIRE(filed.outcome == FiledComplaint::Outcome::Queued);
  (void)sync.run_round();
  CHECK(sync.status()->outbox.refused == 1);
  CHECK(sync.status()->outbox.duplicate_tracking == 1);
  CHECK(sync.status()->problem == "duplicate_tracking");
  CHECK_THAT(sync.status()->last_error, Catch::Contains("tracking number"));
  CHECK(sync.local_complaint(filed.tracking_no) == LocalComplaint::Refused);
}

TEST_CASE("a complaint the server refuses is kept for the operator without its phone, and the next one still goes",
          "[sync][complaints][hostile]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  FaultProxy proxy(feed.port());
  FakeComplaints server;
  proxy.set_route(server.route());
  TempDir dir("complaints-refused");
  FeedSync sync(terminal_config(fixture, proxy.url(), dir.path()));
  REQUIRE(sync.run_round().ok);

  server.post_status = 400;
  REQUIRE(sync.file_complaint(payment_draft()).outcome == FiledComplaint::Outcome::Queued);
  (void)sync.run_round();
  CHECK(sync.status()->outbox.refused == 1);
  const auto kept = json::parse(outbox_body(dir.path()));
  CHECK_FALSE(kept.contains("phone"));
  CHECK(kept["reason"] == "amount_mismatch");

  server.post_status = 503;  // busy: waits, with the phone, for the next round
  ComplaintDraft general;
  general.reason = core::ComplaintReason::Suggestion;
  general.phone = "19912345678";
  const auto second = sync.file_complaint(general);
  REQUIRE(second.outcome == FiledComplaint::Outcome::Queued);
  CHECK(core::parse_tracking_number(second.tracking_no)->sequence == 2);
  (void)sync.run_round();
  CHECK(sync.status()->outbox.pending == 1);
  server.post_status = 201;
  (void)sync.run_round();
  CHECK(sync.status()->outbox.pending == 0);
  CHECK(sync.status()->outbox.sent == 1);
  std::lock_guard lock(server.mutex);
  REQUIRE(server.posts.size() == 3);
  CHECK(server.posts[1].headers.at("idempotency-key") == server.posts[2].headers.at("idempotency-key"));
  CHECK(json::parse(server.posts[2].body)["subject"] == json{{"kind", "none"}});
}

TEST_CASE("a feed without /v1/terminals/self: the kiosk keeps syncing and asks again later, not every round",
          "[sync][complaints]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  FaultProxy proxy(feed.port());
  FakeComplaints server;
  server.self_status = 404;
  proxy.set_route(server.route());
  TempDir dir("complaints-no-self");
  FeedSync sync(terminal_config(fixture, proxy.url(), dir.path()));
  for (int i = 0; i < 4; ++i) REQUIRE(sync.run_round().ok);
  CHECK(sync.status()->problem.empty());
  CHECK(sync.status()->terminal_id == 0);
  CHECK(proxy.requests("/v1/terminals/self") == 1);
}

TEST_CASE("complaint_stats entries are kept per region and the scope's is in TerminalData", "[sync][complaints]") {
  Replica replica(":memory:");
  replica.apply(public_snapshot(3, {stats_entry(1, "500112", stats_data("500112")),
                                    stats_entry(2, "500112101201", stats_data("500112101201"))}),
                kNow);
  auto village = complaint_stats(replica.db(), "500112101201");
  REQUIRE(village);
  CHECK(village->received == 3);
  CHECK(village->closed_unresolved == 1);
  CHECK(village->total == 18);
  CHECK(village->answered_on_time == 12);
  CHECK(village->ratings == std::array<std::int64_t, 5>{0, 1, 0, 3, 6});
  CHECK_FALSE(complaint_stats(replica.db(), "500112101"));

  auto changed = stats_data("500112101201");
  changed["total"] = 19;
  changed["received"] = 4;
  replica.apply(public_changes(3, 4, {stats_entry(4, "500112101201", changed)}), kNow);
  const auto data = load_terminal_data(replica, "500112101201", kNow);
  REQUIRE(data->complaints);
  CHECK(data->complaints->total == 19);
  CHECK(data->complaints->region == "500112101201");
  CHECK_FALSE(load_terminal_data(replica, "500112102201", kNow)->complaints);

  // A new snapshot replaces them all.
  replica.apply(public_snapshot(10, {}), kNow);
  CHECK_FALSE(complaint_stats(replica.db(), "500112101201"));
}

TEST_CASE("a complaint_stats entry with a missing, negative or malformed field is refused like any bad entry",
          "[sync][complaints][hostile]") {
  const auto refused = [](json data, std::string key = "500112101201") {
    Replica replica(":memory:");
    replica.apply(public_snapshot(1, {stats_entry(1, "500112101201", stats_data("500112101201"))}), kNow);
    try {
      replica.apply(public_changes(1, 2, {stats_entry(2, key, std::move(data))}), kNow);
    } catch (const BodyError& e) {
      // Nothing of the page applied: the old counts and the cursor stand.
      CHECK(complaint_stats(replica.db(), "500112101201")->total == 18);
      CHECK(replica.stream_state(Stream::Public).cursor == 1);
      return std::string(e.what());
    }
    return std::string("(applied)");
  };
  for (const char* name : {"received", "accepted", "replied", "closed", "closed_unresolved", "total", "overdue",
                           "answered", "answered_on_time", "ratings", "region"}) {
    INFO(name);
    auto missing = stats_data("500112101201");
    missing.erase(name);
    CHECK_THAT(refused(missing), Catch::Contains(name));
    if (std::string(name) == "ratings" || std::string(name) == "region") continue;
    auto negative = stats_data("500112101201");
    negative[name] = -1;
    CHECK_THAT(refused(negative), Catch::Contains("negative"));
    auto text = stats_data("500112101201");
    text[name] = "3";
    CHECK_THAT(refused(text), Catch::Contains("whole number"));
  }
  auto ratings = stats_data("500112101201");
  ratings["ratings"] = {0, 1, 0, 3};
  CHECK_THAT(refused(ratings), Catch::Contains("ratings"));
  ratings["ratings"] = {0, 1, 0, 3, -6};
  CHECK_THAT(refused(ratings), Catch::Contains("ratings"));
  ratings["ratings"] = {0, 1, 0, 3, 1.5};
  CHECK_THAT(refused(ratings), Catch::Contains("ratings"));
  ratings["ratings"] = "0,1,0,3,6";
  CHECK_THAT(refused(ratings), Catch::Contains("ratings"));
  CHECK_THAT(refused(stats_data("500112101202")), Catch::Contains("region"));  // data for another key
  CHECK_THAT(refused(stats_data("5001121012"), "5001121012"), Catch::Contains("region"));
}

TEST_CASE("a replica from before complaints starts its public stream over, keeping its data on screen till then",
          "[sync][complaints]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  TempDir dir("complaints-upgrade");
  {
    FeedSync sync(terminal_config(fixture, feed.url(), dir.path()));
    REQUIRE(sync.run_round().ok);
  }
  {
    // What schema 1 left: no complaint tables, no personal column, user_version 1.
    SQLite::Database db(replica_file(dir.path()).string(), SQLite::OPEN_READWRITE);
    db.exec("DROP TABLE complaint_stats; DROP TABLE complaints; ALTER TABLE outbox DROP COLUMN personal; "
            "PRAGMA user_version = 1");
  }
  {
    Replica upgraded(replica_file(dir.path()).string());
    CHECK(upgraded.meta("rebootstrap_public") == "1");
    CHECK(upgraded.stream_state(Stream::Public).bootstrapped);  // the old data is still there
  }
  FeedSync sync(terminal_config(fixture, feed.url(), dir.path()));
  CHECK(sync.data()->has_public);
  REQUIRE(sync.run_round().ok);
  CHECK(sync.status()->bootstraps == 1);  // the public stream only; people continued from its cursor
  Replica after(replica_file(dir.path()).string());
  CHECK(after.meta("rebootstrap_public").empty());
  // A fresh replica has nothing to start over.
  Replica fresh(":memory:");
  CHECK(fresh.meta("rebootstrap_public").empty());
}

TEST_CASE("progress and rating online: each outcome in the kiosk's words, the key sent, offline said as offline",
          "[sync][complaints]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  FaultProxy proxy(feed.port());
  const auto number = core::make_tracking_number(7, 42).value();
  const json replied{{"tracking_no", number},
                     {"reason", "amount_mismatch"},
                     {"state", "replied"},
                     {"received_at", "2026-11-29T02:15:03Z"},
                     {"deadline_at", "2026-12-04T15:59:59Z"},
                     {"overdue", false},
                     {"reply", {{"text", "已核实，差额将于12月补发。"}, {"at", "2026-12-01T03:00:00Z"}, {"by", "李军（村干部）"}}},
                     {"rating", nullptr},
                     {"can_rate", true}};
  std::mutex mutex;
  std::vector<FaultProxy::Request> seen;
  int rating_status = 200;
  proxy.set_route([&](const FaultProxy::Request& r) -> std::optional<FaultProxy::Reply> {
    std::lock_guard lock(mutex);
    if (r.path.rfind("/v1/complaints/", 0) != 0) return std::nullopt;
    seen.push_back(r);
    FaultProxy::Reply reply;
    if (r.path == "/v1/complaints/" + number + "/status") {
      reply.body = replied.dump();
    } else if (r.path == "/v1/complaints/" + number + "/rating") {
      reply.status = rating_status;
      auto rated = replied;
      rated["rating"] = 5;
      rated["can_rate"] = false;
      reply.body = rating_status == 200 ? rated.dump()
                   : rating_status == 409 ? R"({"error":"already_rated","detail":"rated once"})"
                                          : R"({"error":"internal","detail":"x"})";
    } else {
      reply.status = 404;
      reply.body = R"({"error":"unknown_complaint","detail":"no such complaint"})";
    }
    return reply;
  });
  TempDir dir("complaints-calls");
  const auto config = terminal_config(fixture, proxy.url(), dir.path());

  const auto shown = fetch_complaint_status(config, number);
  REQUIRE(shown.outcome == ComplaintCall::Outcome::Ok);
  REQUIRE(shown.status);
  CHECK(shown.status->state == core::ComplaintState::Replied);
  CHECK(shown.status->reply->text == "已核实，差额将于12月补发。");
  CHECK(shown.status->can_rate);
  CHECK(shown.status->rating == 0);

  CHECK(fetch_complaint_status(config, core::make_tracking_number(7, 43).value()).outcome ==
        ComplaintCall::Outcome::Unknown);
  // A typo is never sent; nor is anything that could change the URL.
  const auto before = proxy.total_requests();
  CHECK(fetch_complaint_status(config, number.substr(0, 9) + (number[9] == '0' ? "1" : "0")).outcome ==
        ComplaintCall::Outcome::Unknown);
  CHECK(fetch_complaint_status(config, "../../v1/x").outcome == ComplaintCall::Outcome::Unknown);
  CHECK(proxy.total_requests() == before);

  const auto rated = rate_complaint(config, number, 5, "key-0123456789abcdef");
  REQUIRE(rated.outcome == ComplaintCall::Outcome::Ok);
  CHECK(rated.status->rating == 5);
  CHECK_FALSE(rated.status->can_rate);
  rating_status = 409;
  CHECK(rate_complaint(config, number, 4, "key-fedcba9876543210").outcome == ComplaintCall::Outcome::AlreadyRated);
  rating_status = 500;
  CHECK(rate_complaint(config, number, 4, "key-fedcba9876543210").outcome == ComplaintCall::Outcome::Failed);
  CHECK_THROWS(rate_complaint(config, number, 6, "key-fedcba9876543210"));
  {
    std::lock_guard lock(mutex);
    const auto& post = seen[seen.size() - 3];
    CHECK(post.method == "POST");
    CHECK(post.headers.at("idempotency-key") == "key-0123456789abcdef");
    CHECK(json::parse(post.body) == json{{"stars", 5}});
    CHECK(post.headers.at("authorization") == "Bearer " + fixture.kiosk_token);
  }

  proxy.set_mode(Mode::Reset);
  CHECK(fetch_complaint_status(config, number).outcome == ComplaintCall::Outcome::Offline);
  CHECK(rate_complaint(config, number, 5, "key-0123456789abcdef").outcome == ComplaintCall::Outcome::Offline);
  proxy.set_mode(Mode::Pass);

  // A status that makes no sense is no answer.
  CHECK_FALSE(parse_complaint_status(json{{"tracking_no", number}, {"reason", "amount_mismatch"}, {"state", "lost"}}));
  CHECK_FALSE(parse_complaint_status(json{{"tracking_no", "123"}, {"reason", "other"}, {"state", "received"}}));
  auto bad_rating = replied;
  bad_rating["rating"] = 9;
  CHECK_FALSE(parse_complaint_status(bad_rating));
  CHECK_FALSE(parse_complaint_status(json::array()));
}

}  // namespace sunlight::sync
