// wrap_text: Chinese line breaking with whole numbers and no line starting with closing punctuation.
#include "ui/text_wrap.hpp"

#include <string>

#include <catch2/catch.hpp>

using sunlight::ui::wrap_text;

namespace {
// Every character one unit wide: widths below are counts of characters.
float one(std::uint32_t) { return 1.0f; }

std::vector<std::string> wrap(const std::string& s, float width) {
  std::vector<std::string> out;
  for (auto line : wrap_text(s, width, one)) out.emplace_back(line);
  return out;
}
}  // namespace

TEST_CASE("Chinese text breaks between any two characters", "[ui][wrap]") {
  CHECK(wrap("村务公开惠民资金", 3) == std::vector<std::string>{"村务公", "开惠民", "资金"});
}

TEST_CASE("a line never starts with closing punctuation nor ends with opening", "[ui][wrap]") {
  // "公开，" would put "，" first on line two: it goes with its character instead.
  CHECK(wrap("村务公开，请看", 4) == std::vector<std::string>{"村务公", "开，请看"});
  CHECK(wrap("公开《通知", 3) == std::vector<std::string>{"公开", "《通知"});
}

TEST_CASE("numbers, times and amounts are not split", "[ui][wrap]") {
  CHECK(wrap("更新于14:05了", 6) == std::vector<std::string>{"更新于", "14:05了"});
  CHECK(wrap("共¥1,234.50元", 9) == std::vector<std::string>{"共", "¥1,234.50", "元"});
}

TEST_CASE("spaces are break points and are dropped at the break", "[ui][wrap]") {
  CHECK(wrap("data updated at 14:05", 12) == std::vector<std::string>{"data updated", "at 14:05"});
}

TEST_CASE("newlines always break and empty lines survive", "[ui][wrap]") {
  CHECK(wrap("第一段\n\n第二段", 10) == std::vector<std::string>{"第一段", "", "第二段"});
}

TEST_CASE("a word wider than the line is cut rather than overflowing", "[ui][wrap][hostile]") {
  CHECK(wrap("5001121990030709", 6) == std::vector<std::string>{"500112", "199003", "0709"});
}

TEST_CASE("hostile text wraps without hanging: zero width, malformed bytes, only spaces", "[ui][wrap][hostile]") {
  CHECK(wrap("", 5).size() == 1);
  CHECK(wrap("     ", 2).size() <= 3);
  const auto lines = wrap(std::string("\xff\xfe村\xe6\x9d", 4), 1);
  CHECK_FALSE(lines.empty());
  // A width of zero still advances one character per line.
  CHECK(wrap("村务公开", 0).size() == 4);
}
