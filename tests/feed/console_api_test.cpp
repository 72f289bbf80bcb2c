// Tests for the API the cadre console added (docs/console.md) on a real server on 127.0.0.1:
// cookie sessions and CSRF, lockout, regions, revisions, terminals, the audit log and the
// console's own files with their security headers.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>
#include <sstream>

#include <SQLiteCpp/Statement.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "feed/admin_commands.hpp"
#include "feed/console_files.hpp"
#include "feed/store.hpp"
#include "feed/terminals.hpp"
#include "feed/users.hpp"
#include "feed_fixture.hpp"

using namespace sunlight;
using namespace sunlight::feed;
using nlohmann::json;

namespace {

constexpr std::string_view kCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// A browser's view of a cookie login: the Cookie header to send back and the CSRF token.
struct CookieLogin {
  std::string cookie;  // "sunlight_session=<token>"
  std::string token;
  std::string csrf;
  std::string set_cookie;
};

struct Served {
  testing::FeedFixture feed;
  testing::RunningFeed served{feed.dir};
  std::string district_admin = "zhaoqu", district_password = "district admin 1";
  std::string auditor = "shenji", auditor_password = "auditor password 2";

  Served() {
    Store store(store_file(feed.dir).string());
    add_user(store.db(), NewUser{district_admin, "区管理", Role::DistrictAdmin, feed.district, district_password}, "test",
             core::now_utc(), PasswordCost::Minimum);
    add_user(store.db(), NewUser{auditor, "审计", Role::Auditor, feed.district, auditor_password}, "test", core::now_utc(),
             PasswordCost::Minimum);
  }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", served.port());
    c.set_read_timeout(10, 0);
    return c;
  }

  static httplib::Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

  std::string login(const std::string& user, const std::string& password) const {
    auto res = client().Post("/v1/session", json{{"username", user}, {"password", password}}.dump(), "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 201);
    return json::parse(res->body).at("token").get<std::string>();
  }

  CookieLogin cookie_login(const std::string& user, const std::string& password, const httplib::Headers& headers = {}) const {
    auto res = client().Post("/v1/session", headers,
                             json{{"username", user}, {"password", password}, {"cookie", true}}.dump(), "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 201);
    CookieLogin out;
    out.set_cookie = res->get_header_value("Set-Cookie");
    std::smatch m;
    REQUIRE(std::regex_search(out.set_cookie, m, std::regex("^sunlight_session=([0-9a-f]{64});")));
    out.token = m[1].str();
    out.cookie = "sunlight_session=" + out.token;
    out.csrf = json::parse(res->body).at("csrf_token").get<std::string>();
    return out;
  }

  json notice_draft(const std::string& title) const {
    return {{"region", feed.village}, {"category", "village_affairs"}, {"title", title}, {"body", "正文"}};
  }

  int notice_count() const {
    Store store(store_file(feed.dir).string());
    return store.db().execAndGet("SELECT count(*) FROM notices").getInt();
  }
};

json body_of(const httplib::Result& res) {
  REQUIRE(res);
  return json::parse(res->body);
}

std::string error_of(const httplib::Result& res) {
  REQUIRE(res);
  return json::parse(res->body).at("error").get<std::string>();
}

// Sends `request` byte for byte (no client library in between to tidy the path) and returns the
// status code and the whole reply.
std::pair<int, std::string> raw_request(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size()));
  std::string reply;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) reply.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  int status = 0;
  std::istringstream(reply.substr(9, 3)) >> status;
  return {status, reply};
}

}  // namespace

TEST_CASE("a cookie login sets an HttpOnly SameSite cookie and answers with a CSRF token instead of the token",
          "[server][console]") {
  Served s;
  auto c = s.client();
  const auto login = s.cookie_login(s.feed.cadre, s.feed.cadre_password);
  CHECK(login.set_cookie == "sunlight_session=" + login.token + "; Path=/v1; Max-Age=28800; HttpOnly; SameSite=Strict");
  CHECK(std::regex_match(login.csrf, std::regex("[0-9a-f]{64}")));
  CHECK(login.csrf != login.token);

  auto res = c.Post("/v1/session", json{{"username", s.feed.cadre}, {"password", s.feed.cadre_password}, {"cookie", true}}.dump(),
                    "application/json");
  const auto body = body_of(res);
  CHECK_FALSE(body.contains("token"));
  CHECK(body.at("user").at("username") == "lijun");
  CHECK(body.contains("expires_at"));
  CHECK(res->body.find(res->get_header_value("Set-Cookie").substr(17, 64)) == std::string::npos);
  CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");

  SECTION("the session answers by cookie, with the same CSRF token again") {
    auto who = c.Get("/v1/session", {{"Cookie", login.cookie}});
    REQUIRE(who->status == 200);
    const auto w = body_of(who);
    CHECK(w.at("user").at("username") == "lijun");
    CHECK(w.at("csrf_token") == login.csrf);
    CHECK(w.at("expires_at").get<std::string>().ends_with("Z"));
    // By bearer: no CSRF token, it is not needed.
    const auto b = body_of(c.Get("/v1/session", Served::bearer(s.login(s.feed.cadre, s.feed.cadre_password))));
    CHECK_FALSE(b.contains("csrf_token"));
    CHECK(b.contains("expires_at"));
  }
  SECTION("Secure when the browser came through TLS") {
    const auto tls = s.cookie_login(s.feed.cadre, s.feed.cadre_password, {{"X-Forwarded-Proto", "https"}});
    CHECK(tls.set_cookie.ends_with("; HttpOnly; SameSite=Strict; Secure"));
  }
  SECTION("cookie false or absent returns the token as before; anything else is a bad field") {
    auto plain = c.Post("/v1/session",
                        json{{"username", s.feed.cadre}, {"password", s.feed.cadre_password}, {"cookie", false}}.dump(),
                        "application/json");
    CHECK(plain->status == 201);
    CHECK(body_of(plain).contains("token"));
    CHECK_FALSE(plain->has_header("Set-Cookie"));
    for (const json& bad : {json("true"), json(1), json(nullptr), json::object()}) {
      auto r = c.Post("/v1/session",
                      json{{"username", s.feed.cadre}, {"password", s.feed.cadre_password}, {"cookie", bad}}.dump(),
                      "application/json");
      CHECK(r->status == 400);
      CHECK(error_of(r) == "bad_field");
      CHECK_FALSE(r->has_header("Set-Cookie"));
    }
  }
}

TEST_CASE("cookie writes need the CSRF token and change nothing without it, bearer writes do not", "[server][console]") {
  Served s;
  auto c = s.client();
  const auto login = s.cookie_login(s.feed.cadre, s.feed.cadre_password);
  const int before = s.notice_count();
  const auto draft = s.notice_draft("村道维修").dump();

  for (const auto& headers : {httplib::Headers{{"Cookie", login.cookie}},
                              httplib::Headers{{"Cookie", login.cookie}, {"X-CSRF-Token", std::string(64, '0')}},
                              httplib::Headers{{"Cookie", login.cookie}, {"X-CSRF-Token", login.csrf + "0"}},
                              httplib::Headers{{"Cookie", login.cookie}, {"X-CSRF-Token", login.token}}}) {
    auto res = c.Post("/v1/notices", headers, draft, "application/json");
    REQUIRE(res);
    CHECK(res->status == 403);
    CHECK(error_of(res) == "csrf");
    CHECK(body_of(res).at("detail") == "send the X-CSRF-Token the login returned; reload the console");
  }
  CHECK(s.notice_count() == before);

  const httplib::Headers ok{{"Cookie", login.cookie}, {"X-CSRF-Token", login.csrf}};
  auto created = c.Post("/v1/notices", ok, draft, "application/json");
  REQUIRE(created->status == 201);
  const auto id = body_of(created).at("id").get<std::int64_t>();
  const auto path = "/v1/notices/" + std::to_string(id);

  json edit = s.notice_draft("村道维修（改）");
  edit["base_revision"] = 1;
  CHECK(c.Put(path, {{"Cookie", login.cookie}}, edit.dump(), "application/json")->status == 403);
  CHECK(c.Post(path + "/retract", {{"Cookie", login.cookie}}, json{{"reason", "取消"}}.dump(), "application/json")->status ==
        403);
  CHECK(body_of(c.Get(path, {{"Cookie", login.cookie}})).at("revision") == 1);  // reads need no CSRF token
  CHECK(c.Put(path, ok, edit.dump(), "application/json")->status == 200);

  // A program with the token in the header needs no CSRF token.
  const auto token = s.login(s.feed.cadre, s.feed.cadre_password);
  CHECK(c.Post("/v1/notices", Served::bearer(token), s.notice_draft("另一条").dump(), "application/json")->status == 201);

  SECTION("logging out by cookie needs the token too, and clears the cookie") {
    auto refused = c.Delete("/v1/session", {{"Cookie", login.cookie}});
    CHECK(refused->status == 403);
    CHECK(error_of(refused) == "csrf");
    CHECK(c.Get("/v1/session", {{"Cookie", login.cookie}})->status == 200);
    auto out = c.Delete("/v1/session", ok);
    CHECK(out->status == 204);
    CHECK(out->get_header_value("Set-Cookie") == "sunlight_session=; Path=/v1; Max-Age=0; HttpOnly; SameSite=Strict");
    auto gone = c.Get("/v1/session", {{"Cookie", login.cookie}});
    CHECK(gone->status == 401);
    CHECK(error_of(gone) == "no_session");
  }
  SECTION("a logout the store fails still clears the cookie") {
    {
      Store store(store_file(s.feed.dir).string());
      store.db().exec("CREATE TRIGGER keep_sessions BEFORE DELETE ON sessions BEGIN SELECT RAISE(ABORT, 'kept'); END");
    }
    auto failed = c.Delete("/v1/session", ok);
    CHECK(failed->status == 500);
    CHECK(error_of(failed) == "store_error");
    CHECK(failed->get_header_value("Set-Cookie") == "sunlight_session=; Path=/v1; Max-Age=0; HttpOnly; SameSite=Strict");
  }
}

TEST_CASE("the Authorization header wins over the cookie", "[server][console]") {
  Served s;
  auto c = s.client();
  const auto cadre = s.cookie_login(s.feed.cadre, s.feed.cadre_password);
  const auto admin = s.login(s.feed.town_admin, s.feed.town_admin_password);

  httplib::Headers both = Served::bearer(admin);
  both.emplace("Cookie", cadre.cookie);
  const auto who = body_of(c.Get("/v1/session", both));
  CHECK(who.at("user").at("username") == "wangfang");
  CHECK_FALSE(who.contains("csrf_token"));
  // Authenticated by the header, the write needs no CSRF token.
  CHECK(c.Post("/v1/notices", both, s.notice_draft("镇里的通知").dump(), "application/json")->status == 201);

  // A bad bearer token is not rescued by a good cookie.
  httplib::Headers bad = Served::bearer(std::string(64, 'f'));
  bad.emplace("Cookie", cadre.cookie);
  auto res = c.Get("/v1/session", bad);
  CHECK(res->status == 401);
  CHECK(error_of(res) == "no_session");

  // Any other Authorization header is ignored: the cookie decides, and writes need its CSRF token.
  for (const std::string& other : std::vector<std::string>{"Basic dXNlcjpwYXNz", "bearer " + admin, "Bearer "}) {
    INFO(other);
    const httplib::Headers with_cookie{{"Authorization", other}, {"Cookie", cadre.cookie}};
    const auto by_cookie = body_of(c.Get("/v1/session", with_cookie));
    CHECK(by_cookie.at("user").at("username") == "lijun");
    CHECK(by_cookie.at("csrf_token") == cadre.csrf);
    auto write = c.Post("/v1/notices", with_cookie, s.notice_draft("无令牌").dump(), "application/json");
    CHECK(write->status == 403);
    CHECK(error_of(write) == "csrf");
  }
}

TEST_CASE("other cookies on the host do not matter; a malformed or doubled session cookie counts as none",
          "[server][console]") {
  Served s;
  auto c = s.client();
  const auto login = s.cookie_login(s.feed.cadre, s.feed.cadre_password);
  CHECK(c.Get("/v1/session", {{"Cookie", "a=1;  " + login.cookie + " ; b=\"2\""}})->status == 200);
  CHECK(c.Get("/v1/session", {{"Cookie", "sunlight_session=\"" + login.token + "\""}})->status == 200);
  // Other sites' cookies that break RFC 6265, as real browsers send them.
  for (const std::string& others : std::vector<std::string>{
           login.cookie + "; junk",
           login.cookie + "; a=b c",
           "city=\xe9\x87\x8d\xe5\xba\x86; " + login.cookie,
           "Hm_lvt_x=1700000000,1700000100; " + login.cookie + "; Hm_lpvt_x=1700000100",
       }) {
    INFO(others);
    auto res = c.Get("/v1/session", {{"Cookie", others}});
    REQUIRE(res);
    CHECK(res->status == 200);
  }
  for (const std::string& bad : std::vector<std::string>{
           login.cookie + "; " + login.cookie,
           login.cookie + " x",
           "sunlight_session=" + login.token + "x",
           "sunlight_session=" + login.token.substr(0, 63),
           "sunlight_session=",
           "sunlight_session=' OR 1=1 --",
           "SUNLIGHT_SESSION=" + login.token,
           std::string(4000, ';'),
       }) {
    INFO(bad);
    auto res = c.Get("/v1/session", {{"Cookie", bad}});
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK(error_of(res) == "no_session");
  }
}

TEST_CASE("an expired session cookie is refused", "[server][console]") {
  Served s;
  auto c = s.client();
  const auto login = s.cookie_login(s.feed.cadre, s.feed.cadre_password);
  {
    Store store(store_file(s.feed.dir).string());
    store.db().exec("UPDATE sessions SET expires_at = '2020-01-01T00:00:00Z'");
  }
  auto res = c.Get("/v1/session", {{"Cookie", login.cookie}});
  CHECK(res->status == 401);
  CHECK(error_of(res) == "no_session");
  CHECK(c.Post("/v1/notices", {{"Cookie", login.cookie}, {"X-CSRF-Token", login.csrf}}, s.notice_draft("过期").dump(),
               "application/json")
            ->status == 401);
}

TEST_CASE("five wrong passwords lock a username, known or not, until unlocked", "[server][console][lockout]") {
  Served s;
  auto c = s.client();
  auto attempt = [&](const std::string& user, const std::string& password) {
    auto res = c.Post("/v1/session", json{{"username", user}, {"password", password}}.dump(), "application/json");
    REQUIRE(res);
    return res;
  };
  // A success in between resets the count.
  for (int i = 0; i < 4; ++i) CHECK(attempt(s.feed.cadre, "wrong password")->status == 401);
  CHECK(attempt(s.feed.cadre, s.feed.cadre_password)->status == 201);
  for (int i = 0; i < 4; ++i) CHECK(attempt(s.feed.cadre, "wrong password")->status == 401);

  auto fifth = attempt(s.feed.cadre, "wrong password");
  CHECK(fifth->status == 429);
  CHECK(error_of(fifth) == "locked");
  CHECK(fifth->get_header_value("Retry-After") == "900");
  CHECK(body_of(fifth).at("detail") == "too many wrong passwords: this account is locked for 15 more minutes");
  auto right = attempt(s.feed.cadre, s.feed.cadre_password);
  CHECK(right->status == 429);
  CHECK_FALSE(body_of(right).contains("token"));

  for (int i = 0; i < 4; ++i) CHECK(attempt("nobody", "wrong password")->status == 401);
  CHECK(attempt("nobody", "wrong password")->status == 429);
  CHECK(attempt(s.feed.town_admin, s.feed.town_admin_password)->status == 201);  // other names are untouched

  {
    Store store(store_file(s.feed.dir).string());
    CHECK(store.db().execAndGet("SELECT count(*) FROM audit WHERE action = 'user.locked'").getInt() == 2);
    CHECK(store.db().execAndGet("SELECT count(*) FROM audit WHERE action = 'user.login_locked'").getInt() == 1);
  }

  std::istringstream in;
  std::ostringstream out, err;
  const std::vector<std::string> args{"unlock", "--data-dir", s.feed.dir.string(), "lijun"};
  CHECK(run_user_command(args, in, out, err) == 0);
  CHECK(out.str() == "unlocked lijun: they may log in again\n");
  CHECK(attempt(s.feed.cadre, s.feed.cadre_password)->status == 201);

  std::ostringstream out2;
  CHECK(run_user_command(args, in, out2, err) == 0);
  CHECK(out2.str() == "lijun was not locked; nothing to do\n");
  {
    Store store(store_file(s.feed.dir).string());
    CHECK(store.db().execAndGet("SELECT count(*) FROM audit WHERE action = 'user.unlock'").getInt() == 1);
  }
}

TEST_CASE("regions list what each role may see and where it may publish", "[server][console]") {
  Served s;
  auto c = s.client();
  auto regions_of = [&](const std::string& user, const std::string& password) {
    auto res = c.Get("/v1/regions", Served::bearer(s.login(user, password)));
    REQUIRE(res->status == 200);
    const auto body = body_of(res);
    std::map<std::string, json> out;
    for (const auto& r : body.at("regions")) out[r.at("code").get<std::string>()] = r;
    return out;
  };
  const auto village = regions_of(s.feed.cadre, s.feed.cadre_password);
  REQUIRE(village.size() == 1);
  const auto& v = village.at(s.feed.village);
  CHECK(v.at("level") == "village");
  CHECK(v.at("parent") == s.feed.town);
  CHECK(v.at("writable") == true);
  CHECK_FALSE(v.at("name").get<std::string>().empty());

  const auto town = regions_of(s.feed.town_admin, s.feed.town_admin_password);
  CHECK(town.contains(s.feed.town));
  CHECK(town.contains(s.feed.village));
  CHECK(town.contains(s.feed.other_village));
  CHECK_FALSE(town.contains(s.feed.district));
  CHECK_FALSE(town.contains(s.feed.group));  // groups never
  for (const auto& [code, r] : town) CHECK(r.at("writable") == true);

  const auto district = regions_of(s.district_admin, s.district_password);
  CHECK(district.at(s.feed.district).at("level") == "district");
  CHECK(district.at(s.feed.district).at("parent") == "");
  CHECK(district.at(s.feed.town).at("level") == "town");
  CHECK(district.size() == town.size() + 1);

  const auto auditor = regions_of(s.auditor, s.auditor_password);
  CHECK(auditor.size() == district.size());
  for (const auto& [code, r] : auditor) CHECK(r.at("writable") == false);

  CHECK(c.Get("/v1/regions")->status == 401);
  auto post = c.Post("/v1/regions", "{}", "application/json");
  CHECK(post->status == 405);
  CHECK(post->get_header_value("Allow") == "GET");
}

TEST_CASE("revisions come back in full, oldest first, with the notice's rights", "[server][console]") {
  Served s;
  auto c = s.client();
  const auto auth = Served::bearer(s.login(s.feed.cadre, s.feed.cadre_password));
  auto created = body_of(c.Post("/v1/notices", auth, s.notice_draft("第一版").dump(), "application/json"));
  const auto id = created.at("id").get<std::int64_t>();
  const auto path = "/v1/notices/" + std::to_string(id);
  json edit = s.notice_draft("第二版");
  edit["body"] = "第一行\n第二行";
  edit["base_revision"] = 1;
  REQUIRE(c.Put(path, auth, edit.dump(), "application/json")->status == 200);
  edit["title"] = "第三版";
  edit["category"] = "finance";
  edit["expire_at"] = "2099-01-01T00:00:00Z";
  edit["base_revision"] = 2;
  REQUIRE(c.Put(path, auth, edit.dump(), "application/json")->status == 200);

  auto res = c.Get(path + "/revisions", auth);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Cache-Control") == "no-store");
  const auto revisions = body_of(res).at("revisions");
  REQUIRE(revisions.size() == 3);
  CHECK(revisions[0].at("revision") == 1);
  CHECK(revisions[0].at("title") == "第一版");
  CHECK(revisions[0].at("body") == "正文");
  CHECK(revisions[0].at("expire_at").is_null());
  CHECK(revisions[1].at("body") == "第一行\n第二行");
  CHECK(revisions[2].at("title") == "第三版");
  CHECK(revisions[2].at("category") == "finance");
  CHECK(revisions[2].at("expire_at") == "2099-01-01T00:00:00Z");
  CHECK(revisions[2].at("by") == "李军（村干部）");
  CHECK(revisions[2].contains("at"));
  CHECK(revisions[2].contains("publish_at"));

  // The town's administrator may read it; a notice of the other village is not lijun's to read.
  CHECK(c.Get(path + "/revisions", Served::bearer(s.login(s.feed.town_admin, s.feed.town_admin_password)))->status == 200);
  json other = s.notice_draft("别村的");
  other["region"] = s.feed.other_village;
  const auto admin = Served::bearer(s.login(s.feed.town_admin, s.feed.town_admin_password));
  const auto other_id = body_of(c.Post("/v1/notices", admin, other.dump(), "application/json")).at("id").get<std::int64_t>();
  auto forbidden = c.Get("/v1/notices/" + std::to_string(other_id) + "/revisions", auth);
  CHECK(forbidden->status == 403);
  CHECK(error_of(forbidden) == "forbidden");
  auto unknown = c.Get("/v1/notices/999999/revisions", auth);
  CHECK(unknown->status == 404);
  CHECK(error_of(unknown) == "unknown_notice");
  CHECK(c.Get(path + "/revisions")->status == 401);
}

TEST_CASE("terminals are for the district's administrators and auditors", "[server][console]") {
  Served s;
  auto c = s.client();
  for (const auto& [user, password] : {std::pair{s.feed.cadre, s.feed.cadre_password},
                                       std::pair{s.feed.town_admin, s.feed.town_admin_password}}) {
    auto res = c.Get("/v1/terminals", Served::bearer(s.login(user, password)));
    CHECK(res->status == 403);
    CHECK(error_of(res) == "forbidden");
  }
  REQUIRE(c.Post("/v1/terminals/heartbeat", Served::bearer(s.feed.kiosk_token),
                 json{{"version", "sunlight-kiosk 0.3.0"}, {"data_seq", 12}, {"frame_ms", 4.5}}.dump(), "application/json")
              ->status == 204);
  {
    Store store(store_file(s.feed.dir).string());
    revoke_terminal(store.db(), 2, "test", core::now_utc());
  }

  auto res = c.Get("/v1/terminals", Served::bearer(s.login(s.district_admin, s.district_password)));
  REQUIRE(res->status == 200);
  const auto body = body_of(res);
  CHECK(body.at("head") == body_of(c.Get("/healthz")).at("head"));
  const auto& list = body.at("terminals");
  REQUIRE(list.size() == 3);
  CHECK(list[0].at("id") == 1);
  CHECK(list[0].at("kind") == "kiosk");
  CHECK(list[0].at("scope") == s.feed.village);
  CHECK_FALSE(list[0].at("scope_name").get<std::string>().empty());
  CHECK(list[0].at("state") == "online");
  CHECK(list[0].at("version") == "sunlight-kiosk 0.3.0");
  CHECK(list[0].at("data_seq") == 12);
  CHECK(list[0].at("frame_ms") == 4.5);
  CHECK(list[0].at("remote_addr") == "127.0.0.1");
  CHECK(list[0].at("last_seen_at").is_string());
  CHECK(list[1].at("scope_name") == "测试村");
  CHECK(list[1].at("state") == "revoked");
  CHECK(list[2].at("kind") == "display");
  CHECK(list[2].at("state") == "offline");
  for (const auto* field : {"last_seen_at", "version", "data_seq", "uptime_seconds", "memory_bytes", "frame_ms",
                            "last_error", "remote_addr"})
    CHECK(list[2].at(field).is_null());
  CHECK(list[2].at("enrolled_at").is_string());
  CHECK(c.Get("/v1/terminals", Served::bearer(s.login(s.auditor, s.auditor_password)))->status == 200);
}

TEST_CASE("the audit log: filters, paging and each user's scope", "[server][console]") {
  Served s;
  auto c = s.client();
  const auto cadre = Served::bearer(s.login(s.feed.cadre, s.feed.cadre_password));
  for (const auto* title : {"一", "二", "三"})
    REQUIRE(c.Post("/v1/notices", cadre, s.notice_draft(title).dump(), "application/json")->status == 201);
  const auto admin = Served::bearer(s.login(s.feed.town_admin, s.feed.town_admin_password));
  const auto district = Served::bearer(s.login(s.district_admin, s.district_password));
  auto audit = [&](const httplib::Headers& who, const std::string& query) {
    auto res = c.Get("/v1/audit" + query, who);
    REQUIRE(res);
    return res;
  };

  auto denied = audit(cadre, "");
  CHECK(denied->status == 403);
  CHECK(error_of(denied) == "forbidden");

  // The town's administrator sees the rows of the town and its villages only.
  const auto town_rows = body_of(audit(admin, "?limit=500"));
  CHECK_FALSE(town_rows.at("more"));
  std::set<std::string> actions;
  for (const auto& e : town_rows.at("entries")) {
    CHECK(e.at("region").get<std::string>().starts_with(s.feed.town));
    actions.insert(e.at("action").get<std::string>());
    for (const auto* field : {"id", "at", "actor", "remote_addr", "action", "target", "region", "detail"})
      CHECK(e.contains(field));
  }
  CHECK(actions.contains("notice.publish"));
  CHECK(actions.contains("user.login"));
  CHECK_FALSE(actions.contains("import.regions"));  // district-wide work

  // A district-level user sees everything, imports ('') included.
  const auto all = body_of(audit(district, "?limit=500"));
  CHECK(all.at("entries").size() > town_rows.at("entries").size());
  bool saw_import = false;
  for (const auto& e : all.at("entries")) saw_import = saw_import || e.at("action") == "import.regions";
  CHECK(saw_import);

  const auto notices = body_of(audit(admin, "?action=notice.&actor=cadre:lijun"));
  REQUIRE(notices.at("entries").size() == 3);
  CHECK(notices.at("entries")[0].at("action") == "notice.publish");
  CHECK(notices.at("entries")[0].at("remote_addr") == "127.0.0.1");
  CHECK(notices.at("entries")[0].at("region") == s.feed.village);
  CHECK(notices.at("entries")[0].at("detail").at("revision") == 1);
  const auto target = notices.at("entries")[1].at("target").get<std::string>();
  CHECK(body_of(audit(admin, "?target=" + target)).at("entries").size() == 1);
  CHECK(body_of(audit(admin, "?action=notice.&region=" + s.feed.other_village)).at("entries").empty());
  CHECK(body_of(audit(admin, "?action=terminal.&region=" + s.feed.other_village)).at("entries").size() == 1);
  CHECK(body_of(audit(admin, "?since=2099-01-01T00:00:00Z")).at("entries").empty());
  CHECK(body_of(audit(admin, "?until=2000-01-01T00:00:00Z")).at("entries").empty());

  // Paging: newest first, two at a time, continuing before the last id.
  const auto first = body_of(audit(admin, "?action=notice.&limit=2"));
  CHECK(first.at("more") == true);
  REQUIRE(first.at("entries").size() == 2);
  const auto last_id = first.at("entries")[1].at("id").get<std::int64_t>();
  CHECK(first.at("entries")[0].at("id").get<std::int64_t>() > last_id);
  const auto second = body_of(audit(admin, "?action=notice.&limit=2&before=" + std::to_string(last_id)));
  CHECK(second.at("more") == false);
  REQUIRE(second.at("entries").size() == 1);
  CHECK(second.at("entries")[0].at("id").get<std::int64_t>() < last_id);

  for (const std::string& bad : std::vector<std::string>{"?limit=0", "?limit=501", "?limit=ten", "?before=0", "?before=-3", "?since=yesterday",
                                "?until=2026-13-01T00:00:00Z", "?region=abc", "?region=5001121",
                                "?actor=" + std::string(201, 'a')}) {
    INFO(bad);
    auto res = audit(admin, bad);
    CHECK(res->status == 400);
    CHECK(error_of(res) == "bad_parameter");
  }
  CHECK(audit(admin, "?region=" + s.feed.district)->status == 403);  // above the town
  CHECK(c.Get("/v1/audit")->status == 401);
}

TEST_CASE("titles with markup are stored and returned exactly as typed", "[server][console]") {
  Served s;
  auto c = s.client();
  const auto auth = Served::bearer(s.login(s.feed.cadre, s.feed.cadre_password));
  json draft = s.notice_draft("<script>alert('x')</script>");
  draft["body"] = "<img src=x onerror=\"alert(1)\">\n&amp; </textarea>";
  auto created = c.Post("/v1/notices", auth, draft.dump(), "application/json");
  REQUIRE(created->status == 201);
  CHECK(created->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(created->get_header_value("Content-Type") == "application/json; charset=utf-8");
  const auto id = body_of(created).at("id").get<std::int64_t>();
  const auto got = body_of(c.Get("/v1/notices/" + std::to_string(id), auth));
  CHECK(got.at("title") == "<script>alert('x')</script>");
  CHECK(got.at("body") == "<img src=x onerror=\"alert(1)\">\n&amp; </textarea>");
  const auto revisions = body_of(c.Get("/v1/notices/" + std::to_string(id) + "/revisions", auth));
  CHECK(revisions.at("revisions")[0].at("title") == "<script>alert('x')</script>");
}

TEST_CASE("API replies, errors included, say nosniff", "[server][console]") {
  Served s;
  auto c = s.client();
  for (const auto* path : {"/v1/info", "/healthz", "/v1/session", "/v1/nothing", "/v1/feed/nope/snapshot"}) {
    INFO(path);
    auto res = c.Get(path);
    REQUIRE(res);
    CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK_FALSE(res->has_header("Content-Security-Policy"));
  }
}

TEST_CASE("the console's files are served from the binary with their security headers", "[server][console]") {
  Served s;
  auto c = s.client();
  auto check_console_headers = [](const httplib::Result& res) {
    CHECK(res->get_header_value("Content-Security-Policy") == kCsp);
    CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(res->get_header_value("Referrer-Policy") == "no-referrer");
    CHECK(res->get_header_value("X-Frame-Options") == "DENY");
    CHECK(res->get_header_value_count("Content-Security-Policy") == 1);
  };

  auto redirect = c.Get("/console");
  REQUIRE(redirect);
  CHECK(redirect->status == 301);
  CHECK(redirect->get_header_value("Location") == "/console/");
  check_console_headers(redirect);

  REQUIRE_FALSE(console_files().empty());
  for (const auto& file : console_files()) {
    INFO(file.name);
    auto res = c.Get("/console/" + std::string(file.name));
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == file.bytes);
    CHECK(res->get_header_value("Content-Type") == file.content_type);
    CHECK(res->get_header_value("ETag") == file.etag);
    CHECK(res->get_header_value("Cache-Control") == "no-cache");
    check_console_headers(res);
    auto again = c.Get("/console/" + std::string(file.name), {{"If-None-Match", std::string(file.etag)}});
    CHECK(again->status == 304);
    CHECK(again->body.empty());
    check_console_headers(again);
    CHECK(c.Get("/console/" + std::string(file.name), {{"If-None-Match", "\"stale\""}})->status == 200);
    auto head = c.Head("/console/" + std::string(file.name));
    CHECK(head->status == 200);
    CHECK(head->body.empty());
  }

  if (const auto* index = find_console_file("index.html")) {
    auto root = c.Get("/console/");
    REQUIRE(root->status == 200);
    CHECK(root->body == index->bytes);
    CHECK(root->get_header_value("Content-Type") == "text/html; charset=utf-8");
    check_console_headers(root);
  }

  auto missing = c.Get("/console/nope.js");
  CHECK(missing->status == 404);
  CHECK(error_of(missing) == "not_found");
  check_console_headers(missing);
  auto post = c.Post("/console/app.js", "{}", "application/json");
  CHECK(post->status == 405);
  CHECK(post->get_header_value("Allow") == "GET");
  check_console_headers(post);
}

TEST_CASE("paths that try to leave the console's table are 404 and read no file", "[server][console]") {
  Served s;
  for (const std::string path : {"/console/../feed.sqlite", "/console/..%2ffeed.sqlite", "/console/%2e%2e/feed.sqlite",
                                 "/console/.%2e/signing.key", "/console/%2E%2E%2Fsigning.key", "/console/./index.html",
                                 "/console//etc/passwd", "/console/..\\feed.sqlite", "/console/index.html%00.js",
                                 "/console/sub/index.html", "/console/%2fetc%2fpasswd"}) {
    INFO(path);
    const auto [status, reply] =
        raw_request(s.served.port(), "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    CHECK((status == 404 || status == 400));
    CHECK(reply.find("SQLite format") == std::string::npos);
    CHECK(reply.find("ed25519") == std::string::npos);
    CHECK(reply.find("root:") == std::string::npos);
  }
}

TEST_CASE("the new routes are counted under their own names", "[server][console]") {
  Served s;
  auto c = s.client();
  (void)c.Get("/console/app.js");
  (void)c.Get("/console/nothing-here.css");
  (void)c.Get("/console");
  (void)c.Get("/v1/audit");
  (void)c.Get("/v1/regions");
  (void)c.Get("/v1/terminals");
  (void)c.Get("/v1/notices/1/revisions");
  const auto metrics = c.Get("/metrics")->body;
  for (const auto* route : {"/console/{file}", "/console", "/v1/audit", "/v1/regions", "/v1/terminals",
                            "/v1/notices/{id}/revisions"}) {
    INFO(route);
    CHECK(metrics.find(std::string("route=\"") + route + "\"") != std::string::npos);
  }
  CHECK(metrics.find("nothing-here") == std::string::npos);
}
