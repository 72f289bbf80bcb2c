// The audit trail: who did what to which thing, when and from where — every write, console or CLI.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
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
  // The region the row concerns: a notice's region, a user's, a terminal's scope; "" for
  // district-wide work (imports, the store) and for failed logins of names with no account.
  // Who may read the row through GET /v1/audit follows from it.
  std::string region;
};

// Appends one entry. Runs inside the caller's write transaction, so the entry commits (or rolls
// back) with the change it describes. Text that is not valid UTF-8 in `detail` is replaced with
// U+FFFD rather than refused: the audit row must not be what makes a write fail.
void record_audit(SQLite::Database& db, const AuditEntry& entry);

// The newest `limit` entries first, optionally only those whose target starts with
// `target_prefix` ("notice:" for every notice, "user:lijun" for one user).
[[nodiscard]] std::vector<AuditEntry> list_audit(SQLite::Database& db, std::size_t limit,
                                                 std::string_view target_prefix = "");

// What GET /v1/audit asks for. Prefixes match literally (a '%' or '_' matches only itself).
struct AuditQuery {
  std::string actor_prefix, action_prefix, target_prefix;
  // Rows whose region is one of these codes or below it; nullopt: any row, '' included. The
  // server sets `scope` from the user's region (none for a district-level user) and `region`
  // from the request; a row must pass both.
  std::optional<std::string> scope, region;
  std::optional<core::Timestamp> since, until;  // since ≤ at < until
  std::optional<std::int64_t> before;           // only rows with a smaller id (paging)
  std::size_t limit = 100;
};

struct AuditRow {
  std::int64_t id = 0;
  AuditEntry entry;
};

struct AuditPage {
  std::vector<AuditRow> rows;  // newest first
  bool more = false;           // older rows match too: ask again with before = the last id
};

[[nodiscard]] AuditPage query_audit(SQLite::Database& db, const AuditQuery& query);

}  // namespace sunlight::feed
