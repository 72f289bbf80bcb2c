// FrameStats: percentiles over a ring of frames.
#include "ui/frame_stats.hpp"

#include <catch2/catch.hpp>

using sunlight::ui::FrameStats;

TEST_CASE("frame stats give nearest-rank percentiles of the frames kept", "[ui][stats]") {
  FrameStats stats(100);
  CHECK(stats.build_percentile(99) == 0);
  for (int i = 1; i <= 100; ++i) stats.record(i, i * 2);
  CHECK(stats.build_percentile(50) == 50);
  CHECK(stats.build_percentile(99) == 99);
  CHECK(stats.frame_percentile(100) == 200);
  CHECK(stats.last_frame_ms() == 200);
}

TEST_CASE("frame stats keep only the newest frames", "[ui][stats]") {
  FrameStats stats(10);
  for (int i = 0; i < 10; ++i) stats.record(100, 100);
  for (int i = 0; i < 10; ++i) stats.record(1, 1);
  CHECK(stats.count() == 10);
  CHECK(stats.total_frames() == 20);
  CHECK(stats.build_percentile(100) == 1);
}
