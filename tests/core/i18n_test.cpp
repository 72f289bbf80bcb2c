// Tests for core/i18n: language tags, lookups, placeholders, and that both catalogs are complete.
#include <catch2/catch.hpp>

#include "core/i18n.hpp"

using namespace sunlight::core;

TEST_CASE("language tags", "[i18n]") {
  CHECK(parse_lang("zh-CN").value() == Lang::ZhCn);
  CHECK(parse_lang("zh_cn").value() == Lang::ZhCn);
  CHECK(parse_lang("zh").value() == Lang::ZhCn);
  CHECK(parse_lang("en-GB").value() == Lang::En);
  const auto bad = parse_lang("fr");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.problem().code == "i18n.unknown_lang");
  CHECK(describe(bad.problem(), Lang::En) == "Unsupported language: fr (use zh-CN or en)");
  CHECK(describe(bad.problem()) == "不支持的语言：fr（可用 zh-CN 或 en）");
}

TEST_CASE("missing keys fall back rather than show nothing", "[i18n]") {
  CHECK(tr(Lang::ZhCn, "app.name") == "阳光");
  CHECK(tr(Lang::En, "app.name") == "Sunlight");
  CHECK(tr(Lang::En, "no.such.key") == "no.such.key");
  CHECK(tr_format(Lang::En, "i18n.unknown_lang", {}) == "Unsupported language: {input} (use zh-CN or en)");
}

TEST_CASE("zh-CN and English catalogs have the same keys and the same placeholders", "[i18n]") {
  const auto zh = catalog_keys(Lang::ZhCn);
  const auto en = catalog_keys(Lang::En);
  CHECK(zh == en);
  for (const auto& key : zh) {
    auto placeholders = [](std::string_view s) {
      std::vector<std::string> names;
      for (std::size_t i = s.find('{'); i != std::string_view::npos; i = s.find('{', i + 1)) {
        const auto close = s.find('}', i);
        if (close != std::string_view::npos) names.emplace_back(s.substr(i, close - i + 1));
      }
      std::sort(names.begin(), names.end());
      return names;
    };
    INFO(key);
    CHECK(placeholders(tr(Lang::ZhCn, key)) == placeholders(tr(Lang::En, key)));
  }
}
