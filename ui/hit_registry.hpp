// The buttons a frame drew, by label, so a script (or a test) can tap "查询" instead of a pixel.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sunlight::ui {

struct Hit {
  std::string label;
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // the visible part of the button, in pixels
  [[nodiscard]] float cx() const noexcept { return (x0 + x1) / 2; }
  [[nodiscard]] float cy() const noexcept { return (y0 + y1) / 2; }
};

// Filled while a frame is built, read between frames. UI thread only.
class HitRegistry {
 public:
  void clear() { hits_.clear(); }
  // Buttons scrolled out of view or clipped away are not added (a finger could not reach them).
  void add(std::string_view label, float x0, float y0, float x1, float y1);
  // The `nth` (0-based, from the top, then the left) visible button labelled exactly `label`.
  [[nodiscard]] std::optional<Hit> find(std::string_view label, int nth = 0) const;
  [[nodiscard]] const std::vector<Hit>& all() const noexcept { return hits_; }
  [[nodiscard]] std::string labels() const;  // "惠民资金查询, 村务公开, …" for an error message

 private:
  std::vector<Hit> hits_;
};

}  // namespace sunlight::ui
