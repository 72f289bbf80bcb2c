// Files compiled into the programs at build time (cmake/EmbedFile.cmake).
#pragma once

#include <span>
#include <string_view>

namespace sunlight::embedded {

struct CatalogPart {
  std::string_view lang;  // folder name under assets/i18n: "zh-CN", "en"
  std::string_view part;  // file name without .json: "money", "id", …
  std::string_view json;
};

std::span<const CatalogPart> catalog_parts();

}  // namespace sunlight::embedded
