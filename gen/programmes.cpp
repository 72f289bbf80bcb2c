// The programme table: 24 common 惠民惠农 programmes with departments, calendars and yearly standards.
#include "gen/programmes.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/money.hpp"

namespace sunlight::gen {

namespace {

using M = std::array<std::uint32_t, 4>;  // 一卡通, 银行转账, 现金, 社保卡

constexpr M kFarmMethods{85, 12, 1, 2};
constexpr M kReliefMethods{88, 6, 4, 2};
constexpr M kWelfareMethods{82, 8, 2, 8};
constexpr M kPensionMethods{4, 6, 0, 90};
constexpr M kSchoolMethods{62, 36, 0, 2};
constexpr M kTransferMethods{20, 80, 0, 0};

// Calendars: the window months are when a town's batch is paid (yearly) or when one-off
// payments fall; PerTerm uses first_month and last_month as the spring and autumn term months.
constexpr std::array<ProgrammeInfo, kProgrammeCount> kProgrammes{{
    {"耕地地力保护补贴", "农业补贴", "区农业农村委", "中央", "财农",
     "《财政部 农业部关于全面推开农业“三项补贴”改革工作的通知》（财农〔2016〕26号）", Frequency::Yearly,
     kFarmMethods, 5, 6, 0},
    {"种粮农民一次性补贴", "农业补贴", "区农业农村委", "中央", "财农", "中央财政实际种粮农民一次性补贴政策",
     Frequency::Yearly, kFarmMethods, 8, 9, 0},
    {"农机购置补贴", "农业补贴", "区农业农村委", "中央", "财农", "农业农村部 财政部农机购置与应用补贴实施意见",
     Frequency::OneOff, kTransferMethods, 3, 11, 0},
    {"生态公益林补偿", "生态补偿", "区林业局", "中央", "财农", "《中央财政林业改革发展资金管理办法》",
     Frequency::Yearly, kFarmMethods, 10, 12, 0},
    {"退耕还林补助", "生态补偿", "区林业局", "中央", "财农",
     "《国务院关于完善退耕还林政策的通知》（国发〔2007〕25号）", Frequency::Yearly, kFarmMethods, 9, 11, 0},
    {"城乡低保", "社会救助", "区民政局", "中央", "财社", "《社会救助暂行办法》（国务院令第649号）",
     Frequency::Monthly, kReliefMethods, 1, 12, 10},
    {"特困人员救助供养", "社会救助", "区民政局", "中央", "财社", "《特困人员认定办法》（民发〔2021〕43号）",
     Frequency::Monthly, kReliefMethods, 1, 12, 10},
    {"临时救助", "社会救助", "区民政局", "区级", "财社",
     "《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）", Frequency::OneOff, {62, 18, 18, 2}, 1, 12, 0},
    {"城乡医疗救助", "社会救助", "区医保局", "中央", "财社",
     "《国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见》（国办发〔2021〕42号）", Frequency::OneOff,
     {40, 55, 3, 2}, 1, 12, 0},
    {"受灾困难群众冬春生活救助", "社会救助", "区应急管理局", "市级", "财社", "《自然灾害救助条例》",
     Frequency::Yearly, kReliefMethods, 1, 2, 0},
    {"高龄津贴", "老龄福利", "区民政局", "区级", "财社", "《重庆市老年人权益保障条例》", Frequency::Monthly,
     kWelfareMethods, 1, 12, 15},
    {"城乡居民基本养老保险", "社会保险", "区人力社保局", "中央", "财社",
     "《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）", Frequency::Monthly,
     kPensionMethods, 1, 12, 5},
    {"残疾人两项补贴", "残疾人福利", "区残联", "市级", "财社",
     "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）",
     Frequency::Monthly, kWelfareMethods, 1, 12, 18},
    {"孤儿基本生活费", "儿童福利", "区民政局", "市级", "财社",
     "《国务院办公厅关于加强孤儿保障工作的意见》（国办发〔2010〕54号）", Frequency::Monthly, kWelfareMethods, 1,
     12, 10},
    {"优抚对象抚恤补助", "优抚安置", "区退役军人事务局", "中央", "财社", "《军人抚恤优待条例》",
     Frequency::Quarterly, {75, 20, 1, 4}, 1, 12, 20},
    {"计划生育家庭奖励扶助", "计生扶助", "区卫生健康委", "中央", "财社", "农村部分计划生育家庭奖励扶助制度",
     Frequency::Yearly, {80, 15, 1, 4}, 4, 6, 0},
    {"计划生育特别扶助金", "计生扶助", "区卫生健康委", "中央", "财社", "全国独生子女伤残死亡家庭扶助制度",
     Frequency::Quarterly, {80, 15, 1, 4}, 1, 12, 22},
    {"农村危房改造补助", "住房保障", "区住房城乡建委", "中央", "财建", "《农村危房改造补助资金管理办法》",
     Frequency::OneOff, {30, 70, 0, 0}, 7, 12, 0},
    {"雨露计划", "教育帮扶", "区乡村振兴局", "市级", "财农", "“雨露计划”职业教育补助政策", Frequency::PerTerm,
     kSchoolMethods, 5, 11, 12},
    {"义务教育家庭经济困难学生生活补助", "教育资助", "区教委", "中央", "财教", "《学生资助资金管理办法》",
     Frequency::PerTerm, kSchoolMethods, 4, 10, 15},
    {"普通高中国家助学金", "教育资助", "区教委", "中央", "财教", "《学生资助资金管理办法》", Frequency::PerTerm,
     kSchoolMethods, 4, 10, 20},
    {"乡村公益性岗位补贴", "就业帮扶", "区人力社保局", "市级", "财社",
     "《关于进一步做好乡村公益性岗位开发管理工作的通知》", Frequency::Monthly, {30, 68, 0, 2}, 1, 12, 20},
    {"脱贫劳动力外出务工交通补助", "就业帮扶", "区人力社保局", "区级", "财社", "脱贫人口稳岗就业帮扶政策",
     Frequency::Yearly, {70, 28, 0, 2}, 3, 5, 0},
    {"农村户厕改造补助", "人居环境", "区农业农村委", "市级", "财农",
     "《农村人居环境整治提升五年行动方案（2021—2025年）》", Frequency::OneOff, {80, 18, 2, 0}, 9, 12, 0},
}};

constexpr std::array<Machine, 8> kMachines{{
    {"微耕机", 130000},
    {"田园管理机", 100000},
    {"旋耕机", 180000},
    {"水稻直播机", 300000},
    {"插秧机", 450000},
    {"植保无人机", 900000},
    {"谷物联合收割机", 1500000},
    {"谷物烘干机", 2400000},
}};

// Yuan as standards are written: "105" for whole yuan, "105.50" otherwise.
std::string yuan(std::int64_t fen) {
  if (fen % 100 == 0) return std::to_string(fen / 100);
  return core::Money::from_fen(fen).format_plain();
}

std::int64_t at_least(std::int64_t floor, std::int64_t value) { return std::max(floor, value); }

}  // namespace

std::string_view pay_method_name(PayMethod m) noexcept {
  switch (m) {
    case PayMethod::Card: return "一卡通";
    case PayMethod::BankTransfer: return "银行转账";
    case PayMethod::Cash: return "现金";
    case PayMethod::SocialSecurityCard: return "社保卡";
  }
  return "一卡通";
}

const ProgrammeInfo& info(Programme p) noexcept { return kProgrammes[index_of(p)]; }

std::string fund_code(Programme p, int year) { return fmt::format("YB{}-{:02}", year, index_of(p) + 1); }

const std::array<Machine, 8>& machines() noexcept { return kMachines; }

YearStandards standards_for(int year) noexcept {
  const std::int64_t k = year - 2024;
  YearStandards s;
  s.year = year;
  s.farmland_per_mu = at_least(8000, 10400 + 100 * k);
  s.grain_per_mu = std::clamp<std::int64_t>(1500 - 100 * k, 1000, 2000);
  s.forest_per_mu = 1500;
  s.return_per_mu = 12500;
  s.dibao_rural = at_least(30000, 58000 + 2000 * k);
  s.dibao_urban = at_least(40000, 75000 + 1500 * k);
  s.tekun_basic = (s.dibao_rural * 13 / 10 + 50) / 100 * 100;  // 1.3 × 农村低保标准, whole yuan
  s.old_age = {10000, 20000, 50000};
  s.pension_base = at_least(7000, 17500 + 2000 * k);
  s.disability_living = 9000;
  s.disability_care = {10000, 8000};
  s.orphan = at_least(60000, 130000 + 5000 * k);
  s.fp_reward = at_least(96000, 96000 + 12000 * k);
  s.fp_special = {at_least(30000, 59000 + 3000 * k), at_least(40000, 74000 + 3000 * k)};
  s.yulu_term = 150000;
  s.primary_term = 50000;
  s.junior_term = 62500;
  s.high_school_term = 100000;
  s.welfare_job = at_least(40000, 65000 + 5000 * k);
  s.toilet = 100000;
  s.medical_premium = at_least(20000, 38000 + 2000 * k);
  return s;
}

std::string standard_text(Programme p, int year) {
  const YearStandards s = standards_for(year);
  switch (p) {
    case Programme::FarmlandProtection: return fmt::format("每亩每年{}元，按确权承包耕地面积计发", yuan(s.farmland_per_mu));
    case Programme::GrainGrower: return fmt::format("每亩{}元，按实际种粮面积计发", yuan(s.grain_per_mu));
    case Programme::FarmMachinery: return "按机具品目分档定额补贴，不超过购机价格的30%";
    case Programme::EcoForest: return fmt::format("每亩每年{}元（国家级、市级公益林）", yuan(s.forest_per_mu));
    case Programme::ReturnFarmland: return fmt::format("每亩每年{}元", yuan(s.return_per_mu));
    case Programme::Dibao:
      return fmt::format("农村低保标准每人每月{}元，城市低保标准每人每月{}元，按差额补助", yuan(s.dibao_rural),
                         yuan(s.dibao_urban));
    case Programme::Tekun: return fmt::format("基本生活标准每人每月{}元", yuan(s.tekun_basic));
    case Programme::TemporaryRelief: return "一般每户每次500—5000元，按困难程度核定";
    case Programme::MedicalAid: return "政策范围内个人自付费用按70%—90%救助，年度限额内据实核定";
    case Programme::WinterRelief: return "每户300—1000元，按受灾和困难程度核定";
    case Programme::OldAgeAllowance:
      return fmt::format("80—89岁每人每月{}元，90—99岁每人每月{}元，100岁及以上每人每月{}元", yuan(s.old_age[0]),
                         yuan(s.old_age[1]), yuan(s.old_age[2]));
    case Programme::ResidentPension: return fmt::format("基础养老金每人每月{}元，另加个人账户养老金", yuan(s.pension_base));
    case Programme::DisabilityTwo:
      return fmt::format("困难残疾人生活补贴每人每月{}元；重度残疾人护理补贴一级每人每月{}元、二级每人每月{}元",
                         yuan(s.disability_living), yuan(s.disability_care[0]), yuan(s.disability_care[1]));
    case Programme::Orphan: return fmt::format("散居孤儿每人每月{}元", yuan(s.orphan));
    case Programme::MilitaryPension: return "按优抚对象类别和伤残等级核定，按季度发放";
    case Programme::FamilyPlanningReward: return fmt::format("每人每年{}元", yuan(s.fp_reward));
    case Programme::FamilyPlanningSpecial:
      return fmt::format("独生子女伤残家庭每人每月{}元，死亡家庭每人每月{}元，按季度发放", yuan(s.fp_special[0]),
                         yuan(s.fp_special[1]));
    case Programme::DilapidatedHouse: return "C级危房加固每户2万元左右，D级危房拆除重建每户3万—3.5万元";
    case Programme::Yulu: return fmt::format("每生每学期{}元", yuan(s.yulu_term));
    case Programme::CompulsoryEducation:
      return fmt::format("小学每生每学期{}元，初中每生每学期{}元", yuan(s.primary_term), yuan(s.junior_term));
    case Programme::HighSchoolGrant: return fmt::format("每生每学期{}元", yuan(s.high_school_term));
    case Programme::PublicWelfareJob: return fmt::format("每人每月{}元", yuan(s.welfare_job));
    case Programme::MigrantTransport: return "跨省务工每人每年500元，市内跨区县务工每人每年300元";
    case Programme::ToiletRenovation: return fmt::format("每户{}元", yuan(s.toilet));
  }
  return {};
}

std::string policy_basis(Programme p, int year) {
  const ProgrammeInfo& i = info(p);
  // The local implementing document of the year before; its number is fixed per programme so
  // the same fund always cites the same document.
  const auto number = 3 + 5 * index_of(p);
  return fmt::format("{}；渝北{}〔{}〕{}号", i.policy, i.finance_office, year - 1, number);
}

}  // namespace sunlight::gen
