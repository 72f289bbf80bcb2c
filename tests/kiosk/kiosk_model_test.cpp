// Tests for kiosk/kiosk_model.
#include <catch2/catch.hpp>
