// The `sunlight-feed` command line as an administrator meets it: help, exit codes, one-line
// errors, init, a refused import, demo — and hostile input (a data dir that is a file, a config
// that does not exist). The server itself is exercised in binary_test.cpp.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "core/signing.hpp"
#include "temp_dir.hpp"

extern char** environ;

namespace fs = std::filesystem;

namespace {

struct Run {
  int status;
  std::string out, err;
};

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A scratch folder per test case, removed when the case ends.
class Scratch {
 public:
  explicit Scratch(const std::string& name) : tmp_("feed-cli-" + name) {}
  [[nodiscard]] const fs::path& dir() const { return tmp_.path(); }
  fs::path operator/(const std::string& name) const { return tmp_ / name; }

  // Runs the binary with stdin from /dev/null and stdout/stderr into files (no pipe can fill up).
  Run run(std::vector<std::string> args) const {
    const auto out = tmp_ / ".stdout", err = tmp_ / ".stderr";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    args.insert(args.begin(), SUNLIGHT_FEED_BIN);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int spawned = posix_spawn(&pid, SUNLIGHT_FEED_BIN, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(spawned == 0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), slurp(out), slurp(err)};
  }

 private:
  sunlight::testing::TempDir tmp_;
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

std::int64_t scalar(const fs::path& data, const std::string& sql) {
  SQLite::Database db((data / "feed.sqlite").string(), SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getInt64();
}

std::string slurp_meta(const fs::path& data, const std::string& key) {
  SQLite::Database db((data / "feed.sqlite").string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT value FROM meta WHERE key = ?");
  q.bind(1, key);
  return q.executeStep() ? q.getColumn(0).getString() : std::string{};
}

// A usage error: exit 2, one line on stderr that names `part`, nothing on stdout.
void check_usage_error(const Run& r, const std::string& part) {
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.status == 2);
  CHECK(lines(r.err) == 1);
  CHECK(has(r.err, part));
  CHECK(r.out.empty());
}

// Refused: exit 1, one line on stderr that names `part`.
void check_refused(const Run& r, const std::string& part) {
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.status == 1);
  CHECK(lines(r.err) == 1);
  CHECK(has(r.err, part));
}

}  // namespace

TEST_CASE("sunlight-feed: --help, --version and every subcommand's --help", "[cli]") {
  const Scratch s("help");
  const auto help = s.run({"--help"});
  CHECK(help.status == 0);
  for (const char* name : {"init", "import", "seal", "user", "terminal", "serve", "restored", "demo"}) {
    INFO(name);
    CHECK(has(help.out, std::string("  ") + name));
    const auto sub = s.run({name, "--help"});
    CHECK(sub.status == 0);
    CHECK(has(sub.out, "usage"));
    CHECK(sub.err.empty());
  }
  const auto version = s.run({"--version"});
  CHECK(version.status == 0);
  CHECK(std::regex_search(version.out, std::regex(R"(^sunlight-feed \d+\.\d+\.\d+)")));

  CHECK(s.run({}).status == 2);
  check_usage_error(s.run({"frobnicate"}), "frobnicate");
  check_usage_error(s.run({"init", "--colour", "x"}), "--colour");
  check_usage_error(s.run({"init", "--data-dir"}), "--data-dir");
}

TEST_CASE("sunlight-feed init: store, a 0600 key, a public key that parses, never twice", "[cli]") {
  const Scratch s("init");
  const auto data = s / "feed";
  const auto r = s.run({"init", "--data-dir", data.string(), "--cost", "minimum"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(fs::is_regular_file(data / "feed.sqlite"));
  CHECK((fs::status(data / "signing.key").permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  std::smatch key;
  REQUIRE(std::regex_search(r.out, key, std::regex(R"(ed25519:[A-Za-z0-9+/=]+)")));
  CHECK(sunlight::core::PublicKey::parse(key.str()));
  CHECK(has(r.out, (data / "signing.key").string()));  // says where the secret half lies
  CHECK(scalar(data, "SELECT count(*) FROM meta WHERE key = 'created_at'") == 1);

  CHECK(std::regex_match(slurp_meta(data, "log_id"), std::regex("[0-9a-f]{32}")));

  const auto secret = slurp(data / "signing.key");
  const auto log_id = slurp_meta(data, "log_id");
  const auto salt = slurp_meta(data, "seal_params");
  check_refused(s.run({"init", "--data-dir", data.string()}), "already");  // never over a store
  CHECK(slurp(data / "signing.key") == secret);
  CHECK(slurp_meta(data, "log_id") == log_id);

  // A signing key alone (the store lost, its key kept): kept as it is, the same public key
  // printed, a new store with a new log id and a new salt.
  const auto lone = s / "lone";
  fs::create_directories(lone);
  fs::copy_file(data / "signing.key", lone / "signing.key");
  const auto kept = s.run({"init", "--data-dir", lone.string(), "--cost", "minimum"});
  INFO(kept.err);
  REQUIRE(kept.status == 0);
  CHECK(has(kept.out, "Kept the existing signing key"));
  CHECK(has(kept.out, key.str()));
  CHECK(slurp(lone / "signing.key") == secret);
  CHECK(fs::is_regular_file(lone / "feed.sqlite"));
  CHECK(std::regex_match(slurp_meta(lone, "log_id"), std::regex("[0-9a-f]{32}")));
  CHECK(slurp_meta(lone, "log_id") != log_id);
  CHECK(slurp_meta(lone, "seal_params") != salt);
  check_refused(s.run({"init", "--data-dir", lone.string()}), "already");  // and then never again

  // A signing.key that is not a key is refused and left alone; no store is made.
  const auto bad = s / "bad-key";
  fs::create_directories(bad);
  { std::ofstream(bad / "signing.key") << "keep me\n"; }
  check_refused(s.run({"init", "--data-dir", bad.string()}), "not a Sunlight signing key");
  CHECK(slurp(bad / "signing.key") == "keep me\n");
  CHECK_FALSE(fs::exists(bad / "feed.sqlite"));
  const auto folder = s / "key-folder";
  fs::create_directories(folder / "signing.key");
  check_refused(s.run({"init", "--data-dir", folder.string()}), "not a file");
  CHECK_FALSE(fs::exists(folder / "feed.sqlite"));

  check_usage_error(s.run({"init"}), "--data-dir");
  check_usage_error(s.run({"init", "--data-dir", (s / "x").string(), "--cost", "cheap"}), "--cost");
  CHECK_FALSE(fs::exists(s / "x"));
}

TEST_CASE("sunlight-feed restored: a new log id, the old and new one printed, an audit row", "[cli]") {
  const Scratch s("restored");
  const auto data = s / "feed";
  REQUIRE(s.run({"init", "--data-dir", data.string(), "--cost", "minimum"}).status == 0);
  const auto before = slurp_meta(data, "log_id");
  const auto r = s.run({"restored", "--data-dir", data.string()});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  const auto after = slurp_meta(data, "log_id");
  CHECK(std::regex_match(after, std::regex("[0-9a-f]{32}")));
  CHECK(after != before);
  CHECK(has(r.out, before));
  CHECK(has(r.out, after));
  CHECK(has(r.out, "snapshot"));
  CHECK(scalar(data, "SELECT count(*) FROM audit WHERE action = 'store.restored' AND detail LIKE '%" + after + "%'") == 1);
  // Again: another new one.
  REQUIRE(s.run({"restored", "--data-dir", data.string()}).status == 0);
  CHECK(slurp_meta(data, "log_id") != after);

  check_usage_error(s.run({"restored"}), "--data-dir");
  check_usage_error(s.run({"restored", "--data-dir", data.string(), "extra"}), "restored");
  check_refused(s.run({"restored", "--data-dir", (s / "nothing").string()}), "no feed store");
  CHECK_FALSE(fs::exists(s / "nothing"));
}

TEST_CASE("sunlight-feed import: usage errors, missing files, a bad row that changes nothing", "[cli]") {
  const Scratch s("import");
  const auto data = s / "feed";
  REQUIRE(s.run({"init", "--data-dir", data.string(), "--cost", "minimum"}).status == 0);
  {
    std::ofstream good(s / "regions.csv");
    good << "区划代码,名称,上级代码,级别\n500112,渝北区,,区县\n500112101,龙兴镇,500112,镇街\n";
  }
  const auto file = (s / "regions.csv").string();

  check_usage_error(s.run({"import", "people", file, "--data-dir", data.string()}), "people");
  check_usage_error(s.run({"import", "regions", file}), "--data-dir");
  check_usage_error(s.run({"import", "regions", "--data-dir", data.string()}), "KIND and FILE");
  check_usage_error(s.run({"import", "regions", file, "--data-dir", data.string(), "--encoding", "latin1"}), "latin1");
  check_usage_error(s.run({"import", "regions", file, "--data-dir", data.string(), "--lang", "fr"}), "fr");
  check_refused(s.run({"import", "regions", (s / "nowhere.csv").string(), "--data-dir", data.string()}), "no such file");
  check_refused(s.run({"import", "regions", s.dir().string(), "--data-dir", data.string()}), "not a file");
  check_refused(s.run({"import", "regions", file, "--data-dir", (s / "nofeed").string()}), "sunlight-feed init");

  const auto head = scalar(data, "SELECT coalesce(max(seq), 0) FROM changes");
  {
    std::ofstream bad(s / "bad.csv");
    bad << "区划代码,名称,上级代码,级别\n500112,渝北区,,区县\n500112101,龙兴镇,500112,镇街\n"
        << "500112101201,石龙村,500112101,城堡\n";
  }
  for (const char* lang : {"en", "zh-CN"}) {
    const auto r = s.run({"import", "regions", (s / "bad.csv").string(), "--data-dir", data.string(), "--lang", lang});
    INFO(lang << "\nstdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.status == 1);
    CHECK((has(r.out, "line 4") || has(r.out, "第 4 行")));  // the file's line, header counted
    CHECK(has(r.out, "级别"));                                   // the column, as the file names it
    CHECK(has(r.out, "城堡"));                                   // and what was wrong in it
    CHECK(lines(r.err) == 1);
  }
  CHECK(scalar(data, "SELECT count(*) FROM regions") == 0);
  CHECK(scalar(data, "SELECT coalesce(max(seq), 0) FROM changes") == head);
  CHECK(scalar(data, "SELECT count(*) FROM imports") == 0);

  // The good file goes in and says what it did; the same file again changes nothing.
  const auto ok = s.run({"import", "regions", file, "--data-dir", data.string()});
  INFO(ok.err);
  CHECK(ok.status == 0);
  CHECK(has(ok.out, "2 new or changed"));
  CHECK(scalar(data, "SELECT count(*) FROM regions") == 2);
  const auto again = s.run({"import", "regions", file, "--data-dir", data.string()});
  CHECK(again.status == 0);
  CHECK(has(again.out, "2 already there"));
  CHECK(scalar(data, "SELECT count(*) FROM regions") == 2);

  const auto seal = s.run({"seal", "--data-dir", data.string()});
  CHECK(seal.status == 0);
  CHECK(has(seal.out, "nothing to seal"));
  check_usage_error(s.run({"seal", "--data-dir", data.string(), "--threads", "0"}), "--threads");
}

TEST_CASE("sunlight-feed with hostile paths: a data dir that is a file, a config that is not there", "[cli]") {
  const Scratch s("hostile");
  const auto file = s / "plain-file";
  { std::ofstream(file) << "not a feed\n"; }
  const auto csv = s / "regions.csv";
  { std::ofstream(csv) << "区划代码,名称,上级代码,级别\n500112,渝北区,,区县\n"; }

  check_refused(s.run({"init", "--data-dir", file.string()}), "not a folder");
  check_refused(s.run({"import", "regions", csv.string(), "--data-dir", file.string()}), "no feed store");
  check_refused(s.run({"seal", "--data-dir", file.string()}), "no feed store");
  check_refused(s.run({"serve", "--data-dir", file.string(), "--port", "0"}), "no feed store");
  check_refused(s.run({"demo", "--data-dir", file.string()}), "not a feed data dir");
  check_refused(s.run({"demo", "--data-dir", file.string(), "--force"}), "not a feed data dir");
  CHECK(slurp(file) == "not a feed\n");  // --force never wipes what is not a feed

  const auto missing = (s / "no-such.toml").string();
  check_refused(s.run({"serve", "--config", missing}), "no-such.toml");
  { std::ofstream(s / "broken.toml") << "port = [unclosed\n"; }
  check_refused(s.run({"serve", "--config", (s / "broken.toml").string()}), "broken.toml");
  check_usage_error(s.run({"serve"}), "--data-dir");
  check_usage_error(s.run({"serve", "--data-dir", s.dir().string(), "--port", "70000"}), "--port");
  check_usage_error(s.run({"serve", "--data-dir", s.dir().string(), "--port", "80abc"}), "--port");
}

TEST_CASE("sunlight-feed demo: a complete feed with tokens, a cadre and sample residents", "[cli]") {
  const Scratch s("demo");
  const auto data = s / "demo-feed";
  const auto r = s.run({"demo", "--data-dir", data.string()});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.status == 0);

  std::smatch key;
  REQUIRE(std::regex_search(r.out, key, std::regex(R"(ed25519:[A-Za-z0-9+/=]+)")));
  CHECK(sunlight::core::PublicKey::parse(key.str()));
  const std::regex token(R"(slt_[0-9a-f]{64})");
  CHECK(std::distance(std::sregex_iterator(r.out.begin(), r.out.end(), token), std::sregex_iterator()) == 3);
  std::smatch login;
  REQUIRE(std::regex_search(r.out, login, std::regex(R"(user (\S+)\s+password (\S+))")));
  CHECK(login[2].length() >= 12);
  CHECK(has(r.out, "serve --data-dir " + data.string()));

  // Every sample resident the generator picked is printed.
  std::ifstream samples(data / "import" / "samples.txt");
  std::size_t sample_count = 0;
  for (std::string line; std::getline(samples, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto id = line.substr(0, line.find('\t'));
    INFO(id);
    CHECK(has(r.out, id));
    ++sample_count;
  }
  CHECK(sample_count >= 3);

  // The store: the people stream is sealed, the terminals and the cadre are there.
  CHECK(scalar(data, "SELECT count(*) FROM changes WHERE stream = 1") > 100);
  CHECK(scalar(data, "SELECT count(*) FROM persons WHERE dirty = 1") == 0);
  CHECK(scalar(data, "SELECT count(*) FROM terminals WHERE kind = 'kiosk'") == 1);
  CHECK(scalar(data, "SELECT count(*) FROM terminals WHERE kind = 'display'") == 2);
  CHECK(scalar(data, "SELECT count(DISTINCT length(scope)) FROM terminals") == 2);  // village and town
  CHECK(scalar(data, "SELECT count(*) FROM users WHERE username = '" + login[1].str() + "'") == 1);
  CHECK(scalar(data, "SELECT count(*) FROM users WHERE password_hash LIKE '%" + login[2].str() + "%'") == 0);

  // Again: refused without --force; with it, a fresh feed (a new key) replaces the old one.
  check_refused(s.run({"demo", "--data-dir", data.string()}), "--force");
  const auto again = s.run({"demo", "--data-dir", data.string(), "--force"});
  REQUIRE(again.status == 0);
  std::smatch key2;
  REQUIRE(std::regex_search(again.out, key2, std::regex(R"(ed25519:[A-Za-z0-9+/=]+)")));
  CHECK(key2.str() != key.str());
  check_usage_error(s.run({"demo", "--data-dir", (s / "x").string(), "--scale", "planet"}), "--scale");
}
