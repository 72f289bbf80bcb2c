// The sunlight-sync program: once, status, lookup and its refusals, against a feed on 127.0.0.1.
#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "feed/notices.hpp"
#include "feed/store.hpp"
#include "feed/users.hpp"
#include "process.hpp"
#include "sync_fixture.hpp"
#include "temp_dir.hpp"

namespace sunlight::sync {
namespace {

using feed::testing::FeedFixture;
using nlohmann::json;
using sunlight::testing::Run;
using sunlight::testing::TempDir;
using namespace testing;

Run sync_cli(std::vector<std::string> args, const std::string& input = "") {
  return sunlight::testing::run_program(SUNLIGHT_SYNC_BIN, std::move(args), input);
}

std::string write_config(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file) << text;
  return file.string();
}

std::string kiosk_toml(const FeedFixture& fixture, const std::string& url, const std::string& data_dir) {
  return "[terminal]\nkind = \"kiosk\"\nname = \"柏树村村委会\"\ndata_dir = \"" + data_dir + "\"\n\n[feed]\nurl = \"" + url +
         "\"\nscope = \"" + fixture.village + "\"\ndevice_token = \"" + fixture.kiosk_token + "\"\npublic_key = \"" +
         fixture.public_key + "\"\n";
}

// Runs sunlight-sync as an unprivileged user when the tests run as root (as in CI), for whom
// file permissions would not stop a write.
Run sync_cli_unprivileged(std::vector<std::string> args) {
  if (::geteuid() != 0) return sync_cli(std::move(args));
  args.insert(args.begin(), {"--reuid=65534", "--regid=65534", "--clear-groups", SUNLIGHT_SYNC_BIN});
  return sunlight::testing::run_program("/usr/bin/setpriv", std::move(args));
}

}  // namespace

TEST_CASE("sunlight-sync once fills the replica, status reads it offline, lookup reads an ID from stdin",
          "[sync][cli]") {
  FeedFixture fixture;
  TempDir dir("sync-cli");
  auto feed = std::make_unique<RunningFeed>(fixture.dir);
  const auto config = write_config(dir / "kiosk.toml", kiosk_toml(fixture, feed->url(), (dir / "replica").string()));

  const auto once = sync_cli({"once", "--config", config, "--json"});
  INFO(once.out << once.err);
  REQUIRE(once.status == 0);
  const auto status = json::parse(once.out);
  CHECK(status["connection"] == "online");
  CHECK(status["has_data"] == true);
  CHECK(status["people_ready"] == true);
  CHECK(status["problem"] == "");
  CHECK(status["person_records"].get<int>() > 0);
  CHECK(status["notices"].get<int>() > 0);
  CHECK(status["terminal"] == "柏树村村委会");

  const auto text = sync_cli({"once", "--config", config});
  CHECK(text.status == 0);
  CHECK(text.out.find("problem    none") != std::string::npos);
  CHECK(text.out.find("person records") != std::string::npos);

  feed.reset();  // the network is gone
  const auto offline = sync_cli({"status", "--config", config, "--json"});
  CHECK(offline.status == 0);
  CHECK(json::parse(offline.out)["public_seq"] == status["public_seq"]);
  const auto failed = sync_cli({"once", "--config", config, "--json"});
  CHECK(failed.status == 1);
  const auto failed_status = json::parse(failed.out);
  CHECK(failed_status["problem"] == "unreachable");
  CHECK(failed_status["has_data"] == true);  // the old data is still there to show

  const auto found = sync_cli({"lookup", "--config", config}, fixture.sample_ids.front() + "\n");
  CHECK(found.status == 0);
  CHECK(found.out.find(fixture.sample_ids.front().substr(0, 6) + "********") != std::string::npos);
  CHECK(found.out.find(fixture.sample_ids.front()) == std::string::npos);  // only ever masked
  const auto nobody = sync_cli({"lookup", "--config", config}, fixture.sample_ids.back() + "\n");
  CHECK(nobody.status == 1);
  CHECK(nobody.out.find("no payments") != std::string::npos);
  auto wrong = fixture.sample_ids.front();
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  const auto invalid = sync_cli({"lookup", "--config", config}, wrong + "\n");
  CHECK(invalid.status == 1);
  CHECK(invalid.out.find(wrong) == std::string::npos);
}

TEST_CASE("sunlight-sync refuses bad command lines and config files with one clear line, exit 2", "[sync][cli]") {
  FeedFixture fixture;
  TempDir dir("sync-cli-bad");
  const auto good = kiosk_toml(fixture, "http://127.0.0.1:9", (dir / "replica").string());

  CHECK(sync_cli({}).status == 2);
  CHECK(sync_cli({"--help"}).status == 0);
  CHECK(sync_cli({"--version"}).out.find("sunlight-sync") == 0);
  CHECK(sync_cli({"frobnicate", "--config", "x"}).status == 2);
  CHECK(sync_cli({"once"}).status == 2);
  CHECK(sync_cli({"once", "--config", (dir / "missing.toml").string()}).status == 2);
  CHECK(sync_cli({"once", "--config", dir.path().string()}).status == 2);

  // status only reads: on a terminal that never synced it says so and creates nothing.
  const auto fresh = write_config(dir / "fresh.toml", good);
  const auto status = sync_cli({"status", "--config", fresh});
  CHECK(status.status == 0);
  CHECK(status.out.find("none yet") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "replica"));

  // The kiosk's own section in the same file is the kiosk's to check, not a fault here; an
  // unknown section still is.
  CHECK(sync_cli({"status", "--config", write_config(dir / "with-kiosk.toml", good + "\n[kiosk]\nidle_seconds = 90\n")})
            .status == 0);
  CHECK(sync_cli({"status", "--config", write_config(dir / "with-junk.toml", good + "\n[kisok]\nidle_seconds = 90\n")})
            .status == 2);

  struct Case {
    std::string name, from, to, says;
  };
  const std::vector<Case> cases{
      {"unknown key", "[feed]\n", "[feed]\npoll_second = 5\n", "feed.poll_second"},
      {"http only", "url = \"http://127.0.0.1:9\"", "url = \"ftp://127.0.0.1:9\"", "feed.url"},
      {"url with spaces", "url = \"http://127.0.0.1:9\"", "url = \"http://feed example\"", "feed.url"},
      {"scope not a region", "scope = \"" + fixture.village + "\"", "scope = \"50011x\"", "feed.scope"},
      {"token shape", "device_token = \"" + fixture.kiosk_token + "\"", "device_token = \"slt_abc\"", "feed.device_token"},
      {"key not a key", "public_key = \"" + fixture.public_key + "\"", "public_key = \"ed25519:AAAA\"", "feed.public_key"},
      {"kind", "kind = \"kiosk\"", "kind = \"tv\"", "terminal.kind"},
      {"poll too fast", "[feed]\n", "[feed]\npoll_seconds = 0\n", "feed.poll_seconds"},
      {"data_dir missing", "data_dir = \"" + (dir / "replica").string() + "\"\n", "", "terminal.data_dir"},
      {"not TOML", "[feed]\n", "[feed\n", "TOML"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto text = good;
    const auto at = text.find(c.from);
    REQUIRE(at != std::string::npos);
    text.replace(at, c.from.size(), c.to);
    const auto config = write_config(dir / "bad.toml", text);
    const auto r = sync_cli({"once", "--config", config});
    INFO(r.err);
    CHECK(r.status == 2);
    CHECK(r.err.find(c.says) != std::string::npos);
    CHECK(r.out.empty());
    CHECK_FALSE(std::filesystem::exists(dir / "replica"));  // refused before anything was touched
  }
}

TEST_CASE("a read-only data dir: the sync says so plainly and the old data is still served", "[sync][cli]") {
  FeedFixture fixture;
  TempDir dir("sync-cli-readonly");
  RunningFeed feed(fixture.dir);
  const auto replica_dir = dir / "replica";
  const auto config = write_config(dir / "kiosk.toml", kiosk_toml(fixture, feed.url(), replica_dir.string()));
  REQUIRE(sync_cli({"once", "--config", config}).status == 0);
  const auto before = json::parse(sync_cli({"status", "--config", config, "--json"}).out);

  {  // something new on the feed
    feed::Store store(feed::store_file(fixture.dir).string());
    const auto session = feed::login(store.db(), fixture.cadre, fixture.cadre_password, "127.0.0.1",
                                     core::now_utc(), std::chrono::hours(1));
    feed::NoticeDraft draft;
    draft.region_code = fixture.village;
    draft.title = "停水通知";
    draft.body = "明天上午停水。";
    feed::create_notice(store.db(), session.user, draft, "127.0.0.1", core::now_utc());
  }
  namespace fs = std::filesystem;
  fs::permissions(dir.path(), fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
  fs::permissions(config, fs::perms::others_read, fs::perm_options::add);
  for (const auto& entry : fs::directory_iterator(replica_dir))
    fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  fs::permissions(replica_dir, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                   fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);

  // The head moves within the server's refresh interval; until then a 304 is a success.
  json after;
  REQUIRE(eventually([&] {
    const auto r = sync_cli_unprivileged({"once", "--config", config, "--json"});
    if (r.out.empty()) return false;
    after = json::parse(r.out);
    return r.status == 1;
  }));
  CHECK(after["problem"] == "replica");
  CHECK(after["last_error"].get<std::string>().find("read-only") != std::string::npos);
  CHECK(after["has_data"] == true);
  CHECK(after["public_seq"] == before["public_seq"]);
  CHECK(after["notices"] == before["notices"]);
  fs::permissions(replica_dir, fs::perms::owner_all, fs::perm_options::add);
}

}  // namespace sunlight::sync

