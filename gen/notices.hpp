// Village-affairs notices (村务公开) for villages, towns and the district: drafting helpers and writers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gen/csv_writer.hpp"
#include "gen/model.hpp"
#include "gen/random.hpp"

namespace sunlight::gen {

// One notice before it is written. Notices hold aggregates only: never a person's name or ID.
struct Draft {
  std::int32_t published = 0;
  std::string_view category;  // 村务 / 财务 / 党务 / 公示
  std::string title;
  std::string body;
  std::int32_t expires = kNever;  // kNever: no expiry
};

// Writes drafts to notices.csv in publication order, dropping any published after as_of or
// before the period starts. Not thread-safe.
class NoticeSink {
 public:
  NoticeSink(CsvWriter& out, const Period& period) : out_(out), period_(period) {}
  void publish(std::string_view region_code, std::vector<Draft>& drafts);
  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }

 private:
  CsvWriter& out_;
  const Period& period_;
  std::uint64_t count_ = 0;
};

// A notice body: paragraphs separated by a blank line, list items as "- " lines.
class Body {
 public:
  Body& para(std::string text);
  Body& items(const std::vector<std::string>& lines);
  Body& sign(std::string_view issuer, std::int32_t day);  // issuer lines and the date, at the end
  [[nodiscard]] std::string str() const { return text_; }

 private:
  void block();
  std::string text_;
};

[[nodiscard]] std::string money_text(std::int64_t fen);  // "1,234,567.80元": totals
[[nodiscard]] std::string rate_text(std::int64_t fen);   // "105元", "105.50元": standards
[[nodiscard]] std::string date_text(std::int32_t days);   // "2025年3月1日"
[[nodiscard]] std::string_view weekday_text(std::int32_t days);  // "星期一"
[[nodiscard]] std::string_view chinese_number(int n);     // 1..12 → 一..十二
[[nodiscard]] std::string area_text(std::int64_t tenths);  // "1234.5亩"
// A random day of `year` between the given months (inclusive), moved off weekends.
[[nodiscard]] std::int32_t day_in(Rng& rng, int year, unsigned first_month, unsigned last_month);

// Notices of one village or community, spread over the period (~15 each).
void write_village_notices(NoticeSink& sink, const Town& town, const Village& village, const Tallies& tallies,
                           const Period& period, std::uint64_t seed);
// Notices of one 镇街: yearly subsidy totals, recruitment, seasonal safety, party life.
void write_town_notices(NoticeSink& sink, const Town& town, const Tallies& tallies, const Period& period,
                        std::uint64_t seed);
// District notices: the yearly policy list, standards changes, reporting channels, yearly totals.
void write_district_notices(NoticeSink& sink, const Tallies& tallies, const Period& period, std::uint64_t seed);

}  // namespace sunlight::gen
