// The characters a screen has shown or is about to show, as ImGui glyph ranges.
#pragma once

#include <cstdint>
#include <set>
#include <string_view>
#include <vector>

namespace sunlight::ui {

// ImGui 1.86 as Debian builds it has 16-bit ImWchar: characters beyond the BMP cannot be drawn,
// and are never added (a screen shows U+FFFD for them; none occur in GB 2312 names or notices).
using Glyph = std::uint16_t;

// A growing set of code points. Plain value type.
class GlyphSet {
 public:
  // Adds every character of `utf8` (invalid bytes are skipped); returns how many were new.
  std::size_t add(std::string_view utf8);
  void add_range(Glyph first, Glyph last);
  [[nodiscard]] bool contains(Glyph g) const { return glyphs_.count(g) != 0; }
  // True when every drawable character of `utf8` is in the set.
  [[nodiscard]] bool covers(std::string_view utf8) const;
  [[nodiscard]] std::size_t size() const noexcept { return glyphs_.size(); }
  // Zero-terminated pairs [first, last, first, last, …, 0] as ImFontAtlas wants them; the vector
  // must outlive the atlas build that uses it.
  [[nodiscard]] std::vector<Glyph> ranges() const;

 private:
  std::set<Glyph> glyphs_;
};

// Decodes one UTF-8 character at `i` and advances it; returns U+FFFD for a malformed sequence
// (which is then one byte long), and the code point itself otherwise (may exceed 0xFFFF).
[[nodiscard]] std::uint32_t next_code_point(std::string_view utf8, std::size_t& i) noexcept;

}  // namespace sunlight::ui
