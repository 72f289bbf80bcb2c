// Tests for core/text: UTF-8 validation, full-width folding, trimming.
#include <catch2/catch.hpp>

#include "core/text.hpp"

using namespace sunlight::core;

TEST_CASE("valid UTF-8 is accepted, malformed sequences are not", "[text]") {
  CHECK(text::is_valid_utf8(""));
  CHECK(text::is_valid_utf8("plain ascii"));
  CHECK(text::is_valid_utf8("渝北区龙兴镇"));
  CHECK(text::is_valid_utf8("\xF0\x9F\x98\x80"));           // emoji, 4 bytes
  CHECK_FALSE(text::is_valid_utf8("\xC0\xAF"));              // overlong '/'
  CHECK_FALSE(text::is_valid_utf8("\xE0\x80\xAF"));          // overlong, 3 bytes
  CHECK_FALSE(text::is_valid_utf8("\xED\xA0\x80"));          // UTF-16 surrogate
  CHECK_FALSE(text::is_valid_utf8("\xF4\x90\x80\x80"));      // above U+10FFFF
  CHECK_FALSE(text::is_valid_utf8("\xE6\xB8"));              // cut off mid-character
  CHECK_FALSE(text::is_valid_utf8("\xFF"));
  CHECK_FALSE(text::is_valid_utf8("\xD3\xE5\xB1\xB1"));      // "渝北" in GB18030
}

TEST_CASE("code points are decoded and counted as characters", "[text]") {
  CHECK(text::length("张小华") == 3);
  CHECK(text::length("ab") == 2);
  CHECK(text::length("\xFF\xFE") == 2);  // malformed bytes count one each, loops end
  std::string s;
  text::append_utf8(s, U'渝');
  text::append_utf8(s, 0x1F600);
  CHECK(s == "渝\xF0\x9F\x98\x80");
  std::size_t pos = 0;
  CHECK(text::next_code_point(s, pos) == U'渝');
  CHECK(text::next_code_point(s, pos) == 0x1F600);
  CHECK(pos == s.size());
}

TEST_CASE("full-width forms fold to ASCII, other text is kept", "[text]") {
  CHECK(text::fold_width("１２３．４５") == "123.45");
  CHECK(text::fold_width("Ｘ") == "X");
  CHECK(text::fold_width("￥12") == "\xC2\xA5" "12");
  CHECK(text::fold_width("a\u3000b") == "a b");
  CHECK(text::fold_width("张小华") == "张小华");
  CHECK(text::fold_width("\xFF" "1") == "\xFF" "1");  // malformed bytes pass through untouched
}

TEST_CASE("trim strips ASCII, ideographic and no-break spaces at both ends only", "[text]") {
  CHECK(text::trim("  a b  ") == "a b");
  CHECK(text::trim("\u3000龙兴镇\u3000") == "龙兴镇");
  CHECK(text::trim("\u00A0x\t\r\n") == "x");
  CHECK(text::trim("   ").empty());
  CHECK(text::trim("").empty());
  CHECK(text::trim("中") == "中");
}

TEST_CASE("control characters are spotted, tabs and newlines are allowed", "[text]") {
  CHECK_FALSE(text::has_control_chars("第一段\n第二段\t缩进"));
  CHECK(text::has_control_chars(std::string("a\0b", 3)));
  CHECK(text::has_control_chars("bell\x07"));
  CHECK(text::has_control_chars("del\x7F"));
}

TEST_CASE("ellipsize keeps whole characters", "[text]") {
  CHECK(text::ellipsize("渝北区龙兴镇", 3) == "渝北区…");
  CHECK(text::ellipsize("短", 3) == "短");
  CHECK(text::ascii_lower("Payment_ID") == "payment_id");
  CHECK(text::group_thousands(0) == "0");
  CHECK(text::group_thousands(999) == "999");
  CHECK(text::group_thousands(1000) == "1,000");
  CHECK(text::group_thousands(2915754) == "2,915,754");
}

TEST_CASE("one scan finds invalid bytes, controls (C0, C1, bidi overrides) and line breaks", "[text]") {
  CHECK(text::scan("张小华 abc").valid_utf8);
  CHECK_FALSE(text::scan("张小华").control);
  CHECK_FALSE(text::scan("a\xFF").valid_utf8);
  CHECK(text::scan("a\x01").control);
  CHECK(text::scan("张\u0085三").control);    // NEXT LINE, a C1 control
  CHECK(text::scan("张\u202E三").control);    // RIGHT-TO-LEFT OVERRIDE
  CHECK(text::scan("a\u2028b").control);
  CHECK(text::scan("a\nb").line_break);
  CHECK_FALSE(text::scan("a\tb").control);
  CHECK(text::is_ascii("abc"));
  CHECK_FALSE(text::is_ascii("张"));
}
