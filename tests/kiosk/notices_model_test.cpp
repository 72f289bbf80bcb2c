// Tests for kiosk/notices_model.
#include <catch2/catch.hpp>
