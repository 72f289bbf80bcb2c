// Screenshots to PNG and blank-screen figures (see png.hpp).
#include "ui/png.hpp"

#include <stdexcept>
#include <unordered_map>

#include <fmt/core.h>
#include <stb_image_write.h>

namespace sunlight::ui {

void write_png(const std::filesystem::path& path, int width, int height, std::span<const std::uint8_t> rgba) {
  if (width <= 0 || height <= 0 || rgba.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4) {
    throw std::runtime_error(fmt::format("cannot write {}: {}x{} does not match the pixels", path.string(), width, height));
  }
  if (!stbi_write_png(path.c_str(), width, height, 4, rgba.data(), width * 4)) {
    throw std::runtime_error(fmt::format("cannot write the screenshot {}", path.string()));
  }
}

ImageStats image_stats(std::span<const std::uint8_t> rgba) {
  std::unordered_map<std::uint32_t, std::size_t> counts;
  const std::size_t pixels = rgba.size() / 4;
  std::size_t top = 0;
  std::uint32_t top_colour = 0;
  for (std::size_t i = 0; i < pixels; ++i) {
    const std::uint32_t c = static_cast<std::uint32_t>(rgba[i * 4]) << 16 | static_cast<std::uint32_t>(rgba[i * 4 + 1]) << 8 |
                            rgba[i * 4 + 2];
    auto it = counts.find(c);
    if (it == counts.end()) {
      if (counts.size() >= 4096) continue;
      it = counts.emplace(c, 0).first;
    }
    if (++it->second > top) {
      top = it->second;
      top_colour = c;
    }
  }
  return ImageStats{counts.size(), pixels ? static_cast<double>(top) / static_cast<double>(pixels) : 1.0, top_colour};
}

}  // namespace sunlight::ui
