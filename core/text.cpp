// UTF-8 helpers. Hand-written rather than iconv: these run per field on the import hot path.
#include "core/text.hpp"

namespace sunlight::core::text {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Length of a well-formed sequence starting at s[pos], or 0 when it is malformed.
std::size_t valid_sequence_length(std::string_view s, std::size_t pos) noexcept {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  const std::size_t left = s.size() - pos;
  auto cont = [&](std::size_t i) { return (static_cast<unsigned char>(s[pos + i]) & 0xC0) == 0x80; };
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) return (left >= 2 && cont(1)) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (left < 3 || !cont(1) || !cont(2)) return 0;
    const auto b1 = static_cast<unsigned char>(s[pos + 1]);
    if (b0 == 0xE0 && b1 < 0xA0) return 0;  // overlong
    if (b0 == 0xED && b1 > 0x9F) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (left < 4 || !cont(1) || !cont(2) || !cont(3)) return 0;
    const auto b1 = static_cast<unsigned char>(s[pos + 1]);
    if (b0 == 0xF0 && b1 < 0x90) return 0;  // overlong
    if (b0 == 0xF4 && b1 > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

bool is_trim_space(char32_t cp) noexcept {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
         cp == 0x3000 || cp == 0x00A0 || cp == 0xFEFF;
}

}  // namespace

bool is_valid_utf8(std::string_view s) noexcept {
  std::size_t pos = 0;
  while (pos < s.size()) {
    // Fast path over ASCII, which is most of every CSV.
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const std::size_t n = valid_sequence_length(s, pos);
    if (n == 0) return false;
    pos += n;
  }
  return true;
}

char32_t next_code_point(std::string_view s, std::size_t& pos) noexcept {
  const std::size_t n = valid_sequence_length(s, pos);
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (n == 0) {
    ++pos;
    return kReplacement;
  }
  char32_t cp = 0;
  switch (n) {
    case 1: cp = b0; break;
    case 2: cp = b0 & 0x1Fu; break;
    case 3: cp = b0 & 0x0Fu; break;
    default: cp = b0 & 0x07u; break;
  }
  for (std::size_t i = 1; i < n; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3Fu);
  pos += n;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::size_t length(std::string_view s) noexcept {
  std::size_t count = 0;
  for (const char c : s) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

bool is_ascii(std::string_view s) noexcept {
  for (const char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

TextScan scan(std::string_view s) noexcept {
  TextScan result;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const auto b = static_cast<unsigned char>(s[pos]);
    if (b >= 0x20 && b < 0x7F) {
      ++pos;
    } else if (b < 0x80) {
      if (b == '\n' || b == '\r') result.line_break = true;
      else if (b != '\t') result.control = true;
      ++pos;
    } else if (b >= 0xE3 && b <= 0xEC && pos + 2 < s.size() &&
               (static_cast<unsigned char>(s[pos + 1]) & 0xC0) == 0x80 &&
               (static_cast<unsigned char>(s[pos + 2]) & 0xC0) == 0x80) {
      pos += 3;  // the CJK block, most of every Chinese field: well-formed, never a control
    } else {
      const std::size_t n = valid_sequence_length(s, pos);
      if (n == 0) {
        result.valid_utf8 = false;
        ++pos;
        continue;
      }
      // C1 controls (C2 80..9F), bidirectional overrides U+202A..202E and U+2066..2069 (which
      // can make a kiosk show text reversed) and the separators U+2028/2029 are as invisible and
      // as dangerous as C0 controls. Checked on the bytes: this runs on every CJK character.
      const auto b1 = n > 1 ? static_cast<unsigned char>(s[pos + 1]) : 0u;
      const auto b2 = n > 2 ? static_cast<unsigned char>(s[pos + 2]) : 0u;
      if ((b == 0xC2 && b1 <= 0x9F) || (b == 0xE2 && b1 == 0x80 && b2 >= 0xA8 && b2 <= 0xAE) ||
          (b == 0xE2 && b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9))
        result.control = true;
      pos += n;
    }
  }
  return result;
}

std::string fold_width(std::string_view s) {
  std::size_t first = 0;
  while (first < s.size() && static_cast<unsigned char>(s[first]) < 0x80) ++first;
  std::string out(s.substr(0, first));  // most fields are ASCII: one copy and done
  if (first == s.size()) return out;
  out.reserve(s.size());
  for (std::size_t pos = first; pos < s.size();) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      out.push_back(s[pos++]);
      continue;
    }
    const std::size_t start = pos;
    const char32_t cp = next_code_point(s, pos);
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      out.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
    } else if (cp == 0x3000 || cp == 0x00A0) {
      out.push_back(' ');
    } else if (cp == 0xFFE5) {
      append_utf8(out, 0x00A5);
    } else {
      out.append(s.substr(start, pos - start));  // keeps malformed bytes as they were
    }
  }
  return out;
}

std::string_view trim(std::string_view s) noexcept {
  // Fast path: a value that starts and ends with a visible ASCII character needs nothing.
  auto visible_ascii = [](char c) { return c > ' ' && static_cast<unsigned char>(c) < 0x7F; };
  if (s.empty() || (visible_ascii(s.front()) && visible_ascii(s.back()))) return s;
  std::size_t begin = 0;
  while (begin < s.size()) {
    std::size_t pos = begin;
    if (!is_trim_space(next_code_point(s, pos))) break;
    begin = pos;
  }
  std::size_t end = s.size();
  while (end > begin) {
    // Step back to the start of the last code point.
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    std::size_t pos = start;
    if (!is_trim_space(next_code_point(s, pos)) || pos != end) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

bool has_control_chars(std::string_view s) noexcept {
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) return true;
  }
  return false;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string group_thousands(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string ellipsize(std::string_view s, std::size_t max_chars) {
  std::size_t pos = 0;
  std::size_t count = 0;
  while (pos < s.size() && count < max_chars) {
    (void)next_code_point(s, pos);
    ++count;
  }
  if (pos >= s.size()) return std::string(s);
  return std::string(s.substr(0, pos)) + "…";
}

}  // namespace sunlight::core::text
