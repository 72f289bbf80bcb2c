// The subsidy programmes of the demo district: who runs them, how they pay, and their standards per year.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sunlight::gen {

// The programmes in fund-code order: a fund code is "YB" + year + "-" + two-digit number, where
// the number is the enum value + 1 (耕地地力保护补贴 2025 is YB2025-01).
enum class Programme : std::uint8_t {
  FarmlandProtection,    // 耕地地力保护补贴
  GrainGrower,           // 种粮农民一次性补贴
  FarmMachinery,         // 农机购置补贴
  EcoForest,             // 生态公益林补偿
  ReturnFarmland,        // 退耕还林补助
  Dibao,                 // 城乡低保
  Tekun,                 // 特困人员救助供养
  TemporaryRelief,       // 临时救助
  MedicalAid,            // 城乡医疗救助
  WinterRelief,          // 受灾困难群众冬春生活救助
  OldAgeAllowance,       // 高龄津贴
  ResidentPension,       // 城乡居民基本养老保险
  DisabilityTwo,         // 残疾人两项补贴
  Orphan,                // 孤儿基本生活费
  MilitaryPension,       // 优抚对象抚恤补助
  FamilyPlanningReward,  // 计划生育家庭奖励扶助
  FamilyPlanningSpecial, // 计划生育特别扶助金
  DilapidatedHouse,      // 农村危房改造补助
  Yulu,                  // 雨露计划
  CompulsoryEducation,   // 义务教育家庭经济困难学生生活补助
  HighSchoolGrant,       // 普通高中国家助学金
  PublicWelfareJob,      // 乡村公益性岗位补贴
  MigrantTransport,      // 脱贫劳动力外出务工交通补助
  ToiletRenovation,      // 农村户厕改造补助
};
inline constexpr std::size_t kProgrammeCount = 24;

[[nodiscard]] constexpr std::size_t index_of(Programme p) noexcept { return static_cast<std::size_t>(p); }
[[nodiscard]] constexpr Programme programme_at(std::size_t i) noexcept { return static_cast<Programme>(i); }

// 发放方式, in the order of import-formats.md.
enum class PayMethod : std::uint8_t { Card, BankTransfer, Cash, SocialSecurityCard };
[[nodiscard]] std::string_view pay_method_name(PayMethod m) noexcept;  // 一卡通 / 银行转账 / 现金 / 社保卡

// How often a programme pays; decides its calendar (see schedule.hpp).
enum class Frequency : std::uint8_t { Monthly, Quarterly, PerTerm, Yearly, OneOff };

struct ProgrammeInfo {
  std::string_view name;         // 项目名称
  std::string_view category;     // 类别
  std::string_view department;   // 主管部门
  std::string_view level;        // 资金级次: 中央 / 市级 / 区级
  std::string_view finance_office;  // the 区财政局 office in approval numbers: 渝北财社〔2025〕37号
  std::string_view policy;       // the standing policy basis, without the yearly local document
  Frequency frequency;
  std::array<std::uint32_t, 4> method_weights;  // shares of 一卡通, 银行转账, 现金, 社保卡
  // Months (1-12) in which the programme pays: the window for yearly and one-off payments, or the
  // term months for PerTerm. Unused for Monthly and Quarterly.
  unsigned first_month;
  unsigned last_month;
  unsigned pay_day;  // base day of month for Monthly/Quarterly/PerTerm batches
};

[[nodiscard]] const ProgrammeInfo& info(Programme p) noexcept;
[[nodiscard]] std::string fund_code(Programme p, int year);  // "YB2025-07"

// Standards of one year. Amounts are fen. Values for 2024 are the base; later years rise the
// way these standards have risen lately, and earlier years fall back the same way, so any
// --as-of gives plausible numbers.
struct YearStandards {
  int year = 0;
  std::int64_t farmland_per_mu = 0;     // 耕地地力保护补贴, per mu per year
  std::int64_t grain_per_mu = 0;        // 种粮农民一次性补贴, per mu
  std::int64_t forest_per_mu = 0;       // 生态公益林补偿, per mu per year
  std::int64_t return_per_mu = 0;       // 退耕还林补助, per mu per year
  std::int64_t dibao_rural = 0;         // 农村低保标准, per person per month
  std::int64_t dibao_urban = 0;         // 城市低保标准, per person per month
  std::int64_t tekun_basic = 0;         // 特困人员基本生活标准, per month
  std::array<std::int64_t, 3> old_age{};  // 高龄津贴 per month: 80-89, 90-99, 100+
  std::int64_t pension_base = 0;        // 城乡居民基础养老金, per month
  std::int64_t disability_living = 0;   // 困难残疾人生活补贴, per month
  std::array<std::int64_t, 2> disability_care{};  // 重度残疾人护理补贴 per month: 一级, 二级
  std::int64_t orphan = 0;              // 散居孤儿基本生活费, per month
  std::int64_t fp_reward = 0;           // 计划生育家庭奖励扶助, per person per year
  std::array<std::int64_t, 2> fp_special{};  // 特别扶助 per month: 伤残, 死亡
  std::int64_t yulu_term = 0;           // 雨露计划, per student per term
  std::int64_t primary_term = 0;        // 义务教育 小学, per term
  std::int64_t junior_term = 0;         // 义务教育 初中, per term
  std::int64_t high_school_term = 0;    // 普通高中国家助学金, per term
  std::int64_t welfare_job = 0;         // 乡村公益性岗位补贴, per month
  std::int64_t toilet = 0;              // 农村户厕改造补助, per household
  std::int64_t medical_premium = 0;     // 城乡居民医保个人缴费 for that year (only for notices)
};
[[nodiscard]] YearStandards standards_for(int year) noexcept;

// 补助标准 as funds.csv shows it: "每亩每年105元".
[[nodiscard]] std::string standard_text(Programme p, int year);
// 政策依据: the standing basis plus the year's local document.
[[nodiscard]] std::string policy_basis(Programme p, int year);

// One machine type for 农机购置补贴, with its fixed subsidy.
struct Machine {
  std::string_view name;
  std::int64_t subsidy_fen;
};
[[nodiscard]] const std::array<Machine, 8>& machines() noexcept;

}  // namespace sunlight::gen
