// Tests for kiosk/lookup_flow.
#include <catch2/catch.hpp>
