// Line breaking for Chinese text mixed with numbers and Latin words: ImGui's own wrap breaks only at spaces.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace sunlight::ui {

// Breaks `text` into lines no wider than `width`, given each character's advance. A line may
// break between any two Chinese characters, but never before closing punctuation (，。、：？！）》…)
// or after opening punctuation (（《“); a run of Latin letters and digits ("14:05", "¥1,234.50",
// "500112") stays whole unless it is wider than a line. Spaces at a break are dropped; '\n'
// always breaks. Returns views into `text`.
[[nodiscard]] std::vector<std::string_view> wrap_text(std::string_view text, float width,
                                                      const std::function<float(std::uint32_t)>& advance);

}  // namespace sunlight::ui
