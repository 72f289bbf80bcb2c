// Builds one village's households and people: ages, names, IDs and who is entitled to what.
#include "gen/population.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "core/resident_id.hpp"
#include "gen/district_data.hpp"
#include "gen/random.hpp"

namespace sunlight::gen {

namespace {

// The last slot of each (day, sex) is never handed out; unused_id() uses it.
constexpr std::uint16_t kSlots = 500;

std::array<char, 18> make_id(std::int32_t birth_days, unsigned sequence) {
  const core::CivilDate b = civil(birth_days);
  const std::string first17 = fmt::format("{}{:04}{:02}{:02}{:03}", data::kDistrictCode, b.year, b.month, b.day, sequence);
  std::array<char, 18> id{};
  std::copy(first17.begin(), first17.end(), id.begin());
  id[17] = core::resident_id_check_digit(first17);
  return id;
}

// Slot k of a (day, sex) maps to a scattered 3-digit sequence with the right parity: 37 is
// coprime to 500, so k -> (37k + offset) mod 500 is a permutation.
unsigned sequence_for(std::int32_t birth_days, bool male, unsigned slot) {
  const auto offset = static_cast<unsigned>((birth_days % 500 + 500) % 500);
  const unsigned v = (slot * 37 + offset) % kSlots;
  return v * 2 + (male ? 1U : 0U);
}

enum class Kind : std::uint8_t { SingleElder, ElderCouple, MiddleCouple, YoungFamily, ThreeGenerations, LeftBehind, SingleAdult };
constexpr std::array<std::uint32_t, 7> kRuralKinds{12, 16, 20, 18, 22, 6, 6};
constexpr std::array<std::uint32_t, 7> kUrbanKinds{10, 14, 20, 26, 16, 3, 11};

class VillageBuilder {
 public:
  VillageBuilder(const Town& town, const Village& village, bool showcase, const Period& period, std::uint64_t seed,
                 IdAllocator& ids)
      : town_(town),
        village_(village),
        showcase_(showcase),
        period_(period),
        rng_(derive_seed(seed, text_key(village.code), 2)),
        ids_(ids),
        surnames_(surname_weights()),
        next_house_(village.group_count, 0),
        period_start_(day_number(period.first_year, 1, 1)) {}

  VillagePeople build() {
    while (out_.people.size() < village_.target_people) add_household();
    return std::move(out_);
  }

 private:
  static std::vector<std::uint32_t> surname_weights() {
    std::vector<std::uint32_t> w;
    for (const auto& s : data::surnames()) w.push_back(s.weight);
    return w;
  }

  // Someone exactly `age` years old on as_of, born on a random day of that year of life.
  std::int32_t birth_for_age(int age) {
    const core::CivilDate a = period_.as_of;
    const unsigned day = (a.month == 2 && a.day == 29) ? 28U : a.day;
    const std::int32_t latest = day_number(a.year - age, a.month, day);
    const std::int32_t earliest = day_number(a.year - age - 1, a.month, day) + 1;
    // Nobody is born in the last month before as_of, so even a newborn's ID is old enough to
    // have been issued and registered.
    const std::int32_t hi = std::min(latest, period_.as_of_days - 30);
    return static_cast<std::int32_t>(rng_.range(earliest, std::max(earliest, hi)));
  }

  // Ages skewed young within [lo, lo+span]: the minimum of two draws, so the very old are rarer.
  int older_age(int lo, int span) {
    return lo + static_cast<int>(std::min(rng_.below(static_cast<std::uint64_t>(span) + 1),
                                          rng_.below(static_cast<std::uint64_t>(span) + 1)));
  }

  std::string given_name(int birth_year, bool male) {
    const data::NameEra era = data::name_era(birth_year);
    const auto& chars = data::given_name_chars(era, male);
    // Single-character given names peaked for people born in the 1980s and 90s.
    const std::uint64_t single_percent = era == data::NameEra::From1980 ? 35 : era == data::NameEra::From1960 ? 25 : 17;
    std::string name(rng_.pick(std::span<const std::string_view>(chars)));
    if (!rng_.chance(single_percent, 100)) name += rng_.pick(std::span<const std::string_view>(chars));
    return name;
  }

  std::size_t new_surname() { return surnames_.pick(rng_); }

  std::uint32_t add_person(int age, bool male, std::size_t surname) {
    Person p;
    p.birth_days = birth_for_age(std::clamp(age, 0, 104));
    p.male = male;
    p.id = ids_.allocate(p.birth_days, male);
    p.name = std::string(data::surnames()[surname].text) + given_name(civil(p.birth_days).year, male);
    // Deaths of the old during the period stop their monthly payments; about what rural
    // mortality tables give over three years.
    const int age_at_start = age - 3;
    if (age_at_start >= 70 && rng_.chance(static_cast<std::uint64_t>(std::min(60, age_at_start - 65)) * 13, 1000)) {
      p.death_days = static_cast<std::int32_t>(rng_.range(period_start_, period_.as_of_days));
    }
    const int disability_permille = age < 18 ? 5 : age < 60 ? 15 : age < 80 ? 40 : 80;
    if (rng_.chance(static_cast<std::uint64_t>(disability_permille), 1000)) {
      static constexpr std::array<std::uint32_t, 4> kLevels{10, 20, 35, 35};
      p.disability = static_cast<std::uint8_t>(1 + rng_.weighted(kLevels));
    }
    out_.people.push_back(std::move(p));
    return static_cast<std::uint32_t>(out_.people.size() - 1);
  }

  // A woman's age near her husband's.
  int spouse_age(int head_age) { return std::max(20, head_age - rng_.range_int(-2, 6)); }

  void add_children(int mother_age, int count, std::size_t surname, int max_age) {
    for (int i = 0; i < count; ++i) {
      const int age = std::min(max_age, std::max(0, mother_age - rng_.range_int(20, 38)));
      add_person(age, rng_.chance(52, 100), surname);
    }
  }

  void add_household() {
    const auto index = out_.households.size();
    Household h;
    h.first = static_cast<std::uint32_t>(out_.people.size());
    h.group = static_cast<std::uint16_t>(1 + rng_.below(village_.group_count));
    auto& next = next_house_[h.group - 1U];
    next = static_cast<std::uint16_t>(next + 1 + (rng_.chance(1, 6) ? rng_.below(3) : 0));
    h.house_no = next;
    h.address = fmt::format("{}{}{}{}号", town_.name, village_.name, group_name(village_, h.group), h.house_no);
    if (showcase_ && index < 4) h.showcase = static_cast<Showcase>(index + 1);

    const bool rural = !village_.community;
    Kind kind = static_cast<Kind>(rng_.weighted(rural ? kRuralKinds : kUrbanKinds));
    switch (h.showcase) {
      case Showcase::ElderlyCouple: kind = Kind::ElderCouple; break;
      case Showcase::DibaoFamily: kind = Kind::MiddleCouple; break;
      case Showcase::HouseRepair: kind = Kind::SingleElder; break;
      case Showcase::ManyProgrammes: kind = Kind::ThreeGenerations; break;
      case Showcase::None: break;
    }
    const std::size_t family = new_surname();
    switch (kind) {
      case Kind::SingleElder: {
        const int age = h.showcase == Showcase::HouseRepair ? 71 : older_age(65, 30);
        add_person(age, rng_.chance(40, 100), rng_.chance(40, 100) ? family : new_surname());
        break;
      }
      case Kind::ElderCouple: {
        const int age = h.showcase == Showcase::ElderlyCouple ? 84 : older_age(60, 32);
        add_person(age, true, family);
        add_person(h.showcase == Showcase::ElderlyCouple ? 79 : spouse_age(age), false, new_surname());
        break;
      }
      case Kind::MiddleCouple: {
        const int age = h.showcase == Showcase::DibaoFamily ? 52 : rng_.range_int(45, 64);
        add_person(age, true, family);
        const int wife = h.showcase == Showcase::DibaoFamily ? 49 : spouse_age(age);
        add_person(wife, false, new_surname());
        const int kids = h.showcase == Showcase::DibaoFamily ? 1 : static_cast<int>(rng_.below(3));
        add_children(wife, kids, family, 99);
        break;
      }
      case Kind::YoungFamily: {
        const int age = rng_.range_int(25, 45);
        add_person(age, rng_.chance(92, 100), family);
        const int wife = spouse_age(age);
        add_person(wife, false, new_surname());
        add_children(wife, rng_.range_int(1, 3), family, 20);
        break;
      }
      case Kind::ThreeGenerations: {
        const bool many = h.showcase == Showcase::ManyProgrammes;
        const int age = many ? 47 : rng_.range_int(28, 50);
        add_person(age, true, family);
        const int wife = many ? 45 : spouse_age(age);
        add_person(wife, false, new_surname());
        const int grand = many ? 74 : std::min(98, age + rng_.range_int(22, 34));
        const int elders = many ? 1 : rng_.range_int(1, 2);
        add_person(grand, many || elders == 2 || rng_.chance(45, 100), family);
        if (elders == 2) add_person(spouse_age(grand), false, new_surname());
        if (many) {
          add_person(17, true, family);
          add_person(12, false, family);
        } else {
          add_children(wife, rng_.range_int(1, 2), family, 22);
        }
        break;
      }
      case Kind::LeftBehind: {
        const int grand = older_age(55, 30);
        add_person(grand, true, family);
        if (rng_.chance(60, 100)) add_person(spouse_age(grand), false, new_surname());
        const int kids = rng_.range_int(1, 2);
        for (int i = 0; i < kids; ++i) add_person(rng_.range_int(0, 16), rng_.chance(52, 100), family);
        break;
      }
      case Kind::SingleAdult: add_person(rng_.range_int(22, 60), rng_.chance(62, 100), family); break;
    }
    h.size = static_cast<std::uint8_t>(out_.people.size() - h.first);
    decide_entitlements(h, kind, rural);
    out_.households.push_back(std::move(h));
  }

  void decide_entitlements(Household& h, Kind kind, bool rural) {
    const auto begin = out_.people.begin() + h.first;
    const auto end = out_.people.end();
    const Showcase sc = h.showcase;
    if (sc != Showcase::None) {
      for (auto it = begin; it != end; ++it) it->death_days = kNever;  // samples stay alive
      if (sc != Showcase::DibaoFamily) {
        for (auto it = begin; it != end; ++it) it->disability = 0;
      }
    }
    const bool has_disabled = std::any_of(begin, end, [](const Person& p) { return p.disability > 0; });

    h.poor = sc == Showcase::ManyProgrammes || rng_.chance(rural ? 70 : 10, 1000);

    // Land: most rural households hold contracted farmland; some "涉农社区" residents still do.
    if (sc != Showcase::None || rng_.chance(rural ? 88 : 22, 100)) {
      h.farmland_tenths = static_cast<std::uint16_t>(8 + std::min(rng_.below(73), rng_.below(73)));
      if (sc == Showcase::ManyProgrammes || rng_.chance(60, 100)) {
        h.grain_tenths = static_cast<std::uint16_t>(std::max<std::uint64_t>(5, h.farmland_tenths * (50 + rng_.below(51)) / 100));
      }
    }
    if (rural && (sc == Showcase::ManyProgrammes || rng_.chance(town_.forest_percent, 100))) {
      h.forest_mu = static_cast<std::uint16_t>(2 + std::min(rng_.below(49), rng_.below(49)));
    }
    if (rural && (sc == Showcase::ManyProgrammes || rng_.chance(10, 100))) {
      h.return_tenths = static_cast<std::uint16_t>(rng_.range(5, 40));
    }

    Person& head = *begin;
    const int head_age = age_on(head.birth_days, period_.as_of_days);
    const bool single_elder = kind == Kind::SingleElder;
    const bool tekun = sc == Showcase::None && h.size == 1 &&
                       ((single_elder && rng_.chance(7, 100)) || (head.disability == 1 && head_age >= 18 && rng_.chance(30, 100)));
    head.tekun = tekun;

    std::uint64_t dibao_permille = rural ? 35 : 25;
    if (h.poor) dibao_permille += 220;
    if (has_disabled) dibao_permille += 80;
    if (single_elder) dibao_permille += 60;
    h.dibao = sc == Showcase::DibaoFamily || sc == Showcase::ManyProgrammes ||
              (sc == Showcase::None && !tekun && rng_.chance(dibao_permille, 1000));
    if (h.dibao) {
      const int last_month = kYears * 12 - 1;
      h.dibao_from = 0;
      h.dibao_to = last_month;
      if (sc == Showcase::None) {
        const auto shape = rng_.below(100);
        if (shape < 15) h.dibao_from = rng_.range_int(1, 30);
        else if (shape < 30) h.dibao_to = rng_.range_int(6, last_month - 1);
      }
      h.dibao_gap_percent = static_cast<std::uint8_t>(h.size == 1 ? rng_.range(70, 100) : rng_.range(45, 100));
      if (sc != Showcase::None) h.dibao_gap_percent = 70;
    }

    // One-off help, at most once each, in a year chosen now.
    const bool needy = h.poor || h.dibao || tekun || single_elder;
    for (int yi = 0; yi < kYears; ++yi) {
      if (rural && h.house_repair_year < 0 && rng_.chance(needy ? 20 : 2, 1000)) h.house_repair_year = static_cast<std::int8_t>(yi);
      if (rural && h.toilet_year < 0 && rng_.chance(12, 1000)) h.toilet_year = static_cast<std::int8_t>(yi);
      if (h.farmland_tenths >= 30 && h.machine_year < 0 && rng_.chance(10, 1000)) {
        h.machine_year = static_cast<std::int8_t>(yi);
        static constexpr std::array<std::uint32_t, 8> kMachineShares{40, 20, 14, 8, 6, 5, 4, 3};
        h.machine = static_cast<std::uint8_t>(rng_.weighted(kMachineShares));
      }
    }
    if (sc == Showcase::HouseRepair) h.house_repair_year = kYears - 2;
    if (sc != Showcase::None && sc != Showcase::HouseRepair) h.house_repair_year = -1;

    bool welfare_job_taken = false;
    for (auto it = begin; it != end; ++it) {
      Person& p = *it;
      const int age = age_on(p.birth_days, period_.as_of_days);
      // Many older residents are covered by 被征地农民 or 城镇职工 pensions instead.
      if (age >= 57) p.pension = rng_.chance(rural ? 70 : 55, 100);
      p.pension_account_fen = static_cast<std::int32_t>(100 * (8 + std::min(rng_.below(150), rng_.below(150))));
      if (rural && age >= 57) p.fp_reward = rng_.chance(12, 100);
      if (age >= 49 && rng_.chance(5, 1000)) p.fp_special = static_cast<std::uint8_t>(rng_.range(1, 2));
      if (p.male && age >= 58 && rng_.chance(2, 100)) {
        p.veteran = true;
        p.veteran_monthly_fen = static_cast<std::int32_t>(100 * rng_.range(800, 1400));
      }
      if (kind == Kind::LeftBehind && age < 16 && rng_.chance(10, 100)) p.orphan = true;
      if (age >= 12 && age <= 24) {
        const auto track = rng_.below(100);
        p.school_track = track < 55 ? 1 : track < 90 ? 2 : 0;
      }
      if (h.poor && !welfare_job_taken && age >= 40 && age <= 60 && rng_.chance(40, 100)) {
        p.welfare_job = welfare_job_taken = true;
      }
    }
    switch (sc) {
      case Showcase::ElderlyCouple:
        for (auto it = begin; it != end; ++it) it->pension = true;
        begin->fp_reward = true;
        break;
      case Showcase::DibaoFamily: (begin + 2)->disability = 2; break;
      case Showcase::ManyProgrammes:
        begin->welfare_job = true;
        (begin + 2)->pension = true;
        (begin + 2)->veteran = true;
        (begin + 2)->veteran_monthly_fen = 98000;
        (begin + 3)->school_track = 2;
        break;
      case Showcase::HouseRepair: begin->pension = true; break;
      case Showcase::None: break;
    }
  }

  const Town& town_;
  const Village& village_;
  bool showcase_;
  const Period& period_;
  Rng rng_;
  IdAllocator& ids_;
  WeightedTable surnames_;
  std::vector<std::uint16_t> next_house_;
  std::int32_t period_start_;
  VillagePeople out_;
};

}  // namespace

IdAllocator::IdAllocator()
    : base_days_(day_number(1900, 1, 1)),
      used_(static_cast<std::size_t>(day_number(2101, 1, 1) - day_number(1900, 1, 1)) * 2, 0) {}

std::array<char, 18> IdAllocator::allocate(std::int32_t birth_days, bool male) {
  const auto index = static_cast<std::size_t>(birth_days - base_days_) * 2 + (male ? 1U : 0U);
  if (index >= used_.size()) throw std::runtime_error("birth date outside 1900..2100");
  auto& slot = used_[index];
  if (slot + 1 >= kSlots) throw std::runtime_error("too many people born on one day");
  return make_id(birth_days, sequence_for(birth_days, male, slot++));
}

std::array<char, 18> IdAllocator::unused_id(std::int32_t birth_days, bool male) {
  return make_id(birth_days, sequence_for(birth_days, male, kSlots - 1));
}

VillagePeople generate_village(const Town& town, const Village& village, bool showcase, const Period& period,
                               std::uint64_t seed, IdAllocator& ids) {
  return VillageBuilder(town, village, showcase, period, seed, ids).build();
}

}  // namespace sunlight::gen
