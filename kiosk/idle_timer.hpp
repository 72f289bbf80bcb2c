// When the kiosk was last touched: after a while a countdown, then back home for the next person.
#pragma once

#include <chrono>

#include "kiosk/clock.hpp"

namespace sunlight::kiosk {

struct IdleState {
  enum class Phase { Active, Countdown, Expired };
  Phase phase = Phase::Active;
  int seconds_left = 0;  // Countdown only: whole seconds, rounded up (10, 9, … 1)
};

// `idle` without a touch starts a `countdown`; when that runs out the state is Expired until the
// next touch(). Disabled (on the home screen, which has nothing to reset) it is always Active.
// Times are passed in. UI thread only.
class IdleTimer {
 public:
  IdleTimer(std::chrono::seconds idle, std::chrono::seconds countdown) : idle_(idle), countdown_(countdown) {}

  void touch(SteadyTime now) noexcept { last_touch_ = now; }
  // Enabling starts the idle time afresh at `now`.
  void set_enabled(bool enabled, SteadyTime now) noexcept;
  [[nodiscard]] bool enabled() const noexcept { return enabled_; }
  [[nodiscard]] IdleState state(SteadyTime now) const noexcept;

 private:
  std::chrono::seconds idle_;
  std::chrono::seconds countdown_;
  SteadyTime last_touch_{};
  bool enabled_ = false;
};

}  // namespace sunlight::kiosk
