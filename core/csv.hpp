// RFC 4180 CSV reading with line numbers, streaming, in UTF-8 whatever the file's encoding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/encoding.hpp"
#include "core/problem.hpp"

namespace sunlight::core {

// One record. `fields` are views into the reader's buffers, valid until the next call to
// next(). `line` is the 1-based physical line where the record starts (a quoted newline makes a
// record span lines; the next record's line counts them). `problem` is set when the record's
// structure is broken (csv.unterminated_quote — the file was cut inside a quoted field;
// csv.stray_quote — a '"' inside an unquoted field; csv.text_after_quote; csv.field_too_long);
// the fields read so far are still there so the caller can report and go on.
struct CsvRecord {
  std::size_t line = 0;
  std::vector<std::string_view> fields;
  std::optional<Problem> problem;
};

struct CsvLimits {
  std::size_t max_field_bytes = 1 << 20;   // 1 MiB: far beyond any real cell, bounds hostile input
  std::size_t read_chunk_bytes = 1 << 20;  // bytes read per refill; tests shrink it to cross chunk edges
};

// Streams records from raw bytes in any supported encoding, converting to UTF-8 on the fly and
// stripping a UTF-8 BOM. Records end at LF, CRLF or CR outside quotes; quoted fields may hold
// commas, quotes ("") and newlines. Blank lines are skipped. Memory stays bounded by the
// largest record, not the file. Not thread-safe: one reader per thread.
class CsvReader {
 public:
  // Throws ProblemError (encoding.utf16, encoding.unknown, encoding.unavailable) when the encoding
  // cannot be used, and csv.read_error (here or from next()) when the stream fails mid-read.
  explicit CsvReader(std::istream& raw_bytes, Encoding encoding = Encoding::Auto, CsvLimits limits = {});
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  [[nodiscard]] Encoding encoding() const noexcept;  // resolved: never Auto
  // Fills `record` and returns true, or returns false at the end of input.
  bool next(CsvRecord& record);
  [[nodiscard]] std::uint64_t bytes_consumed() const noexcept;  // raw bytes read, for progress

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sunlight::core
