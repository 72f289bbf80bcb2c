// Eligibility rules and amounts of the 24 programmes, written out as payments.csv rows.
#include "gen/benefits.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "core/money.hpp"

namespace sunlight::gen {

namespace {

std::string tenths_text(std::uint32_t tenths) { return fmt::format("{}.{}", tenths / 10, tenths % 10); }

std::string yuan_text(std::int64_t fen) {
  if (fen % 100 == 0) return std::to_string(fen / 100);
  return core::Money::from_fen(fen).format_plain();
}

// The day someone born on `birth_days` turns `years` old (29 February birthdays count from
// 1 March in common years).
std::int32_t birthday(std::int32_t birth_days, int years) {
  const core::CivilDate b = civil(birth_days);
  const int y = b.year + years;
  if (b.month == 2 && b.day == 29 && !core::CivilDate::is_valid(y, 2, 29)) return day_number(y, 3, 1);
  return day_number(y, b.month, b.day);
}

// Whole yuan, half up: 低保 and pensions are paid in whole yuan.
std::int64_t round_yuan(std::int64_t fen) { return (fen + 50) / 100 * 100; }

constexpr std::array<std::string_view, 6> kReliefReasons{"因病致困", "因意外事故致困", "因火灾致困",
                                                         "因子女就学致困", "因突发重大疾病致困", "因自然灾害致困"};

}  // namespace

BenefitEngine::BenefitEngine(const Period& period, const Town& town, const TownSchedule& schedule, CsvWriter& out,
                             Tallies& town_tallies, std::uint64_t seed)
    : period_(period), town_(town), schedule_(schedule), out_(out), town_tallies_(town_tallies), seed_(seed) {
  for (int yi = 0; yi < kYears; ++yi) {
    standards_[static_cast<std::size_t>(yi)] = standards_for(period.year(yi));
    for (std::size_t pi = 0; pi < kProgrammeCount; ++pi) {
      fund_codes_[pi][static_cast<std::size_t>(yi)] = fund_code(programme_at(pi), period.year(yi));
    }
  }
  town_suffix_ = town.code.substr(6);
}

void BenefitEngine::pay_village(const Village& village, VillagePeople& people, Tallies& village_tallies,
                                std::uint32_t serial_base) {
  rng_ = Rng(derive_seed(seed_, text_key(village.code), 3));
  village_tallies = Tallies{};
  village_tallies_ = &village_tallies;
  people_ = &people;
  serial_base_ = serial_base;
  group_codes_.clear();
  for (unsigned g = 1; g <= village.group_count; ++g) group_codes_.push_back(group_code(village, g));

  for (std::size_t i = 0; i < people.households.size(); ++i) {
    const Household& h = people.households[i];
    const auto hh_serial = serial_base + static_cast<std::uint32_t>(i);
    pay_household(h, hh_serial);
    for (std::uint32_t k = 0; k < h.size; ++k) pay_person(h, hh_serial, h.first + k);
  }
}

bool BenefitEngine::needy(const Household& h) const noexcept {
  return h.poor || h.dibao || people_->people[h.first].tekun;
}

void BenefitEngine::pay_household(const Household& h, std::uint32_t hh_serial) {
  const std::uint32_t head = h.first;
  const auto& people = people_->people;
  // Household payments go to the head, or after the head's death to the next member alive.
  const auto payee = [&](std::int32_t day) {
    for (std::uint32_t k = 0; k < h.size; ++k) {
      if (people[h.first + k].death_days >= day) return h.first + k;
    }
    return head;
  };
  const bool lone_elder = h.size == 1 && age_on(people[head].birth_days, period_.as_of_days) >= 75;

  for (int yi = 0; yi < kYears; ++yi) {
    const YearStandards& s = standards_[static_cast<std::size_t>(yi)];
    if (h.farmland_tenths > 0) {
      const auto day = schedule_.yearly(Programme::FarmlandProtection, yi);
      emit(Programme::FarmlandProtection, yi, h, hh_serial, payee(day), day, s.farmland_per_mu * h.farmland_tenths / 10,
           fmt::format("每亩{}元，确权面积{}亩", yuan_text(s.farmland_per_mu), tenths_text(h.farmland_tenths)),
           h.farmland_tenths);
    }
    if (h.grain_tenths > 0) {
      const auto day = schedule_.yearly(Programme::GrainGrower, yi);
      emit(Programme::GrainGrower, yi, h, hh_serial, payee(day), day, s.grain_per_mu * h.grain_tenths / 10,
           fmt::format("每亩{}元，种粮面积{}亩", yuan_text(s.grain_per_mu), tenths_text(h.grain_tenths)), h.grain_tenths);
    }
    if (h.machine_year == yi) {
      const Machine& m = machines()[h.machine];
      const auto day = schedule_.one_off_day(Programme::FarmMachinery, yi, rng_);
      emit(Programme::FarmMachinery, yi, h, hh_serial, payee(day), day, m.subsidy_fen,
           fmt::format("购置{}1台，定额补贴{}元", m.name, yuan_text(m.subsidy_fen)));
    }
    if (h.forest_mu > 0) {
      const auto day = schedule_.yearly(Programme::EcoForest, yi);
      emit(Programme::EcoForest, yi, h, hh_serial, payee(day), day, s.forest_per_mu * h.forest_mu,
           fmt::format("每亩每年{}元，公益林面积{}亩", yuan_text(s.forest_per_mu), h.forest_mu), h.forest_mu * 10U);
    }
    if (h.return_tenths > 0) {
      const auto day = schedule_.yearly(Programme::ReturnFarmland, yi);
      emit(Programme::ReturnFarmland, yi, h, hh_serial, payee(day), day, s.return_per_mu * h.return_tenths / 10,
           fmt::format("每亩每年{}元，退耕面积{}亩", yuan_text(s.return_per_mu), tenths_text(h.return_tenths)),
           h.return_tenths);
    }
    if (h.dibao) {
      const bool rural = !town_.street;
      const std::int64_t standard = rural ? s.dibao_rural : s.dibao_urban;
      const std::int64_t per_person = round_yuan(standard * h.dibao_gap_percent / 100);
      for (unsigned m = 1; m <= 12; ++m) {
        const int month_index = yi * 12 + static_cast<int>(m) - 1;
        if (month_index < h.dibao_from || month_index > h.dibao_to) continue;
        const auto day = schedule_.batch(Programme::Dibao, yi, m);
        std::int64_t alive = 0;
        for (std::uint32_t k = 0; k < h.size; ++k) alive += people[h.first + k].death_days >= day ? 1 : 0;
        if (alive == 0) continue;
        emit(Programme::Dibao, yi, h, hh_serial, payee(day), day, per_person * alive,
             fmt::format("{}低保标准每人每月{}元，保障{}人", rural ? "农村" : "城市", yuan_text(standard), alive));
      }
    }
    if (rng_.chance(needy(h) ? 80 : 4, 1000)) {
      const auto day = schedule_.one_off_day(Programme::TemporaryRelief, yi, rng_);
      const std::int64_t fen = rng_.range(5, 50) * 10000;
      emit(Programme::TemporaryRelief, yi, h, hh_serial, payee(day), day, fen,
           fmt::format("{}，一次性救助", rng_.pick(std::span<const std::string_view>(kReliefReasons))));
    }
    if ((needy(h) || lone_elder) && rng_.chance(55, 100)) {
      const auto day = schedule_.yearly(Programme::WinterRelief, yi);
      emit(Programme::WinterRelief, yi, h, hh_serial, payee(day), day, rng_.range(6, 20) * 5000, {});
    }
    if (h.house_repair_year == yi) {
      const auto day = schedule_.one_off_day(Programme::DilapidatedHouse, yi, rng_);
      const std::int64_t fen = rng_.range(40, 70) * 50000;
      emit(Programme::DilapidatedHouse, yi, h, hh_serial, payee(day), day, fen,
           fen >= 3000000 ? "D级危房拆除重建，竣工验收合格后一次性拨付" : "C级危房加固改造，竣工验收合格后一次性拨付");
    }
    if (h.toilet_year == yi) {
      const auto day = schedule_.one_off_day(Programme::ToiletRenovation, yi, rng_);
      emit(Programme::ToiletRenovation, yi, h, hh_serial, payee(day), day, s.toilet, "新建（改造）卫生厕所1座，验收合格");
    }
  }
}

void BenefitEngine::pay_person(const Household& h, std::uint32_t hh_serial, std::uint32_t index) {
  const Person& p = people_->people[index];
  const std::int32_t turns6 = birthday(p.birth_days, 6), turns13 = birthday(p.birth_days, 13);
  const std::int32_t turns15 = birthday(p.birth_days, 15), turns16 = birthday(p.birth_days, 16);
  const std::int32_t turns18 = birthday(p.birth_days, 18), turns19 = birthday(p.birth_days, 19);
  const std::int32_t turns23 = birthday(p.birth_days, 23), turns35 = birthday(p.birth_days, 35);
  const std::int32_t turns56 = birthday(p.birth_days, 56), turns60 = birthday(p.birth_days, 60);
  const std::int32_t turns63 = birthday(p.birth_days, 63), turns80 = birthday(p.birth_days, 80);
  const std::int32_t turns90 = birthday(p.birth_days, 90), turns100 = birthday(p.birth_days, 100);
  const bool poor_home = needy(h);

  for (int yi = 0; yi < kYears; ++yi) {
    const YearStandards& s = standards_[static_cast<std::size_t>(yi)];
    if (p.tekun) {
      for (unsigned m = 1; m <= 12; ++m) {
        emit(Programme::Tekun, yi, h, hh_serial, index, schedule_.batch(Programme::Tekun, yi, m), s.tekun_basic, {});
      }
    }
    if (p.birth_days < turns80 && turns80 <= period_.as_of_days) {
      for (unsigned m = 1; m <= 12; ++m) {
        const auto day = schedule_.batch(Programme::OldAgeAllowance, yi, m);
        if (day < turns80) continue;
        const std::size_t tier = day >= turns100 ? 2 : day >= turns90 ? 1 : 0;
        static constexpr std::array<std::string_view, 3> kTiers{"80—89岁", "90—99岁", "100岁及以上"};
        emit(Programme::OldAgeAllowance, yi, h, hh_serial, index, day, s.old_age[tier],
             fmt::format("{}每人每月{}元", kTiers[tier], yuan_text(s.old_age[tier])));
      }
    }
    if (p.pension) {
      for (unsigned m = 1; m <= 12; ++m) {
        const auto day = schedule_.batch(Programme::ResidentPension, yi, m);
        if (day < turns60) continue;
        emit(Programme::ResidentPension, yi, h, hh_serial, index, day, s.pension_base + p.pension_account_fen, {});
      }
    }
    if (p.disability > 0) {
      const bool living = poor_home || p.tekun;
      const bool care = p.disability <= 2;
      if (living || care) {
        const std::int64_t fen = (living ? s.disability_living : 0) + (care ? s.disability_care[p.disability - 1U] : 0);
        const std::string standard =
            living && care ? fmt::format("生活补贴{}元＋护理补贴{}元（{}级残疾）", yuan_text(s.disability_living),
                                         yuan_text(s.disability_care[p.disability - 1U]), p.disability == 1 ? "一" : "二")
            : living       ? fmt::format("困难残疾人生活补贴每人每月{}元", yuan_text(s.disability_living))
                           : fmt::format("重度残疾人护理补贴（{}级）每人每月{}元", p.disability == 1 ? "一" : "二",
                                         yuan_text(s.disability_care[p.disability - 1U]));
        for (unsigned m = 1; m <= 12; ++m) {
          emit(Programme::DisabilityTwo, yi, h, hh_serial, index, schedule_.batch(Programme::DisabilityTwo, yi, m), fen,
               standard);
        }
      }
    }
    if (p.orphan) {
      for (unsigned m = 1; m <= 12; ++m) {
        const auto day = schedule_.batch(Programme::Orphan, yi, m);
        if (day < turns18) emit(Programme::Orphan, yi, h, hh_serial, index, day, s.orphan, {});
      }
    }
    if (p.veteran) {
      // 抚恤补助 standards have risen about 5% a year.
      const std::int64_t monthly = round_yuan(std::int64_t{p.veteran_monthly_fen} * (100 + 5 * yi) / 100);
      for (unsigned m = 3; m <= 12; m += 3) {
        emit(Programme::MilitaryPension, yi, h, hh_serial, index, schedule_.batch(Programme::MilitaryPension, yi, m),
             monthly * 3, fmt::format("在乡退役军人定期抚恤补助，每月{}元，按季度发放", yuan_text(monthly)));
      }
    }
    if (p.fp_reward) {
      const auto day = schedule_.yearly(Programme::FamilyPlanningReward, yi);
      if (day >= turns60) emit(Programme::FamilyPlanningReward, yi, h, hh_serial, index, day, s.fp_reward, {});
    }
    if (p.fp_special > 0) {
      const std::int64_t monthly = s.fp_special[p.fp_special - 1U];
      for (unsigned m = 3; m <= 12; m += 3) {
        emit(Programme::FamilyPlanningSpecial, yi, h, hh_serial, index,
             schedule_.batch(Programme::FamilyPlanningSpecial, yi, m), monthly * 3,
             fmt::format("独生子女{}家庭每人每月{}元，按季度发放", p.fp_special == 1 ? "伤残" : "死亡", yuan_text(monthly)));
      }
    }
    for (const unsigned m : {info(Programme::CompulsoryEducation).first_month, info(Programme::CompulsoryEducation).last_month}) {
      const auto day = schedule_.batch(Programme::CompulsoryEducation, yi, m);
      if (!poor_home || day < turns6 || day >= turns16) continue;
      const bool primary = day < turns13;
      emit(Programme::CompulsoryEducation, yi, h, hh_serial, index, day, primary ? s.primary_term : s.junior_term,
           primary ? "小学在校生，每学期发放" : "初中在校生，每学期发放");
    }
    for (const unsigned m : {info(Programme::HighSchoolGrant).first_month, info(Programme::HighSchoolGrant).last_month}) {
      const auto day = schedule_.batch(Programme::HighSchoolGrant, yi, m);
      if (!poor_home || p.school_track != 1 || day < turns15 || day >= turns19) continue;
      emit(Programme::HighSchoolGrant, yi, h, hh_serial, index, day, s.high_school_term, "普通高中在校生，每学期发放");
    }
    for (const unsigned m : {info(Programme::Yulu).first_month, info(Programme::Yulu).last_month}) {
      const auto day = schedule_.batch(Programme::Yulu, yi, m);
      if (!h.poor || p.school_track != 2 || day < turns15 || day >= turns23) continue;
      emit(Programme::Yulu, yi, h, hh_serial, index, day, s.yulu_term,
           day < turns19 ? "中职（技工院校）在校生，每学期发放" : "高职（专科）在校生，每学期发放");
    }
    if (p.welfare_job && rng_.chance(75, 100)) {
      const auto start = static_cast<unsigned>(rng_.range(1, 3));
      for (unsigned m = start; m <= 12; ++m) {
        const auto day = schedule_.batch(Programme::PublicWelfareJob, yi, m);
        if (day < turns35 || day >= turns63) continue;
        emit(Programme::PublicWelfareJob, yi, h, hh_serial, index, day, s.welfare_job,
             fmt::format("乡村公益性岗位（{}），每人每月{}元", (index % 3 == 0) ? "保洁员" : (index % 3 == 1) ? "护林员" : "水管员",
                         yuan_text(s.welfare_job)));
      }
    }
    if (h.poor && !p.welfare_job && rng_.chance(40, 100)) {
      const auto day = schedule_.yearly(Programme::MigrantTransport, yi);
      const bool far = rng_.chance(40, 100);
      if (day >= turns18 && day < turns56) {
        emit(Programme::MigrantTransport, yi, h, hh_serial, index, day, far ? 50000 : 30000,
             far ? "跨省务工，每人每年500元" : "市内跨区县务工，每人每年300元");
      }
    }
    const std::uint64_t medical_permille = poor_home || p.tekun ? 60 : turns80 <= period_.as_of_days ? 15 : 3;
    if (rng_.chance(medical_permille, 1000)) {
      const auto day = schedule_.one_off_day(Programme::MedicalAid, yi, rng_);
      // Hospital bills are odd amounts; most are small, a few are large.
      const std::int64_t fen = 20000 + static_cast<std::int64_t>(std::min(rng_.below(1980000), rng_.below(1980000))) +
                               (rng_.chance(1, 10) ? static_cast<std::int64_t>(rng_.below(1000000)) : 0);
      emit(Programme::MedicalAid, yi, h, hh_serial, index, day, fen,
           rng_.chance(70, 100) ? "住院医疗费用救助" : "门诊慢特病医疗费用救助");
    }
  }
}

void BenefitEngine::emit(Programme p, int yi, const Household& h, std::uint32_t hh_serial, std::uint32_t person,
                         std::int32_t day, std::int64_t fen, std::string_view standard, std::uint32_t area_tenths) {
  if (day == kNever || fen <= 0) return;
  Person& who = people_->people[person];
  if (day > who.death_days) return;
  const std::size_t pi = index_of(p);
  const auto y = static_cast<std::size_t>(yi);
  Tally& vt = (*village_tallies_)[pi][y];
  Tally& tt = town_tallies_[pi][y];
  if (day > period_.as_of_days || schedule_.hold(p, yi) != Hold::None) {
    vt.pending_fen += fen;
    tt.pending_fen += fen;
    return;
  }
  const std::uint32_t person_serial = serial_base_ + person;
  for (Tally* t : {&vt, &tt}) {
    t->paid_fen += fen;
    ++t->payments;
    t->first_paid = std::min(t->first_paid, day);
    t->last_paid = std::max(t->last_paid, day);
    t->area_tenths += area_tenths;
    if (t->last_person != person_serial) {
      ++t->recipients;
      t->last_person = person_serial;
    }
    if (t->last_household != hh_serial) {
      ++t->households;
      t->last_household = hh_serial;
    }
  }
  who.programme_mask |= 1U << pi;
  ++who.payments;

  // A person keeps one way of being paid per programme: their pension always reaches the same card.
  const auto& weights = info(p).method_weights;
  std::uint64_t total = 0;
  for (const auto w : weights) total += w;
  std::uint64_t pick = derive_seed(seed_, text_key(who.id_view()), pi) % total;
  std::size_t method = 0;
  while (pick >= weights[method]) pick -= weights[method++];

  const std::string& code = fund_codes_[pi][y];
  scratch_.assign(code);
  scratch_ += '-';
  scratch_ += town_suffix_;
  fmt::format_to(std::back_inserter(scratch_), "-{:06}", tt.payments);
  out_.plain(scratch_)
      .plain(who.id_view())
      .field(who.name)
      .plain(group_codes_[h.group - 1U])
      .plain(code)
      .plain(core::Money::from_fen(fen).format_plain())
      .plain(civil(day).iso())
      .field(pay_method_name(static_cast<PayMethod>(method)))
      .field(standard)
      .field(h.address);
  out_.end_row();
}

}  // namespace sunlight::gen
