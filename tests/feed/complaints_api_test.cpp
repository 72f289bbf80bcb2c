// Tests for the complaints API (docs/complaints.md) on a real server on 127.0.0.1: kiosks filing
// and following, cadres acting by token and by cookie, the counts in the feed, the flags on
// /v1/terminals, Open311 and /metrics.
#include <catch2/catch.hpp>

#include <regex>

#include <SQLiteCpp/Statement.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/complaint.hpp"
#include "core/text.hpp"
#include "feed/store.hpp"
#include "feed/users.hpp"
#include "feed_fixture.hpp"

using namespace sunlight;
using namespace sunlight::feed;
using nlohmann::json;

namespace {

const std::string kPhone = "13912345678";
const std::string kReply = "已核实，差额将于12月补发。";

struct Served {
  testing::FeedFixture feed;
  testing::RunningFeed served{feed.dir};
  std::string other_cadre = "zhaosi", other_cadre_password = "other village 3";
  std::string auditor = "shenji", auditor_password = "auditor password 2";
  std::string district_admin = "zhaoqu", district_password = "district admin 1";
  std::int64_t kiosk_id = 0;
  std::string person_tag;
  int sequence = 0;

  Served() {
    Store store(store_file(feed.dir).string());
    const auto now = core::now_utc();
    add_user(store.db(), NewUser{other_cadre, "赵四", Role::VillageCadre, feed.other_village, other_cadre_password},
             "test", now, PasswordCost::Minimum);
    add_user(store.db(), NewUser{auditor, "审计", Role::Auditor, feed.district, auditor_password}, "test", now,
             PasswordCost::Minimum);
    add_user(store.db(), NewUser{district_admin, "区管理", Role::DistrictAdmin, feed.district, district_password}, "test",
             now, PasswordCost::Minimum);
    SQLite::Statement q(store.db(), "SELECT hex(tag) FROM persons WHERE tag IS NOT NULL AND region_code = ? LIMIT 1");
    q.bind(1, feed.village);
    REQUIRE(q.executeStep());
    person_tag = core::text::ascii_lower(q.getColumn(0).getString());
    auto self = client().Get("/v1/terminals/self", bearer(feed.kiosk_token));
    REQUIRE(self);
    REQUIRE(self->status == 200);
    kiosk_id = json::parse(self->body).at("id").get<std::int64_t>();
  }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", served.port());
    c.set_read_timeout(10, 0);
    return c;
  }

  static httplib::Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
  static httplib::Headers kiosk_headers(const std::string& token, const std::string& key) {
    return {{"Authorization", "Bearer " + token}, {"Idempotency-Key", key}};
  }

  std::string login(const std::string& user, const std::string& password) const {
    auto res = client().Post("/v1/session", json{{"username", user}, {"password", password}}.dump(), "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 201);
    return json::parse(res->body).at("token").get<std::string>();
  }

  std::string next_number() { return core::make_tracking_number(kiosk_id, ++sequence).value(); }
  static std::string key(int n) { return "k" + std::to_string(n) + "-abcdefghijklmnop"; }

  json complaint(const std::string& number, std::optional<std::string> phone = kPhone) const {
    json b = {{"tracking_no", number},
              {"reason", "amount_mismatch"},
              {"subject",
               {{"kind", "payment"},
                {"person_tag", person_tag},
                {"programme", "耕地地力保护补贴"},
                {"paid_on", "2026-06-15"},
                {"amount_fen", 33920}}},
              {"filed_at", "2026-11-29T02:15:00Z"}};
    if (phone) b["phone"] = *phone;
    return b;
  }

  httplib::Result file(const json& body, const std::string& key, const std::string& token = {}) const {
    return client().Post("/v1/complaints", kiosk_headers(token.empty() ? feed.kiosk_token : token, key), body.dump(),
                         "application/json");
  }

  // Files a complaint from the village's kiosk and returns its number.
  std::string filed(std::optional<std::string> phone = kPhone) {
    const auto number = next_number();
    auto res = file(complaint(number, phone), key(1000 + sequence));
    REQUIRE(res);
    REQUIRE(res->status == 201);
    return number;
  }

  httplib::Result act(const std::string& token, const std::string& number, const std::string& action,
                      const json& body = json::object()) const {
    return client().Post("/v1/complaints/" + number + "/" + action, bearer(token), body.dump(), "application/json");
  }

  int complaints_stored() const {
    Store store(store_file(feed.dir).string());
    return store.db().execAndGet("SELECT count(*) FROM complaints").getInt();
  }

  // The newest complaint_stats data for each region in the village's public feed.
  std::map<std::string, json> stats_in_feed(const std::string& scope) const {
    std::map<std::string, json> out;
    for (std::int64_t after = 0;;) {
      auto res = client().Get("/v1/feed/" + scope + "/changes?after=" + std::to_string(after) + "&limit=5000");
      REQUIRE(res);
      REQUIRE(res->status == 200);
      const auto page = json::parse(res->body);
      for (const auto& e : page.at("entries"))
        if (e.at("kind") == "complaint_stats") out[e.at("key").get<std::string>()] = e.at("data");
      if (!page.at("more").get<bool>()) return out;
      after = page.at("next").get<std::int64_t>();
    }
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

}  // namespace

TEST_CASE("a kiosk learns its id; a display too; no token is 401", "[server][complaints]") {
  Served s;
  auto self = body_of(s.client().Get("/v1/terminals/self", Served::bearer(s.feed.kiosk_token)));
  CHECK(self["kind"] == "kiosk");
  CHECK(self["scope"] == s.feed.village);
  CHECK(self["name"] == "村委会一楼");
  CHECK(self["last_sequence"] == 0);
  CHECK(body_of(s.client().Get("/v1/terminals/self", Served::bearer(s.feed.display_token)))["kind"] == "display");
  auto none = s.client().Get("/v1/terminals/self");
  REQUIRE(none);
  CHECK(none->status == 401);
}

TEST_CASE("filing: once, a replay, a conflict, bad fields and a duplicate number", "[server][complaints]") {
  Served s;
  const auto number = s.next_number();
  auto first = s.file(s.complaint(number), Served::key(1));
  REQUIRE(first);
  CHECK(first->status == 201);
  CHECK(first->get_header_value("Cache-Control") == "no-store");
  const auto filed = json::parse(first->body);
  CHECK(filed["tracking_no"] == number);
  CHECK(filed["state"] == "received");
  CHECK(filed.contains("deadline_at"));

  auto replay = s.file(s.complaint(number), Served::key(1));
  REQUIRE(replay);
  CHECK(replay->status == 200);
  CHECK(replay->body == first->body);
  CHECK(s.complaints_stored() == 1);

  auto other = s.complaint(number);
  other["reason"] = "other";
  auto conflict = s.file(other, Served::key(1));
  CHECK(conflict->status == 409);
  CHECK(error_of(conflict) == "idempotency_conflict");

  auto dup = s.file(s.complaint(number), Served::key(2));
  CHECK(dup->status == 409);
  CHECK(error_of(dup) == "duplicate_tracking");

  auto bad_phone = s.file(s.complaint(s.next_number(), std::string("23912345678")), Served::key(3));
  CHECK(bad_phone->status == 400);
  CHECK(body_of(bad_phone)["detail"] == "phone: must be an 11-digit mobile number");
  CHECK(bad_phone->body.find("23912345678") == std::string::npos);

  const auto foreign = core::make_tracking_number(s.kiosk_id + 1, 5).value();
  auto not_ours = s.file(s.complaint(foreign), Served::key(4));
  CHECK(not_ours->status == 400);
  CHECK(error_of(not_ours) == "bad_field");
  auto wrong_check = s.next_number();
  wrong_check[9] = static_cast<char>('0' + (wrong_check[9] - '0' + 1) % 10);
  auto checked = s.file(s.complaint(wrong_check), Served::key(5));
  CHECK(checked->status == 400);

  auto no_key = s.client().Post("/v1/complaints", Served::bearer(s.feed.kiosk_token), s.complaint(s.next_number()).dump(),
                                "application/json");
  CHECK(no_key->status == 400);
  CHECK(body_of(no_key)["detail"].get<std::string>().starts_with("Idempotency-Key:"));

  auto display = s.file(s.complaint(s.next_number()), Served::key(6), s.feed.display_token);
  CHECK(display->status == 403);
  CHECK(error_of(display) == "forbidden");
  auto anonymous = s.client().Post("/v1/complaints", {{"Idempotency-Key", Served::key(7)}},
                                   s.complaint(s.next_number()).dump(), "application/json");
  CHECK(anonymous->status == 401);
  CHECK(s.complaints_stored() == 1);
}

TEST_CASE("a flood from one kiosk is throttled, stores nothing and flags the terminal", "[server][complaints]") {
  Served s;
  for (int i = 0; i < 20; ++i) (void)s.filed();
  const auto number = s.next_number();
  auto refused = s.file(s.complaint(number), Served::key(99));
  REQUIRE(refused);
  CHECK(refused->status == 429);
  CHECK(error_of(refused) == "throttled");
  // A kiosk retrying the same complaint is one refusal, not one per retry.
  for (int i = 0; i < 3; ++i) CHECK(s.file(s.complaint(number), Served::key(99))->status == 429);
  // What the kiosk has filed survives a wiped replica: the highest sequence is on the server.
  const auto self = body_of(s.client().Get("/v1/terminals/self", Served::bearer(s.feed.kiosk_token)));
  CHECK(self["last_sequence"] == core::parse_tracking_number(number).value().sequence - 1);
  const auto retry = std::stoi(refused->get_header_value("Retry-After"));
  CHECK(retry > 3000);
  CHECK(retry <= 3601);
  CHECK(s.complaints_stored() == 20);
  // Another kiosk is not held back.
  auto other = s.client().Get("/v1/terminals/self", Served::bearer(s.feed.other_kiosk_token));
  const auto other_id = body_of(other)["id"].get<std::int64_t>();
  auto elsewhere = s.file(s.complaint(core::make_tracking_number(other_id, 1).value()), Served::key(98),
                          s.feed.other_kiosk_token);
  CHECK(elsewhere->status == 201);

  const auto admin = s.login(s.district_admin, s.district_password);
  const auto terminals = body_of(s.client().Get("/v1/terminals", Served::bearer(admin)))["terminals"];
  bool seen = false;
  for (const auto& t : terminals) {
    if (t["id"] == s.kiosk_id) {
      seen = true;
      CHECK(t["throttled_at"].is_string());
      CHECK(t["throttled_count"] == 1);
    } else {
      CHECK(t["throttled_at"].is_null());
      CHECK(t["throttled_count"] == 0);
    }
  }
  CHECK(seen);
}

TEST_CASE("kiosks follow their region's complaints and rate once after a reply", "[server][complaints]") {
  Served s;
  const auto number = s.filed();
  const auto status_url = "/v1/complaints/" + number + "/status";
  auto status = s.client().Get(status_url, Served::bearer(s.feed.kiosk_token));
  CHECK(body_of(status)["state"] == "received");
  CHECK(body_of(status)["reply"].is_null());
  CHECK(status->get_header_value("Cache-Control") == "no-store");
  auto elsewhere = s.client().Get(status_url, Served::bearer(s.feed.other_kiosk_token));
  CHECK(elsewhere->status == 404);
  CHECK(error_of(elsewhere) == "unknown_complaint");
  CHECK(s.client().Get(status_url, Served::bearer(s.feed.display_token))->status == 403);
  CHECK(s.client().Get("/v1/complaints/0000000000/status", Served::bearer(s.feed.kiosk_token))->status == 400);

  auto rate = [&](const std::string& key, int stars) {
    return s.client().Post("/v1/complaints/" + number + "/rating", Served::kiosk_headers(s.feed.kiosk_token, key),
                           json{{"stars", stars}}.dump(), "application/json");
  };
  auto early = rate(Served::key(10), 5);
  CHECK(early->status == 409);
  CHECK(error_of(early) == "not_replied");

  const auto cadre = s.login(s.feed.cadre, s.feed.cadre_password);
  CHECK(body_of(s.act(cadre, number, "reply", {{"text", kReply}}))["state"] == "replied");
  const auto replied = body_of(s.client().Get(status_url, Served::bearer(s.feed.kiosk_token)));
  CHECK(replied["reply"]["text"] == kReply);
  CHECK(replied["reply"]["by"] == "李军（村干部）");
  CHECK(replied["can_rate"] == true);

  CHECK(rate(Served::key(11), 9)->status == 400);
  auto rated = rate(Served::key(12), 5);
  CHECK(rated->status == 200);
  CHECK(body_of(rated)["rating"] == 5);
  auto again = rate(Served::key(12), 5);
  CHECK(again->status == 200);
  CHECK(again->body == rated->body);
  auto second = rate(Served::key(13), 4);
  CHECK(second->status == 409);
  CHECK(error_of(second) == "already_rated");
}

TEST_CASE("cadres: list, read, act within their rights, reveal audited, CSRF on cookie writes", "[server][complaints]") {
  Served s;
  const auto number = s.filed();
  const auto cadre = s.login(s.feed.cadre, s.feed.cadre_password);
  const auto town = s.login(s.feed.town_admin, s.feed.town_admin_password);
  const auto other = s.login(s.other_cadre, s.other_cadre_password);
  const auto auditor = s.login(s.auditor, s.auditor_password);

  const auto list = body_of(s.client().Get("/v1/complaints", Served::bearer(cadre)))["complaints"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["tracking_no"] == number);
  CHECK(list[0]["phone_masked"] == "139****5678");
  CHECK(list[0]["terminal"]["id"] == s.kiosk_id);
  CHECK(list[0]["subject"]["programme"] == "耕地地力保护补贴");
  CHECK(body_of(s.client().Get("/v1/complaints?state=received", Served::bearer(town)))["complaints"].size() == 1);
  CHECK(body_of(s.client().Get("/v1/complaints?state=replied", Served::bearer(town)))["complaints"].empty());
  CHECK(body_of(s.client().Get("/v1/complaints?overdue=true", Served::bearer(town)))["complaints"].empty());
  CHECK(s.client().Get("/v1/complaints?state=angry", Served::bearer(town))->status == 400);
  CHECK(s.client().Get("/v1/complaints?region=" + s.feed.village, Served::bearer(other))->status == 403);
  CHECK(s.client().Get("/v1/complaints")->status == 401);

  const auto detail = body_of(s.client().Get("/v1/complaints/" + number, Served::bearer(cadre)));
  CHECK(detail["person"]["masked_id"].get<std::string>().find("********") != std::string::npos);
  CHECK(detail["history"].size() == 1);
  CHECK(detail.dump().find(kPhone) == std::string::npos);
  CHECK(detail.dump().find(s.person_tag) == std::string::npos);
  CHECK(s.client().Get("/v1/complaints/" + number, Served::bearer(other))->status == 403);
  CHECK(s.act(other, number, "accept")->status == 403);
  CHECK(s.client().Get("/v1/complaints/" + number, Served::bearer(auditor))->status == 200);
  CHECK(s.act(auditor, number, "accept")->status == 403);
  CHECK(s.act(auditor, number, "reveal")->status == 403);

  auto revealed = s.act(cadre, number, "reveal");
  CHECK(body_of(revealed)["phone"] == kPhone);
  CHECK(revealed->get_header_value("Cache-Control") == "no-store");
  {
    Store store(store_file(s.feed.dir).string());
    auto& db = store.db();
    CHECK(db.execAndGet("SELECT count(*) FROM audit WHERE action = 'complaint.reveal' AND actor = 'cadre:lijun'").getInt() == 1);
    CHECK(db.execAndGet("SELECT count(*) FROM audit WHERE action = 'complaint.receive'").getInt() == 1);
    SQLite::Statement rows(db, "SELECT actor || remote_addr || action || target || detail || region FROM audit");
    while (rows.executeStep()) CHECK(rows.getColumn(0).getString().find(kPhone) == std::string::npos);
  }

  // Accept, then a second accept is refused; the cookie needs the CSRF token.
  auto cookie_login = s.client().Post(
      "/v1/session", json{{"username", s.feed.cadre}, {"password", s.feed.cadre_password}, {"cookie", true}}.dump(),
      "application/json");
  REQUIRE(cookie_login->status == 201);
  std::smatch m;
  const auto set_cookie = cookie_login->get_header_value("Set-Cookie");
  REQUIRE(std::regex_search(set_cookie, m, std::regex("^(sunlight_session=[0-9a-f]{64});")));
  const std::string cookie = m[1].str();
  const auto csrf = json::parse(cookie_login->body).at("csrf_token").get<std::string>();
  auto without = s.client().Post("/v1/complaints/" + number + "/accept", {{"Cookie", cookie}}, "{}", "application/json");
  CHECK(without->status == 403);
  CHECK(error_of(without) == "csrf");
  CHECK(s.client().Post("/v1/complaints/" + number + "/reveal", {{"Cookie", cookie}}, "{}", "application/json")->status ==
        403);
  CHECK(s.client().Get("/v1/complaints/" + number, {{"Cookie", cookie}})->status == 200);
  auto with = s.client().Post("/v1/complaints/" + number + "/accept", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, "{}",
                              "application/json");
  CHECK(with->status == 200);
  CHECK(body_of(with)["state"] == "accepted");
  auto twice = s.act(cadre, number, "accept");
  CHECK(twice->status == 409);
  CHECK(error_of(twice) == "bad_transition");
  CHECK(s.act(cadre, number, "close", {{"resolution", "unresolved"}})->status == 400);
  CHECK(s.act(cadre, number, "close", {{"resolution", "resolved"}})->status == 409);
  CHECK(body_of(s.act(town, number, "reply", {{"text", kReply}}))["reply"]["by"] == "王芳（镇街管理员）");
  const auto closed = body_of(s.act(cadre, number, "close", {{"resolution", "resolved"}, {"note", "已补发"}}));
  CHECK(closed["state"] == "closed");
  CHECK(closed["history"].size() == 4);
  auto unknown = s.act(cadre, core::make_tracking_number(s.kiosk_id, 99'999).value(), "accept");
  CHECK(unknown->status == 404);
  CHECK(error_of(unknown) == "unknown_complaint");
}

TEST_CASE("complaint_stats entries reach the public feed after each change", "[server][complaints]") {
  Served s;
  CHECK(s.stats_in_feed(s.feed.village).empty());
  const auto a = s.filed();
  auto stats = s.stats_in_feed(s.feed.village);
  REQUIRE(stats.size() == 3);
  for (const auto& region : {s.feed.village, s.feed.town, s.feed.district}) {
    CHECK(stats.at(region)["received"] == 1);
    CHECK(stats.at(region)["total"] == 1);
  }
  const auto b = s.filed(std::nullopt);
  const auto cadre = s.login(s.feed.cadre, s.feed.cadre_password);
  (void)s.act(cadre, a, "reply", {{"text", kReply}});
  (void)s.client().Post("/v1/complaints/" + a + "/rating", Served::kiosk_headers(s.feed.kiosk_token, Served::key(40)),
                        json{{"stars", 4}}.dump(), "application/json");
  (void)s.act(cadre, b, "close", {{"resolution", "unresolved"}, {"note", "重复提交"}});
  stats = s.stats_in_feed(s.feed.village);
  for (const auto& region : {s.feed.village, s.feed.town, s.feed.district}) {
    const auto& d = stats.at(region);
    CHECK(d["region"] == region);
    CHECK(d["total"] == 2);
    CHECK(d["received"] == 0);
    CHECK(d["replied"] == 1);
    CHECK(d["closed_unresolved"] == 1);
    CHECK(d["answered"] == 1);
    CHECK(d["answered_on_time"] == 1);
    CHECK(d["overdue"] == 0);
    CHECK(d["ratings"] == json{0, 0, 0, 1, 0});
  }
  // The other village's screen sees the district's and town's counts, not this village's.
  const auto elsewhere = s.stats_in_feed(s.feed.other_village);
  CHECK(elsewhere.count(s.feed.village) == 0);
  CHECK(elsewhere.count(s.feed.town) == 1);
  // Nothing personal in the public stream (the complaints' entries are the newest).
  Store store(store_file(s.feed.dir).string());
  SQLite::Statement bodies(store.db(), "SELECT body FROM changes WHERE stream = 0");
  while (bodies.executeStep()) {
    const auto body = bodies.getColumn(0).getString();
    CHECK(body.find(kPhone) == std::string::npos);
    CHECK(body.find(kReply) == std::string::npos);
    CHECK(body.find(s.person_tag) == std::string::npos);
  }
}

TEST_CASE("Open311: services, requests with filters, one request; no phone, tag or reply", "[server][complaints][open311]") {
  Served s;
  const auto a = s.filed();
  const auto b = s.filed();
  const auto cadre = s.login(s.feed.cadre, s.feed.cadre_password);
  (void)s.act(cadre, a, "reply", {{"text", kReply}});
  (void)s.act(cadre, a, "close", {{"resolution", "resolved"}});

  const auto services = body_of(s.client().Get("/open311/v2/services.json"));
  REQUIRE(services.size() == 5);
  CHECK(services[4]["service_code"] == "suggestion");

  auto all = s.client().Get("/open311/v2/requests.json");
  REQUIRE(all->status == 200);
  const auto requests = json::parse(all->body);
  REQUIRE(requests.size() == 2);
  CHECK(requests[0]["service_request_id"] == b);
  CHECK(requests[1]["status"] == "closed");
  CHECK(requests[1]["address_id"] == s.feed.village);
  for (const auto& bytes : {all->body, s.client().Get("/open311/v2/requests/" + a + ".json")->body}) {
    CHECK(bytes.find(kPhone) == std::string::npos);
    CHECK(bytes.find(s.person_tag) == std::string::npos);
    CHECK(bytes.find(kReply) == std::string::npos);
  }
  CHECK(body_of(s.client().Get("/open311/v2/requests.json?status=open")).size() == 1);
  CHECK(body_of(s.client().Get("/open311/v2/requests.json?status=closed"))[0]["service_request_id"] == a);
  CHECK(body_of(s.client().Get("/open311/v2/requests.json?service_code=suggestion")).empty());
  CHECK(body_of(s.client().Get("/open311/v2/requests.json?jurisdiction_id=" + s.feed.other_village)).empty());
  CHECK(body_of(s.client().Get("/open311/v2/requests.json?jurisdiction_id=" + s.feed.town)).size() == 2);
  CHECK(body_of(s.client().Get("/open311/v2/requests.json?start_date=2000-01-01T00:00:00Z&end_date=2001-01-01T00:00:00Z"))
            .empty());
  CHECK(s.client().Get("/open311/v2/requests.json?status=maybe")->status == 400);
  CHECK(s.client().Get("/open311/v2/requests.json?start_date=yesterday")->status == 400);
  const auto one = body_of(s.client().Get("/open311/v2/requests/" + b + ".json"));
  REQUIRE(one.is_array());
  CHECK(one.size() == 1);
  CHECK(one[0]["status"] == "open");
  CHECK(s.client().Get("/open311/v2/requests/" + b + ".xml")->status == 404);
  CHECK(s.client().Get("/open311/v2/services.xml")->status == 404);
  CHECK(s.client().Get("/open311/v2/requests/" + core::make_tracking_number(s.kiosk_id, 99'998).value() + ".json")
            ->status == 404);
}

TEST_CASE("complaint routes have bounded /metrics labels and 405s", "[server][complaints]") {
  Served s;
  const auto number = s.filed();
  (void)s.client().Get("/v1/complaints/" + number + "/status", Served::bearer(s.feed.kiosk_token));
  (void)s.client().Get("/open311/v2/requests/" + number + ".json");
  auto wrong = s.client().Delete("/v1/complaints");
  CHECK(wrong->status == 405);
  CHECK(wrong->get_header_value("Allow") == "GET, POST");
  CHECK(s.client().Get("/v1/complaints/" + number + "/accept")->status == 405);
  const auto metrics = s.client().Get("/metrics")->body;
  CHECK(metrics.find("route=\"/v1/complaints/{no}/status\"") != std::string::npos);
  CHECK(metrics.find("route=\"/v1/complaints\"") != std::string::npos);
  CHECK(metrics.find("route=\"/open311/v2/requests/{id}.json\"") != std::string::npos);
  CHECK(metrics.find(number) == std::string::npos);
}

TEST_CASE("a kiosk may ask after complaints 120 times an hour, then 429 throttled", "[server][complaints]") {
  Served s;
  const auto number = s.filed();
  for (int i = 0; i < 119; ++i) {
    auto res = s.client().Get("/v1/complaints/" + number + "/status", Served::bearer(s.feed.kiosk_token));
    REQUIRE(res);
    REQUIRE(res->status == 200);
  }
  // Ratings count in the same budget: this one is the 120th.
  CHECK(error_of(s.act(s.feed.kiosk_token, number, "rating", {{"stars", 4}})) == "bad_field");  // no Idempotency-Key
  auto walked = s.client().Get("/v1/complaints/" + number + "/status", Served::bearer(s.feed.kiosk_token));
  REQUIRE(walked);
  CHECK(walked->status == 429);
  CHECK(error_of(walked) == "throttled");
  const auto retry = std::stoi(walked->get_header_value("Retry-After"));
  CHECK(retry > 3000);
  CHECK(retry <= 3601);
  CHECK(s.act(s.feed.kiosk_token, number, "rating", {{"stars", 4}})->status == 429);
}
