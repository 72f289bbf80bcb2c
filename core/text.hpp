// UTF-8 text helpers shared by every parser: validation, code points, full-width folding, trimming.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sunlight::core::text {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view s) noexcept;

// Decodes the code point at s[pos] and advances pos. Returns U+FFFD and advances one byte
// on malformed input, so loops always terminate.
[[nodiscard]] char32_t next_code_point(std::string_view s, std::size_t& pos) noexcept;

// Appends the UTF-8 encoding of `cp` to `out`.
void append_utf8(std::string& out, char32_t cp);

// Number of code points (what a person would call characters for CJK text). Counts the bytes
// that start a sequence, so it is exact for valid UTF-8; malformed input gets a count, no more.
[[nodiscard]] std::size_t length(std::string_view s) noexcept;

// What one pass over a field finds: the import checks all three on every field of every row.
struct TextScan {
  bool valid_utf8 = true;
  bool control = false;     // a C0 control other than tab, LF, CR; or DEL
  bool line_break = false;  // LF or CR
};
[[nodiscard]] TextScan scan(std::string_view s) noexcept;

// True when every byte is ASCII, the common case that lets callers skip folding.
[[nodiscard]] bool is_ascii(std::string_view s) noexcept;

// Folds what Chinese input methods and Excel produce into plain ASCII where it matters for
// parsing: full-width forms U+FF01..U+FF5E become ASCII, U+3000 (ideographic space) and
// U+00A0 become a space, U+FFE5 (full-width yen) becomes U+00A5. Other text is unchanged.
[[nodiscard]] std::string fold_width(std::string_view s);

// Strips ASCII whitespace, U+3000 and U+00A0 from both ends. Returns a view into `s`.
[[nodiscard]] std::string_view trim(std::string_view s) noexcept;

// True when the text contains a C0 control character other than tab, LF and CR, or DEL.
[[nodiscard]] bool has_control_chars(std::string_view s) noexcept;

// ASCII-only lower-casing, for matching English column names and enum words.
[[nodiscard]] std::string ascii_lower(std::string_view s);

// "2,915,754": counts as reports and summaries print them.
[[nodiscard]] std::string group_thousands(std::uint64_t n);

// Keeps at most `max_chars` code points, appending "…" when it cut something. For messages.
[[nodiscard]] std::string ellipsize(std::string_view s, std::size_t max_chars);

}  // namespace sunlight::core::text
