// Tests for display/scene: words and titles, and the rotation over a moment, a round and a week.
#include <catch2/catch.hpp>

#include "display/scene.hpp"

using sunlight::display::kAllScenes;
using sunlight::display::parse_scene;
using sunlight::display::Rotation;
using sunlight::display::Scene;
using sunlight::display::scene_title;
using sunlight::display::scene_word;
using sunlight::display::SceneSlot;
using namespace std::chrono_literals;

namespace {

const Rotation::Clock::time_point kStart{};  // the epoch of steady_clock: any point works

Rotation::State at(const Rotation& r, std::chrono::milliseconds t) { return r.at(kStart + 1h, kStart + 1h + t); }

}  // namespace

TEST_CASE("scene words round-trip and every scene has a title", "[display][scene]") {
  for (const Scene s : kAllScenes) {
    CHECK(parse_scene(scene_word(s)) == s);
    CHECK_FALSE(scene_title(s).empty());
  }
  CHECK(scene_word(Scene::Stages) == "stages");
  CHECK(scene_title(Scene::Overview) == "总览");
  CHECK(scene_title(Scene::Stages) == "四大环节");
  CHECK(scene_title(Scene::Towns) == "镇街分布");
  CHECK(scene_title(Scene::Trend) == "月度趋势");
  CHECK(scene_title(Scene::Notices) == "村务公开");
  CHECK_FALSE(parse_scene("Overview"));
  CHECK_FALSE(parse_scene(""));
  CHECK_FALSE(parse_scene("overview "));
}

TEST_CASE("scenes show in order, each for its seconds", "[display][scene]") {
  const Rotation r({{Scene::Overview, 30}, {Scene::Stages, 40}, {Scene::Notices, 10}}, 0ms);
  CHECK(at(r, 0ms).scene == Scene::Overview);
  CHECK(at(r, 0ms).slot == 0);
  CHECK(at(r, 29'999ms).scene == Scene::Overview);
  CHECK(at(r, 30'000ms).scene == Scene::Stages);
  CHECK(at(r, 30'000ms).elapsed == 0ms);
  CHECK(at(r, 30'000ms).length == 40s);
  CHECK(at(r, 69'999ms).scene == Scene::Stages);
  CHECK(at(r, 70'000ms).scene == Scene::Notices);
  CHECK(at(r, 70'000ms).slot == 2);
  CHECK(at(r, 79'999ms).round == 0);
  CHECK(at(r, 80'000ms).scene == Scene::Overview);
  CHECK(at(r, 80'000ms).round == 1);
  // Without a transition nothing ever fades.
  for (auto t = 0ms; t < 80s; t += 250ms) {
    CHECK(at(r, t).fade == 0.0f);
    CHECK(at(r, t).next == at(r, t).scene);
  }
}

TEST_CASE("the last transition of a slot cross-fades into the next", "[display][scene]") {
  const Rotation r({{Scene::Overview, 10}, {Scene::Trend, 10}}, 1000ms);
  auto s = at(r, 8'999ms);
  CHECK(s.fade == 0.0f);
  CHECK(s.next == Scene::Overview);
  s = at(r, 9'000ms);
  CHECK(s.scene == Scene::Overview);
  CHECK(s.next == Scene::Trend);
  CHECK(s.fade == Approx(0.0));
  s = at(r, 9'500ms);
  CHECK(s.next == Scene::Trend);
  CHECK(s.fade == Approx(0.5));
  s = at(r, 9'999ms);
  CHECK(s.fade == Approx(0.999));
  s = at(r, 10'000ms);
  CHECK(s.scene == Scene::Trend);
  CHECK(s.fade == 0.0f);
  // The last slot fades into the first.
  s = at(r, 19'750ms);
  CHECK(s.scene == Scene::Trend);
  CHECK(s.next == Scene::Overview);
  CHECK(s.fade == Approx(0.75));
  // Fade rises monotonically within a transition.
  float last = -1;
  for (auto t = 9'000ms; t < 10'000ms; t += 10ms) {
    const auto f = at(r, t).fade;
    CHECK(f >= last);
    CHECK(f >= 0.0f);
    CHECK(f < 1.0f);
    last = f;
  }
}

TEST_CASE("a transition longer than its slot fades over the whole slot, never past 1", "[display][scene]") {
  const Rotation r({{Scene::Overview, 2}, {Scene::Stages, 5}}, 5000ms);
  CHECK(at(r, 0ms).fade == Approx(0.0));
  CHECK(at(r, 1'000ms).fade == Approx(0.5));
  CHECK(at(r, 1'999ms).fade <= 1.0f);
  CHECK(at(r, 4'500ms).fade == Approx(0.5));
}

TEST_CASE("one slot, or a scene twice in a row, never fades into itself", "[display][scene]") {
  const Rotation one({{Scene::Notices, 20}}, 800ms);
  for (auto t = 0ms; t < 60s; t += 100ms) {
    const auto s = one.at(kStart, kStart + t);
    CHECK(s.scene == Scene::Notices);
    CHECK(s.fade == 0.0f);
  }
  CHECK(one.at(kStart, kStart + 45s).round == 2);
  const Rotation twice({{Scene::Trend, 10}, {Scene::Trend, 10}, {Scene::Overview, 10}}, 1000ms);
  CHECK(at(twice, 9'500ms).fade == 0.0f);
  CHECK(at(twice, 19'500ms).next == Scene::Overview);
  CHECK(at(twice, 19'500ms).fade == Approx(0.5));
}

TEST_CASE("an empty list shows the overview alone, and seconds below 1 count as 1", "[display][scene]") {
  const Rotation empty({}, 800ms);
  REQUIRE(empty.slots().size() == 1);
  CHECK(at(empty, 0ms).scene == Scene::Overview);
  CHECK(at(empty, 123'456ms).scene == Scene::Overview);
  const Rotation zero({{Scene::Stages, 0}, {Scene::Towns, -5}}, 0ms);
  CHECK(at(zero, 0ms).scene == Scene::Stages);
  CHECK(at(zero, 1'000ms).scene == Scene::Towns);
  CHECK(at(zero, 2'000ms).scene == Scene::Stages);
  CHECK(at(zero, 2'000ms).round == 1);
}

TEST_CASE("a time before the start reads as the start", "[display][scene]") {
  const Rotation r({{Scene::Trend, 10}, {Scene::Overview, 10}}, 800ms);
  const auto s = r.at(kStart + 1h, kStart);
  CHECK(s.scene == Scene::Trend);
  CHECK(s.elapsed == 0ms);
  CHECK(s.round == 0);
}

TEST_CASE("a simulated week of rotation stays consistent", "[display][scene]") {
  const std::vector<SceneSlot> slots{{Scene::Overview, 30}, {Scene::Stages, 40}, {Scene::Towns, 20},
                                     {Scene::Trend, 20}, {Scene::Notices, 30}};
  const Rotation r(slots, 800ms);
  const auto cycle = 140s;
  long long scene_changes = 0;
  long long bad = 0;  // plain counts, not an assertion per state: 2.4 million states in Debug
  auto previous = at(r, 0ms);
  // Every 250 ms for a week.
  for (auto t = 250ms; t <= std::chrono::hours(24 * 7); t += 250ms) {
    const auto s = at(r, t);
    const auto slot = static_cast<std::size_t>(s.slot);
    const bool ok = s.slot >= 0 && slot < slots.size() && s.scene == slots[slot].scene &&
                    s.length == std::chrono::seconds(slots[slot].seconds) && s.elapsed >= 0ms &&
                    s.elapsed < s.length && s.fade >= 0.0f && s.fade < 1.0f && s.round == t / cycle &&
                    (s.fade == 0.0f || s.next == slots[(slot + 1) % slots.size()].scene) &&
                    (s.fade > 0.0f || s.next == s.scene);
    if (!ok) ++bad;
    if (s.slot != previous.slot) {
      ++scene_changes;
      if (s.slot != (previous.slot + 1) % static_cast<int>(slots.size())) ++bad;  // never skips a slot
    }
    previous = s;
  }
  CHECK(bad == 0);
  // 4,320 rounds of five scenes.
  CHECK(scene_changes == 4320LL * 5);
  // After a week the cycle is where it was at the start: no drift.
  const auto end = at(r, std::chrono::hours(24 * 7));
  CHECK(end.slot == 0);
  CHECK(end.elapsed == 0ms);
  CHECK(end.round == 4320);
}

TEST_CASE("pin shows one scene only, never fading", "[display][scene]") {
  Rotation r({{Scene::Overview, 30}, {Scene::Stages, 40}}, 800ms);
  r.pin(Scene::Towns);
  REQUIRE(r.slots().size() == 1);
  CHECK(r.slots().front().scene == Scene::Towns);
  for (auto t = 0ms; t < 1h; t += 997ms) {
    const auto s = at(r, t);
    REQUIRE(s.scene == Scene::Towns);
    REQUIRE(s.next == Scene::Towns);
    REQUIRE(s.fade == 0.0f);
    REQUIRE(s.slot == 0);
  }
  r.pin(Scene::Notices);  // pinned again: the latest wins
  CHECK(at(r, 10min).scene == Scene::Notices);
}
