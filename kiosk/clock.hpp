// The kiosk's clock type: models are given the time, never read it, so tests can pass any time.
#pragma once

#include <chrono>

namespace sunlight::kiosk {

using SteadyClock = std::chrono::steady_clock;
using SteadyTime = SteadyClock::time_point;

// Whole seconds from `now` until `until`, rounded up, so a countdown never shows 0 while waiting.
[[nodiscard]] inline int seconds_until(SteadyTime now, SteadyTime until) noexcept {
  if (until <= now) return 0;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count();
  return static_cast<int>((ms + 999) / 1000);
}

}  // namespace sunlight::kiosk
