// Tests for kiosk/rate_limit.
#include <catch2/catch.hpp>
