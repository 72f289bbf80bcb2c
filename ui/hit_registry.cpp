// The buttons a frame drew, by label (see hit_registry.hpp).
#include "ui/hit_registry.hpp"

#include <algorithm>

namespace sunlight::ui {

void HitRegistry::add(std::string_view label, float x0, float y0, float x1, float y1) {
  if (x1 - x0 < 1.0f || y1 - y0 < 1.0f) return;
  hits_.push_back(Hit{std::string(label), x0, y0, x1, y1});
}

std::optional<Hit> HitRegistry::find(std::string_view label, int nth) const {
  std::vector<Hit> matches;
  for (const Hit& hit : hits_) {
    if (hit.label == label) matches.push_back(hit);
  }
  // From the top of the screen, then from the left: what "the second 返回首页" means to a person.
  std::stable_sort(matches.begin(), matches.end(),
                   [](const Hit& a, const Hit& b) { return a.y0 != b.y0 ? a.y0 < b.y0 : a.x0 < b.x0; });
  if (nth < 0 || static_cast<std::size_t>(nth) >= matches.size()) return std::nullopt;
  return matches[static_cast<std::size_t>(nth)];
}

std::string HitRegistry::labels() const {
  std::string out;
  for (const Hit& hit : hits_) {
    if (!out.empty()) out += ", ";
    out += hit.label;
  }
  return out.empty() ? "none" : out;
}

}  // namespace sunlight::ui
