// Importing the five CSV files into the store: all or nothing, in one transaction (DESIGN invariant 9).
#pragma once

#include <cstdint>
#include <istream>
#include <string>

#include "core/import.hpp"
#include "feed/store.hpp"

namespace sunlight::feed {

struct ImportRun {
  core::ImportOptions read;  // encoding, today, progress
  std::string actor;         // "cli:root" — for the audit log and the imports table
  std::string file_name;     // as the administrator named it, for the record
  core::Timestamp now;
};

// What one import did. When report.ok() is false nothing was written.
struct ImportOutcome {
  core::ImportReport report;
  std::size_t new_rows = 0;        // rows that added or changed something
  std::size_t unchanged_rows = 0;  // rows already in the store exactly so (a re-import)
  std::size_t changes = 0;         // change-log entries appended (aggregates included)
  std::size_t persons_marked = 0;  // beneficiaries whose sealed record is now behind
};

// Validates and imports one file in one write transaction. Rows refer to regions and funds in
// the store or earlier in the same file. A payment whose 流水号 is already stored is skipped when
// identical and refused when different; a notice already imported (same region, title and day)
// likewise. After payments or stages, the fund × region × month aggregates are recomputed and
// the changed ones appended to the log; the persons paid are marked for re-sealing (sealer.hpp).
// Throws StoreError / SQLite::Exception only for store failures, never for bad input.
ImportOutcome import_csv(Store& store, core::ImportKind kind, std::istream& in, const ImportRun& run);

// Recomputes every aggregate from payments and stages and appends the ones that changed. Runs
// inside the caller's write transaction. Returns the number of entries appended.
std::size_t refresh_aggregates(SQLite::Database& db, core::Timestamp now);

// The district at the root of the region tree, "" before regions are imported.
[[nodiscard]] std::string district_code(SQLite::Database& db);

}  // namespace sunlight::feed
