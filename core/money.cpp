// Money parsing and formatting in integer fen; runs per row of every payment import, so the ASCII path never allocates.
#include "core/money.hpp"

#include <array>
#include <cstddef>
#include <limits>
#include <span>

#include "core/text.hpp"

namespace sunlight::core {
namespace {

constexpr std::string_view kYen = "\xC2\xA5";   // U+00A5; fold_width turns U+FFE5 into this too
constexpr std::string_view kYuan = "\xE5\x85\x83";  // 元
constexpr std::uint64_t kMaxPositiveFen = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
// INT64_MIN fen is accepted so that every value format_plain() writes parses back.
constexpr std::uint64_t kMaxNegativeFen = kMaxPositiveFen + 1;
// Messages show at most this many characters of the refused text: a 10,000-character field
// must not turn an import report into a wall.
constexpr std::size_t kShownInputChars = 40;

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr std::uint64_t digit_value(char c) noexcept { return static_cast<std::uint64_t>(c - '0'); }
constexpr char digit_char(std::uint64_t v) noexcept { return static_cast<char>('0' + v % 10); }

bool has_non_ascii(std::string_view s) noexcept {
  for (const char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  return false;
}

bool has_control_bytes(std::string_view s) noexcept {
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7F) return true;
  }
  return false;
}

// The refused text as a person should see it: cut short, and with malformed bytes and control
// characters shown as U+FFFD, so the message stays printable and can travel in JSON (which
// refuses invalid UTF-8). Only runs on the error path.
std::string shown_input(std::string_view original) {
  if (text::is_valid_utf8(original) && !has_control_bytes(original))
    return text::ellipsize(original, kShownInputChars);
  std::string clean;
  std::size_t count = 0;
  // One character past the limit is enough for ellipsize to know it must cut.
  for (std::size_t pos = 0; pos < original.size() && count <= kShownInputChars; ++count) {
    char32_t cp = text::next_code_point(original, pos);
    if (cp < 0x20 || cp == 0x7F) cp = 0xFFFD;
    text::append_utf8(clean, cp);
  }
  return text::ellipsize(clean, kShownInputChars);
}

Problem refuse(const char* code, std::string_view original) {
  return Problem{code, {{"input", shown_input(original)}}};
}

// What printf, JavaScript and spreadsheets write for values that are not numbers at all.
bool is_not_a_number_word(std::string_view s) noexcept {
  if (s.size() > 8) return false;
  std::array<char, 8> lower{};
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view word(lower.data(), s.size());
  return word == "nan" || word == "inf" || word == "infinity";
}

// "1,234,567": a first group of 1–3 digits (not starting with 0), then groups of exactly 3.
// Called only when `digits` holds a comma.
bool grouping_ok(std::string_view digits) noexcept {
  const std::size_t first_comma = digits.find(',');
  if (first_comma == 0 || first_comma > 3) return false;
  if (digits[0] == '0') return false;  // "0,123" is a typo for something, not 123
  const std::string_view rest = digits.substr(first_comma);  // ",ddd" repeated to the end
  if (rest.size() % 4 != 0) return false;
  for (std::size_t i = 0; i < rest.size(); ++i)
    if ((i % 4 == 0) != (rest[i] == ',')) return false;
  return true;
}

// Fills a fixed buffer from the end, so digits come out in the order they are computed and the
// result is one allocation at most. 64 bytes hold more than the longest form: "-¥" + 17 digits,
// 5 commas, ".07" and a three-byte unit.
class BackWriter {
 public:
  void put(char c) noexcept { buf_[--pos_] = c; }
  void put(std::string_view s) noexcept {
    for (auto it = s.rbegin(); it != s.rend(); ++it) put(*it);
  }
  void put_integer(std::uint64_t v, bool grouped) noexcept {
    int count = 0;
    do {
      if (grouped && count > 0 && count % 3 == 0) put(',');
      put(digit_char(v));
      v /= 10;
      ++count;
    } while (v != 0);
  }
  [[nodiscard]] std::string str() const { return std::string(buf_.data() + pos_, buf_.size() - pos_); }

 private:
  std::array<char, 64> buf_{};
  std::size_t pos_ = buf_.size();
};

// `hundredths` of `unit` (fen when the unit is yuan) as "[-][¥]1,234.56<unit>".
std::string render(bool negative, bool symbol, bool grouped, std::uint64_t hundredths, std::string_view unit) {
  BackWriter w;
  w.put(unit);
  w.put(digit_char(hundredths));
  w.put(digit_char(hundredths / 10));
  w.put('.');
  w.put_integer(hundredths / 100, grouped);
  if (symbol) w.put(kYen);
  if (negative) w.put('-');
  return w.str();
}

// |fen| without overflowing on INT64_MIN: unsigned arithmetic is modular and well defined.
constexpr std::uint64_t magnitude(std::int64_t fen) noexcept {
  const auto bits = static_cast<std::uint64_t>(fen);
  return fen < 0 ? std::uint64_t{0} - bits : bits;
}

// `value / divisor`, rounded half away from zero (value is a magnitude, so half up).
constexpr std::uint64_t divide_rounded(std::uint64_t value, std::uint64_t divisor) noexcept {
  const std::uint64_t q = value / divisor;
  const std::uint64_t r = value % divisor;
  return r >= divisor - r ? q + 1 : q;
}

struct CompactUnit {
  std::uint64_t fen;
  std::string_view suffix;
};

// Smallest first. Below `kCompactFrom` both languages show the exact amount.
constexpr std::uint64_t kCompactFrom = 1'000'000;  // 1万元 = 10,000 yuan
constexpr std::array<CompactUnit, 2> kZhUnits{{{1'000'000, "万"}, {10'000'000'000, "亿"}}};
constexpr std::array<CompactUnit, 3> kEnUnits{{{100'000, "K"}, {100'000'000, "M"}, {100'000'000'000, "B"}}};

}  // namespace

Parsed<Money> Money::parse(std::string_view original) {
  std::string_view s = text::trim(original);
  std::string folded;  // filled only for non-ASCII input, so "1234.50" costs no allocation
  if (has_non_ascii(s)) {
    folded = text::fold_width(s);
    s = folded;
  }
  if (s.empty()) return refuse("money.empty", original);

  const std::size_t n = s.size();
  std::size_t i = 0;
  auto at = [&](char c) { return i < n && s[i] == c; };

  bool negative = false;
  if (at('-')) {
    negative = true;
    ++i;
  }
  if (s.substr(i).starts_with(kYen)) {
    i += kYen.size();
    while (at(' ')) ++i;
    // Chinese Excel's currency format writes negatives as "¥-1,234.50".
    if (!negative && at('-')) {
      negative = true;
      ++i;
    }
  }
  if (is_not_a_number_word(s.substr(i))) return refuse("money.not_a_number", original);

  const std::size_t int_begin = i;
  bool int_has_digit = false;
  while (i < n && (is_digit(s[i]) || s[i] == ',')) {
    int_has_digit = int_has_digit || s[i] != ',';
    ++i;
  }
  const std::string_view int_part = s.substr(int_begin, i - int_begin);

  bool has_point = false;
  std::string_view frac;
  if (at('.')) {
    has_point = true;
    const std::size_t frac_begin = ++i;
    while (i < n && is_digit(s[i])) ++i;
    frac = s.substr(frac_begin, i - frac_begin);
  }

  // "1e5", "1.23E+05": what Excel shows for wide numbers. Named, because the fix is in the sheet.
  if ((int_has_digit || !frac.empty()) && (at('e') || at('E'))) {
    std::size_t j = i + 1;
    if (j < n && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < n && is_digit(s[j])) return refuse("money.exponent", original);
  }

  std::size_t j = i;
  while (j < n && s[j] == ' ') ++j;
  if (s.substr(j).starts_with(kYuan)) i = j + kYuan.size();
  if (i != n) return refuse("money.garbage", original);

  if (int_part.find(',') != std::string_view::npos && !grouping_ok(int_part))
    return refuse("money.bad_grouping", original);
  if (!int_has_digit || (has_point && frac.empty())) return refuse("money.missing_digits", original);
  if (frac.size() > 2) return refuse("money.too_many_decimals", original);

  // Accumulate the magnitude in unsigned fen, checking every step: a 10,000-digit field must
  // end as money.overflow, never as a wrapped value.
  std::uint64_t fen = 0;
  for (const char c : int_part) {
    if (c == ',') continue;
    if (__builtin_mul_overflow(fen, std::uint64_t{10}, &fen) || __builtin_add_overflow(fen, digit_value(c), &fen))
      return refuse("money.overflow", original);
  }
  const std::uint64_t cents = (frac.size() >= 1 ? digit_value(frac[0]) * 10 : 0) +
                              (frac.size() == 2 ? digit_value(frac[1]) : 0);
  if (__builtin_mul_overflow(fen, std::uint64_t{100}, &fen) || __builtin_add_overflow(fen, cents, &fen))
    return refuse("money.overflow", original);
  if (fen > (negative ? kMaxNegativeFen : kMaxPositiveFen)) return refuse("money.overflow", original);
  if (negative && fen == 0) return refuse("money.negative_zero", original);

  // Two's-complement negation in unsigned arithmetic; the conversion is modular in C++20, so
  // 2^63 becomes INT64_MIN without undefined behaviour.
  return Money::from_fen(static_cast<std::int64_t>(negative ? std::uint64_t{0} - fen : fen));
}

std::string Money::format() const { return render(fen_ < 0, true, true, magnitude(fen_), {}); }

std::string Money::format_plain() const { return render(fen_ < 0, false, false, magnitude(fen_), {}); }

std::string Money::format_compact(Lang lang) const {
  const std::uint64_t mag = magnitude(fen_);
  // The exact form needs no rounding, so 9,999.99元 stays itself rather than becoming "1.00万".
  if (mag < kCompactFrom) return format();
  const bool en = lang == Lang::En;
  const std::span<const CompactUnit> units =
      en ? std::span<const CompactUnit>(kEnUnits) : std::span<const CompactUnit>(kZhUnits);
  std::size_t k = 0;
  while (k + 1 < units.size() && mag >= units[k + 1].fen) ++k;
  std::uint64_t hundredths = divide_rounded(mag, units[k].fen / 100);
  // Rounding may carry into the next unit: 9,999.995万 is "1.00亿", not "10,000.00万".
  if (k + 1 < units.size() && hundredths >= units[k + 1].fen / units[k].fen * 100) {
    ++k;
    hundredths = divide_rounded(mag, units[k].fen / 100);
  }
  return render(fen_ < 0, en, true, hundredths, units[k].suffix);
}

Money& Money::operator+=(Money other) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(fen_, other.fen_, &sum))
    throw ProblemError(Problem{"money.overflow", {{"input", format() + " + " + other.format()}}});
  fen_ = sum;
  return *this;
}

Money& Money::operator-=(Money other) {
  std::int64_t difference = 0;
  if (__builtin_sub_overflow(fen_, other.fen_, &difference))
    throw ProblemError(Problem{"money.overflow", {{"input", format() + " - " + other.format()}}});
  fen_ = difference;
  return *this;
}

}  // namespace sunlight::core
