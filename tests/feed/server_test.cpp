// Tests for the feed's HTTP API (feed/server.cpp), in-process on 127.0.0.1 with an ephemeral port:
// signed bodies, 304s, gzip, scopes, the people stream's tokens, cadre writes and their errors.
#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

#include <SQLiteCpp/Statement.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/resident_id.hpp"
#include "core/seal.hpp"
#include "core/signing.hpp"
#include "core/statement.hpp"
#include "core/gzip.hpp"
#include "feed/importer.hpp"
#include "feed/sealer.hpp"
#include "feed/server.hpp"
#include "feed/store.hpp"
#include "feed/terminals.hpp"
#include "feed_fixture.hpp"

using namespace sunlight;
using namespace sunlight::feed;
using nlohmann::json;

namespace {

// The fixture's feed, served on a free port for the length of one test case.
struct Running {
  testing::FeedFixture feed;
  testing::RunningFeed served;
  int port;

  explicit Running(std::size_t max_body = 64 * 1024) : served(feed.dir, 0, max_body), port(served.port()) {}

  // Stops the server and starts a new one on the same store.
  void restart() {
    served.stop();
    served.start();
    port = served.port();
  }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(10, 0);
    return c;
  }
  httplib::Headers bearer(const std::string& token) const { return {{"Authorization", "Bearer " + token}}; }

  // Logs in and returns the session token.
  std::string login(const std::string& user, const std::string& password) const {
    auto res = client().Post("/v1/session", json{{"username", user}, {"password", password}}.dump(), "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 201);
    return json::parse(res->body).at("token").get<std::string>();
  }
};

bool signed_by(const std::string& public_key, const httplib::Result& res) {
  auto key = core::PublicKey::parse(public_key);
  return key && res->has_header("X-Sunlight-Signature") &&
         core::verify_base64(*key, res->body, res->get_header_value("X-Sunlight-Signature"));
}

json error_of(const httplib::Result& res) {
  REQUIRE(res);
  REQUIRE(res->get_header_value("Content-Type").rfind("application/json", 0) == 0);
  const auto body = json::parse(res->body);
  REQUIRE(body.at("error").is_string());
  REQUIRE(body.at("detail").is_string());
  return body;
}

std::set<std::string> kinds_in(const json& body) {
  std::set<std::string> kinds;
  for (const auto& e : body.at("entries")) kinds.insert(e.at("kind").get<std::string>());
  return kinds;
}

}  // namespace

TEST_CASE("health, info and the public snapshot: signed, cacheable, nothing personal", "[server]") {
  Running r;
  auto c = r.client();

  auto health = c.Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(json::parse(health->body).at("status") == "ok");

  auto info = c.Get("/v1/info");
  REQUIRE(info);
  CHECK(info->status == 200);
  const auto info_body = json::parse(info->body);
  CHECK(info_body.at("public_key") == r.feed.public_key);
  CHECK(info_body.at("seal").at("alg") == "argon2id13");
  CHECK_FALSE(info_body.at("seal").contains("salt"));  // only kiosks get the salt, with the records
  CHECK(signed_by(r.feed.public_key, info));

  auto snap = c.Get("/v1/feed/" + r.feed.village + "/snapshot");
  REQUIRE(snap);
  REQUIRE(snap->status == 200);
  CHECK(signed_by(r.feed.public_key, snap));
  const auto body = json::parse(snap->body);
  CHECK(body.at("format") == "sunlight-feed/1");
  CHECK(body.at("stream") == "public");
  CHECK(kinds_in(body) == std::set<std::string>{"aggregate", "fund", "notice", "region"});
  for (const auto& id : r.feed.sample_ids) CHECK(snap->body.find(id) == std::string::npos);
  CHECK(snap->get_header_value("Cache-Control") == "public, max-age=1");
  const auto etag = snap->get_header_value("ETag");
  CHECK(etag == "\"" + std::to_string(body.at("as_of").get<std::int64_t>()) + "\"");

  SECTION("the same ETag gets 304 with no body") {
    auto again = c.Get("/v1/feed/" + r.feed.village + "/snapshot", {{"If-None-Match", etag}});
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());
    CHECK(again->get_header_value("ETag") == etag);
    auto stale = c.Get("/v1/feed/" + r.feed.village + "/snapshot", {{"If-None-Match", "\"1\""}});
    CHECK(stale->status == 200);
  }
  SECTION("gzip when asked, signature over the uncompressed bytes") {
    c.set_decompress(false);
    auto gz = c.Get("/v1/feed/" + r.feed.village + "/snapshot", {{"Accept-Encoding", "gzip"}});
    REQUIRE(gz);
    CHECK(gz->get_header_value("Content-Encoding") == "gzip");
    CHECK(gz->body.size() < snap->body.size() / 3);
    CHECK(core::gzip_decompress(gz->body) == snap->body);
    CHECK(gz->get_header_value("X-Sunlight-Signature") == snap->get_header_value("X-Sunlight-Signature"));
  }
  SECTION("a town screen sees its villages; the district sees everything") {
    auto town = c.Get("/v1/feed/" + r.feed.town + "/snapshot");
    REQUIRE(town->status == 200);
    CHECK(json::parse(town->body).at("entries").size() >= body.at("entries").size());
  }
}

TEST_CASE("every feed body and /v1/info name the store's log id, right after format", "[server]") {
  Running r;
  const auto id = Store(store_file(r.feed.dir).string()).log_id();
  REQUIRE(is_log_id(id));
  const auto head = Store(store_file(r.feed.dir).string()).head_seq();

  // The info's log_id and every body shape, public and people, gzipped or not.
  const auto check_all = [&](const std::string& expected) {
    auto c = r.client();
    auto info = c.Get("/v1/info");
    REQUIRE(info);
    REQUIRE(info->status == 200);
    CHECK(signed_by(r.feed.public_key, info));
    CHECK(json::parse(info->body).at("log_id") == expected);
    const auto prefix = R"({"format":"sunlight-feed/1","log_id":")" + expected + R"(",)";
    const auto feed = "/v1/feed/" + r.feed.village;
    const auto kiosk = r.bearer(r.feed.kiosk_token);
    const std::vector<std::pair<std::string, httplib::Headers>> urls = {
        {feed + "/snapshot", {}},
        {feed + "/changes?after=0&limit=3", {}},
        {feed + "/changes?after=" + std::to_string(head), {}},  // an empty page
        {feed + "/people/snapshot", kiosk},
        {feed + "/people/changes?after=0&limit=2", kiosk},
    };
    for (const auto& [url, headers] : urls) {
      INFO(url);
      auto res = c.Get(url, headers);
      REQUIRE(res);
      REQUIRE(res->status == 200);
      CHECK(signed_by(r.feed.public_key, res));
      CHECK(res->body.rfind(prefix, 0) == 0);
      CHECK(json::parse(res->body).at("log_id") == expected);
      auto gz_headers = headers;
      gz_headers.emplace("Accept-Encoding", "gzip");
      httplib::Client raw("127.0.0.1", r.port);
      raw.set_decompress(false);
      auto gz = raw.Get(url, gz_headers);
      REQUIRE(gz);
      CHECK(gz->get_header_value("Content-Encoding") == "gzip");
      CHECK(core::gzip_decompress(gz->body) == res->body);
    }
  };
  check_all(id);

  SECTION("a restart keeps it") {
    r.restart();
    check_all(id);
  }
  SECTION("a store given a new one (sunlight-feed restored) is served with it after a restart") {
    std::string renewed;
    {
      Store store(store_file(r.feed.dir).string());
      renewed = store.renew_log_id();
    }
    REQUIRE(renewed != id);
    r.restart();
    check_all(renewed);
  }
}

TEST_CASE("changes page through the log and refuse bad cursors", "[server]") {
  Running r;
  auto c = r.client();
  const auto base = "/v1/feed/" + r.feed.village + "/changes";

  std::int64_t after = 0;
  std::size_t entries = 0, pages = 0;
  std::int64_t head = 0;
  for (;;) {
    auto res = c.Get(base + "?after=" + std::to_string(after) + "&limit=200");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    REQUIRE(signed_by(r.feed.public_key, res));
    const auto page = json::parse(res->body);
    for (const auto& e : page.at("entries")) {
      CHECK(e.at("seq").get<std::int64_t>() > after);
      ++entries;
    }
    ++pages;
    head = page.at("head");
    const auto next = page.at("next").get<std::int64_t>();
    CHECK(next >= after);
    after = next;
    if (!page.at("more").get<bool>()) break;
  }
  CHECK(pages > 1);
  CHECK(entries > 0);
  CHECK(after == head);

  auto idle = c.Get(base + "?after=" + std::to_string(after));
  CHECK(json::parse(idle->body).at("entries").empty());

  CHECK(c.Get(base + "?after=" + std::to_string(head + 1))->status == 409);
  CHECK(error_of(c.Get(base + "?after=" + std::to_string(head + 1))).at("error") == "cursor_ahead");
  for (const char* bad : {"?after=-1", "?after=abc", "?after=1e3", "?limit=0", "?limit=5001", "?after=99999999999999999999"})
    CHECK(error_of(c.Get(base + bad)).at("error") == "bad_parameter");
  CHECK(c.Get(base + "?after=0&limit=1")->status == 200);
}

TEST_CASE("unknown scopes, routes and methods get JSON errors", "[server]") {
  Running r;
  auto c = r.client();
  CHECK(c.Get("/v1/feed/999999/snapshot")->status == 404);
  CHECK(error_of(c.Get("/v1/feed/999999/snapshot")).at("error") == "unknown_scope");
  CHECK(error_of(c.Get("/v1/feed/abc'%20OR%201=1/changes")).at("error") == "unknown_scope");
  CHECK(error_of(c.Get("/v1/feed/" + r.feed.village + "/everything")).at("error") == "not_found");
  CHECK(c.Get("/nothing-here")->status == 404);
  CHECK(error_of(c.Get("/nothing-here")).at("error") == "not_found");
  auto wrong_method = c.Delete("/v1/feed/" + r.feed.village + "/snapshot");
  CHECK(wrong_method->status == 405);
  CHECK(wrong_method->get_header_value("Allow") == "GET");
  CHECK(error_of(wrong_method).at("error") == "method_not_allowed");
  CHECK(c.Put("/v1/notices", "{}", "application/json")->get_header_value("Allow") == "GET, POST");
  CHECK(c.Post("/healthz", "{}", "application/json")->status == 405);
  CHECK(c.Delete("/nothing-here")->status == 404);
}

TEST_CASE("the people stream is for enrolled kiosks of the scope only", "[server]") {
  Running r;
  auto c = r.client();
  const auto path = "/v1/feed/" + r.feed.village + "/people/snapshot";

  CHECK(error_of(c.Get(path)).at("error") == "no_token");
  CHECK(c.Get(path)->status == 401);
  CHECK(c.Get(path, r.bearer("slt_" + std::string(64, '0')))->status == 401);
  CHECK(c.Get(path, r.bearer("not a token at all"))->status == 401);
  CHECK(c.Get(path, r.bearer(r.feed.display_token))->status == 403);     // displays never read people
  CHECK(c.Get(path, r.bearer(r.feed.other_kiosk_token))->status == 403);  // the next village's kiosk
  CHECK(c.Get("/v1/feed/" + r.feed.town + "/people/snapshot", r.bearer(r.feed.kiosk_token))->status == 403);

  auto res = c.Get(path, r.bearer(r.feed.kiosk_token));
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(signed_by(r.feed.public_key, res));
  CHECK(res->get_header_value("Cache-Control") == "private, no-cache");
  const auto body = json::parse(res->body);
  CHECK(body.at("stream") == "people");
  CHECK(kinds_in(body) == std::set<std::string>{"person"});
  for (const auto& id : r.feed.sample_ids) CHECK(res->body.find(id) == std::string::npos);

  // A kiosk finds a villager's record with the parameters the feed itself published.
  auto params = core::SealParams::from_json(body.at("seal"));
  REQUIRE(params);
  std::map<std::string, std::string> records;
  for (const auto& e : body.at("entries")) records[e.at("key")] = e.at("data").at("record");
  const auto person = core::derive_person_key(r.feed.sample_ids.front(), *params);
  const auto it = records.find(core::to_hex(person.tag));
  REQUIRE(it != records.end());
  const auto record = core::open_person_record(person, it->second);
  REQUIRE(record);
  CHECK(record->at("format") == "sunlight-person/1");
  const auto statement = core::statement_from_json(record->at("statement"));
  REQUIRE(statement);
  CHECK(statement->payment_count > 0);

  // The last sample has no payments: no record, and nothing opens with its key.
  const auto nobody = core::derive_person_key(r.feed.sample_ids.back(), *params);
  CHECK(records.find(core::to_hex(nobody.tag)) == records.end());
  CHECK_FALSE(core::open_person_record(nobody, it->second));

  SECTION("304 needs the token too") {
    const auto etag = res->get_header_value("ETag");
    CHECK(c.Get(path, {{"If-None-Match", etag}})->status == 401);
    auto headers = r.bearer(r.feed.kiosk_token);
    headers.emplace("If-None-Match", etag);
    CHECK(c.Get(path, headers)->status == 304);
  }
  SECTION("a revoked kiosk is refused within seconds") {
    {
      Store store(store_file(r.feed.dir).string());
      const auto terminals = list_terminals(store.db());
      revoke_terminal(store.db(), terminals.front().id, "test", core::now_utc());
    }
    CHECK(c.Post("/v1/terminals/heartbeat", r.bearer(r.feed.kiosk_token), R"({"version":"1"})", "application/json")->status ==
          401);
  }
}

TEST_CASE("cadres log in, publish, correct and retract notices within their region", "[server]") {
  Running r;
  auto c = r.client();

  CHECK(error_of(c.Post("/v1/session", R"({"username":"lijun","password":"wrong password!"})", "application/json"))
            .at("error") == "bad_login");
  CHECK(c.Post("/v1/notices", R"({})", "application/json")->status == 401);
  CHECK(c.Post("/v1/notices", r.bearer("f00d"), R"({})", "application/json")->status == 401);

  const auto token = r.login(r.feed.cadre, r.feed.cadre_password);
  const auto auth = r.bearer(token);
  CHECK(json::parse(c.Get("/v1/session", auth)->body).at("user").at("region") == r.feed.village);

  const json draft = {{"region", r.feed.village}, {"category", "village_affairs"},
                      {"title", "本周六上午打扫村道"}, {"body", "请各户派一人参加。\n地点：村委会门口。"}};
  const auto head_before = json::parse(c.Get("/healthz")->body).at("head").get<std::int64_t>();
  auto created = c.Post("/v1/notices", auth, draft.dump(), "application/json");
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const auto notice = json::parse(created->body);
  const auto id = notice.at("id").get<std::int64_t>();
  CHECK(notice.at("revision") == 1);

  // The notice is in the village's feed at once.
  auto feed = c.Get("/v1/feed/" + r.feed.village + "/changes?after=" + std::to_string(head_before));
  REQUIRE(feed->status == 200);
  const auto page = json::parse(feed->body);
  REQUIRE(page.at("entries").size() == 1);
  CHECK(page.at("entries")[0].at("op") == "publish");
  CHECK(page.at("entries")[0].at("data").at("title") == "本周六上午打扫村道");

  CHECK(c.Get("/v1/notices/99999", auth)->status == 404);
  CHECK(c.Get("/v1/notices/abc", auth)->status == 404);

  SECTION("another region is forbidden") {
    auto other = draft;
    other["region"] = r.feed.town;
    CHECK(error_of(c.Post("/v1/notices", auth, other.dump(), "application/json")).at("error") == "forbidden");
    CHECK(c.Post("/v1/notices", auth, other.dump(), "application/json")->status == 403);
    // The town admin may.
    const auto admin = r.bearer(r.login(r.feed.town_admin, r.feed.town_admin_password));
    CHECK(c.Post("/v1/notices", admin, other.dump(), "application/json")->status == 201);
  }
  SECTION("an edit makes a new revision; a stale one conflicts") {
    auto edit = draft;
    edit["title"] = "本周六上午打扫村道（改为九点）";
    edit["base_revision"] = 1;
    auto edited = c.Put("/v1/notices/" + std::to_string(id), auth, edit.dump(), "application/json");
    REQUIRE(edited->status == 200);
    CHECK(json::parse(edited->body).at("revision") == 2);
    auto stale = c.Put("/v1/notices/" + std::to_string(id), auth, edit.dump(), "application/json");
    CHECK(stale->status == 409);
    auto missing = edit;
    missing.erase("base_revision");
    CHECK(c.Put("/v1/notices/" + std::to_string(id), auth, missing.dump(), "application/json")->status == 400);
    auto got = json::parse(c.Get("/v1/notices/" + std::to_string(id), auth)->body);
    CHECK(got.at("history").size() == 2);
  }
  SECTION("a retraction needs a reason and is itself an entry") {
    CHECK(c.Post("/v1/notices/" + std::to_string(id) + "/retract", auth, R"({})", "application/json")->status == 400);
    auto retracted = c.Post("/v1/notices/" + std::to_string(id) + "/retract", auth,
                            R"({"reason":"日期写错了"})", "application/json");
    REQUIRE(retracted->status == 200);
    CHECK(json::parse(retracted->body).at("status") == "retracted");
    auto log = json::parse(c.Get("/v1/feed/" + r.feed.village + "/changes?after=" + std::to_string(head_before))->body);
    CHECK(log.at("entries").back().at("op") == "retract");
    CHECK(c.Post("/v1/notices/" + std::to_string(id) + "/retract", auth, R"({"reason":"again"})", "application/json")
              ->status == 409);
  }
  SECTION("every write is in the audit log with who and from where") {
    Store store(store_file(r.feed.dir).string());
    SQLite::Statement q(store.db(), "SELECT count(*) FROM audit WHERE action = 'notice.publish' AND remote_addr = '127.0.0.1'");
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getInt() == 1);
  }
  SECTION("a scheduled notice carries its publish and expiry times to the terminals") {
    auto later = draft;
    later["title"] = "十二月一日起办理医保缴费";
    later["publish_at"] = "2030-12-01T00:00:00Z";
    later["expire_at"] = "2031-01-01T00:00:00Z";
    REQUIRE(c.Post("/v1/notices", auth, later.dump(), "application/json")->status == 201);
    const auto log = json::parse(c.Get("/v1/feed/" + r.feed.village + "/changes?after=" + std::to_string(head_before))->body);
    const auto& entry = log.at("entries").back().at("data");
    CHECK(entry.at("publish_at") == "2030-12-01T00:00:00Z");
    CHECK(entry.at("expire_at") == "2031-01-01T00:00:00Z");
    later["expire_at"] = "2029-01-01T00:00:00Z";  // before it is published
    CHECK(c.Post("/v1/notices", auth, later.dump(), "application/json")->status == 400);
  }
  SECTION("logging out ends the session") {
    CHECK(c.Delete("/v1/session", auth)->status == 204);
    CHECK(c.Get("/v1/session", auth)->status == 401);
  }
}

TEST_CASE("hostile request bodies change nothing", "[server]") {
  Running r(4096);
  auto c = r.client();
  const auto auth = r.bearer(r.login(r.feed.cadre, r.feed.cadre_password));
  const auto head = json::parse(c.Get("/healthz")->body).at("head").get<std::int64_t>();

  CHECK(error_of(c.Post("/v1/notices", auth, "{not json", "application/json")).at("error") == "bad_json");
  CHECK(c.Post("/v1/notices", auth, "[1,2]", "application/json")->status == 400);
  CHECK(c.Post("/v1/notices", auth, R"({"title":"x"})", "text/plain")->status == 415);
  CHECK(c.Post("/v1/notices", auth, R"({"region":"x","category":"village_affairs","title":"t","body":"b"})",
               "application/json")->status == 400);
  CHECK(c.Post("/v1/notices", auth, json{{"region", r.feed.village}, {"category", "village_affairs"}, {"title", "t"},
                                         {"body", "b"}, {"admin", true}}.dump(), "application/json")->status == 400);
  CHECK(c.Post("/v1/notices", auth, std::string("{\"title\":\"\xff\xfe\"}"), "application/json")->status == 400);
  const std::string huge = json{{"region", r.feed.village}, {"category", "village_affairs"}, {"title", "t"},
                                {"body", std::string(10000, 'x')}}.dump();
  auto too_big = c.Post("/v1/notices", auth, huge, "application/json");
  REQUIRE(too_big);
  CHECK(too_big->status == 413);
  CHECK(c.Post("/v1/session", R"({"username":1,"password":[]})", "application/json")->status == 400);
  CHECK(c.Post("/v1/terminals/heartbeat", r.bearer(r.feed.kiosk_token), R"({"version":"1","uptime_seconds":-5})",
               "application/json")->status == 400);

  CHECK(json::parse(c.Get("/healthz")->body).at("head").get<std::int64_t>() == head);
}

TEST_CASE("heartbeats show up in /metrics by terminal state", "[server]") {
  Running r;
  auto c = r.client();
  CHECK(c.Post("/v1/terminals/heartbeat", R"({"version":"1"})", "application/json")->status == 401);
  const json beat = {{"version", "0.3.0"}, {"data_seq", 12}, {"uptime_seconds", 3600}, {"memory_bytes", 50000000},
                     {"frame_ms", 4.2}, {"last_error", ""}};
  CHECK(c.Post("/v1/terminals/heartbeat", r.bearer(r.feed.kiosk_token), beat.dump(), "application/json")->status == 204);
  c.Get("/v1/feed/" + r.feed.village + "/snapshot");

  // A request is counted once its response is sent, which can be just after the client has it.
  std::string text;
  for (int i = 0; i < 50 && text.find("route=\"/v1/feed/{scope}/snapshot\",status=\"200\"") == std::string::npos; ++i) {
    if (i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto metrics = c.Get("/metrics");
    REQUIRE(metrics->status == 200);
    CHECK(metrics->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0) == 0);
    text = metrics->body;
  }
  CHECK(text.find("sunlight_terminals{kind=\"kiosk\",state=\"online\"} 1") != std::string::npos);
  CHECK(text.find("sunlight_terminals{kind=\"display\",state=\"offline\"} 1") != std::string::npos);
  CHECK(text.find("sunlight_feed_head_seq ") != std::string::npos);
  CHECK(text.find("route=\"/v1/feed/{scope}/snapshot\",status=\"200\"") != std::string::npos);
  CHECK(text.find("route=\"/v1/terminals/heartbeat\",status=\"401\"") != std::string::npos);
}

TEST_CASE("an import from the command line reaches pollers without a restart", "[server]") {
  Running r;
  auto c = r.client();
  const auto head = json::parse(c.Get("/healthz")->body).at("head").get<std::int64_t>();
  const auto etag = c.Get("/v1/feed/" + r.feed.village + "/changes?after=" + std::to_string(head))->get_header_value("ETag");
  {
    Store store(store_file(r.feed.dir).string());
    std::istringstream csv("区划代码,类别,标题,正文,发布日期,有效期至\n" + r.feed.village + ",财务,关于春耕补贴的说明,今年春耕补贴已发放。,2026-11-20,\n");
    ImportRun run;
    run.actor = "test";
    run.now = core::now_utc();
    const auto outcome = import_csv(store, core::ImportKind::Notices, csv, run);
    INFO(outcome.report.errors().size());
    REQUIRE(outcome.report.ok());
    // A terminal that already saw the new head (through a cache or another server) pages on at
    // once: the server must not call its cursor "ahead" just because it has not polled yet.
    const auto new_head = store.head_seq();
    CHECK(c.Get("/v1/feed/" + r.feed.village + "/changes?after=" + std::to_string(new_head))->status == 200);
  }
  int status = 304;
  for (int i = 0; i < 40 && status == 304; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    status = c.Get("/v1/feed/" + r.feed.village + "/changes?after=" + std::to_string(head), {{"If-None-Match", etag}})->status;
  }
  CHECK(status == 200);
}

TEST_CASE("serving a folder that holds no store refuses and creates nothing", "[server]") {
  const auto dir = std::filesystem::temp_directory_path() / ("sunlight-feed-empty-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  FeedConfig config;
  config.data_dir = dir;
  config.port = 0;
  CHECK_THROWS_AS(FeedServer(config), StoreError);
  CHECK(std::filesystem::is_empty(dir));
  {
    std::ofstream(dir / "feed.sqlite") << "not a database";
    std::ofstream(dir / "signing.key") << "ed25519-secret:AAAA\n";
  }
  CHECK_THROWS(FeedServer(config));
  std::filesystem::remove_all(dir);
}

TEST_CASE("a server stopped the moment it starts stops, rather than listening on forever", "[feed][server]") {
  // httplib ignores stop() until its accept loop runs; a SIGTERM at start-up, or a test that
  // stops a feed it just started, used to hang here.
  // A stopped server must also have let its port go: a client is refused at once rather than
  // left waiting in the listen queue of a socket nobody accepts on.
  testing::FeedFixture fixture;
  for (int i = 0; i < 30; ++i) {
    testing::RunningFeed feed(fixture.dir);
    const int port = feed.port();
    feed.stop();
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(2);
    const auto started = std::chrono::steady_clock::now();
    CHECK_FALSE(client.Get("/healthz"));
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(1));
  }
}
