// Words that name an enum value in imports and on screens: Chinese names (first one is canonical) and an English name.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "core/i18n.hpp"
#include "core/problem.hpp"
#include "core/text.hpp"

namespace sunlight::core {

template <class E>
struct EnumWord {
  E value;
  std::array<std::string_view, 5> zh;  // zh[0] is what screens show; unused slots stay empty
  std::string_view en;                  // lower-case, what English files and the wire use
};

// Matches trimmed, width-folded text against a table: Chinese exactly, English ignoring ASCII
// case. Unmatched text is Problem{problem_code, {{"input", …}}}.
template <class E>
Parsed<E> parse_enum_word(std::span<const EnumWord<E>> table, std::string_view input, const char* problem_code) {
  const std::string_view trimmed = text::trim(input);
  if (trimmed.empty()) return Problem{"import.required"};
  // Fast path, taken by nearly every row of an import: the word exactly as the table has it.
  for (const auto& word : table) {
    if (trimmed == word.en) return word.value;
    for (const auto zh : word.zh)
      if (!zh.empty() && trimmed == zh) return word.value;
  }
  const std::string folded = text::fold_width(trimmed);
  const std::string lower = text::ascii_lower(folded);
  for (const auto& word : table) {
    if (lower == word.en) return word.value;
    for (const auto zh : word.zh)
      if (!zh.empty() && folded == zh) return word.value;
  }
  return Problem{problem_code, {{"input", text::ellipsize(input, 40)}}};
}

template <class E>
std::string_view enum_word_name(std::span<const EnumWord<E>> table, E value, Lang lang) {
  for (const auto& word : table)
    if (word.value == value) return lang == Lang::En ? word.en : word.zh[0];
  return "?";
}

}  // namespace sunlight::core
