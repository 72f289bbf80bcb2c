// Message catalogs: zh-CN by default, English second. Catalogs are assets/i18n/*.json, compiled in.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/problem.hpp"

namespace sunlight::core {

enum class Lang { ZhCn, En };

// "zh-CN", "zh", "zh_CN", "en", "en-US"… → Lang; anything else is a Problem ("i18n.unknown_lang").
[[nodiscard]] Parsed<Lang> parse_lang(std::string_view tag);
[[nodiscard]] std::string_view lang_tag(Lang lang) noexcept;  // "zh-CN" or "en"

// Looks up `key` in the catalog of `lang`; falls back to zh-CN, then to the key itself, so a
// missing translation shows something rather than nothing. Thread-safe (catalogs are immutable
// after first use).
[[nodiscard]] std::string_view tr(Lang lang, std::string_view key);

// tr() then replaces each {name} with the matching argument; unknown placeholders stay as-is.
[[nodiscard]] std::string tr_format(Lang lang, std::string_view key,
                                    const std::vector<std::pair<std::string, std::string>>& args);

// The sentence a person reads for a Problem, e.g. "金额最多两位小数：12.345".
[[nodiscard]] std::string describe(const Problem& problem, Lang lang = Lang::ZhCn);

// Every key of a catalog, sorted; for the completeness test and tooling.
[[nodiscard]] std::vector<std::string> catalog_keys(Lang lang);

}  // namespace sunlight::core
