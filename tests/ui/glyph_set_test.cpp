// GlyphSet: UTF-8 decoding, ranges for ImGui, coverage checks.
#include "ui/glyph_set.hpp"

#include <catch2/catch.hpp>

using sunlight::ui::GlyphSet;
using sunlight::ui::next_code_point;

TEST_CASE("glyph set collects the characters of UTF-8 text once", "[ui][glyphs]") {
  GlyphSet set;
  CHECK(set.add("村务公开村务") == 4);
  CHECK(set.add("公开") == 0);
  CHECK(set.covers("公开村务"));
  CHECK_FALSE(set.covers("惠民"));
  CHECK(set.size() == 4);
}

TEST_CASE("glyph ranges are sorted zero-terminated pairs with neighbours merged", "[ui][glyphs]") {
  GlyphSet set;
  set.add("abcx");
  set.add("公");
  const auto r = set.ranges();
  REQUIRE(r.size() == 7);
  CHECK(r[0] == 'a');
  CHECK(r[1] == 'c');
  CHECK(r[2] == 'x');
  CHECK(r[3] == 'x');
  CHECK(r[4] == 0x516C);
  CHECK(r[5] == 0x516C);
  CHECK(r[6] == 0);
}

TEST_CASE("malformed UTF-8 and characters beyond 16 bits are never added", "[ui][glyphs][hostile]") {
  GlyphSet set;
  CHECK(set.add(std::string("\xff\xfe\xc3", 3)) == 0);        // invalid lead bytes, a cut sequence
  CHECK(set.add(std::string("\xe6\x9d", 2)) == 0);            // 村 cut short
  CHECK(set.add("\xF0\x9F\x98\x80") == 0);                    // an emoji: 16-bit ImWchar cannot draw it
  CHECK(set.add(std::string("\xc0\xaf", 2)) == 0);            // overlong '/'
  CHECK(set.add(std::string("\xed\xa0\x80", 3)) == 0);        // a UTF-16 surrogate
  CHECK(set.add(std::string("\n\t\0", 3)) == 0);              // controls are not drawn
  CHECK(set.size() == 0);
  CHECK(set.covers("\xF0\x9F\x98\x80"));  // nothing drawable is missing
  // Nor is a replacement character or a bad byte, which add() never adds: covers() once said
  // they were missing, and every frame showing one was rebuilt over and over.
  CHECK(set.covers("\xEF\xBF\xBD"));
  CHECK(set.covers(std::string("\xff", 1)));
}

TEST_CASE("next_code_point decodes every length and advances past bad bytes", "[ui][glyphs]") {
  const std::string s = "a\xc2\xa5\xe6\x9d\x91\xf0\x9f\x98\x80\xff";
  std::size_t i = 0;
  CHECK(next_code_point(s, i) == 'a');
  CHECK(next_code_point(s, i) == 0xA5);
  CHECK(next_code_point(s, i) == 0x6751);
  CHECK(next_code_point(s, i) == 0x1F600);
  CHECK(next_code_point(s, i) == 0xFFFD);
  CHECK(i == s.size());
}
