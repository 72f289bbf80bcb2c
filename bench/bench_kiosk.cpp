// Benchmark: sunlight-kiosk (issue 5) — start to first frame, UI build time per screen, tap on 查询 to result, resident memory.
//
//   bench_kiosk [--runs N] [--work DIR] [--frames 300] [--portrait-runs 1]
//
// Builds the village demo feed (`sunlight-feed demo`) in DIR/kiosk, serves it from an in-process
// feed::FeedServer on 127.0.0.1 and syncs a kiosk replica from it; a second replica holds the
// demo's sample records sealed again at the production cost. Everything that draws runs in
// child processes of this program (one Platform, Fonts and ImGui context each, wired as
// kiosk/main.cpp wires them, with a live FeedSync polling the feed), headless: SDL's offscreen
// driver on Mesa llvmpipe. The children print "key value" lines; this process takes medians.
//
//   bench_kiosk --child start|screens|tap|tour CONFIG [options]   (what the parent runs)
#include <fcntl.h>
#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>
#include <thread>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <imgui.h>
#include <GL/gl.h>

#include "bench/bench_util.hpp"
#include "bench/running_feed.hpp"
#include "core/crypto.hpp"
#include "core/date.hpp"
#include "core/gzip.hpp"
#include "core/seal.hpp"
#include "core/text.hpp"
#include "feed/config.hpp"
#include "feed/sealer.hpp"
#include "feed/server.hpp"
#include "feed/store.hpp"
#include "kiosk/kiosk_app.hpp"
#include "kiosk/kiosk_config.hpp"
#include "kiosk/kiosk_model.hpp"
#include "sync/feed_body.hpp"
#include "sync/feed_sync.hpp"
#include "sync/person_lookup.hpp"
#include "sync/replica.hpp"
#include "ui/fonts.hpp"
#include "ui/platform.hpp"
#include "ui/runner.hpp"
#include "ui/theme.hpp"

using namespace sunlight;
using namespace sunlight::bench;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }
std::int64_t steady_ns() { return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count(); }
const char* verdict(double value, double target) { return value < target ? "✓" : "✗"; }

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto at = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(at, values.size() - 1)];
}

// A field of /proc/self/status in KiB ("VmRSS", "VmHWM", "RssAnon", "RssFile").
long status_kib(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  return 0;
}

std::pair<long, long> rss_kib() { return {status_kib("VmRSS"), status_kib("VmHWM")}; }

// Bytes malloc has handed out and not had back (its heap and its own mappings), in KiB.
long malloc_kib() {
  const auto m = mallinfo2();
  return static_cast<long>((m.uordblks + m.hblkhd) / 1024);
}

// ═══════════════════════════ the child: one kiosk process ═══════════════════════════

// What kiosk/main.cpp puts together, in the same order, with each step's end time.
struct Kiosk {
  kiosk::KioskConfig config;
  std::unique_ptr<sync::FeedSync> feed;
  std::unique_ptr<ui::Platform> platform;
  std::unique_ptr<ui::Fonts> fonts;
  std::unique_ptr<kiosk::KioskModel> model;
  std::unique_ptr<kiosk::KioskApp> app;
  std::unique_ptr<ui::Runner> runner;
  struct Phase {
    std::string what;
    double ms = 0;     // since `origin`
    long rss_kib = 0;  // VmRSS at its end
    long heap_kib = 0;  // malloc's bytes in use then
  };
  std::vector<Phase> phases;
  Clock::time_point origin;

  Kiosk(const fs::path& config_file, int width, int height, const fs::path& lookup_replica, Clock::time_point from)
      : origin(from) {
    auto loaded = kiosk::load_kiosk_config(config_file);
    if (!loaded) throw std::runtime_error("the kiosk config did not load: " + loaded.problem().code);
    config = std::move(*loaded);
    mark("config");
    feed = std::make_unique<sync::FeedSync>(config.sync);
    feed->start();
    mark("feed_sync");
    ui::PlatformOptions options;
    options.headless = true;
    options.width = width;
    options.height = height;
    options.fullscreen = false;
    options.vsync = false;  // nothing to wait for offscreen; frames are paced (or not) below
    platform = std::make_unique<ui::Platform>(options);
    mark("platform");
    fonts = std::make_unique<ui::Fonts>(ui::theme::base_unit(platform->width(), platform->height()));
    mark("fonts");
    const fs::path replica = lookup_replica.empty() ? sync::replica_file(config.sync.data_dir) : lookup_replica;
    model = std::make_unique<kiosk::KioskModel>(config, [replica](std::string& typed) { return sync::lookup_person(replica, typed); });
    app = std::make_unique<kiosk::KioskApp>(*model, feed.get());
    runner = std::make_unique<ui::Runner>(*platform, *fonts, *app);
    app->report_stats(&runner->stats());
    mark("model");
  }
  ~Kiosk() {
    if (feed) feed->stop();
  }
  void mark(const std::string& what) {
    phases.push_back({what, ms_since(origin), rss_kib().first, malloc_kib()});
  }
};

void print_phases(const Kiosk& k) {
  for (const auto& p : k.phases) std::printf("phase_%s %.3f %ld %ld\n", p.what.c_str(), p.ms, p.rss_kib, p.heap_kib);
}

void print_rss(const char* when) {
  const auto [rss, hwm] = rss_kib();
  std::printf("rss_%s %ld %ld %ld %ld\nhwm_%s %ld\n", when, rss, status_kib("RssAnon"), status_kib("RssFile"), malloc_kib(),
              when, hwm);
}

// A frame drawn to the end. Offscreen, SDL_GL_SwapWindow is eglSwapBuffers on a pbuffer, which
// does nothing: llvmpipe would queue every frame's drawing without ever running it (and the
// process grows by hundreds of MB over a few hundred frames). glFinish makes each frame's
// pixels real, as a window's swap does on a kiosk.
void finished_frame(ui::Runner& runner) {
  runner.frame(true);
  glFinish();
}

// The drive: frames in virtual time (the kiosk's clocks, idle timer and touch input see 16 ms a
// frame), rendered, while the timing itself is real.
class Driver {
 public:
  explicit Driver(Kiosk& k) : k_(k) {
    k_.runner->use_virtual_time();
    t0_ = k_.runner->now();
  }
  kiosk::KioskModel& model() { return *k_.model; }
  ui::Runner& runner() { return *k_.runner; }
  [[nodiscard]] double now_ms() const {
    return std::chrono::duration<double, std::milli>(k_.runner->now() - t0_).count();
  }
  // One frame `step` later, rendered to the last pixel (see finished_frame); returns its real length in ms.
  double frame(milliseconds step = milliseconds(16)) {
    k_.runner->advance(step);
    const auto start = Clock::now();
    finished_frame(*k_.runner);
    const double ms = ms_since(start);
    to_pixels_.push_back(ms);
    return ms;
  }
  std::vector<double>& to_pixels() { return to_pixels_; }
  [[nodiscard]] std::size_t rebuilds() const { return k_.fonts->rebuilds(); }
  void touch() { k_.model->touch(k_.runner->now()); }  // the idle timer starts again
  // Frames until a lookup in flight has answered (real time passes for the worker).
  void settle() {
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (k_.app->busy() && Clock::now() < deadline) {
      std::this_thread::sleep_for(milliseconds(1));
      frame();
    }
    frame();
  }
  void type(const std::string& id) {
    for (char c : id) {
      model().key(c);
      frame();
    }
  }
 private:
  Kiosk& k_;
  Clock::time_point t0_;
  std::vector<double> to_pixels_;  // ms of each frame, Runner::frame + glFinish
};

// One screen's figures over `frames` rendered frames after `warmup`; `each` runs before every
// frame (a key, a drag step). Prints build p50/p99/max, Runner frame p50/p99/max (to present)
// and the frame to its last pixel (with glFinish) p50/p99/max, in ms.
void measure_screen(Driver& d, const std::string& name, int warmup, int frames,
                    const std::function<void(int)>& each, milliseconds step = milliseconds(16)) {
  for (int i = 0; i < warmup; ++i) {
    each(i);
    d.frame(step);
  }
  auto& stats = d.runner().stats();
  stats.clear();
  d.to_pixels().clear();
  const std::size_t rebuilds = d.rebuilds();
  for (int i = 0; i < frames; ++i) {
    each(warmup + i);
    d.frame(step);
  }
  const auto& px = d.to_pixels();
  std::printf("screen_%s %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f %.4f %zu %zu\n", name.c_str(), stats.build_percentile(50),
              stats.build_percentile(99), stats.build_percentile(100), stats.frame_percentile(50),
              stats.frame_percentile(99), stats.frame_percentile(100), percentile(px, 50), percentile(px, 99),
              percentile(px, 100), d.rebuilds() - rebuilds, stats.count());
}

// Scrolls a list up and down for ever: a drag of 20 frames one way, a pause for the momentum, the other way.
struct Scroller {
  Driver& d;
  float x, top, bottom;
  std::int64_t finger = 5000;
  void operator()(int i) {
    const int phase = i % 60;
    const bool down = (i / 60) % 2 == 0;
    const float from = down ? bottom : top;
    const float to = down ? top : bottom;
    auto& touch = d.runner().touch();
    if (phase == 0) touch.down(++finger, x, from, d.now_ms());
    if (phase > 0 && phase <= 20) touch.move(finger, x, from + (to - from) * static_cast<float>(phase) / 20, d.now_ms());
    if (phase == 21) touch.up(finger, x, to, d.now_ms());
  }
};

struct Samples {
  std::string many;                 // the resident with the most payments (the statement to scroll)
  std::vector<std::string> others;  // more residents with records, for first lookups
};

// The sample IDs the parent hands over: the first is the one with many payments.
Samples samples_from(const std::string& list) {
  Samples s;
  std::stringstream in(list);
  std::string id;
  while (std::getline(in, id, ',')) {
    if (s.many.empty()) s.many = id;
    else s.others.push_back(id);
  }
  if (s.many.empty()) throw std::runtime_error("--ids is empty");
  return s;
}

std::int64_t longest_notice(const sync::FeedSync& feed) {
  const auto data = feed.data();
  if (!data || data->notices.empty()) throw std::runtime_error("the replica has no notices");
  const auto it = std::max_element(data->notices.begin(), data->notices.end(), [](const auto& a, const auto& b) {
    return a.status == "retracted" || (b.status != "retracted" && a.body.size() < b.body.size());
  });
  std::printf("longest_notice_bytes %zu\nnotices %zu\n", it->body.size(), data->notices.size());
  return it->id;
}

void look_up(Driver& d, const std::string& id) {
  d.model().open_lookup();
  d.frame();
  d.type(id);
  d.model().key_submit();
  d.frame();
  d.settle();
  if (d.model().lookup().state() != kiosk::LookupFlow::State::Found)
    throw std::runtime_error(fmt::format("the lookup of a sample ID ended '{}'", kiosk::state_word(d.model().lookup().state())));
}

// Every screen, `frames` rendered frames each after a warm-up.
int child_screens(Kiosk& k, const Samples& ids, int frames) {
  Driver d(k);
  const int warmup = 40;
  const float h = static_cast<float>(k.platform->height());
  auto& model = d.model();
  d.frame();
  d.touch();
  measure_screen(d, "home", warmup, frames, [](int) {});

  d.touch();
  model.open_lookup();
  const std::string typing = ids.many;
  measure_screen(d, "lookup_typing", warmup, frames, [&](int i) {
    const auto at = static_cast<std::size_t>(i) % (typing.size() + 1);
    if (at == typing.size()) model.key_clear();
    else model.key(typing[at]);
  });

  d.touch();
  look_up(d, ids.many);
  Scroller scroll{d, 0.5f * static_cast<float>(k.platform->width()), 0.25f * h, 0.75f * h};
  measure_screen(d, "lookup_result", warmup, frames, [&](int i) { scroll(i); });
  // The countdown over the result a person walked away from: the idle timer runs out, then its
  // seconds tick (each frame a little less virtual time so the countdown never ends).
  d.frame(milliseconds(k.config.idle_seconds * 1000 + 500));
  const auto step = milliseconds(std::max(1, (k.config.countdown_seconds * 1000 - 1000) / (warmup + frames + 2)));
  measure_screen(d, "countdown", warmup, frames, [](int) {}, step);
  if (!model.countdown_view().active) throw std::runtime_error("the countdown was not on screen throughout");

  d.touch();
  model.go_home();
  d.frame();
  model.open_notices();
  const std::array tabs{core::NoticeCategory::VillageAffairs, core::NoticeCategory::Finance,
                        core::NoticeCategory::PartyAffairs, core::NoticeCategory::PublicNotice};
  measure_screen(d, "notices", warmup, frames, [&](int i) {
    if (i % 50 == 0) model.select_tab(tabs[static_cast<std::size_t>(i / 50) % tabs.size()]);
  });

  d.touch();
  model.open_notice(longest_notice(*k.feed));
  d.frame();
  if (model.screen() != kiosk::Screen::NoticeDetail) throw std::runtime_error("the longest notice did not open");
  measure_screen(d, "notice_detail", warmup, frames, [&](int i) { scroll(i); });
  std::printf("atlas %d %d %zu\n", k.fonts->atlas_width(), k.fonts->atlas_height(), k.fonts->rebuilds());
  return 0;
}

// From the start of the process to the first frame on screen (the parent's fork time is the
// origin), then a tour of every screen and the memory it leaves.
int child_start(Kiosk& k, const Samples& ids, bool tour) {
  const auto start = Clock::now();
  finished_frame(*k.runner);
  k.mark("first_frame");
  print_phases(k);
  std::printf("first_frame_alone %.3f\n", ms_since(start));
  std::printf("first_frame_rebuilds %zu\n", k.fonts->rebuilds());
  const std::string shown = k.app->dump();
  std::printf("first_frame_has_data %d\n", shown.find("数据更新于") != std::string::npos ? 1 : 0);
  print_rss("first_frame");
  if (!tour) return 0;

  Driver d(k);
  auto& model = d.model();
  const float h = static_cast<float>(k.platform->height());
  Scroller scroll{d, 0.5f * static_cast<float>(k.platform->width()), 0.25f * h, 0.75f * h};
  for (int i = 0; i < 30; ++i) d.frame();
  d.touch();
  look_up(d, ids.many);
  for (int i = 0; i < 240; ++i) {
    scroll(i);
    d.frame();
  }
  model.go_home();
  d.frame();
  model.open_notices();
  for (const auto tab : {core::NoticeCategory::VillageAffairs, core::NoticeCategory::Finance,
                         core::NoticeCategory::PartyAffairs, core::NoticeCategory::PublicNotice}) {
    model.select_tab(tab);
    for (int i = 0; i < 10; ++i) d.frame();
  }
  d.touch();
  model.open_notice(longest_notice(*k.feed));
  for (int i = 0; i < 240; ++i) {
    scroll(i);
    d.frame();
  }
  model.go_home();
  d.frame();
  d.frame(milliseconds(k.config.idle_seconds * 1000 + 500));
  for (int i = 0; i < 30; ++i) d.frame(milliseconds(100));
  print_rss("tour");
  std::printf("tour_atlas %d %d %zu\n", k.fonts->atlas_width(), k.fonts->atlas_height(), k.fonts->rebuilds());
  // What one rebuild of that atlas costs between frames (a new person's characters, a tab's titles).
  std::vector<double> build_ms, upload_ms;
  for (int i = 0; i < 3; ++i) {
    const auto build = Clock::now();
    k.fonts->rebuild();
    build_ms.push_back(ms_since(build));
    const auto upload = Clock::now();
    k.platform->reload_font_texture();
    glFinish();
    upload_ms.push_back(ms_since(upload));
  }
  std::size_t glyphs = 0;
  for (std::size_t r = 0; r < ui::kFontRoles; ++r) glyphs += k.fonts->glyphs(static_cast<ui::FontRole>(r));
  std::printf("atlas_rebuild_ms %.3f %.3f %zu\n", median(build_ms), median(upload_ms), glyphs);
  // 大字: every role's font again at 1.3 times the size.
  d.touch();
  model.toggle_large_text();
  look_up(d, ids.many);
  for (int i = 0; i < 60; ++i) {
    scroll(i);
    d.frame();
  }
  model.go_home();
  d.frame();
  print_rss("large_text");
  std::printf("large_text_atlas %d %d %zu\n", k.fonts->atlas_width(), k.fonts->atlas_height(), k.fonts->rebuilds());
  return 0;
}

// Tap on 查询 → the first frame that shows the result, in real time, frames paced at 60 Hz as
// vsync would pace them. One line per lookup: ms from the finger's release to the end of the
// frame that drew the result, to the frame that saw the tap, that last frame's length, the atlas
// rebuilds it made and the frames it took.
// With `draw` false the frames are built but not drawn: the latency of the UI side alone, as on
// a GPU that draws a frame in well under its 16.7 ms.
int child_tap(Kiosk& k, const Samples& ids, int rounds, bool draw) {
  auto& runner = *k.runner;
  auto& model = *k.model;
  const auto period = std::chrono::microseconds(16'667);
  const auto origin = Clock::now();  // TouchInput's clock: close enough to the runner's own start
  const auto t_ms = [&] { return std::chrono::duration<double, std::milli>(Clock::now() - origin).count(); };
  auto next_tick = Clock::now();
  const auto paced = [&] {
    if (draw) finished_frame(runner);
    else runner.frame(false);
    next_tick += period;
    if (Clock::now() < next_tick) std::this_thread::sleep_until(next_tick);
    else next_tick = Clock::now();
  };
  for (int i = 0; i < 10; ++i) paced();
  std::vector<std::string> order{ids.many};
  for (const auto& id : ids.others) order.push_back(id);
  for (int r = 0; r < rounds; ++r) {
    const std::string& id = order[static_cast<std::size_t>(r) % order.size()];
    model.touch(runner.now());
    model.go_home();
    paced();
    model.open_lookup();
    paced();
    for (char c : id) {
      model.key(c);
      paced();
    }
    paced();
    const auto hit = runner.hits().find(model.lookup_view().keypad.submit);
    if (!hit) throw std::runtime_error("no 查询 key on screen");
    runner.touch().down(900 + r, hit->cx(), hit->cy(), t_ms());
    for (int i = 0; i < 5; ++i) paced();  // a finger rests about 80 ms
    const std::size_t rebuilds_before = k.fonts->rebuilds();
    runner.touch().up(900 + r, hit->cx(), hit->cy(), t_ms());
    const auto released = Clock::now();
    double searching_at = 0, found_frame_ms = 0;
    int frames = 0;
    while (true) {
      const auto frame_start = Clock::now();
      paced();
      ++frames;
      const auto state = model.lookup().state();
      if (state == kiosk::LookupFlow::State::Searching && searching_at == 0) searching_at = ms_since(released);
      if (state == kiosk::LookupFlow::State::Found) {
        found_frame_ms = ms_since(frame_start);
        break;
      }
      if (state != kiosk::LookupFlow::State::Searching && frames > 2)
        throw std::runtime_error(fmt::format("the lookup ended '{}'", kiosk::state_word(state)));
      if (ms_since(released) > 30'000) throw std::runtime_error("no result within 30 s");
    }
    const auto total = ms_since(released);
    if (!runner.hits().find(model.lookup_view().again_label)) throw std::runtime_error("the result page was not drawn");
    std::printf("tap %d %.3f %.3f %.3f %zu %d\n", r, total, searching_at, found_frame_ms,
                k.fonts->rebuilds() - rebuilds_before, frames);
  }
  print_rss("taps");  // a production-cost lookup's Argon2id takes 64 MiB on its worker: VmHWM shows it
  return 0;
}

int child_main(int argc, char** argv) {
  // Taken first: the parent's fork time (CLOCK_MONOTONIC in ns) is the start of "start to first frame".
  const auto fork_ns = std::stoll(arg_value(argc, argv, "--fork-ns", "0"));
  const Clock::time_point origin = fork_ns ? Clock::time_point(std::chrono::nanoseconds(fork_ns)) : Clock::now();
  const std::string mode = argv[2];
  const fs::path config = argv[3];
  const auto size = arg_value(argc, argv, "--size", "1080x1920");
  const int w = std::stoi(size.substr(0, size.find('x')));
  const int h = std::stoi(size.substr(size.find('x') + 1));
  const Samples ids = samples_from(arg_value(argc, argv, "--ids", ""));
  Kiosk k(config, w, h, arg_value(argc, argv, "--lookup-replica", ""), origin);
  std::printf("size %dx%d\n", k.platform->width(), k.platform->height());
  if (mode == "start") return child_start(k, ids, false);
  if (mode == "tour") return child_start(k, ids, true);
  if (mode == "screens") return child_screens(k, ids, std::stoi(arg_value(argc, argv, "--frames", "300")));
  if (mode == "tap")
    return child_tap(k, ids, std::stoi(arg_value(argc, argv, "--rounds", "8")), arg_value(argc, argv, "--draw", "1") == "1");
  throw std::runtime_error("unknown child mode " + mode);
}

// ═══════════════════════════ the parent ═══════════════════════════

// Runs a program, returns its exit code and stdout; stderr passes through. `fork_ns` receives
// the fork time, for children that measure from it.
struct Captured {
  int exit_code = -1;
  std::string out;
  double seconds = 0;
  long peak_rss_kib = 0;
};

Captured capture(std::vector<std::string> argv, bool pass_fork_time = false, bool quiet = false) {
  int pipe_fd[2];
  if (pipe(pipe_fd) != 0) throw std::runtime_error("pipe failed");
  const auto start = Clock::now();
  if (pass_fork_time) {
    argv.push_back("--fork-ns");
    argv.push_back(std::to_string(steady_ns()));
  }
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fd[1], 1);
    if (quiet) {
      const int null = ::open("/dev/null", O_WRONLY);
      dup2(null, 2);
    }
    close(pipe_fd[0]);
    close(pipe_fd[1]);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(pipe_fd[1]);
  Captured c;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = read(pipe_fd[0], buffer, sizeof buffer)) > 0) c.out.append(buffer, static_cast<std::size_t>(n));
  close(pipe_fd[0]);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  c.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  c.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  c.peak_rss_kib = usage.ru_maxrss;
  return c;
}

// "key v1 v2 …" lines of a child's output.
std::map<std::string, std::vector<double>> parse_lines(const std::string& out) {
  std::map<std::string, std::vector<double>> v;
  std::stringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    std::stringstream words(line);
    std::string key;
    words >> key;
    std::string word;
    auto& values = v[key];
    while (words >> word) {
      try {
        values.push_back(std::stod(word));
      } catch (const std::exception&) {
      }
    }
  }
  return v;
}

// The demo feed as `sunlight-feed demo` builds it, with what it printed.
struct Demo {
  fs::path data;
  std::string public_key, village, kiosk_token;
  std::vector<std::pair<std::string, std::string>> samples;  // ID, description
};

Demo build_demo(const fs::path& root) {
  Demo d;
  d.data = root / "feed";
  std::fprintf(stderr, "bench_kiosk: sunlight-feed demo --data-dir %s…\n", d.data.c_str());
  const auto run = capture({(bin_dir() / "sunlight-feed").string(), "demo", "--data-dir", d.data.string(), "--force"});
  if (run.exit_code != 0) throw std::runtime_error("sunlight-feed demo failed:\n" + run.out);
  std::stringstream in(run.out);
  std::string line;
  while (std::getline(in, line)) {
    const auto after = [&](const std::string& marker) {
      const auto at = line.find(marker);
      return at == std::string::npos ? std::string{} : line.substr(at + marker.size());
    };
    if (auto k = after("public key (terminals pin it):"); !k.empty()) d.public_key = std::string(core::text::trim(k));
    if (line.rfind("village ", 0) == 0) d.village = line.substr(8, 12);
    if (line.rfind("kiosk token", 0) == 0) d.kiosk_token = std::string(core::text::trim(line.substr(line.find("slt_"))));
    if (line.size() > 22 && line.rfind("  ", 0) == 0 && std::isdigit(static_cast<unsigned char>(line[2])))
      d.samples.emplace_back(line.substr(2, 18), std::string(core::text::trim(line.substr(20))));
  }
  if (d.public_key.empty() || d.village.empty() || d.kiosk_token.empty() || d.samples.empty())
    throw std::runtime_error("could not read the demo's key, village, token or samples from:\n" + run.out);
  return d;
}


fs::path write_kiosk_config(const fs::path& root, const Demo& demo, int port) {
  const auto file = root / "kiosk.toml";
  std::ofstream(file) << fmt::format(
      "[terminal]\nkind = \"kiosk\"\nname = \"演示触摸屏\"\ndata_dir = \"replica\"\n\n"
      "[feed]\nurl = \"http://127.0.0.1:{}\"\nscope = \"{}\"\ndevice_token = \"{}\"\npublic_key = \"{}\"\n\n"
      "[kiosk]\nwidth = 1080\nheight = 1920\n",
      port, demo.village, demo.kiosk_token, demo.public_key);
  return file;
}

// The kiosk's replica, synced once (what a kiosk has after its first minutes on the network).
struct Synced {
  std::int64_t persons = 0, notices = 0;
};

Synced sync_replica(const fs::path& config_file) {
  auto loaded = kiosk::load_kiosk_config(config_file);
  if (!loaded) throw std::runtime_error("the kiosk config did not load: " + loaded.problem().code);
  fs::remove_all(loaded->sync.data_dir);
  sync::FeedSync feed(loaded->sync);
  const auto result = feed.run_round();
  const auto status = feed.status();
  if (!result.ok || !status->people_ready) throw std::runtime_error("the kiosk did not sync: " + status->last_error);
  Synced s;
  s.notices = static_cast<std::int64_t>(feed.data()->notices.size());
  sync::Replica replica(sync::replica_file(loaded->sync.data_dir).string(), sync::Replica::Options{sync::Replica::Mode::ReadOnly, 0});
  s.persons = replica.person_count();
  return s;
}

// A people stream sealed at the production cost (Argon2id 3 × 64 MiB), without sealing a
// village at that cost: the samples' records opened with their minimum-cost keys and sealed
// again under production keys, plus the village's other records as random bytes of their sizes
// under random tags, so the table is the village's size. As bench_sync builds its own.
fs::path build_production_replica(const fs::path& root, const Demo& demo, const fs::path& kiosk_replica,
                                  const std::vector<std::string>& ids) {
  const auto dir = root / "replica-production";
  fs::remove_all(dir);
  fs::create_directories(dir);
  core::SealParams demo_params = [&] {
    feed::Store store(feed::store_file(demo.data).string());
    return feed::load_seal_params(store);
  }();
  const auto params = core::SealParams::production(core::random_bytes(core::kSealSaltBytes));
  sync::FeedBody body;
  body.snapshot = true;
  body.stream = sync::Stream::People;
  body.scope = demo.village;
  body.seal = params.to_json();
  const auto at = core::format_utc_iso(core::now_utc());
  auto add = [&](const std::string& tag_hex, std::string record) {
    sync::FeedEntry e;
    e.kind = "person";
    e.key = tag_hex;
    e.op = "seal";
    e.region = demo.village;
    e.at = at;
    e.data = nlohmann::json{{"tag", tag_hex}, {"record", std::move(record)}};
    body.entries.push_back(std::move(e));
  };
  sync::Replica source(kiosk_replica.string(), sync::Replica::Options{sync::Replica::Mode::ReadOnly, 0});
  std::vector<std::string> tags_used;
  for (const auto& id : ids) {
    const auto demo_key = core::derive_person_key(id, demo_params);
    const auto tag = core::to_hex(demo_key.tag);
    const auto record = source.person_record(tag);
    if (!record) throw std::runtime_error("a sample's record is not in the kiosk's replica");
    const auto plain = core::open_person_record(demo_key, *record);
    if (!plain) throw std::runtime_error("a sample's record did not open with its minimum-cost key");
    const auto key = core::derive_person_key(id, params);
    add(core::to_hex(key.tag), core::to_base64(core::seal_record(key, core::gzip_compress(plain->dump()))));
    tags_used.push_back(tag);
  }
  SQLite::Statement all(source.db(), "SELECT tag, record FROM persons ORDER BY tag");
  while (all.executeStep()) {
    if (std::find(tags_used.begin(), tags_used.end(), all.getColumn(0).getString()) != tags_used.end()) continue;
    add(core::to_hex(core::random_bytes(32)), core::to_base64(core::random_bytes(all.getColumn(1).getString().size() / 4 * 3)));
  }
  std::sort(body.entries.begin(), body.entries.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  for (std::size_t i = 0; i < body.entries.size(); ++i) body.entries[i].seq = static_cast<std::int64_t>(i + 1);
  body.as_of = static_cast<std::int64_t>(body.entries.size());
  sync::Replica replica(sync::replica_file(dir).string());
  replica.apply(body, at);
  return sync::replica_file(dir);
}

// ─── report helpers ───

std::string list(const std::vector<double>& values, const char* format) {
  std::string out;
  for (double v : values) out += fmt::format(fmt::runtime(format), v);
  return out;
}

std::vector<double> column(const std::vector<std::map<std::string, std::vector<double>>>& runs, const std::string& key,
                           std::size_t i = 0) {
  std::vector<double> v;
  for (const auto& r : runs)
    if (auto it = r.find(key); it != r.end() && it->second.size() > i) v.push_back(it->second[i]);
  return v;
}

Captured run_child_checked(std::vector<std::string> argv, bool fork_time = false) {
  auto c = capture(std::move(argv), fork_time);
  if (c.exit_code != 0) throw std::runtime_error(fmt::format("a child run failed (exit {}):\n{}", c.exit_code, c.out));
  return c;
}

// The demo's samples that have records in the kiosk's replica, the one with the most payments
// (the demo lists it first: 77) first; a sample without any ("未查到") is left out.
std::vector<std::string> found_samples(const Demo& demo, const fs::path& replica_file) {
  feed::Store store(feed::store_file(demo.data).string());
  const auto params = feed::load_seal_params(store);
  sync::Replica replica(replica_file.string(), sync::Replica::Options{sync::Replica::Mode::ReadOnly, 0});
  std::vector<std::string> ids;
  for (const auto& [id, description] : demo.samples)
    if (replica.person_record(core::to_hex(core::derive_person_key(id, params).tag))) ids.push_back(id);
  if (ids.empty()) throw std::runtime_error("no demo sample has a record in the kiosk's replica");
  return ids;
}

using Runs = std::vector<std::map<std::string, std::vector<double>>>;

Runs child_runs(const std::string& what, int runs, const std::vector<std::string>& argv, bool fork_time = false) {
  Runs out;
  for (int r = 0; r < runs; ++r) {
    std::fprintf(stderr, "bench_kiosk: %s, run %d of %d…\n", what.c_str(), r + 1, runs);
    out.push_back(parse_lines(run_child_checked(argv, fork_time).out));
  }
  return out;
}

double med(const Runs& runs, const std::string& key, std::size_t i = 0) { return median(column(runs, key, i)); }

void report_start(const Runs& start, const std::vector<Captured>& program) {
  std::printf("\n1. start to first interactive frame (headless 1080×1920, demo replica synced, a FeedSync started; "
              "%zu processes, medians)\n", start.size());
  const double first = med(start, "phase_first_frame");
  std::printf("  fork → first frame presented        %8.1f ms  (target < 1000 ms: %s)   runs:%s\n", first,
              verdict(first, 1000), list(column(start, "phase_first_frame"), " {:.0f}").c_str());
  double before = 0;
  for (const char* phase : {"config", "feed_sync", "platform", "fonts", "model", "first_frame"}) {
    const double at = med(start, fmt::format("phase_{}", phase));
    std::printf("    %-14s ends at %7.1f ms  (+%6.1f ms)  VmRSS %6.1f MiB  malloc %6.1f MiB\n", phase, at, at - before,
                med(start, fmt::format("phase_{}", phase), 1) / 1024, med(start, fmt::format("phase_{}", phase), 2) / 1024);
    before = at;
  }
  std::printf("    the first frame itself (update, atlas build of %.0f rebuild(s), texture, build, draw, present): %.1f ms; "
              "it shows the replica's data: %s\n", med(start, "first_frame_rebuilds"), med(start, "first_frame_alone"),
              med(start, "first_frame_has_data") == 1 ? "yes" : "NO");
  std::vector<double> whole;
  for (const auto& c : program) whole.push_back(c.seconds * 1e3);
  std::printf("  whole program `sunlight-kiosk --headless --script` of one `screenshot` (waits for a sync round, "
              "writes a PNG, exits): %.0f ms   runs:%s\n", median(whole), list(whole, " {:.0f}").c_str());
}

void report_screens(const std::string& size, const Runs& runs, int frames) {
  std::printf("\n2. UI build time per frame (NewFrame → Render) at %s; %d rendered frames per screen after 40 warm-up, "
              "medians of %zu processes' percentiles, ms\n", size.c_str(), frames, runs.size());
  std::printf("  %-14s %9s %9s %9s %-6s | %11s %11s | %10s %10s %10s | %8s\n", "screen", "build p50", "build p99",
              "build max", "< 4 ms", "present p50", "present p99", "pixels p50", "pixels p99", "pixels max", "rebuilds");
  for (const char* screen : {"home", "lookup_typing", "lookup_result", "countdown", "notices", "notice_detail"}) {
    const std::string key = fmt::format("screen_{}", screen);
    const double p99 = med(runs, key, 1);
    std::printf("  %-14s %9.3f %9.3f %9.3f %-6s | %11.2f %11.2f | %10.2f %10.2f %10.2f | %8.0f\n", screen,
                med(runs, key, 0), p99, med(runs, key, 2), verdict(p99, 4.0), med(runs, key, 3), med(runs, key, 4),
                med(runs, key, 6), med(runs, key, 7), med(runs, key, 8), med(runs, key, 9));
  }
  std::printf("  (present: Runner::frame — events, update, build, GL calls, swap; pixels: that and glFinish, the frame "
              "drawn to its last pixel by llvmpipe — software GL on this machine's CPUs, not a kiosk's GPU. Atlas "
              "%.0f×%.0f at the end; the longest notice %.0f bytes)\n",
              med(runs, "atlas", 0), med(runs, "atlas", 1), med(runs, "longest_notice_bytes"));
}

void report_taps(const char* what, const Runs& runs, double target) {
  // Per process: the first lookup (a new person: the atlas gains their characters) and the rest.
  std::vector<double> first, again, clicked, found_frame, rebuilt;
  for (const auto& r : runs) {
    const auto& v = r.at("tap");
    for (std::size_t i = 0; i + 5 < v.size() + 1; i += 6) {
      (i == 0 ? first : again).push_back(v[i + 1]);
      clicked.push_back(v[i + 2]);
      found_frame.push_back(v[i + 3]);
      rebuilt.push_back(v[i + 4] > 0 ? 1 : 0);
    }
  }
  std::printf("  %-38s first in a process %7.1f ms  later %7.1f ms (p90 %7.1f)  %s\n", what, median(first), median(again),
              percentile(again, 90),
              target > 0 ? fmt::format("(target < {} ms: {})", target, verdict(std::max(median(first), median(again)), target)).c_str()
                         : "(report)");
  std::printf("  %-38s the tap seen (Searching) after %.1f ms; the frame that drew the result %.1f ms; the atlas rebuilt "
              "for it in %.0f of %zu lookups (medians; a frame includes its wait for the 60 Hz tick)\n", "", median(clicked), median(found_frame),
              std::accumulate(rebuilt.begin(), rebuilt.end(), 0.0), rebuilt.size());
  std::printf("  %-38s first:%s   later:%s ms;  VmHWM of the process afterwards %.1f MiB\n", "", list(first, " {:.0f}").c_str(),
              list(again, " {:.0f}").c_str(), med(runs, "hwm_taps") / 1024);
}

void report_memory(const Runs& tour, const std::vector<Captured>& program) {
  std::printf("\n4. resident memory (/proc/self/status), %zu processes, medians, MiB (anon: RssAnon; file: RssFile — "
              "libraries and the mapped font files; malloc: bytes malloc has handed out)\n", tour.size());
  for (const auto& [key, what] : std::vector<std::pair<std::string, std::string>>{
           {"first_frame", "after the first frame"},
           {"tour", "after every screen (lookup result, notices, longest notice, countdown)"},
           {"large_text", "… then 大字 (every font 1.3×) with the result again"}}) {
    const double rss = med(tour, "rss_" + key) / 1024;
    std::printf("  %-70s VmRSS %6.1f (target < 150: %s)  VmHWM %6.1f  anon %6.1f  file %6.1f  malloc %6.1f\n",
                what.c_str(), rss, verdict(rss, 150), med(tour, "hwm_" + key) / 1024, med(tour, "rss_" + key, 1) / 1024,
                med(tour, "rss_" + key, 2) / 1024, med(tour, "rss_" + key, 3) / 1024);
  }
  std::printf("  atlas after the tour %.0f×%.0f (%.0f glyphs over the 5 roles), with 大字 %.0f×%.0f; one rebuild of the tour's "
              "atlas: Fonts::rebuild %.1f ms + texture upload %.1f ms\n", med(tour, "tour_atlas", 0), med(tour, "tour_atlas", 1),
              med(tour, "atlas_rebuild_ms", 2), med(tour, "large_text_atlas", 0), med(tour, "large_text_atlas", 1),
              med(tour, "atlas_rebuild_ms", 0), med(tour, "atlas_rebuild_ms", 1));
  std::vector<double> peaks;
  for (const auto& c : program) peaks.push_back(static_cast<double>(c.peak_rss_kib) / 1024);
  std::printf("  whole program `sunlight-kiosk --headless --script` touring the same screens (it renders only the first "
              "frame and screenshots): peak RSS %.1f MiB   runs:%s\n", median(peaks), list(peaks, " {:.1f}").c_str());
}

// A script for the real program: every screen, no screenshots.
fs::path write_scripts(const fs::path& root, const std::string& id, const std::string& notice_title) {
  std::ofstream(root / "first.txt") << "screenshot first\n";
  std::ofstream(root / "tour.txt") << fmt::format(
      "tap 惠民资金查询\ntype {}\ntap 查询\nexpect 查询结果\ndrag 540 1500 540 400\ndrag 540 1500 540 400\n"
      "tap 返回首页\ntap 村务公开\ntap 财务\ntap 党务\ntap 公示\ntap 村务\ntap \"{}\"\ndrag 540 1500 540 400\n"
      "tap 返回首页\nwait 75s\n",
      id, notice_title);
  return root;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[1]) == "--child") {
    try {
      return child_main(argc, argv);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "bench_kiosk child: %s\n", e.what());
      return 1;
    }
  }
  const int runs = std::max(1, std::stoi(arg_value(argc, argv, "--runs", "3")));
  const fs::path work = arg_value(argc, argv, "--work", "/tmp/sunlight-bench");
  const int frames = std::clamp(std::stoi(arg_value(argc, argv, "--frames", "300")), 50, 590);
  const int portrait_runs = std::max(1, std::stoi(arg_value(argc, argv, "--portrait-runs", "1")));
  core::crypto_init();
  setenv("SDL_VIDEODRIVER", "offscreen", 0);

  try {
    const fs::path root = work / "kiosk";
    fs::create_directories(root);
    const auto build_start = Clock::now();
    const Demo demo = build_demo(root);
    const double demo_seconds = std::chrono::duration<double>(Clock::now() - build_start).count();
    RunningFeed feed(demo.data, 4);
    const auto config = write_kiosk_config(root, demo, feed.port);
    const auto synced = sync_replica(config);
    const auto replica = sync::replica_file(root / "replica");
    const auto ids = found_samples(demo, replica);
    std::string ids_arg;
    for (const auto& id : ids) {
      if (!ids_arg.empty()) ids_arg += ',';
      ids_arg += id;
    }
    std::fprintf(stderr, "bench_kiosk: a replica sealed at the production cost…\n");
    const auto production = build_production_replica(root, demo, replica, ids);
    const std::string self = (bin_dir() / "bench_kiosk").string();
    const std::string kiosk_program = (bin_dir() / "sunlight-kiosk").string();
    const auto child = [&](const char* mode, std::vector<std::string> more) {
      std::vector<std::string> command{self, "--child", mode, config.string(), "--ids", ids_arg};
      command.insert(command.end(), more.begin(), more.end());
      return command;
    };
    std::string notice_title;
    {
      sync::Replica r(replica.string(), sync::Replica::Options{sync::Replica::Mode::ReadOnly, 0});
      SQLite::Statement q(r.db(), "SELECT title FROM notices WHERE category = 'village_affairs' ORDER BY publish_at DESC LIMIT 1");
      if (q.executeStep()) notice_title = q.getColumn(0).getString();
    }
    write_scripts(root, ids.front(), notice_title);

    // 1. Start-up, as separate processes.
    const auto start = child_runs("start to first frame", runs, child("start", {}), true);
    std::vector<Captured> first_program;
    for (int r = 0; r < runs; ++r)
      first_program.push_back(capture({kiosk_program, "--config", config.string(), "--headless", "--script",
                                       (root / "first.txt").string(), "--out", (root / "shots").string()}, false, true));
    // 2. Every screen, landscape 1920×1080, then portrait for reference.
    const auto landscape = child_runs("screens 1920×1080", runs, child("screens", {"--size", "1920x1080", "--frames", std::to_string(frames)}));
    const auto portrait = child_runs("screens 1080×1920", portrait_runs,
                                     child("screens", {"--size", "1080x1920", "--frames", std::to_string(frames)}));
    // 3. Tap on 查询 to the result, at both costs.
    const auto taps = [&](const char* what, const char* rounds, const char* draw, const std::string& lookup_replica) {
      std::vector<std::string> more{"--size", "1920x1080", "--rounds", rounds, "--draw", draw};
      if (!lookup_replica.empty()) more.insert(more.end(), {"--lookup-replica", lookup_replica});
      return child_runs(what, runs, child("tap", more));
    };
    const auto taps_demo = taps("tap to result, demo cost", "8", "1", "");
    const auto taps_demo_ui = taps("tap to result, demo cost, frames not drawn", "8", "0", "");
    const auto taps_prod = taps("tap to result, production cost", "4", "1", production.string());
    const auto taps_prod_ui = taps("tap to result, production cost, frames not drawn", "4", "0", production.string());
    // 4. Memory after a tour of every screen.
    const auto tour = child_runs("memory tour", runs, child("tour", {}));
    std::vector<Captured> tour_program;
    for (int r = 0; r < runs; ++r) {
      tour_program.push_back(capture({kiosk_program, "--config", config.string(), "--headless", "--script",
                                      (root / "tour.txt").string(), "--out", (root / "shots").string()}, false, true));
      if (tour_program.back().exit_code != 0) throw std::runtime_error("the tour script failed:\n" + tour_program.back().out);
    }

    std::printf("kiosk, village demo (`sunlight-feed demo`, built in %.1f s): village %s, %lld sealed persons, %lld notices "
                "in the kiosk's replica; samples %s (the first: the most payments)\n", demo_seconds, demo.village.c_str(),
                static_cast<long long>(synced.persons), static_cast<long long>(synced.notices), ids_arg.c_str());
    std::printf("  headless: SDL offscreen EGL on Mesa llvmpipe (software GL on this machine's CPUs); "
                "an in-process feed on 127.0.0.1:%d; every figure from child processes\n", feed.port);
    report_start(start, first_program);
    report_screens("1920×1080", landscape, frames);
    report_screens("1080×1920 (portrait, for reference)", portrait, frames);
    std::printf("\n3. tap on 查询 → the first frame showing the result (from the finger's release to the end of that "
                "frame; frames paced at 60 Hz; 1920×1080; %zu processes, 4 sample residents in turn, twice at the demo "
                "cost; \"first\": a process's first lookup)\n", taps_demo.size());
    report_taps("demo (minimum) cost", taps_demo, 100);
    report_taps("demo cost, frames built, not drawn", taps_demo_ui, 100);
    report_taps("production cost (Argon2id 3 × 64 MiB)", taps_prod, 0);
    report_taps("production cost, frames not drawn", taps_prod_ui, 0);
    report_memory(tour, tour_program);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_kiosk: %s\n", e.what());
    return 1;
  }
}
