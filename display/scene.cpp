// Scene words and titles, and the rotation's arithmetic: where in the cycle a moment falls.
#include "display/scene.hpp"

#include <algorithm>

namespace sunlight::display {

std::string_view scene_word(Scene scene) noexcept {
  switch (scene) {
    case Scene::Overview: return "overview";
    case Scene::Stages: return "stages";
    case Scene::Towns: return "towns";
    case Scene::Trend: return "trend";
    case Scene::Notices: return "notices";
  }
  return "overview";
}

std::optional<Scene> parse_scene(std::string_view word) noexcept {
  for (const Scene s : kAllScenes)
    if (word == scene_word(s)) return s;
  return std::nullopt;
}

std::string_view scene_title(Scene scene) noexcept {
  switch (scene) {
    case Scene::Overview: return "总览";
    case Scene::Stages: return "四大环节";
    case Scene::Towns: return "镇街分布";
    case Scene::Trend: return "月度趋势";
    case Scene::Notices: return "村务公开";
  }
  return "总览";
}

Rotation::Rotation(std::vector<SceneSlot> slots, std::chrono::milliseconds transition)
    : slots_(std::move(slots)), transition_(std::max(transition, std::chrono::milliseconds{0})) {
  if (slots_.empty()) slots_.push_back(SceneSlot{Scene::Overview, 30});
  for (auto& s : slots_) s.seconds = std::max(s.seconds, 1);
  total_ = std::chrono::milliseconds{0};
  for (const auto& s : slots_) total_ += std::chrono::seconds{s.seconds};
}

void Rotation::pin(Scene scene) {
  // One slot and no transition: the cycle repeats the same scene and never fades.
  const int seconds = slots_.empty() ? 30 : slots_.front().seconds;
  slots_.assign(1, SceneSlot{scene, seconds});
  transition_ = std::chrono::milliseconds{0};
  total_ = std::chrono::seconds{seconds};
}

Rotation::State Rotation::at(Clock::time_point start, Clock::time_point now) const {
  using std::chrono::milliseconds;
  const auto since = now > start ? std::chrono::duration_cast<milliseconds>(now - start) : milliseconds{0};
  State s;
  s.round = since.count() / total_.count();
  auto into = milliseconds{since.count() % total_.count()};
  // A handful of slots: a walk is cheaper than keeping prefix sums in step with pin().
  std::size_t i = 0;
  for (; i + 1 < slots_.size(); ++i) {
    const milliseconds len = std::chrono::seconds{slots_[i].seconds};
    if (into < len) break;
    into -= len;
  }
  const auto& slot = slots_[i];
  s.slot = static_cast<int>(i);
  s.scene = slot.scene;
  s.elapsed = into;
  s.length = std::chrono::seconds{slot.seconds};
  s.next = slots_[(i + 1) % slots_.size()].scene;
  // The fade is the last `transition` of the slot, never more than the slot itself. Fading a scene
  // into itself (one slot, or the same scene twice in a row) would only redraw it: no fade.
  const milliseconds fade_len = std::min(transition_, s.length);
  const milliseconds fade_start = s.length - fade_len;
  if (s.next != s.scene && fade_len.count() > 0 && into >= fade_start) {
    s.fade = static_cast<float>(static_cast<double>((into - fade_start).count()) / static_cast<double>(fade_len.count()));
    s.fade = std::clamp(s.fade, 0.0f, 1.0f);
  } else {
    s.next = s.scene;
    s.fade = 0;
  }
  return s;
}

}  // namespace sunlight::display
