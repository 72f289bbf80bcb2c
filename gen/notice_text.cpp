// Shared pieces of notice drafting: the sink, the body builder, and how amounts and dates read.
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "core/money.hpp"
#include "gen/notices.hpp"
#include "gen/schedule.hpp"

namespace sunlight::gen {

void NoticeSink::publish(std::string_view region_code, std::vector<Draft>& drafts) {
  std::stable_sort(drafts.begin(), drafts.end(), [](const Draft& a, const Draft& b) { return a.published < b.published; });
  const std::int32_t start = day_number(period_.first_year, 1, 1);
  for (const Draft& d : drafts) {
    if (d.published > period_.as_of_days || d.published < start) continue;
    out_.plain(region_code).field(d.category).field(d.title).field(d.body).plain(civil(d.published).iso());
    if (d.expires == kNever) {
      out_.empty();
    } else {
      out_.plain(civil(std::max(d.expires, d.published)).iso());
    }
    out_.end_row();
    ++count_;
  }
  drafts.clear();
}

void Body::block() {
  if (!text_.empty()) text_ += "\n\n";
}

Body& Body::para(std::string text) {
  block();
  text_ += text;
  return *this;
}

Body& Body::items(const std::vector<std::string>& lines) {
  block();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) text_ += '\n';
    text_ += "- ";
    text_ += lines[i];
  }
  return *this;
}

Body& Body::sign(std::string_view issuer, std::int32_t day) {
  block();
  text_ += issuer;
  text_ += '\n';
  text_ += date_text(day);
  return *this;
}

std::string money_text(std::int64_t fen) {
  const std::string plain = core::Money::from_fen(fen).format_plain();
  const auto dot = plain.find('.');
  const std::string whole = plain.substr(0, dot);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  return grouped + plain.substr(dot) + "元";
}

std::string rate_text(std::int64_t fen) {
  if (fen % 100 == 0) return fmt::format("{}元", fen / 100);
  return core::Money::from_fen(fen).format_plain() + "元";
}

std::string date_text(std::int32_t days) {
  const core::CivilDate d = civil(days);
  return fmt::format("{}年{}月{}日", d.year, d.month, d.day);
}

std::string_view weekday_text(std::int32_t days) {
  static constexpr std::array<std::string_view, 7> kNames{"星期一", "星期二", "星期三", "星期四",
                                                          "星期五", "星期六", "星期日"};
  return kNames[static_cast<std::size_t>(((days % 7) + 10) % 7)];
}

std::string_view chinese_number(int n) {
  static constexpr std::array<std::string_view, 13> kNames{"零", "一", "二", "三", "四", "五", "六",
                                                           "七", "八", "九", "十", "十一", "十二"};
  return kNames[static_cast<std::size_t>(std::clamp(n, 0, 12))];
}

std::string area_text(std::int64_t tenths) { return fmt::format("{}.{}亩", tenths / 10, tenths % 10); }

std::int32_t day_in(Rng& rng, int year, unsigned first_month, unsigned last_month) {
  const std::int32_t lo = day_number(year, first_month, 1);
  const std::int32_t hi = (last_month == 12 ? day_number(year + 1, 1, 1) : day_number(year, last_month + 1, 1)) - 3;
  return TownSchedule::working_day(static_cast<std::int32_t>(rng.range(lo, hi)));
}

}  // namespace sunlight::gen
