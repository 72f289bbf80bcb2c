// Field checks shared by users, notices and terminals.
#include "feed/fields.hpp"

#include <fmt/format.h>

#include "core/region.hpp"
#include "core/text.hpp"
#include "feed/errors.hpp"

namespace sunlight::feed {
namespace {

void check_length(std::string_view field, std::string_view value, std::size_t min_chars, std::size_t max_chars) {
  const std::size_t n = core::text::length(value);
  if (n < min_chars || n > max_chars) {
    if (n == 0) throw_bad_field(field, "is empty");
    throw_bad_field(field, fmt::format("must be {} to {} characters, not {}", min_chars, max_chars, n));
  }
}

}  // namespace

void throw_bad_field(std::string_view field, std::string_view why) {
  throw ApiError(400, "bad_field", fmt::format("{}: {}", field, why));
}

std::string checked_line(std::string_view field, std::string_view value, std::size_t min_chars, std::size_t max_chars) {
  const auto scan = core::text::scan(value);
  if (!scan.valid_utf8) throw_bad_field(field, "is not valid UTF-8");
  if (scan.line_break) throw_bad_field(field, "must be one line");
  if (scan.control || value.find('\t') != std::string_view::npos)
    throw_bad_field(field, "contains a control character");
  const std::string_view trimmed = core::text::trim(value);
  check_length(field, trimmed, min_chars, max_chars);
  return std::string(trimmed);
}

std::string checked_text(std::string_view field, std::string_view value, std::size_t min_chars, std::size_t max_chars) {
  const auto scan = core::text::scan(value);
  if (!scan.valid_utf8) throw_bad_field(field, "is not valid UTF-8");
  if (scan.control || value.find('\t') != std::string_view::npos)
    throw_bad_field(field, "contains a tab or control character");
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '\r') {
      out.push_back(value[i]);
    } else {
      out.push_back('\n');
      if (i + 1 < value.size() && value[i + 1] == '\n') ++i;
    }
  }
  if (core::text::trim(out).empty()) throw_bad_field(field, "is empty");
  check_length(field, out, min_chars, max_chars);
  return out;
}

std::string checked_region_code(std::string_view field, std::string_view value) {
  if (!core::text::is_valid_utf8(value)) throw_bad_field(field, "is not valid UTF-8");
  auto code = core::normalize_region_code(value);
  if (!code) throw_bad_field(field, fmt::format("\"{}\" is not a region code", core::text::ellipsize(value, 20)));
  return *code;
}

bool is_region_code_shape(std::string_view code) noexcept {
  if (code.size() != 6 && code.size() != 9 && code.size() != 12 && code.size() != 15) return false;
  for (const char c : code)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace sunlight::feed
