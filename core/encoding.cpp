// Encoding names, detection from a file's first bytes, and chunked GB18030 → UTF-8 conversion.
#include "core/encoding.hpp"

#include <cerrno>
#include <cstdint>

#include "core/text.hpp"

namespace sunlight::core {
namespace {

unsigned char byte_at(std::string_view s, std::size_t i) noexcept { return static_cast<unsigned char>(s[i]); }

// Excel's "Unicode text" and other UTF-16/UTF-32 files. Checked before anything else: their
// BOMs are not valid UTF-8 or GB18030, and the NUL bytes in them would wreck a CSV parse.
bool has_utf16_or_utf32_bom(std::string_view s) noexcept {
  using namespace std::string_view_literals;
  return s.starts_with("\xFF\xFE"sv) || s.starts_with("\xFE\xFF"sv) || s.starts_with("\x00\x00\xFE\xFF"sv);
}

// Bytes at the end of `s` that begin a UTF-8 sequence the sample cut short; 0 when none.
std::size_t truncated_utf8_tail(std::string_view s) noexcept {
  const std::size_t n = s.size();
  for (std::size_t back = 1; back <= 3 && back <= n; ++back) {
    const auto b = byte_at(s, n - back);
    if ((b & 0xC0) == 0x80) continue;  // continuation: keep looking for the lead byte
    std::size_t need = 0;
    if (b >= 0xC2 && b <= 0xDF) need = 2;
    else if (b >= 0xE0 && b <= 0xEF) need = 3;
    else if (b >= 0xF0 && b <= 0xF4) need = 4;
    return need > back ? back : 0;
  }
  return 0;
}

// GB18030 structure: ASCII; lead 81–FE + trail 40–7E/80–FE; or lead 81–FE, 30–39, 81–FE, 30–39.
// A sequence cut by the end of an incomplete sample counts as valid.
bool is_valid_gb18030(std::string_view s, bool complete) noexcept {
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const auto b0 = byte_at(s, i);
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    if (b0 == 0x80 || b0 == 0xFF) return false;
    if (i + 1 >= n) return !complete;
    const auto b1 = byte_at(s, i + 1);
    if ((b1 >= 0x40 && b1 <= 0x7E) || (b1 >= 0x80 && b1 <= 0xFE)) {
      i += 2;
      continue;
    }
    if (b1 < 0x30 || b1 > 0x39) return false;
    if (i + 2 >= n) return !complete;
    const auto b2 = byte_at(s, i + 2);
    if (b2 < 0x81 || b2 > 0xFE) return false;
    if (i + 3 >= n) return !complete;
    const auto b3 = byte_at(s, i + 3);
    if (b3 < 0x30 || b3 > 0x39) return false;
    i += 4;
  }
  return true;
}

}  // namespace

Parsed<Encoding> parse_encoding(std::string_view name) {
  const std::string lower = text::ascii_lower(text::trim(name));
  if (lower == "auto") return Encoding::Auto;
  if (lower == "utf-8" || lower == "utf8") return Encoding::Utf8;
  if (lower == "gb18030" || lower == "gbk" || lower == "gb2312") return Encoding::Gb18030;
  return Problem{"encoding.unknown", {{"input", std::string(name)}}};
}

std::string_view encoding_name(Encoding e) noexcept {
  switch (e) {
    case Encoding::Auto: return "auto";
    case Encoding::Utf8: return "utf-8";
    case Encoding::Gb18030: return "gb18030";
  }
  return "auto";
}

Parsed<Encoding> detect_encoding(std::string_view sample, bool sample_is_complete) {
  using namespace std::string_view_literals;
  if (has_utf16_or_utf32_bom(sample)) return Problem{"encoding.utf16"};
  if (sample.starts_with("\xEF\xBB\xBF"sv)) return Encoding::Utf8;
  const std::size_t cut = sample_is_complete ? 0 : truncated_utf8_tail(sample);
  if (text::is_valid_utf8(sample.substr(0, sample.size() - cut))) return Encoding::Utf8;
  if (is_valid_gb18030(sample, sample_is_complete)) return Encoding::Gb18030;
  return Encoding::Utf8;
}

Gb18030Decoder::Gb18030Decoder() : cd_(iconv_open("UTF-8", "GB18030")) {
  if (cd_ == reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1)))
    throw ProblemError(Problem{"encoding.unavailable"});
}

Gb18030Decoder::~Gb18030Decoder() { iconv_close(cd_); }

void Gb18030Decoder::decode(std::string_view chunk, bool last, std::string& out) {
  // iconv wants a mutable input pointer, so the input goes through carry_, which also holds
  // the tail of a sequence the previous chunk cut.
  carry_.append(chunk);
  char* in = carry_.data();
  std::size_t in_left = carry_.size();
  // GB18030 → UTF-8 grows at most 3/2 (2 bytes → 3) and a byte passed through stays one byte,
  // so one reservation normally suffices; growing per invalid byte would turn garbage quadratic.
  std::size_t written = out.size();
  auto grow = [&](std::size_t extra) { out.resize(out.size() + extra); };
  grow(in_left + in_left / 2 + 16);
  while (in_left > 0) {
    char* dst = out.data() + written;
    std::size_t dst_left = out.size() - written;
    const std::size_t rc = iconv(cd_, &in, &in_left, &dst, &dst_left);
    const int err = errno;
    written = static_cast<std::size_t>(dst - out.data());
    if (rc != static_cast<std::size_t>(-1)) break;
    if (err == E2BIG) {
      grow(in_left * 2 + 16);
      continue;
    }
    if (err == EINVAL && !last) break;  // the next chunk completes this sequence
    // Invalid (EILSEQ) or a sequence cut at the very end of the file: pass one byte through
    // untouched so UTF-8 validation later reports the row, rather than guessing a replacement.
    if (written == out.size()) grow(16);
    out[written++] = *in++;
    --in_left;
  }
  out.resize(written);
  carry_.erase(0, carry_.size() - in_left);
  if (last) {
    carry_.clear();
    iconv(cd_, nullptr, nullptr, nullptr, nullptr);  // back to the initial state for reuse
  }
}

}  // namespace sunlight::core
