// Scope rules: region codes nest by prefix (500112 ⊃ 500112101 ⊃ 500112101001 ⊃ 500112101001003).
#include "feed/scope.hpp"

#include <algorithm>

#include "core/region.hpp"

namespace sunlight::feed {

std::string_view stream_name(Stream stream) noexcept { return stream == Stream::People ? "people" : "public"; }

std::vector<std::string> ancestors_or_self(std::string_view scope) {
  std::vector<std::string> out;
  for (std::string_view code = scope; !code.empty(); code = core::parent_of_code(code))
    out.emplace_back(code);
  std::reverse(out.begin(), out.end());
  return out;
}

bool reaches(Stream stream, std::string_view region, std::string_view scope) {
  if (core::code_within(region, scope)) return true;  // the scope itself or below it
  return stream == Stream::Public && core::code_within(scope, region);
}

bool may_read_people(std::string_view enrolled_scope, std::string_view requested_scope) {
  return core::code_within(requested_scope, enrolled_scope);
}

}  // namespace sunlight::feed
