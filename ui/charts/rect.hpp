// A rectangle in screen pixels: what every chart is given to draw in.
#pragma once

namespace sunlight::ui::charts {

struct Rect {
  float x = 0;
  float y = 0;
  float w = 0;
  float h = 0;
  [[nodiscard]] float right() const noexcept { return x + w; }
  [[nodiscard]] float bottom() const noexcept { return y + h; }
};

}  // namespace sunlight::ui::charts
