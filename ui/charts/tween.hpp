// Figures that ease to their new value when data changes (numbers count up, flows widen), keyed so
// that the same thing keeps animating from where it was. No ImGui; time is passed in.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace sunlight::ui::charts {

// Ease-out cubic from 0 to 1: fast at first, settling gently. t outside [0, 1] is clamped.
[[nodiscard]] double ease_out(double t) noexcept;

// Many eased values by key. set() starts a value moving from wherever it is now to its new
// target; value() reads it at `now`. A key never seen starts at `from_zero ? 0 : target` (new
// towns grow from nothing; the first data shown appears at once unless asked otherwise).
class Tweens {
 public:
  using Clock = std::chrono::steady_clock;
  explicit Tweens(std::chrono::milliseconds duration = std::chrono::milliseconds(1500)) : duration_(duration) {}

  void set(const std::string& key, std::int64_t target, Clock::time_point now, bool from_zero = true);
  // The value at `now`: exact at the start and at the target (integers, no drift), in between the
  // eased value rounded toward the start, so a figure counting up never shows more than the target.
  [[nodiscard]] std::int64_t value(const std::string& key, Clock::time_point now) const;
  // True while any value is still moving at `now` (the screen keeps drawing at full speed).
  [[nodiscard]] bool moving(Clock::time_point now) const;
  // Forgets keys not set since the last prune (a town that left the data), so the map never grows
  // without bound over months of updates.
  void prune();
  [[nodiscard]] std::size_t size() const noexcept { return values_.size(); }

 private:
  struct Value {
    std::int64_t from = 0;
    std::int64_t to = 0;
    Clock::time_point start{};
    bool touched = true;
  };
  std::chrono::milliseconds duration_;
  std::unordered_map<std::string, Value> values_;
};

}  // namespace sunlight::ui::charts
