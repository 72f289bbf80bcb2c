// The idle timer's arithmetic: elapsed time since the last touch against the idle and countdown spans.
#include "kiosk/idle_timer.hpp"

namespace sunlight::kiosk {

void IdleTimer::set_enabled(bool enabled, SteadyTime now) noexcept {
  if (enabled && !enabled_) last_touch_ = now;
  enabled_ = enabled;
}

IdleState IdleTimer::state(SteadyTime now) const noexcept {
  if (!enabled_) return {};
  const auto countdown_at = last_touch_ + idle_;
  const auto expires_at = countdown_at + countdown_;
  if (now < countdown_at) return {};
  if (now >= expires_at) return {IdleState::Phase::Expired, 0};
  return {IdleState::Phase::Countdown, seconds_until(now, expires_at)};
}

}  // namespace sunlight::kiosk
