// The big screen's scenes and their rotation: which scene shows at a given moment, and how far a
// cross-fade has got. Pure: time is passed in, so a test can run a day of rotation in a millisecond.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

namespace sunlight::display {

enum class Scene { Overview, Stages, Towns, Trend, Notices };
inline constexpr std::array<Scene, 5> kAllScenes{Scene::Overview, Scene::Stages, Scene::Towns, Scene::Trend,
                                                 Scene::Notices};

// overview / stages / towns / trend / notices: the words of the config and of --scene.
[[nodiscard]] std::string_view scene_word(Scene scene) noexcept;
[[nodiscard]] std::optional<Scene> parse_scene(std::string_view word) noexcept;
// 总览 / 四大环节 / 镇街分布 / 月度趋势 / 村务公开: the scene's title in the header.
[[nodiscard]] std::string_view scene_title(Scene scene) noexcept;

struct SceneSlot {
  Scene scene = Scene::Overview;
  int seconds = 20;
  friend bool operator==(const SceneSlot&, const SceneSlot&) = default;
};

// Scenes in turn, each for its seconds, the last `transition` of each cross-fading into the next.
class Rotation {
 public:
  using Clock = std::chrono::steady_clock;
  // `slots` must not be empty (an empty list shows Overview alone); seconds below 1 count as 1.
  Rotation(std::vector<SceneSlot> slots, std::chrono::milliseconds transition);

  struct State {
    int slot = 0;            // index into the slots
    Scene scene = Scene::Overview;
    Scene next = Scene::Overview;  // the scene fading in (== scene when not fading)
    float fade = 0;          // 0 = only `scene`; rises to 1 over the transition
    std::chrono::milliseconds elapsed{0};   // time into this slot
    std::chrono::milliseconds length{0};    // this slot's seconds
    long long round = 0;     // completed passes through all slots
  };
  // The state at `now`, counted from `start` (now before start reads as start).
  [[nodiscard]] State at(Clock::time_point start, Clock::time_point now) const;
  // Shows one scene only, never fading (--scene, and a test of one scene).
  void pin(Scene scene);
  [[nodiscard]] const std::vector<SceneSlot>& slots() const noexcept { return slots_; }

 private:
  std::vector<SceneSlot> slots_;
  std::chrono::milliseconds transition_;
  std::chrono::milliseconds total_{0};
};

}  // namespace sunlight::display
