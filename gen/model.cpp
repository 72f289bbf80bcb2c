// Small helpers of the generator's model: ages, group codes and names, merging tallies.
#include "gen/model.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace sunlight::gen {

int age_on(const core::CivilDate& birth, const core::CivilDate& day) noexcept {
  int age = day.year - birth.year;
  if (day.month < birth.month || (day.month == birth.month && day.day < birth.day)) --age;
  return age;
}

int age_on(std::int32_t birth_days, std::int32_t day) { return age_on(civil(birth_days), civil(day)); }

std::string group_code(const Village& v, unsigned group) { return fmt::format("{}{:03}", v.code, group); }

std::string group_name(const Village& v, unsigned group) { return fmt::format("{}{}", group, v.community ? "组" : "社"); }

void Tally::add(const Tally& other) noexcept {
  paid_fen += other.paid_fen;
  pending_fen += other.pending_fen;
  payments += other.payments;
  recipients += other.recipients;
  households += other.households;
  area_tenths += other.area_tenths;
  first_paid = std::min(first_paid, other.first_paid);
  last_paid = std::max(last_paid, other.last_paid);
}

}  // namespace sunlight::gen
