// Ranked bars and stacked monthly columns as geometry (see bars.hpp).
#include "ui/charts/bars.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace sunlight::ui::charts {

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

std::int64_t add(std::int64_t a, std::int64_t b) { return b > kMax - a ? kMax : a + b; }
std::int64_t shown(std::int64_t v) { return std::max<std::int64_t>(0, v); }
float finite_or(float v, float fallback) { return std::isfinite(v) ? v : fallback; }

Rect sane(Rect r) {
  return Rect{finite_or(r.x, 0), finite_or(r.y, 0), std::max(0.0f, finite_or(r.w, 0)), std::max(0.0f, finite_or(r.h, 0))};
}

// v / top of `length` pixels, in double (fen up to 9·10^18 lose nothing that a pixel can show).
float along(std::int64_t v, std::int64_t top, float length) {
  if (top <= 0 || v <= 0) return 0;
  const double share = std::min(1.0, static_cast<double>(v) / static_cast<double>(top));
  return static_cast<float>(share * static_cast<double>(length));
}

}  // namespace

BarsLayout layout_bars(const std::vector<BarItem>& items, Rect area, float row_height, float label_width,
                       float value_width, bool money, std::int64_t axis_max) {
  BarsLayout layout;
  area = sane(area);
  row_height = finite_or(row_height, 0);
  label_width = std::max(0.0f, finite_or(label_width, 0));
  value_width = std::max(0.0f, finite_or(value_width, 0));
  // Names and figures never take the whole width from the bars' start; shrunk together if asked to.
  if (label_width + value_width > area.w) {
    const float k = area.w / (label_width + value_width);
    label_width *= k;
    value_width *= k;
  }

  std::vector<std::size_t> order(items.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto va = shown(items[a].value);
    const auto vb = shown(items[b].value);
    return va != vb ? va > vb : items[a].key < items[b].key;
  });
  // In double and compared before the cast: a hostile row height of 1e-30 must not overflow.
  const double fit = row_height > 0 ? std::floor(static_cast<double>(area.h) / static_cast<double>(row_height) + 1e-4) : 0.0;
  const std::size_t rows = fit >= static_cast<double>(items.size()) ? items.size() : static_cast<std::size_t>(fit);
  layout.hidden = static_cast<int>(items.size() - rows);

  const std::int64_t top_value = std::max(order.empty() ? 0 : shown(items[order.front()].value), shown(axis_max));
  layout.ticks = money ? money_ticks(top_value, 4) : count_ticks(top_value, 4);
  const std::int64_t axis_top = layout.ticks.back().value;
  const float bar_x = area.x + label_width;
  const float bar_length = std::max(0.0f, area.w - label_width - value_width);
  for (const auto& t : layout.ticks) layout.tick_x.push_back(bar_x + along(t.value, axis_top, bar_length));

  const float thickness = row_height * 0.72f;
  const float pad = std::min(row_height * 0.25f, value_width / 4);
  const float label_pad = std::min(row_height * 0.3f, label_width / 4);
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t i = order[r];
    const float y = area.y + row_height * static_cast<float>(r);
    BarsLayout::Row row;
    row.item = static_cast<int>(i);
    row.label = Rect{area.x, y, std::max(0.0f, label_width - label_pad), row_height};
    row.bar = Rect{bar_x, y + (row_height - thickness) / 2, along(shown(items[i].value), axis_top, bar_length), thickness};
    row.value = Rect{row.bar.right() + pad, y, std::max(0.0f, value_width - pad), row_height};
    layout.rows.push_back(row);
  }
  return layout;
}

ColumnsLayout layout_columns(const ColumnsInput& input, Rect area, float axis_width, float axis_height,
                             float label_width) {
  ColumnsLayout layout;
  area = sane(area);
  axis_width = std::clamp(finite_or(axis_width, 0), 0.0f, area.w);
  axis_height = std::clamp(finite_or(axis_height, 0), 0.0f, area.h);
  label_width = std::max(0.0f, finite_or(label_width, 0));
  layout.plot = Rect{area.x + axis_width, area.y, area.w - axis_width, area.h - axis_height};
  const Rect& plot = layout.plot;

  const std::size_t n = input.columns.size();
  const std::size_t series = input.series.size();
  std::int64_t tallest = 0;
  for (std::size_t c = 0; c < n; ++c) {
    std::int64_t total = 0;
    // A ragged table (a caller's slip) counts what is missing as nothing.
    for (std::size_t s = 0; s < series && c < input.values.size() && s < input.values[c].size(); ++s)
      total = add(total, shown(input.values[c][s]));
    layout.totals.push_back(total);
    tallest = std::max(tallest, total);
  }
  // As many ticks as fit a label's height apart (axis_height is one label line and a bit).
  const int room = axis_height > 0 ? static_cast<int>(plot.h / (1.5f * axis_height)) : 5;
  layout.ticks = money_ticks(tallest, std::clamp(room, 1, 5));
  const std::int64_t axis_top = layout.ticks.back().value;
  for (const auto& t : layout.ticks) layout.tick_y.push_back(plot.bottom() - along(t.value, axis_top, plot.h));

  const float slot = n > 0 ? plot.w / static_cast<float>(n) : 0.0f;
  const float bar_w = slot * 0.64f;
  for (std::size_t c = 0; c < n; ++c) {
    const float x = plot.x + slot * static_cast<float>(c) + (slot - bar_w) / 2;
    // Each segment's top is where the running total reaches, so rounding never adds up past the stack.
    std::int64_t below = 0;
    float y_below = plot.bottom();
    for (std::size_t s = 0; s < series; ++s) {
      const std::int64_t v = c < input.values.size() && s < input.values[c].size() ? shown(input.values[c][s]) : 0;
      below = add(below, v);
      const float y_top = plot.bottom() - along(below, axis_top, plot.h);
      layout.segments.push_back(ColumnsLayout::Segment{static_cast<int>(c), static_cast<int>(s),
                                                       Rect{x, y_top, bar_w, std::max(0.0f, y_below - y_top)}});
      y_below = y_top;
    }
    layout.columns.push_back(Rect{x, y_below, bar_w, plot.bottom() - y_below});
  }

  // Month labels centred under their columns (kept inside the area), every k-th one counted back
  // from the newest month, which is always shown; one that would touch its neighbour is dropped.
  layout.column_label_shown.assign(n, false);
  const float label_w = std::min(label_width, area.w);
  for (std::size_t c = 0; c < n; ++c) {
    const float centre = plot.x + slot * (static_cast<float>(c) + 0.5f);
    layout.column_label.push_back(
        Rect{std::clamp(centre - label_w / 2, area.x, area.right() - label_w), plot.bottom(), label_w, axis_height});
  }
  const std::size_t step = slot > 0 ? std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(label_width / slot - 1e-4f))) : n + 1;
  float left_of_last = std::numeric_limits<float>::infinity();
  for (std::size_t back = 0; back < n; back += step) {
    const std::size_t c = n - 1 - back;
    const float x = layout.column_label[c].x;
    if (x + label_w > left_of_last + 1e-3f) continue;
    layout.column_label_shown[c] = true;
    left_of_last = x;
  }
  return layout;
}

}  // namespace sunlight::ui::charts
