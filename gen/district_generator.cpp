// Runs the generator town by town, village by village, streaming every row straight to its file.
#include "gen/district_generator.hpp"

#include <bit>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "gen/benefits.hpp"
#include "gen/csv_writer.hpp"
#include "gen/ledger.hpp"
#include "gen/notices.hpp"
#include "gen/population.hpp"
#include "gen/regions.hpp"
#include "gen/schedule.hpp"

namespace sunlight::gen {

namespace {

bool has(const Person& p, Programme programme) { return (p.programme_mask >> index_of(programme)) & 1U; }

// The kiosk demo's entry points, all from the first village, whose people are the same at every
// scale. The showcase households make each kind exist; the search still checks what was paid.
std::vector<SampleResident> pick_samples(const VillagePeople& v, const Period& period) {
  std::vector<SampleResident> samples;
  const auto& people = v.people;
  const auto age = [&](const Person& p) { return age_on(p.birth_days, period.as_of_days); };
  const auto add = [&](const Person& p, std::string text) { samples.push_back({std::string(p.id_view()), std::move(text)}); };

  for (const Person& p : people) {
    if (has(p, Programme::OldAgeAllowance) && has(p, Programme::ResidentPension)) {
      add(p, fmt::format("{}岁老人，按月领取高龄津贴和城乡居民基本养老保险（共{}笔）", age(p), p.payments));
      break;
    }
  }
  for (const Household& h : v.households) {
    const Person& head = people[h.first];
    if (h.dibao && has(head, Programme::Dibao)) {
      add(head, fmt::format("城乡低保户户主，{}口之家，按月领取低保金（本人共{}笔）", h.size, head.payments));
      break;
    }
  }
  for (const Household& h : v.households) {
    const Person& head = people[h.first];
    if (h.house_repair_year >= 0 && has(head, Programme::DilapidatedHouse)) {
      add(head, fmt::format("{}年领取一次性农村危房改造补助", period.year(h.house_repair_year)));
      break;
    }
  }
  const Person* most = &people.front();
  for (const Person& p : people) {
    if (std::popcount(p.programme_mask) > std::popcount(most->programme_mask)) most = &p;
  }
  std::string list;
  for (std::size_t pi = 0; pi < kProgrammeCount; ++pi) {
    if (!has(*most, programme_at(pi))) continue;
    if (!list.empty()) list += "、";
    list += info(programme_at(pi)).name;
  }
  add(*most, fmt::format("享受{}个项目：{}", std::popcount(most->programme_mask), list));

  const Person* nobody = nullptr;
  for (const Person& p : people) {
    if (p.payments == 0 && age(p) >= 18 && age(p) < 60) {
      nobody = &p;
      break;
    }
  }
  if (nobody != nullptr) {
    add(*nobody, "有效身份证号，但没有任何发放记录（用于“未查到”页面）");
  } else {
    const auto id = IdAllocator::unused_id(day_number(1990, 6, 15), true);
    samples.push_back({std::string(id.data(), id.size()), "有效身份证号，但没有任何发放记录（用于“未查到”页面）"});
  }
  return samples;
}

void check_options(const GeneratorOptions& o) {
  const auto& d = o.as_of;
  if (!core::CivilDate::is_valid(d.year, d.month, d.day)) {
    throw std::invalid_argument(fmt::format("as_of {}-{}-{} is not a calendar date", d.year, d.month, d.day));
  }
  if (d.year < 2005 || d.year > 2099) throw std::invalid_argument("as_of must lie in the years 2005..2099");
}

}  // namespace

std::string_view scale_name(Scale scale) noexcept {
  switch (scale) {
    case Scale::Village: return "village";
    case Scale::Town: return "town";
    case Scale::District: return "district";
  }
  return "village";
}

std::optional<Scale> parse_scale(std::string_view text) noexcept {
  for (const Scale s : {Scale::Village, Scale::Town, Scale::District}) {
    if (text == scale_name(s)) return s;
  }
  return std::nullopt;
}

GenerationSummary generate_district(const GeneratorOptions& options, const std::filesystem::path& out_dir) {
  check_options(options);
  std::filesystem::create_directories(out_dir);
  const Period period(options.as_of);
  const std::uint64_t seed = options.seed;
  const std::vector<Town> towns = build_towns(options.scale, seed);
  GenerationSummary summary;

  {
    CsvWriter regions(out_dir / "regions.csv", {"区划代码", "名称", "上级代码", "级别"});
    summary.regions = write_regions(regions, towns);
    regions.close();
  }

  CsvWriter payments(out_dir / "payments.csv",
                     {"流水号", "身份证号", "姓名", "区划代码", "项目代码", "发放金额", "发放日期", "发放方式", "补助标准", "住址"});
  CsvWriter stages(out_dir / "stages.csv", {"项目代码", "区划代码", "环节", "金额", "日期", "文号"});
  CsvWriter notices(out_dir / "notices.csv", {"区划代码", "类别", "标题", "正文", "发布日期", "有效期至"});
  NoticeSink sink(notices, period);
  IdAllocator ids;
  PlanTotals plans{};
  Tallies district{};
  std::uint32_t serial = 0;

  for (std::size_t ti = 0; ti < towns.size(); ++ti) {
    const Town& town = towns[ti];
    const TownSchedule schedule(town, period, seed);
    Tallies town_tallies{};
    BenefitEngine engine(period, town, schedule, payments, town_tallies, seed);
    std::uint64_t town_people = 0;
    for (std::size_t vi = 0; vi < town.villages.size(); ++vi) {
      const Village& village = town.villages[vi];
      const bool showcase = ti == 0 && vi == 0;
      VillagePeople people = generate_village(town, village, showcase, period, seed, ids);
      Tallies village_tallies{};
      engine.pay_village(village, people, village_tallies, serial);
      serial += static_cast<std::uint32_t>(people.people.size());
      town_people += people.people.size();
      summary.households += people.households.size();
      if (showcase) summary.samples = pick_samples(people, period);
      write_village_notices(sink, town, village, village_tallies, period, seed);
    }
    summary.people += town_people;
    summary.stages += write_town_stages(stages, town, schedule, town_tallies, period, seed, plans);
    write_town_notices(sink, town, town_tallies, period, seed);
    for (std::size_t pi = 0; pi < kProgrammeCount; ++pi) {
      for (std::size_t yi = 0; yi < kYears; ++yi) district[pi][yi].add(town_tallies[pi][yi]);
    }
    if (options.progress) {
      options.progress(fmt::format("[{}/{}] {}：{}个村（社区），{}人，累计{}笔发放", ti + 1, towns.size(), town.name,
                                   town.villages.size(), town_people, payments.rows()));
    }
  }
  write_district_notices(sink, district, period, seed);

  {
    CsvWriter funds(out_dir / "funds.csv",
                    {"项目代码", "项目名称", "类别", "主管部门", "资金级次", "年度", "预算金额", "补助标准", "政策依据"});
    summary.funds = write_funds(funds, period, plans, seed);
    funds.close();
  }
  payments.close();
  stages.close();
  notices.close();

  summary.payments = payments.rows();
  summary.notices = sink.count();
  for (const auto& per_year : district) {
    for (const Tally& t : per_year) summary.total_paid_fen += t.paid_fen;
  }
  write_samples(summary.samples, out_dir / "samples.txt");
  return summary;
}

void write_samples(const std::vector<SampleResident>& samples, const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (const auto& s : samples) out << s.resident_id << '\t' << s.description << '\n';
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace sunlight::gen
