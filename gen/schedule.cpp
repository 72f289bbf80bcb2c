// Each town's payment calendar: monthly batch days, yearly batch dates, and held-up current funds.
#include "gen/schedule.hpp"

namespace sunlight::gen {

namespace {

std::int32_t last_day_of(int year, unsigned month) {
  return month == 12 ? day_number(year + 1, 1, 1) - 1 : day_number(year, month + 1, 1) - 1;
}

// Yearly programmes a town may be late with; their batch normally comes well before year end.
constexpr std::array<Programme, 5> kHoldable{Programme::FamilyPlanningReward, Programme::GrainGrower,
                                             Programme::FarmlandProtection, Programme::MigrantTransport,
                                             Programme::ReturnFarmland};

}  // namespace

std::int32_t TownSchedule::working_day(std::int32_t days) noexcept {
  const int weekday = ((days % 7) + 10) % 7;  // 0 = Monday; 1970-01-01 was a Thursday
  if (weekday == 5) return days + 2;
  if (weekday == 6) return days + 1;
  return days;
}

TownSchedule::TownSchedule(const Town& town, const Period& period, std::uint64_t seed) : period_(period) {
  Rng rng(derive_seed(seed, text_key(town.code), 4));
  for (auto& per_year : batch_)
    for (auto& months : per_year) months.fill(kNever);
  for (auto& years : yearly_) years.fill(kNever);

  for (std::size_t pi = 0; pi < kProgrammeCount; ++pi) {
    const Programme p = programme_at(pi);
    const ProgrammeInfo& in = info(p);
    // Each town's finance office runs its batches a day or two apart from the others.
    const auto offset = static_cast<unsigned>(rng.below(3));
    for (int yi = 0; yi < kYears; ++yi) {
      const int year = period.year(yi);
      auto& months = batch_[pi][static_cast<std::size_t>(yi)];
      switch (in.frequency) {
        case Frequency::Monthly:
          for (unsigned m = 1; m <= 12; ++m) months[m - 1] = working_day(day_number(year, m, in.pay_day + offset));
          break;
        case Frequency::Quarterly:
          for (unsigned m = 3; m <= 12; m += 3) months[m - 1] = working_day(day_number(year, m, in.pay_day + offset));
          break;
        case Frequency::PerTerm:
          for (const unsigned m : {in.first_month, in.last_month}) {
            months[m - 1] = working_day(day_number(year, m, in.pay_day + offset));
          }
          break;
        case Frequency::Yearly: {
          const auto month = static_cast<unsigned>(rng.range(in.first_month, in.last_month));
          const auto day = static_cast<unsigned>(rng.range(5, 25));
          yearly_[pi][static_cast<std::size_t>(yi)] = working_day(day_number(year, month, day));
          break;
        }
        case Frequency::OneOff: break;
      }
    }
  }

  // Hold-ups, current year only: about one town in ten is late with one yearly programme. The
  // first town (龙兴镇, in every scale) always is, so even the village scale shows one.
  const int current = kYears - 1;
  const bool force = town.code == "500112101";
  bool held = false;
  for (const Programme p : kHoldable) {
    const std::int32_t due = yearly(p, current);
    if (due > period.as_of_days - 20) continue;  // not overdue yet
    if ((!held && force) || rng.chance(5, 100)) {
      hold_[index_of(p)][static_cast<std::size_t>(current)] =
          rng.chance(1, 2) ? Hold::AwaitingAllocation : Hold::AwaitingDisbursement;
      held = true;
      if (force) break;
    }
  }
}

std::int32_t TownSchedule::one_off_day(Programme p, int yi, Rng& rng) const {
  const ProgrammeInfo& in = info(p);
  const int year = period_.year(yi);
  const std::int32_t lo = day_number(year, in.first_month, 1);
  const std::int32_t hi = last_day_of(year, in.last_month) - 3;
  return working_day(static_cast<std::int32_t>(rng.range(lo, hi)));
}

}  // namespace sunlight::gen
