// The figures a frame draws, easing from the last data to the new (numbers count up, flows widen):
// copies of the view's charts whose values are moved toward their targets each frame. The copies
// are made once per new view, so a frame only writes numbers, never allocates a chart.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "display/display_view.hpp"
#include "ui/charts/bars.hpp"
#include "ui/charts/sankey.hpp"
#include "ui/charts/tween.hpp"

namespace sunlight::display {

class AnimatedView {
 public:
  using Clock = std::chrono::steady_clock;
  explicit AnimatedView(std::chrono::milliseconds duration = std::chrono::milliseconds(1500)) : tweens_(duration) {}

  // A new view: every figure starts moving from what is shown now to the view's; a figure new to
  // the screen (the first data after start-up, a town that was not there) grows from zero.
  void retarget(const DisplayView& view, Clock::time_point now);
  // Moves the shown figures to `now`. Cheap when nothing moves.
  void step(Clock::time_point now);
  [[nodiscard]] bool moving(Clock::time_point now) const { return tweens_.moving(now); }
  [[nodiscard]] std::size_t tween_count() const noexcept { return tweens_.size(); }  // figures tracked

  // What to draw, shaped like the view's own charts.
  std::vector<std::int64_t> kpis;                 // parallel to view.overview.kpis
  ui::charts::SankeyInput sankey;                 // view.overview.sankey with eased link values
  std::vector<std::string> sankey_labels;         // "中央  3.2亿元" from the eased node values
  std::vector<ui::charts::BarItem> paid;          // view.towns.paid, eased
  std::vector<ui::charts::BarItem> people;
  ui::charts::ColumnsInput columns;               // view.trend.columns, eased

 private:
  void ease_all(Clock::time_point now);

  ui::charts::Tweens tweens_;
  bool settled_ = false;  // the last step() put every figure at its target
  std::vector<std::string> kpi_keys_;
  std::vector<std::string> link_keys_;
  std::vector<std::string> paid_keys_;
  std::vector<std::string> people_keys_;
  std::vector<std::vector<std::string>> column_keys_;
};

}  // namespace sunlight::display
