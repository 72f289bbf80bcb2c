// Tests for feed/config: the example file, defaults, and a clear refusal for every kind of bad config.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "core/i18n.hpp"
#include "feed/config.hpp"
#include "temp_dir.hpp"

using namespace sunlight;
using feed::FeedConfig;
using feed::parse_feed_config;

namespace fs = std::filesystem;

namespace {

const fs::path kBase = "/etc/sunlight";

// The config a text parses to; fails the test, showing why, when it is refused.
FeedConfig config_of(std::string_view text) {
  const auto parsed = parse_feed_config(text, kBase);
  INFO("refused as " << core::describe(parsed.problem(), core::Lang::En));
  REQUIRE(parsed.ok());
  return parsed.value();
}

core::Problem problem_of(std::string_view text) {
  const auto parsed = parse_feed_config(text, kBase);
  REQUIRE_FALSE(parsed.ok());
  return parsed.problem();
}

// A file that is valid apart from what a test adds.
std::string with_store(std::string_view rest) { return std::string("[store]\ndata_dir = \"/srv/feed\"\n") + std::string(rest); }

// A fresh directory under the system temp dir, removed when the test ends.
using sunlight::testing::TempDir;

void write_file(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace

TEST_CASE("config/feed.toml, the file administrators copy, parses to production values", "[config]") {
  const auto parsed = feed::load_feed_config(fs::path(SUNLIGHT_SOURCE_DIR) / "config" / "feed.toml");
  INFO(core::describe(parsed.problem(), core::Lang::En));
  REQUIRE(parsed.ok());
  CHECK(parsed->listen_address == "127.0.0.1");
  CHECK(parsed->port == 8480);
  CHECK(parsed->threads == 64);
  CHECK(parsed->max_body_bytes == 1048576);
  CHECK(parsed->data_dir == fs::path("/var/lib/sunlight/feed"));
  CHECK(parsed->session_hours == 8);
  CHECK(parsed->lockout_failures == 5);
  CHECK(parsed->lockout_minutes == 15);
  CHECK(parsed->stale_after_seconds == 120);
  CHECK(parsed->offline_after_seconds == 900);
  CHECK(parsed->sealer_threads == 0);
}

TEST_CASE("every key is read", "[config]") {
  const auto config = config_of(R"(
[server]
listen = "0.0.0.0"
port = 9000
threads = 8
max_body_bytes = 4096

[store]
data_dir = "/srv/sunlight"

[cadre]
session_hours = 12
lockout_failures = 3
lockout_minutes = 1440

[terminals]
stale_after_seconds = 60
offline_after_seconds = 600

[sealing]
threads = 4
)");
  CHECK(config.listen_address == "0.0.0.0");
  CHECK(config.port == 9000);
  CHECK(config.threads == 8);
  CHECK(config.max_body_bytes == 4096);
  CHECK(config.data_dir == fs::path("/srv/sunlight"));
  CHECK(config.session_hours == 12);
  CHECK(config.lockout_failures == 3);
  CHECK(config.lockout_minutes == 1440);
  CHECK(config.stale_after_seconds == 60);
  CHECK(config.offline_after_seconds == 600);
  CHECK(config.sealer_threads == 4);
}

TEST_CASE("keys left out take their defaults", "[config]") {
  const FeedConfig defaults;
  const auto config = config_of(with_store(""));
  CHECK(config.listen_address == defaults.listen_address);
  CHECK(config.port == 8480);
  CHECK(config.threads == 64);
  CHECK(config.max_body_bytes == std::size_t{1} << 20);
  CHECK(config.session_hours == 8);
  CHECK(config.lockout_failures == 5);
  CHECK(config.lockout_minutes == 15);
  CHECK(config.stale_after_seconds == 120);
  CHECK(config.offline_after_seconds == 900);
  CHECK(config.sealer_threads == 0);
  // Sections present but empty change nothing either.
  CHECK(config_of(with_store("[server]\n[cadre]\n[terminals]\n[sealing]\n")).port == 8480);
}

TEST_CASE("TOML spellings of the same values are accepted", "[config]") {
  CHECK(config_of(with_store("[server]\nmax_body_bytes = 1_048_576\n")).max_body_bytes == 1048576);
  CHECK(config_of(with_store("[server]\nport = 0x2120\n")).port == 8480);
  CHECK(config_of("store = { data_dir = '/srv/feed' }\nserver.port = 81\n").port == 81);
  // Windows Notepad writes a byte-order mark and CRLF line ends.
  CHECK(config_of("\xEF\xBB\xBF[store]\r\ndata_dir = \"/srv/feed\"\r\n[server]\r\nport = 82\r\n").port == 82);
  // Comments may hold Chinese text.
  CHECK(config_of(with_store("# 端口\n[server]\nport = 83 # 由 nginx 转发\n")).port == 83);
}

TEST_CASE("data_dir: absolute as written, relative to the config file's folder", "[config]") {
  CHECK(config_of("[store]\ndata_dir = \"/var/lib/sunlight/feed\"\n").data_dir == fs::path("/var/lib/sunlight/feed"));
  CHECK(config_of("[store]\ndata_dir = \"data\"\n").data_dir == fs::path("/etc/sunlight/data"));
  CHECK(config_of("[store]\ndata_dir = \"./data/\"\n").data_dir == fs::path("/etc/sunlight/data/"));
  CHECK(config_of("[store]\ndata_dir = \"../lib/feed\"\n").data_dir == fs::path("/etc/lib/feed"));
  CHECK(config_of("[store]\ndata_dir = \"数据\"\n").data_dir == fs::path("/etc/sunlight/数据"));

  TempDir dir("relative");
  write_file(dir.path() / "feed.toml", "[store]\ndata_dir = \"state\"\n");
  const auto loaded = feed::load_feed_config(dir.path() / "feed.toml");
  REQUIRE(loaded.ok());
  CHECK(loaded->data_dir == dir.path() / "state");
  CHECK(loaded->data_dir.is_absolute());
}

TEST_CASE("port 0 asks for any free port, for tests", "[config]") {
  CHECK(config_of(with_store("[server]\nport = 0\n")).port == 0);
  CHECK(config_of(with_store("[server]\nport = 65535\n")).port == 65535);
}

TEST_CASE("an empty file is a missing data_dir", "[config]") {
  for (const std::string_view text : {"", "\n\n", "# nothing yet\n", "[store]\n", "[server]\nport = 80\n"}) {
    INFO(text);
    const auto problem = problem_of(text);
    CHECK(problem.code == "config.missing");
    CHECK(problem.arg("key") == "store.data_dir");
  }
  CHECK(core::describe(problem_of(""), core::Lang::En) == "Required setting missing: store.data_dir");
  CHECK(core::describe(problem_of("")) == "缺少必填的配置项：store.data_dir");
}

TEST_CASE("syntax errors say where and why", "[config]") {
  const auto problem = problem_of("[store]\ndata_dir = \n");
  CHECK(problem.code == "config.syntax");
  CHECK(problem.arg("line") == "2");
  CHECK(problem.arg("column") == "12");
  CHECK_FALSE(problem.arg("reason").empty());
  CHECK(problem_of("[store\n").code == "config.syntax");
  CHECK(problem_of("port = 1\nport = 2\n").code == "config.syntax");  // defined twice
  CHECK(problem_of("[store]\ndata_dir = /srv/feed\n").code == "config.syntax");  // unquoted string
  CHECK(core::describe(problem_of("[store]\ndata_dir = \n"), core::Lang::En)
            .starts_with("Line 2, column 12 of the config file is not valid TOML: "));
}

TEST_CASE("unknown sections and keys are refused, so typos are caught", "[config]") {
  SECTION("a misspelt key") {
    const auto problem = problem_of(with_store("[server]\nprot = 8480\n"));
    CHECK(problem.code == "config.unknown_key");
    CHECK(problem.arg("key") == "server.prot");
    CHECK(problem.arg("line") == "4");
    CHECK(core::describe(problem, core::Lang::En) ==
          "Line 4: unknown setting server.prot; check the spelling against config/feed.toml");
  }
  SECTION("a key valid in another section") {
    CHECK(problem_of(with_store("[server]\nsession_hours = 8\n")).arg("key") == "server.session_hours");
  }
  SECTION("a misspelt section") {
    const auto problem = problem_of(with_store("[sever]\nport = 8480\n"));
    CHECK(problem.code == "config.unknown_section");
    CHECK(problem.arg("key") == "sever");
    CHECK(problem.arg("line") == "3");
  }
  SECTION("a sub-table of a known section") {
    const auto problem = problem_of(with_store("[server.tls]\ncert = \"x\"\n"));
    CHECK(problem.code == "config.unknown_key");
    CHECK(problem.arg("key") == "server.tls");
  }
  SECTION("an unknown key above every section") {
    const auto problem = problem_of(with_store("").insert(0, "verbose = true\n"));
    CHECK(problem.code == "config.unknown_key");
    CHECK(problem.arg("key") == "verbose");
  }
  SECTION("a known key above every section says where it belongs") {
    const auto problem = problem_of(with_store("").insert(0, "port = 8480\n"));
    CHECK(problem.code == "config.outside_section");
    CHECK(problem.arg("key") == "port");
    CHECK(problem.arg("section") == "server");
    CHECK(problem.arg("line") == "1");
  }
  SECTION("a key with odd bytes is shown printably") {
    const auto problem = problem_of(with_store("[server]\n\"a\\u0001b\" = 1\n"));
    CHECK(problem.code == "config.unknown_key");
    CHECK(problem.arg("key") == "server.a\uFFFDb");
  }
}

TEST_CASE("the fault nearest the top of the file is the one reported", "[config]") {
  const auto problem = problem_of("[server]\nport = 70000\nthreads = 0\n[cadre]\nsesion_hours = 1\n");
  CHECK(problem.code == "config.out_of_range");
  CHECK(problem.arg("key") == "server.port");
  // A missing data_dir has no line and is reported only when nothing else is wrong.
  CHECK(problem_of("[cadre]\nsession_hours = 0\n").code == "config.out_of_range");
}

TEST_CASE("values of the wrong type name the type expected", "[config]") {
  struct Case {
    std::string_view text;
    std::string_view key;
    std::string_view expected;
  };
  for (const auto& c : {
           Case{"[server]\nport = \"8480\"\n", "server.port", "integer"},
           Case{"[server]\nport = 8480.0\n", "server.port", "integer"},
           Case{"[server]\nthreads = true\n", "server.threads", "integer"},
           Case{"[server]\nmax_body_bytes = [1]\n", "server.max_body_bytes", "integer"},
           Case{"[server]\nlisten = 127\n", "server.listen", "string"},
           Case{"[cadre]\nsession_hours = 1979-05-27\n", "cadre.session_hours", "integer"},
           Case{"[cadre]\nlockout_failures = \"5\"\n", "cadre.lockout_failures", "integer"},
           Case{"[cadre]\nlockout_minutes = 15.5\n", "cadre.lockout_minutes", "integer"},
           Case{"[terminals]\nstale_after_seconds = { s = 1 }\n", "terminals.stale_after_seconds", "integer"},
           Case{"[sealing]\nthreads = \"auto\"\n", "sealing.threads", "integer"},
           Case{"[[server]]\nport = 1\n", "server", "table"},
       }) {
    INFO(c.text);
    const auto problem = problem_of(with_store(c.text));
    CHECK(problem.code == "config.bad_type");
    CHECK(problem.arg("key") == c.key);
    CHECK(problem.arg("expected") == c.expected);
  }
  const auto not_table = problem_of(with_store("").insert(0, "server = 8480\n"));
  CHECK(not_table.code == "config.bad_type");
  CHECK(not_table.arg("key") == "server");
  CHECK(not_table.arg("expected") == "table");
  const auto data_dir = problem_of("[store]\ndata_dir = 42\n");
  CHECK(data_dir.code == "config.bad_type");  // present but wrong, not "missing"
  CHECK(data_dir.arg("key") == "store.data_dir");
  CHECK(core::describe(data_dir, core::Lang::En) == "Line 2: store.data_dir must be a TOML string");
}

TEST_CASE("numbers out of range say the range", "[config]") {
  struct Case {
    std::string_view text;
    std::string_view key;
    std::string_view min;
    std::string_view max;
  };
  for (const auto& c : {
           Case{"[server]\nport = -1\n", "server.port", "0", "65535"},
           Case{"[server]\nport = 65536\n", "server.port", "0", "65535"},
           Case{"[server]\nport = 9223372036854775807\n", "server.port", "0", "65535"},
           Case{"[server]\nthreads = 0\n", "server.threads", "1", "1024"},
           Case{"[server]\nthreads = 1025\n", "server.threads", "1", "1024"},
           Case{"[server]\nmax_body_bytes = 1023\n", "server.max_body_bytes", "1024", "67108864"},
           Case{"[server]\nmax_body_bytes = 67108865\n", "server.max_body_bytes", "1024", "67108864"},
           Case{"[cadre]\nsession_hours = 0\n", "cadre.session_hours", "1", "72"},
           Case{"[cadre]\nsession_hours = 73\n", "cadre.session_hours", "1", "72"},
           Case{"[cadre]\nlockout_failures = 2\n", "cadre.lockout_failures", "3", "20"},
           Case{"[cadre]\nlockout_failures = 21\n", "cadre.lockout_failures", "3", "20"},
           Case{"[cadre]\nlockout_minutes = 0\n", "cadre.lockout_minutes", "1", "1440"},
           Case{"[cadre]\nlockout_minutes = 1441\n", "cadre.lockout_minutes", "1", "1440"},
           Case{"[terminals]\nstale_after_seconds = 0\n", "terminals.stale_after_seconds", "10", "86400"},
           Case{"[sealing]\nthreads = -1\n", "sealing.threads", "0", "64"},
           Case{"[sealing]\nthreads = 65\n", "sealing.threads", "0", "64"},
       }) {
    INFO(c.text);
    const auto problem = problem_of(with_store(c.text));
    CHECK(problem.code == "config.out_of_range");
    CHECK(problem.arg("key") == c.key);
    CHECK(problem.arg("min") == c.min);
    CHECK(problem.arg("max") == c.max);
  }
  CHECK(config_of(with_store("[server]\nthreads = 1024\nmax_body_bytes = 67108864\n")).threads == 1024);
  CHECK(config_of(with_store("[server]\nmax_body_bytes = 1024\n")).max_body_bytes == 1024);
  CHECK(core::describe(problem_of(with_store("[server]\nport = 65536\n")), core::Lang::En) ==
        "Line 4: server.port must be from 0 to 65535");
  CHECK(core::describe(problem_of(with_store("[server]\nport = 65536\n"))) == "第 4 行：server.port 应在 0 到 65535 之间");
}

TEST_CASE("a terminal goes offline only after it went stale", "[config]") {
  SECTION("offline at or below stale blames offline") {
    const auto problem = problem_of(with_store("[terminals]\nstale_after_seconds = 300\noffline_after_seconds = 300\n"));
    CHECK(problem.code == "config.out_of_range");
    CHECK(problem.arg("key") == "terminals.offline_after_seconds");
    CHECK(problem.arg("min") == "301");
    CHECK(problem.arg("line") == "5");
  }
  SECTION("stale raised past the default offline blames stale") {
    const auto problem = problem_of(with_store("[terminals]\nstale_after_seconds = 900\n"));
    CHECK(problem.code == "config.out_of_range");
    CHECK(problem.arg("key") == "terminals.stale_after_seconds");
    CHECK(problem.arg("max") == "899");
  }
  SECTION("offline lowered below the default stale blames offline") {
    CHECK(problem_of(with_store("[terminals]\noffline_after_seconds = 60\n")).arg("key") ==
          "terminals.offline_after_seconds");
  }
  CHECK(config_of(with_store("[terminals]\nstale_after_seconds = 900\noffline_after_seconds = 901\n"))
            .offline_after_seconds == 901);
}

TEST_CASE("text values must be usable", "[config]") {
  CHECK(problem_of(with_store("[server]\nlisten = \"\"\n")).code == "config.empty");
  CHECK(problem_of("[store]\ndata_dir = \"\"\n").code == "config.empty");
  CHECK(problem_of("[store]\ndata_dir = \"/srv\\u0000/feed\"\n").code == "config.control_chars");
  CHECK(problem_of("[store]\ndata_dir = '''\n/srv\n/feed'''\n").code == "config.control_chars");
  CHECK(problem_of(with_store("[server]\nlisten = \"127.0.0.1\\n\"\n")).arg("key") == "server.listen");
}

TEST_CASE("a file that is not UTF-8 is refused with the line to look at", "[config]") {
  // "端口" in GBK, as a Windows editor set to the local code page saves it.
  const auto problem = problem_of(with_store("[server]\n# \xB6\xCB\xBF\xDA\nport = 1\n"));
  CHECK(problem.code == "config.not_utf8");
  CHECK(problem.arg("line") == "4");
  CHECK(problem_of(std::string_view("\xFF\xFE[\0s\0", 7)).code == "config.not_utf8");  // UTF-16 with a BOM
  CHECK(problem_of("[store]\ndata_dir = \"\xE4\xB8\"\n").arg("line") == "2");  // cut mid-character
  CHECK(problem_of("\xC0\xAF").code == "config.not_utf8");  // overlong '/'
  CHECK(core::describe(problem, core::Lang::En) == "Line 4 of the config file is not UTF-8; save the file as UTF-8");
}

TEST_CASE("binary garbage is refused cleanly", "[config]") {
  std::string garbage;
  std::uint32_t x = 12345;
  for (int i = 0; i < 4096; ++i) {
    x = x * 1103515245u + 12345u;
    garbage.push_back(static_cast<char>(x >> 24));
  }
  CHECK(problem_of(garbage).code == "config.not_utf8");

  // Valid UTF-8 full of control characters gets past the encoding check to toml++.
  const std::string controls("\x01\x02\x03\x00\x7F garbage", 13);
  const auto problem = problem_of(controls);
  CHECK(problem.code == "config.syntax");
  CHECK(problem.arg("line") == "1");
  // The reason is printable: no control characters reach a terminal or a JSON response.
  for (const char c : problem.arg("reason")) CHECK(static_cast<unsigned char>(c) >= 0x20);
}

TEST_CASE("files that cannot be read are refused with their path", "[config]") {
  TempDir dir("unreadable");
  SECTION("missing") {
    const auto problem = feed::load_feed_config(dir.path() / "absent.toml").problem();
    CHECK(problem.code == "config.unreadable");
    CHECK(problem.arg("path") == (dir.path() / "absent.toml").string());
    CHECK(core::describe(problem).starts_with("无法读取配置文件："));
  }
  SECTION("a folder") {
    CHECK(feed::load_feed_config(dir.path()).problem().code == "config.unreadable");
  }
  SECTION("far too large") {
    write_file(dir.path() / "huge.toml", std::string((std::size_t{1} << 20) + 1, '#'));
    const auto problem = feed::load_feed_config(dir.path() / "huge.toml").problem();
    CHECK(problem.code == "config.too_large");
    CHECK(problem.arg("max") == "1 MiB");
  }
  SECTION("an endless device") {
    CHECK(feed::load_feed_config("/dev/zero").problem().code == "config.too_large");
  }
  SECTION("empty") {
    write_file(dir.path() / "empty.toml", "");
    CHECK(feed::load_feed_config(dir.path() / "empty.toml").problem().code == "config.missing");
  }
}

TEST_CASE("[complaints]: the reply deadline, holidays and the rate per kiosk", "[config][complaints]") {
  const FeedConfig defaults;
  CHECK(defaults.complaint_reply_working_days == 5);
  CHECK(defaults.complaint_holidays.empty());
  CHECK(defaults.complaints_per_terminal_per_hour == 20);
  const auto config = config_of(with_store(R"([complaints]
reply_working_days = 10
holidays = ["2026-10-01", "2026-10-02"]
per_terminal_per_hour = 1000
)"));
  CHECK(config.complaint_reply_working_days == 10);
  REQUIRE(config.complaint_holidays.size() == 2);
  CHECK(config.complaint_holidays[1] == core::CivilDate{2026, 10, 2});
  CHECK(config.complaints_per_terminal_per_hour == 1000);
  CHECK(config_of(with_store("[complaints]\nholidays = []\n")).complaint_holidays.empty());

  struct Range {
    std::string_view text, key, min, max;
  };
  for (const auto& c : {Range{"reply_working_days = 0", "complaints.reply_working_days", "1", "30"},
                        Range{"reply_working_days = 31", "complaints.reply_working_days", "1", "30"},
                        Range{"per_terminal_per_hour = 0", "complaints.per_terminal_per_hour", "1", "1000"},
                        Range{"per_terminal_per_hour = 1001", "complaints.per_terminal_per_hour", "1", "1000"}}) {
    INFO(c.text);
    const auto problem = problem_of(with_store("[complaints]\n" + std::string(c.text) + "\n"));
    CHECK(problem.code == "config.out_of_range");
    CHECK(problem.arg("key") == c.key);
    CHECK(problem.arg("min") == c.min);
    CHECK(problem.arg("max") == c.max);
  }
  for (const auto* text : {"holidays = \"2026-10-01\"", "holidays = [20261001]", "holidays = [2026-10-01]"}) {
    INFO(text);
    const auto problem = problem_of(with_store("[complaints]\n" + std::string(text) + "\n"));
    CHECK(problem.code == "config.bad_type");
    CHECK(problem.arg("key") == "complaints.holidays");
    CHECK(problem.arg("expected") == "array of strings");
  }
  for (const auto* word : {"2026-13-01", "2026/10/01", "10月1日", "2026-10-1"}) {
    INFO(word);
    const auto problem = problem_of(with_store("[complaints]\nholidays = [\"2026-10-02\", \"" + std::string(word) + "\"]\n"));
    CHECK(problem.code == "config.bad_date");
    CHECK(problem.arg("word") == word);
    CHECK(problem.arg("key") == "complaints.holidays");
  }
  CHECK(core::describe(problem_of(with_store("[complaints]\nholidays = [\"2026-13-01\"]\n")), core::Lang::En) ==
        "Line 4: \"2026-13-01\" in complaints.holidays is not a date; write dates as \"2026-10-01\"");
  CHECK(problem_of(with_store("[complaints]\nholiday = []\n")).code == "config.unknown_key");
}
