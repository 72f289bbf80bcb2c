// Chart labels: 元, 万元 and 亿元 in integer arithmetic, round ticks, percentages.
#include "ui/charts/format.hpp"

#include <limits>

#include <catch2/catch.hpp>

namespace charts = sunlight::ui::charts;

namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

std::vector<std::string> labels(const std::vector<charts::Tick>& ticks) {
  std::vector<std::string> out;
  for (const auto& t : ticks) out.push_back(t.label);
  return out;
}

}  // namespace

TEST_CASE("money labels follow the header's examples", "[ui][charts][format]") {
  CHECK(charts::money_short(86'550) == "866元");
  CHECK(charts::money_short(865'000) == "8,650元");
  CHECK(charts::money_short(1'234'500) == "1.23万元");
  CHECK(charts::money_short(12'345'600) == "12.3万元");
  CHECK(charts::money_short(9'876'543'200) == "9877万元");
  CHECK(charts::money_short(123'456'789'000) == "12.3亿元");
  CHECK(charts::money_short(1'200'000) == "1.2万元");
  CHECK(charts::money_short(3'000'000) == "3万元");
  CHECK(charts::money_tick(1'234'500) == "1.23万");
  CHECK(charts::money_tick(300'000'000'000) == "30亿");
  CHECK(charts::money_tick(865'000) == "8,650");
}

TEST_CASE("money labels round half up on the last digit shown and carry into the next unit", "[ui][charts][format]") {
  CHECK(charts::money_short(0) == "0元");
  CHECK(charts::money_short(49) == "0元");
  CHECK(charts::money_short(50) == "1元");
  CHECK(charts::money_short(999'949) == "9,999元");
  CHECK(charts::money_short(999'950) == "1万元");           // 9,999.5元 is 1万 at the next unit
  CHECK(charts::money_short(9'995'000) == "10万元");        // 9.995万 → 10.00
  CHECK(charts::money_short(99'950'000) == "100万元");      // 99.95万 → 100.0
  CHECK(charts::money_short(9'999'990'000) == "1亿元");      // 9,999.99万, never "10000万元"
  CHECK(charts::money_short(9'999'999'500) == "1亿元");      // 9,999.995万
  CHECK(charts::money_short(9'999'499'999) == "9999万元");
  CHECK(charts::money_short(1'005'000'000'000) == "101亿元");  // 100.5亿: no decimals from 100 up
  CHECK(charts::money_short(10'050'000'000) == "1.01亿元");   // 1.005亿 half up
}

TEST_CASE("a negative amount keeps its sign and the extremes do not overflow", "[ui][charts][format]") {
  CHECK(charts::money_short(-86'550) == "-866元");
  CHECK(charts::money_short(-1'234'500) == "-1.23万元");
  CHECK(charts::money_short(-40) == "0元");  // a correction that rounds to nothing is not "-0元"
  CHECK(charts::money_short(kMax) == "922337204亿元");
  CHECK(charts::money_short(kMin) == "-922337204亿元");
  CHECK(charts::count_short(kMax) == "92233720369亿");
  CHECK(charts::count_short(kMin) == "-92233720369亿");
}

TEST_CASE("counts are plain under 1万, then 万 and 亿", "[ui][charts][format]") {
  CHECK(charts::count_short(860) == "860");
  CHECK(charts::count_short(12'345) == "1.23万");
  CHECK(charts::count_short(123'456'789) == "1.23亿");
  CHECK(charts::count_short(0) == "0");
  CHECK(charts::count_short(9'999) == "9999");
  CHECK(charts::count_short(99'995) == "10万");
  CHECK(charts::count_short(99'999'999) == "1亿");
  CHECK(charts::count_short(-5) == "-5");
}

TEST_CASE("money ticks are round 1/2/5 steps from 0 to the first round number past the max", "[ui][charts][format]") {
  CHECK(labels(charts::money_ticks(450'000'000)) == std::vector<std::string>{"0", "100万", "200万", "300万", "400万", "500万"});
  CHECK(labels(charts::money_ticks(14'000'000'000)) == std::vector<std::string>{"0", "5000万", "1亿", "1.5亿"});
  CHECK(labels(charts::money_ticks(10'000'000'000)) == std::vector<std::string>{"0", "2000万", "4000万", "6000万", "8000万", "1亿"});
  CHECK(labels(charts::money_ticks(0)) == std::vector<std::string>{"0"});
  CHECK(labels(charts::money_ticks(-5)) == std::vector<std::string>{"0"});
  CHECK(labels(charts::money_ticks(1)) == std::vector<std::string>{"0", "1"});  // 1 fen: the smallest step is 1元

  for (std::int64_t max : {std::int64_t{1}, std::int64_t{99}, std::int64_t{12'345}, std::int64_t{1'000'000},
                           std::int64_t{777'777'777}, std::int64_t{123'456'789'012}, kMax / 3, kMax}) {
    for (int most : {1, 2, 3, 5, 8}) {
      INFO("max " << max << " max_ticks " << most);
      const auto ticks = charts::money_ticks(max, most);
      REQUIRE(ticks.size() >= 2);
      CHECK(ticks.size() <= static_cast<std::size_t>(most) + 1);
      CHECK(ticks.front().value == 0);
      CHECK(ticks.back().value >= max);
      const std::int64_t step = ticks[1].value;
      // The step is 1, 2 or 5 × 10^n.
      std::int64_t mantissa = step;
      while (mantissa % 10 == 0) mantissa /= 10;
      if (step != kMax) CHECK((mantissa == 1 || mantissa == 2 || mantissa == 5));  // kMax: 10^19 saturated
      for (std::size_t i = 1; i < ticks.size(); ++i) {
        CHECK(ticks[i].value > ticks[i - 1].value);
        if (ticks[i].value != kMax) CHECK(ticks[i].value == ticks[i - 1].value + step);
        CHECK_FALSE(ticks[i].label.empty());
      }
    }
  }
}

TEST_CASE("count ticks step by whole numbers and label in 万", "[ui][charts][format]") {
  CHECK(labels(charts::count_ticks(7)) == std::vector<std::string>{"0", "2", "4", "6", "8"});
  CHECK(labels(charts::count_ticks(86'000)) == std::vector<std::string>{"0", "2万", "4万", "6万", "8万", "10万"});
  CHECK(labels(charts::count_ticks(0)) == std::vector<std::string>{"0"});
  const auto big = charts::count_ticks(kMax);
  CHECK(big.back().value >= kMax);
}

TEST_CASE("percentages: whole from 10 %, a tenth below, never 100 % short of the whole", "[ui][charts][format]") {
  CHECK(charts::percent(87, 100) == "87%");
  CHECK(charts::percent(999, 1000) == "99.9%");
  CHECK(charts::percent(4, 1000) == "0.4%");
  CHECK(charts::percent(1, 100'000) == "<0.1%");
  CHECK(charts::percent(5, 0) == "—");
  CHECK(charts::percent(0, 100) == "0%");
  CHECK(charts::percent(100, 100) == "100%");
  CHECK(charts::percent(9'999'999, 10'000'000) == "99.9%");
  CHECK(charts::percent(995, 1000) == "99.5%");
  CHECK(charts::percent(3, 100) == "3%");
  CHECK(charts::percent(125, 100) == "125%");
  CHECK(charts::percent(-3, 100) == "-3%");
  CHECK(charts::percent(kMax, kMax) == "100%");
  CHECK(charts::percent(kMax - 1, kMax) == "99.9%");
  CHECK(charts::percent(kMin, 1) == "->999999%");
  CHECK(charts::percent(kMax, 1) == ">999999%");
}
