// Fixed word lists the generator draws from: 渝北区's towns, village names, surnames, given names.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace sunlight::gen::data {

inline constexpr std::string_view kDistrictCode = "500112";
inline constexpr std::string_view kDistrictName = "渝北区";

struct TownInfo {
  std::string_view code;        // 9 digits: streets 500112001.., towns 500112101..
  std::string_view name;        // 龙兴镇, 双龙湖街道
  std::string_view short_name;  // 龙兴, 双龙湖: what goes into document numbers
  bool street;                  // 街道 (communities) rather than 镇 (villages)
  std::uint8_t forest_percent;  // share of rural households holding forest land
};

// Every 镇街 of the district in the order the generator processes them: towns first, with
// 龙兴镇 leading, so the village and town scales are prefixes of the district scale.
[[nodiscard]] std::span<const TownInfo> towns();

// Stems for village (…村) and community (…社区) names; each town draws without repeats.
[[nodiscard]] std::span<const std::string_view> village_stems();
[[nodiscard]] std::span<const std::string_view> community_stems();

struct Surname {
  std::string_view text;
  std::uint32_t weight;  // roughly per 100,000 people, with a Chongqing flavour
};
[[nodiscard]] std::span<const Surname> surnames();

enum class NameEra : std::uint8_t { Before1960, From1960, From1980, From2000 };
[[nodiscard]] NameEra name_era(int birth_year) noexcept;

// Characters used in given names for people of that era and sex, one UTF-8 character each.
[[nodiscard]] const std::vector<std::string_view>& given_name_chars(NameEra era, bool male);

// Builders for tender notices (招标结果公示); fictional firms.
[[nodiscard]] std::span<const std::string_view> contractor_names();

}  // namespace sunlight::gen::data
