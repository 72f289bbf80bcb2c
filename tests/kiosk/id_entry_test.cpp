// Tests for kiosk/id_entry.
#include <catch2/catch.hpp>
