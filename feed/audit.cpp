// Audit rows in and out of the store.
#include "feed/audit.hpp"

#include <limits>

#include <SQLiteCpp/Statement.h>

namespace sunlight::feed {
namespace {

AuditEntry read_entry(SQLite::Statement& q, int first) {
  AuditEntry e;
  const auto at = core::parse_utc_iso(q.getColumn(first).getString());
  e.at = at ? *at : core::Timestamp{};
  e.actor = q.getColumn(first + 1).getString();
  e.remote_addr = q.getColumn(first + 2).getString();
  e.action = q.getColumn(first + 3).getString();
  e.target = q.getColumn(first + 4).getString();
  e.detail = nlohmann::json::parse(q.getColumn(first + 5).getString(), nullptr, false);
  e.region = q.getColumn(first + 6).getString();
  return e;
}

std::int64_t clamp_limit(std::size_t limit) {
  const auto max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max() - 1);
  return static_cast<std::int64_t>(limit < max ? limit : max);
}

}  // namespace

void record_audit(SQLite::Database& db, const AuditEntry& entry) {
  SQLite::Statement insert(
      db, "INSERT INTO audit(at, actor, remote_addr, action, target, detail, region) VALUES(?,?,?,?,?,?,?)");
  insert.bind(1, core::format_utc_iso(entry.at));
  insert.bind(2, entry.actor);
  insert.bind(3, entry.remote_addr);
  insert.bind(4, entry.action);
  insert.bind(5, entry.target);
  const nlohmann::json& detail = entry.detail.is_null() ? nlohmann::json::object() : entry.detail;
  insert.bind(6, detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  insert.bind(7, entry.region);
  insert.exec();
}

std::vector<AuditEntry> list_audit(SQLite::Database& db, std::size_t limit, std::string_view target_prefix) {
  // substr() rather than LIKE: a prefix holding % or _ must match only itself.
  SQLite::Statement q(db,
                      "SELECT at, actor, remote_addr, action, target, detail, region FROM audit "
                      "WHERE substr(target, 1, length(?1)) = ?1 ORDER BY id DESC LIMIT ?2");
  q.bind(1, std::string(target_prefix));
  q.bind(2, clamp_limit(limit));
  std::vector<AuditEntry> out;
  while (q.executeStep()) out.push_back(read_entry(q, 0));
  return out;
}

AuditPage query_audit(SQLite::Database& db, const AuditQuery& query) {
  // A NULL parameter switches its condition off. Times compare as text: format_utc_iso writes one
  // fixed-width form, and the bounds are written by it too.
  SQLite::Statement q(db,
                      "SELECT id, at, actor, remote_addr, action, target, detail, region FROM audit "
                      "WHERE substr(actor, 1, length(?1)) = ?1 AND substr(action, 1, length(?2)) = ?2 "
                      "AND substr(target, 1, length(?3)) = ?3 "
                      "AND (?4 IS NULL OR substr(region, 1, length(?4)) = ?4 AND region <> '') "
                      "AND (?5 IS NULL OR substr(region, 1, length(?5)) = ?5 AND region <> '') "
                      "AND (?6 IS NULL OR at >= ?6) AND (?7 IS NULL OR at < ?7) AND (?8 IS NULL OR id < ?8) "
                      "ORDER BY id DESC LIMIT ?9");
  q.bind(1, query.actor_prefix);
  q.bind(2, query.action_prefix);
  q.bind(3, query.target_prefix);
  if (query.scope) q.bind(4, *query.scope);
  if (query.region) q.bind(5, *query.region);
  if (query.since) q.bind(6, core::format_utc_iso(*query.since));
  if (query.until) q.bind(7, core::format_utc_iso(*query.until));
  if (query.before) q.bind(8, *query.before);
  q.bind(9, clamp_limit(query.limit) + 1);  // one more than asked: whether there are more
  AuditPage page;
  while (q.executeStep()) {
    if (page.rows.size() == query.limit) {
      page.more = true;
      break;
    }
    page.rows.push_back(AuditRow{q.getColumn(0).getInt64(), read_entry(q, 1)});
  }
  return page;
}

}  // namespace sunlight::feed
