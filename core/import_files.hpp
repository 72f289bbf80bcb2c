// Validating import files on disk: one file, or a directory of all five in dependency order.
#pragma once

#include <filesystem>
#include <vector>

#include "core/import.hpp"

namespace sunlight::core {

struct FileReport {
  ImportKind kind = ImportKind::Regions;
  std::filesystem::path path;
  bool present = false;  // false: the directory has no such file (not an error by itself)
  ImportReport report;
};

// Reads `path` as `kind` without keeping any row: the check an administrator runs before an
// import. A file that cannot be opened is a report with one error (import.cannot_open).
[[nodiscard]] ImportReport validate_file(ImportKind kind, const std::filesystem::path& path,
                                         const ImportOptions& options, const ImportReferences& refs);

// Validates regions.csv and funds.csv first, then stages, payments and notices against the
// regions and funds those files define (only their good rows). Missing files are skipped and
// marked not present. Returns the five reports in that order.
[[nodiscard]] std::vector<FileReport> validate_directory(const std::filesystem::path& dir, const ImportOptions& options);

}  // namespace sunlight::core
