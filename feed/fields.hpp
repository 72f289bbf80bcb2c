// Checks shared by the cadre, notice and terminal writers: text fields and the 400 "bad_field" reply.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sunlight::feed {

// Throws ApiError 400 "bad_field" with the detail "<field>: <why>". `why` never quotes a secret.
[[noreturn]] void throw_bad_field(std::string_view field, std::string_view why);

// A one-line text field (a title, a name): valid UTF-8, no control characters (tab, line breaks,
// C1 and bidi overrides included), min..max code points once trimmed. Returns it trimmed.
[[nodiscard]] std::string checked_line(std::string_view field, std::string_view value, std::size_t min_chars,
                                       std::size_t max_chars);

// A multi-line text field (a notice body): as above but line breaks are allowed, CRLF and CR
// become LF (browsers send CRLF from a textarea), and it must hold something besides
// whitespace. Leading and trailing whitespace are kept (indentation may mean something).
[[nodiscard]] std::string checked_text(std::string_view field, std::string_view value, std::size_t min_chars,
                                       std::size_t max_chars);

// A normalised region code (core::normalize_region_code) or 400 naming `field`.
[[nodiscard]] std::string checked_region_code(std::string_view field, std::string_view value);

// Whether `code` is shaped like a normalised region code: 6, 9, 12 or 15 ASCII digits.
[[nodiscard]] bool is_region_code_shape(std::string_view code) noexcept;

}  // namespace sunlight::feed
