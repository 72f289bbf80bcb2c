// A CSV table with named columns: header matching, per-row structural checks, error collection.
#pragma once

#include <cstddef>
#include <istream>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.hpp"
#include "core/import.hpp"

namespace sunlight::core {

struct ColumnSpec {
  std::string_view zh;  // 流水号
  std::string_view en;  // payment_id (lower-case)
  bool required = true;
  bool multiline = false;  // may hold line breaks (notice bodies)
};

// Reads one import file against its column specs. Header problems stop the reading (rows cannot
// be interpreted); row problems are recorded in the report and the row is skipped. Values come
// back trimmed. Used by import.cpp only; one reader per thread.
class TableReader {
 public:
  TableReader(std::istream& in, std::span<const ColumnSpec> columns, const ImportOptions& options,
              ImportReport& report);

  // Advances to the next row whose structure is sound (right field count, valid text, no control
  // characters). Returns false at the end, or at once when the header was unusable.
  bool next();

  // The trimmed value of column `index` (in spec order); "" when an optional column is absent.
  [[nodiscard]] std::string_view get(std::size_t index) const;
  [[nodiscard]] std::size_t line() const noexcept { return record_.line; }

  // Records a problem with column `index` of the current row; the row then counts as bad.
  void fail(std::size_t index, Problem problem);
  // Records a problem with the row as a whole.
  void fail_row(Problem problem);
  // Marks the current row done: counts it good unless fail*() was called for it.
  void finish_row();
  [[nodiscard]] bool row_failed() const noexcept { return row_failed_; }

 private:
  bool read_header();
  bool row_is_sound();

  std::span<const ColumnSpec> columns_;
  const ImportOptions& options_;
  ImportReport& report_;
  std::unique_ptr<CsvReader> csv_;
  CsvRecord record_;
  std::vector<int> field_of_column_;      // spec index → field index, -1 when absent
  std::vector<std::string> header_names_; // spec index → the header cell as the file spells it
  std::size_t header_width_ = 0;      // columns that count
  std::size_t raw_header_width_ = 0;  // cells in the header row, a trailing empty one included
  bool usable_ = false;
  bool row_failed_ = false;
  std::size_t rows_since_progress_ = 0;
};

}  // namespace sunlight::core
