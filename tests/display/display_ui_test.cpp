// sunlight-display headless: every scene at 1080p and 4K from a real feed on 127.0.0.1, the waiting
// and offline states, the command line; and in-process, the rotation running for hours of virtual
// time while the data changes under it, hostile data included.
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <stb_image.h>

#include "bench/display_data.hpp"
#include "core/complaint.hpp"
#include "display/display_app.hpp"
#include "feed/feed_fixture.hpp"
#include "process.hpp"
#include "temp_dir.hpp"
#include "text_file.hpp"
#include "ui/fonts.hpp"
#include "ui/platform.hpp"
#include "ui/png.hpp"
#include "ui/runner.hpp"
#include "ui/theme.hpp"

namespace {

namespace fs = std::filesystem;
using sunlight::feed::testing::FeedFixture;
using sunlight::feed::testing::RunningFeed;
using sunlight::testing::Run;
using sunlight::testing::run_program;
using sunlight::testing::TempDir;
namespace display = sunlight::display;
namespace ui = sunlight::ui;

std::string read(const fs::path& p) { return sunlight::testing::read_text(p); }
fs::path write(const fs::path& p, const std::string& text) { return sunlight::testing::write_text(p, text); }

std::string display_toml(const FeedFixture& fixture, const std::string& url, const fs::path& data_dir,
                         const std::string& extra = "") {
  return "[terminal]\nkind = \"display\"\nname = \"龙兴镇便民服务中心\"\ndata_dir = \"" + data_dir.string() +
         "\"\n\n[feed]\nurl = \"" + url + "\"\nscope = \"" + fixture.town + "\"\ndevice_token = \"" +
         fixture.display_token + "\"\npublic_key = \"" + fixture.public_key +
         "\"\n\n[display]\nfullscreen = false\n" + extra;
}

Run display_bin(std::vector<std::string> args) { return run_program(SUNLIGHT_DISPLAY_BIN, std::move(args)); }

// SUNLIGHT_KEEP_SCREENSHOTS=DIR keeps the screenshots a test took, for a person to look at.
void keep(const fs::path& shots) {
  const char* keep = std::getenv("SUNLIGHT_KEEP_SCREENSHOTS");
  std::error_code ec;
  if (keep && *keep && fs::exists(shots)) {
    fs::create_directories(keep, ec);
    fs::copy(shots, keep, fs::copy_options::overwrite_existing | fs::copy_options::recursive, ec);
  }
}

ui::ImageStats stats_of(const fs::path& png, int width, int height) {
  INFO(png.string());
  int w = 0, h = 0, n = 0;
  unsigned char* pixels = stbi_load(png.c_str(), &w, &h, &n, 4);
  REQUIRE(pixels);
  const auto stats = ui::image_stats({pixels, static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4});
  stbi_image_free(pixels);
  CHECK(w == width);
  CHECK(h == height);
  return stats;
}

// A scene a visitor can read: the paper background with charts and text on it, not a blank.
void check_scene(const fs::path& png, int width, int height) {
  const auto stats = stats_of(png, width, height);
  INFO(png.string());
  CHECK(stats.distinct_colors > 60);
  CHECK(stats.background_share < 0.90);
  // The paper, or the white of the notice card that fills most of its scene.
  CHECK((stats.background == 0xFBF7EE || stats.background == 0xFFFFFF));
}

// A district screen's config with no feed: the data is handed in (DisplayApp::set_data).
display::DisplayConfig district_config() {
  display::DisplayConfig config;
  config.sync.scope = "500112";
  return config;
}

}  // namespace

TEST_CASE("the gallery draws every scene at 1920x1080 and 3840x2160 from the town's feed", "[display][ui]") {
  FeedFixture fixture;
  TempDir dir{"display-gallery"};
  RunningFeed feed{fixture.dir};
  const auto config = write(dir.path() / "display.toml", display_toml(fixture, feed.url(), dir.path() / "data"));
  const auto shots = dir.path() / "gallery";
  const Run r = display_bin({"--config", config.string(), "--gallery", shots.string()});
  keep(shots);
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  for (const std::string scene : {"overview", "stages", "towns", "trend", "notices"}) {
    check_scene(shots / (scene + "-1080p.png"), 1920, 1080);
    check_scene(shots / (scene + "-4k.png"), 3840, 2160);
    // The same words at both sizes: one layout, scaled.
    CHECK(read(shots / (scene + "-1080p.txt")) == read(shots / (scene + "-4k.txt")));
  }
  // What a visitor reads: the town's name in the header, money in 万元, the four points, the
  // held-up fund the generator always puts in 龙兴镇, the village as the last column of the flow.
  const std::string overview = read(shots / "overview-1080p.txt");
  CHECK_THAT(overview, Catch::Contains("龙兴镇"));
  CHECK_THAT(overview, Catch::Contains("万元"));
  const std::string stages = read(shots / "stages-1080p.txt");
  CHECK_THAT(stages, Catch::Contains("用款计划"));
  CHECK_THAT(stages, Catch::Contains("[滞后]"));        // a stage flagged, not just the word
  CHECK_THAT(stages, !Catch::Contains("late: 0 个"));
  CHECK_THAT(read(shots / "notices-1080p.txt"), Catch::Contains("村级财务收支公开"));  // a generated notice's title
}

TEST_CASE("the overview's 投诉建议 figure follows a complaint from a village kiosk to its rating", "[display][ui][complaints]") {
  FeedFixture fixture;
  TempDir dir{"display-complaints"};
  RunningFeed feed{fixture.dir};
  const auto config = write(dir.path() / "display.toml", display_toml(fixture, feed.url(), dir.path() / "data"));
  const auto shoot = [&](const std::string& name) {
    const auto png = dir.path() / "shots" / (name + ".png");
    const Run r = display_bin({"--config", config.string(), "--headless", "--size", "1920x1080", "--scene", "overview",
                               "--screenshot", png.string()});
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    return read(dir.path() / "shots" / (name + ".txt"));
  };
  CHECK_THAT(shoot("before"), Catch::Contains("kpi: 投诉建议 | 0件 | 暂无投诉"));

  // A villager files at the village's kiosk; the cadre replies; the villager rates it 5 stars.
  httplib::Client http("127.0.0.1", feed.port());
  const httplib::Headers kiosk{{"Authorization", "Bearer " + fixture.kiosk_token}};
  const auto self = http.Get("/v1/terminals/self", kiosk);
  REQUIRE(self);
  REQUIRE(self->status == 200);
  const auto number = sunlight::core::make_tracking_number(nlohmann::json::parse(self->body)["id"].get<std::int64_t>(), 1);
  REQUIRE(number);
  auto with_key = [&](const std::string& key) {
    auto h = kiosk;
    h.emplace("Idempotency-Key", key);
    return h;
  };
  const auto filed = http.Post("/v1/complaints", with_key("display-test-complaint-1"),
                               nlohmann::json{{"tracking_no", *number}, {"reason", "not_received"}, {"subject", {{"kind", "none"}}}}
                                   .dump(),
                               "application/json");
  REQUIRE(filed);
  REQUIRE(filed->status == 201);
  CHECK_THAT(shoot("filed"), Catch::Contains("kpi: 投诉建议 | 1件 | 尚无答复"));

  const auto login = http.Post("/v1/session", nlohmann::json{{"username", fixture.cadre}, {"password", fixture.cadre_password}}.dump(),
                               "application/json");
  REQUIRE(login);
  REQUIRE(login->status == 201);
  const httplib::Headers cadre{{"Authorization", "Bearer " + nlohmann::json::parse(login->body)["token"].get<std::string>()}};
  const auto reply = http.Post("/v1/complaints/" + *number + "/reply", cadre, R"({"text":"已核实，本月补发。"})", "application/json");
  REQUIRE(reply);
  REQUIRE(reply->status == 200);
  const auto rated = http.Post("/v1/complaints/" + *number + "/rating", with_key("display-test-rating-1"), R"({"stars":5})",
                               "application/json");
  REQUIRE(rated);
  REQUIRE(rated->status == 200);
  const std::string after = shoot("rated");
  keep(dir.path() / "shots");
  CHECK_THAT(after, Catch::Contains("kpi: 投诉建议 | 1件 | 按时答复 100% · 5.0 星"));
  check_scene(dir.path() / "shots" / "rated.png", 1920, 1080);
}

TEST_CASE("with no feed and no data the screen says it is waiting, and what for", "[display][ui]") {
  FeedFixture fixture;
  TempDir dir{"display-waiting"};
  const auto config = write(dir.path() / "display.toml", display_toml(fixture, "http://127.0.0.1:9", dir.path() / "data"));
  const auto png = dir.path() / "shots" / "waiting.png";
  const Run r = display_bin({"--config", config.string(), "--headless", "--size", "1280x720", "--screenshot", png.string()});
  keep(dir.path() / "shots");
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  const std::string txt = read(dir.path() / "shots" / "waiting.txt");
  CHECK_THAT(txt, Catch::Contains("正在获取数据"));
  CHECK_THAT(txt, Catch::Contains("无法连接"));
  const auto stats = stats_of(png, 1280, 720);
  CHECK(stats.distinct_colors > 20);  // the header, the words, the ticker band: never a blank screen
}

TEST_CASE("offline it keeps the last data and says how old it is", "[display][ui]") {
  FeedFixture fixture;
  TempDir dir{"display-offline"};
  fs::path config;
  {
    RunningFeed feed{fixture.dir};
    config = write(dir.path() / "display.toml", display_toml(fixture, feed.url(), dir.path() / "data"));
    const auto png = dir.path() / "shots" / "online.png";
    const Run r = display_bin({"--config", config.string(), "--headless", "--size", "1280x720", "--scene", "overview",
                               "--screenshot", png.string()});
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK_THAT(read(dir.path() / "shots" / "online.txt"), !Catch::Contains("网络中断"));
  }
  // The feed has gone (the port is closed now).
  const auto png = dir.path() / "shots" / "offline.png";
  const Run r = display_bin({"--config", config.string(), "--headless", "--size", "1280x720", "--scene", "overview",
                             "--screenshot", png.string()});
  keep(dir.path() / "shots");
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  const std::string txt = read(dir.path() / "shots" / "offline.txt");
  CHECK_THAT(txt, Catch::Contains("网络中断"));
  CHECK_THAT(txt, Catch::Contains("万元"));  // the figures are still there
  check_scene(png, 1280, 720);
}

TEST_CASE("the command line refuses what it cannot do, with the reason", "[display][ui]") {
  FeedFixture fixture;
  TempDir dir{"display-cli"};
  const auto good = write(dir.path() / "display.toml", display_toml(fixture, "http://127.0.0.1:9", dir.path() / "data"));
  const auto help = display_bin({"--help"});
  CHECK(help.status == 0);
  CHECK_THAT(help.out, Catch::Contains("--gallery"));
  CHECK_THAT(display_bin({"--version"}).out, Catch::Contains("sunlight-display"));
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases{
      {{}, "--config FILE is required"},
      {{"--config", good.string(), "--scene", "weather"}, "no scene 'weather'"},
      {{"--config", good.string(), "--size", "10x10"}, "--size wants"},
      {{"--config", good.string(), "--size", "1920x1080x3"}, "--size wants"},
      {{"--config", good.string(), "--screenshot", "out.jpg"}, ".png"},
      {{"--config", good.string(), "--screenshot", "a.png", "--gallery", "g"}, "one at a time"},
      {{"--config", good.string(), "--frames", "-3"}, "--frames wants"},
      {{"--config", good.string(), "--bogus"}, "unknown argument"},
      {{"--config", good.string(), "--gallery", "g", "--size", "1280x720"}, "leave out --size"},
      {{"--config", good.string(), "--screenshot", "a.png", "--frames", "10"}, "--frames is for live runs"},
      {{"--config", good.string(), "--out", "shots"}, "give --script too"},
      {{"--config", (dir.path() / "missing.toml").string()}, "missing.toml"},
  };
  for (const auto& c : cases) {
    const Run r = display_bin(c.args);
    INFO(r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains(c.says));
  }
  // A live run with no feed at all: it runs (the waiting state) until its frames are done.
  const Run live = display_bin({"--config", good.string(), "--headless", "--size", "640x360", "--frames", "20"});
  INFO(live.err);
  CHECK(live.status == 0);
  // A bad [display] value names its line; nothing starts.
  const auto bad = write(dir.path() / "bad.toml", display_toml(fixture, "http://127.0.0.1:9", dir.path() / "bad-data",
                                                              "scenes = \"overview weather\"\n"));
  const Run r = display_bin({"--config", bad.string(), "--headless"});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Catch::Contains("line 14", Catch::CaseSensitive::No));
  CHECK_THAT(r.err, Catch::Contains("weather"));
  CHECK_FALSE(fs::exists(dir.path() / "bad-data"));
}

// The whole screen in this process on a small headless surface, in virtual time: many rounds of
// the rotation while the data changes every few seconds — normal, hostile, gone and back.
TEST_CASE("rotating through every scene many times while the data changes", "[display][ui]") {
  using namespace std::chrono_literals;
  namespace bench = sunlight::bench;
  auto config = district_config();
  config.scenes = {{display::Scene::Overview, 5}, {display::Scene::Stages, 6}, {display::Scene::Towns, 5},
                   {display::Scene::Trend, 5},    {display::Scene::Notices, 5}};
  display::DisplayScreen screen(ui::offscreen_options(960, 540), config, nullptr);
  auto& app = screen.app;
  auto& runner = screen.runner;
  runner.use_virtual_time();

  bench::DisplayDataShape zeros;
  zeros.zeros = true;
  bench::DisplayDataShape giant;
  giant.one_giant = true;
  bench::DisplayDataShape tiny;  // 10,000 flows category → town before grouping
  tiny.towns = 400;
  tiny.funds = 25;
  bench::DisplayDataShape names;
  names.name_length = 40;
  bench::DisplayDataShape gap;
  gap.gap_month = 3;
  const std::vector<std::shared_ptr<const sunlight::sync::TerminalData>> data{
      bench::display_data({}, 1, 0), bench::display_data(zeros, 2), bench::display_data(giant, 3),
      bench::display_data(tiny, 4),  bench::display_data(names, 5), bench::display_data(gap, 6),
      nullptr,  // the replica gone (a wiped data dir): the waiting state, then data again
      bench::display_data({}, 1, 1)};

  std::set<display::Scene> seen;
  std::vector<std::uint8_t> pixels;
  int drawn = 0;
  // 26 s a round; 12 rounds with new data every 2.6 s of it.
  const int frames = 12 * 26 * 10;  // 100 ms frames
  for (int i = 0; i < frames; ++i) {
    if (i % 26 == 0) app.set_data(data[static_cast<std::size_t>(i / 26) % data.size()], nullptr);
    runner.advance(100ms);
    const bool render = i % 37 == 0;
    REQUIRE_NOTHROW(runner.frame(render, render ? &pixels : nullptr));
    seen.insert(app.scene());
    if (render) {
      ++drawn;
      const auto stats = ui::image_stats(pixels);
      INFO("frame " << i << " scene " << display::scene_word(app.scene()) << "\n" << app.dump());
      CHECK(stats.distinct_colors > 10);   // never a blank frame, whatever the data
      CHECK(stats.background_share < 0.97);
    }
  }
  CHECK(seen.size() == 5);
  CHECK(drawn > 50);
  CHECK(app.view_builds() >= static_cast<std::size_t>(frames / 26));
  CHECK(screen.fonts.absent().size() == 0);  // nothing the scenes say is missing from the font
}

// Months of notices bring new characters every day; the atlas must not only grow. Each update
// here brings 300 characters never seen before: past the budget the atlas starts again from
// what is shown now, and the screen keeps drawing.
TEST_CASE("months of new text do not grow the font atlas without bound", "[display][ui]") {
  using namespace std::chrono_literals;
  namespace bench = sunlight::bench;
  auto config = district_config();
  config.title = std::string("渝北区惠民惠农财政补贴资金阳光公开监督平台大屏幕显示系统演示标题");  // long: cut before the clock
  config.scenes = {{display::Scene::Notices, 10}};
  display::DisplayScreen screen(ui::offscreen_options(640, 360), config, nullptr);
  auto& app = screen.app;
  auto& runner = screen.runner;
  auto& fonts = screen.fonts;
  runner.use_virtual_time();
  std::vector<std::uint8_t> pixels;
  std::size_t most = 0;
  char32_t next = 0x4E00;  // CJK Unified Ideographs, in order: every title new
  for (int update = 0; update < 40; ++update) {
    auto data = bench::display_data({}, 9, update);
    for (auto& notice : data->notices) {
      std::u32string title;
      for (int k = 0; k < 8 && next < 0x9FA5; ++k) title += next++;
      notice.title.clear();
      for (const char32_t c : title) {  // UTF-8 of a 3-byte code point
        notice.title += static_cast<char>(0xE0 | (c >> 12));
        notice.title += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        notice.title += static_cast<char>(0x80 | (c & 0x3F));
      }
    }
    app.set_data(data, nullptr);
    for (int i = 0; i < 10; ++i) {
      runner.advance(100ms);
      runner.frame(i == 9, i == 9 ? &pixels : nullptr);
    }
    most = std::max(most, fonts.shared_glyphs());
    const auto stats = ui::image_stats(pixels);
    CHECK(stats.distinct_colors > 10);
  }
  CHECK(app.atlas_resets() > 0);
  CHECK(most < 9000);  // the budget (6,000) plus one update's text
}
