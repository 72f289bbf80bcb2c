// The characters a screen shows, as glyph ranges (see glyph_set.hpp).
#include "ui/glyph_set.hpp"

namespace sunlight::ui {

std::uint32_t next_code_point(std::string_view s, std::size_t& i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  int extra = 0;
  std::uint32_t cp = 0;
  if (c < 0x80) {
    ++i;
    return c;
  } else if ((c & 0xE0) == 0xC0) {
    extra = 1;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    extra = 2;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    extra = 3;
    cp = c & 0x07;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + static_cast<std::size_t>(extra) >= s.size()) {  // cut short at the end
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k <= extra; ++k) {
    const unsigned char b = byte(i + static_cast<std::size_t>(k));
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

std::size_t GlyphSet::add(std::string_view utf8) {
  std::size_t added = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const std::uint32_t cp = next_code_point(utf8, i);
    // Controls are not drawn, malformed bytes (U+FFFD) are not text; see Glyph for > 0xFFFF.
    if (cp < 0x20 || cp > 0xFFFF || cp == 0xFFFD) continue;
    if (glyphs_.insert(static_cast<Glyph>(cp)).second) ++added;
  }
  return added;
}

void GlyphSet::add_range(Glyph first, Glyph last) {
  for (std::uint32_t g = first; g <= last; ++g) glyphs_.insert(static_cast<Glyph>(g));
}

bool GlyphSet::covers(std::string_view utf8) const {
  for (std::size_t i = 0; i < utf8.size();) {
    const std::uint32_t cp = next_code_point(utf8, i);
    if (cp < 0x20 || cp > 0xFFFF || cp == 0xFFFD) continue;  // what add() never adds is not missing
    if (!contains(static_cast<Glyph>(cp))) return false;
  }
  return true;
}

std::vector<Glyph> GlyphSet::ranges() const {
  std::vector<Glyph> out;
  for (auto it = glyphs_.begin(); it != glyphs_.end();) {
    const Glyph first = *it;
    Glyph last = first;
    for (++it; it != glyphs_.end() && *it == last + 1; ++it) last = *it;
    out.push_back(first);
    out.push_back(last);
  }
  out.push_back(0);
  return out;
}

}  // namespace sunlight::ui
