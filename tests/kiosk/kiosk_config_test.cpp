// Tests for kiosk/kiosk_config.
#include <catch2/catch.hpp>
