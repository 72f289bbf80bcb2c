// Screenshots: RGBA pixels to PNG, and the figures a test uses to tell a real screen from a blank one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>

namespace sunlight::ui {

// Writes top-row-first RGBA pixels as a PNG; throws std::runtime_error naming the path on failure.
void write_png(const std::filesystem::path& path, int width, int height, std::span<const std::uint8_t> rgba);

struct ImageStats {
  std::size_t distinct_colors = 0;  // counted up to 4096
  double background_share = 1.0;    // share of pixels in the most common colour
  std::uint32_t background = 0;      // that colour, 0xRRGGBB
};
[[nodiscard]] ImageStats image_stats(std::span<const std::uint8_t> rgba);

}  // namespace sunlight::ui
