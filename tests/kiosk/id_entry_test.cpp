// Tests for kiosk/id_entry: the keypad's rules, 6-8-4 grouping, validation and wiping.
#include <catch2/catch.hpp>

#include "kiosk/id_entry.hpp"
#include "kiosk_test_support.hpp"

using namespace kiosk_test;
using sunlight::kiosk::IdEntry;

namespace {
void type(IdEntry& e, std::string_view s) {
  for (const char c : s) e.push(c);
}
}  // namespace

TEST_CASE("typed IDs are grouped 6-8-4 as on the card, partial input too", "[kiosk][id_entry]") {
  IdEntry e;
  CHECK(e.grouped().empty());
  type(e, "50011");
  CHECK(e.grouped() == "50011");
  e.push('2');
  CHECK(e.grouped() == "500112");
  e.push('1');
  CHECK(e.grouped() == "500112 1");
  type(e, "9900307");
  CHECK(e.grouped() == "500112 19900307");
  type(e, "093");
  CHECK(e.grouped() == "500112 19900307 093");
  CHECK(e.push('X'));
  CHECK(e.grouped() == "500112 19900307 093X");
  CHECK(e.complete());
}

TEST_CASE("X only as the 18th character, and never a 19th", "[kiosk][id_entry]") {
  IdEntry e;
  CHECK_FALSE(e.push('X'));
  type(e, "50");
  CHECK_FALSE(e.push('X'));  // X at position 3
  CHECK_FALSE(e.push('x'));
  CHECK(e.size() == 2);
  type(e, "011219900307093");
  REQUIRE(e.size() == 17);
  CHECK(e.push('x'));  // folded to X
  CHECK(e.grouped().back() == 'X');
  CHECK_FALSE(e.push('1'));  // 19 characters
  CHECK_FALSE(e.push('X'));
  CHECK(e.size() == 18);
}

TEST_CASE("only digits and X are typed", "[kiosk][id_entry]") {
  IdEntry e;
  for (const char c : std::string_view("a -/\0", 5)) CHECK_FALSE(e.push(c));
  CHECK(e.empty());
  CHECK_FALSE(e.push(static_cast<char>(0xEF)));  // the first byte of a full-width digit
}

TEST_CASE("backspace and clear", "[kiosk][id_entry]") {
  IdEntry e;
  e.backspace();  // nothing to remove: no harm
  type(e, "500112");
  e.backspace();
  CHECK(e.grouped() == "50011");
  e.clear();
  CHECK(e.empty());
  CHECK(e.grouped().empty());
}

TEST_CASE("check() says why a number is refused, before any lookup", "[kiosk][id_entry]") {
  IdEntry e;
  REQUIRE(e.check());
  CHECK(e.check()->code == "id.empty");
  type(e, "5001121990");
  REQUIRE(e.check());
  CHECK(e.check()->code == "id.bad_length");
  e.clear();
  type(e, wrong_check_id());
  REQUIRE(e.check());
  CHECK(e.check()->code == "id.check_digit");
  e.clear();
  type(e, valid_id());
  CHECK_FALSE(e.check());
}

TEST_CASE("take() hands the number over once and leaves nothing behind", "[kiosk][id_entry]") {
  IdEntry e;
  type(e, valid_id());
  const std::string taken = e.take();
  CHECK(taken == valid_id());
  CHECK(e.empty());
  CHECK(e.grouped().empty());
  CHECK(e.take().empty());
}
