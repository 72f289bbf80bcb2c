// Catalog loading and placeholder substitution. The JSON is embedded at build time (EmbedFile.cmake).
#include "core/i18n.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "core/embedded.hpp"


namespace sunlight::core {
namespace {

using Catalog = std::map<std::string, std::string, std::less<>>;

// Merges every part of one language. A broken part or a key defined twice is a build bug, so
// it fails loudly on first use (and in the catalog test) rather than showing a wrong message.
Catalog load(std::string_view lang) {
  Catalog catalog;
  for (const auto& part : embedded::catalog_parts()) {
    if (part.lang != lang) continue;
    const auto json = nlohmann::json::parse(part.json);
    for (const auto& [key, value] : json.items()) {
      if (!catalog.emplace(key, value.get<std::string>()).second)
        throw std::logic_error("i18n key defined twice: " + key + " (in " + std::string(part.part) + ")");
    }
  }
  return catalog;
}

const Catalog& catalog(Lang lang) {
  static const Catalog zh = load("zh-CN");
  static const Catalog en = load("en");
  return lang == Lang::En ? en : zh;
}

}  // namespace

Parsed<Lang> parse_lang(std::string_view tag) {
  std::string lower;
  for (const char c : tag) lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  std::replace(lower.begin(), lower.end(), '_', '-');
  if (lower == "zh" || lower == "zh-cn" || lower == "zh-hans" || lower == "zh-hans-cn") return Lang::ZhCn;
  if (lower == "en" || lower.starts_with("en-")) return Lang::En;
  return Problem{"i18n.unknown_lang", {{"input", std::string(tag)}}};
}

std::string_view lang_tag(Lang lang) noexcept { return lang == Lang::En ? "en" : "zh-CN"; }

std::string_view tr(Lang lang, std::string_view key) {
  const auto& primary = catalog(lang);
  if (auto it = primary.find(key); it != primary.end()) return it->second;
  const auto& fallback = catalog(Lang::ZhCn);
  if (auto it = fallback.find(key); it != fallback.end()) return it->second;
  return key;
}

std::string tr_format(Lang lang, std::string_view key,
                      const std::vector<std::pair<std::string, std::string>>& args) {
  const std::string_view pattern = tr(lang, key);
  std::string out;
  out.reserve(pattern.size() + 32);
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      const auto close = pattern.find('}', i + 1);
      if (close != std::string_view::npos) {
        const auto name = pattern.substr(i + 1, close - i - 1);
        const auto it = std::find_if(args.begin(), args.end(), [&](const auto& a) { return a.first == name; });
        if (it != args.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out.push_back(pattern[i++]);
  }
  return out;
}

std::string describe(const Problem& problem, Lang lang) { return tr_format(lang, problem.code, problem.args); }

std::vector<std::string> catalog_keys(Lang lang) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : catalog(lang)) keys.push_back(key);
  return keys;
}

}  // namespace sunlight::core
