// The lookup rate limit: a sliding window of failure times and one pause deadline.
#include "kiosk/rate_limit.hpp"

#include <algorithm>

namespace sunlight::kiosk {

LookupRateLimit::LookupRateLimit(int failures, std::chrono::seconds window, std::chrono::seconds pause)
    : failures_(std::max(failures, 1)), window_(window), pause_(pause) {}

bool LookupRateLimit::record_failure(SteadyTime now) {
  while (!recent_.empty() && now - recent_.front() >= window_) recent_.pop_front();
  recent_.push_back(now);
  if (static_cast<int>(recent_.size()) < failures_) return false;
  // The window starts over after a pause: one more failure afterwards is not another pause.
  recent_.clear();
  paused_ = true;
  paused_until_ = now + pause_;
  return true;
}

int LookupRateLimit::remaining(SteadyTime now) const noexcept {
  return paused(now) ? seconds_until(now, paused_until_) : 0;
}

int LookupRateLimit::recent_failures(SteadyTime now) const noexcept {
  return static_cast<int>(std::count_if(recent_.begin(), recent_.end(),
                                        [&](SteadyTime t) { return now - t < window_; }));
}

}  // namespace sunlight::kiosk
