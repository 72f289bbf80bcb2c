// The frame loop headless: scripted taps by label, drags, virtual time, screenshots that are not blank, no missing glyphs.
#include "ui/runner.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <imgui.h>
#include <stb_image.h>

#include "temp_dir.hpp"
#include "text_file.hpp"
#include "ui/glyph_set.hpp"
#include "ui/png.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui = sunlight::ui;
using sunlight::testing::TempDir;

namespace {

// A small screen with every shell widget: the test's stand-in for a kiosk screen.
class Gallery : public ui::App {
 public:
  int taps = 0;
  int other_taps = 0;
  int touches = 0;
  float scroll = 0;
  std::string extra;  // text shown that was never noted: its glyphs arrive mid-frame
  std::chrono::steady_clock::time_point started{};
  std::chrono::steady_clock::time_point last{};

  void update(ui::Frame& f) override {
    if (started == std::chrono::steady_clock::time_point{}) started = f.now;
    last = f.now;
    f.fonts.set_unit(ui::theme::base_unit(static_cast<int>(f.width), static_cast<int>(f.height)));
  }
  void build(ui::Frame& f) override {
    ui::begin_screen(f, "gallery");
    ui::text(f, ui::FontRole::Title, "村务公开");
    ui::text(f, ui::FontRole::Body, "数据更新于 14:05。" + extra, ui::theme::kText, f.width / 2);
    if (ui::button(f, "查询", ImVec2(8 * f.unit, 3 * f.unit), ui::primary_button())) ++taps;
    if (ui::button(f, "清除", ImVec2(8 * f.unit, 3 * f.unit), ui::ButtonStyle{})) ++other_taps;
    ui::begin_scroll_area(f, "list", ImVec2(f.width - 2 * f.unit, 10 * f.unit));
    for (int i = 0; i < 40; ++i) ui::text(f, ui::FontRole::Body, "第" + std::to_string(i) + "条公告");
    scroll = ImGui::GetScrollY();
    ui::end_scroll_area();
    ui::end_screen();
  }
  [[nodiscard]] std::string dump() const override {
    std::ostringstream out;
    out << "taps: " << taps << "\nother: " << other_taps << "\nscroll: " << (scroll > 0 ? "moved" : "top") << "\n";
    return out.str();
  }
  void touched(std::chrono::steady_clock::time_point) override { ++touches; }
};

struct Shell {
  ui::Platform platform{[] {
    ui::PlatformOptions o;
    o.headless = true;
    o.width = 720;
    o.height = 1280;
    return o;
  }()};
  ui::Fonts fonts{ui::theme::base_unit(720, 1280)};
  Gallery app;
  ui::Runner runner{platform, fonts, app};

  ui::RunResult run(const std::string& script_text, const std::filesystem::path& out) {
    const ui::Script script = ui::parse_script(script_text);
    ui::RunOptions options;
    options.script = &script;
    options.out_dir = out;
    return runner.run(options);
  }
};


}  // namespace

TEST_CASE("a scripted headless run taps by label and writes a real screenshot with its text", "[ui][runner]") {
  TempDir dir("ui-runner");
  Shell shell;
  const auto result = shell.run("screenshot before\ntap 查询\nexpect \"taps: 1\"\nscreenshot after\n", dir.path());
  INFO(result.failure);
  REQUIRE(result.ok);
  REQUIRE(result.screenshots.size() == 2);
  CHECK(shell.app.taps == 1);
  CHECK(shell.app.other_taps == 0);
  CHECK(shell.app.touches == 1);
  CHECK(sunlight::testing::read_text(dir.path() / "after.txt").find("taps: 1") != std::string::npos);

  int w = 0, h = 0, n = 0;
  unsigned char* pixels = stbi_load((dir.path() / "after.png").c_str(), &w, &h, &n, 4);
  REQUIRE(pixels);
  CHECK(w == 720);
  CHECK(h == 1280);
  const auto stats = ui::image_stats({pixels, static_cast<std::size_t>(w * h * 4)});
  stbi_image_free(pixels);
  CHECK(stats.distinct_colors > 20);       // anti-aliased text and buttons, not a flat fill
  CHECK(stats.background_share < 0.97);    // something besides the background
  CHECK(stats.background_share > 0.3);     // and not noise
  CHECK(stats.background == 0xFBF7EE);     // the theme's paper colour
}

TEST_CASE("a script that taps a button not on screen fails and names the buttons there", "[ui][runner][hostile]") {
  TempDir dir("ui-runner");
  Shell shell;
  const auto result = shell.run("tap 不存在\n", dir.path());
  CHECK_FALSE(result.ok);
  CHECK_THAT(result.failure, Catch::Contains("script line 1") && Catch::Contains("查询") && Catch::Contains("清除"));
  const auto expect = shell.run("expect \"taps: 9\"\n", dir.path());
  CHECK_FALSE(expect.ok);
  CHECK_THAT(expect.failure, Catch::Contains("taps: 0"));
}

TEST_CASE("a drag scrolls a list and taps nothing", "[ui][runner][touch]") {
  TempDir dir("ui-runner");
  Shell shell;
  // The list starts below the buttons; drag inside it from low to high.
  const auto result = shell.run("drag 300 560 300 360 300\nwait 1s\nexpect \"scroll: moved\"\n", dir.path());
  INFO(result.failure);
  CHECK(result.ok);
  CHECK(shell.app.taps == 0);
  CHECK(shell.app.other_taps == 0);
}

TEST_CASE("characters never noted before are in the atlas before a frame is shown", "[ui][runner][fonts]") {
  TempDir dir("ui-runner");
  Shell shell;
  REQUIRE(shell.run("screenshot first\n", dir.path()).ok);
  const auto rebuilds = shell.fonts.rebuilds();
  shell.app.extra = "龘靐齉 丶亍";  // rare characters no catalog has
  REQUIRE(shell.run("screenshot second\n", dir.path()).ok);
  CHECK(shell.fonts.rebuilds() > rebuilds);
  // The frame after a rebuild is drawn whole: the paper background, not a black screen (the
  // renderer's objects once went stale when they were remade with the texture).
  int w = 0, h = 0, n = 0;
  unsigned char* pixels = stbi_load((dir.path() / "second.png").c_str(), &w, &h, &n, 4);
  REQUIRE(pixels);
  const auto stats = ui::image_stats({pixels, static_cast<std::size_t>(w * h * 4)});
  stbi_image_free(pixels);
  CHECK(stats.background == 0xFBF7EE);
  ImFont* body = shell.fonts.font(ui::FontRole::Body);
  for (std::size_t i = 0; i < shell.app.extra.size();) {
    const std::uint32_t cp = ui::next_code_point(shell.app.extra, i);
    if (cp == ' ') continue;
    INFO("U+" << std::hex << cp);
    CHECK(body->FindGlyphNoFallback(static_cast<ImWchar>(cp)) != nullptr);
  }
}

TEST_CASE("a replacement character on screen does not make every frame be built again", "[ui][runner][fonts]") {
  TempDir dir("ui-runner");
  Shell shell;
  shell.app.extra = "坏\xEF\xBF\xBD字" + std::string("\xff", 1);
  REQUIRE(shell.run("wait 1s\n", dir.path()).ok);
  const auto rebuilds = shell.fonts.rebuilds();
  REQUIRE(shell.run("wait 2s\n", dir.path()).ok);
  CHECK_FALSE(shell.fonts.frame_missed());
  CHECK(shell.fonts.rebuilds() == rebuilds);
}

TEST_CASE("a script's waits pass in virtual time", "[ui][runner]") {
  TempDir dir("ui-runner");
  Shell shell;
  const auto real_start = std::chrono::steady_clock::now();
  REQUIRE(shell.run("wait 120s\n", dir.path()).ok);
  CHECK(shell.app.last - shell.app.started >= std::chrono::seconds(120));
  CHECK(std::chrono::steady_clock::now() - real_start < std::chrono::seconds(20));
}

TEST_CASE("the CJK font is found through fontconfig", "[ui][fonts]") {
  const auto face = ui::find_font("Noto Sans CJK SC");
  REQUIRE(face);
  CHECK(std::filesystem::exists(face->file));
  CHECK_FALSE(ui::find_font("No Such Family Anywhere 12345"));
}

TEST_CASE("characters the font itself lacks are reported, never silently drawn as '?'", "[ui][fonts]") {
  TempDir dir("ui-runner");
  Shell shell;
  REQUIRE(shell.run("screenshot plain\n", dir.path()).ok);
  // Everything the shell draws by default exists in Noto Sans CJK SC.
  const auto absent = shell.fonts.absent().ranges();
  INFO("first absent: U+" << std::hex << absent[0]);
  CHECK(shell.fonts.absent().size() == 0);
  shell.app.extra = "⌫";  // ERASE TO THE LEFT: not in the font, so a screen must say it in words
  REQUIRE(shell.run("screenshot erase\n", dir.path()).ok);
  CHECK(shell.fonts.absent().contains(0x232B));
}

TEST_CASE("a person's characters go to their own small atlas and leave with them", "[ui][fonts]") {
  TempDir dir("ui-runner");
  Shell shell;
  REQUIRE(shell.run("screenshot plain\n", dir.path()).ok);
  const auto shared = shell.fonts.rebuilds();
  const auto person = shell.fonts.person_rebuilds();
  shell.fonts.note(ui::FontRole::PersonHeading, "姓名：龘*靐");
  REQUIRE(shell.run("screenshot named\n", dir.path()).ok);
  CHECK(shell.fonts.rebuilds() == shared);          // the big atlas was not touched
  CHECK(shell.fonts.person_rebuilds() == person + 1);
  ImFont* heading = shell.fonts.font(ui::FontRole::PersonHeading);
  CHECK(heading->FindGlyphNoFallback(0x9F98) != nullptr);  // 龘
  CHECK(shell.fonts.font(ui::FontRole::Heading)->FindGlyphNoFallback(0x9F98) == nullptr);
  shell.fonts.forget_person();
  REQUIRE(shell.run("screenshot gone\n", dir.path()).ok);
  CHECK(shell.fonts.font(ui::FontRole::PersonHeading)->FindGlyphNoFallback(0x9F98) == nullptr);
}
