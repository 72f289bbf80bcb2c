// Eased figures: exact ends, no overshoot, a settled screen stops moving, forgotten keys go.
#include "ui/charts/tween.hpp"

#include <limits>

#include <catch2/catch.hpp>

namespace charts = sunlight::ui::charts;
using namespace std::chrono_literals;
using Clock = charts::Tweens::Clock;

TEST_CASE("ease_out runs from 0 to 1, fast first, clamped outside", "[ui][charts][tween]") {
  CHECK(charts::ease_out(0) == 0);
  CHECK(charts::ease_out(1) == 1);
  CHECK(charts::ease_out(-3) == 0);
  CHECK(charts::ease_out(7) == 1);
  CHECK(charts::ease_out(0.5) == Approx(0.875));
  double last = 0;
  for (int i = 1; i <= 100; ++i) {
    const double e = charts::ease_out(i / 100.0);
    CHECK(e >= last);
    last = e;
  }
}

TEST_CASE("a value moves from exactly where it was to exactly its target, never past it", "[ui][charts][tween]") {
  charts::Tweens tweens(1000ms);
  const auto t0 = Clock::time_point{} + 10s;
  tweens.set("paid", 1'000, t0);  // new key: grows from zero
  CHECK(tweens.value("paid", t0) == 0);
  CHECK(tweens.moving(t0));
  std::int64_t last = 0;
  for (int ms = 0; ms <= 1200; ms += 7) {
    const auto v = tweens.value("paid", t0 + std::chrono::milliseconds(ms));
    CHECK(v >= last);
    CHECK(v <= 1'000);
    last = v;
  }
  CHECK(tweens.value("paid", t0 + 1000ms) == 1'000);
  CHECK(tweens.value("paid", t0 + 999ms) < 1'000);  // rounded toward the start until the end
  CHECK_FALSE(tweens.moving(t0 + 1000ms));

  // Down again from where it rests: starts exact, never below the new target.
  const auto t1 = t0 + 5s;
  tweens.set("paid", 400, t1);
  CHECK(tweens.value("paid", t1) == 1'000);
  for (int ms = 0; ms <= 1000; ms += 13) {
    const auto v = tweens.value("paid", t1 + std::chrono::milliseconds(ms));
    CHECK(v >= 400);
    CHECK(v <= 1'000);
  }
  CHECK(tweens.value("paid", t1 + 2s) == 400);
}

TEST_CASE("a new target mid-way continues from the value shown, without a jump", "[ui][charts][tween]") {
  charts::Tweens tweens(1000ms);
  const auto t0 = Clock::time_point{} + 1s;
  tweens.set("k", 1'000'000, t0);
  const auto mid = tweens.value("k", t0 + 300ms);
  tweens.set("k", 2'000'000, t0 + 300ms);
  CHECK(tweens.value("k", t0 + 300ms) == mid);
  CHECK(tweens.value("k", t0 + 1300ms) == 2'000'000);
  // The same target again does not restart the motion.
  tweens.set("k", 2'000'000, t0 + 600ms);
  CHECK(tweens.value("k", t0 + 1300ms) == 2'000'000);
}

TEST_CASE("from_zero false shows the first value at once; an unknown key reads 0", "[ui][charts][tween]") {
  charts::Tweens tweens;
  const auto t0 = Clock::time_point{} + 1s;
  tweens.set("people", 860, t0, false);
  CHECK(tweens.value("people", t0) == 860);
  CHECK_FALSE(tweens.moving(t0));
  CHECK(tweens.value("nobody", t0) == 0);
}

TEST_CASE("prune forgets keys nobody set since the last prune", "[ui][charts][tween]") {
  charts::Tweens tweens;
  const auto t0 = Clock::time_point{} + 1s;
  tweens.set("town:1", 5, t0);
  tweens.set("town:2", 6, t0);
  tweens.prune();  // both were set: both stay
  CHECK(tweens.size() == 2);
  tweens.set("town:1", 7, t0 + 1s);
  tweens.prune();  // town:2 left the data
  CHECK(tweens.size() == 1);
  CHECK(tweens.value("town:2", t0 + 10s) == 0);
  CHECK(tweens.value("town:1", t0 + 10s) == 7);
  for (int round = 0; round < 100; ++round) {
    tweens.set("town:" + std::to_string(round + 100), round, t0);
    tweens.prune();
  }
  CHECK(tweens.size() <= 2);
}

TEST_CASE("extreme values ease without overflow", "[ui][charts][tween]") {
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  charts::Tweens tweens(1000ms);
  const auto t0 = Clock::time_point{} + 1s;
  tweens.set("x", kMin, t0, false);
  tweens.set("x", kMax, t0);
  std::int64_t last = kMin;
  for (int ms = 0; ms <= 1000; ms += 50) {
    const auto v = tweens.value("x", t0 + std::chrono::milliseconds(ms));
    CHECK(v >= last);
    last = v;
  }
  CHECK(last == kMax);
}

TEST_CASE("a zero duration jumps straight to the target", "[ui][charts][tween]") {
  charts::Tweens tweens(0ms);
  const auto t0 = Clock::time_point{} + 1s;
  tweens.set("x", 42, t0);
  CHECK(tweens.value("x", t0) == 42);
  CHECK_FALSE(tweens.moving(t0));
}
