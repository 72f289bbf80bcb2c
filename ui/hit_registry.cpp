// The buttons a frame drew, by label (see hit_registry.hpp).
#include "ui/hit_registry.hpp"

namespace sunlight::ui {

void HitRegistry::add(std::string_view label, float x0, float y0, float x1, float y1) {
  if (x1 - x0 < 1.0f || y1 - y0 < 1.0f) return;
  hits_.push_back(Hit{std::string(label), x0, y0, x1, y1});
}

std::optional<Hit> HitRegistry::find(std::string_view label, int nth) const {
  for (const Hit& hit : hits_) {
    if (hit.label == label && nth-- == 0) return hit;
  }
  return std::nullopt;
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
