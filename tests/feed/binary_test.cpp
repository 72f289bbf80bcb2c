// The real `sunlight-feed` binary end to end on 127.0.0.1 with an ephemeral port: init, import,
// enrol, serve, verify signatures with the key init printed, cadre writes, heartbeats, SIGTERM —
// and an import killed with SIGKILL half way, which must leave the store as it was.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <SQLiteCpp/Database.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/signing.hpp"
#include "process.hpp"
#include "gen/district_generator.hpp"

using nlohmann::json;
namespace fs = std::filesystem;
namespace gen = sunlight::gen;
using sunlight::testing::Process;

namespace {

using sunlight::testing::Run;

Run run(std::vector<std::string> args, const std::string& input = "") {
  return sunlight::testing::run_program(SUNLIGHT_FEED_BIN, std::move(args), input);
}

fs::path temp_dir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("sunlight-feed-bin-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::int64_t scalar(const fs::path& data, const std::string& sql) {
  SQLite::Database db((data / "feed.sqlite").string(), SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getInt64();
}

const std::regex kListening(R"(listening on http://127\.0\.0\.1:(\d+))");

}  // namespace

TEST_CASE("sunlight-feed end to end: init, import, enrol, serve, verify, write, stop", "[binary]") {
  const auto work = temp_dir("e2e");
  const auto data = work / "data";
  const auto csv = work / "import";
  gen::generate_district(gen::GeneratorOptions{}, csv);

  const auto init = run({"init", "--data-dir", data.string(), "--cost", "minimum"});
  REQUIRE(init.status == 0);
  std::smatch key_text;
  REQUIRE(std::regex_search(init.out, key_text, std::regex(R"(ed25519:[A-Za-z0-9+/=]+)")));
  const auto public_key = sunlight::core::PublicKey::parse(key_text.str());
  REQUIRE(public_key);
  CHECK((fs::status(data / "signing.key").permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(run({"init", "--data-dir", data.string()}).status != 0);  // never over an existing store

  for (const char* kind : {"regions", "funds", "stages", "payments", "notices"}) {
    const auto r = run({"import", kind, (csv / (std::string(kind) + ".csv")).string(), "--data-dir", data.string()});
    INFO(kind << ": " << r.err);
    REQUIRE(r.status == 0);
  }
  const auto village = std::to_string(scalar(data, "SELECT min(code) FROM regions WHERE length(code) = 12"));
  CHECK(scalar(data, "SELECT count(*) FROM persons WHERE dirty = 1") == 0);  // import sealed them

  const auto enrol = run({"terminal", "enroll", "--data-dir", data.string(), "--kind", "kiosk", "--scope", village, "村委会"});
  REQUIRE(enrol.status == 0);
  std::smatch token;
  REQUIRE(std::regex_search(enrol.out, token, std::regex(R"(slt_[0-9a-f]{64})")));
  REQUIRE(run({"user", "add", "--data-dir", data.string(), "--role", "village_cadre", "--region", village, "--name", "李军",
               "--password-cost", "minimum", "lijun"},
              "a long enough password\n")
              .status == 0);

  Process server(SUNLIGHT_FEED_BIN, {"serve", "--data-dir", data.string(), "--port", "0"});
  const int port = std::stoi(server.wait_for(kListening)[1].str());
  httplib::Client c("127.0.0.1", port);

  auto snap = c.Get("/v1/feed/" + village + "/snapshot");
  REQUIRE(snap);
  REQUIRE(snap->status == 200);
  CHECK(public_key->verify(snap->body, sunlight::core::from_base64(snap->get_header_value("X-Sunlight-Signature")).value()));
  // A byte changed in transit fails the check.
  auto tampered = snap->body;
  tampered[tampered.size() / 2] ^= 1;
  CHECK_FALSE(public_key->verify(tampered, sunlight::core::from_base64(snap->get_header_value("X-Sunlight-Signature")).value()));
  CHECK(c.Get("/v1/feed/" + village + "/snapshot", {{"If-None-Match", snap->get_header_value("ETag")}})->status == 304);

  auto people = c.Get("/v1/feed/" + village + "/people/snapshot", {{"Authorization", "Bearer " + token.str()}});
  REQUIRE(people->status == 200);
  CHECK(json::parse(people->body).at("entries").size() > 100);

  // Poll the changes from 0 as a new terminal would, verifying every page's signature.
  const auto signature_ok = [&](const httplib::Result& res) {
    const auto sig = sunlight::core::from_base64(res->get_header_value("X-Sunlight-Signature"));
    return sig && public_key->verify(res->body, *sig);
  };
  std::int64_t cursor = 0;
  std::size_t polled = 0;
  for (bool more = true; more;) {
    auto page = c.Get("/v1/feed/" + village + "/changes?after=" + std::to_string(cursor) + "&limit=500");
    REQUIRE(page);
    REQUIRE(page->status == 200);
    REQUIRE(signature_ok(page));
    const auto body = json::parse(page->body);
    polled += body.at("entries").size();
    cursor = body.at("next");
    more = body.at("more");
  }
  CHECK(polled >= json::parse(snap->body).at("entries").size());
  const auto poll = [&] {
    auto res = c.Get("/v1/feed/" + village + "/changes?after=" + std::to_string(cursor));
    REQUIRE(res->status == 200);
    REQUIRE(signature_ok(res));
    auto body = json::parse(res->body);
    cursor = body.at("next");
    return body.at("entries");
  };
  CHECK(poll().empty());

  // A cadre publishes; the next poll has it. Then retracts it; the next poll has the retraction.
  CHECK(c.Post("/v1/notices", R"({})", "application/json")->status == 401);
  auto login = c.Post("/v1/session", R"({"username":"lijun","password":"a long enough password"})", "application/json");
  REQUIRE(login->status == 201);
  const httplib::Headers auth{{"Authorization", "Bearer " + json::parse(login->body).at("token").get<std::string>()}};
  json notice = {{"region", village}, {"category", "finance"}, {"title", "十一月低保发放情况"}, {"body", "已全部发放到户。"}};
  auto created = c.Post("/v1/notices", auth, notice.dump(), "application/json");
  REQUIRE(created->status == 201);
  const auto id = json::parse(created->body).at("id").get<std::int64_t>();
  auto published = poll();
  REQUIRE(published.size() == 1);
  CHECK(published[0].at("op") == "publish");
  CHECK(published[0].at("data").at("title") == "十一月低保发放情况");
  REQUIRE(c.Post("/v1/notices/" + std::to_string(id) + "/retract", auth, R"({"reason":"数字有误，核对后重发"})",
                 "application/json")->status == 200);
  auto retracted = poll();
  REQUIRE(retracted.size() == 1);
  CHECK(retracted[0].at("op") == "retract");
  CHECK(retracted[0].at("key") == std::to_string(id));

  // Another region's notice is forbidden to a village cadre, and changes nothing.
  notice["region"] = village.substr(0, 9);
  CHECK(c.Post("/v1/notices", auth, notice.dump(), "application/json")->status == 403);
  CHECK(poll().empty());
  CHECK(c.Get("/v1/feed/" + village + "/snapshot", {{"If-None-Match", snap->get_header_value("ETag")}})->status == 200);

  const json beat = {{"version", "0.3.0"}, {"data_seq", 5}};
  CHECK(c.Post("/v1/terminals/heartbeat", {{"Authorization", "Bearer " + token.str()}}, beat.dump(), "application/json")
            ->status == 204);
  const auto list = run({"terminal", "list", "--data-dir", data.string()});
  CHECK(list.out.find("online") != std::string::npos);

  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
  fs::remove_all(work);
}

TEST_CASE("an import killed half way, server and all, leaves the store exactly as it was", "[binary]") {
  const auto work = temp_dir("kill");
  const auto data = work / "data";
  const auto village = work / "village";
  const auto town = work / "town";
  gen::generate_district(gen::GeneratorOptions{}, village);
  gen::GeneratorOptions big;
  big.scale = gen::Scale::Town;
  gen::generate_district(big, town);

  REQUIRE(run({"init", "--data-dir", data.string(), "--cost", "minimum"}).status == 0);
  for (const char* kind : {"regions", "funds", "stages"})
    REQUIRE(run({"import", kind, (town / (std::string(kind) + ".csv")).string(), "--data-dir", data.string()}).status == 0);
  REQUIRE(run({"import", "payments", (village / "payments.csv").string(), "--data-dir", data.string()}).status == 0);
  const auto payments = scalar(data, "SELECT count(*) FROM payments");
  const auto head = scalar(data, "SELECT coalesce(max(seq), 0) FROM changes");
  const auto imports = scalar(data, "SELECT count(*) FROM imports");

  // What a terminal sees before: the whole district's public snapshot, byte for byte.
  std::string before;
  {
    Process server(SUNLIGHT_FEED_BIN, {"serve", "--data-dir", data.string(), "--port", "0"});
    const int port = std::stoi(server.wait_for(kListening)[1].str());
    httplib::Client c("127.0.0.1", port);
    before = c.Get("/v1/feed/500112/snapshot")->body;
    REQUIRE(!before.empty());

    // Kill the import and the server with it, in the middle of the import.
    Process import(SUNLIGHT_FEED_BIN, {"import", "payments", (town / "payments.csv").string(), "--data-dir", data.string(), "--no-seal"});
    import.wait_for(std::regex(R"(\d+\s*%)"), true);  // the first progress line: rows are going in
    REQUIRE(import.running());
    import.signal(SIGKILL);
    server.signal(SIGKILL);
    CHECK(import.wait() == 128 + SIGKILL);
    CHECK(server.wait() == 128 + SIGKILL);
  }
  CHECK(scalar(data, "SELECT count(*) FROM payments") == payments);
  CHECK(scalar(data, "SELECT coalesce(max(seq), 0) FROM changes") == head);
  CHECK(scalar(data, "SELECT count(*) FROM imports") == imports);
  CHECK(scalar(data, "PRAGMA integrity_check") == 0);  // "ok" reads as 0

  // The server starts again on it, serves exactly what it served before, and the same file
  // imports cleanly afterwards.
  {
    Process server(SUNLIGHT_FEED_BIN, {"serve", "--data-dir", data.string(), "--port", "0"});
    const int port = std::stoi(server.wait_for(kListening)[1].str());
    httplib::Client c("127.0.0.1", port);
    CHECK(c.Get("/healthz")->status == 200);
    CHECK(c.Get("/v1/feed/500112/snapshot")->body == before);
    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
  }
  const auto again = run({"import", "payments", (town / "payments.csv").string(), "--data-dir", data.string(), "--no-seal"});
  INFO(again.err);
  CHECK(again.status == 0);
  CHECK(scalar(data, "SELECT count(*) FROM payments") > payments);
  fs::remove_all(work);
}

TEST_CASE("a payments file with one bad row among thousands imports nothing and names the row", "[binary]") {
  const auto work = temp_dir("badrow");
  const auto data = work / "data";
  const auto csv = work / "import";
  gen::generate_district(gen::GeneratorOptions{}, csv);
  REQUIRE(run({"init", "--data-dir", data.string(), "--cost", "minimum"}).status == 0);
  for (const char* kind : {"regions", "funds", "stages"})
    REQUIRE(run({"import", kind, (csv / (std::string(kind) + ".csv")).string(), "--data-dir", data.string()}).status == 0);

  // Break the amount of one row near the end.
  std::vector<std::string> lines;
  {
    std::ifstream in(csv / "payments.csv");
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  REQUIRE(lines.size() > 1000);
  const std::size_t bad = lines.size() - 7;  // 0-based; the file's line number is bad + 1
  auto& row = lines[bad];
  const auto first = row.find(',');
  REQUIRE(first != std::string::npos);
  row = row.substr(0, first) + ",500112AAAAAAAAAAAA" + row.substr(row.find(',', first + 1));
  {
    std::ofstream out(work / "bad.csv");
    for (const auto& l : lines) out << l << '\n';
  }
  const auto head = scalar(data, "SELECT coalesce(max(seq), 0) FROM changes");
  const auto r = run({"import", "payments", (work / "bad.csv").string(), "--data-dir", data.string(), "--lang", "en"});
  CHECK(r.status == 1);
  INFO(r.err << r.out);
  CHECK((r.err + r.out).find(std::to_string(bad + 1)) != std::string::npos);
  CHECK(scalar(data, "SELECT count(*) FROM payments") == 0);
  CHECK(scalar(data, "SELECT coalesce(max(seq), 0) FROM changes") == head);
  fs::remove_all(work);
}

TEST_CASE("SIGTERM right after start, before the server listens, still stops it", "[binary]") {
  const auto work = temp_dir("early-term");
  const auto data = work / "data";
  REQUIRE(run({"init", "--data-dir", data.string(), "--cost", "minimum"}).status == 0);
  for (int attempt = 0; attempt < 5; ++attempt) {
    Process server(SUNLIGHT_FEED_BIN, {"serve", "--data-dir", data.string(), "--port", "0"});
    std::this_thread::sleep_for(std::chrono::milliseconds(attempt * 5));
    server.signal(SIGTERM);
    bool stopped = false;
    for (int i = 0; i < 200 && !stopped; ++i) {
      stopped = !server.running();
      if (!stopped) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(stopped);  // a lost signal would leave it listening for ever (the destructor kills it)
  }
  fs::remove_all(work);
}

TEST_CASE("a restored or rebuilt feed names a new log id, a rebuilt one keeps its signing key", "[binary]") {
  const auto work = temp_dir("log-id");
  const auto data = work / "data";
  const auto regions = work / "regions.csv";
  { std::ofstream(regions) << "区划代码,名称,上级代码,级别\n500112,渝北区,,区县\n500112101,龙兴镇,500112,镇街\n"; }

  const auto init = run({"init", "--data-dir", data.string(), "--cost", "minimum"});
  REQUIRE(init.status == 0);
  std::smatch key_text;
  REQUIRE(std::regex_search(init.out, key_text, std::regex(R"(ed25519:[A-Za-z0-9+/=]+)")));
  const auto public_key_text = key_text.str();
  const auto public_key = sunlight::core::PublicKey::parse(public_key_text);
  REQUIRE(public_key);
  REQUIRE(run({"import", "regions", regions.string(), "--data-dir", data.string()}).status == 0);

  const std::regex hex32("^[0-9a-f]{32}$");
  // Serves the feed once; returns /v1/info's log_id after checking that the snapshot and a
  // changes page are signed by the key init printed and name the same log_id right after format.
  const auto served_log_id = [&] {
    Process server(SUNLIGHT_FEED_BIN, {"serve", "--data-dir", data.string(), "--port", "0"});
    const int port = std::stoi(server.wait_for(kListening)[1].str());
    httplib::Client c("127.0.0.1", port);
    auto info = c.Get("/v1/info");
    REQUIRE(info);
    REQUIRE(info->status == 200);
    const auto id = json::parse(info->body).at("log_id").get<std::string>();
    CHECK(std::regex_match(id, hex32));
    for (const std::string url : {"/v1/feed/500112101/snapshot", "/v1/feed/500112101/changes?after=0"}) {
      INFO(url);
      auto res = c.Get(url);
      REQUIRE(res);
      REQUIRE(res->status == 200);
      const auto sig = sunlight::core::from_base64(res->get_header_value("X-Sunlight-Signature"));
      CHECK((sig && public_key->verify(res->body, *sig)));
      CHECK(res->body.rfind(R"({"format":"sunlight-feed/1","log_id":")" + id + R"(",)", 0) == 0);
    }
    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
    return id;
  };

  const auto first = served_log_id();
  CHECK(served_log_id() == first);  // a restart keeps it

  // After a backup is put back: `restored` gives the log a new identity, which the next body names.
  const auto restored = run({"restored", "--data-dir", data.string()});
  INFO(restored.err);
  REQUIRE(restored.status == 0);
  CHECK(restored.out.find(first) != std::string::npos);  // names the old one …
  const auto second = served_log_id();
  CHECK(second != first);
  CHECK(restored.out.find(second) != std::string::npos);  // … and the new one
  CHECK(restored.out.find("snapshot") != std::string::npos);

  // Wiped and rebuilt: init over the same folder without its store keeps the signing key, so the
  // terminals' pinned key still verifies, and the new log has an identity of its own.
  for (const char* file : {"feed.sqlite", "feed.sqlite-wal", "feed.sqlite-shm"}) fs::remove(data / file);
  const auto key_file = [&] {
    std::ifstream in(data / "signing.key");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const auto key_before = key_file();
  const auto again = run({"init", "--data-dir", data.string(), "--cost", "minimum"});
  INFO(again.err);
  REQUIRE(again.status == 0);
  CHECK(again.out.find("Kept the existing signing key") != std::string::npos);
  CHECK(again.out.find(public_key_text) != std::string::npos);
  CHECK(key_file() == key_before);
  REQUIRE(run({"import", "regions", regions.string(), "--data-dir", data.string()}).status == 0);
  const auto third = served_log_id();  // bodies verify with the key printed the first time
  CHECK(third != first);
  CHECK(third != second);
  fs::remove_all(work);
}
