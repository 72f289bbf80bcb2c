// Tests for kiosk/rate_limit: five failures in two minutes pause lookups for a minute; old failures are forgotten.
#include <catch2/catch.hpp>

#include "kiosk/rate_limit.hpp"
#include "kiosk_test_support.hpp"

using namespace kiosk_test;
using sunlight::kiosk::LookupRateLimit;

TEST_CASE("the fifth failure within two minutes pauses lookups for 60 s", "[kiosk][rate_limit]") {
  LookupRateLimit limit;
  for (int i = 0; i < 4; ++i) CHECK_FALSE(limit.record_failure(kT0 + i * 10s));
  CHECK_FALSE(limit.paused(kT0 + 40s));
  CHECK(limit.remaining(kT0 + 40s) == 0);
  CHECK(limit.record_failure(kT0 + 40s));
  CHECK(limit.paused(kT0 + 40s));
  CHECK(limit.remaining(kT0 + 40s) == 60);
  CHECK(limit.remaining(kT0 + 40s + 500ms) == 60);  // rounded up: never "0 s" while paused
  CHECK(limit.remaining(kT0 + 99s) == 1);
  CHECK_FALSE(limit.paused(kT0 + 100s));
  CHECK(limit.remaining(kT0 + 100s) == 0);
  // The count starts over after a pause.
  CHECK_FALSE(limit.record_failure(kT0 + 101s));
  CHECK(limit.recent_failures(kT0 + 101s) == 1);
}

TEST_CASE("failures older than the window are forgotten", "[kiosk][rate_limit]") {
  LookupRateLimit limit;
  for (int i = 0; i < 4; ++i) limit.record_failure(kT0 + i * 1s);
  CHECK(limit.recent_failures(kT0 + 119s) == 4);
  CHECK(limit.recent_failures(kT0 + 125s) == 0);
  CHECK_FALSE(limit.record_failure(kT0 + 125s));  // the four are 2 min old: this is the first
  CHECK_FALSE(limit.paused(kT0 + 125s));
}

TEST_CASE("the limits come from the config", "[kiosk][rate_limit]") {
  LookupRateLimit limit(2, 30s, 10s);
  CHECK_FALSE(limit.record_failure(kT0));
  CHECK(limit.record_failure(kT0 + 29s));
  CHECK(limit.remaining(kT0 + 29s) == 10);
  LookupRateLimit nonsense(0, 30s, 10s);  // at least one failure, whatever the caller says
  CHECK(nonsense.record_failure(kT0));
}
