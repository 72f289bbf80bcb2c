// Tests for feed/users: accounts, passwords, sessions, and who may read or write where.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include <SQLiteCpp/Statement.h>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "feed/audit.hpp"
#include "feed/errors.hpp"
#include "feed/store.hpp"
#include "feed/users.hpp"

#include "test_support.hpp"

using namespace sunlight;
using namespace sunlight::feed;
using namespace sunlight::feed::testing;
using namespace std::chrono_literals;

namespace {

const core::Timestamp t0 = core::parse_utc_iso("2026-03-01T06:05:00Z").value();

void add_regions(SQLite::Database& db) {
  db.exec(R"(INSERT INTO regions(code, name, parent_code, level) VALUES
    ('500112', '渝北区', '', 'district'),
    ('500112101', '王家街道', '500112', 'town'),
    ('500112102', '龙兴镇', '500112', 'town'),
    ('500112101001', '和平村', '500112101', 'village'),
    ('500112101002', '太平村', '500112101', 'village'),
    ('500112102001', '龙兴村', '500112102', 'village'),
    ('500112101001001', '1社', '500112101001', 'group'))");
}

NewUser cadre(std::string username = "lijun", std::string region = "500112101001") {
  return NewUser{std::move(username), "李军", Role::VillageCadre, std::move(region), "correct horse 17"};
}

struct Fixture {
  Store store{":memory:"};
  SQLite::Database& db = store.db();
  Fixture() { add_regions(db); }
};

}  // namespace

TEST_CASE("roles have an English word and a Chinese name", "[users]") {
  for (const Role r : {Role::VillageCadre, Role::TownAdmin, Role::DistrictAdmin, Role::Auditor}) {
    CHECK(parse_role(role_name(r)) == r);
    CHECK(parse_role(role_name(r, core::Lang::ZhCn)) == r);
  }
  CHECK(role_name(Role::VillageCadre) == "village_cadre");
  CHECK(role_name(Role::TownAdmin, core::Lang::ZhCn) == "镇街管理员");
  CHECK(parse_role(" Auditor ") == Role::Auditor);
  CHECK_FALSE(parse_role("admin").has_value());
  CHECK_FALSE(parse_role("").has_value());
  CHECK(public_name(User{1, "lijun", "李军", Role::VillageCadre, "500112101001", false}) == "李军（村干部）");
}

TEST_CASE("adding a user stores an Argon2id hash, never the password", "[users]") {
  Fixture f;
  const User u = add_user(f.db, cadre(), "cli:root", t0, PasswordCost::Minimum);
  CHECK(u.id > 0);
  CHECK(u.username == "lijun");
  CHECK(u.display_name == "李军");
  CHECK(u.role == Role::VillageCadre);
  CHECK(u.region_code == "500112101001");
  CHECK_FALSE(u.disabled);
  CHECK(f.db.execAndGet("SELECT password_hash FROM users").getString().starts_with("$argon2id$"));
  CHECK_FALSE(db_contains(f.db, "correct horse 17"));

  const auto users = list_users(f.db);
  REQUIRE(users.size() == 1);
  CHECK(users[0].username == "lijun");
  CHECK(users[0].role == Role::VillageCadre);

  const auto audit = list_audit(f.db, 10);
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].action == "user.add");
  CHECK(audit[0].actor == "cli:root");
  CHECK(audit[0].target == "user:lijun");
  CHECK(audit[0].detail["role"] == "village_cadre");

  const auto e = api_error([&] { add_user(f.db, cadre(), "cli:root", t0, PasswordCost::Minimum); });
  CHECK(e.status() == 409);
  CHECK(e.error() == "user_exists");
}

TEST_CASE("each role belongs to a region of its level", "[users]") {
  Fixture f;
  int n = 0;
  auto with = [&n](Role role, std::string region) {
    NewUser u = cadre("user" + std::to_string(++n), std::move(region));
    u.role = role;
    return u;
  };
  CHECK_NOTHROW(add_user(f.db, with(Role::VillageCadre, "500112101001"), "t", t0, PasswordCost::Minimum));
  CHECK_NOTHROW(add_user(f.db, with(Role::TownAdmin, "500112101"), "t", t0, PasswordCost::Minimum));
  CHECK_NOTHROW(add_user(f.db, with(Role::DistrictAdmin, "500112"), "t", t0, PasswordCost::Minimum));
  CHECK_NOTHROW(add_user(f.db, with(Role::Auditor, "500112102"), "t", t0, PasswordCost::Minimum));
  CHECK_NOTHROW(add_user(f.db, with(Role::Auditor, "500112101001"), "t", t0, PasswordCost::Minimum));
  // The 12-digit national form of a town code is normalised before the level is checked.
  CHECK_NOTHROW(add_user(f.db, with(Role::TownAdmin, "500112102000"), "t", t0, PasswordCost::Minimum));

  const std::vector<std::pair<Role, std::string>> wrong{
      {Role::VillageCadre, "500112101"},        {Role::VillageCadre, "500112101001001"},
      {Role::VillageCadre, "500112"},           {Role::TownAdmin, "500112101001"},
      {Role::TownAdmin, "500112"},              {Role::DistrictAdmin, "500112101"},
      {Role::VillageCadre, "500112109001"},     // the right level, but unknown
      {Role::Auditor, "500113"},                // unknown district
      {Role::VillageCadre, "500112101001'--"},  // not a code at all
      {Role::VillageCadre, ""},
  };
  for (const auto& [role, region] : wrong) {
    INFO(role_name(role) << " " << region);
    const auto e = api_error([&] { add_user(f.db, with(role, region), "t", t0, PasswordCost::Minimum); });
    CHECK(e.status() == 400);
    CHECK(e.error() == "bad_field");
    CHECK(e.detail().starts_with("region:"));
  }
}

TEST_CASE("bad user fields are refused, naming the field and never the password", "[users]") {
  Fixture f;
  const std::vector<std::string> bad_usernames{"ab", "LiJun", "1lijun", "li jun", std::string(33, 'a'),
                                               "'; DROP TABLE users;--", "lijun\n", "李军", "", "li\xffjun"};
  for (const auto& name : bad_usernames) {
    INFO(name);
    auto u = cadre(name);
    const auto e = api_error([&] { add_user(f.db, u, "t", t0, PasswordCost::Minimum); });
    CHECK(e.status() == 400);
    CHECK(e.detail().starts_with("username:"));
  }
  const std::vector<std::string> bad_names{"", "   ", "一二三四五六七八九十一二三四五六七八九十一", "李\n军",
                                           "李\t军", "李\x1b[31m军", "李\xe2\x80\xae军", "\xc3\x28"};
  for (const auto& name : bad_names) {
    INFO(name);
    auto u = cadre();
    u.display_name = name;
    const auto e = api_error([&] { add_user(f.db, u, "t", t0, PasswordCost::Minimum); });
    CHECK(e.status() == 400);
    CHECK(e.detail().starts_with("display_name:"));
  }
  const std::vector<std::string> bad_passwords{"short", std::string(129, 'x') + "y", "aaaaaaaaaaaa",
                                               "密密密密密密", "lijun12345", "good pass \xff\xfe word"};
  for (const auto& password : bad_passwords) {
    auto u = cadre(password == "lijun12345" ? "lijun12345" : "lijun");
    u.password = password;
    const auto e = api_error([&] { add_user(f.db, u, "t", t0, PasswordCost::Minimum); });
    CHECK(e.status() == 400);
    CHECK(e.detail().starts_with("password:"));
    CHECK(e.detail().find(password) == std::string::npos);
  }
  CHECK(list_users(f.db).empty());
  CHECK(count(f.db, "SELECT count(*) FROM audit") == 0);

  // Boundaries that pass: 20 code points of CJK, 128 bytes, SQL-looking text kept verbatim.
  auto u = cadre("wang.er_3-x");
  u.display_name = "';DROP TABLE users--";
  u.password = std::string(127, 'x') + "y";
  CHECK(add_user(f.db, u, "t", t0, PasswordCost::Minimum).display_name == "';DROP TABLE users--");
  u = cadre("zhao");
  u.display_name = "一二三四五六七八九十一二三四五六七八九十";
  u.password = "密码密码密码";  // 18 bytes
  CHECK_NOTHROW(add_user(f.db, u, "t", t0, PasswordCost::Minimum));
  const auto users = list_users(f.db);
  REQUIRE(users.size() == 2);
  CHECK(users[0].display_name == "';DROP TABLE users--");
  CHECK(count(f.db, "SELECT count(*) FROM users") == 2);
}

TEST_CASE("login opens a session stored only as a hash", "[users]") {
  Fixture f;
  add_user(f.db, cadre(), "cli:root", t0, PasswordCost::Minimum);
  const Session s = login(f.db, "lijun", "correct horse 17", "10.0.0.5", t0, 8h);
  CHECK(s.token.size() == 64);
  CHECK(s.expires_at == t0 + 8h);
  CHECK(s.user.username == "lijun");
  CHECK(core::text::is_ascii(s.token));
  CHECK_FALSE(db_contains(f.db, s.token));
  CHECK_FALSE(db_contains(f.db, "correct horse 17"));
  CHECK(count(f.db, "SELECT count(*) FROM sessions") == 1);

  const User u = authenticate(f.db, s.token, t0 + 1h);
  CHECK(u.username == "lijun");
  CHECK(u.region_code == "500112101001");

  // Phones capitalise the first letter.
  CHECK(login(f.db, " LiJun", "correct horse 17", "10.0.0.5", t0, 8h).user.username == "lijun");

  const auto audit = list_audit(f.db, 1);
  CHECK(audit[0].action == "user.login");
  CHECK(audit[0].actor == "cadre:lijun");
  CHECK(audit[0].remote_addr == "10.0.0.5");

  logout(f.db, s.token);
  CHECK(api_error([&] { (void)authenticate(f.db, s.token, t0 + 1h); }).error() == "no_session");
  CHECK_NOTHROW(logout(f.db, s.token));
  CHECK_NOTHROW(logout(f.db, "not a token"));
}

TEST_CASE("a failed login says the same whatever was wrong", "[users]") {
  Fixture f;
  add_user(f.db, cadre(), "cli:root", t0, PasswordCost::Minimum);
  auto other = cadre("wanger", "500112101002");
  add_user(f.db, other, "cli:root", t0, PasswordCost::Minimum);
  disable_user(f.db, "wanger", "cli:root", t0);

  const auto wrong_password = api_error([&] { login(f.db, "lijun", "correct horse 18", "1.2.3.4", t0, 8h); });
  const auto unknown_user = api_error([&] { login(f.db, "nobody", "correct horse 17", "1.2.3.4", t0, 8h); });
  const auto disabled = api_error([&] { login(f.db, "wanger", "correct horse 17", "1.2.3.4", t0, 8h); });
  const auto garbage = api_error([&] { login(f.db, "'; DROP TABLE users;--\x1b\xff", "", "1.2.3.4", t0, 8h); });
  const auto huge = api_error([&] { login(f.db, "lijun", std::string(100'000, 'a'), "1.2.3.4", t0, 8h); });
  for (const auto* e : {&wrong_password, &unknown_user, &disabled, &garbage, &huge}) {
    CHECK(e->status() == 401);
    CHECK(e->error() == "bad_login");
    CHECK(e->detail() == wrong_password.detail());
  }
  CHECK(count(f.db, "SELECT count(*) FROM sessions") == 0);
  CHECK(count(f.db, "SELECT count(*) FROM users") == 2);

  const auto audit = list_audit(f.db, 5, "user:");
  REQUIRE(audit.size() == 5);
  for (const auto& a : audit) {
    CHECK(a.action == "user.login_failed");
    CHECK(a.remote_addr == "1.2.3.4");
  }
  CHECK(audit[0].detail["reason"] == "bad_password");  // huge: newest first
  CHECK(audit[1].detail["username"] == "(unprintable)");
  CHECK(audit[2].detail["reason"] == "disabled");
  CHECK(audit[3].detail["reason"] == "unknown_user");
  CHECK(audit[3].detail["username"] == "nobody");
  CHECK(audit[4].detail["reason"] == "bad_password");
  CHECK_FALSE(db_contains(f.db, "correct horse 18"));
}

TEST_CASE("sessions end when they expire or the user is disabled", "[users]") {
  Fixture f;
  add_user(f.db, cadre(), "cli:root", t0, PasswordCost::Minimum);
  const Session s = login(f.db, "lijun", "correct horse 17", "", t0, 8h);
  CHECK_NOTHROW(authenticate(f.db, s.token, t0 + 8h - 1s));
  const auto expired = api_error([&] { (void)authenticate(f.db, s.token, t0 + 8h); });
  CHECK(expired.status() == 401);
  CHECK(expired.error() == "no_session");

  for (const std::string& bad : std::vector<std::string>{"", "abc", std::string(64, 'g'), std::string(64, 'A'), s.token + "0",
                                "' OR 1=1 --" + std::string(53, ' ')}) {
    INFO(bad);
    CHECK(api_error([&] { (void)authenticate(f.db, bad, t0); }).error() == "no_session");
  }

  // A later login purges the expired session.
  const Session s2 = login(f.db, "lijun", "correct horse 17", "", t0 + 9h, 8h);
  CHECK(count(f.db, "SELECT count(*) FROM sessions") == 1);

  // A session of an account disabled behind our back (not via disable_user) still stops working.
  f.db.exec("UPDATE users SET disabled_at = '2026-03-01T16:00:00Z'");
  CHECK(api_error([&] { (void)authenticate(f.db, s2.token, t0 + 10h); }).error() == "no_session");
  f.db.exec("UPDATE users SET disabled_at = NULL");
  CHECK_NOTHROW(authenticate(f.db, s2.token, t0 + 10h));

  disable_user(f.db, "lijun", "cli:root", t0 + 10h);
  CHECK(count(f.db, "SELECT count(*) FROM sessions") == 0);
  CHECK(api_error([&] { (void)authenticate(f.db, s2.token, t0 + 10h); }).status() == 401);
  CHECK(list_users(f.db)[0].disabled);
  CHECK(list_audit(f.db, 1)[0].action == "user.disable");

  CHECK(api_error([&] { disable_user(f.db, "lijun", "cli:root", t0); }).status() == 409);
  CHECK(api_error([&] { disable_user(f.db, "nobody", "cli:root", t0); }).status() == 404);
}

TEST_CASE("users read within their region and write there unless auditors", "[users]") {
  const User village{1, "lijun", "李军", Role::VillageCadre, "500112101001", false};
  const User town{2, "town", "张三", Role::TownAdmin, "500112101", false};
  const User district{3, "qu", "王五", Role::DistrictAdmin, "500112", false};
  const User auditor{4, "shen", "赵六", Role::Auditor, "500112", false};

  CHECK(may_write(village, "500112101001"));
  CHECK(may_write(village, "500112101001001"));
  CHECK_FALSE(may_write(village, "500112101002"));
  CHECK_FALSE(may_write(village, "500112101"));
  CHECK_FALSE(may_write(village, "500112"));
  CHECK_FALSE(may_read(village, "500112101002"));

  CHECK(may_write(town, "500112101"));
  CHECK(may_write(town, "500112101002"));
  CHECK_FALSE(may_write(town, "500112102001"));
  CHECK_FALSE(may_write(town, "500112"));

  CHECK(may_write(district, "500112102001"));
  CHECK_FALSE(may_write(district, "500113"));

  CHECK(may_read(auditor, "500112102001"));
  CHECK_FALSE(may_write(auditor, "500112102001"));
  CHECK_FALSE(may_write(auditor, "500112"));

  // Not codes at all, though they start with the right digits.
  CHECK_FALSE(may_read(village, "500112101001x"));
  CHECK_FALSE(may_read(village, "500112101001' OR 1=1"));
  CHECK_FALSE(may_read(district, ""));

  User gone = district;
  gone.disabled = true;
  CHECK_FALSE(may_read(gone, "500112"));

  CHECK_NOTHROW(require_write(town, "500112101001"));
  const auto e = api_error([&] { require_write(village, "500112101002"); });
  CHECK(e.status() == 403);
  CHECK(e.error() == "forbidden");
  CHECK(e.detail().find("500112101002") != std::string::npos);
  CHECK(api_error([&] { require_write(auditor, "500112"); }).status() == 403);
  CHECK(api_error([&] { require_read(village, "500112101002"); }).status() == 403);
}

TEST_CASE("wrong passwords in a row lock a username for a while", "[users][lockout]") {
  Fixture f;
  add_user(f.db, cadre(), "cli:root", t0, PasswordCost::Minimum);
  const Lockout lockout{5, 15min};
  auto attempt = [&](std::string_view name, std::string_view password, core::Timestamp at) {
    return api_error([&] { (void)login(f.db, name, password, "1.2.3.4", at, 8h, lockout); });
  };

  for (int i = 1; i <= 4; ++i) {
    INFO(i);
    CHECK(attempt("lijun", "correct horse 18", t0 + std::chrono::seconds(i)).error() == "bad_login");
  }
  // The fifth wrong password locks the name, and is itself refused as locked.
  const auto fifth = attempt("LiJun", "correct horse 18", t0 + 5s);
  CHECK(fifth.status() == 429);
  CHECK(fifth.error() == "locked");
  CHECK(fifth.detail() == "too many wrong passwords: this account is locked for 15 more minutes");
  CHECK(fifth.retry_after() == 15 * 60);
  const auto audit = list_audit(f.db, 2, "user:lijun");
  REQUIRE(audit.size() == 2);
  CHECK(audit[0].action == "user.locked");
  CHECK(audit[0].detail["failures"] == 5);
  CHECK(audit[0].detail["until"] == "2026-03-01T06:20:05Z");
  CHECK(audit[0].region == "500112101001");
  CHECK(audit[1].action == "user.login_failed");

  // While locked the right password is refused too, before any password check, and audited.
  const auto right = attempt("lijun", "correct horse 17", t0 + 10min);
  CHECK(right.status() == 429);
  CHECK(right.retry_after() == 5 * 60 + 5);
  CHECK(right.detail() == "too many wrong passwords: this account is locked for 6 more minutes");
  CHECK(list_audit(f.db, 1)[0].action == "user.login_locked");
  CHECK(count(f.db, "SELECT count(*) FROM sessions") == 0);
  CHECK(attempt("lijun", "correct horse 18", t0 + 15min + 4s).error() == "locked");
  CHECK(count(f.db, "SELECT count(*) FROM audit WHERE action = 'user.login_failed'") == 5);  // none while locked

  // When the lock ends the count starts again from nothing.
  CHECK_NOTHROW(login(f.db, "lijun", "correct horse 17", "1.2.3.4", t0 + 15min + 5s, 8h, lockout));
  CHECK(count(f.db, "SELECT count(*) FROM login_failures") == 0);
}

TEST_CASE("attempts on a locked name are refused by a read, audited at most once a minute", "[users][lockout]") {
  // A file, so that a second connection can hold the write lock.
  const auto dir = std::filesystem::temp_directory_path() / ("sunlight-users-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Store store(store_file(dir).string());
  auto& db = store.db();
  add_regions(db);
  add_user(db, cadre(), "cli:root", t0, PasswordCost::Minimum);
  const Lockout lockout{3, 15min};
  for (int i = 0; i < 3; ++i) (void)api_error([&] { (void)login(db, "lijun", "wrong password", "", t0, 8h, lockout); });
  auto refused_rows = [&] { return count(db, "SELECT count(*) FROM audit WHERE action = 'user.login_locked'"); };
  REQUIRE(refused_rows() == 0);

  // 100 attempts, one a second, from two addresses, right password and wrong: rows at 0 s and 60 s.
  for (int i = 0; i < 100; ++i) {
    const auto at = t0 + std::chrono::seconds(i);
    const auto e = api_error(
        [&] { (void)login(db, "LiJun", i % 2 ? "correct horse 17" : "wrong", i % 3 ? "1.2.3.4" : "5.6.7.8", at, 8h, lockout); });
    CHECK(e.error() == "locked");
  }
  CHECK(refused_rows() == 2);
  const auto last = list_audit(db, 1)[0];
  CHECK(last.action == "user.login_locked");
  CHECK(last.at == t0 + 60s);
  CHECK(last.detail["username"] == "LiJun");
  CHECK(last.detail["until"] == "2026-03-01T06:20:00Z");
  CHECK(last.region == "500112101001");

  // Between rows a refusal never asks for the write lock: it answers while another connection holds it.
  SQLite::Database other(store_file(dir).string(), SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  db.setBusyTimeout(0);
  CHECK(api_error([&] { (void)login(db, "lijun", "wrong", "", t0 + 119s, 8h, lockout); }).error() == "locked");
  other.exec("ROLLBACK");
  CHECK(refused_rows() == 2);
  // A minute after the last row, the next refusal is audited again.
  CHECK(api_error([&] { (void)login(db, "lijun", "wrong", "", t0 + 120s, 8h, lockout); }).error() == "locked");
  CHECK(refused_rows() == 3);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a success resets the count and a day without failures forgets it", "[users][lockout]") {
  Fixture f;
  add_user(f.db, cadre(), "cli:root", t0, PasswordCost::Minimum);
  const Lockout lockout{3, 1min};
  auto wrong = [&](core::Timestamp at) {
    return api_error([&] { (void)login(f.db, "lijun", "wrong password", "", at, 8h, lockout); }).error();
  };
  CHECK(wrong(t0) == "bad_login");
  CHECK(wrong(t0 + 1s) == "bad_login");
  CHECK_NOTHROW(login(f.db, "lijun", "correct horse 17", "", t0 + 2s, 8h, lockout));
  CHECK(wrong(t0 + 3s) == "bad_login");
  CHECK(wrong(t0 + 4s) == "bad_login");
  CHECK(wrong(t0 + 24h + 5s) == "bad_login");  // the two before are forgotten
  CHECK(wrong(t0 + 24h + 6s) == "bad_login");
  CHECK(wrong(t0 + 24h + 7s) == "locked");
  CHECK(api_error([&] { (void)login(f.db, "lijun", "correct horse 17", "", t0 + 24h + 66s, 8h, lockout); }).retry_after() == 1);
  CHECK_NOTHROW(login(f.db, "lijun", "correct horse 17", "", t0 + 24h + 67s, 8h, lockout));
}

TEST_CASE("names with no account lock the same way", "[users][lockout]") {
  Fixture f;
  add_user(f.db, cadre(), "cli:root", t0, PasswordCost::Minimum);
  const Lockout lockout{3, 15min};
  for (const std::string name : {"nobody", "'; DROP TABLE users;--\x1b\xff"}) {
    INFO(name);
    for (int i = 0; i < 2; ++i)
      CHECK(api_error([&] { (void)login(f.db, name, "whatever 123", "", t0, 8h, lockout); }).error() == "bad_login");
    const auto third = api_error([&] { (void)login(f.db, name, "whatever 123", "", t0, 8h, lockout); });
    CHECK(third.status() == 429);
    CHECK(third.detail() == "too many wrong passwords: this account is locked for 15 more minutes");
  }
  CHECK(list_audit(f.db, 1)[0].action == "user.locked");
  CHECK(list_audit(f.db, 1)[0].region.empty());
  CHECK_FALSE(db_contains(f.db, "DROP TABLE"));  // the hostile name is counted under its hash
  // Other names are untouched.
  CHECK_NOTHROW(login(f.db, "lijun", "correct horse 17", "", t0, 8h, lockout));
}

TEST_CASE("unlocking ends a lock at once", "[users][lockout]") {
  Fixture f;
  add_user(f.db, cadre(), "cli:root", t0, PasswordCost::Minimum);
  const Lockout lockout{3, 15min};
  for (int i = 0; i < 3; ++i) (void)api_error([&] { (void)login(f.db, "lijun", "wrong password", "", t0, 8h, lockout); });
  CHECK(api_error([&] { (void)login(f.db, "lijun", "correct horse 17", "", t0 + 1min, 8h, lockout); }).error() == "locked");

  CHECK(unlock_user(f.db, " LIJUN", "cli:root", t0 + 2min));
  const auto audit = list_audit(f.db, 1)[0];
  CHECK(audit.action == "user.unlock");
  CHECK(audit.actor == "cli:root");
  CHECK(audit.target == "user:lijun");
  CHECK(audit.region == "500112101001");
  CHECK_NOTHROW(login(f.db, "lijun", "correct horse 17", "", t0 + 3min, 8h, lockout));

  const int rows = count(f.db, "SELECT count(*) FROM audit");
  CHECK_FALSE(unlock_user(f.db, "lijun", "cli:root", t0 + 4min));
  CHECK_FALSE(unlock_user(f.db, "nobody", "cli:root", t0 + 4min));
  CHECK(count(f.db, "SELECT count(*) FROM audit") == rows);  // nothing was locked, nothing to audit
}

TEST_CASE("a session reports its expiry and derives a CSRF token that is not stored", "[users]") {
  Fixture f;
  add_user(f.db, cadre(), "cli:root", t0, PasswordCost::Minimum);
  const Session s = login(f.db, "lijun", "correct horse 17", "", t0, 8h);
  const Session again = session_of(f.db, s.token, t0 + 1h);
  CHECK(again.expires_at == t0 + 8h);
  CHECK(again.user.username == "lijun");
  CHECK(again.token == s.token);

  const auto csrf = csrf_token_for(s.token);
  CHECK(csrf.size() == 64);
  CHECK(csrf == csrf_token_for(s.token));
  CHECK(csrf != s.token);
  CHECK(csrf != core::generic_hash_hex(s.token));  // not the stored hash of the token either
  CHECK(csrf != csrf_token_for(login(f.db, "lijun", "correct horse 17", "", t0, 8h).token));
  CHECK_FALSE(db_contains(f.db, csrf));
  CHECK_THROWS_AS(csrf_token_for("short"), std::invalid_argument);
}

TEST_CASE("audit rows carry the region they concern", "[users]") {
  Fixture f;
  add_user(f.db, cadre(), "cli:root", t0, PasswordCost::Minimum);
  (void)login(f.db, "lijun", "correct horse 17", "", t0, 8h);
  (void)api_error([&] { (void)login(f.db, "nobody", "correct horse 17", "", t0, 8h); });
  disable_user(f.db, "lijun", "cli:root", t0);
  const auto audit = list_audit(f.db, 4);
  REQUIRE(audit.size() == 4);
  CHECK(audit[0].action == "user.disable");
  CHECK(audit[0].region == "500112101001");
  CHECK(audit[1].action == "user.login_failed");
  CHECK(audit[1].region.empty());
  CHECK(audit[2].action == "user.login");
  CHECK(audit[2].region == "500112101001");
  CHECK(audit[3].action == "user.add");
  CHECK(audit[3].region == "500112101001");
}
