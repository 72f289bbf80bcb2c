// Region codes and the region tree.
#include "core/region.hpp"

#include <array>

#include "core/enum_words.hpp"
#include "core/text.hpp"

namespace sunlight::core {
namespace {

constexpr std::array<EnumWord<RegionLevel>, 4> kLevelWords{{
    {RegionLevel::District, {"区县", "区", "县"}, "district"},
    {RegionLevel::Town, {"镇街", "镇", "街道", "乡", "乡镇"}, "town"},
    {RegionLevel::Village, {"村居", "村", "社区", "居委会"}, "village"},
    {RegionLevel::Group, {"社", "组", "村民小组"}, "group"},
}};

bool all_digits(std::string_view s) noexcept {
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

}  // namespace

Parsed<std::string> normalize_region_code(std::string_view input) {
  const std::string_view trimmed = text::trim(input);
  if (trimmed.empty()) return Problem{"region.empty"};
  std::string code = text::fold_width(trimmed);
  auto bad = [&] { return Problem{"region.bad_code", {{"input", text::ellipsize(input, 40)}}}; };
  if (!all_digits(code)) return bad();
  if (code.size() == 12 && code.ends_with("000")) code.resize(code.ends_with("000000") ? 6 : 9);
  if (code.size() != 6 && code.size() != 9 && code.size() != 12 && code.size() != 15) return bad();
  // A segment of all zeros below the district would be a padding mistake, not a real region.
  for (std::size_t start = 6; start < code.size(); start += 3)
    if (code.compare(start, 3, "000") == 0) return bad();
  if (code.compare(0, 2, "00") == 0) return bad();
  return code;
}

RegionLevel level_of_code(std::string_view code) noexcept {
  switch (code.size()) {
    case 9: return RegionLevel::Town;
    case 12: return RegionLevel::Village;
    case 15: return RegionLevel::Group;
    default: return RegionLevel::District;
  }
}

std::string_view parent_of_code(std::string_view code) noexcept {
  return code.size() > 6 ? code.substr(0, code.size() - 3) : std::string_view{};
}

bool code_within(std::string_view code, std::string_view ancestor) noexcept {
  return code.size() >= ancestor.size() && code.starts_with(ancestor);
}

Parsed<RegionLevel> parse_region_level(std::string_view text) {
  return parse_enum_word<RegionLevel>(kLevelWords, text, "region.bad_level");
}

std::string_view region_level_name(RegionLevel level, Lang lang) {
  return enum_word_name<RegionLevel>(kLevelWords, level, lang);
}

void RegionTree::add(Region region) {
  auto code = region.code;
  regions_.insert_or_assign(std::move(code), std::move(region));
}

const Region* RegionTree::find(std::string_view code) const {
  const auto it = regions_.find(code);
  return it == regions_.end() ? nullptr : &it->second;
}

std::vector<const Region*> RegionTree::path(std::string_view code) const {
  std::vector<const Region*> out;
  for (std::size_t len = 6; len <= code.size(); len += 3)
    if (const Region* r = find(code.substr(0, len))) out.push_back(r);
  return out;
}

std::string RegionTree::full_name(std::string_view code) const {
  std::string out;
  for (const Region* r : path(code))
    if (r->level != RegionLevel::District) out += r->name;
  return out;
}

std::vector<const Region*> RegionTree::children(std::string_view code) const {
  std::vector<const Region*> out;
  for (auto it = regions_.lower_bound(code); it != regions_.end() && it->first.starts_with(code); ++it)
    if (it->second.parent_code == code) out.push_back(&it->second);
  return out;
}

}  // namespace sunlight::core
