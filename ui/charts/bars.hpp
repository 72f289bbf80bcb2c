// Ranked horizontal bars and stacked monthly columns: layouts as pure geometry, tested without a window.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ui/charts/format.hpp"
#include "ui/charts/rect.hpp"

namespace sunlight::ui::charts {

// ---- Ranked bars: one row per item, longest first ----

struct BarItem {
  std::string key;    // stable identity (a region code)
  std::string label;  // 龙兴镇
  std::int64_t value = 0;   // what the bar's length shows (fen or a count); < 0 is drawn as 0
};

struct BarsLayout {
  struct Row {
    int item = 0;     // index into the items given
    Rect label;       // the name, right-aligned against the bar's start
    Rect bar;         // w = 0 for a zero value; never negative, never past the area
    Rect value;       // the figure, just right of the bar's end (inside the area)
  };
  std::vector<Row> rows;  // in drawing order, top to bottom: by value descending, ties by key
  std::vector<Tick> ticks;
  std::vector<float> tick_x;  // parallel to ticks
  int hidden = 0;             // items that did not fit (the caller says "其余 N 个")
};

// Lays out at most as many rows as fit at `row_height` px each in `area`, after `label_width` px
// of names and `value_width` px of figures. `money` picks money ticks (else count ticks).
// `axis_max` > 0 makes the axis reach at least that far: pages of one ranking share one scale.
[[nodiscard]] BarsLayout layout_bars(const std::vector<BarItem>& items, Rect area, float row_height,
                                     float label_width, float value_width, bool money, std::int64_t axis_max = 0);

// ---- Stacked columns: one column per month, one segment per series ----

struct ColumnSeries {
  std::string key;    // stable identity (a category)
  std::string label;  // 农业补贴
  std::uint32_t colour = 0;  // ImU32 (0xAABBGGRR); 0: the palette's colour for the series' index
};

struct ColumnsInput {
  std::vector<std::string> columns;  // "2025-12" …, left to right; a month with nothing is still a column
  std::vector<ColumnSeries> series;  // bottom to top
  // values[c][s]: column c, series s; fen; < 0 counts as 0. Must be columns × series.
  std::vector<std::vector<std::int64_t>> values;
};

struct ColumnsLayout {
  struct Segment {
    int column = 0;
    int series = 0;
    Rect rect;  // h = 0 for nothing
  };
  Rect plot;                      // the area inside the axes
  std::vector<Segment> segments;  // bottom to top within each column
  std::vector<Rect> columns;      // each column's whole stack
  std::vector<std::int64_t> totals;  // each column's total
  std::vector<Tick> ticks;        // money ticks up to the tallest column
  std::vector<float> tick_y;
  std::vector<bool> column_label_shown;  // month labels thinned so they never overlap
  std::vector<Rect> column_label;        // where each month's label goes (label_width wide, inside the area)
};

// `axis_width` px on the left for tick labels, `axis_height` px below for month labels, each
// month label `label_width` px wide at most.
[[nodiscard]] ColumnsLayout layout_columns(const ColumnsInput& input, Rect area, float axis_width, float axis_height,
                                           float label_width);

}  // namespace sunlight::ui::charts
