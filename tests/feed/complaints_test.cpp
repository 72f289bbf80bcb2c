// Tests for feed/complaints on :memory: stores: filing with idempotency keys, throttling, the state
// machine, rights, deadlines in working days, the counts in the feed, privacy and Open311.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "core/crypto.hpp"
#include "feed/audit.hpp"
#include "feed/complaints.hpp"
#include "feed/errors.hpp"
#include "feed/store.hpp"
#include "feed/terminals.hpp"

#include "test_support.hpp"

using namespace sunlight;
using namespace sunlight::feed;
using namespace sunlight::feed::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

core::Timestamp at(const char* text) { return core::parse_utc_iso(text).value(); }

// Monday 2026-11-30, 10:00 in Shanghai.
const core::Timestamp t0 = at("2026-11-30T02:00:00Z");
const std::string kPhone = "13800138000";

struct Fixture {
  Store store{":memory:"};
  SQLite::Database& db = store.db();
  User cadre{1, "lijun", "李军", Role::VillageCadre, "500112101001", false};
  User other_cadre{2, "wanger", "王二", Role::VillageCadre, "500112101002", false};
  User town{3, "wangfang", "王芳", Role::TownAdmin, "500112101", false};
  User district{4, "qu", "王五", Role::DistrictAdmin, "500112", false};
  User auditor{5, "shen", "赵六", Role::Auditor, "500112", false};
  Terminal kiosk, other_kiosk, town_kiosk, display;
  ComplaintRules rules;
  int sequence = 0;

  Fixture() {
    db.exec(R"(INSERT INTO regions(code, name, parent_code, level) VALUES
      ('500112', '渝北区', '', 'district'),
      ('500112101', '王家街道', '500112', 'town'),
      ('500112101001', '和平村', '500112101', 'village'),
      ('500112101002', '太平村', '500112101', 'village'),
      ('500112102', '龙兴镇', '500112', 'town'),
      ('500112102001', '柏树村', '500112102', 'village'))");
    kiosk = enrolled(TerminalKind::Kiosk, "500112101001", "和平村村委会");
    other_kiosk = enrolled(TerminalKind::Kiosk, "500112101002", "太平村村委会");
    town_kiosk = enrolled(TerminalKind::Kiosk, "500112101", "街道便民中心");
    display = enrolled(TerminalKind::Display, "500112101", "服务大厅");
  }

  Terminal enrolled(TerminalKind kind, const std::string& scope, const std::string& name) {
    const auto e = enroll_terminal(db, kind, scope, name, "test", t0);
    for (const auto& t : list_terminals(db))
      if (t.id == e.id) return t;
    FAIL("not enrolled");
    return {};
  }

  std::string next_number(const Terminal& t) { return core::make_tracking_number(t.id, ++sequence).value(); }

  static json body(const std::string& number, std::optional<std::string> phone = kPhone) {
    json b = {{"tracking_no", number},
              {"reason", "amount_mismatch"},
              {"subject",
               {{"kind", "payment"},
                {"person_tag", std::string(64, 'a')},
                {"programme", "耕地地力保护补贴"},
                {"paid_on", "2026-06-15"},
                {"amount_fen", 33920}}},
              {"filed_at", "2026-11-30T01:59:00Z"}};
    if (phone) b["phone"] = *phone;
    return b;
  }

  std::string key(int n) const { return "key-" + std::to_string(n) + "-0123456789abcdef"; }

  ComplaintReply file(const Terminal& t, const std::string& k, const json& b, core::Timestamp now = t0) {
    return file_complaint(db, t, k, parse_complaint_filing(b), rules, "10.0.0.7", now);
  }

  // Files one complaint from `t` and returns its number.
  std::string filed(const Terminal& t, core::Timestamp now = t0) {
    const auto number = next_number(t);
    const auto r = file(t, key(sequence), body(number), now);
    REQUIRE(r.status == 201);
    return number;
  }

  json stats_entry(const std::string& region) {
    SQLite::Statement q(db,
                        "SELECT c.body FROM current cur JOIN changes c ON c.seq = cur.seq "
                        "WHERE cur.kind = 'complaint_stats' AND cur.key = ?");
    q.bind(1, region);
    if (!q.executeStep()) return nullptr;
    return json::parse(q.getColumn(0).getString());
  }

  int stats_entries() { return count(db, "SELECT count(*) FROM changes WHERE kind = 'complaint_stats'"); }
};

}  // namespace

TEST_CASE("deadlines count working days in Shanghai, skipping weekends and holidays", "[complaints]") {
  // Monday 10:00 Shanghai + 5 working days: the next Monday, 23:59:59 Shanghai.
  CHECK(core::format_utc_iso(reply_deadline(t0, 5, {})) == "2026-12-07T15:59:59Z");
  // Friday 2026-12-04 at 23:30 Shanghai (15:30 UTC): counted from Friday, so Mon..Fri → 2026-12-11.
  CHECK(core::format_utc_iso(reply_deadline(at("2026-12-04T15:30:00Z"), 5, {})) == "2026-12-11T15:59:59Z");
  // Friday 2026-12-04 at 00:30 Shanghai is still Friday 12-04 there, though UTC says Thursday.
  CHECK(core::format_utc_iso(reply_deadline(at("2026-12-03T16:30:00Z"), 1, {})) == "2026-12-07T15:59:59Z");
  // Saturday: Monday is the first working day.
  CHECK(core::format_utc_iso(reply_deadline(at("2026-12-05T02:00:00Z"), 1, {})) == "2026-12-07T15:59:59Z");
  // A holiday on Tuesday pushes one day further.
  const std::vector<core::CivilDate> holidays{core::CivilDate{2026, 12, 1}};
  CHECK(core::format_utc_iso(reply_deadline(t0, 1, holidays)) == "2026-12-02T15:59:59Z");
  CHECK(core::format_utc_iso(reply_deadline(t0, 5, holidays)) == "2026-12-08T15:59:59Z");
}

TEST_CASE("idempotency keys are 16 to 64 of A-Z a-z 0-9 _ -", "[complaints]") {
  CHECK(valid_idempotency_key("0123456789abcdef"));
  CHECK(valid_idempotency_key(std::string(64, 'Z')));
  CHECK(valid_idempotency_key("abc_DEF-0123456789"));
  CHECK_FALSE(valid_idempotency_key("0123456789abcde"));
  CHECK_FALSE(valid_idempotency_key(std::string(65, 'a')));
  CHECK_FALSE(valid_idempotency_key("0123456789abcde!"));
  CHECK_FALSE(valid_idempotency_key("0123456789 abcdef"));
}

TEST_CASE("a filing is checked field by field and the phone is never quoted", "[complaints]") {
  const auto number = core::make_tracking_number(7, 42).value();
  const auto ok = parse_complaint_filing(Fixture::body(number));
  CHECK(ok.tracking_no == number);
  CHECK(ok.reason == core::ComplaintReason::AmountMismatch);
  CHECK(ok.person_tag == std::string(64, 'a'));
  CHECK_FALSE(ok.subject.contains("person_tag"));
  CHECK(ok.subject["paid_on"] == "2026-06-15");
  CHECK(ok.phone == kPhone);

  auto refused = [](json b) { return api_error([&] { (void)parse_complaint_filing(b); }); };
  for (const char* phone : {"1380013800", "23800138000", "12800138000", "1380013800a", "138001380000"}) {
    auto b = Fixture::body(number, std::string(phone));
    const auto e = refused(b);
    CHECK(e.status() == 400);
    CHECK(e.detail() == "phone: must be an 11-digit mobile number");
    CHECK(e.detail().find(phone) == std::string::npos);
  }
  {
    auto b = Fixture::body(number);
    b["phone"] = 13800138000LL;
    CHECK(refused(b).detail() == "phone: must be an 11-digit mobile number");
  }
  {
    auto b = Fixture::body(number, std::nullopt);
    b["phone"] = nullptr;
    CHECK_FALSE(parse_complaint_filing(b).phone);
  }
  {
    auto b = Fixture::body(number);
    b["tracking_no"] = number.substr(0, 9) + static_cast<char>('0' + (number[9] - '0' + 1) % 10);
    CHECK(refused(b).detail().starts_with("tracking_no:"));
  }
  {
    auto b = Fixture::body(number);
    b["reason"] = "angry";
    CHECK(refused(b).detail().starts_with("reason:"));
  }
  {
    auto b = Fixture::body(number);
    b["subject"]["person_tag"] = "abc";
    CHECK(refused(b).detail().starts_with("subject.person_tag:"));
  }
  {
    auto b = Fixture::body(number);
    b["subject"] = {{"kind", "notice"}, {"notice_id", 0}};
    CHECK(refused(b).detail().starts_with("subject.notice_id:"));
    b["subject"] = {{"kind", "notice"}, {"notice_id", 46}};
    CHECK(parse_complaint_filing(b).subject == json{{"kind", "notice"}, {"notice_id", 46}});
    b["subject"] = {{"kind", "none"}};
    CHECK(parse_complaint_filing(b).person_tag.empty());
    b["subject"] = {{"kind", "house"}};
    CHECK(refused(b).detail().starts_with("subject.kind:"));
  }
  {
    auto b = Fixture::body(number);
    b["filed_at"] = "yesterday";
    CHECK(refused(b).detail().starts_with("filed_at:"));
  }
}

TEST_CASE("filing once, replaying the key, a conflicting key and a duplicate number", "[complaints]") {
  Fixture f;
  const auto number = f.next_number(f.kiosk);
  const auto first = f.file(f.kiosk, f.key(1), Fixture::body(number));
  CHECK(first.status == 201);
  CHECK(first.body["tracking_no"] == number);
  CHECK(first.body["state"] == "received");
  CHECK(first.body["received_at"] == "2026-11-30T02:00:00Z");
  CHECK(first.body["deadline_at"] == "2026-12-07T15:59:59Z");

  const auto again = f.file(f.kiosk, f.key(1), Fixture::body(number), t0 + 5min);
  CHECK(again.status == 200);
  CHECK(again.body == first.body);
  CHECK(count(f.db, "SELECT count(*) FROM complaints") == 1);

  auto other = Fixture::body(number);
  other["reason"] = "not_received";
  const auto conflict = api_error([&] { (void)f.file(f.kiosk, f.key(1), other); });
  CHECK(conflict.status() == 409);
  CHECK(conflict.error() == "idempotency_conflict");

  // The same key from another kiosk is a conflict too, not a replay.
  CHECK(api_error([&] { (void)f.file(f.other_kiosk, f.key(1), Fixture::body(number)); }).error() ==
        "idempotency_conflict");

  const auto dup = api_error([&] { (void)f.file(f.kiosk, f.key(2), Fixture::body(number)); });
  CHECK(dup.status() == 409);
  CHECK(dup.error() == "duplicate_tracking");
  CHECK(count(f.db, "SELECT count(*) FROM complaints") == 1);
}

TEST_CASE("a tracking number of another terminal is refused; displays and bad keys too", "[complaints]") {
  Fixture f;
  const auto foreign = core::make_tracking_number(f.other_kiosk.id, 1).value();
  const auto e = api_error([&] { (void)f.file(f.kiosk, f.key(1), Fixture::body(foreign)); });
  CHECK(e.status() == 400);
  CHECK(e.detail().starts_with("tracking_no:"));

  const auto d = api_error([&] { (void)f.file(f.display, f.key(1), Fixture::body(f.next_number(f.display))); });
  CHECK(d.status() == 403);

  const auto k = api_error([&] { (void)f.file(f.kiosk, "short", Fixture::body(f.next_number(f.kiosk))); });
  CHECK(k.status() == 400);
  CHECK(k.detail().starts_with("Idempotency-Key:"));
  CHECK(count(f.db, "SELECT count(*) FROM complaints") == 0);
}

TEST_CASE("a kiosk files at most per_terminal_per_hour in a rolling hour; refusals are flagged", "[complaints]") {
  Fixture f;
  f.rules.per_terminal_per_hour = 3;
  f.filed(f.kiosk, t0);
  f.filed(f.kiosk, t0 + 10min);
  f.filed(f.kiosk, t0 + 20min);
  const auto number = f.next_number(f.kiosk);
  const auto e = api_error([&] { (void)f.file(f.kiosk, f.key(99), Fixture::body(number), t0 + 30min); });
  CHECK(e.status() == 429);
  CHECK(e.error() == "throttled");
  CHECK(e.retry_after() == 30 * 60 + 1);  // when the first of the hour leaves the window
  CHECK(count(f.db, "SELECT count(*) FROM complaints") == 3);
  CHECK(count(f.db, "SELECT count(*) FROM complaint_keys WHERE key = '" + f.key(99) + "'") == 0);
  // The kiosk retries the same complaint every few seconds: one refusal, written once.
  for (int i = 1; i <= 10; ++i)
    (void)api_error([&] { (void)f.file(f.kiosk, f.key(99), Fixture::body(number), t0 + 30min + i * 5s); });
  CHECK(count(f.db, "SELECT count(*) FROM complaint_refusals") == 1);

  auto flags = terminal_throttles(f.db, t0 + 32min);
  REQUIRE(flags.count(f.kiosk.id) == 1);
  CHECK(flags.at(f.kiosk.id).throttled_at == "2026-11-30T02:30:00Z");
  CHECK(flags.at(f.kiosk.id).throttled_count == 1);
  // Another complaint refused is a second distinct key.
  (void)api_error([&] { (void)f.file(f.kiosk, f.key(98), Fixture::body(f.next_number(f.kiosk)), t0 + 31min); });
  flags = terminal_throttles(f.db, t0 + 32min);
  CHECK(flags.at(f.kiosk.id).throttled_at == "2026-11-30T02:31:00Z");
  CHECK(flags.at(f.kiosk.id).throttled_count == 2);
  CHECK(flags.count(f.other_kiosk.id) == 0);
  // Another kiosk is not affected; a day later the count is gone but the time stays.
  f.filed(f.other_kiosk, t0 + 30min);
  CHECK(terminal_throttles(f.db, t0 + 25h).at(f.kiosk.id).throttled_count == 0);

  // After the hour has rolled on the same complaint goes through with the same key.
  CHECK(f.file(f.kiosk, f.key(99), Fixture::body(number), t0 + 61min).status == 201);
}

TEST_CASE("the state machine allows exactly the transitions of the contract", "[complaints]") {
  Fixture f;
  const json reply = {{"text", "已核实，差额将于12月补发。"}};
  const json resolved = {{"resolution", "resolved"}};
  const json unresolved = {{"resolution", "unresolved"}, {"note", "村民外出，无法联系"}};
  auto bad = [&](auto action) {
    const auto e = api_error(action);
    CHECK(e.status() == 409);
    CHECK(e.error() == "bad_transition");
  };

  SECTION("received → accepted → replied → closed, and nothing after") {
    const auto n = f.filed(f.kiosk);
    bad([&] { (void)close_complaint(f.db, f.cadre, n, resolved, "", t0); });
    CHECK(accept_complaint(f.db, f.cadre, n, "", t0 + 1h)["state"] == "accepted");
    bad([&] { (void)accept_complaint(f.db, f.cadre, n, "", t0); });
    bad([&] { (void)close_complaint(f.db, f.cadre, n, resolved, "", t0); });
    const auto replied = reply_complaint(f.db, f.cadre, n, reply, "", t0 + 2h);
    CHECK(replied["state"] == "replied");
    CHECK(replied["reply"]["by"] == "李军（村干部）");
    CHECK(replied["reply"]["text"] == "已核实，差额将于12月补发。");
    bad([&] { (void)reply_complaint(f.db, f.cadre, n, reply, "", t0); });
    bad([&] { (void)accept_complaint(f.db, f.cadre, n, "", t0); });
    const auto closed = close_complaint(f.db, f.cadre, n, resolved, "", t0 + 3h);
    CHECK(closed["state"] == "closed");
    bad([&] { (void)close_complaint(f.db, f.cadre, n, resolved, "", t0); });
    bad([&] { (void)close_complaint(f.db, f.cadre, n, unresolved, "", t0); });
    bad([&] { (void)reply_complaint(f.db, f.cadre, n, reply, "", t0); });
    bad([&] { (void)accept_complaint(f.db, f.cadre, n, "", t0); });
    const auto history = closed["history"];
    REQUIRE(history.size() == 4);
    CHECK(history[0]["action"] == "receive");
    CHECK(history[0]["by"] == "和平村村委会");
    CHECK(history[1]["action"] == "accept");
    CHECK(history[2]["action"] == "reply");
    CHECK(history[3]["action"] == "close");
    CHECK(history[3]["state"] == "closed");
  }
  SECTION("a reply straight from received accepts too") {
    const auto n = f.filed(f.kiosk);
    CHECK(reply_complaint(f.db, f.cadre, n, reply, "", t0)["state"] == "replied");
  }
  SECTION("closed_unresolved from received, accepted and replied, always with a note, and nothing after") {
    const auto a = f.filed(f.kiosk), b = f.filed(f.kiosk), c = f.filed(f.kiosk);
    (void)accept_complaint(f.db, f.cadre, b, "", t0);
    (void)reply_complaint(f.db, f.cadre, c, reply, "", t0);
    for (const auto& n : {a, b, c}) {
      const auto e = api_error([&] { (void)close_complaint(f.db, f.cadre, n, {{"resolution", "unresolved"}}, "", t0); });
      CHECK(e.status() == 400);
      CHECK(e.detail().starts_with("note:"));
      CHECK(api_error([&] {
              (void)close_complaint(f.db, f.cadre, n, {{"resolution", "unresolved"}, {"note", "x"}}, "", t0);
            }).status() == 400);
      const auto closed = close_complaint(f.db, f.cadre, n, unresolved, "", t0);
      CHECK(closed["state"] == "closed_unresolved");
      CHECK(closed["history"].back()["note"] == "村民外出，无法联系");
      CHECK(closed["history"].back()["action"] == "close_unresolved");
      const auto audit = list_audit(f.db, 1, "complaint:" + n);
      REQUIRE(audit.size() == 1);
      CHECK(audit[0].action == "complaint.close");
      CHECK(audit[0].detail["resolution"] == "unresolved");
      bad([&] { (void)reply_complaint(f.db, f.cadre, n, reply, "", t0); });
      bad([&] { (void)close_complaint(f.db, f.cadre, n, resolved, "", t0); });
      bad([&] { (void)close_complaint(f.db, f.cadre, n, unresolved, "", t0); });
      bad([&] { (void)accept_complaint(f.db, f.cadre, n, "", t0); });
    }
  }
  SECTION("field rules") {
    const auto n = f.filed(f.kiosk);
    CHECK(api_error([&] { (void)reply_complaint(f.db, f.cadre, n, {{"text", "好"}}, "", t0); }).status() == 400);
    CHECK(api_error([&] { (void)reply_complaint(f.db, f.cadre, n, {{"text", std::string(501, 'a')}}, "", t0); })
              .status() == 400);
    CHECK(api_error([&] { (void)close_complaint(f.db, f.cadre, n, {{"resolution", "maybe"}}, "", t0); }).status() ==
          400);
    CHECK(api_error([&] { (void)accept_complaint(f.db, f.cadre, "0001000010", "", t0); }).status() == 400);
    const auto unknown = core::make_tracking_number(9, 9).value();
    CHECK(api_error([&] { (void)accept_complaint(f.db, f.cadre, unknown, "", t0); }).error() == "unknown_complaint");
    (void)reply_complaint(f.db, f.cadre, n, reply, "", t0);
    CHECK(api_error([&] {
            (void)close_complaint(f.db, f.cadre, n, {{"resolution", "resolved"}, {"note", std::string(201, 'a')}}, "", t0);
          }).status() == 400);
    CHECK(close_complaint(f.db, f.cadre, n, {{"resolution", "resolved"}, {"note", ""}}, "", t0)["state"] == "closed");
  }
}

TEST_CASE("who may read and act on a complaint", "[complaints]") {
  Fixture f;
  const auto n = f.filed(f.kiosk);
  CHECK(get_complaint(f.db, f.cadre, n, t0)["tracking_no"] == n);
  CHECK(get_complaint(f.db, f.town, n, t0)["tracking_no"] == n);
  CHECK(get_complaint(f.db, f.auditor, n, t0)["tracking_no"] == n);
  CHECK(api_error([&] { (void)get_complaint(f.db, f.other_cadre, n, t0); }).status() == 403);
  CHECK(api_error([&] { (void)accept_complaint(f.db, f.other_cadre, n, "", t0); }).status() == 403);
  CHECK(api_error([&] { (void)accept_complaint(f.db, f.auditor, n, "", t0); }).status() == 403);
  CHECK(api_error([&] { (void)reveal_complaint_phone(f.db, f.auditor, n, "", t0); }).status() == 403);
  CHECK(api_error([&] { (void)reveal_complaint_phone(f.db, f.other_cadre, n, "", t0); }).status() == 403);
  CHECK(f.auditor.role == Role::Auditor);
  CHECK(list_complaints(f.db, f.auditor, {}, t0)["complaints"].size() == 1);
  CHECK(list_complaints(f.db, f.other_cadre, {}, t0)["complaints"].empty());
  CHECK(api_error([&] { (void)list_complaints(f.db, f.cadre, {"500112101002", {}, false}, t0); }).status() == 403);
  CHECK(accept_complaint(f.db, f.town, n, "", t0)["state"] == "accepted");
  CHECK(reply_complaint(f.db, f.district, n, {{"text", "已处理"}}, "", t0)["reply"]["by"] == "王五（区管理员）");
}

TEST_CASE("kiosks see the status of their region's complaints only, and rate once after a reply", "[complaints]") {
  Fixture f;
  const auto n = f.filed(f.kiosk);
  const auto status = complaint_status(f.db, f.kiosk, n, t0);
  CHECK(status["state"] == "received");
  CHECK(status["reply"].is_null());
  CHECK(status["rating"].is_null());
  CHECK(status["can_rate"] == false);
  CHECK(status["overdue"] == false);
  CHECK(status["reason"] == "amount_mismatch");
  // The town's kiosk covers the village; the other village's does not, and neither does a display.
  CHECK(complaint_status(f.db, f.town_kiosk, n, t0)["tracking_no"] == n);
  const auto hidden = api_error([&] { (void)complaint_status(f.db, f.other_kiosk, n, t0); });
  CHECK(hidden.status() == 404);
  CHECK(hidden.error() == "unknown_complaint");
  const auto unknown = api_error([&] { (void)complaint_status(f.db, f.kiosk, core::make_tracking_number(1, 777).value(), t0); });
  CHECK(unknown.status() == 404);
  CHECK(unknown.detail() == hidden.detail().substr(0, hidden.detail().size() - n.size()) + core::make_tracking_number(1, 777).value());
  CHECK(api_error([&] { (void)complaint_status(f.db, f.kiosk, "0001000011", t0); }).status() == 400);
  CHECK(api_error([&] { (void)complaint_status(f.db, f.display, n, t0); }).status() == 403);

  const json four = {{"stars", 4}};
  const auto not_replied = api_error([&] { (void)rate_complaint(f.db, f.kiosk, n, f.key(50), four, "", t0); });
  CHECK(not_replied.status() == 409);
  CHECK(not_replied.error() == "not_replied");
  (void)reply_complaint(f.db, f.cadre, n, {{"text", "已核实，差额将于12月补发。"}}, "", t0 + 1h);
  const auto replied = complaint_status(f.db, f.kiosk, n, t0 + 2h);
  CHECK(replied["reply"]["text"] == "已核实，差额将于12月补发。");
  CHECK(replied["can_rate"] == true);
  for (const int stars : {0, 6})
    CHECK(api_error([&] { (void)rate_complaint(f.db, f.kiosk, n, f.key(51), {{"stars", stars}}, "", t0); }).status() == 400);
  CHECK(api_error([&] { (void)rate_complaint(f.db, f.other_kiosk, n, f.key(51), four, "", t0); }).status() == 404);
  const auto rated = rate_complaint(f.db, f.town_kiosk, n, f.key(51), four, "", t0 + 3h);
  CHECK(rated.status == 200);
  CHECK(rated.body["rating"] == 4);
  CHECK(rated.body["can_rate"] == false);
  CHECK(rate_complaint(f.db, f.town_kiosk, n, f.key(51), four, "", t0 + 4h).body == rated.body);
  const auto twice = api_error([&] { (void)rate_complaint(f.db, f.kiosk, n, f.key(52), {{"stars", 5}}, "", t0); });
  CHECK(twice.status() == 409);
  CHECK(twice.error() == "already_rated");
  CHECK(api_error([&] { (void)rate_complaint(f.db, f.town_kiosk, n, f.key(51), {{"stars", 5}}, "", t0); }).error() ==
        "idempotency_conflict");
  CHECK(get_complaint(f.db, f.cadre, n, t0)["history"].back()["action"] == "rate");
}

TEST_CASE("overdue: not replied and past the end of the deadline's day", "[complaints]") {
  Fixture f;
  const auto n = f.filed(f.kiosk);
  const auto deadline = at("2026-12-07T15:59:59Z");
  CHECK(complaint_status(f.db, f.kiosk, n, deadline)["overdue"] == false);
  CHECK(complaint_status(f.db, f.kiosk, n, deadline + 1s)["overdue"] == true);
  CHECK(list_complaints(f.db, f.cadre, {"", {}, true}, deadline)["complaints"].empty());
  CHECK(list_complaints(f.db, f.cadre, {"", {}, true}, deadline + 1s)["complaints"].size() == 1);
  CHECK(list_complaints(f.db, f.cadre, {"", core::ComplaintState::Accepted, false}, deadline)["complaints"].empty());
  (void)reply_complaint(f.db, f.cadre, n, {{"text", "已答复"}}, "", deadline + 2s);
  CHECK(complaint_status(f.db, f.kiosk, n, deadline + 3s)["overdue"] == false);
  const auto stats = complaint_stats(f.db, "500112101001", deadline + 3s);
  CHECK(stats["answered"] == 1);
  CHECK(stats["answered_on_time"] == 0);
}

TEST_CASE("complaint_stats entries follow every change for the village, the town and the district", "[complaints]") {
  Fixture f;
  const auto a = f.filed(f.kiosk);
  CHECK(f.stats_entries() == 3);
  for (const auto* region : {"500112101001", "500112101", "500112"}) {
    const auto e = f.stats_entry(region);
    REQUIRE(e.is_object());
    CHECK(e["region"] == region);
    CHECK(e["op"] == "upsert");
    CHECK(e["data"]["received"] == 1);
    CHECK(e["data"]["total"] == 1);
  }
  const auto b = f.filed(f.other_kiosk);
  const auto c = f.filed(f.town_kiosk);  // homed at the town itself
  CHECK(f.stats_entries() == 3 + 3 + 2);
  (void)reply_complaint(f.db, f.cadre, a, {{"text", "已答复"}}, "", t0 + 1h);
  (void)rate_complaint(f.db, f.kiosk, a, f.key(70), {{"stars", 5}}, "", t0 + 2h);
  (void)accept_complaint(f.db, f.town, b, "", t0 + 1h);
  (void)close_complaint(f.db, f.town, c, {{"resolution", "unresolved"}, {"note", "重复投诉"}}, "", t0 + 1h);

  const json village = f.stats_entry("500112101001")["data"];
  CHECK(village == json{{"region", "500112101001"}, {"received", 0}, {"accepted", 0}, {"replied", 1}, {"closed", 0},
                        {"closed_unresolved", 0}, {"total", 1}, {"overdue", 0}, {"answered", 1},
                        {"answered_on_time", 1}, {"ratings", {0, 0, 0, 0, 1}}});
  const json town = f.stats_entry("500112101")["data"];
  CHECK(town["total"] == 3);
  CHECK(town["replied"] == 1);
  CHECK(town["accepted"] == 1);
  CHECK(town["closed_unresolved"] == 1);
  CHECK(town["ratings"] == json{0, 0, 0, 0, 1});
  CHECK(f.stats_entry("500112")["data"]["total"] == 3);
  CHECK(f.stats_entry("500112102").is_null());
  // Revealing a phone changes no count.
  const int before = f.stats_entries();
  (void)reveal_complaint_phone(f.db, f.cadre, a, "", t0);
  CHECK(f.stats_entries() == before);

  // With time, b passes its deadline: only the entries whose overdue count moved are appended.
  CHECK(refresh_complaint_stats(f.db, t0 + 1h) == 0);
  CHECK(refresh_complaint_stats(f.db, at("2026-12-08T00:00:00Z")) == 3);  // 太平村, the town, the district
  CHECK(f.stats_entry("500112101002")["data"]["overdue"] == 1);
  CHECK(f.stats_entry("500112101")["data"]["overdue"] == 1);
  CHECK(f.stats_entry("500112101001")["data"]["overdue"] == 0);
  CHECK(refresh_complaint_stats(f.db, at("2026-12-08T00:10:00Z")) == 0);
}

TEST_CASE("the phone goes nowhere but the complaint row and the audited reveal", "[complaints]") {
  Fixture f;
  const auto n = f.filed(f.kiosk);
  const auto detail = get_complaint(f.db, f.cadre, n, t0);
  CHECK(detail["has_phone"] == true);
  CHECK(detail["phone_masked"] == "138****8000");
  CHECK(detail.dump().find(kPhone) == std::string::npos);
  CHECK(detail.dump().find(std::string(64, 'a')) == std::string::npos);
  CHECK_FALSE(detail["subject"].contains("person_tag"));
  CHECK(detail["person"].is_null());  // the tag is nobody's in this store
  CHECK(list_complaints(f.db, f.cadre, {}, t0).dump().find(kPhone) == std::string::npos);

  CHECK(reveal_complaint_phone(f.db, f.cadre, n, "10.0.0.9", t0)["phone"] == kPhone);
  const auto rows = list_audit(f.db, 10, "complaint:");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].action == "complaint.reveal");
  CHECK(rows[0].actor == "cadre:lijun");
  CHECK(rows[0].region == "500112101001");
  CHECK(rows[1].action == "complaint.receive");
  CHECK(rows[1].actor == fmt::format("terminal:{}", f.kiosk.id));
  CHECK(count(f.db, "SELECT count(*) FROM audit WHERE detail LIKE '%" + kPhone + "%' OR target LIKE '%" + kPhone + "%'") ==
        0);
  CHECK(count(f.db, "SELECT count(*) FROM changes WHERE body LIKE '%" + kPhone + "%' OR body LIKE '%aaaaaaaa%'") == 0);
  CHECK(open311_request(f.db, n).dump().find(kPhone) == std::string::npos);

  const auto without = f.next_number(f.kiosk);
  REQUIRE(f.file(f.kiosk, f.key(200), Fixture::body(without, std::nullopt)).status == 201);
  CHECK(reveal_complaint_phone(f.db, f.cadre, without, "", t0)["phone"].is_null());
  CHECK(get_complaint(f.db, f.cadre, without, t0)["phone_masked"].is_null());
}

TEST_CASE("only writers of the complaint's region see the masked phone and person", "[complaints]") {
  Fixture f;
  const std::string tag_hex(64, 'a');
  const auto tag = core::from_hex(tag_hex).value();
  SQLite::Statement person(f.db, "INSERT INTO persons(resident_id, tag, region_code) VALUES('50011219800101123X', ?, '500112101001')");
  person.bind(1, tag.data(), static_cast<int>(tag.size()));
  person.exec();
  const auto n = f.filed(f.kiosk);
  for (const User* writer : {&f.cadre, &f.town, &f.district}) {
    const auto detail = get_complaint(f.db, *writer, n, t0);
    CHECK(detail["phone_masked"] == "138****8000");
    CHECK(detail["person"].is_object());
    CHECK(list_complaints(f.db, *writer, {}, t0)["complaints"][0]["phone_masked"] == "138****8000");
  }
  const auto audited = get_complaint(f.db, f.auditor, n, t0);
  CHECK(audited["has_phone"] == true);
  CHECK(audited["phone_masked"].is_null());
  CHECK(audited["person"].is_null());
  CHECK(audited.dump().find("****") == std::string::npos);
  const auto listed = list_complaints(f.db, f.auditor, {}, t0)["complaints"];
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["has_phone"] == true);
  CHECK(listed[0]["phone_masked"].is_null());
}

TEST_CASE("a tag names a person only within the complaint's region", "[complaints]") {
  Fixture f;
  const auto tag = core::from_hex(std::string(64, 'a')).value();
  // The same tag, but the person lives in another town.
  SQLite::Statement person(f.db, "INSERT INTO persons(resident_id, tag, region_code) VALUES('50011219800101123X', ?, '500112102001')");
  person.bind(1, tag.data(), static_cast<int>(tag.size()));
  person.exec();
  const auto n = f.filed(f.kiosk);
  CHECK(get_complaint(f.db, f.cadre, n, t0)["person"].is_null());
  CHECK(get_complaint(f.db, f.district, n, t0)["person"].is_null());
}

TEST_CASE("the highest sequence a terminal has filed, for a kiosk whose replica was wiped", "[complaints]") {
  Fixture f;
  CHECK(last_tracking_sequence(f.db, f.kiosk.id) == 0);
  f.sequence = 41;
  (void)f.filed(f.kiosk);  // 42
  f.sequence = 6;
  (void)f.filed(f.kiosk);  // 7, filed later from an older replica
  (void)f.filed(f.other_kiosk);
  CHECK(last_tracking_sequence(f.db, f.kiosk.id) == 42);
  CHECK(last_tracking_sequence(f.db, f.other_kiosk.id) == 8);
  CHECK(last_tracking_sequence(f.db, f.town_kiosk.id) == 0);
}

TEST_CASE("status and rating lookups are limited per kiosk per rolling hour, in memory", "[complaints]") {
  ComplaintLookupLimiter limiter(3);
  limiter.admit(1, t0);
  limiter.admit(1, t0 + 10min);
  limiter.admit(1, t0 + 20min);
  const auto e = api_error([&] { limiter.admit(1, t0 + 30min); });
  CHECK(e.status() == 429);
  CHECK(e.error() == "throttled");
  CHECK(e.retry_after() == 30 * 60 + 1);
  limiter.admit(2, t0 + 30min);  // another kiosk is not held back
  limiter.admit(1, t0 + 60min);  // the first has left the window
  CHECK(api_error([&] { limiter.admit(1, t0 + 61min); }).status() == 429);
}

TEST_CASE("a payment complaint's tag shows the cadre the masked person", "[complaints]") {
  Fixture f;
  const std::string tag_hex(64, 'a');
  const auto tag = core::from_hex(tag_hex).value();
  SQLite::Statement person(f.db, "INSERT INTO persons(resident_id, tag, region_code) VALUES('50011219800101123X', ?, '500112101001')");
  person.bind(1, tag.data(), static_cast<int>(tag.size()));
  person.exec();
  f.db.exec(
      "INSERT INTO payments(payment_id, resident_id, name, region_code, fund_code, amount_fen, paid_on, method, standard, "
      "address, import_id) VALUES('p1', '50011219800101123X', '张小华', '500112101001', 'F1', 33920, '2026-06-15', '', '', '', 1)");
  const auto n = f.filed(f.kiosk);
  const auto detail = get_complaint(f.db, f.cadre, n, t0);
  CHECK(detail["person"] == json{{"masked_name", "张*华"}, {"masked_id", "500112********123X"}});
  CHECK(detail.dump().find("50011219800101123X") == std::string::npos);
  CHECK(detail["subject"] == json{{"kind", "payment"}, {"programme", "耕地地力保护补贴"}, {"paid_on", "2026-06-15"},
                                  {"amount_fen", 33920}});
}

TEST_CASE("Open311 services and requests carry no personal data", "[complaints][open311]") {
  Fixture f;
  const auto services = open311_services();
  REQUIRE(services.size() == 5);
  CHECK(services[0]["service_code"] == "amount_mismatch");
  CHECK(services[0]["service_name"] == "金额不符");
  CHECK(services[0]["metadata"] == false);
  CHECK(services[0]["type"] == "realtime");
  CHECK(services[0]["group"] == "惠民资金");

  const auto a = f.filed(f.kiosk, t0);
  const auto b = f.filed(f.other_kiosk, t0 + 1h);
  (void)reply_complaint(f.db, f.cadre, a, {{"text", "已核实，差额将于12月补发。"}}, "", t0 + 2h);
  (void)close_complaint(f.db, f.cadre, a, {{"resolution", "resolved"}}, "", t0 + 3h);

  const auto all = open311_requests(f.db, {});
  REQUIRE(all.size() == 2);
  CHECK(all[0]["service_request_id"] == b);  // newest first
  const auto& one = all[1];
  CHECK(one["service_request_id"] == a);
  CHECK(one["status"] == "closed");
  CHECK(one["status_notes"] == "已办结");
  CHECK(one["service_code"] == "amount_mismatch");
  CHECK(one["service_name"] == "金额不符");
  CHECK(one["description"] == "");
  CHECK(one["agency_responsible"] == "渝北区王家街道和平村");
  CHECK(one["address"] == "渝北区王家街道和平村");
  CHECK(one["address_id"] == "500112101001");
  CHECK(one["zipcode"].is_null());
  CHECK(one["media_url"] == "");
  CHECK(one["service_notice"] == "");
  CHECK(one["requested_datetime"] == "2026-11-30T02:00:00Z");
  CHECK(one["updated_datetime"] == "2026-11-30T05:00:00Z");
  CHECK(one["expected_datetime"] == "2026-12-07T15:59:59Z");
  CHECK_FALSE(one.contains("lat"));
  CHECK_FALSE(one.contains("long"));
  const auto bytes = all.dump();
  CHECK(bytes.find(kPhone) == std::string::npos);
  CHECK(bytes.find("aaaaaaaa") == std::string::npos);
  CHECK(bytes.find("差额") == std::string::npos);

  Open311Query q;
  q.closed = false;
  CHECK(open311_requests(f.db, q).size() == 1);
  q.closed = true;
  CHECK(open311_requests(f.db, q)[0]["service_request_id"] == a);
  Open311Query region;
  region.jurisdiction = "500112101002";
  CHECK(open311_requests(f.db, region)[0]["service_request_id"] == b);
  region.jurisdiction = "500112102";
  CHECK(open311_requests(f.db, region).empty());
  Open311Query code;
  code.service_code = core::ComplaintReason::Suggestion;
  CHECK(open311_requests(f.db, code).empty());
  Open311Query dates;
  dates.start = t0 + 30min;
  CHECK(open311_requests(f.db, dates).size() == 1);
  dates.end = t0 + 30min;
  dates.start.reset();
  CHECK(open311_requests(f.db, dates)[0]["service_request_id"] == a);
  CHECK(open311_request(f.db, b).size() == 1);
  CHECK(api_error([&] { (void)open311_request(f.db, core::make_tracking_number(1, 999).value()); }).status() == 404);
}
