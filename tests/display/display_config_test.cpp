// Tests for display/display_config: defaults, every [display] key, the scenes list, and the files an administrator gets wrong.
#include <catch2/catch.hpp>

#include <fstream>

#include "core/i18n.hpp"
#include "display/display_config.hpp"
#include "temp_dir.hpp"

using sunlight::display::DisplayConfig;
using sunlight::display::load_display_config;
using sunlight::display::parse_display_config;
using sunlight::display::Scene;
using sunlight::display::SceneSlot;

namespace {

const std::string kBase = R"([terminal]
kind = "display"
name = "区便民服务中心大厅"
data_dir = "data"

[feed]
url = "https://feed.yubei.example.cn"
scope = "500112"
device_token = "slt_0000000000000000000000000000000000000000000000000000000000000000"
public_key = "ed25519:A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="
)";
// [display]'s first key is on this line of kBase + "\n[display]\n" + section.
constexpr const char* kFirstLine = "13";

sunlight::core::Parsed<DisplayConfig> parse(const std::string& display_section) {
  return parse_display_config(kBase + "\n[display]\n" + display_section, "/etc/sunlight");
}

std::string code_of(const std::string& display_section) {
  const auto r = parse(display_section);
  return r ? std::string("ok") : r.problem().code;
}

std::vector<SceneSlot> scenes_of(const std::string& value) {
  const auto r = parse("scenes = \"" + value + "\"\n");
  INFO(value);
  REQUIRE(r.ok());
  return r.value().scenes;
}

}  // namespace

TEST_CASE("defaults when [display] is left out", "[display][config]") {
  const auto r = parse_display_config(kBase, "/etc/sunlight");
  REQUIRE(r.ok());
  const auto& c = r.value();
  CHECK(c.sync.kind == sunlight::sync::TerminalKind::Display);
  CHECK(c.sync.name == "区便民服务中心大厅");
  CHECK(c.sync.scope == "500112");
  CHECK(c.sync.data_dir == "/etc/sunlight/data");
  CHECK(c.sync.poll_interval == std::chrono::seconds(2));  // a display's own default
  const std::vector<SceneSlot> expected{{Scene::Overview, 30}, {Scene::Stages, 40}, {Scene::Towns, 30},
                                        {Scene::Trend, 20}, {Scene::Notices, 30}};
  CHECK(c.scenes == expected);
  CHECK(c.scene_seconds == 20);
  CHECK(c.transition_ms == 800);
  CHECK(c.late_days == 30);
  CHECK(c.trend_months == 12);
  CHECK(c.title == "惠民资金阳光公开");
  CHECK(c.display == 0);
  CHECK(c.fullscreen);
  CHECK(c.hide_cursor);
  CHECK(c.width == 1920);
  CHECK(c.height == 1080);
}

TEST_CASE("every [display] key is read", "[display][config]") {
  const auto r = parse(R"(scenes = "notices:15 overview"
scene_seconds = 45
transition_ms = 0
late_days = 10
trend_months = 24
title = "渝北区惠民资金公开"
display = 2
fullscreen = false
hide_cursor = false
width = 3840
height = 2160
)");
  REQUIRE(r.ok());
  const auto& c = r.value();
  const std::vector<SceneSlot> expected{{Scene::Notices, 15}, {Scene::Overview, 45}};
  CHECK(c.scenes == expected);
  CHECK(c.scene_seconds == 45);
  CHECK(c.transition_ms == 0);
  CHECK(c.late_days == 10);
  CHECK(c.trend_months == 24);
  CHECK(c.title == "渝北区惠民资金公开");
  CHECK(c.display == 2);
  CHECK_FALSE(c.fullscreen);
  CHECK_FALSE(c.hide_cursor);
  CHECK(c.width == 3840);
  CHECK(c.height == 2160);
}

TEST_CASE("the scenes list: words, seconds, separators", "[display][config]") {
  using S = std::vector<SceneSlot>;
  CHECK(scenes_of("overview") == S{{Scene::Overview, 20}});
  CHECK(scenes_of("overview:30 stages:40 towns:20 trend:20 notices:30") ==
        S{{Scene::Overview, 30}, {Scene::Stages, 40}, {Scene::Towns, 20}, {Scene::Trend, 20}, {Scene::Notices, 30}});
  CHECK(scenes_of("overview,stages , towns,,trend") ==
        S{{Scene::Overview, 20}, {Scene::Stages, 20}, {Scene::Towns, 20}, {Scene::Trend, 20}});
  CHECK(scenes_of("  overview:5\\ttrend:600  ") == S{{Scene::Overview, 5}, {Scene::Trend, 600}});
  CHECK(scenes_of("overview overview:10") == S{{Scene::Overview, 20}, {Scene::Overview, 10}});  // twice is fine
  CHECK(scenes_of("Overview:30，NOTICES") == S{{Scene::Overview, 30}, {Scene::Notices, 20}});  // an input method's comma
  CHECK(scenes_of("overview：30　stages") == S{{Scene::Overview, 30}, {Scene::Stages, 20}});  // full-width colon, space
  // scene_seconds applies wherever it stands in the section.
  const auto r = parse("scenes = \"overview towns:7\"\nscene_seconds = 9\n");
  REQUIRE(r.ok());
  CHECK(r.value().scenes == S{{Scene::Overview, 9}, {Scene::Towns, 7}});
}

TEST_CASE("a word that is no scene, or bad seconds, is config.bad_scenes with the word and line", "[display][config]") {
  for (const std::string bad : {"overveiw", "overview:", "overview:4", "overview:601", "overview:-5", "overview:3x",
                                "overview:30:30", "overview:99999999999999999999", ":30", "总览", "overview:1e2",
                                "overview stages:0"}) {
    INFO(bad);
    CHECK(code_of("scenes = \"" + bad + "\"") == "config.bad_scenes");
  }
  const auto r = parse("scenes = \"overview:30 stagse:40 towns\"\n");
  REQUIRE_FALSE(r.ok());
  CHECK(r.problem().code == "config.bad_scenes");
  CHECK(r.problem().arg("key") == "display.scenes");
  CHECK(r.problem().arg("line") == kFirstLine);
  CHECK(r.problem().arg("word") == "stagse:40");
  CHECK(sunlight::core::describe(r.problem()) ==
        "第 13 行：display.scenes 中的“stagse:40”不是可用的场景；场景写作 overview、stages、towns、trend、notices，"
        "可加 :秒数（5 到 600），用空格或逗号分开，例如 \"overview:30 stages:40 notices\"");
  CHECK(sunlight::core::describe(r.problem(), sunlight::core::Lang::En).starts_with("Line 13: \"stagse:40\" in display.scenes is not a scene"));
  // A very long word is shortened in the message, not echoed whole.
  const auto long_word = parse("scenes = \"" + std::string(5000, 'x') + "\"\n");
  REQUIRE_FALSE(long_word.ok());
  CHECK(long_word.problem().arg("word").size() < 200);
}

TEST_CASE("an empty scenes list is refused", "[display][config]") {
  CHECK(code_of(R"(scenes = "")") == "config.empty");
  CHECK(code_of(R"(scenes = " , ,, ")") == "config.empty");
  CHECK(code_of(R"(scenes = "overview\n")") == "config.control_chars");
  CHECK(code_of("scenes = 30") == "config.bad_type");
  CHECK(code_of(R"(scenes = ["overview"])") == "config.bad_type");
  std::string many;
  for (int i = 0; i < 101; ++i) many += "trend ";
  CHECK(code_of("scenes = \"" + many + "\"") == "config.out_of_range");
}

TEST_CASE("[display] values out of range are refused with the key and its line", "[display][config]") {
  CHECK(code_of("scene_seconds = 4") == "config.out_of_range");
  CHECK(code_of("scene_seconds = 601") == "config.out_of_range");
  CHECK(code_of("scene_seconds = 5") == "ok");
  CHECK(code_of("transition_ms = -1") == "config.out_of_range");
  CHECK(code_of("transition_ms = 5001") == "config.out_of_range");
  CHECK(code_of("late_days = 0") == "config.out_of_range");
  CHECK(code_of("late_days = 366") == "config.out_of_range");
  CHECK(code_of("trend_months = 11") == "config.out_of_range");
  CHECK(code_of("trend_months = 25") == "config.out_of_range");
  CHECK(code_of("display = 16") == "config.out_of_range");
  CHECK(code_of("width = 319") == "config.out_of_range");
  CHECK(code_of("height = 7681") == "config.out_of_range");
  CHECK(code_of("late_days = 99999999999999") == "config.out_of_range");
  const auto r = parse("late_days = 0");
  REQUIRE_FALSE(r.ok());
  CHECK(r.problem().arg("key") == "display.late_days");
  CHECK(r.problem().arg("line") == kFirstLine);
}

TEST_CASE("[display] values of the wrong type are refused", "[display][config]") {
  CHECK(code_of(R"(scene_seconds = "20")") == "config.bad_type");
  CHECK(code_of("transition_ms = 0.5") == "config.bad_type");
  CHECK(code_of("fullscreen = \"yes\"") == "config.bad_type");
  CHECK(code_of("title = 42") == "config.bad_type");
}

TEST_CASE("the title: one to forty characters", "[display][config]") {
  CHECK(code_of(R"(title = "")") == "config.empty");
  CHECK(code_of("title = \"" + std::string(40, 'A') + "\"") == "ok");
  std::string forty_cjk;
  for (int i = 0; i < 40; ++i) forty_cjk += "惠";
  CHECK(code_of("title = \"" + forty_cjk + "\"") == "ok");  // characters, not bytes
  CHECK(code_of("title = \"" + forty_cjk + "民\"") == "config.out_of_range");
  CHECK(code_of("title = \"a\\u0007b\"") == "config.control_chars");
}

TEST_CASE("unknown and misspelt [display] keys stop the screen from starting", "[display][config]") {
  CHECK(code_of("scene_second = 20") == "config.unknown_key");
  CHECK(code_of("language = \"en\"") == "config.unknown_key");
  const auto section = parse_display_config(kBase + "\n[dispaly]\nwidth = 1920\n", "/tmp");
  REQUIRE_FALSE(section.ok());
  CHECK(section.problem().code == "config.unknown_section");
  // A kiosk's section in a display's file is unknown here.
  CHECK(parse_display_config(kBase + "\n[kiosk]\nidle_seconds = 60\n", "/tmp").problem().code ==
        "config.unknown_section");
}

TEST_CASE("a kiosk's config is not a display's", "[display][config]") {
  std::string text = kBase;
  text.replace(text.find("\"display\""), 9, "\"kiosk\"");
  const auto r = parse_display_config(text, "/tmp");
  REQUIRE_FALSE(r.ok());
  CHECK(r.problem().code == "config.bad_kind");
  CHECK(r.problem().arg("line") == "2");
  // kind may be left out.
  std::string without = kBase;
  without.erase(without.find("kind = "), std::string("kind = \"display\"\n").size());
  CHECK(parse_display_config(without, "/tmp").ok());
}

TEST_CASE("the fault nearest the top is the one reported", "[display][config]") {
  const auto r = parse("late_days = 0\nscenes = \"nope\"\n");
  REQUIRE_FALSE(r.ok());
  CHECK(r.problem().code == "config.out_of_range");
  const auto s = parse("scenes = \"nope\"\nlate_days = 0\n");
  REQUIRE_FALSE(s.ok());
  CHECK(s.problem().code == "config.bad_scenes");
}

TEST_CASE("a missing display file, garbage bytes and broken TOML are clear problems", "[display][config]") {
  sunlight::testing::TempDir dir("display-config");
  CHECK(load_display_config(dir.path() / "nope.toml").problem().code == "config.unreadable");
  CHECK(load_display_config(dir.path()).problem().code == "config.unreadable");
  {
    std::ofstream out(dir.path() / "garbage.toml", std::ios::binary);
    out << std::string("\xff\xfe\x00\x01garbage\x80\x81", 12);
  }
  const auto garbage = load_display_config(dir.path() / "garbage.toml");
  REQUIRE_FALSE(garbage.ok());
  CHECK((garbage.problem().code == "config.not_utf8" || garbage.problem().code == "config.syntax"));
  CHECK(parse_display_config("[display\nwidth = ", "/tmp").problem().code == "config.syntax");
  CHECK(parse_display_config("", "/tmp").problem().code == "config.missing");
  {
    std::ofstream out(dir.path() / "display.toml");
    out << kBase << "\n[display]\nscenes = \"trend\"\n";
  }
  const auto loaded = load_display_config(dir.path() / "display.toml");
  REQUIRE(loaded.ok());
  CHECK(loaded.value().sync.data_dir == dir.path() / "data");
  CHECK(loaded.value().scenes == std::vector<SceneSlot>{{Scene::Trend, 20}});
}

TEST_CASE("the shipped config/display.toml loads", "[display][config]") {
  const auto r = load_display_config(SUNLIGHT_SOURCE_DIR "/config/display.toml");
  INFO((r ? std::string() : sunlight::core::describe(r.problem())));
  REQUIRE(r.ok());
  CHECK(r.value().sync.scope == "500112");
  // Where the file states [display]'s keys, it states the defaults.
  const DisplayConfig defaults;
  const auto& c = r.value();
  CHECK(c.scenes == defaults.scenes);
  CHECK(c.scene_seconds == defaults.scene_seconds);
  CHECK(c.transition_ms == defaults.transition_ms);
  CHECK(c.late_days == defaults.late_days);
  CHECK(c.trend_months == defaults.trend_months);
  CHECK(c.title == defaults.title);
  CHECK(c.display == defaults.display);
  CHECK(c.fullscreen == defaults.fullscreen);
  CHECK(c.hide_cursor == defaults.hide_cursor);
  CHECK(c.width == defaults.width);
  CHECK(c.height == defaults.height);
}

TEST_CASE("display_config_keys lists the shared keys and [display]'s own", "[display][config]") {
  const auto keys = sunlight::display::display_config_keys();
  auto has = [&](std::string_view section, std::string_view key) {
    return std::any_of(keys.begin(), keys.end(),
                       [&](const sunlight::core::ConfigKey& k) { return k.section == section && k.key == key; });
  };
  CHECK(has("feed", "url"));
  CHECK(has("terminal", "data_dir"));
  for (const auto* key : {"scenes", "scene_seconds", "transition_ms", "late_days", "trend_months", "title", "display",
                          "fullscreen", "hide_cursor", "width", "height"})
    CHECK(has("display", key));
}
