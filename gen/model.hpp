// The generator's in-memory model: the period, the region tree, one village's people, running totals.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "gen/programmes.hpp"

namespace sunlight::gen {

// The three calendar years covered: as_of.year-2 .. as_of.year, nothing after as_of.
inline constexpr int kYears = 3;

struct Period {
  core::CivilDate as_of;
  std::int32_t as_of_days = 0;
  int first_year = 0;

  explicit Period(core::CivilDate day)
      : as_of(day), as_of_days(static_cast<std::int32_t>(day.days_since_epoch())), first_year(day.year - 2) {}
  [[nodiscard]] int year(int index) const noexcept { return first_year + index; }
  [[nodiscard]] int last_year() const noexcept { return first_year + kYears - 1; }
};

// Days since 1970-01-01 for a calendar day; the generator works in days and converts at the edge.
[[nodiscard]] inline std::int32_t day_number(int year, unsigned month, unsigned day) {
  return static_cast<std::int32_t>(core::CivilDate{year, month, day}.days_since_epoch());
}
[[nodiscard]] inline core::CivilDate civil(std::int32_t days) { return core::CivilDate::from_days(days); }

// Whole years of age on `day` for someone born on `birth`.
[[nodiscard]] int age_on(const core::CivilDate& birth, const core::CivilDate& day) noexcept;
[[nodiscard]] int age_on(std::int32_t birth_days, std::int32_t day);

struct Village {
  std::string code;  // 12 digits
  std::string name;  // 和平村, 金龙路社区
  bool community = false;
  std::uint16_t group_count = 0;
  std::uint32_t target_people = 0;
};

struct Town {
  std::string code;  // 9 digits
  std::string name;
  std::string short_name;
  bool street = false;
  std::uint8_t forest_percent = 0;
  std::vector<Village> villages;
};

// Group (社) names differ: villages number their 社, communities their 居民小组 (组).
[[nodiscard]] std::string group_code(const Village& v, unsigned group);
[[nodiscard]] std::string group_name(const Village& v, unsigned group);

inline constexpr std::int32_t kNever = std::numeric_limits<std::int32_t>::max();

// One person. Only one village's people live in memory at a time.
struct Person {
  std::int32_t birth_days = 0;
  std::int32_t death_days = kNever;  // payments stop after this day
  std::array<char, 18> id{};
  std::string name;
  bool male = false;
  std::uint8_t disability = 0;  // 0 none, else 残疾等级 1 (most severe) .. 4
  // Standing entitlements decided once per person.
  bool pension = false;       // 城乡居民养老保险 enrolled
  bool fp_reward = false;     // 计划生育家庭奖励扶助
  std::uint8_t fp_special = 0;  // 1 伤残, 2 死亡 (特别扶助)
  bool veteran = false;
  bool orphan = false;
  bool tekun = false;
  std::uint8_t school_track = 0;  // 1 普通高中, 2 中职/高职, 0 other; decides 15-22 year olds' grants
  bool welfare_job = false;   // holds a 乡村公益性岗位
  std::int32_t pension_account_fen = 0;  // 个人账户养老金 per month
  std::int32_t veteran_monthly_fen = 0;
  // What happened, for samples.
  std::uint32_t programme_mask = 0;
  std::uint32_t payments = 0;

  [[nodiscard]] std::string_view id_view() const noexcept { return {id.data(), id.size()}; }
};

enum class Showcase : std::uint8_t { None, ElderlyCouple, DibaoFamily, HouseRepair, ManyProgrammes };

struct Household {
  std::uint32_t first = 0;  // index of the head in the village's people
  std::uint8_t size = 0;
  std::uint16_t group = 0;  // 1-based
  std::uint16_t house_no = 0;
  bool poor = false;        // 脱贫户 / 监测户
  bool dibao = false;
  std::int32_t dibao_from = 0, dibao_to = -1;  // month indexes (0 = January of first_year), inclusive
  std::uint8_t dibao_gap_percent = 0;          // share of the standard paid per member
  std::uint16_t farmland_tenths = 0;  // 承包耕地, tenths of a mu
  std::uint16_t grain_tenths = 0;     // of which grown with grain
  std::uint16_t forest_mu = 0;
  std::uint16_t return_tenths = 0;    // 退耕还林
  std::int8_t house_repair_year = -1;  // year index, or -1
  std::int8_t toilet_year = -1;
  std::int8_t machine_year = -1;
  std::uint8_t machine = 0;
  Showcase showcase = Showcase::None;
  std::string address;  // 龙兴镇和平村3社27号
};

struct VillagePeople {
  std::vector<Household> households;
  std::vector<Person> people;
};

// Running totals of one programme-year in one area: what was paid (written), what would have
// been paid after as_of or was held back (for stage plans), and who received it.
struct Tally {
  std::int64_t paid_fen = 0;
  std::int64_t pending_fen = 0;
  std::uint32_t payments = 0;
  std::uint32_t recipients = 0;
  std::uint32_t households = 0;
  std::int64_t area_tenths = 0;  // for land programmes' notices
  std::int32_t first_paid = kNever;
  std::int32_t last_paid = 0;
  std::uint32_t last_person = std::numeric_limits<std::uint32_t>::max();   // to count distinct recipients
  std::uint32_t last_household = std::numeric_limits<std::uint32_t>::max();

  void add(const Tally& other) noexcept;  // merges counts of a disjoint area
};

using Tallies = std::array<std::array<Tally, kYears>, kProgrammeCount>;

}  // namespace sunlight::gen
