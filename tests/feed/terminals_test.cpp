// Tests for feed/terminals: enrolment, device tokens, revocation, hostile heartbeats and health states.
#include <catch2/catch.hpp>

#include <cctype>
#include <cmath>
#include <limits>

#include <SQLiteCpp/Statement.h>

#include "feed/audit.hpp"
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

const core::Timestamp t0 = core::parse_utc_iso("2026-03-01T06:05:00Z").value();

struct Fixture {
  Store store{":memory:"};
  SQLite::Database& db = store.db();
  Fixture() {
    db.exec(R"(INSERT INTO regions(code, name, parent_code, level) VALUES
      ('500112', '渝北区', '', 'district'),
      ('500112101', '王家街道', '500112', 'town'),
      ('500112101001', '和平村', '500112101', 'village'),
      ('500112101001001', '1社', '500112101001', 'group'))");
  }
};

json good_heartbeat() {
  return {{"version", "1.4.2"}, {"data_seq", 1234},         {"uptime_seconds", 86400},
          {"memory_bytes", 123456789}, {"frame_ms", 16.7}, {"last_error", ""}};
}

}  // namespace

TEST_CASE("enrolling a terminal returns a token that is stored only as a hash", "[terminals]") {
  Fixture f;
  const Enrolment e = enroll_terminal(f.db, TerminalKind::Kiosk, "500112101001", "和平村村委会一楼", "cli:root", t0);
  CHECK(e.id > 0);
  REQUIRE(e.token.size() == 68);
  CHECK(e.token.starts_with("slt_"));
  CHECK(e.token.find_first_not_of("0123456789abcdef", 4) == std::string::npos);
  CHECK_FALSE(db_contains(f.db, e.token));
  CHECK_FALSE(db_contains(f.db, e.token.substr(4)));

  const auto audit = list_audit(f.db, 10);
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].action == "terminal.enroll");
  CHECK(audit[0].target == "terminal:" + std::to_string(e.id));
  CHECK(audit[0].detail["scope"] == "500112101001");

  const auto all = list_terminals(f.db);
  REQUIRE(all.size() == 1);
  CHECK(all[0].name == "和平村村委会一楼");
  CHECK(all[0].kind == TerminalKind::Kiosk);
  CHECK(all[0].scope == "500112101001");
  CHECK(all[0].enrolled_at == t0);
  CHECK_FALSE(all[0].last_seen_at.has_value());
  CHECK_FALSE(all[0].revoked_at.has_value());

  const auto t = authenticate_terminal(f.db, e.token);
  REQUIRE(t.has_value());
  CHECK(t->id == e.id);

  const Enrolment e2 = enroll_terminal(f.db, TerminalKind::Display, "500112", "区政务服务中心大屏", "cli:root", t0);
  CHECK(e2.token != e.token);
  CHECK(authenticate_terminal(f.db, e2.token)->kind == TerminalKind::Display);
  CHECK_NOTHROW(enroll_terminal(f.db, TerminalKind::Kiosk, "500112101", "街道大厅", "cli:root", t0));
  CHECK_NOTHROW(enroll_terminal(f.db, TerminalKind::Display, "500112101001001", "1社", "cli:root", t0));
  // SQL-looking names are kept as they are.
  const auto e5 = enroll_terminal(f.db, TerminalKind::Display, "500112", "x'); DROP TABLE terminals;--", "cli:root", t0);
  CHECK(authenticate_terminal(f.db, e5.token)->name == "x'); DROP TABLE terminals;--");
}

TEST_CASE("bad enrolments are refused and change nothing", "[terminals]") {
  Fixture f;
  auto refused = [&](TerminalKind kind, const std::string& scope, const std::string& name, const std::string& field) {
    INFO(scope << " " << name);
    const auto e = api_error([&] { enroll_terminal(f.db, kind, scope, name, "cli:root", t0); });
    CHECK(e.status() == 400);
    CHECK(e.error() == "bad_field");
    CHECK(e.detail().starts_with(field + ":"));
  };
  refused(TerminalKind::Kiosk, "500112", "区大厅", "scope");             // a kiosk serves a village or town
  refused(TerminalKind::Kiosk, "500112101001001", "1社", "scope");
  refused(TerminalKind::Display, "500112101009", "未知村", "scope");
  refused(TerminalKind::Display, "500113", "别的区", "scope");
  refused(TerminalKind::Display, "' OR 1=1 --", "x", "scope");
  refused(TerminalKind::Display, "", "x", "scope");
  refused(TerminalKind::Display, "500112", "", "name");
  refused(TerminalKind::Display, "500112", "   ", "name");
  refused(TerminalKind::Display, "500112", std::string(41, 'x'), "name");
  refused(TerminalKind::Display, "500112", "一\n二", "name");
  refused(TerminalKind::Display, "500112", "esc\x1b[2J", "name");
  refused(TerminalKind::Display, "500112", "bad\xff", "name");
  CHECK(count(f.db, "SELECT count(*) FROM terminals") == 0);
  CHECK(count(f.db, "SELECT count(*) FROM audit") == 0);
  CHECK_NOTHROW(enroll_terminal(f.db, TerminalKind::Display, "500112", std::string(40, 'x'), "cli:root", t0));
}

TEST_CASE("only a well-formed token of an unrevoked terminal authenticates", "[terminals]") {
  Fixture f;
  const Enrolment e = enroll_terminal(f.db, TerminalKind::Kiosk, "500112101001", "kiosk", "cli:root", t0);
  std::string upper = e.token;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& bad : std::vector<std::string>{"", "slt_", e.token.substr(0, 67), e.token + "0", e.token.substr(4),
                                                         upper, "Bearer " + e.token, "slt_" + std::string(64, '0'),
                                                         "slt_' OR '1'='1" + std::string(53, ' ')}) {
    INFO(bad);
    CHECK_FALSE(authenticate_terminal(f.db, bad).has_value());
  }

  revoke_terminal(f.db, e.id, "cli:root", t0 + 1h);
  CHECK_FALSE(authenticate_terminal(f.db, e.token).has_value());
  CHECK(list_terminals(f.db)[0].revoked_at == t0 + 1h);
  CHECK(list_audit(f.db, 1)[0].action == "terminal.revoke");
  const auto again = api_error([&] { revoke_terminal(f.db, e.id, "cli:root", t0); });
  CHECK(again.status() == 409);
  CHECK(again.error() == "already_revoked");
  const auto unknown = api_error([&] { revoke_terminal(f.db, 999, "cli:root", t0); });
  CHECK(unknown.status() == 404);
  CHECK(count(f.db, "SELECT count(*) FROM audit") == 2);
}

TEST_CASE("a heartbeat is parsed strictly", "[terminals]") {
  const Heartbeat hb = parse_heartbeat(good_heartbeat());
  CHECK(hb.version == "1.4.2");
  CHECK(hb.data_seq == 1234);
  CHECK(hb.uptime_seconds == 86400);
  CHECK(hb.memory_bytes == 123456789);
  CHECK(hb.frame_ms == Approx(16.7));
  CHECK(hb.last_error.empty());

  const Heartbeat minimal = parse_heartbeat({{"version", "1.0"}, {"data_seq", 0}, {"last_error", nullptr}});
  CHECK(minimal.uptime_seconds == 0);
  CHECK(minimal.memory_bytes == 0);
  CHECK(minimal.frame_ms == 0);
  CHECK(minimal.last_error.empty());

  json future = good_heartbeat();
  future["gpu"] = "llvmpipe";  // newer terminals may say more
  CHECK_NOTHROW(parse_heartbeat(future));

  json errors = good_heartbeat();
  errors["last_error"] = "sync: timeout\n\tat fetch\x1b[2J\xc2\x9b\xe2\x80\xae!";
  CHECK(parse_heartbeat(errors).last_error == "sync: timeout\n\tat fetch\xef\xbf\xbd[2J\xef\xbf\xbd\xef\xbf\xbd!");

  auto with = [](const char* field, json value) {
    json j = good_heartbeat();
    j[field] = std::move(value);
    return j;
  };
  auto without = [](const char* field) {
    json j = good_heartbeat();
    j.erase(field);
    return j;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<std::pair<json, std::string>> garbage{
      {json::array(), "request"},
      {"heartbeat", "request"},
      {42, "request"},
      {without("version"), "version"},
      {without("data_seq"), "data_seq"},
      {with("version", 1.4), "version"},
      {with("version", ""), "version"},
      {with("version", std::string(65, 'v')), "version"},
      {with("version", "1.0\n"), "version"},
      {with("version", "1.0\x1b"), "version"},
      {with("version", "1.0\xff"), "version"},
      {with("version", json::object()), "version"},
      {with("data_seq", -1), "data_seq"},
      {with("data_seq", 1.5), "data_seq"},
      {with("data_seq", "1234"), "data_seq"},
      {with("data_seq", true), "data_seq"},
      {with("data_seq", std::numeric_limits<std::uint64_t>::max()), "data_seq"},
      {with("data_seq", std::int64_t{1} << 60), "data_seq"},
      {with("uptime_seconds", -5), "uptime_seconds"},
      {with("uptime_seconds", std::int64_t{1} << 40), "uptime_seconds"},
      {with("memory_bytes", std::numeric_limits<std::int64_t>::max()), "memory_bytes"},
      {with("memory_bytes", json::array({1})), "memory_bytes"},
      {with("frame_ms", nan), "frame_ms"},
      {with("frame_ms", inf), "frame_ms"},
      {with("frame_ms", -1.0), "frame_ms"},
      {with("frame_ms", 1e9), "frame_ms"},
      {with("frame_ms", "16.7"), "frame_ms"},
      {with("last_error", std::string(501, 'e')), "last_error"},
      {with("last_error", 7), "last_error"},
      {with("last_error", "bad \xc3\x28 bytes"), "last_error"},
  };
  for (const auto& [body, field] : garbage) {
    INFO(body.dump(-1, ' ', false, json::error_handler_t::replace));
    const auto e = api_error([&] { (void)parse_heartbeat(body); });
    CHECK(e.status() == 400);
    CHECK(e.error() == "bad_field");
    CHECK(e.detail().starts_with(field + ":"));
  }
  // Values at the bounds pass.
  CHECK_NOTHROW(parse_heartbeat(with("version", std::string(64, 'v'))));
  CHECK_NOTHROW(parse_heartbeat(with("last_error", std::string(500, 'e'))));
  CHECK_NOTHROW(parse_heartbeat(with("frame_ms", 0)));
  CHECK_NOTHROW(parse_heartbeat(with("data_seq", (std::int64_t{1} << 53) - 1)));
}

TEST_CASE("a heartbeat updates the terminal, garbage changes nothing", "[terminals]") {
  Fixture f;
  const Enrolment e = enroll_terminal(f.db, TerminalKind::Kiosk, "500112101001", "kiosk", "cli:root", t0);
  const int audits = count(f.db, "SELECT count(*) FROM audit");
  record_heartbeat(f.db, e.id, parse_heartbeat(good_heartbeat()), "10.1.2.3", t0 + 10min);
  Terminal t = list_terminals(f.db)[0];
  CHECK(t.last_seen_at == t0 + 10min);
  CHECK(t.version == "1.4.2");
  CHECK(t.data_seq == 1234);
  CHECK(t.uptime_seconds == 86400);
  CHECK(t.memory_bytes == 123456789);
  CHECK(t.frame_ms == Approx(16.7));
  CHECK(t.remote_addr == "10.1.2.3");
  CHECK(count(f.db, "SELECT count(*) FROM audit") == audits);  // heartbeats are not audited

  // A request that fails to parse never reaches record_heartbeat: the row is as it was.
  json bad = good_heartbeat();
  bad["data_seq"] = -7;
  CHECK_THROWS_AS(record_heartbeat(f.db, e.id, parse_heartbeat(bad), "6.6.6.6", t0 + 11min), ApiError);
  t = list_terminals(f.db)[0];
  CHECK(t.last_seen_at == t0 + 10min);
  CHECK(t.data_seq == 1234);
  CHECK(t.remote_addr == "10.1.2.3");

  CHECK(api_error([&] { record_heartbeat(f.db, 999, Heartbeat{"1", 1, 1, 1, 1, ""}, "", t0); }).status() == 404);
  revoke_terminal(f.db, e.id, "cli:root", t0 + 1h);
  CHECK(api_error([&] { record_heartbeat(f.db, e.id, Heartbeat{"1", 1, 1, 1, 1, ""}, "", t0 + 2h); }).status() == 404);
  CHECK(list_terminals(f.db)[0].last_seen_at == t0 + 10min);
}

TEST_CASE("a terminal's state follows the age of its last heartbeat", "[terminals]") {
  Terminal t;
  const auto stale = 120s;
  const auto offline = 900s;
  CHECK(state_of(t, t0, stale, offline) == TerminalState::Offline);  // never seen
  t.last_seen_at = t0;
  CHECK(state_of(t, t0, stale, offline) == TerminalState::Online);
  CHECK(state_of(t, t0 + 120s, stale, offline) == TerminalState::Online);
  CHECK(state_of(t, t0 + 121s, stale, offline) == TerminalState::Stale);
  CHECK(state_of(t, t0 + 900s, stale, offline) == TerminalState::Stale);
  CHECK(state_of(t, t0 + 901s, stale, offline) == TerminalState::Offline);
  CHECK(state_of(t, t0 - 60s, stale, offline) == TerminalState::Online);  // its clock is ahead of ours
  t.revoked_at = t0;
  CHECK(state_of(t, t0, stale, offline) == TerminalState::Revoked);
  CHECK(terminal_state_name(TerminalState::Stale) == "stale");
  CHECK(terminal_kind_name(TerminalKind::Display) == "display");
  CHECK(parse_terminal_kind("kiosk") == TerminalKind::Kiosk);
  CHECK_FALSE(parse_terminal_kind("Kiosk").has_value());
}
