// Who gets which programme when, and how much: turns one village's people into payments.csv rows.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gen/csv_writer.hpp"
#include "gen/model.hpp"
#include "gen/random.hpp"
#include "gen/schedule.hpp"

namespace sunlight::gen {

// Pays the villages of one town. Rows stream straight to `out`; nothing about a payment is kept
// except the tallies. Not thread-safe.
class BenefitEngine {
 public:
  BenefitEngine(const Period& period, const Town& town, const TownSchedule& schedule, CsvWriter& out,
                Tallies& town_tallies, std::uint64_t seed);

  // Writes the village's payments and fills `village_tallies` (zeroed first). `serial_base` makes
  // household and person numbers unique across villages for the tallies' distinct counts.
  void pay_village(const Village& village, VillagePeople& people, Tallies& village_tallies, std::uint32_t serial_base);

 private:
  void pay_household(const Household& h, std::uint32_t hh_serial);
  void pay_person(const Household& h, std::uint32_t hh_serial, std::uint32_t index);
  // Writes one payment, or only counts it as pending when it falls after as_of or its fund is
  // held up in this town; nothing at all when the person has died by then.
  void emit(Programme p, int yi, const Household& h, std::uint32_t hh_serial, std::uint32_t person, std::int32_t day,
            std::int64_t fen, std::string_view standard, std::uint32_t area_tenths = 0);
  [[nodiscard]] bool needy(const Household& h) const noexcept;

  const Period& period_;
  const Town& town_;
  const TownSchedule& schedule_;
  CsvWriter& out_;
  Tallies& town_tallies_;
  std::uint64_t seed_;
  std::array<YearStandards, kYears> standards_;
  std::array<std::array<std::string, kYears>, kProgrammeCount> fund_codes_;
  std::string town_suffix_;  // the town's 3 digits, part of every 流水号

  // Per village.
  Rng rng_{0};
  Tallies* village_tallies_ = nullptr;
  VillagePeople* people_ = nullptr;
  std::vector<std::string> group_codes_;
  std::uint32_t serial_base_ = 0;
  std::string scratch_;
};

}  // namespace sunlight::gen
