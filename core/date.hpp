// Calendar dates and instants: stored UTC, shown in Asia/Shanghai (UTC+8, no DST since 1991).
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/problem.hpp"

namespace sunlight::core {

// A calendar date as people in China write it (发放日期, 发布日期): no time, no zone.
// Plain value type. Years 1900..2200 are all this system ever needs.
struct CivilDate {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;

  [[nodiscard]] static bool is_valid(int year, unsigned month, unsigned day) noexcept;
  // Days since 1970-01-01 (negative before), and back.
  [[nodiscard]] std::int64_t days_since_epoch() const noexcept;
  [[nodiscard]] static CivilDate from_days(std::int64_t days) noexcept;

  [[nodiscard]] std::string iso() const;  // "2026-03-01"
  [[nodiscard]] std::string zh() const;   // "2026年3月1日"

  friend constexpr auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// Accepts "2026-03-01", "2026/3/1", "2026.3.1", "2026年3月1日", "20260301", full-width digits, and a
// trailing midnight time as Excel writes it ("2026/3/1 0:00", "2026-03-01 00:00:00").
// Problems: date.empty, date.garbage, date.impossible (2026-02-30), date.out_of_range
// (outside 1900..2200), date.time_not_midnight. Every Problem carries arg "input".
[[nodiscard]] Parsed<CivilDate> parse_date(std::string_view text);

// An instant, always UTC inside the system.
using Timestamp = std::chrono::sys_seconds;

inline constexpr int kShanghaiUtcOffsetSeconds = 8 * 3600;

struct LocalDateTime {
  CivilDate date;
  unsigned hour = 0, minute = 0, second = 0;
};

[[nodiscard]] LocalDateTime to_shanghai(Timestamp t) noexcept;
[[nodiscard]] Timestamp from_shanghai(const LocalDateTime& local) noexcept;
[[nodiscard]] CivilDate shanghai_date(Timestamp t) noexcept;
[[nodiscard]] Timestamp now_utc();           // the system clock, to the second
[[nodiscard]] CivilDate today_shanghai();  // from the system clock

[[nodiscard]] std::string format_shanghai_datetime(Timestamp t);  // "2026-03-01 14:05"
[[nodiscard]] std::string format_shanghai_time(Timestamp t);      // "14:05"
[[nodiscard]] std::string format_utc_iso(Timestamp t);            // "2026-03-01T06:05:00Z"
// Accepts exactly the form format_utc_iso writes (and a "+00:00" suffix); Problems: time.garbage.
[[nodiscard]] Parsed<Timestamp> parse_utc_iso(std::string_view text);

}  // namespace sunlight::core
