// sunlight-kiosk: the village-hall touchscreen — subsidy lookup by resident ID and village-affairs notices, online or not.
#include <malloc.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "core/i18n.hpp"
#include "core/version.hpp"
#include "kiosk/kiosk_app.hpp"
#include "kiosk/kiosk_config.hpp"
#include "kiosk/kiosk_model.hpp"
#include "sync/feed_sync.hpp"
#include "sync/person_lookup.hpp"
#include "ui/fonts.hpp"
#include "ui/platform.hpp"
#include "ui/runner.hpp"
#include "ui/script.hpp"
#include "ui/theme.hpp"

namespace {

using namespace sunlight;

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsage = 2;

constexpr const char* kHelp =
    "sunlight-kiosk — the village-hall touchscreen: subsidy lookup, village-affairs notices and complaints\n"
    "\n"
    "usage: sunlight-kiosk --config FILE [--headless] [--script FILE [--out DIR]] [--size WxH]\n"
    "\n"
    "  --config FILE  the kiosk's config: [terminal], [feed] and [kiosk] (see config/kiosk.toml)\n"
    "  --headless     draw offscreen (no display needed): for scripts, tests and soak runs\n"
    "  --script FILE  run a script of taps, digits, waits and screenshots, then exit; 0 when every\n"
    "                 step and expectation passed (the language: ui/script.hpp)\n"
    "  --out DIR      where a script's screenshots go (PNG, with a .txt of what the screen shows);\n"
    "                 default ./kiosk-screenshots\n"
    "  --size WxH     the window or headless surface, e.g. 1920x1080 (default from the config)\n"
    "  --help, --version\n"
    "\n"
    "Without --script the kiosk runs until the administrator's exit (five taps in the top-left\n"
    "corner of the home screen, then the PIN from the config) or SIGTERM. No key quits it.\n";

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int) { g_stop.store(true); }

struct Args {
  std::string config;
  bool headless = false;
  std::string script;
  std::string out = "kiosk-screenshots";
  std::optional<std::pair<int, int>> size;
};

struct Usage : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::pair<int, int> parse_size(const std::string& text) {
  if (auto size = ui::parse_window_size(text)) return *size;
  throw Usage(fmt::format("--size wants WIDTHxHEIGHT between 320 and 7680, e.g. 1080x1920 (got '{}')", text));
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
    else if (a == "--script") args.script = value();
    else if (a == "--out") args.out = value();
    else if (a == "--size") args.size = parse_size(value());
    else throw Usage(fmt::format("unknown argument '{}'", a));
  }
  if (args.config.empty()) throw Usage("--config FILE is required");
  return args;
}

// A scripted run (the demo, tests) starts once the first sync round has answered, so the tour
// shows the feed's data rather than "尚未取得数据"; the kiosk itself never waits like this.
void wait_for_first_round(const sync::FeedSync& feed) {
  for (int i = 0; i < 300 && !g_stop.load(); ++i) {
    const auto status = feed.status();
    if (status && (status->rounds > 0 || status->failed_rounds > 0) &&
        (status->people_ready || status->connection == sync::SyncStatus::Connection::Offline)) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

int run(const Args& args) {
  auto loaded = kiosk::load_kiosk_config(args.config);
  if (!loaded) {
    std::cerr << "sunlight-kiosk: " << args.config << ": " << core::describe(loaded.problem(), core::Lang::En) << "\n";
    return kUsage;
  }
  kiosk::KioskConfig config = std::move(*loaded);
  std::optional<ui::Script> script;
  if (!args.script.empty()) script = ui::load_script(args.script);

  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  // glibc raises its mmap and trim thresholds as large blocks come and go (an atlas build, a
  // snapshot), and then keeps tens of MB it no longer uses; fixed thresholds give them back.
  ::mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  ::mallopt(M_TRIM_THRESHOLD, 128 * 1024);

  sync::FeedSync feed(config.sync);
  feed.start();
  if (script) wait_for_first_round(feed);

  ui::PlatformOptions options;
  options.title = "Sunlight 阳光 — " + config.sync.name;
  options.headless = args.headless;
  options.width = args.size ? args.size->first : config.width;
  options.height = args.size ? args.size->second : config.height;
  options.display = config.display;
  options.fullscreen = config.fullscreen && !args.size;
  options.hide_cursor = config.hide_cursor;
  ui::Platform platform(options);
  ui::Fonts fonts(ui::theme::base_unit(platform.width(), platform.height()));

  const auto replica = sync::replica_file(config.sync.data_dir);
  kiosk::ComplaintServices complaints;
  complaints.file = [&feed](const sync::ComplaintDraft& draft) { return feed.file_complaint(draft); };
  complaints.status = [&feed](const std::string& number) { return feed.complaint_status(number); };
  complaints.local = [&feed](const std::string& number) { return feed.local_complaint(number); };
  complaints.rate = [&feed](const std::string& number, int stars, const std::string& key) {
    return feed.rate(number, stars, key);
  };
  kiosk::KioskModel model(config, [replica](std::string& typed) { return sync::lookup_person(replica, typed); },
                          std::move(complaints));
  kiosk::KioskApp app(model, &feed);
  ui::Runner runner(platform, fonts, app);
  app.report_stats(&runner.stats());

  ui::RunOptions run_options;
  run_options.script = script ? &*script : nullptr;
  run_options.out_dir = args.out;
  run_options.stop = &g_stop;
  const ui::RunResult result = runner.run(run_options);
  feed.stop();
  for (const auto& png : result.screenshots) std::cout << png.string() << "\n";
  if (!result.ok) {
    std::cerr << "sunlight-kiosk: " << result.failure << "\n";
    return kFailed;
  }
  return kOk;
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
      std::cout << "sunlight-kiosk " << sunlight::core::kVersion << "\n";
      return kOk;
    }
  }
  try {
    return run(parse_args(argc, argv));
  } catch (const Usage& e) {
    std::cerr << "sunlight-kiosk: " << e.what() << "\n(see sunlight-kiosk --help)\n";
    return kUsage;
  } catch (const ui::ScriptError& e) {
    std::cerr << "sunlight-kiosk: " << e.what() << "\n";
    return kUsage;
  } catch (const std::exception& e) {
    std::cerr << "sunlight-kiosk: " << e.what() << "\n";
    return kFailed;
  }
}
