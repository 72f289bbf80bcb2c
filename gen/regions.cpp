// Lays out the generated area's towns, villages and groups, and writes regions.csv.
#include "gen/regions.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "gen/district_data.hpp"
#include "gen/random.hpp"

namespace sunlight::gen {

namespace {

// Registered population per 镇街. A town's villages share ~15,000 people; streets are a little
// smaller here because only their communities' registered residents are generated.
constexpr std::uint32_t kTownPeople = 15000;
constexpr std::uint32_t kStreetPeople = 13200;

Town layout_town(const data::TownInfo& t, std::uint64_t seed, bool showcase_town) {
  Town town;
  town.code = std::string(t.code);
  town.name = std::string(t.name);
  town.short_name = std::string(t.short_name);
  town.street = t.street;
  town.forest_percent = t.forest_percent;

  Rng rng(derive_seed(seed, text_key(t.code), 1));
  const int count = t.street ? rng.range_int(7, 12) : rng.range_int(10, 15);
  const auto stems = t.street ? data::community_stems() : data::village_stems();
  std::vector<std::string_view> names(stems.begin(), stems.end());
  rng.shuffle(std::span<std::string_view>(names));

  const std::uint32_t total = t.street ? kStreetPeople : kTownPeople;
  const auto per_village = total / static_cast<std::uint32_t>(count);
  for (int i = 0; i < count; ++i) {
    Village v;
    v.community = t.street;
    // National practice: 居委会 001-199, 村委会 200-399.
    v.code = fmt::format("{}{:03}", t.code, t.street ? 1 + i : 201 + i);
    v.name = fmt::format("{}{}", names[static_cast<std::size_t>(i)], t.street ? "社区" : "村");
    Rng vr(derive_seed(seed, text_key(v.code), 1));
    if (showcase_town && i == 0) {
      v.target_people = static_cast<std::uint32_t>(vr.range(950, 1100));  // the village scale's ~1,000
    } else {
      v.target_people = static_cast<std::uint32_t>(vr.range(per_village * 4 / 5, per_village * 6 / 5));
    }
    const std::uint32_t per_group = t.street ? 180 : 130;
    const auto groups = std::clamp<std::uint32_t>(v.target_people / per_group + static_cast<std::uint32_t>(vr.below(3)), 4, 15);
    v.group_count = static_cast<std::uint16_t>(groups);
    town.villages.push_back(std::move(v));
  }
  return town;
}

}  // namespace

std::vector<Town> build_towns(Scale scale, std::uint64_t seed) {
  const auto all = data::towns();
  std::vector<Town> towns;
  switch (scale) {
    case Scale::Village: {
      Town t = layout_town(all.front(), seed, true);
      t.villages.resize(1);
      towns.push_back(std::move(t));
      break;
    }
    case Scale::Town: towns.push_back(layout_town(all.front(), seed, true)); break;
    case Scale::District:
      for (std::size_t i = 0; i < all.size(); ++i) towns.push_back(layout_town(all[i], seed, i == 0));
      break;
  }
  return towns;
}

std::uint64_t write_regions(CsvWriter& out, const std::vector<Town>& towns) {
  const auto before = out.rows();
  out.plain(data::kDistrictCode).field(data::kDistrictName).empty().field("区县").end_row();
  std::vector<const Town*> sorted;
  for (const auto& t : towns) sorted.push_back(&t);
  std::sort(sorted.begin(), sorted.end(), [](const Town* a, const Town* b) { return a->code < b->code; });
  for (const Town* t : sorted) {
    out.plain(t->code).field(t->name).plain(data::kDistrictCode).field("镇街").end_row();
    for (const auto& v : t->villages) {
      out.plain(v.code).field(v.name).plain(t->code).field("村居").end_row();
      for (unsigned g = 1; g <= v.group_count; ++g) {
        out.plain(group_code(v, g)).field(group_name(v, g)).plain(v.code).field("社").end_row();
      }
    }
  }
  return out.rows() - before;
}

}  // namespace sunlight::gen
