// Name and address masking; the resident-ID mask lives with ResidentId.
#include "core/masking.hpp"

#include <array>
#include <vector>

#include "core/text.hpp"

namespace sunlight::core {
namespace {

// Common two-character surnames (复姓). A name starting with one keeps both characters.
constexpr std::array<std::u32string_view, 32> kCompoundSurnames{
    U"欧阳", U"司马", U"上官", U"诸葛", U"东方", U"皇甫", U"尉迟", U"公孙", U"慕容", U"长孙", U"宇文",
    U"司徒", U"夏侯", U"轩辕", U"令狐", U"钟离", U"端木", U"独孤", U"南宫", U"西门", U"百里", U"呼延",
    U"万俟", U"闻人", U"澹台", U"公冶", U"太史", U"申屠", U"濮阳", U"司空", U"东郭", U"左丘"};

bool is_name_separator(char32_t cp) { return cp == U'·' || cp == U'•' || cp == U'．' || cp == U'.'; }

bool is_numeral(char32_t cp) {
  return (cp >= U'0' && cp <= U'9') || (cp >= U'０' && cp <= U'９') ||
         std::u32string_view(U"一二三四五六七八九十百零〇").find(cp) != std::u32string_view::npos;
}

std::u32string decode(std::string_view s) {
  std::u32string out;
  for (std::size_t pos = 0; pos < s.size();) out.push_back(text::next_code_point(s, pos));
  return out;
}

std::string encode(std::u32string_view s) {
  std::string out;
  for (const char32_t cp : s) text::append_utf8(out, cp);
  return out;
}

}  // namespace

std::string mask_name(std::string_view name) {
  std::u32string chars = decode(text::trim(name));
  if (chars.empty()) return {};
  if (chars.size() == 1) return "*";
  std::size_t keep_front = 1;
  for (const auto surname : kCompoundSurnames)
    if (chars.size() > 2 && std::u32string_view(chars).starts_with(surname)) keep_front = 2;
  // Two characters (or a compound surname and one more): only the surname stays.
  const std::size_t keep_back = chars.size() > keep_front + 1 ? 1 : 0;
  bool masked = false;
  for (std::size_t i = keep_front; i + keep_back < chars.size(); ++i) {
    if (is_name_separator(chars[i])) continue;
    chars[i] = U'*';
    masked = true;
  }
  // Separators can leave nothing between the kept ends ("阿·力"): then hide all but the first.
  for (std::size_t i = 1; !masked && i < chars.size(); ++i)
    if (!is_name_separator(chars[i])) chars[i] = U'*';
  return encode(chars);
}

std::string mask_address(std::string_view address, std::string_view fallback) {
  const std::u32string chars = decode(text::trim(address));
  for (std::size_t i = 1; i < chars.size(); ++i) {
    const bool group_marker = chars[i] == U'社' || chars[i] == U'组';
    const bool community = chars[i] == U'社' && i + 1 < chars.size() && chars[i + 1] == U'区';
    if (group_marker && !community && is_numeral(chars[i - 1])) return encode(std::u32string_view(chars).substr(0, i + 1));
  }
  return std::string(fallback);
}

}  // namespace sunlight::core
