// Buffered RFC 4180 CSV output: rows go to a large in-memory buffer and reach the file in big writes.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>

namespace sunlight::gen {

// Writes UTF-8 (no BOM) with LF line ends; quotes a field only when it holds a comma, quote or
// line break. Not thread-safe: one writer per file per thread. Throws std::runtime_error naming
// the file when it cannot be opened or written.
class CsvWriter {
 public:
  CsvWriter(const std::filesystem::path& path, std::initializer_list<std::string_view> header);
  ~CsvWriter();
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  CsvWriter& field(std::string_view text);  // any text; quoted when needed
  CsvWriter& plain(std::string_view text);  // codes, digits and dates: never needs quotes
  CsvWriter& number(std::int64_t value);
  CsvWriter& empty();
  void end_row();

  // Flushes and closes; throws on any write error (the destructor cannot report them).
  void close();
  [[nodiscard]] std::uint64_t rows() const noexcept { return rows_; }

 private:
  void separator();
  void flush();

  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  bool row_started_ = false;
  std::uint64_t rows_ = 0;  // data rows, header excluded
};

}  // namespace sunlight::gen
