// Line breaking for Chinese text (see text_wrap.hpp).
#include "ui/text_wrap.hpp"

#include "ui/glyph_set.hpp"

namespace sunlight::ui {

namespace {

bool closing(std::uint32_t c) {
  static constexpr std::u32string_view kClosing = U"，。、：；？！）》」』”’】〕…·%％,.;:?!)]}";
  return kClosing.find(static_cast<char32_t>(c)) != std::u32string_view::npos;
}

bool opening(std::uint32_t c) {
  static constexpr std::u32string_view kOpening = U"（《「『“‘【〔([{¥￥";
  return kOpening.find(static_cast<char32_t>(c)) != std::u32string_view::npos;
}

// Letters, digits and the marks inside numbers and times: a break inside these would split "14:05".
bool word_char(std::uint32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == ',' ||
         c == ':' || c == '-' || c == '/' || c == '\'' || c == '%' || c == '+' || c == '_' || c == '*';
}

struct Char {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::uint32_t cp = 0;
  float advance = 0;
};

}  // namespace

std::vector<std::string_view> wrap_text(std::string_view text, float width,
                                        const std::function<float(std::uint32_t)>& advance) {
  std::vector<std::string_view> lines;
  if (text.empty()) return {text};
  std::vector<Char> chars;
  for (std::size_t i = 0; i < text.size();) {
    Char c;
    c.begin = i;
    c.cp = next_code_point(text, i);
    c.end = i;
    c.advance = c.cp == '\n' ? 0 : advance(c.cp);
    chars.push_back(c);
  }
  // May a line break before chars[k]?
  const auto can_break_before = [&](std::size_t k) {
    if (k == 0 || k >= chars.size()) return false;
    const std::uint32_t prev = chars[k - 1].cp;
    const std::uint32_t cur = chars[k].cp;
    if (cur == ' ') return true;  // the space itself is dropped at the break
    if (closing(cur) || opening(prev)) return false;
    if (word_char(prev) && word_char(cur)) return false;
    return true;
  };

  std::size_t start = 0;
  while (start < chars.size()) {
    float used = 0;
    std::size_t k = start;
    std::size_t last_break = start;  // best break point seen in this line (index of the next line's first char)
    bool forced = false;
    for (; k < chars.size(); ++k) {
      if (chars[k].cp == '\n') {
        forced = true;
        break;
      }
      if (k > start && can_break_before(k)) last_break = k;
      if (used + chars[k].advance > width && k > start) break;
      used += chars[k].advance;
    }
    std::size_t end = k;
    if (!forced && k < chars.size()) {
      // Overflow: go back to the last allowed break; a word wider than the line is cut.
      if (last_break > start) end = last_break;
    }
    std::size_t trim = end;
    while (trim > start && chars[trim - 1].cp == ' ') --trim;
    const std::size_t from = chars[start].begin;
    const std::size_t to = trim > start ? chars[trim - 1].end : from;
    lines.push_back(text.substr(from, to - from));
    start = end;
    if (forced) {
      ++start;  // the '\n'
      if (start == chars.size()) lines.push_back(text.substr(text.size(), 0));
    }
    while (!forced && start < chars.size() && chars[start].cp == ' ') ++start;
  }
  return lines;
}

}  // namespace sunlight::ui
