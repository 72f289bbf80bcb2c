// Money and counts as a chart labels them: 万元 and 亿元, axis ticks at round numbers. No ImGui.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sunlight::ui::charts {

// A chart's short money label, never through floating point:
//   under 1万元: whole yuan with separators — 86,550 fen → "866元", 865,000 fen → "8,650元";
//   1万元 up to 1亿元: 万元 with 2 decimals under 10, 1 under 100, none above —
//   1,234,500 fen → "1.23万元", 12,345,600 fen → "12.3万元", 9,876,543,200 fen → "9877万元";
//   from 1亿元: the same in 亿元 — 123,456,789,000 fen → "12.3亿元".
// Rounded half up on the last digit shown (so 9,999.99万 shows "1亿元", never "10000万元"); trailing
// zeros dropped ("1.2万元", "3万元"); a negative amount (a correction) keeps its sign.
[[nodiscard]] std::string money_short(std::int64_t fen);
// The same without the trailing 元 ("1.23万", "3亿"), for axis ticks and tight labels.
[[nodiscard]] std::string money_tick(std::int64_t fen);
// A count of people or payments: 860 → "860", 12,345 → "1.23万", 123,456,789 → "1.23亿".
[[nodiscard]] std::string count_short(std::int64_t n);

struct Tick {
  std::int64_t value = 0;  // fen for money, plain for counts
  std::string label;       // "0", "500万", "1亿", "1.5亿"
};
// Ticks from 0 up to the first round number ≥ max (1, 2 or 5 × 10^n steps), at most
// `max_ticks` + 1 of them including 0. max ≤ 0 gives the single tick 0.
[[nodiscard]] std::vector<Tick> money_ticks(std::int64_t max_fen, int max_ticks = 5);
[[nodiscard]] std::vector<Tick> count_ticks(std::int64_t max, int max_ticks = 5);

// A percentage of `part` in `whole` as a label: "87%", "99.9%", "0.4%", "<0.1%", "—" when whole is 0
// (or negative). Whole percents from 10 %, tenths below; a part short of the whole never shows 100 %.
[[nodiscard]] std::string percent(std::int64_t part, std::int64_t whole);

}  // namespace sunlight::ui::charts
