// Chart labels for money and counts in integer arithmetic (see format.hpp).
#include "ui/charts/format.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include <fmt/format.h>

namespace sunlight::ui::charts {

namespace {

using U64 = std::uint64_t;

// |n| without overflow: INT64_MIN's magnitude fits in an unsigned 64-bit number.
U64 magnitude(std::int64_t n) { return n < 0 ? U64{0} - static_cast<U64>(n) : static_cast<U64>(n); }

std::string grouped(U64 n) {
  std::string digits = std::to_string(n);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// `m` in units of `unit` (万 or 亿 in the smallest unit), 2 decimals under 10, 1 under 100, none
// above, rounded half up, trailing zeros dropped. nullopt when the rounded figure reaches `limit`
// units (9,999.5万 is the next unit's 1).
std::optional<std::string> in_unit(U64 m, U64 unit, U64 limit) {
  const U64 whole = m / unit;
  const int decimals = whole < 10 ? 2 : whole < 100 ? 1 : 0;
  const U64 scale = decimals == 2 ? 100 : decimals == 1 ? 10 : 1;
  const U64 step = unit / scale;
  // m ≤ 2^63 and step / 2 < 2^62: the sum fits in 64 unsigned bits.
  const U64 rounded = (m + step / 2) / step;
  if (limit != 0 && rounded / scale >= limit) return std::nullopt;
  std::string s = std::to_string(rounded / scale);
  if (decimals > 0) {
    std::string frac = fmt::format("{:0{}}", rounded % scale, decimals);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    if (!frac.empty()) s += "." + frac;
  }
  return s;
}

// `m` smallest units where `one` of them make one whole unit (100 fen a yuan, 1 for counts):
// whole units under 1万, then 万, then 亿.
std::string short_magnitude(U64 m, U64 one, bool separators, bool* plain) {
  const U64 whole = m / one + (m % one >= (one + 1) / 2 && one > 1 ? 1 : 0);
  if (whole < 10000) {
    *plain = true;
    return separators ? grouped(whole) : std::to_string(whole);
  }
  *plain = false;
  const U64 wan = one * 10000;
  if (auto s = in_unit(m, wan, 10000)) return *s + "万";
  return *in_unit(m, wan * 10000, 0) + "亿";
}

std::string signed_short(std::int64_t n, U64 one, bool separators, const char* plain_suffix, const char* unit_suffix) {
  bool plain = false;
  std::string s = short_magnitude(magnitude(n), one, separators, &plain);
  s += plain ? plain_suffix : unit_suffix;
  // A correction that rounds to nothing is shown as nothing, not "-0元".
  if (n < 0 && s.front() != '0') s = "-" + s;  // not insert(0, …): GCC 12 -O2 warns a false -Wrestrict
  return s;
}

// The tick value of a round step, saturated at INT64_MAX (only for amounts no real programme has).
std::int64_t saturated(U64 v) {
  return v > static_cast<U64>(std::numeric_limits<std::int64_t>::max()) ? std::numeric_limits<std::int64_t>::max()
                                                                         : static_cast<std::int64_t>(v);
}

template <typename Label>
std::vector<Tick> ticks(std::int64_t max, int max_ticks, U64 min_step, Label label) {
  std::vector<Tick> out;
  if (max <= 0) {
    out.push_back(Tick{0, label(0)});
    return out;
  }
  const U64 top = static_cast<U64>(max);
  const U64 most = static_cast<U64>(std::max(1, max_ticks));
  // 1, 2, 5 × 10^n from min_step up: the first that covers max in at most `most` steps. 10^19,
  // the largest power of ten in 64 unsigned bits, covers any int64 in one.
  const auto steps = [top](U64 step) { return top / step + (top % step != 0 ? 1 : 0); };
  U64 step = 0;
  for (U64 decade = min_step; step == 0;) {
    for (const U64 k : {U64{1}, U64{2}, U64{5}}) {
      if (decade > std::numeric_limits<U64>::max() / k) break;
      if (steps(decade * k) <= most) {
        step = decade * k;
        break;
      }
    }
    if (step != 0) break;
    if (decade > std::numeric_limits<U64>::max() / 10) step = decade;
    decade *= 10;
  }
  const U64 count = steps(step);
  for (U64 i = 0; i <= count; ++i) {
    const U64 v = i * step;  // < max + step: under 2^64 (step is 10^19 only when count is 1)
    out.push_back(Tick{saturated(v), label(v)});
  }
  return out;
}

}  // namespace

std::string money_short(std::int64_t fen) { return signed_short(fen, 100, true, "元", "元"); }

std::string money_tick(std::int64_t fen) { return signed_short(fen, 100, true, "", ""); }

std::string count_short(std::int64_t n) { return signed_short(n, 1, false, "", ""); }

std::vector<Tick> money_ticks(std::int64_t max_fen, int max_ticks) {
  return ticks(max_fen, max_ticks, 100, [](U64 v) {
    bool plain = false;
    return short_magnitude(v, 100, true, &plain);
  });
}

std::vector<Tick> count_ticks(std::int64_t max, int max_ticks) {
  return ticks(max, max_ticks, 1, [](U64 v) {
    bool plain = false;
    return short_magnitude(v, 1, false, &plain);
  });
}

std::string percent(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return "—";  // nothing planned (or a nonsensical negative whole): no share to show
  // In 128 bits, so that no pair of int64 overflows.
  __extension__ using I128 = __int128;
  const I128 p = part < 0 ? -static_cast<I128>(part) : static_cast<I128>(part);
  const I128 w = whole;
  const std::string sign = part < 0 ? "-" : "";
  if (p == 0) return "0%";
  const I128 tenths = (p * 1000 + w / 2) / w;
  if (tenths == 0) return sign + "<0.1%";
  const auto in_tenths = [&sign](I128 t) {
    const auto n = static_cast<long long>(t);
    return n % 10 == 0 ? fmt::format("{}{}%", sign, n / 10) : fmt::format("{}{}.{}%", sign, n / 10, n % 10);
  };
  if (tenths < 100) return in_tenths(tenths);  // under 10 %: the tenth matters
  const I128 whole_pct = (p * 100 + w / 2) / w;
  // Whole percents read faster from afar, but a part short of the whole never shows 100 %.
  if (p < w) return whole_pct < 100 ? fmt::format("{}{}%", sign, static_cast<long long>(whole_pct))
                                    : in_tenths(std::min<I128>(tenths, 999));
  // An overrun can be a huge ratio: what is printed is capped.
  if (whole_pct > 999999) return sign + ">999999%";
  return fmt::format("{}{}%", sign, static_cast<long long>(whole_pct));
}

}  // namespace sunlight::ui::charts
