// Tests for core/money: what people and spreadsheets write, what must be refused and why, and the screen forms.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "core/i18n.hpp"
#include "core/money.hpp"

using namespace sunlight::core;

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

// The fen a text parses to; fails the test, showing why, when it is refused.
std::int64_t fen_of(std::string_view text) {
  const auto parsed = Money::parse(text);
  INFO("input: " << text << " refused as " << parsed.problem().code);
  REQUIRE(parsed.ok());
  return parsed->fen();
}

// The code a text is refused with, or "ok".
std::string code_of(std::string_view text) { return Money::parse(text).problem().code; }

std::string compact(std::int64_t fen, Lang lang = Lang::ZhCn) { return Money::from_fen(fen).format_compact(lang); }

}  // namespace

TEST_CASE("amounts as written in CSVs and forms are read as exact fen", "[money]") {
  CHECK(fen_of("0") == 0);
  CHECK(fen_of("0.00") == 0);
  CHECK(fen_of("1") == 100);
  CHECK(fen_of("0.5") == 50);
  CHECK(fen_of("0.05") == 5);
  CHECK(fen_of("1234.5") == 123450);
  CHECK(fen_of("1234.50") == 123450);
  CHECK(fen_of("1,234.50") == 123450);
  CHECK(fen_of("1,234,567.89") == 123456789);
  CHECK(fen_of("123,456") == 12345600);
  CHECK(fen_of("007") == 700);  // leading zeros change nothing
  CHECK(fen_of("  12.30\t") == 1230);
  CHECK(fen_of("-3.05") == -305);
  CHECK(fen_of("-0.01") == -1);
  // 0.1 + 0.2 would not be 0.3 in floating point; here it never meets a double.
  CHECK(fen_of("0.1") + fen_of("0.2") == fen_of("0.3"));
}

TEST_CASE("currency signs, 元 and spaces around them are accepted", "[money]") {
  CHECK(fen_of("¥12") == 1200);
  CHECK(fen_of("¥ 12") == 1200);
  CHECK(fen_of("￥12") == 1200);  // full-width yen, as Chinese input methods type it
  CHECK(fen_of("￥ 1,234.50") == 123450);
  CHECK(fen_of("12元") == 1200);
  CHECK(fen_of("12.50 元") == 1250);
  CHECK(fen_of("¥12元") == 1200);  // redundant but unambiguous
  CHECK(fen_of("-¥1,234.50") == -123450);  // what format() writes
  CHECK(fen_of("¥-1,234.50") == -123450);  // what Chinese Excel's currency format writes
  CHECK(fen_of("-12元") == -1200);
}

TEST_CASE("full-width digits, punctuation and spaces are folded", "[money]") {
  CHECK(fen_of("１２３.４５") == 12345);
  CHECK(fen_of("１２３．４５") == 12345);
  CHECK(fen_of("１，２３４．５０") == 123450);
  CHECK(fen_of("－１２") == -1200);
  CHECK(fen_of("\u3000１２元\u3000") == 1200);        // ideographic spaces around
  CHECK(fen_of("\u00A012.00\u00A0") == 1200);         // no-break spaces from Excel
  CHECK(fen_of("\xEF\xBB\xBF" "12.00") == 1200);      // a BOM glued to the first cell
  CHECK(fen_of("￥\u3000１２") == 1200);               // ideographic space after the sign
}

TEST_CASE("every refusal says why with a stable code", "[money]") {
  SECTION("empty") {
    CHECK(code_of("") == "money.empty");
    CHECK(code_of("   ") == "money.empty");
    CHECK(code_of("\u3000\u00A0\t") == "money.empty");
  }
  SECTION("more than two decimals, even when the extra ones are zero") {
    CHECK(code_of("１２３.４５６") == "money.too_many_decimals");
    CHECK(code_of("1.005") == "money.too_many_decimals");
    CHECK(code_of("1.000") == "money.too_many_decimals");
    CHECK(code_of("-¥1,234.567") == "money.too_many_decimals");
  }
  SECTION("scientific notation, as Excel shows wide numbers") {
    CHECK(code_of("1e5") == "money.exponent");
    CHECK(code_of("1E5") == "money.exponent");
    CHECK(code_of("2.5e3") == "money.exponent");
    CHECK(code_of("1.23E+05") == "money.exponent");
    CHECK(code_of("5e-2") == "money.exponent");
    CHECK(code_of("-¥1e5") == "money.exponent");
    CHECK(code_of("１ｅ５") == "money.exponent");
  }
  SECTION("not a number at all") {
    CHECK(code_of("NaN") == "money.not_a_number");
    CHECK(code_of("nan") == "money.not_a_number");
    CHECK(code_of("inf") == "money.not_a_number");
    CHECK(code_of("Infinity") == "money.not_a_number");
    CHECK(code_of("-inf") == "money.not_a_number");
    CHECK(code_of("-INFINITY") == "money.not_a_number");
    CHECK(code_of("¥NaN") == "money.not_a_number");
  }
  SECTION("thousands commas in the wrong places") {
    CHECK(code_of("1,23") == "money.bad_grouping");
    CHECK(code_of("12,3456") == "money.bad_grouping");
    CHECK(code_of(",123") == "money.bad_grouping");
    CHECK(code_of("1,,234") == "money.bad_grouping");
    CHECK(code_of("1,234,") == "money.bad_grouping");
    CHECK(code_of("1234,567") == "money.bad_grouping");
    CHECK(code_of("1,234,56.00") == "money.bad_grouping");
    CHECK(code_of("0,123") == "money.bad_grouping");
    CHECK(code_of(",") == "money.bad_grouping");
  }
  SECTION("digits missing on one side of the point, or altogether") {
    CHECK(code_of("12.") == "money.missing_digits");
    CHECK(code_of(".5") == "money.missing_digits");
    CHECK(code_of("-.5") == "money.missing_digits");
    CHECK(code_of(".") == "money.missing_digits");
    CHECK(code_of("-") == "money.missing_digits");
    CHECK(code_of("¥") == "money.missing_digits");
    CHECK(code_of("￥ ") == "money.missing_digits");
    CHECK(code_of("-¥") == "money.missing_digits");
    CHECK(code_of("元") == "money.missing_digits");
  }
  SECTION("negative zero") {
    CHECK(code_of("-0") == "money.negative_zero");
    CHECK(code_of("-0.00") == "money.negative_zero");
    CHECK(code_of("-¥0") == "money.negative_zero");
    CHECK(code_of("¥-0.0") == "money.negative_zero");
    CHECK(code_of("－０元") == "money.negative_zero");
  }
  SECTION("beyond int64 fen") {
    CHECK(code_of("92233720368547758.08") == "money.overflow");
    CHECK(code_of("-92233720368547758.09") == "money.overflow");
    CHECK(code_of("92,233,720,368,547,758.08") == "money.overflow");
    CHECK(code_of("184467440737095516.15") == "money.overflow");   // 2^64 - 1 fen: fits uint64, not int64
    CHECK(code_of("184467440737095516.16") == "money.overflow");   // 2^64 fen: would wrap to 0
    CHECK(code_of("18446744073709551616") == "money.overflow");    // 2^64 yuan
    CHECK(code_of(std::string(10'000, '9')) == "money.overflow");
    CHECK(code_of("-" + std::string(400, '1') + ".00") == "money.overflow");
  }
  SECTION("anything else is garbage") {
    CHECK(code_of("abc") == "money.garbage");
    CHECK(code_of("12a") == "money.garbage");
    CHECK(code_of("1 2") == "money.garbage");
    CHECK(code_of("12.3.4") == "money.garbage");
    CHECK(code_of("--5") == "money.garbage");
    CHECK(code_of("-¥-5") == "money.garbage");
    CHECK(code_of("- 5") == "money.garbage");
    CHECK(code_of("5-") == "money.garbage");
    // Decided: a leading '+' is refused. Payment amounts are never written with one; a '+'
    // suggests a diff or a mis-mapped column, which the administrator should look at.
    CHECK(code_of("+5") == "money.garbage");
    CHECK(code_of("１２元元") == "money.garbage");
    CHECK(code_of("元12") == "money.garbage");
    CHECK(code_of("100元整") == "money.garbage");
    CHECK(code_of("RMB 12") == "money.garbage");
    CHECK(code_of("12e") == "money.garbage");
    CHECK(code_of("e5") == "money.garbage");
    CHECK(code_of("0x10") == "money.garbage");
    CHECK(code_of("1 234.00") == "money.garbage");
    CHECK(code_of("12。50") == "money.garbage");  // ideographic full stop is not a decimal point
    CHECK(code_of("#VALUE!") == "money.garbage");
    CHECK(code_of("nanny") == "money.garbage");
    CHECK(code_of(std::string("12\0", 3)) == "money.garbage");
    CHECK(code_of(std::string("1\0002", 3)) == "money.garbage");
    CHECK(code_of("\xFF" "12") == "money.garbage");       // a stray byte
    CHECK(code_of("\xA3\xA4" "12") == "money.garbage");   // "￥" as GB18030, never decoded
    CHECK(code_of("12\xE5\x85") == "money.garbage");      // 元 cut off mid-character
    CHECK(code_of(std::string(10'000, 'x')) == "money.garbage");
    CHECK(code_of(std::string(5'000, '9') + "x") == "money.garbage");  // garbage wins over overflow
  }
}

TEST_CASE("refusals carry the text as the person wrote it, short and printable", "[money]") {
  const auto bad = Money::parse("  1.005 ");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.problem().arg("input") == "  1.005 ");

  CHECK(Money::parse("").problem().arg("input").empty());
  CHECK(Money::parse("１２３.４５６").problem().arg("input") == "１２３.４５６");  // not the folded form

  const auto huge = Money::parse(std::string(10'000, 'x'));
  CHECK(huge.problem().arg("input") == std::string(40, 'x') + "…");
  CHECK(describe(huge.problem()).size() < 200);

  const auto wide = Money::parse(std::string(10'000, '9'));
  CHECK(wide.problem().arg("input") == std::string(40, '9') + "…");

  // Stray bytes and control characters are shown as U+FFFD, so the message is valid UTF-8
  // that can travel in a JSON error and print on a terminal.
  CHECK(Money::parse(std::string("1\0002", 3)).problem().arg("input") == "1\uFFFD2");
  CHECK(Money::parse("\xFF" "12").problem().arg("input") == "\uFFFD12");
  const auto long_binary = Money::parse(std::string(5'000, '\x01'));
  CHECK(long_binary.problem().arg("input").starts_with("\uFFFD\uFFFD"));
  CHECK(long_binary.problem().arg("input").ends_with("…"));

  // Every refusal, whatever its kind, names the input.
  for (const char* text : {"1.005", "1e5", "nan", "1,23", "12.", "-0", "92233720368547758.08", "abc"}) {
    INFO(text);
    CHECK(Money::parse(text).problem().arg("input") == text);
  }
}

TEST_CASE("problems read plainly in Chinese and English", "[money]") {
  const auto decimals = Money::parse("１２３.４５６").problem();
  CHECK(describe(decimals) == "金额最多保留两位小数：１２３.４５６");
  CHECK(describe(decimals, Lang::En) == "An amount has at most two decimals: １２３.４５６");

  const auto grouping = Money::parse("1,23").problem();
  CHECK(describe(grouping) == "金额的千位逗号位置不对（应像 1,234,567.89）：1,23");
  CHECK(describe(grouping, Lang::En) == "The thousands commas are misplaced (write 1,234,567.89): 1,23");

  // Every code parse() can return has its own message in both catalogs, and every message
  // that shows the input gets it filled in.
  for (const char* code : {"money.empty", "money.too_many_decimals", "money.exponent", "money.not_a_number",
                           "money.bad_grouping", "money.missing_digits", "money.negative_zero",
                           "money.overflow", "money.garbage"}) {
    INFO(code);
    CHECK(tr(Lang::ZhCn, code) != code);
    CHECK(tr(Lang::En, code) != code);
    const Problem p{code, {{"input", "X1"}}};
    CHECK(describe(p).find('{') == std::string::npos);
    CHECK(describe(p, Lang::En).find('{') == std::string::npos);
  }
}

TEST_CASE("the int64 boundaries parse and format exactly", "[money]") {
  CHECK(fen_of("92233720368547758.07") == kMax);
  CHECK(fen_of("¥92,233,720,368,547,758.07") == kMax);
  CHECK(fen_of("-92233720368547758.07") == -kMax);
  CHECK(fen_of("-92233720368547758.08") == kMin);  // so every format_plain() output parses back

  CHECK(Money::from_fen(kMax).format() == "¥92,233,720,368,547,758.07");
  CHECK(Money::from_fen(kMax).format_plain() == "92233720368547758.07");
  CHECK(Money::from_fen(kMin).format() == "-¥92,233,720,368,547,758.08");
  CHECK(Money::from_fen(kMin).format_plain() == "-92233720368547758.08");
  CHECK(compact(kMax) == "922,337,203.69亿");
  CHECK(compact(kMin) == "-922,337,203.69亿");
  CHECK(compact(kMax, Lang::En) == "¥92,233,720.37B");
  CHECK(compact(kMin, Lang::En) == "-¥92,233,720.37B");
}

TEST_CASE("format writes yuan with the sign, grouping and two decimals", "[money]") {
  CHECK(Money{}.format() == "¥0.00");
  CHECK(Money::from_fen(1).format() == "¥0.01");
  CHECK(Money::from_fen(10).format() == "¥0.10");
  CHECK(Money::from_fen(-5).format() == "-¥0.05");
  CHECK(Money::from_fen(99999).format() == "¥999.99");
  CHECK(Money::from_fen(100000).format() == "¥1,000.00");
  CHECK(Money::from_fen(123450).format() == "¥1,234.50");
  CHECK(Money::from_fen(-123450).format() == "-¥1,234.50");
  CHECK(Money::from_fen(123456789).format() == "¥1,234,567.89");
  CHECK(Money::from_fen(100000000).format() == "¥1,000,000.00");

  CHECK(Money{}.format_plain() == "0.00");
  CHECK(Money::from_fen(123450).format_plain() == "1234.50");
  CHECK(Money::from_fen(-305).format_plain() == "-3.05");
  CHECK(Money::from_fen(-1).format_plain() == "-0.01");
  CHECK(Money::from_fen(123456789).format_plain() == "1234567.89");
}

TEST_CASE("every amount survives a trip through its written forms", "[money]") {
  std::vector<std::int64_t> values{0, 1, -1, 99, 100, -100, 999'999, 1'000'000, kMax, kMin, kMax - 1, kMin + 1};
  // A fixed linear congruential sequence, spread over all magnitudes by shifting.
  std::uint64_t state = 0x9E3779B97F4A7C15u;
  for (int i = 0; i < 20'000; ++i) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    const auto shift = static_cast<unsigned>(state >> 58);  // 0..63
    values.push_back(static_cast<std::int64_t>(state) >> shift);
  }
  for (const auto fen : values) {
    const Money m = Money::from_fen(fen);
    INFO("fen " << fen);
    REQUIRE(Money::parse(m.format_plain()).value() == m);
    REQUIRE(Money::parse(m.format()).value() == m);
  }
}

TEST_CASE("compact forms for screens in Chinese", "[money]") {
  CHECK(compact(0) == "¥0.00");
  CHECK(compact(876500) == "¥8,765.00");
  CHECK(compact(999'999) == "¥9,999.99");        // exact below 1万, never rounded up to it
  CHECK(compact(-999'999) == "-¥9,999.99");
  CHECK(compact(1'000'000) == "1.00万");
  CHECK(compact(1'004'999) == "1.00万");
  CHECK(compact(1'005'000) == "1.01万");          // half rounds away from zero
  CHECK(compact(-1'005'000) == "-1.01万");        // also when negative
  CHECK(compact(-1'004'999) == "-1.00万");
  CHECK(compact(12'345'000) == "12.35万");
  CHECK(compact(123'456'789) == "123.46万");      // 1,234,567.89元
  CHECK(compact(1'234'567'890) == "1,234.57万");
  CHECK(compact(9'950'000'000) == "9,950.00万");  // 0.995亿 stays in 万: it has not reached 1亿
  CHECK(compact(9'999'994'999) == "9,999.99万");
  CHECK(compact(9'999'995'000) == "1.00亿");      // 9,999.995万 rounds up into the next unit
  CHECK(compact(9'999'999'999) == "1.00亿");      // 99,999,999.99元
  CHECK(compact(-9'999'999'999) == "-1.00亿");
  CHECK(compact(10'000'000'000) == "1.00亿");
  CHECK(compact(32'000'000'000) == "3.20亿");
  CHECK(compact(123'456'789'012'345) == "12,345.68亿");
}

TEST_CASE("compact forms for screens in English", "[money]") {
  CHECK(compact(0, Lang::En) == "¥0.00");
  CHECK(compact(876500, Lang::En) == "¥8,765.00");
  CHECK(compact(999'999, Lang::En) == "¥9,999.99");   // same exact range as Chinese
  CHECK(compact(1'000'000, Lang::En) == "¥10.00K");
  CHECK(compact(12'345'600, Lang::En) == "¥123.46K");
  CHECK(compact(-12'345'600, Lang::En) == "-¥123.46K");
  CHECK(compact(99'999'499, Lang::En) == "¥999.99K");
  CHECK(compact(99'500'000, Lang::En) == "¥995.00K");  // 0.995M has not reached 1M
  CHECK(compact(99'999'500, Lang::En) == "¥1.00M");   // 999,995元 rounds up into M
  CHECK(compact(320'000'000, Lang::En) == "¥3.20M");
  CHECK(compact(99'999'500'000, Lang::En) == "¥1.00B");
  CHECK(compact(123'000'000'000, Lang::En) == "¥1.23B");
  CHECK(compact(-123'000'000'000, Lang::En) == "-¥1.23B");
}

TEST_CASE("arithmetic is exact and refuses to overflow", "[money]") {
  Money total;
  for (int i = 0; i < 10; ++i) total += Money::parse("0.10").value();
  CHECK(total == Money::parse("1.00").value());
  CHECK(Money::from_fen(500) - Money::from_fen(800) == Money::from_fen(-300));
  CHECK(Money::from_fen(kMax - 1) + Money::from_fen(1) == Money::from_fen(kMax));
  CHECK(Money::from_fen(kMin + 1) - Money::from_fen(1) == Money::from_fen(kMin));
  CHECK(Money::from_fen(1) < Money::from_fen(2));

  auto code_thrown = [](auto&& f) -> std::string {
    try {
      f();
    } catch (const ProblemError& e) {
      return e.problem().code;
    }
    return "nothing thrown";
  };
  CHECK(code_thrown([] { (void)(Money::from_fen(kMax) + Money::from_fen(1)); }) == "money.overflow");
  CHECK(code_thrown([] { (void)(Money::from_fen(kMin) - Money::from_fen(1)); }) == "money.overflow");
  CHECK(code_thrown([] { (void)(Money::from_fen(0) - Money::from_fen(kMin)); }) == "money.overflow");
  CHECK(code_thrown([] { (void)(Money::from_fen(kMin) + Money::from_fen(kMin)); }) == "money.overflow");

  // A failed += leaves the total as it was, and the message names both amounts.
  Money kept = Money::from_fen(kMax);
  try {
    kept += Money::from_fen(1);
    FAIL("no overflow reported");
  } catch (const ProblemError& e) {
    CHECK(e.problem().arg("input") == "¥92,233,720,368,547,758.07 + ¥0.01");
    CHECK(std::string(e.what()).find("¥0.01") != std::string::npos);
  }
  CHECK(kept == Money::from_fen(kMax));
}
