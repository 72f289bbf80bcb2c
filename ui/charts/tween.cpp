// Eased figures by key (see tween.hpp).
#include "ui/charts/tween.hpp"

#include <algorithm>
#include <cmath>

namespace sunlight::ui::charts {

double ease_out(double t) noexcept {
  if (!(t > 0)) return 0;  // also NaN
  if (t >= 1) return 1;
  const double u = 1 - t;
  return 1 - u * u * u;
}

void Tweens::set(const std::string& key, std::int64_t target, Clock::time_point now, bool from_zero) {
  auto it = values_.find(key);
  if (it == values_.end()) {
    values_.emplace(key, Value{from_zero ? 0 : target, target, now, true});
    return;
  }
  Value& v = it->second;
  v.touched = true;
  if (v.to == target) return;  // the same data again: keep moving (or resting) where it was
  v.from = value(key, now);
  v.to = target;
  v.start = now;
}

std::int64_t Tweens::value(const std::string& key, Clock::time_point now) const {
  const auto it = values_.find(key);
  if (it == values_.end()) return 0;
  const Value& v = it->second;
  if (v.from == v.to || now >= v.start + duration_) return v.to;
  if (now <= v.start) return v.from;
  const double t = std::chrono::duration<double>(now - v.start) / std::chrono::duration<double>(duration_);
  // long double holds every int64 exactly; the step is truncated toward the start, so the figure
  // never passes its target (and never goes back past where it started).
  const long double span = static_cast<long double>(v.to) - static_cast<long double>(v.from);
  const long double step = std::trunc(span * static_cast<long double>(ease_out(t)));
  const long double at = static_cast<long double>(v.from) + step;
  const long double lo = static_cast<long double>(std::min(v.from, v.to));
  const long double hi = static_cast<long double>(std::max(v.from, v.to));
  const long double clamped = std::clamp(at, lo, hi);
  if (clamped >= hi) return std::max(v.from, v.to);
  if (clamped <= lo) return std::min(v.from, v.to);
  return static_cast<std::int64_t>(clamped);
}

bool Tweens::moving(Clock::time_point now) const {
  return std::any_of(values_.begin(), values_.end(), [&](const auto& kv) {
    const Value& v = kv.second;
    return v.from != v.to && now < v.start + duration_;
  });
}

void Tweens::prune() {
  std::erase_if(values_, [](const auto& kv) { return !kv.second.touched; });
  for (auto& kv : values_) kv.second.touched = false;
}

}  // namespace sunlight::ui::charts
