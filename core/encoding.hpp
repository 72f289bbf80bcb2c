// Text encodings of imported files: UTF-8 (with or without BOM) and GB18030 (Excel on Chinese Windows).
#pragma once

#include <cstddef>
#include <iconv.h>
#include <string>
#include <string_view>

#include "core/problem.hpp"

namespace sunlight::core {

enum class Encoding { Auto, Utf8, Gb18030 };

// "auto", "utf-8"/"utf8", "gb18030"/"gbk"/"gb2312" (GBK and GB2312 are subsets of GB18030),
// case-insensitive. Problem: encoding.unknown (arg "input").
[[nodiscard]] Parsed<Encoding> parse_encoding(std::string_view name);
[[nodiscard]] std::string_view encoding_name(Encoding e) noexcept;  // "auto", "utf-8", "gb18030"

// Guesses from the first bytes of a file. A UTF-8 BOM or valid UTF-8 → Utf8; otherwise valid
// GB18030 → Gb18030; otherwise Utf8 (rows then report their invalid bytes). A UTF-16/UTF-32
// BOM is a Problem (encoding.utf16): Excel's "Unicode text" is not CSV. `sample_is_complete`
// says whether the sample is the whole file; when false, a multi-byte sequence cut at the
// sample's end is not held against either encoding.
[[nodiscard]] Parsed<Encoding> detect_encoding(std::string_view sample, bool sample_is_complete);

// Converts GB18030 to UTF-8 chunk by chunk (iconv). A sequence split across chunks is carried
// over to the next call. Bytes that are not valid GB18030 are copied through unchanged, so the
// row that holds them fails UTF-8 validation and is reported with its line — nothing is
// silently replaced. Not thread-safe; one decoder per reader.
class Gb18030Decoder {
 public:
  Gb18030Decoder();
  ~Gb18030Decoder();
  Gb18030Decoder(const Gb18030Decoder&) = delete;
  Gb18030Decoder& operator=(const Gb18030Decoder&) = delete;

  // Appends the UTF-8 for `chunk` to `out`. With `last` true, leftover partial bytes are
  // flushed through unchanged.
  void decode(std::string_view chunk, bool last, std::string& out);

 private:
  iconv_t cd_;
  std::string carry_;
};

}  // namespace sunlight::core
