// Tests for feed/admin_commands: `sunlight-feed user …` and `terminal …` run on string streams and a temp data dir.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>

#include "core/crypto.hpp"
#include "feed/admin_commands.hpp"
#include "feed/audit.hpp"
#include "feed/store.hpp"
#include "feed/terminals.hpp"
#include "feed/users.hpp"

using namespace sunlight;
using namespace sunlight::feed;
namespace fs = std::filesystem;

namespace {

// A data dir with a store and a few regions, removed afterwards.
struct DataDir {
  fs::path dir;
  explicit DataDir(bool with_store = true) {
    dir = fs::temp_directory_path() / ("sunlight-admin-test-" + core::to_hex(core::random_bytes(8)));
    fs::create_directories(dir);
    if (!with_store) return;
    Store store(store_file(dir).string());
    store.db().exec(R"(INSERT INTO regions(code, name, parent_code, level) VALUES
      ('500112', '渝北区', '', 'district'),
      ('500112101', '王家街道', '500112', 'town'),
      ('500112101001', '和平村', '500112101', 'village'))");
  }
  ~DataDir() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  DataDir(const DataDir&) = delete;
  DataDir& operator=(const DataDir&) = delete;
  [[nodiscard]] std::string str() const { return dir.string(); }
};

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result run_user(std::vector<std::string> args, const std::string& input = "") {
  std::istringstream in(input);
  std::ostringstream out, err;
  const int code = run_user_command(args, in, out, err);
  return {code, out.str(), err.str()};
}

Result run_terminal(std::vector<std::string> args) {
  std::istringstream in;
  std::ostringstream out, err;
  const int code = run_terminal_command(args, in, out, err);
  return {code, out.str(), err.str()};
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

TEST_CASE("user add, list and disable", "[admin]") {
  DataDir d;
  ::setenv("USER", "tester", 1);
  const auto add = run_user({"add", "--data-dir", d.str(), "--role", "village_cadre", "--region", "500112101001",
                             "--name", "李军", "--password-cost", "minimum", "lijun"},
                            "correct horse 17\n");
  INFO(add.err);
  CHECK(add.code == 0);
  CHECK(add.err.empty());
  CHECK(contains(add.out, "lijun"));
  CHECK_FALSE(contains(add.out, "correct horse"));

  const auto add2 = run_user({"add", "--data-dir=" + d.str(), "--role=auditor", "--region=500112",
                              "--password-cost=minimum", "shen"},
                             "another good one\r\n");
  CHECK(add2.code == 0);

  const auto list = run_user({"list", "--data-dir", d.str()});
  CHECK(list.code == 0);
  CHECK(contains(list.out, "李军"));
  CHECK(contains(list.out, "village_cadre"));
  CHECK(contains(list.out, "500112101001"));
  CHECK(contains(list.out, "active"));
  CHECK(lines(list.out) == 3);  // header and two users

  {
    Store store(store_file(d.dir).string());
    // The display name defaults to the username; the password works.
    CHECK(list_users(store.db())[1].display_name == "shen");
    CHECK(login(store.db(), "lijun", "correct horse 17", "", core::parse_utc_iso("2026-03-01T00:00:00Z").value(),
                std::chrono::hours(1))
              .user.role == Role::VillageCadre);
    const auto audit = list_audit(store.db(), 10, "user:shen");
    REQUIRE(audit.size() == 1);
    CHECK(audit[0].actor == "cli:tester");
  }

  const auto dis = run_user({"disable", "--data-dir", d.str(), "lijun"});
  CHECK(dis.code == 0);
  CHECK(contains(run_user({"list", "--data-dir", d.str()}).out, "disabled"));
  const auto again = run_user({"disable", "--data-dir", d.str(), "lijun"});
  CHECK(again.code == 1);
  CHECK(lines(again.err) == 1);
  CHECK(run_user({"disable", "--data-dir", d.str(), "nobody"}).code == 1);
}

TEST_CASE("user add refuses bad input without echoing the password", "[admin]") {
  DataDir d;
  const std::vector<std::string> base{"add", "--data-dir", d.str(), "--role", "village_cadre", "--region",
                                      "500112101001", "--password-cost", "minimum", "lijun"};
  const auto empty_input = run_user(base, "");
  CHECK(empty_input.code == 1);
  CHECK(contains(empty_input.err, "password"));
  CHECK(run_user(base, "\n").code == 1);

  const auto short_password = run_user(base, "hunter2\n");
  CHECK(short_password.code == 1);
  CHECK(lines(short_password.err) == 1);
  CHECK_FALSE(contains(short_password.err, "hunter2"));

  auto changed = [&](std::size_t index, std::string value) {
    auto args = base;
    args[index] = std::move(value);
    return run_user(args, "correct horse 17\n");
  };
  CHECK(changed(4, "mayor").code == 2);          // unknown role: a usage error
  CHECK(changed(8, "cheap").code == 2);          // unknown cost
  CHECK(changed(6, "500112101").code == 1);      // a town for a village cadre: the domain refuses
  CHECK(changed(9, "Li Jun").code == 1);
  const auto unknown_option = changed(1, "--data-dirr");
  CHECK(unknown_option.code == 2);
  CHECK(contains(unknown_option.err, "--help"));

  auto missing_region = base;
  missing_region.erase(missing_region.begin() + 5, missing_region.begin() + 7);
  CHECK(run_user(missing_region, "correct horse 17\n").code == 2);
  auto extra = base;
  extra.push_back("second");
  CHECK(run_user(extra, "correct horse 17\n").code == 2);
  auto dangling = base;
  dangling.pop_back();
  dangling.push_back("--name");
  CHECK(run_user(dangling, "correct horse 17\n").code == 2);

  CHECK(contains(run_user({"list", "--data-dir", d.str()}).out, "no users"));
}

TEST_CASE("commands need a store made by init and never create one", "[admin]") {
  DataDir d(false);
  const auto r = run_user({"list", "--data-dir", d.str()});
  CHECK(r.code == 1);
  CHECK(contains(r.err, "sunlight-feed init --data-dir"));
  CHECK(lines(r.err) == 1);
  CHECK(run_terminal({"list", "--data-dir", d.str()}).code == 1);
  CHECK(run_user({"add", "--data-dir", d.str(), "--role", "auditor", "--region", "500112", "x12"}, "pw pw pw pw\n").code ==
        1);
  CHECK_FALSE(fs::exists(store_file(d.dir)));
}

TEST_CASE("help and usage errors", "[admin]") {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--help"}, {"add", "--help"}, {"list", "--help"}, {"disable", "--help"}}) {
    const auto r = run_user(args);
    CHECK(r.code == 0);
    CHECK(contains(r.out, "usage: sunlight-feed user"));
    CHECK(r.err.empty());
  }
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--help"}, {"enroll", "--help"}, {"list", "--help"}, {"revoke", "--help"}}) {
    const auto r = run_terminal(args);
    CHECK(r.code == 0);
    CHECK(contains(r.out, "usage: sunlight-feed terminal"));
  }
  const auto none = run_user({});
  CHECK(none.code == 2);
  CHECK(contains(none.err, "--help"));
  CHECK(run_user({"remove"}).code == 2);
  CHECK(run_terminal({}).code == 2);
  CHECK(run_terminal({"delete", "--data-dir", "x"}).code == 2);
  CHECK(run_terminal({"list"}).code == 2);  // --data-dir is required
}

TEST_CASE("terminal enroll, list and revoke", "[admin]") {
  DataDir d;
  const auto enroll = run_terminal({"enroll", "--data-dir", d.str(), "--kind", "kiosk", "--scope", "500112101001",
                                    "和平村村委会"});
  INFO(enroll.err);
  REQUIRE(enroll.code == 0);
  CHECK(contains(enroll.out, "only once"));
  const auto at = enroll.out.find("slt_");
  REQUIRE(at != std::string::npos);
  const std::string token = enroll.out.substr(at, 68);
  CHECK(enroll.out.find("slt_", at + 1) == std::string::npos);  // printed once

  const auto display = run_terminal({"enroll", "--data-dir", d.str(), "--kind", "display", "--scope", "500112", "大屏"});
  CHECK(display.code == 0);

  {
    Store store(store_file(d.dir).string());
    const auto t = authenticate_terminal(store.db(), token);
    REQUIRE(t.has_value());
    record_heartbeat(store.db(), t->id, Heartbeat{"1.4.2", 4321, 60, 1 << 20, 16.0, "sync failed\n\x1b[31mred"}, "",
                     core::now_utc());
  }
  const auto list = run_terminal({"list", "--data-dir", d.str()});
  CHECK(list.code == 0);
  CHECK(lines(list.out) == 3);
  CHECK(contains(list.out, "和平村村委会"));
  CHECK(contains(list.out, "online"));
  CHECK(contains(list.out, "4321"));
  CHECK(contains(list.out, "1.4.2"));
  CHECK(contains(list.out, "never"));
  CHECK(contains(list.out, "offline"));
  CHECK(contains(list.out, "sync failed ?[31mred"));  // no escape sequence reaches the terminal
  CHECK_FALSE(contains(list.out, "\x1b"));

  CHECK(run_terminal({"list", "--data-dir", d.str(), "--stale-after", "600", "--offline-after", "60"}).code == 2);
  CHECK(run_terminal({"list", "--data-dir", d.str(), "--stale-after", "-1"}).code == 2);
  CHECK(run_terminal({"list", "--data-dir", d.str(), "--stale-after", "1", "--offline-after", "2"}).code == 0);

  CHECK(run_terminal({"revoke", "--data-dir", d.str(), "1"}).code == 0);
  CHECK(contains(run_terminal({"list", "--data-dir", d.str()}).out, "revoked"));
  const auto twice = run_terminal({"revoke", "--data-dir", d.str(), "1"});
  CHECK(twice.code == 1);
  CHECK(lines(twice.err) == 1);
  CHECK(run_terminal({"revoke", "--data-dir", d.str(), "99"}).code == 1);
  CHECK(run_terminal({"revoke", "--data-dir", d.str(), "abc"}).code == 2);
  CHECK(run_terminal({"revoke", "--data-dir", d.str(), "1x"}).code == 2);
  CHECK(run_terminal({"revoke", "--data-dir", d.str()}).code == 2);

  CHECK(run_terminal({"enroll", "--data-dir", d.str(), "--kind", "tv", "--scope", "500112", "x"}).code == 2);
  CHECK(run_terminal({"enroll", "--data-dir", d.str(), "--kind", "kiosk", "--scope", "500112", "x"}).code == 1);
  CHECK(run_terminal({"enroll", "--data-dir", d.str(), "--kind", "kiosk", "--scope", "500112101001"}).code == 2);
  {
    Store store(store_file(d.dir).string());
    CHECK(list_terminals(store.db()).size() == 2);
    CHECK(list_audit(store.db(), 10, "terminal:").size() == 3);
  }
}
