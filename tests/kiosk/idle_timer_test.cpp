// Tests for kiosk/idle_timer: the countdown after a minute untouched, a touch resets it, then expiry.
#include <catch2/catch.hpp>

#include "kiosk/idle_timer.hpp"
#include "kiosk_test_support.hpp"

using namespace kiosk_test;
using sunlight::kiosk::IdleState;
using sunlight::kiosk::IdleTimer;

TEST_CASE("idle for a minute: a ten-second countdown, then expired", "[kiosk][idle_timer]") {
  IdleTimer idle(60s, 10s);
  idle.set_enabled(true, kT0);
  CHECK(idle.state(kT0 + 59s).phase == IdleState::Phase::Active);
  const auto start = idle.state(kT0 + 60s);
  CHECK(start.phase == IdleState::Phase::Countdown);
  CHECK(start.seconds_left == 10);
  CHECK(idle.state(kT0 + 60s + 1ms).seconds_left == 10);  // rounded up
  CHECK(idle.state(kT0 + 69s).seconds_left == 1);
  CHECK(idle.state(kT0 + 70s).phase == IdleState::Phase::Expired);
  CHECK(idle.state(kT0 + 1000s).phase == IdleState::Phase::Expired);
}

TEST_CASE("a touch starts the idle time over, even during the countdown", "[kiosk][idle_timer]") {
  IdleTimer idle(60s, 10s);
  idle.set_enabled(true, kT0);
  idle.touch(kT0 + 65s);
  CHECK(idle.state(kT0 + 66s).phase == IdleState::Phase::Active);
  CHECK(idle.state(kT0 + 125s).phase == IdleState::Phase::Countdown);
}

TEST_CASE("disabled (the home screen) there is never a countdown", "[kiosk][idle_timer]") {
  IdleTimer idle(60s, 10s);
  CHECK(idle.state(kT0 + 1h).phase == IdleState::Phase::Active);
  idle.set_enabled(true, kT0);
  idle.set_enabled(false, kT0);
  CHECK(idle.state(kT0 + 1h).phase == IdleState::Phase::Active);
  // Enabling again starts from the moment it was enabled, not the last touch long ago.
  idle.set_enabled(true, kT0 + 2h);
  CHECK(idle.state(kT0 + 2h + 30s).phase == IdleState::Phase::Active);
}
