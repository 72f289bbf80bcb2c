// The audit trail: who did what to which thing, when and from where — every write, console or CLI.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include "core/date.hpp"

namespace sunlight::feed {

// One row of the audit table. Plain value type.
struct AuditEntry {
  core::Timestamp at;
  std::string actor;        // "cadre:lijun", "cli:root", "terminal:7", "anonymous" (a failed login)
  std::string remote_addr;  // "" from the command line
  std::string action;       // "notice.publish", "user.add", "terminal.enroll", "import.payments" …
  std::string target;       // "notice:17", "user:lijun", "terminal:7", a file name
  nlohmann::json detail;    // never a password or a token
};

// Appends one entry. Runs inside the caller's write transaction, so the entry commits (or rolls
// back) with the change it describes. Text that is not valid UTF-8 in `detail` is replaced with
// U+FFFD rather than refused: the audit row must not be what makes a write fail.
void record_audit(SQLite::Database& db, const AuditEntry& entry);

// The newest `limit` entries first, optionally only those whose target starts with
// `target_prefix` ("notice:" for every notice, "user:lijun" for one user).
[[nodiscard]] std::vector<AuditEntry> list_audit(SQLite::Database& db, std::size_t limit,
                                                 std::string_view target_prefix = "");

}  // namespace sunlight::feed
