// sunlight-display: the service-hall big screen — where the subsidy money comes from and goes, how far
// each fund has got, and the latest notices, live from the feed and still there when it is not.
#include <malloc.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "core/i18n.hpp"
#include "core/version.hpp"
#include "display/display_app.hpp"
#include "display/display_config.hpp"
#include "sync/feed_sync.hpp"
#include "ui/fonts.hpp"
#include "ui/platform.hpp"
#include "ui/runner.hpp"
#include "ui/script.hpp"
#include "ui/theme.hpp"

namespace {

using namespace sunlight;
namespace fs = std::filesystem;

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsage = 2;

constexpr const char* kHelp =
    "sunlight-display — the service-hall big screen: where subsidy money flows, the four monitoring\n"
    "points of every fund, money by town, the monthly trend and the latest notices, in rotation\n"
    "\n"
    "usage: sunlight-display --config FILE [--headless] [--size WxH] [--scene NAME]\n"
    "                        [--screenshot FILE.png | --gallery DIR | --script FILE [--out DIR]]\n"
    "\n"
    "  --config FILE      the screen's config: [terminal], [feed] and [display] (see config/display.toml)\n"
    "  --headless         draw offscreen (no display needed): for screenshots, tests and soak runs\n"
    "  --size WxH         the window or headless surface, e.g. 3840x2160 (default from the config)\n"
    "  --scene NAME       show one scene only, no rotation: overview, stages, towns, trend, notices\n"
    "  --screenshot FILE  draw the screen once the data is in and the figures have settled, write\n"
    "                     FILE (PNG) and FILE's .txt (what it shows), and exit; with --scene, that scene\n"
    "  --gallery DIR      every scene at 1920x1080 and at 3840x2160 as PNGs (with .txt) in DIR, and exit:\n"
    "                     the replica the config names after one sync round (`make demo` makes one\n"
    "                     with demo data: build/demo-display.toml)\n"
    "  --script FILE      run a script of waits, screenshots and expectations (ui/script.hpp), then exit\n"
    "  --out DIR          where a script's screenshots go (default ./display-screenshots)\n"
    "  --frames N         a live run stops after N frames (soak runs)\n"
    "  --help, --version\n"
    "\n"
    "Without these the screen runs until SIGTERM (systemctl stop). No key or click does anything.\n";

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int) { g_stop.store(true); }

struct Args {
  std::string config;
  bool headless = false;
  std::optional<std::pair<int, int>> size;
  std::optional<display::Scene> scene;
  std::string screenshot;
  std::string gallery;
  std::string script;
  std::string out = "display-screenshots";
  bool out_given = false;
  long frames = 0;
};

struct Usage : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::pair<int, int> parse_size(const std::string& text) {
  if (auto size = ui::parse_window_size(text)) return *size;
  throw Usage(fmt::format("--size wants WIDTHxHEIGHT between 320 and 7680, e.g. 3840x2160 (got '{}')", text));
}

Args parse_args(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw Usage(fmt::format("{} needs a value", a));
      return argv[++i];
    };
    if (a == "--config") args.config = value();
    else if (a == "--headless") args.headless = true;
    else if (a == "--size") args.size = parse_size(value());
    else if (a == "--scene") {
      const std::string word = value();
      args.scene = display::parse_scene(word);
      if (!args.scene) throw Usage(fmt::format("--scene: no scene '{}' (overview, stages, towns, trend, notices)", word));
    } else if (a == "--screenshot") args.screenshot = value();
    else if (a == "--gallery") args.gallery = value();
    else if (a == "--script") args.script = value();
    else if (a == "--out") {
      args.out = value();
      args.out_given = true;
    }
    else if (a == "--frames") {
      const std::string n = value();
      char* end = nullptr;
      const long frames = std::strtol(n.c_str(), &end, 10);
      if (n.empty() || *end != '\0' || frames < 1 || frames > 100'000'000) throw Usage(fmt::format("--frames wants 1..100000000 (got '{}')", n));
      args.frames = frames;
    } else throw Usage(fmt::format("unknown argument '{}'", a));
  }
  if (args.config.empty()) throw Usage("--config FILE is required");
  const int modes = !args.screenshot.empty() + !args.gallery.empty() + !args.script.empty();
  if (modes > 1) throw Usage("--screenshot, --gallery and --script are one at a time");
  // Options that would be silently ignored are refused: the person typing them expects an effect.
  if (!args.gallery.empty() && args.size) throw Usage("--gallery draws both 1920x1080 and 3840x2160: leave out --size");
  if (modes > 0 && args.frames > 0) throw Usage("--frames is for live runs: leave it out with --screenshot, --gallery or --script");
  if (args.out_given && args.script.empty()) throw Usage("--out is where a --script's screenshots go: give --script too");
  if (!args.screenshot.empty() && fs::path(args.screenshot).extension() != ".png")
    throw Usage(fmt::format("--screenshot wants a .png file name (got '{}')", args.screenshot));
  return args;
}

// A screenshot, the gallery or a script starts once the first sync round has answered, so it
// shows the feed's data rather than the waiting state; the screen itself never waits like this.
void wait_for_first_round(const sync::FeedSync& feed) {
  for (int i = 0; i < 300 && !g_stop.load(); ++i) {
    const auto status = feed.status();
    if (status && (status->rounds > 0 || status->failed_rounds > 0)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

ui::ScriptStep step(ui::ScriptStep::Kind kind, std::string text = {}, int ms = 0) {
  ui::ScriptStep s;
  s.kind = kind;
  s.text = std::move(text);
  s.ms = ms;
  return s;
}


int finish(const ui::RunResult& result) {
  for (const auto& png : result.screenshots) std::cout << png.string() << "\n";
  if (!result.ok) {
    std::cerr << "sunlight-display: " << result.failure << "\n";
    return kFailed;
  }
  return kOk;
}

int run(const Args& args) {
  auto loaded = display::load_display_config(args.config);
  if (!loaded) {
    std::cerr << "sunlight-display: " << args.config << ": " << core::describe(loaded.problem(), core::Lang::En) << "\n";
    return kUsage;
  }
  display::DisplayConfig config = std::move(*loaded);
  std::optional<ui::Script> script;
  if (!args.script.empty()) script = ui::load_script(args.script);

  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  // Fixed thresholds: glibc would otherwise raise them as atlas builds and snapshots come and go,
  // and keep tens of MB it no longer uses (see the kiosk).
  ::mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  ::mallopt(M_TRIM_THRESHOLD, 128 * 1024);

  sync::FeedSync feed(config.sync);
  feed.start();
  const bool one_shot = !args.screenshot.empty() || !args.gallery.empty() || script;
  if (one_shot) wait_for_first_round(feed);

  ui::PlatformOptions options;
  options.title = "Sunlight 阳光 — " + config.sync.name;
  options.headless = args.headless || !args.gallery.empty();
  options.width = args.size ? args.size->first : config.width;
  options.height = args.size ? args.size->second : config.height;
  options.display = config.display;
  options.fullscreen = config.fullscreen && !args.size && !one_shot;
  options.hide_cursor = config.hide_cursor;

  int rc = kOk;
  if (!args.gallery.empty()) {
    // Every scene at both sizes a hall has, pinned, after the figures have counted up.
    for (const auto& [w, h, tag] : {std::tuple{1920, 1080, "1080p"}, std::tuple{3840, 2160, "4k"}}) {
      options.width = w;
      options.height = h;
      display::DisplayScreen screen(options, config, &feed);
      ui::RunOptions run;
      run.out_dir = args.gallery;
      run.stop = &g_stop;
      for (const display::Scene s : display::kAllScenes) {
        if (args.scene && *args.scene != s) continue;
        screen.app.pin(s);
        ui::Script one;
        one.steps.push_back(step(ui::ScriptStep::Kind::Wait, {}, 2000));
        one.steps.push_back(step(ui::ScriptStep::Kind::Screenshot, fmt::format("{}-{}", display::scene_word(s), tag)));
        run.script = &one;
        const auto result = screen.runner.run(run);
        if (finish(result) != kOk) rc = kFailed;
      }
    }
  } else {
    display::DisplayScreen screen(options, config, &feed);
    if (args.scene) screen.app.pin(*args.scene);
    ui::Script shot;
    ui::RunOptions run;
    run.stop = &g_stop;
    run.max_frames = args.frames;
    if (!args.screenshot.empty()) {
      const fs::path png(args.screenshot);
      shot.steps.push_back(step(ui::ScriptStep::Kind::Wait, {}, 2000));
      shot.steps.push_back(step(ui::ScriptStep::Kind::Screenshot, png.stem().string()));
      run.script = &shot;
      run.out_dir = png.has_parent_path() ? png.parent_path() : fs::path(".");
    } else if (script) {
      run.script = &*script;
      run.out_dir = args.out;
    }
    rc = finish(screen.runner.run(run));
  }
  feed.stop();
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << kHelp;
      return kOk;
    }
    if (a == "--version") {
      std::cout << "sunlight-display " << sunlight::core::kVersion << "\n";
      return kOk;
    }
  }
  try {
    return run(parse_args(argc, argv));
  } catch (const Usage& e) {
    std::cerr << "sunlight-display: " << e.what() << "\n(see sunlight-display --help)\n";
    return kUsage;
  } catch (const sunlight::ui::ScriptError& e) {
    std::cerr << "sunlight-display: " << e.what() << "\n";
    return kUsage;
  } catch (const std::exception& e) {
    std::cerr << "sunlight-display: " << e.what() << "\n";
    return kFailed;
  }
}
