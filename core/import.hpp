// Reading and validating the five import files (docs/import-formats.md): every bad row reported, all or nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/encoding.hpp"
#include "core/fund.hpp"
#include "core/i18n.hpp"
#include "core/notice.hpp"
#include "core/payment.hpp"
#include "core/problem.hpp"
#include "core/region.hpp"

namespace sunlight::core {

enum class ImportKind { Regions, Funds, Stages, Payments, Notices };

// "regions", "funds", "stages", "payments", "notices" (or 区划, 资金项目, 资金环节, 发放明细, 村务公开).
// Problem: import.unknown_kind.
[[nodiscard]] Parsed<ImportKind> parse_import_kind(std::string_view text);
[[nodiscard]] std::string_view import_kind_name(ImportKind kind) noexcept;  // "payments"
[[nodiscard]] std::string_view import_file_name(ImportKind kind) noexcept;  // "payments.csv"

// One reason a file or row was refused. line 0 means the file as a whole; column is the header
// cell as the file spells it ("发放金额"), or "" for the whole row.
struct RowError {
  std::size_t line = 0;
  std::string column;
  Problem problem;
};

// What one reading found. Keeps every error (the administrator fixes them all in one pass).
class ImportReport {
 public:
  void add_error(std::size_t line, std::string column, Problem problem);
  void count_row(bool good) noexcept { (good ? good_rows_ : bad_rows_) += 1; }
  // For checks that can only run after the whole file (a parent region listed further down).
  void mark_good_row_bad() noexcept {
    if (good_rows_ > 0) --good_rows_;
    ++bad_rows_;
  }
  void set_encoding(Encoding e) noexcept { encoding_ = e; }

  [[nodiscard]] bool ok() const noexcept { return errors_.empty(); }
  [[nodiscard]] std::size_t good_rows() const noexcept { return good_rows_; }
  [[nodiscard]] std::size_t bad_rows() const noexcept { return bad_rows_; }
  [[nodiscard]] const std::vector<RowError>& errors() const noexcept { return errors_; }
  [[nodiscard]] Encoding encoding() const noexcept { return encoding_; }

  // One line per error: "第 12 行，发放金额：金额最多保留两位小数：12.345". At most
  // `max_lines` errors, then a line saying how many more there are.
  [[nodiscard]] std::string render(Lang lang, std::size_t max_lines = SIZE_MAX) const;
  [[nodiscard]] static std::string render_error(const RowError& error, Lang lang);

 private:
  std::vector<RowError> errors_;
  std::size_t good_rows_ = 0;
  std::size_t bad_rows_ = 0;
  Encoding encoding_ = Encoding::Auto;
};

struct ImportOptions {
  Encoding encoding = Encoding::Auto;
  CivilDate today = today_shanghai();  // dates after this are refused
  // Called every few thousand rows with the raw bytes read so far, for progress on stderr.
  std::function<void(std::uint64_t bytes)> progress;
};

// What rows may refer to, from the store or from files read earlier in the same batch. A null
// member means "unknown here": those references are not checked (a file validated on its own).
struct ImportReferences {
  const RegionTree* regions = nullptr;
  const std::set<std::string, std::less<>>* fund_codes = nullptr;
};

// Each reader streams the file, validates every row, and hands each good row to `sink` as it
// goes (read_payments also accepts an empty sink, for validation runs that keep nothing). The
// caller keeps the rows only if the returned report is ok() — one bad row anywhere
// means nothing is imported (DESIGN invariant 9). Not thread-safe per call; independent calls
// may run on different threads.
template <class T>
using RowSink = std::function<void(T&&)>;

// A sink throws this to refuse a row the file alone cannot judge — a 流水号 already imported with
// other content. The reader reports it like any other bad row (with the row's line), counts the
// row bad, and reads on, so the administrator still gets every problem in one pass. `column` is
// the column's English header name ("payment_id"), or "" for the row as a whole.
struct RowRefused {
  std::string column;
  Problem problem;
};

ImportReport read_regions(std::istream& in, const ImportOptions& options, const ImportReferences& refs,
                          const RowSink<Region>& sink);
ImportReport read_funds(std::istream& in, const ImportOptions& options, const ImportReferences& refs,
                        const RowSink<Fund>& sink);
ImportReport read_stages(std::istream& in, const ImportOptions& options, const ImportReferences& refs,
                         const RowSink<StageRecord>& sink);
ImportReport read_payments(std::istream& in, const ImportOptions& options, const ImportReferences& refs,
                           const RowSink<Payment>& sink);
ImportReport read_notices(std::istream& in, const ImportOptions& options, const ImportReferences& refs,
                          const RowSink<Notice>& sink);

}  // namespace sunlight::core
