// Frame-time statistics (see frame_stats.hpp).
#include "ui/frame_stats.hpp"

#include <algorithm>
#include <cmath>

namespace sunlight::ui {

void FrameStats::record(double build_ms, double frame_ms) {
  if (capacity_ == 0) return;
  if (build_.size() < capacity_) {
    build_.push_back(build_ms);
    frame_.push_back(frame_ms);
  } else {
    build_[next_] = build_ms;
    frame_[next_] = frame_ms;
  }
  next_ = (next_ + 1) % capacity_;
  last_frame_ = frame_ms;
  ++total_;
}

void FrameStats::clear() {
  build_.clear();
  frame_.clear();
  next_ = 0;
}

double FrameStats::percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  p = std::clamp(p, 0.0, 100.0);
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  const std::size_t k = rank == 0 ? 0 : rank - 1;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

}  // namespace sunlight::ui
