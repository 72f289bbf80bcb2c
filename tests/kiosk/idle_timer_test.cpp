// Tests for kiosk/idle_timer.
#include <catch2/catch.hpp>
