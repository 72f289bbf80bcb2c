// Drawing the charts with ImGui into a rectangle of the current window. Each takes plain data, its
// layout's inputs and a rect, notes its text with the fonts, and draws nothing outside the rect.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ui/charts/bars.hpp"
#include "ui/charts/rect.hpp"
#include "ui/charts/sankey.hpp"
#include "ui/fonts.hpp"
#include "ui/frame.hpp"
#include "ui/theme.hpp"

namespace sunlight::ui::charts {

// Categorical colours that stay apart on a washed-out projector and for the common colour
// blindnesses (Okabe–Ito, darkened for the light background); index wraps.
[[nodiscard]] theme::Colour series_colour(std::size_t index) noexcept;
inline constexpr theme::Colour kLate = theme::rgb(0xD0, 0x21, 0x1B);   // a late stage: white text on it
inline constexpr theme::Colour kDone = theme::rgb(0x1B, 0x6E, 0x3A);   // a stage reached
inline constexpr theme::Colour kPending = theme::rgb(0xE4, 0xDE, 0xD2); // a stage not reached, not late

// A key figure: a label over a big number, with an optional line under it.
void draw_kpi(Frame& f, Rect r, const std::string& label, const std::string& value, const std::string& note,
              theme::Colour accent = theme::kPrimary);

// The Sankey: nodes coloured by `node_colours[i]` (one per node; flows take their source's colour
// at 45 % opacity), labels "name  amount" in the Body role. Lays out with layout_sankey.
void draw_sankey(Frame& f, Rect r, const SankeyInput& input, const std::vector<std::string>& labels,
                 const std::vector<theme::Colour>& node_colours);

// Ranked bars with the figure at each bar's end ("3.2亿元", "1.2万人次") and a line saying how many
// were left out when they did not all fit (`more_label` formatted with the count, e.g. "其余 {} 个镇街").
struct BarsStyle {
  theme::Colour colour = theme::kSecond;
  bool money = true;            // values are fen (money_short) or counts (count_short + unit)
  std::string unit;             // after a count: "人次"
  std::string more_label;       // fmt pattern with one {}
  float row_units = 1.6f;       // row height in font units
  std::int64_t axis_max = 0;    // > 0: the axis reaches at least this (a page of a longer ranking)
};
// How many rows draw_bars fits in `height` px with `style` (a caller paging a long ranking).
[[nodiscard]] int bars_rows(const Frame& f, float height, const BarsStyle& style);
void draw_bars(Frame& f, Rect r, const std::vector<BarItem>& items, const BarsStyle& style);

// Stacked monthly columns with a legend of the series along the top and money ticks on the left.
void draw_columns(Frame& f, Rect r, const ColumnsInput& input);

// One programme's four monitoring points as a pipeline: four boxes joined by arrows.
struct PipelineStage {
  std::string name;        // 用款计划 …
  std::int64_t amount = 0; // fen; 0 with reached = false: not yet
  bool reached = false;
  bool late = false;       // waited past the configured days: drawn in kLate
  std::string when;        // "2026年3月"
  std::string share;       // "98%" of the plan
};
struct PipelineRow {
  std::string title;       // 耕地地力保护补贴
  std::string subtitle;    // 区农业农村委 · 中央
  PipelineStage stages[4];
  std::string gaps[3];     // between stages: "约 20 天", "" when unknown
  std::string late_note;   // "资金拨付已滞后 45 天", "" when none
};
void draw_pipeline(Frame& f, Rect r, const PipelineRow& row);

// The same as one row of a table, for a screen with many programmes: the name (and subtitle)
// on the left, then the four stages as cells — the amount, and the month and share under it —
// joined by arrows with the time between them. A stage not reached says 尚未, or, when late,
// how long it has waited (`late_note`'s number is the caller's; the cell says 滞后). About 2.6
// font units high; draw_pipeline_header() draws the stage names over the same columns.
void draw_pipeline_header(Frame& f, Rect r, const std::string (&names)[4]);
void draw_pipeline_row(Frame& f, Rect r, const PipelineRow& row);

}  // namespace sunlight::ui::charts
