// Every chart drawn headless into a rect at 1920×1080: something real on the paper, nothing outside the rect.
#include "ui/charts/draw.hpp"

#include <cstdlib>
#include <filesystem>
#include <functional>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "ui/charts/format.hpp"
#include "ui/platform.hpp"
#include "ui/png.hpp"
#include "ui/runner.hpp"
#include "ui/widgets.hpp"

namespace ui = sunlight::ui;
namespace charts = sunlight::ui::charts;

namespace {

constexpr int kWidth = 1920;
constexpr int kHeight = 1080;

// One chart on an otherwise empty screen.
class ChartScreen : public ui::App {
 public:
  std::function<void(ui::Frame&)> draw;
  void update(ui::Frame& f) override { f.fonts.set_unit(ui::theme::base_unit(kWidth, kHeight)); }
  void build(ui::Frame& f) override {
    ui::begin_screen(f, "charts");
    if (draw) draw(f);
    ui::end_screen();
  }
  [[nodiscard]] std::string dump() const override { return {}; }
  void touched(std::chrono::steady_clock::time_point) override {}
};

struct Shell {
  ui::Platform platform{[] {
    ui::PlatformOptions o;
    o.headless = true;
    o.width = kWidth;
    o.height = kHeight;
    return o;
  }()};
  ui::Fonts fonts{ui::theme::base_unit(kWidth, kHeight)};
  ChartScreen app;
  ui::Runner runner{platform, fonts, app};

  std::vector<std::uint8_t> shoot(const std::string& name, charts::Rect r,
                                  const std::function<void(ui::Frame&, charts::Rect)>& chart) {
    app.draw = [r, chart](ui::Frame& f) { chart(f, r); };
    runner.frame(false);  // the first sight of new characters rebuilds the atlas
    std::vector<std::uint8_t> pixels;
    runner.frame(true, &pixels);
    if (const char* keep = std::getenv("SUNLIGHT_KEEP_SCREENSHOTS"); keep && *keep) {
      std::filesystem::create_directories(keep);
      ui::write_png(std::filesystem::path(keep) / ("chart-" + name + ".png"), kWidth, kHeight, pixels);
    }
    return pixels;
  }
};

// The pixels outside `r` are all the paper; inside, a real chart.
void check_drawn_inside(const std::vector<std::uint8_t>& pixels, charts::Rect r, double max_background = 0.97) {
  REQUIRE(pixels.size() == static_cast<std::size_t>(kWidth) * kHeight * 4);
  const auto x0 = static_cast<int>(r.x), x1 = static_cast<int>(r.right());
  const auto y0 = static_cast<int>(r.y), y1 = static_cast<int>(r.bottom());
  std::size_t outside_wrong = 0;
  std::vector<std::uint8_t> inside;
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) {
      const std::size_t p = (static_cast<std::size_t>(y) * kWidth + static_cast<std::size_t>(x)) * 4;
      const bool in = x >= x0 && x < x1 && y >= y0 && y < y1;
      if (in) {
        inside.insert(inside.end(), pixels.begin() + static_cast<std::ptrdiff_t>(p),
                      pixels.begin() + static_cast<std::ptrdiff_t>(p + 4));
      } else if (pixels[p] != 0xFB || pixels[p + 1] != 0xF7 || pixels[p + 2] != 0xEE) {
        ++outside_wrong;
      }
    }
  }
  CHECK(outside_wrong == 0);
  const auto stats = ui::image_stats(inside);
  CHECK(stats.distinct_colors > 20);
  CHECK(stats.background_share < max_background);
}

charts::SankeyInput sankey_data(std::vector<std::string>& labels, std::vector<ui::theme::Colour>& colours) {
  charts::SankeyInput in;
  in.nodes = {{"level:central", "中央", 0},   {"level:city", "市级", 0},     {"level:district", "区级", 0},
              {"cat:agri", "农业补贴", 1},     {"cat:social", "社会救助", 1}, {"cat:edu", "教育资助", 1},
              {"cat:health", "医疗保障", 1},   {"town:1", "龙兴镇", 2},       {"town:2", "石船镇", 2},
              {"town:3", "大湾镇", 2},         {"town:4", "统景镇", 2},       {"town:5", "木耳镇", 2},
              {"town:6", "茨竹镇", 2},         {"2:other", "其他", 2}};
  const std::int64_t yi = 10'000'000'000;  // 1亿元 in fen
  // category → town
  const std::int64_t ct[4][7] = {{8, 6, 5, 3, 2, 1, 1}, {3, 4, 2, 2, 1, 1, 1}, {2, 1, 2, 1, 1, 0, 1}, {1, 1, 0, 1, 0, 1, 1}};
  std::int64_t cat_total[4] = {};
  for (int c = 0; c < 4; ++c)
    for (int t = 0; t < 7; ++t) {
      if (ct[c][t] == 0) continue;
      in.links.push_back({3 + c, 7 + t, ct[c][t] * yi / 4});
      cat_total[c] += ct[c][t] * yi / 4;
    }
  for (int c = 0; c < 4; ++c) {
    const std::int64_t a = cat_total[c] / 2, b = cat_total[c] * 3 / 10;
    in.links.push_back({0, 3 + c, a});
    in.links.push_back({1, 3 + c, b});
    in.links.push_back({2, 3 + c, cat_total[c] - a - b});
  }
  std::vector<std::int64_t> through(in.nodes.size(), 0);
  for (const auto& l : in.links) through[static_cast<std::size_t>(l.target)] += l.value;
  for (const auto& l : in.links)
    if (l.source < 3) through[static_cast<std::size_t>(l.source)] += l.value;
  for (std::size_t i = 0; i < in.nodes.size(); ++i) {
    labels.push_back(in.nodes[i].label + "  " + charts::money_short(through[i]));
    colours.push_back(charts::series_colour(i < 3 ? i : i < 7 ? i - 3 + 3 : 7));
  }
  return in;
}

}  // namespace

TEST_CASE("each chart draws a real picture inside its rect and nothing outside it", "[ui][charts][draw]") {
  Shell shell;

  SECTION("kpi") {
    const charts::Rect r{200, 200, 560, 280};
    check_drawn_inside(shell.shoot("kpi", r, [](ui::Frame& f, charts::Rect rect) {
      charts::draw_kpi(f, rect, "本年已发放", charts::money_short(1'234'567'890'00), "占计划 " + charts::percent(87, 100));
    }), r, 0.99);
  }
  SECTION("sankey") {
    const charts::Rect r{60, 60, 1800, 900};
    std::vector<std::string> labels;
    std::vector<ui::theme::Colour> colours;
    const auto in = sankey_data(labels, colours);
    REQUIRE(charts::check_sankey(in).empty());
    check_drawn_inside(shell.shoot("sankey", r, [&](ui::Frame& f, charts::Rect rect) {
      charts::draw_sankey(f, rect, in, labels, colours);
    }), r);
  }
  SECTION("bars") {
    const charts::Rect r{80, 80, 1500, 760};
    std::vector<charts::BarItem> items;
    const char* names[] = {"龙兴镇", "石船镇", "大湾镇", "统景镇", "木耳镇", "茨竹镇", "古路镇", "洛碛镇", "玉峰山镇", "兴隆镇", "双凤桥街道", "王家街道"};
    for (int i = 0; i < 12; ++i) items.push_back({std::to_string(500112100 + i), names[i], (i * 37 % 11 + 1) * 123'456'789'0LL});
    charts::BarsStyle style;
    style.more_label = "其余 {} 个镇街";
    check_drawn_inside(shell.shoot("bars", r, [&](ui::Frame& f, charts::Rect rect) { charts::draw_bars(f, rect, items, style); }), r);
  }
  SECTION("columns") {
    const charts::Rect r{100, 90, 1700, 860};
    charts::ColumnsInput in;
    in.series = {{"agri", "农业补贴"}, {"social", "社会救助"}, {"edu", "教育资助"}, {"health", "医疗保障"}};
    for (int m = 0; m < 12; ++m) {
      in.columns.push_back(fmt::format("{}-{:02}", 2025 + (m + 11) / 12, (11 + m) % 12 + 1));  // 2025-12 … 2026-11
      if (m == 4) {
        in.values.push_back({0, 0, 0, 0});  // a month with no payments
        continue;
      }
      in.values.push_back({(m % 4 + 2) * 3'000'000'000LL, (m % 3 + 1) * 1'500'000'000LL, (m % 2) * 2'000'000'000LL,
                           800'000'000LL});
    }
    check_drawn_inside(shell.shoot("columns", r, [&](ui::Frame& f, charts::Rect rect) { charts::draw_columns(f, rect, in); }), r);
  }
  SECTION("pipeline with a late stage") {
    const charts::Rect r{60, 300, 1800, 420};
    charts::PipelineRow row;
    row.title = "耕地地力保护补贴";
    row.subtitle = "区农业农村委 · 中央";
    row.stages[0] = {"用款计划", 5'000'000'000, true, false, "2026年1月", "100%"};
    row.stages[1] = {"审批", 4'900'000'000, true, false, "2026年2月", "98%"};
    row.stages[2] = {"资金拨付", 0, false, true, "", ""};
    row.stages[3] = {"发放到户", 0, false, false, "", ""};
    row.gaps[0] = "约 28 天";
    row.late_note = "资金拨付已滞后 45 天";
    check_drawn_inside(shell.shoot("pipeline", r, [&](ui::Frame& f, charts::Rect rect) { charts::draw_pipeline(f, rect, row); }), r);
  }
  CHECK_FALSE(shell.fonts.frame_missed());
}

TEST_CASE("hostile chart data draws nothing outside the rect and does not crash", "[ui][charts][draw][hostile]") {
  Shell shell;
  const charts::Rect r{300, 200, 900, 500};
  SECTION("an all-zero Sankey draws nothing at all") {
    std::vector<std::string> labels;
    std::vector<ui::theme::Colour> colours;
    auto in = sankey_data(labels, colours);
    for (auto& l : in.links) l.value = 0;
    const auto pixels = shell.shoot("sankey-zero", r, [&](ui::Frame& f, charts::Rect rect) {
      charts::draw_sankey(f, rect, in, labels, {});
    });
    CHECK(ui::image_stats(pixels).background_share == 1.0);
  }
  SECTION("40-character names, a bad link and missing colours") {
    std::vector<std::string> labels;
    std::vector<ui::theme::Colour> colours;
    auto in = sankey_data(labels, colours);
    for (auto& l : labels) l = "一个名字非常非常长的镇街" + l + "还有更多的字一直写到四十个字符那么长为止";
    in.links.push_back({0, 99, 5});
    const auto pixels = shell.shoot("sankey-long", r, [&](ui::Frame& f, charts::Rect rect) {
      charts::draw_sankey(f, rect, in, labels, {});
    });
    check_drawn_inside(pixels, r);
  }
  SECTION("500 and 10,000 flows: more vertices than 16-bit indices reach, still inside") {
    for (const int towns : {250, 10'000}) {
      charts::SankeyInput in;
      in.nodes = {{"l0", "中央", 0}, {"l1", "市级", 0}, {"c0", "农业补贴", 1}, {"c1", "社会救助", 1}};
      for (int t = 0; t < towns; ++t) in.nodes.push_back({"t" + std::to_string(t), "镇" + std::to_string(t), 2});
      std::int64_t to_cat[2] = {};
      for (int t = 0; t < towns; ++t)
        for (int c = 0; c < 2; ++c) {
          const std::int64_t value = 1'000'000 * (1 + (t * 7 + c) % 13);
          in.links.push_back({2 + c, 4 + t, value});
          to_cat[c] += value;
        }
      for (int c = 0; c < 2; ++c) {
        in.links.push_back({0, 2 + c, to_cat[c] / 3});
        in.links.push_back({1, 2 + c, to_cat[c] - to_cat[c] / 3});
      }
      const auto pixels = shell.shoot("sankey-" + std::to_string(towns), r, [&](ui::Frame& f, charts::Rect rect) {
        charts::draw_sankey(f, rect, in, {}, {});
      });
      check_drawn_inside(pixels, r);
    }
  }
  SECTION("bars with one huge value, negatives and no room") {
    std::vector<charts::BarItem> items{{"a", "甲", std::numeric_limits<std::int64_t>::max()}, {"b", "乙", -5}, {"c", "", 0}};
    charts::BarsStyle style;
    style.money = false;
    style.unit = "人次";
    style.more_label = "其余 {} 个";
    const auto pixels = shell.shoot("bars-hostile", r, [&](ui::Frame& f, charts::Rect rect) {
      charts::draw_bars(f, rect, items, style);
      charts::draw_bars(f, charts::Rect{rect.x, rect.y, rect.w, 5}, items, style);
    });
    check_drawn_inside(pixels, r, 0.995);
  }
}
