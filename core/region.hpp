// The region tree (区划): district → town/street → village/community → group, keyed by division codes.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/i18n.hpp"
#include "core/problem.hpp"

namespace sunlight::core {

enum class RegionLevel {
  District,  // 区县, 6-digit code (渝北区 500112)
  Town,      // 镇街: 镇, 街道, 乡 — 9 digits
  Village,   // 村居: 村, 社区 — 12 digits (the official village code)
  Group,     // 社 (组) — 15 digits: the village code plus our own 3-digit group number
};

// Trims, folds full-width digits, and shortens the 12-digit national form with trailing zeros
// ("500112101000" → "500112101", "500112000000" → "500112"). Problems: region.empty,
// region.bad_code (not 6/9/12/15 digits, or a level segment of 000), each with arg "input".
[[nodiscard]] Parsed<std::string> normalize_region_code(std::string_view text);
// The level a normalised code's length implies.
[[nodiscard]] RegionLevel level_of_code(std::string_view normalized_code) noexcept;
// The code one level up, or "" for a district.
[[nodiscard]] std::string_view parent_of_code(std::string_view normalized_code) noexcept;
// True when `ancestor` is `code` or one of its ancestors.
[[nodiscard]] bool code_within(std::string_view code, std::string_view ancestor) noexcept;

// 区县/镇街/村居/社 and synonyms (镇, 街道, 乡, 村, 社区, 组), or district/town/village/group.
// Problem: region.bad_level.
[[nodiscard]] Parsed<RegionLevel> parse_region_level(std::string_view text);
[[nodiscard]] std::string_view region_level_name(RegionLevel level, Lang lang = Lang::ZhCn);

struct Region {
  std::string code;         // normalised
  std::string name;         // 龙兴镇, 和平村, 3社
  std::string parent_code;  // "" for the district
  RegionLevel level = RegionLevel::District;
};

// The regions one deployment knows, for lookups, scope rules and full names. Not thread-safe
// for writing; const access from many threads is safe.
class RegionTree {
 public:
  // Adds or replaces a region. The caller has validated it (see import.hpp).
  void add(Region region);
  [[nodiscard]] const Region* find(std::string_view code) const;
  [[nodiscard]] bool contains(std::string_view code) const { return find(code) != nullptr; }
  [[nodiscard]] std::size_t size() const noexcept { return regions_.size(); }
  // From the district down to `code`, only those present.
  [[nodiscard]] std::vector<const Region*> path(std::string_view code) const;
  // Names below the district joined: "龙兴镇和平村3社". Empty when the code is unknown.
  [[nodiscard]] std::string full_name(std::string_view code) const;
  [[nodiscard]] std::vector<const Region*> children(std::string_view code) const;

 private:
  std::map<std::string, Region, std::less<>> regions_;  // ordered: children() comes out by code
};

}  // namespace sunlight::core
