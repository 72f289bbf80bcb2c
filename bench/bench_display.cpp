// Benchmark: sunlight-display (issue 6) — UI build time per frame at 4K, the frame on llvmpipe at
// 1080p, resident memory, and a soak of many frames with data changing under them.
//
//   bench_display [--runs 3] [--soak-frames 100000] [--soak-every 100] [--soak-draw-every 10]
//                 [--soak-size 1920x1080]
//
// Every measurement runs in a child process of this program (one Platform, Fonts and ImGui
// context each, wired as display/main.cpp wires them), headless: SDL's offscreen driver on Mesa
// llvmpipe. The data is a made-up district (bench/display_data.hpp: 29 towns, 24 funds at three
// levels, 24 months, 40 notices) handed to the screen as the sync thread would. Time is virtual
// (16 ms a frame), so the scenes rotate and the figures ease exactly as on a wall. The children
// print "key value" lines; this process takes medians over --runs children.
//
//   bench_display --child scenes W H FRAMES | sankey W H FLOWS FRAMES | soak W H FRAMES EVERY DRAW_EVERY
//   bench_display --child shots W H DIR   (the district's scenes as PNGs, for a person to look at)
#include <malloc.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <imgui.h>

#include "bench/bench_util.hpp"
#include "bench/display_data.hpp"
#include "display/display_app.hpp"
#include "display/display_config.hpp"
#include "ui/charts/draw.hpp"
#include "ui/fonts.hpp"
#include "ui/platform.hpp"
#include "ui/runner.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

using namespace sunlight;
using namespace sunlight::bench;

namespace {

constexpr auto kFrame = std::chrono::milliseconds(16);

long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

display::DisplayConfig bench_config() {
  display::DisplayConfig c;
  c.sync.scope = "500112";
  c.sync.name = "bench";
  return c;
}

// One headless big screen as display/main.cpp wires it, with the data handed in and virtual time.
struct Screen : display::DisplayScreen {
  Screen(int w, int h) : DisplayScreen(ui::offscreen_options(w, h), bench_config(), nullptr) { runner.use_virtual_time(); }
};

void setup_malloc() {
  ::mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  ::mallopt(M_TRIM_THRESHOLD, 128 * 1024);
}

// Each scene pinned: 60 frames to settle (atlas, easing), then `frames` frames built and drawn.
int child_scenes(int w, int h, int frames) {
  setup_malloc();
  Screen screen(w, h);
  auto& fonts = screen.fonts; auto& app = screen.app; auto& runner = screen.runner;
  app.set_data(display_data(DisplayDataShape{}, 500112), nullptr);
  for (const display::Scene s : display::kAllScenes) {
    app.pin(s);
    for (int i = 0; i < 90; ++i) {
      runner.advance(kFrame);
      runner.frame(true);
    }
    runner.stats().clear();
    for (int i = 0; i < frames; ++i) {
      runner.advance(kFrame);
      runner.frame(true);
    }
    fmt::print("build_{} {:.3f} {:.3f}\n", display::scene_word(s), runner.stats().build_percentile(50),
               runner.stats().build_percentile(99));
    fmt::print("frame_{} {:.3f} {:.3f}\n", display::scene_word(s), runner.stats().frame_percentile(50),
               runner.stats().frame_percentile(99));
  }
  // The rotation itself, scenes sliding into each other included.
  app.pin(std::nullopt);
  runner.stats().clear();
  for (int i = 0; i < 600; ++i) {
    runner.advance(std::chrono::milliseconds(250));
    runner.frame(true);
  }
  fmt::print("build_rotation {:.3f} {:.3f}\n", runner.stats().build_percentile(50), runner.stats().build_percentile(99));
  fmt::print("rss_mib {:.1f}\n", static_cast<double>(rss_kib()) / 1024.0);
  fmt::print("atlas {}x{}\n", fonts.atlas_width(), fonts.atlas_height());
  return 0;
}

// Every scene of the made-up district as PNGs (and .txt) in `dir`: to look at what was measured.
int child_shots(int w, int h, const std::string& dir) {
  Screen screen(w, h);
  auto& app = screen.app; auto& runner = screen.runner;
  app.set_data(display_data(DisplayDataShape{}, 500112), nullptr);
  for (const display::Scene s : display::kAllScenes) {
    app.pin(s);
    for (int i = 0; i < 150; ++i) {
      runner.advance(kFrame);
      runner.frame(false);
    }
    fmt::print("{}\n", runner.screenshot(dir, fmt::format("district-{}-{}", display::scene_word(s), h)).string());
  }
  return 0;
}

// A Sankey of `flows` flows in three levels of columns, straight from the chart: what the overview
// would draw for a district if nothing were grouped into 其他.
class SankeyApp final : public ui::App {
 public:
  explicit SankeyApp(int flows) {
    const int sources = 6, middles = 20;
    const int targets = std::max(1, (flows - sources * middles / 2) / middles);
    for (int i = 0; i < sources; ++i) input_.nodes.push_back({fmt::format("s{}", i), fmt::format("来源{}", i), 0});
    for (int i = 0; i < middles; ++i) input_.nodes.push_back({fmt::format("m{}", i), fmt::format("类别{}", i), 1});
    for (int i = 0; i < targets; ++i) input_.nodes.push_back({fmt::format("t{}", i), fmt::format("镇街{}", i), 2});
    std::mt19937_64 rng(7);
    std::vector<std::int64_t> middle_in(middles, 0);
    for (int m = 0; m < middles; ++m) {
      for (int s = 0; s < sources; ++s) {
        if ((m + s) % 2) continue;
        const auto v = static_cast<std::int64_t>(rng() % 100'000'000) + 1;
        input_.links.push_back({s, sources + m, v});
        middle_in[static_cast<std::size_t>(m)] += v;
      }
    }
    for (int m = 0; m < middles; ++m) {
      std::int64_t left = middle_in[static_cast<std::size_t>(m)];
      for (int t = 0; t < targets; ++t) {
        const std::int64_t v = t + 1 == targets ? left : left / (targets - t);
        input_.links.push_back({sources + m, sources + middles + t, v});
        left -= v;
      }
    }
    for (const auto& n : input_.nodes) labels_.push_back(n.label + "  1.23亿元");
    for (std::size_t i = 0; i < input_.nodes.size(); ++i) colours_.push_back(ui::charts::series_colour(i));
  }
  [[nodiscard]] std::size_t flows() const { return input_.links.size(); }
  void update(ui::Frame& f) override {
    f.fonts.set_unit(ui::theme::base_unit(static_cast<int>(f.width), static_cast<int>(f.height)));
  }
  void build(ui::Frame& f) override {
    ui::begin_screen(f, "sankey");
    const float m = f.unit;
    ui::charts::draw_sankey(f, ui::charts::Rect{m, m, f.width - 2 * m, f.height - 2 * m}, input_, labels_, colours_);
    ui::end_screen();
  }
  [[nodiscard]] std::string dump() const override { return {}; }
  void touched(std::chrono::steady_clock::time_point) override {}

 private:
  ui::charts::SankeyInput input_;
  std::vector<std::string> labels_;
  std::vector<ui::theme::Colour> colours_;
};

int child_sankey(int w, int h, int flows, int frames) {
  setup_malloc();
  ui::Platform platform(ui::offscreen_options(w, h));
  ui::Fonts fonts(ui::theme::base_unit(w, h));
  SankeyApp app(flows);
  ui::Runner runner(platform, fonts, app);
  runner.use_virtual_time();
  for (int i = 0; i < 30; ++i) runner.frame(true);
  runner.stats().clear();
  for (int i = 0; i < frames; ++i) {
    runner.advance(kFrame);
    runner.frame(false);  // the build alone: what the budget is about
  }
  fmt::print("sankey_flows {}\n", app.flows());
  fmt::print("build_sankey {:.3f} {:.3f}\n", runner.stats().build_percentile(50), runner.stats().build_percentile(99));
  return 0;
}

// `frames` frames of the rotating screen, new data every `every` frames (the figures change, so
// every chart eases again), resident memory sampled after warm-up and at the end. Every frame is
// updated and built; every `draw_every`th is also drawn by llvmpipe (40 ms a frame at 1080p on
// two cores would make 100,000 frames take over an hour).
int child_soak(int w, int h, long frames, int every, int draw_every) {
  setup_malloc();
  Screen screen(w, h);
  auto& app = screen.app; auto& runner = screen.runner;
  // The data variants are made ahead (as the sync thread would hand over finished snapshots),
  // and cycle, so the soak measures the screen, not this loop's allocations.
  std::vector<std::shared_ptr<const sync::TerminalData>> variants;
  for (int v = 0; v < 16; ++v) variants.push_back(display_data(DisplayDataShape{}, 500112, v));
  // Warm-up is one whole rotation (the default scenes take 150 s, 9,375 frames of 16 ms): every
  // scene has been drawn once and the heap has met each scene's largest frame.
  const long warm = std::min<long>(frames / 2, 10000);
  long rss_warm = 0;
  double peak_mib = 0;
  const auto started = std::chrono::steady_clock::now();
  for (long i = 0; i < frames; ++i) {
    if (i % every == 0) app.set_data(variants[static_cast<std::size_t>(i / every) % variants.size()], nullptr);
    runner.advance(kFrame);
    runner.frame(i % draw_every == 0);
    if (i + 1 == warm) rss_warm = rss_kib();
    if (i % 1000 == 0) peak_mib = std::max(peak_mib, static_cast<double>(rss_kib()) / 1024.0);
    // The curve, not just two points: a leak climbs steadily, a heap settling in flattens out.
    if ((i + 1) % (frames / 10 > 0 ? frames / 10 : 1) == 0)
      fmt::print("soak_rss_at_{} {:.1f}\n", i + 1, static_cast<double>(rss_kib()) / 1024.0);
  }
  const long rss_end = rss_kib();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print("soak_frames {}\n", frames);
  fmt::print("soak_frames_drawn {}\n", (frames + draw_every - 1) / draw_every);
  fmt::print("soak_view_builds {}\n", app.view_builds());
  fmt::print("soak_rss_warm_mib {:.1f}\n", static_cast<double>(rss_warm) / 1024.0);
  fmt::print("soak_rss_end_mib {:.1f}\n", static_cast<double>(rss_end) / 1024.0);
  fmt::print("soak_growth_mib {:.2f}\n", static_cast<double>(rss_end - rss_warm) / 1024.0);
  fmt::print("soak_peak_mib {:.1f}\n", peak_mib);
  fmt::print("soak_seconds {:.1f}\n", seconds);
  return 0;
}

std::map<std::string, std::vector<double>> parse(const std::string& out) {
  std::map<std::string, std::vector<double>> values;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string key;
    words >> key;
    double v = 0;
    while (words >> v) values[key].push_back(v);
  }
  return values;
}

std::string capture(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
  if (::pclose(pipe) != 0) throw std::runtime_error(fmt::format("a child run failed: {}\n{}", command, out));
  return out;
}

// Runs the child `runs` times and prints, per key, the median of each column.
std::map<std::string, std::vector<double>> medians(const std::string& args, int runs) {
  std::map<std::string, std::vector<std::vector<double>>> all;
  const std::string self = (bin_dir() / "bench_display").string();
  for (int r = 0; r < runs; ++r) {
    for (const auto& [key, values] : parse(capture(fmt::format("SDL_VIDEODRIVER=offscreen {} --child {}", self, args)))) {
      all[key].push_back(values);
    }
  }
  std::map<std::string, std::vector<double>> result;
  for (const auto& [key, rows] : all) {
    for (std::size_t c = 0; c < rows.front().size(); ++c) {
      std::vector<double> column;
      for (const auto& row : rows) column.push_back(c < row.size() ? row[c] : 0);
      result[key].push_back(median(column));
    }
  }
  return result;
}

void show(const std::string& title, const std::map<std::string, std::vector<double>>& values) {
  fmt::print("\n{}\n", title);
  for (const auto& [key, v] : values) {
    std::string line = fmt::format("  {:<22}", key);
    for (const double x : v) line += fmt::format(" {:>10.3f}", x);
    fmt::print("{}\n", line);
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc >= 3 && std::string(argv[1]) == "--child") {
      const std::string mode = argv[2];
      const auto num = [&](int i) { return std::stoi(argv[i]); };
      if (mode == "scenes" && argc >= 6) return child_scenes(num(3), num(4), num(5));
      if (mode == "sankey" && argc >= 7) return child_sankey(num(3), num(4), num(5), num(6));
      if (mode == "shots" && argc >= 6) return child_shots(num(3), num(4), argv[5]);
      if (mode == "soak" && argc >= 8) return child_soak(num(3), num(4), std::stol(argv[5]), num(6), std::max(1, num(7)));
      throw std::runtime_error("unknown child mode");
    }
    const int runs = std::stoi(arg_value(argc, argv, "--runs", "3"));
    const long soak_frames = std::stol(arg_value(argc, argv, "--soak-frames", "100000"));
    const int soak_every = std::stoi(arg_value(argc, argv, "--soak-every", "100"));
    const int soak_draw = std::stoi(arg_value(argc, argv, "--soak-draw-every", "10"));
    std::string soak_size = arg_value(argc, argv, "--soak-size", "1920x1080");
    std::replace(soak_size.begin(), soak_size.end(), 'x', ' ');
    fmt::print("bench_display: {} runs each; columns are p50 p99 in ms unless named\n", runs);
    show("Sankey of ~500 flows at 3840x2160, UI build only (ms p50 p99)", medians("sankey 3840 2160 500 300", runs));
    show("Each scene at 3840x2160 (build and whole frame, ms p50 p99)", medians("scenes 3840 2160 120", runs));
    show("Each scene at 1920x1080 (build and whole frame on llvmpipe, ms p50 p99)", medians("scenes 1920 1080 120", runs));
    if (soak_frames > 0) {
      show(fmt::format("Soak: {} frames at {}, new data every {} frames, every {}th drawn (one run)", soak_frames,
                       soak_size, soak_every, soak_draw),
           medians(fmt::format("soak {} {} {} {}", soak_size, soak_frames, soak_every, soak_draw), 1));
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_display: %s\n", e.what());
    return 1;
  }
}
