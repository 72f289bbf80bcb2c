// Frame-time statistics: how long building the UI took (NewFrame to Render) and the whole frame.
#pragma once

#include <cstddef>
#include <vector>

namespace sunlight::ui {

// The last `capacity` frames. UI thread only; copy it to hand figures elsewhere.
class FrameStats {
 public:
  explicit FrameStats(std::size_t capacity = 600) : capacity_(capacity) {}
  void record(double build_ms, double frame_ms);
  void clear();
  [[nodiscard]] std::size_t count() const noexcept { return build_.size(); }
  [[nodiscard]] std::size_t total_frames() const noexcept { return total_; }
  // Percentile p in [0, 100] of the frames held (nearest rank); 0 when none.
  [[nodiscard]] double build_percentile(double p) const { return percentile(build_, p); }
  [[nodiscard]] double frame_percentile(double p) const { return percentile(frame_, p); }
  [[nodiscard]] double last_frame_ms() const noexcept { return last_frame_; }

 private:
  [[nodiscard]] static double percentile(std::vector<double> values, double p);

  std::size_t capacity_;
  std::size_t next_ = 0;
  std::size_t total_ = 0;
  double last_frame_ = 0;
  std::vector<double> build_;
  std::vector<double> frame_;
};

}  // namespace sunlight::ui
