// Failed lookups from one public terminal, counted so nobody can walk through ID numbers at the kiosk.
#pragma once

#include <chrono>
#include <deque>

#include "kiosk/clock.hpp"

namespace sunlight::kiosk {

// `failures` failed lookups within `window` pause all lookups for `pause`. Failures older than
// the window are forgotten. The times are passed in. UI thread only.
class LookupRateLimit {
 public:
  explicit LookupRateLimit(int failures = 5, std::chrono::seconds window = std::chrono::seconds(120),
                           std::chrono::seconds pause = std::chrono::seconds(60));

  // Counts one failure; true when it started a pause.
  bool record_failure(SteadyTime now);
  [[nodiscard]] bool paused(SteadyTime now) const noexcept { return paused_ && now < paused_until_; }
  [[nodiscard]] SteadyTime paused_until() const noexcept { return paused_until_; }
  // Whole seconds of pause left, rounded up; 0 when not paused.
  [[nodiscard]] int remaining(SteadyTime now) const noexcept;
  // Failures still inside the window at `now`.
  [[nodiscard]] int recent_failures(SteadyTime now) const noexcept;

 private:
  int failures_;
  std::chrono::seconds window_;
  std::chrono::seconds pause_;
  std::deque<SteadyTime> recent_;
  bool paused_ = false;
  SteadyTime paused_until_{};
};

}  // namespace sunlight::kiosk
