// TouchInput: taps with slop, drags that scroll and never click, momentum, bounces and second fingers ignored.
#include "ui/touch.hpp"

#include <catch2/catch.hpp>

using sunlight::ui::PointerFrame;
using sunlight::ui::TouchInput;
using sunlight::ui::TouchSettings;

namespace {

TouchSettings settings() {
  TouchSettings s;
  s.slop_px = 20;
  s.bounce_ms = 250;
  return s;
}

// The frames ImGui would see until the queue is drained.
std::vector<PointerFrame> frames(TouchInput& t, double& now, int n = 4) {
  std::vector<PointerFrame> out;
  for (int i = 0; i < n; ++i) {
    out.push_back(t.next_frame(now));
    now += 16;
  }
  return out;
}

}  // namespace

TEST_CASE("a tap between two frames still gives ImGui a down frame and an up frame", "[ui][touch]") {
  TouchInput t(settings());
  double now = 0;
  t.down(1, 100, 200, now);
  t.up(1, 100, 200, now + 5);
  const auto f = frames(t, now, 2);
  CHECK(f[0].down);
  CHECK(f[0].x == 100);
  CHECK_FALSE(f[1].down);
  CHECK(f[1].x == 100);  // released over the same place: a click
  CHECK(t.taps() == 1);
}

TEST_CASE("a shaky tap within the slop stays at the point where the finger landed", "[ui][touch]") {
  TouchInput t(settings());
  double now = 0;
  t.down(1, 100, 200, now);
  t.move(1, 112, 190, now + 30);
  t.up(1, 115, 205, now + 60);
  const auto f = frames(t, now, 2);
  CHECK(f[1].x == 100);
  CHECK(f[1].y == 200);
  CHECK(t.taps() == 1);
  CHECK(t.take_scroll() == 0);
}

TEST_CASE("a drag past the slop scrolls and its release is not a click", "[ui][touch]") {
  TouchInput t(settings());
  double now = 0;
  t.down(1, 100, 800, now);
  (void)t.next_frame(now);
  for (int i = 1; i <= 10; ++i) t.move(1, 100, 800.0f - 30.0f * static_cast<float>(i), now + 16.0 * i);
  CHECK(t.dragging());
  CHECK(t.take_scroll() == Approx(300));  // content moves up with the finger
  const auto origin = t.scroll_origin();
  REQUIRE(origin);
  CHECK(origin->second == 800);
  t.up(1, 100, 500, now + 170);
  const auto f = frames(t, now, 3);
  for (const auto& p : f) CHECK(p.x < -1000);  // never released over a button
  CHECK(t.taps() == 0);
}

TEST_CASE("a flung list keeps moving and slows down, a finger stops it", "[ui][touch]") {
  TouchInput t(settings());
  double now = 0;
  t.down(1, 100, 800, now);
  for (int i = 1; i <= 6; ++i) t.move(1, 100, 800.0f - 40.0f * static_cast<float>(i), now + 16.0 * i);
  t.up(1, 100, 560, now + 100);
  (void)t.take_scroll();
  now = 100;
  float first = 0, later = 0;
  (void)t.next_frame(now);
  now += 16;
  (void)t.next_frame(now);
  first = t.take_scroll();
  for (int i = 0; i < 20; ++i) {
    now += 16;
    (void)t.next_frame(now);
    (void)t.take_scroll();
  }
  now += 16;
  (void)t.next_frame(now);
  later = t.take_scroll();
  CHECK(first > 0);
  CHECK(later < first);
  t.down(2, 100, 100, now);
  now += 16;
  (void)t.next_frame(now);
  CHECK(t.take_scroll() == 0);
}

TEST_CASE("a second press at the same spot within the bounce time is ignored", "[ui][touch]") {
  TouchInput t(settings());
  double now = 0;
  t.down(1, 100, 200, 0);
  t.up(1, 100, 200, 50);
  t.down(2, 102, 203, 150);  // a trembling double tap on 查询
  t.up(2, 102, 203, 200);
  t.down(3, 100, 200, 600);  // a deliberate second tap later counts
  t.up(3, 100, 200, 650);
  CHECK(t.taps() == 2);
  CHECK(t.ignored() == 1);
  int downs = 0;
  bool was_down = false;
  for (int i = 0; i < 8; ++i) {
    const auto p = t.next_frame(now);
    if (p.down && !was_down) ++downs;
    was_down = p.down;
    now += 16;
  }
  CHECK(downs == 2);
}

TEST_CASE("quick taps on different keys are all taps", "[ui][touch]") {
  TouchInput t(settings());
  t.down(1, 100, 200, 0);
  t.up(1, 100, 200, 40);
  t.down(2, 300, 200, 80);
  t.up(2, 300, 200, 120);
  CHECK(t.taps() == 2);
}

TEST_CASE("a second finger cancels the gesture: no tap, no scroll", "[ui][touch][hostile]") {
  TouchInput t(settings());
  double now = 0;
  t.down(1, 100, 200, 0);
  t.down(2, 600, 900, 10);
  t.move(1, 100, 600, 30);
  t.up(1, 100, 600, 60);
  t.up(2, 600, 900, 70);
  CHECK(t.taps() == 0);
  CHECK(t.take_scroll() == 0);
  for (const auto& p : frames(t, now, 6)) {
    if (!p.down) continue;
    CHECK(p.x < -1000);  // any press ImGui sees is far off screen
  }
  // And the next single tap works again.
  t.down(3, 100, 200, 1000);
  t.up(3, 100, 200, 1040);
  CHECK(t.taps() == 1);
}

TEST_CASE("hostile event orders do not get the input stuck", "[ui][touch][hostile]") {
  TouchInput t(settings());
  double now = 0;
  t.up(7, 1, 1, 0);        // an up with no down
  t.move(7, 5, 5, 1);      // a move with no down
  t.down(1, 10, 10, 2);
  t.down(1, 10, 10, 3);    // the same finger twice
  t.cancel();              // focus lost mid-press
  t.up(1, 10, 10, 4);
  for (int i = 0; i < 6; ++i) {
    (void)t.next_frame(now);
    now += 16;
  }
  CHECK_FALSE(t.next_frame(now).down);
  t.down(2, 300, 300, 1000);
  t.up(2, 300, 300, 1030);
  CHECK(t.taps() == 1);
  now = 1100;
  const auto f = frames(t, now, 3);
  CHECK(f[0].down);
  CHECK_FALSE(f[1].down);
}

TEST_CASE("a lost finger-up does not freeze the screen once the device says one finger is down", "[ui][touch][hostile]") {
  TouchInput t(settings());
  t.down(1, 100, 200, 0);  // its finger-up never comes (a controller reset)
  CHECK(t.tracking());
  // The platform sees a new press while the device reports a single finger: the old one is gone.
  t.cancel();
  for (int i = 0; i < 3; ++i) {
    const double at = 1000.0 + 500.0 * i;
    t.down(10 + i, 300, 300, at);
    t.up(10 + i, 300, 300, at + 40);
  }
  CHECK(t.taps() == 3);
}

TEST_CASE("the same finger reported down twice is one finger", "[ui][touch][hostile]") {
  TouchInput t(settings());
  t.down(1, 100, 200, 0);
  t.down(1, 100, 200, 5);
  t.up(1, 100, 200, 40);
  CHECK_FALSE(t.tracking());
  t.down(2, 300, 300, 1000);
  t.up(2, 300, 300, 1040);
  CHECK(t.taps() == 1);
}

TEST_CASE("a drag nobody scrolled is not saved up for a list that opens later", "[ui][touch]") {
  TouchInput t(settings());
  double now = 0;
  t.down(1, 100, 1500, now);
  for (int i = 1; i <= 10; ++i) t.move(1, 100, 1500.0f - 90.0f * static_cast<float>(i), now + 16.0 * i);
  t.up(1, 100, 600, 400);
  (void)t.next_frame(400);
  t.drop_scroll();  // the frame's end: no scroll area took it
  CHECK(t.take_scroll() == 0);
  t.down(2, 500, 500, 2000);  // a new press starts from nothing
  CHECK_FALSE(t.scroll_origin());
  CHECK(t.take_scroll() == 0);
}
