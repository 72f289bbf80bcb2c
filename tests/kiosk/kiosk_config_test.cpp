// Tests for kiosk/kiosk_config: defaults, every [kiosk] key, and the files an administrator gets wrong.
#include <catch2/catch.hpp>

#include <fstream>

#include "core/i18n.hpp"
#include "kiosk/kiosk_config.hpp"
#include "temp_dir.hpp"

using sunlight::kiosk::KioskConfig;
using sunlight::kiosk::parse_kiosk_config;
using sunlight::kiosk::load_kiosk_config;

namespace {

const std::string kBase = R"([terminal]
kind = "kiosk"
name = "柏树村村委会一楼"
data_dir = "data"

[feed]
url = "https://feed.yubei.example.cn"
scope = "500112101201"
device_token = "slt_0000000000000000000000000000000000000000000000000000000000000000"
public_key = "ed25519:A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="
)";

sunlight::core::Parsed<KioskConfig> parse(const std::string& kiosk_section) {
  return parse_kiosk_config(kBase + "\n[kiosk]\n" + kiosk_section, "/etc/sunlight");
}

std::string code_of(const std::string& kiosk_section) {
  const auto r = parse(kiosk_section);
  return r ? std::string("ok") : r.problem().code;
}

}  // namespace

TEST_CASE("defaults when [kiosk] is left out", "[kiosk][config]") {
  const auto r = parse_kiosk_config(kBase, "/etc/sunlight");
  REQUIRE(r.ok());
  const auto& c = r.value();
  CHECK(c.sync.name == "柏树村村委会一楼");
  CHECK(c.sync.scope == "500112101201");
  CHECK(c.sync.data_dir == "/etc/sunlight/data");
  CHECK(c.language == sunlight::core::Lang::ZhCn);
  CHECK(c.idle_seconds == 60);
  CHECK(c.countdown_seconds == 10);
  CHECK(c.admin_pin.empty());
  CHECK(c.display == 0);
  CHECK(c.fullscreen);
  CHECK(c.hide_cursor);
  CHECK(c.width == 1080);
  CHECK(c.height == 1920);
  CHECK(c.lookup_failures == 5);
  CHECK(c.lookup_window_seconds == 120);
  CHECK(c.lookup_pause_seconds == 60);
}

TEST_CASE("every [kiosk] key is read", "[kiosk][config]") {
  const auto r = parse(R"(language = "en"
idle_seconds = 90
countdown_seconds = 15
admin_pin = "0042"
display = 1
fullscreen = false
hide_cursor = false
width = 1920
height = 1080
lookup_failures = 3
lookup_window_seconds = 60
lookup_pause_seconds = 30
)");
  REQUIRE(r.ok());
  const auto& c = r.value();
  CHECK(c.language == sunlight::core::Lang::En);
  CHECK(c.idle_seconds == 90);
  CHECK(c.countdown_seconds == 15);
  CHECK(c.admin_pin == "0042");  // leading zeros kept: a string
  CHECK(c.display == 1);
  CHECK_FALSE(c.fullscreen);
  CHECK_FALSE(c.hide_cursor);
  CHECK(c.width == 1920);
  CHECK(c.height == 1080);
  CHECK(c.lookup_failures == 3);
  CHECK(c.lookup_window_seconds == 60);
  CHECK(c.lookup_pause_seconds == 30);
}

TEST_CASE("values out of range are refused with the key and its line", "[kiosk][config]") {
  CHECK(code_of("idle_seconds = 9") == "config.out_of_range");
  CHECK(code_of("idle_seconds = 3601") == "config.out_of_range");
  CHECK(code_of("idle_seconds = 10") == "ok");
  CHECK(code_of("countdown_seconds = 2") == "config.out_of_range");
  CHECK(code_of("countdown_seconds = 61") == "config.out_of_range");
  CHECK(code_of("width = 100") == "config.out_of_range");
  CHECK(code_of("height = 10000") == "config.out_of_range");
  CHECK(code_of("display = -1") == "config.out_of_range");
  CHECK(code_of("lookup_failures = 0") == "config.out_of_range");
  CHECK(code_of("lookup_pause_seconds = 99999999999") == "config.out_of_range");
  const auto r = parse("idle_seconds = 5");
  REQUIRE_FALSE(r.ok());
  CHECK(r.problem().arg("key") == "kiosk.idle_seconds");
  CHECK(r.problem().arg("line") == "13");
}

TEST_CASE("values of the wrong type are refused", "[kiosk][config]") {
  CHECK(code_of(R"(idle_seconds = "60")") == "config.bad_type");
  CHECK(code_of("fullscreen = 1") == "config.bad_type");
  CHECK(code_of("width = 1080.5") == "config.bad_type");
  CHECK(code_of("admin_pin = 1234") == "config.bad_type");  // a number would lose leading zeros
  CHECK(code_of("language = []") == "config.bad_type");
}

TEST_CASE("the admin PIN is 4 to 12 digits", "[kiosk][config]") {
  CHECK(code_of(R"(admin_pin = "1234")") == "ok");
  CHECK(code_of(R"(admin_pin = "123456789012")") == "ok");
  CHECK(code_of(R"(admin_pin = "123")") == "config.bad_pin");
  CHECK(code_of(R"(admin_pin = "1234567890123")") == "config.bad_pin");
  CHECK(code_of(R"(admin_pin = "12a4")") == "config.bad_pin");
  CHECK(code_of(R"(admin_pin = "１２３４")") == "config.bad_pin");  // full-width digits
  CHECK(code_of(R"(admin_pin = "12 34")") == "config.bad_pin");
  CHECK(code_of(R"(admin_pin = "")") == "config.empty");
  const auto r = parse(R"(admin_pin = "abcd")");
  REQUIRE_FALSE(r.ok());
  CHECK(sunlight::core::describe(r.problem()).find("4 到 12 位数字") != std::string::npos);
  CHECK(sunlight::core::describe(r.problem(), sunlight::core::Lang::En).find("4 to 12 digits") != std::string::npos);
}

TEST_CASE("an unknown language is refused", "[kiosk][config]") {
  CHECK(code_of(R"(language = "fr")") == "config.bad_language");
  CHECK(code_of(R"(language = "zh")") == "ok");
  const auto r = parse(R"(language = "klingon")");
  CHECK(sunlight::core::describe(r.problem(), sunlight::core::Lang::En) ==
        "Line 13: kiosk.language must be zh-CN (Chinese) or en (English)");
}

TEST_CASE("unknown and misspelt keys stop the kiosk from starting", "[kiosk][config]") {
  CHECK(code_of("idle_second = 60") == "config.unknown_key");
  CHECK(code_of("quit_key = \"Escape\"") == "config.unknown_key");
  const auto section = parse_kiosk_config(kBase + "\n[kisok]\nidle_seconds = 60\n", "/tmp");
  REQUIRE_FALSE(section.ok());
  CHECK(section.problem().code == "config.unknown_section");
}

TEST_CASE("a display's config is not a kiosk's", "[kiosk][config]") {
  std::string text = kBase;
  text.replace(text.find("\"kiosk\""), 7, "\"display\"");
  const auto r = parse_kiosk_config(text, "/tmp");
  REQUIRE_FALSE(r.ok());
  CHECK(r.problem().code == "config.bad_kind");
}

TEST_CASE("a missing file, garbage bytes and broken TOML are clear problems", "[kiosk][config]") {
  sunlight::testing::TempDir dir("kiosk-config");
  CHECK(load_kiosk_config(dir.path() / "nope.toml").problem().code == "config.unreadable");
  CHECK(load_kiosk_config(dir.path()).problem().code == "config.unreadable");  // a folder
  {
    std::ofstream out(dir.path() / "garbage.toml", std::ios::binary);
    out << std::string("\xff\xfe\x00\x01garbage\x80\x81", 12);
  }
  const auto garbage = load_kiosk_config(dir.path() / "garbage.toml");
  REQUIRE_FALSE(garbage.ok());
  CHECK((garbage.problem().code == "config.not_utf8" || garbage.problem().code == "config.syntax"));
  CHECK(parse_kiosk_config("[kiosk\nidle = ", "/tmp").problem().code == "config.syntax");
  CHECK(parse_kiosk_config("", "/tmp").problem().code == "config.missing");
}

TEST_CASE("the shipped config/kiosk.toml loads", "[kiosk][config]") {
  const auto r = load_kiosk_config(SUNLIGHT_SOURCE_DIR "/config/kiosk.toml");
  INFO((r ? std::string() : sunlight::core::describe(r.problem())));
  REQUIRE(r.ok());
  CHECK(r.value().idle_seconds == 60);
  CHECK(r.value().admin_pin.empty());
}

TEST_CASE("the shipped [kiosk] section states the defaults, and its example PIN is valid", "[kiosk][config]") {
  std::ifstream in(SUNLIGHT_SOURCE_DIR "/config/kiosk.toml");
  std::string text, line;
  bool has_section = false;
  while (std::getline(in, line)) {
    if (line == "[kiosk]") has_section = true;
    if (line.starts_with("# admin_pin = ")) line = line.substr(2);  // the one commented setting
    text += line + "\n";
  }
  REQUIRE(has_section);
  const auto r = parse_kiosk_config(text, "/etc/sunlight");
  INFO((r ? std::string() : sunlight::core::describe(r.problem())));
  REQUIRE(r.ok());
  const KioskConfig defaults;
  CHECK(r.value().admin_pin == "20261129");
  CHECK(r.value().language == defaults.language);
  CHECK(r.value().idle_seconds == defaults.idle_seconds);
  CHECK(r.value().countdown_seconds == defaults.countdown_seconds);
  CHECK(r.value().display == defaults.display);
  CHECK(r.value().fullscreen == defaults.fullscreen);
  CHECK(r.value().hide_cursor == defaults.hide_cursor);
  CHECK(r.value().width == defaults.width);
  CHECK(r.value().height == defaults.height);
  CHECK(r.value().lookup_failures == defaults.lookup_failures);
  CHECK(r.value().lookup_window_seconds == defaults.lookup_window_seconds);
  CHECK(r.value().lookup_pause_seconds == defaults.lookup_pause_seconds);
}
