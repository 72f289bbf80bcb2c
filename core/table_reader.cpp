// TableReader: turns CsvReader records into validated rows of named columns.
#include "core/table_reader.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace sunlight::core {

TableReader::TableReader(std::istream& in, std::span<const ColumnSpec> columns, const ImportOptions& options,
                         ImportReport& report)
    : columns_(columns), options_(options), report_(report) {
  try {
    csv_ = std::make_unique<CsvReader>(in, options.encoding);
    report_.set_encoding(csv_->encoding());
    usable_ = read_header();
  } catch (const ProblemError& e) {
    report_.add_error(0, "", e.problem());
  }
}

bool TableReader::read_header() {
  if (!csv_->next(record_)) {
    report_.add_error(0, "", Problem{"import.empty_file"});
    return false;
  }
  if (record_.problem) {
    report_.add_error(record_.line, "", *record_.problem);
    return false;
  }
  field_of_column_.assign(columns_.size(), -1);
  header_names_.assign(columns_.size(), {});
  header_width_ = record_.fields.size();
  raw_header_width_ = header_width_;
  bool ok = true;
  for (std::size_t f = 0; f < record_.fields.size(); ++f) {
    const std::string_view raw = record_.fields[f];
    const std::string name = text::fold_width(text::trim(raw));
    if (name.empty() && f + 1 == record_.fields.size() && f > 0) {
      header_width_ = f;  // a trailing comma Excel sometimes leaves: not a column
      continue;
    }
    const std::string lower = text::ascii_lower(name);
    std::size_t match = columns_.size();
    for (std::size_t c = 0; c < columns_.size(); ++c)
      if (name == columns_[c].zh || lower == columns_[c].en) match = c;
    if (!text::is_valid_utf8(raw)) {
      report_.add_error(record_.line, "", Problem{"import.invalid_text"});
      ok = false;
    } else if (match == columns_.size()) {
      report_.add_error(record_.line, name, Problem{"import.unknown_column", {{"column", text::ellipsize(name, 40)}}});
      ok = false;
    } else if (field_of_column_[match] >= 0) {
      report_.add_error(record_.line, name, Problem{"import.duplicate_column", {{"column", name}}});
      ok = false;
    } else {
      field_of_column_[match] = static_cast<int>(f);
      header_names_[match] = name;
    }
  }
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (field_of_column_[c] < 0 && columns_[c].required) {
      const std::string both = std::string(columns_[c].zh) + " (" + std::string(columns_[c].en) + ")";
      report_.add_error(record_.line, "", Problem{"import.missing_column", {{"column", both}}});
      ok = false;
    }
    if (header_names_[c].empty()) header_names_[c] = columns_[c].zh;
  }
  return ok;
}

bool TableReader::row_is_sound() {
  if (record_.problem) {
    report_.add_error(record_.line, "", *record_.problem);
    return false;
  }
  // When the header ended in an empty cell (a stray trailing comma), rows carry one too.
  std::size_t width = record_.fields.size();
  if (raw_header_width_ > header_width_ && width == raw_header_width_ && text::trim(record_.fields.back()).empty())
    width = header_width_;
  if (width != header_width_) {
    report_.add_error(record_.line, "",
                      Problem{"import.field_count",
                              {{"found", std::to_string(width)}, {"expected", std::to_string(header_width_)}}});
    return false;
  }
  bool sound = true;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (field_of_column_[c] < 0) continue;
    const text::TextScan found = text::scan(record_.fields[static_cast<std::size_t>(field_of_column_[c])]);
    if (!found.valid_utf8) {
      report_.add_error(record_.line, header_names_[c], Problem{"import.invalid_text"});
      sound = false;
    } else if (found.control) {
      report_.add_error(record_.line, header_names_[c], Problem{"import.control_chars"});
      sound = false;
    } else if (!columns_[c].multiline && found.line_break) {
      report_.add_error(record_.line, header_names_[c], Problem{"import.line_break"});
      sound = false;
    }
  }
  return sound;
}

bool TableReader::next() {
  if (!usable_) return false;
  try {
    while (csv_->next(record_)) {
      row_failed_ = false;
      if (options_.progress && ++rows_since_progress_ >= 8192) {
        rows_since_progress_ = 0;
        options_.progress(csv_->bytes_consumed());
      }
      // A row of nothing but commas is what Excel leaves of a cleared row: blank, like a blank line.
      if (!record_.problem && std::all_of(record_.fields.begin(), record_.fields.end(),
                                          [](std::string_view f) { return text::trim(f).empty(); }))
        continue;
      if (row_is_sound()) return true;
      report_.count_row(false);
    }
  } catch (const ProblemError& e) {
    report_.add_error(0, "", e.problem());  // the file could not be read to its end
    usable_ = false;
    return false;
  } catch (const std::ios_base::failure&) {
    report_.add_error(0, "", Problem{"csv.read_error"});  // a stream set to throw on failure
    usable_ = false;
    return false;
  }
  if (options_.progress) options_.progress(csv_->bytes_consumed());
  return false;
}

std::string_view TableReader::get(std::size_t index) const {
  const int field = field_of_column_[index];
  return field < 0 ? std::string_view{} : text::trim(record_.fields[static_cast<std::size_t>(field)]);
}

void TableReader::fail(std::size_t index, Problem problem) {
  report_.add_error(record_.line, header_names_[index], std::move(problem));
  row_failed_ = true;
}

void TableReader::fail_row(Problem problem) {
  report_.add_error(record_.line, "", std::move(problem));
  row_failed_ = true;
}

void TableReader::finish_row() { report_.count_row(!row_failed_); }

}  // namespace sunlight::core
