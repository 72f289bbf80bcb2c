// Money as integer fen (分): parsing what people and spreadsheets write, formatting for screens.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/i18n.hpp"
#include "core/problem.hpp"

namespace sunlight::core {

// An amount of renminbi in fen. Never floating point (DESIGN invariant 1). Plain value type.
class Money {
 public:
  constexpr Money() noexcept = default;
  static constexpr Money from_fen(std::int64_t fen) noexcept { return Money(fen); }

  // Parses yuan as written in CSVs and forms: "1234.5", "1,234.50", "¥12", "￥12", "12元",
  // full-width digits "１２３.４５", surrounding spaces, a leading '-'. Refuses, with a Problem
  // whose code says why: "" (money.empty), more than two decimals (money.too_many_decimals),
  // "1e5" (money.exponent), "NaN"/"inf" (money.not_a_number), "1,23" (money.bad_grouping),
  // "12." or ".5" (money.missing_digits), "-0" (money.negative_zero), beyond int64 fen
  // (money.overflow), anything else (money.garbage). Every Problem carries arg "input".
  [[nodiscard]] static Parsed<Money> parse(std::string_view text);

  [[nodiscard]] constexpr std::int64_t fen() const noexcept { return fen_; }

  // "¥1,234.50"; negatives as "-¥1,234.50".
  [[nodiscard]] std::string format() const;
  // "1234.50": the CSV and wire form, no grouping, no symbol.
  [[nodiscard]] std::string format_plain() const;
  // The short forms on screens, rounded half away from zero to two decimals of the unit:
  // zh-CN: below 1万元 "¥8,765.00"; then "12.35万"; from 1亿元 "3.20亿" (a value that rounds
  // up to the next unit moves to it: 99,999,999.99元 is "1.00亿"). English: "¥8,765.00",
  // "¥123.46K", "¥3.20M", "¥1.23B".
  [[nodiscard]] std::string format_compact(Lang lang = Lang::ZhCn) const;

  // Arithmetic is checked: overflow throws ProblemError("money.overflow").
  Money& operator+=(Money other);
  Money& operator-=(Money other);
  friend Money operator+(Money a, Money b) { return a += b; }
  friend Money operator-(Money a, Money b) { return a -= b; }
  friend constexpr auto operator<=>(Money, Money) noexcept = default;

 private:
  constexpr explicit Money(std::int64_t fen) noexcept : fen_(fen) {}
  std::int64_t fen_ = 0;
};

}  // namespace sunlight::core
