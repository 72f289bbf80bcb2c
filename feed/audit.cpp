// Audit rows in and out of the store.
#include "feed/audit.hpp"

#include <limits>

#include <SQLiteCpp/Statement.h>

namespace sunlight::feed {

void record_audit(SQLite::Database& db, const AuditEntry& entry) {
  SQLite::Statement insert(db, "INSERT INTO audit(at, actor, remote_addr, action, target, detail) VALUES(?,?,?,?,?,?)");
  insert.bind(1, core::format_utc_iso(entry.at));
  insert.bind(2, entry.actor);
  insert.bind(3, entry.remote_addr);
  insert.bind(4, entry.action);
  insert.bind(5, entry.target);
  const nlohmann::json& detail = entry.detail.is_null() ? nlohmann::json::object() : entry.detail;
  insert.bind(6, detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  insert.exec();
}

std::vector<AuditEntry> list_audit(SQLite::Database& db, std::size_t limit, std::string_view target_prefix) {
  // substr() rather than LIKE: a prefix holding % or _ must match only itself.
  SQLite::Statement q(db,
                      "SELECT at, actor, remote_addr, action, target, detail FROM audit "
                      "WHERE substr(target, 1, length(?1)) = ?1 ORDER BY id DESC LIMIT ?2");
  q.bind(1, std::string(target_prefix));
  const auto max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  q.bind(2, static_cast<std::int64_t>(limit < max ? limit : max));
  std::vector<AuditEntry> out;
  while (q.executeStep()) {
    AuditEntry e;
    const auto at = core::parse_utc_iso(q.getColumn(0).getString());
    e.at = at ? *at : core::Timestamp{};
    e.actor = q.getColumn(1).getString();
    e.remote_addr = q.getColumn(2).getString();
    e.action = q.getColumn(3).getString();
    e.target = q.getColumn(4).getString();
    e.detail = nlohmann::json::parse(q.getColumn(5).getString(), nullptr, false);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace sunlight::feed
