// Ranked bars and monthly columns as geometry: order, what is left out, nothing past the area, labels apart.
#include "ui/charts/bars.hpp"

#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

namespace charts = sunlight::ui::charts;

namespace {

constexpr float kEps = 0.01f;

bool inside(const charts::Rect& r, const charts::Rect& area) {
  return std::isfinite(r.x) && std::isfinite(r.y) && std::isfinite(r.w) && std::isfinite(r.h) && r.w >= 0 &&
         r.h >= 0 && r.x >= area.x - kEps && r.y >= area.y - kEps && r.right() <= area.right() + kEps &&
         r.bottom() <= area.bottom() + kEps;
}

bool overlap(const charts::Rect& a, const charts::Rect& b) {
  return a.x < b.right() - kEps && b.x < a.right() - kEps && a.y < b.bottom() - kEps && b.y < a.bottom() - kEps;
}

std::vector<charts::BarItem> towns() {
  return {{"500112101", "龙兴镇", 3'000'000'000}, {"500112102", "石船镇", 12'000'000'000},
          {"500112103", "大湾镇", 3'000'000'000}, {"500112100", "统景镇", 3'000'000'000},
          {"500112104", "木耳镇", 0},             {"500112105", "茨竹镇", -7'000'000}};
}

}  // namespace

TEST_CASE("bars are ranked by value, ties by key, and none passes the area", "[ui][charts][bars]") {
  const charts::Rect area{40, 30, 1200, 600};
  const auto items = towns();
  const auto layout = charts::layout_bars(items, area, 60, 300, 220, true);
  REQUIRE(layout.rows.size() == items.size());
  CHECK(layout.hidden == 0);
  const std::vector<int> order{1, 3, 0, 2, 4, 5};  // 120亿, then three ties by code, then 0 and the negative
  for (std::size_t r = 0; r < order.size(); ++r) CHECK(layout.rows[r].item == order[r]);
  for (const auto& row : layout.rows) {
    CHECK(inside(row.bar, area));
    CHECK(inside(row.label, area));
    CHECK(inside(row.value, area));
    CHECK(row.value.x >= row.bar.right());
    CHECK(row.label.right() <= row.bar.x + kEps);
  }
  CHECK(layout.rows[4].bar.w == 0);  // zero
  CHECK(layout.rows[5].bar.w == 0);  // negative, drawn as zero
  CHECK(layout.rows[0].bar.w > layout.rows[1].bar.w);
  CHECK(layout.rows[1].bar.w == layout.rows[2].bar.w);
  // Rows top to bottom, each below the one before.
  for (std::size_t r = 1; r < layout.rows.size(); ++r) CHECK(layout.rows[r].bar.y > layout.rows[r - 1].bar.y);
  // Ticks from 0 past the largest, on the bars' scale.
  REQUIRE(layout.ticks.size() == layout.tick_x.size());
  CHECK(layout.ticks.front().value == 0);
  CHECK(layout.ticks.back().value >= 12'000'000'000);
  CHECK(layout.tick_x.front() == Approx(layout.rows[0].bar.x));
  CHECK(layout.tick_x.back() <= area.right() - 220 + kEps);
}

TEST_CASE("rows that do not fit are counted as hidden, the smallest first", "[ui][charts][bars]") {
  std::vector<charts::BarItem> items;
  for (int i = 0; i < 40; ++i) items.push_back({"k" + std::to_string(100 + i), "村" + std::to_string(i), 1000LL * i});
  const charts::Rect area{0, 0, 900, 500};
  const auto layout = charts::layout_bars(items, area, 64, 200, 150, false);
  CHECK(layout.rows.size() == 7);  // 500 / 64
  CHECK(layout.hidden == 33);
  CHECK(layout.rows.front().item == 39);
  for (const auto& row : layout.rows) CHECK(inside(row.label, area));
  CHECK(layout.ticks.back().label == "4万");  // count ticks
}

TEST_CASE("hostile bar inputs give valid empty layouts", "[ui][charts][bars][hostile]") {
  const charts::Rect area{0, 0, 400, 300};
  CHECK(charts::layout_bars({}, area, 50, 100, 100, true).rows.empty());
  const auto none = charts::layout_bars(towns(), area, 0, 100, 100, true);
  CHECK(none.rows.empty());
  CHECK(none.hidden == 6);
  const auto tiny = charts::layout_bars(towns(), area, 1e-30f, 100, 100, true);
  CHECK(tiny.rows.size() == 6);
  // Names and figures wider than the area are shrunk to fit it.
  const auto wide = charts::layout_bars(towns(), area, 50, 5000, 5000, true);
  for (const auto& row : wide.rows) {
    CHECK(inside(row.bar, area));
    CHECK(inside(row.value, area));
  }
  std::vector<charts::BarItem> huge{{"a", "甲", std::numeric_limits<std::int64_t>::max()}, {"b", "乙", 1}};
  const auto big = charts::layout_bars(huge, area, 50, 100, 100, true);
  for (const auto& row : big.rows) CHECK(inside(row.bar, area));
}

TEST_CASE("monthly columns: a month without payments is a column of 0, stacks go bottom to top", "[ui][charts][columns]") {
  charts::ColumnsInput in;
  in.columns = {"2025-10", "2025-11", "2025-12", "2026-01"};
  in.series = {{"agri", "农业补贴"}, {"social", "社会救助"}};
  in.values = {{300'000'000, 100'000'000}, {0, 0}, {500'000'000, -20'000'000}, {200'000'000, 250'000'000}};
  const charts::Rect area{20, 20, 1000, 600};
  const auto layout = charts::layout_columns(in, area, 120, 90, 100);
  REQUIRE(layout.totals == std::vector<std::int64_t>{400'000'000, 0, 500'000'000, 450'000'000});
  REQUIRE(layout.columns.size() == 4);
  REQUIRE(layout.segments.size() == 8);
  CHECK(layout.columns[1].h == 0);
  CHECK(inside(layout.plot, area));
  for (const auto& s : layout.segments) CHECK(inside(s.rect, layout.plot));
  // Bottom to top: each series sits on the one before it.
  for (std::size_t c = 0; c < 4; ++c) {
    const auto& bottom = layout.segments[c * 2].rect;
    const auto& top = layout.segments[c * 2 + 1].rect;
    CHECK(bottom.bottom() == Approx(layout.plot.bottom()));
    CHECK(top.bottom() == Approx(bottom.y));
    CHECK(layout.columns[c].y == Approx(top.y));
  }
  CHECK(layout.segments[5].rect.h == 0);  // the negative correction counts as nothing
  // The tallest column fits under the top tick, and the ticks are money.
  CHECK(layout.ticks.back().value >= 500'000'000);
  CHECK(layout.columns[2].y >= layout.plot.y - kEps);
  CHECK(layout.tick_y.front() == Approx(layout.plot.bottom()));
  CHECK(layout.tick_y.back() <= layout.columns[2].y + kEps);
  for (bool shown : layout.column_label_shown) CHECK(shown);  // room for every month
}

TEST_CASE("month labels are thinned so they never overlap, the newest always shown", "[ui][charts][columns]") {
  for (int n : {1, 2, 7, 12, 24, 36, 120}) {
    for (float label_w : {40.0f, 110.0f, 300.0f, 5000.0f}) {
      INFO(n << " months, labels " << label_w << " px");
      charts::ColumnsInput in;
      in.series = {{"a", "甲"}};
      for (int m = 0; m < n; ++m) {
        in.columns.push_back("2025-" + std::to_string(10 + m % 3));
        in.values.push_back({static_cast<std::int64_t>(m) * 1'000'000});
      }
      const charts::Rect area{0, 0, 1200, 500};
      const auto layout = charts::layout_columns(in, area, 100, 80, label_w);
      REQUIRE(layout.column_label_shown.size() == static_cast<std::size_t>(n));
      REQUIRE(layout.column_label.size() == static_cast<std::size_t>(n));
      CHECK(layout.column_label_shown.back());
      std::vector<charts::Rect> shown;
      for (int c = 0; c < n; ++c) {
        CHECK(inside(layout.column_label[static_cast<std::size_t>(c)], area));
        if (layout.column_label_shown[static_cast<std::size_t>(c)]) shown.push_back(layout.column_label[static_cast<std::size_t>(c)]);
      }
      for (std::size_t a = 0; a < shown.size(); ++a)
        for (std::size_t b = a + 1; b < shown.size(); ++b) CHECK_FALSE(overlap(shown[a], shown[b]));
      if (label_w <= 40 && n <= 12) CHECK(shown.size() == static_cast<std::size_t>(n));
    }
  }
}

TEST_CASE("hostile column inputs: ragged values, no columns, extreme totals", "[ui][charts][columns][hostile]") {
  const charts::Rect area{0, 0, 800, 400};
  charts::ColumnsInput ragged;
  ragged.columns = {"2025-01", "2025-02"};
  ragged.series = {{"a", "甲"}, {"b", "乙"}};
  ragged.values = {{5}};  // a caller's slip
  const auto layout = charts::layout_columns(ragged, area, 100, 60, 80);
  CHECK(layout.totals == std::vector<std::int64_t>{5, 0});
  CHECK(layout.segments.size() == 4);
  const auto empty = charts::layout_columns({}, area, 100, 60, 80);
  CHECK(empty.columns.empty());
  CHECK(empty.ticks.size() == 1);
  charts::ColumnsInput huge;
  huge.columns = {"2025-01"};
  huge.series = {{"a", "甲"}, {"b", "乙"}};
  huge.values = {{std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::max()}};
  const auto big = charts::layout_columns(huge, area, 100, 60, 80);
  for (const auto& s : big.segments) CHECK(inside(s.rect, area));
  const auto squeezed = charts::layout_columns(ragged, charts::Rect{0, 0, 50, 30}, 100, 60, 80);
  for (const auto& s : squeezed.segments) CHECK(inside(s.rect, charts::Rect{0, 0, 50, 30}));
}
