// Audit rows in and out of the store.
#include "feed/audit.hpp"

#include <initializer_list>
#include <limits>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

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
  // Only the conditions asked for are written, each a range an index can serve (audit_by_region,
  // audit_by_action), not a substr() that reads every row. Times compare as text: format_utc_iso
  // writes one fixed-width form, and the bounds are written by it too.
  std::string where;
  std::vector<std::string> binds;
  auto condition = [&](std::string_view sql, std::initializer_list<std::string> values) {
    where += where.empty() ? " WHERE " : " AND ";
    where += sql;
    binds.insert(binds.end(), values);
  };
  auto prefix = [&](std::string_view column, const std::string& text) {
    if (text.empty()) return;
    // Text compares byte by byte (BINARY), so the strings starting with `text` are those from
    // `text` up to, not including, `text` with its last byte below 0xFF raised by one.
    std::string above = text;
    while (!above.empty() && static_cast<unsigned char>(above.back()) == 0xFF) above.pop_back();
    if (above.empty()) return condition(fmt::format("{} >= ?", column), {text});
    above.back() = static_cast<char>(static_cast<unsigned char>(above.back()) + 1);
    condition(fmt::format("{0} >= ? AND {0} < ?", column), {text, above});
  };
  auto region_prefix = [&](const std::optional<std::string>& code) {
    if (!code) return;
    if (code->empty()) return condition("region > ''", {});  // every region, '' not
    prefix("region", *code);                                // '' sorts below any code: left out
  };
  prefix("actor", query.actor_prefix);
  prefix("action", query.action_prefix);
  prefix("target", query.target_prefix);
  region_prefix(query.scope);
  region_prefix(query.region);
  if (query.since) condition("at >= ?", {core::format_utc_iso(*query.since)});
  if (query.until) condition("at < ?", {core::format_utc_iso(*query.until)});

  SQLite::Statement q(db, fmt::format("SELECT id, at, actor, remote_addr, action, target, detail, region FROM audit{}{} "
                                      "ORDER BY id DESC LIMIT ?",
                                      where, query.before ? (where.empty() ? " WHERE id < ?" : " AND id < ?") : ""));
  int index = 0;
  for (const auto& value : binds) q.bind(++index, value);
  if (query.before) q.bind(++index, *query.before);
  q.bind(++index, clamp_limit(query.limit) + 1);  // one more than asked: whether there are more
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
