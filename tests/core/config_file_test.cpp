// Tests for core/config_file: every refusal, line numbers, the fault nearest the top, paths, hostile files.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/config_file.hpp"
#include "core/i18n.hpp"
#include "temp_dir.hpp"

using namespace sunlight;
using core::ConfigFile;
using core::Lang;
using namespace std::string_view_literals;

namespace fs = std::filesystem;

namespace {

const fs::path kBase = "/etc/sunlight";
constexpr std::string_view kExample = "config/test.toml";

constexpr std::array<core::ConfigKey, 8> kKeys{{
    {"server", "port"},
    {"server", "listen"},
    {"server", "verbose"},
    {"server", "ratio"},
    {"server", "big"},
    {"store", "data_dir"},
    {"store", "backup_dir"},
    {"limits", "threads"},
}};

// The file a text parses to; fails the test, showing why, when parsing stops.
ConfigFile file_of(std::string_view text) {
  auto parsed = ConfigFile::parse(text, kBase, kKeys, kExample);
  INFO("refused as " << core::describe(parsed.problem(), Lang::En));
  REQUIRE(parsed.ok());
  return std::move(parsed).value();
}

// The problem that stopped parsing.
core::Problem refusal_of(std::string_view text) {
  const auto parsed = ConfigFile::parse(text, kBase, kKeys, kExample);
  REQUIRE_FALSE(parsed.ok());
  return parsed.problem();
}

// The first fault recorded while parsing (layout faults only: nothing read yet).
core::Problem fault_of(std::string_view text) {
  const auto file = file_of(text);
  REQUIRE(file.first_fault().has_value());
  return *file.first_fault();
}

core::Problem first_fault(const ConfigFile& file) {
  REQUIRE(file.first_fault().has_value());
  return *file.first_fault();
}

using sunlight::testing::TempDir;

void write_file(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace

TEST_CASE("config file: values of every kind are read", "[config]") {
  auto file = file_of(R"(
[server]
port = 8480
listen = "127.0.0.1"
verbose = true
ratio = 0.25
big = 9223372036854775807

[store]
data_dir = "/srv/data"
)");
  CHECK(file.integer("server", "port", 0, 65535) == 8480);
  CHECK(file.text("server", "listen") == "127.0.0.1");
  CHECK(file.boolean("server", "verbose") == true);
  CHECK(file.number("server", "ratio", 0, 1) == 0.25);
  CHECK(file.integer("server", "big", INT64_MIN, INT64_MAX) == INT64_MAX);
  CHECK(file.path("store", "data_dir") == fs::path("/srv/data"));
  CHECK(file.has("server", "port"));
  CHECK(file.line_of("server", "port") == 3);
  CHECK(file.line_of("store", "data_dir") == 10);
  CHECK_FALSE(file.first_fault());
}

TEST_CASE("config file: absent keys read as nullopt and record nothing", "[config]") {
  auto file = file_of("[server]\n");
  CHECK_FALSE(file.has("server", "port"));
  CHECK(file.line_of("server", "port") == 0);
  CHECK_FALSE(file.integer("server", "port", 0, 1));
  CHECK_FALSE(file.number("server", "ratio", 0, 1));
  CHECK_FALSE(file.boolean("server", "verbose"));
  CHECK_FALSE(file.text("server", "listen"));
  CHECK_FALSE(file.path("store", "data_dir"));  // the whole section is absent
  CHECK_FALSE(file.first_fault());
}

TEST_CASE("config file: TOML's other spellings of the same layout are accepted", "[config]") {
  auto inline_table = file_of("store = { data_dir = '/srv' }\nserver.port = 81\n");
  CHECK(inline_table.text("store", "data_dir") == "/srv");
  CHECK(inline_table.integer("server", "port", 0, 100) == 81);
  CHECK(inline_table.line_of("server", "port") == 2);
  CHECK_FALSE(inline_table.first_fault());

  auto notepad = file_of("\xEF\xBB\xBF[server]\r\nport = 82\r\n");
  CHECK(notepad.integer("server", "port", 0, 100) == 82);
}

TEST_CASE("config file: a key the program did not list is never found", "[config]") {
  auto file = file_of("[server]\nport = 1\n");
  // The program asks for a key it forgot to list: it reads nothing rather than a key that the
  // layout check would refuse in any file that held it.
  CHECK_FALSE(file.has("server", "prot"));
  CHECK_FALSE(file.integer("server", "prot", 0, 10));
  CHECK(file.line_of("server", "prot") == 0);
  CHECK_FALSE(file.first_fault());
}

TEST_CASE("config file: unknown sections and keys are faults naming the example file", "[config]") {
  SECTION("a misspelt key") {
    const auto problem = fault_of("[server]\nprot = 8480\n");
    CHECK(problem.code == "config.unknown_key");
    CHECK(problem.arg("key") == "server.prot");
    CHECK(problem.arg("line") == "2");
    CHECK(problem.arg("example") == kExample);
    CHECK(core::describe(problem, Lang::En) ==
          "Line 2: unknown setting server.prot; check the spelling against config/test.toml");
    CHECK(core::describe(problem) == "第 2 行：未知的配置项 server.prot，请对照 config/test.toml 检查拼写");
  }
  SECTION("a misspelt section") {
    const auto problem = fault_of("\n[sever]\nport = 8480\n");
    CHECK(problem.code == "config.unknown_section");
    CHECK(problem.arg("key") == "sever");
    CHECK(problem.arg("line") == "2");
    CHECK(core::describe(problem, Lang::En) ==
          "Line 2: unknown section [sever]; check the spelling against config/test.toml");
  }
  SECTION("a sub-table of a known section") {
    const auto problem = fault_of("[server.tls]\ncert = \"x\"\n");
    CHECK(problem.code == "config.unknown_key");
    CHECK(problem.arg("key") == "server.tls");
  }
  SECTION("an unknown key above every section") {
    const auto problem = fault_of("colour = true\n[server]\n");
    CHECK(problem.code == "config.unknown_key");
    CHECK(problem.arg("key") == "colour");
    CHECK(problem.arg("line") == "1");
  }
  SECTION("a known key above every section says where it belongs") {
    const auto problem = fault_of("\n\ndata_dir = '/srv'\n[server]\n");
    CHECK(problem.code == "config.outside_section");
    CHECK(problem.arg("key") == "data_dir");
    CHECK(problem.arg("section") == "store");
    CHECK(problem.arg("line") == "3");
    CHECK(core::describe(problem, Lang::En) == "Line 3: data_dir is above every section; move it under [store]");
  }
  SECTION("a known section that is not a table") {
    for (const std::string_view text : {"server = 8480\n", "[[server]]\nport = 1\n", "server = [1, 2]\n"}) {
      INFO(text);
      const auto problem = fault_of(text);
      CHECK(problem.code == "config.bad_type");
      CHECK(problem.arg("key") == "server");
      CHECK(problem.arg("expected") == "table");
      CHECK(problem.arg("line") == "1");
    }
    // Its keys are not there to read.
    auto file = file_of("server = 8480\n");
    CHECK_FALSE(file.has("server", "port"));
  }
  SECTION("odd bytes in a key are shown printably, and long keys cut short") {
    CHECK(fault_of("[server]\n\"a\\u0001b\\u007F\" = 1\n").arg("key") == "server.a\uFFFDb\uFFFD");
    const auto problem = fault_of("[server]\n\"" + std::string(5000, 'k') + "\" = 1\n");
    CHECK(problem.arg("key").size() < 300);
    CHECK(problem.arg("key").ends_with("…"));
  }
}

TEST_CASE("config file: integers check type and range", "[config]") {
  SECTION("wrong types name the type expected") {
    for (const std::string_view value : {"\"8\"", "8.0", "true", "[8]", "{ a = 8 }", "1979-05-27", "07:32:00"}) {
      INFO(value);
      auto file = file_of("[server]\nport = " + std::string(value) + "\n");
      CHECK_FALSE(file.integer("server", "port", 0, 65535));
      const auto problem = first_fault(file);
      CHECK(problem.code == "config.bad_type");
      CHECK(problem.arg("key") == "server.port");
      CHECK(problem.arg("expected") == "integer");
      CHECK(problem.arg("line") == "2");
    }
  }
  SECTION("out of range says the range, edges included") {
    auto file = file_of("[server]\nport = 65536\n");
    CHECK_FALSE(file.integer("server", "port", 0, 65535));
    const auto problem = first_fault(file);
    CHECK(problem.code == "config.out_of_range");
    CHECK(problem.arg("min") == "0");
    CHECK(problem.arg("max") == "65535");
    CHECK(core::describe(problem, Lang::En) == "Line 2: server.port must be from 0 to 65535");
    CHECK(file_of("[server]\nport = 65535\n").integer("server", "port", 0, 65535) == 65535);
    CHECK(file_of("[server]\nport = 0\n").integer("server", "port", 0, 65535) == 0);
    CHECK(file_of("[server]\nport = 0x2120\n").integer("server", "port", 0, 65535) == 8480);
    CHECK(file_of("[server]\nport = 1_024\n").integer("server", "port", 0, 65535) == 1024);
  }
  SECTION("the largest integers TOML holds are only out of range; larger ones are not TOML") {
    auto top = file_of("[server]\nport = 9223372036854775807\nbig = -9223372036854775808\n");
    CHECK_FALSE(top.integer("server", "port", 0, 65535));
    CHECK(first_fault(top).code == "config.out_of_range");
    CHECK(top.integer("server", "big", INT64_MIN, 0) == INT64_MIN);
    CHECK(refusal_of("[server]\nport = 9223372036854775808\n").code == "config.syntax");
    CHECK(refusal_of("[server]\nport = 99999999999999999999999999999\n").arg("line") == "2");
  }
}

TEST_CASE("config file: numbers take integers and floats, never NaN or infinity", "[config]") {
  auto file = file_of("[server]\nratio = 1\n[limits]\nthreads = 1.5e0\n");
  CHECK(file.number("server", "ratio", 0, 2) == 1.0);
  CHECK(file.number("limits", "threads", 0, 2) == 1.5);
  CHECK_FALSE(file.first_fault());

  for (const std::string_view value : {"inf", "+inf", "-inf", "nan", "-nan", "+nan", "2.5", "-0.1"}) {
    INFO(value);
    auto bad = file_of("[server]\nratio = " + std::string(value) + "\n");
    CHECK_FALSE(bad.number("server", "ratio", 0, 2));
    const auto problem = first_fault(bad);
    CHECK(problem.code == "config.out_of_range");
    CHECK(problem.arg("key") == "server.ratio");
    CHECK(problem.arg("line") == "2");
  }
  auto edges = file_of("[server]\nratio = 2.0\n");
  CHECK(edges.number("server", "ratio", 0.5, 2) == 2.0);

  // The range reads as written, not as 0.500000.
  auto low = file_of("[server]\nratio = 0.25\n");
  CHECK_FALSE(low.number("server", "ratio", 0.5, 10));
  CHECK(first_fault(low).arg("min") == "0.5");
  CHECK(first_fault(low).arg("max") == "10");

  for (const std::string_view value : {"\"0.5\"", "true", "[0.5]", "1979-05-27T07:32:00Z"}) {
    INFO(value);
    auto wrong = file_of("[server]\nratio = " + std::string(value) + "\n");
    CHECK_FALSE(wrong.number("server", "ratio", 0, 1));
    CHECK(first_fault(wrong).code == "config.bad_type");
    CHECK(first_fault(wrong).arg("expected") == "number");
  }
  // Beyond a double is not TOML.
  CHECK(refusal_of("[server]\nratio = 1e400\n").code == "config.syntax");
}

TEST_CASE("config file: booleans are TOML's true and false only", "[config]") {
  CHECK(file_of("[server]\nverbose = false\n").boolean("server", "verbose") == false);
  for (const std::string_view value : {"1", "\"true\"", "\"yes\"", "0.0"}) {
    INFO(value);
    auto file = file_of("[server]\nverbose = " + std::string(value) + "\n");
    CHECK_FALSE(file.boolean("server", "verbose"));
    const auto problem = first_fault(file);
    CHECK(problem.code == "config.bad_type");
    CHECK(problem.arg("expected") == "boolean");
    CHECK(core::describe(problem, Lang::En) == "Line 2: server.verbose must be a TOML boolean");
  }
  CHECK(refusal_of("[server]\nverbose = True\n").code == "config.syntax");
}

TEST_CASE("config file: text must be usable", "[config]") {
  const auto fault_reading = [](std::string_view text) {
    auto file = file_of(text);
    CHECK_FALSE(file.text("server", "listen"));
    return first_fault(file);
  };
  CHECK(fault_reading("[server]\nlisten = 127\n").arg("expected") == "string");
  CHECK(fault_reading("[server]\nlisten = \"\"\n").code == "config.empty");
  CHECK(fault_reading("[server]\nlisten = ''\n").code == "config.empty");
  CHECK(fault_reading("[server]\nlisten = \"a\\u0000b\"\n").code == "config.control_chars");
  CHECK(fault_reading("[server]\nlisten = \"a\\u007Fb\"\n").code == "config.control_chars");
  const auto multi_line = fault_reading("[server]\nlisten = '''\na\nb'''\n");
  CHECK(multi_line.code == "config.control_chars");
  CHECK(multi_line.arg("line") == "2");
  CHECK(core::describe(multi_line, Lang::En) == "Line 2: server.listen contains control characters or line breaks");
  CHECK(file_of("[server]\nlisten = \"村委会 ·  大厅\"\n").text("server", "listen") == "村委会 ·  大厅");
}

TEST_CASE("config file: paths resolve against the file's folder", "[config]") {
  const auto path_of = [](std::string_view written) {
    auto file = file_of("[store]\ndata_dir = \"" + std::string(written) + "\"\n");
    return file.path("store", "data_dir");
  };
  CHECK(path_of("/var/lib/sunlight") == fs::path("/var/lib/sunlight"));
  CHECK(path_of("/var//lib/./x/../sunlight") == fs::path("/var/lib/sunlight"));
  CHECK(path_of("data") == fs::path("/etc/sunlight/data"));
  CHECK(path_of("./data/") == fs::path("/etc/sunlight/data/"));
  CHECK(path_of("../lib/feed") == fs::path("/etc/lib/feed"));
  CHECK(path_of("数据") == fs::path("/etc/sunlight/数据"));
  CHECK(file_of("").base_dir() == kBase);

  // An empty or broken path is a text fault, not a path to the folder itself.
  auto empty = file_of("[store]\ndata_dir = \"\"\n");
  CHECK_FALSE(empty.path("store", "data_dir"));
  CHECK(first_fault(empty).code == "config.empty");

  TempDir dir("config-file-paths");
  write_file(dir.path() / "app.toml", "[store]\ndata_dir = \"state\"\nbackup_dir = \"../backups\"\n");
  auto loaded = ConfigFile::load(dir.path() / "app.toml", kKeys, kExample);
  REQUIRE(loaded.ok());
  auto file = std::move(loaded).value();
  CHECK(file.base_dir() == dir.path());
  CHECK(file.path("store", "data_dir") == dir.path() / "state");
  CHECK(file.path("store", "backup_dir") == (dir.path().parent_path() / "backups"));
  // A relative file name still gives an absolute folder.
  auto relative = ConfigFile::load(fs::relative(dir.path() / "app.toml"), kKeys, kExample);
  REQUIRE(relative.ok());
  CHECK(relative->base_dir().is_absolute());
  CHECK(fs::equivalent(relative->base_dir(), dir.path()));
}

TEST_CASE("config file: require records a missing key, ranked after every other fault", "[config]") {
  auto file = file_of("[server]\nport = 1\n");
  file.require("store", "data_dir");
  file.require("server", "port");
  auto problem = first_fault(file);
  CHECK(problem.code == "config.missing");
  CHECK(problem.arg("key") == "store.data_dir");
  CHECK(problem.arg("line").empty());
  CHECK(core::describe(problem, Lang::En) == "Required setting missing: store.data_dir");
  CHECK(core::describe(problem) == "缺少必填的配置项：store.data_dir");

  // A fault far down the file still comes before a missing key, whichever was recorded first.
  file.require("limits", "threads");
  CHECK(first_fault(file).arg("key") == "store.data_dir");  // ties: the first recorded
  auto later = file_of("\n\n\n\n[server]\nport = 70000\n");
  later.require("store", "data_dir");
  CHECK_FALSE(later.integer("server", "port", 0, 65535));
  CHECK(first_fault(later).code == "config.out_of_range");

  // Present but of the wrong type is bad_type, not missing.
  auto wrong = file_of("[store]\ndata_dir = 42\n");
  wrong.require("store", "data_dir");
  CHECK_FALSE(wrong.path("store", "data_dir"));
  CHECK(first_fault(wrong).code == "config.bad_type");
}

TEST_CASE("config file: the fault nearest the top is the one reported", "[config]") {
  auto file = file_of("[server]\nport = 70000\nlisten = ''\n[limits]\ntreads = 1\n[store]\ndata_dir = 1\n");
  // The layout fault on line 5 was recorded first; the later reads find faults above it.
  CHECK(first_fault(file).code == "config.unknown_key");
  CHECK_FALSE(file.path("store", "data_dir"));
  CHECK(first_fault(file).arg("line") == "5");
  CHECK_FALSE(file.text("server", "listen"));
  CHECK(first_fault(file).code == "config.empty");
  CHECK_FALSE(file.integer("server", "port", 0, 65535));
  CHECK(first_fault(file).code == "config.out_of_range");
  CHECK(first_fault(file).arg("line") == "2");

  // On one line, the first recorded wins: the layout fault, checked before any read.
  auto one_line = file_of("server = { port = -1, colour = 1 }\n");
  CHECK_FALSE(one_line.integer("server", "port", 0, 10));
  CHECK(first_fault(one_line).code == "config.unknown_key");
}

TEST_CASE("config file: rules across keys and the program's own faults", "[config]") {
  SECTION("out_of_range blames the key named, at its line") {
    auto file = file_of("[limits]\n\n\nthreads = 8\n");
    file.out_of_range("limits", "threads", 9, 16);
    const auto problem = first_fault(file);
    CHECK(problem.code == "config.out_of_range");
    CHECK(problem.arg("key") == "limits.threads");
    CHECK(problem.arg("min") == "9");
    CHECK(problem.arg("max") == "16");
    CHECK(problem.arg("line") == "4");
  }
  SECTION("a program's fault gets the line it gives, once") {
    auto file = file_of("[server]\nlisten = 'x'\n");
    file.fault(core::Problem{"config.bad_value", {{"key", "server.listen"}}}, file.line_of("server", "listen"));
    auto problem = first_fault(file);
    CHECK(problem.code == "config.bad_value");
    CHECK(problem.arg("line") == "2");
    CHECK(problem.args.size() == 2);

    auto already = file_of("[server]\nlisten = 'x'\n");
    already.fault(core::Problem{"config.bad_value", {{"key", "server.listen"}, {"line", "2"}}}, 2);
    CHECK(first_fault(already).args.size() == 2);
  }
  SECTION("a program's fault without a line ranks with missing keys") {
    auto file = file_of("[server]\nport = 1\n");
    file.fault(core::Problem{"config.bad_value", {{"key", "x"}}}, 0);
    file.require("store", "data_dir");
    CHECK(first_fault(file).code == "config.bad_value");
    CHECK(first_fault(file).arg("line").empty());
    CHECK_FALSE(file.integer("server", "port", 5, 6));
    CHECK(first_fault(file).code == "config.out_of_range");
  }
}

TEST_CASE("config file: a file moves with its faults", "[config]") {
  auto file = file_of("[server]\nprot = 1\nport = 2\n");
  ConfigFile moved(std::move(file));
  CHECK(moved.integer("server", "port", 0, 10) == 2);
  CHECK(first_fault(moved).code == "config.unknown_key");
  auto other = file_of("");
  other = std::move(moved);
  CHECK(first_fault(other).arg("key") == "server.prot");
}

TEST_CASE("config file: syntax errors say where and why", "[config]") {
  const auto problem = refusal_of("[server]\nport = \n");
  CHECK(problem.code == "config.syntax");
  CHECK(problem.arg("line") == "2");
  CHECK(problem.arg("column") == "8");
  CHECK_FALSE(problem.arg("reason").empty());
  CHECK(core::describe(problem, Lang::En).starts_with("Line 2, column 8 of the config file is not valid TOML: "));
  CHECK(refusal_of("[server\n").code == "config.syntax");
  CHECK(refusal_of("[server]\nport = 1\nport = 2\n").arg("line") == "3");  // defined twice
  CHECK(refusal_of("[store]\ndata_dir = /srv\n").code == "config.syntax");  // unquoted
}

TEST_CASE("config file: text that is not UTF-8 names the line to look at", "[config]") {
  // "端口" in GBK, as a Windows editor set to the local code page saves it.
  const auto problem = refusal_of("[server]\nport = 1\n# \xB6\xCB\xBF\xDA\n");
  CHECK(problem.code == "config.not_utf8");
  CHECK(problem.arg("line") == "3");
  CHECK(core::describe(problem, Lang::En) == "Line 3 of the config file is not UTF-8; save the file as UTF-8");
  CHECK(core::describe(problem) == "配置文件第 3 行不是 UTF-8 编码，请将文件另存为 UTF-8");
  CHECK(refusal_of("\xFF\xFE[\0s\0"sv).code == "config.not_utf8");  // UTF-16
  CHECK(refusal_of("[store]\ndata_dir = \"\xE4\xB8\"\n").arg("line") == "2");  // cut mid-character
  CHECK(refusal_of("\xC0\xAF").code == "config.not_utf8");                        // overlong '/'
  CHECK(refusal_of("\xED\xA0\x80").code == "config.not_utf8");                    // a surrogate
}

TEST_CASE("config file: NUL bytes and control characters are refused cleanly", "[config]") {
  for (const std::string_view text : {"[server]\nport = 1\0\n"sv, "[server]\0\nport = 1\n"sv, "\0\0\0\0"sv,
                                      "\x01\x02\x1B[31m\x7F"sv}) {
    INFO(text.size());
    const auto problem = refusal_of(text);
    CHECK(problem.code == "config.syntax");
    for (const char c : problem.arg("reason")) CHECK(static_cast<unsigned char>(c) >= 0x20);
  }
  // A NUL in a comment is not allowed by TOML either.
  CHECK(refusal_of("# a\0b\n"sv).code == "config.syntax");
}

TEST_CASE("config file: keys nested past any real config are refused before toml++ recurses", "[config]") {
  const auto header = [](std::size_t dots) {
    std::string text = "[a";
    for (std::size_t i = 0; i < dots; ++i) text += ".a";
    return text + "]\n";
  };
  SECTION("deep enough to overflow the stack, in well under 1 MiB") {
    const auto problem = refusal_of("[server]\nport = 1\n" + header(400'000));
    CHECK(problem.code == "config.too_deep");
    CHECK(problem.arg("line") == "3");
    CHECK(core::describe(problem, Lang::En) ==
          "Line 3 of the config file nests keys far deeper than any setting; is it the right file?");
    CHECK(core::describe(problem) == "配置文件第 3 行的配置项层级过深，不像正常的配置，请确认是否选错了文件");
  }
  SECTION("dotted keys, quoted parts and array tables count the same") {
    std::string dotted = "a";
    for (int i = 0; i < 100'000; ++i) dotted += ".\"b\"";
    CHECK(refusal_of(dotted + " = 1\n").code == "config.too_deep");
    CHECK(refusal_of("x = { " + dotted + " = 1 }\n").code == "config.too_deep");
    std::string array_table = "[[a";
    for (int i = 0; i < 100'000; ++i) array_table += ".a";
    CHECK(refusal_of(array_table + "]]\n").code == "config.too_deep");
  }
  SECTION("64 levels are still parsed; the layout check refuses them as unknown") {
    CHECK(fault_of(header(63)).code == "config.unknown_section");
    CHECK(refusal_of(header(65)).code == "config.too_deep");
  }
  SECTION("dots in strings and comments do not count") {
    const std::string dots(100'000, '.');
    auto file = file_of("# " + dots + "\n[server]\nlisten = \"" + dots + "\" # " + dots + "\n");
    CHECK(file.text("server", "listen")->size() == dots.size());
    CHECK(file_of("[server]\nlisten = '" + dots + "'\n").has("server", "listen"));
    CHECK(file_of("[server]\nlisten = '''" + dots + "\n" + dots + "'''\n").has("server", "listen"));
    // Escaped quotes and a string ending in quotes do not end it early.
    CHECK(file_of("[server]\nlisten = \"\\\"" + dots + "\"\n").has("server", "listen"));
    CHECK(file_of("[server]\nlisten = \"\"\"x\\\"\"\"" + dots + "\n" + dots + "\"\"\"\"\"\n").has("server", "listen"));
    CHECK(file_of("[server]\nlisten = \"\"\"\\\n" + dots + "\"\"\"\n").has("server", "listen"));
  }
  SECTION("line numbers count the lines inside multi-line strings") {
    const auto problem = refusal_of("[server]\nlisten = '''\n\n'''\n" + header(1000));
    CHECK(problem.arg("line") == "5");
  }
  SECTION("nested arrays and inline tables stop at toml++'s own limit") {
    std::string arrays = "x = ";
    for (int i = 0; i < 100'000; ++i) arrays += '[';
    CHECK(refusal_of(arrays).code == "config.syntax");
    std::string tables = "x = ";
    for (int i = 0; i < 100'000; ++i) tables += "{a=";
    CHECK(refusal_of(tables).code == "config.syntax");
  }
}

TEST_CASE("config file: files that cannot be read are refused with their path", "[config]") {
  TempDir dir("config-file-load");
  SECTION("missing") {
    const auto problem = ConfigFile::load(dir.path() / "absent.toml", kKeys, kExample).problem();
    CHECK(problem.code == "config.unreadable");
    CHECK(problem.arg("path") == (dir.path() / "absent.toml").string());
    CHECK(core::describe(problem, Lang::En) == "Cannot read the config file: " + (dir.path() / "absent.toml").string());
  }
  SECTION("a folder") {
    CHECK(ConfigFile::load(dir.path(), kKeys, kExample).problem().code == "config.unreadable");
  }
  SECTION("a path with control characters is shown printably") {
    const auto problem = ConfigFile::load(dir.path() / "a\x1b[31mb", kKeys, kExample).problem();
    CHECK(problem.code == "config.unreadable");
    CHECK(problem.arg("path").find('\x1b') == std::string::npos);
  }
  SECTION("2 MiB") {
    write_file(dir.path() / "huge.toml", std::string(std::size_t{2} << 20, '#'));
    const auto problem = ConfigFile::load(dir.path() / "huge.toml", kKeys, kExample).problem();
    CHECK(problem.code == "config.too_large");
    CHECK(problem.arg("max") == "1 MiB");
  }
  SECTION("exactly 1 MiB is read") {
    write_file(dir.path() / "full.toml", "[server]\nport = 1\n#" + std::string((std::size_t{1} << 20) - 19, '#'));
    auto loaded = ConfigFile::load(dir.path() / "full.toml", kKeys, kExample);
    INFO(core::describe(loaded.problem(), Lang::En));
    REQUIRE(loaded.ok());
  }
  SECTION("an endless device") {
    CHECK(ConfigFile::load("/dev/zero", kKeys, kExample).problem().code == "config.too_large");
  }
  SECTION("NUL bytes and GBK in a file") {
    write_file(dir.path() / "nul.toml", "[server]\nport = 1\0\0\n"sv);
    CHECK(ConfigFile::load(dir.path() / "nul.toml", kKeys, kExample).problem().code == "config.syntax");
    write_file(dir.path() / "gbk.toml", "[server]\nlisten = \"\xB4\xE5\xCE\xAF\xBB\xE1\"\n");
    const auto problem = ConfigFile::load(dir.path() / "gbk.toml", kKeys, kExample).problem();
    CHECK(problem.code == "config.not_utf8");
    CHECK(problem.arg("line") == "2");
  }
  SECTION("empty is a file with nothing in it") {
    write_file(dir.path() / "empty.toml", "");
    auto loaded = ConfigFile::load(dir.path() / "empty.toml", kKeys, kExample);
    REQUIRE(loaded.ok());
    CHECK_FALSE(loaded->first_fault());
  }
}
