// The screens' queries. Each reads rows by primary key or a short index range; none sums raw aggregates.
#include "sync/queries.hpp"

#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include "core/region.hpp"

namespace sunlight::sync {
namespace {

using nlohmann::json;

Figures read_figures(SQLite::Statement& q, int first) {
  Figures f;
  if (q.getColumn(first).isNull()) return f;  // a LEFT JOIN that found nothing: zero
  f.plan_fen = q.getColumn(first).getInt64();
  f.approve_fen = q.getColumn(first + 1).getInt64();
  f.allocate_fen = q.getColumn(first + 2).getInt64();
  f.disburse_fen = q.getColumn(first + 3).getInt64();
  f.paid_fen = q.getColumn(first + 4).getInt64();
  f.payments = q.getColumn(first + 5).getInt64();
  f.beneficiaries = q.getColumn(first + 6).getInt64();
  return f;
}

constexpr const char* kFundColumns =
    "f.code, f.name, f.category, f.department, f.level, f.year, f.budget_fen, f.standard, f.policy_basis";
constexpr const char* kFigureColumns =
    "r.plan_fen, r.approve_fen, r.allocate_fen, r.disburse_fen, r.paid_fen, r.payments, r.beneficiaries";

FundInfo read_fund(SQLite::Statement& q, int first) {
  FundInfo f;
  f.code = q.getColumn(first).getString();
  f.name = q.getColumn(first + 1).getString();
  f.category = q.getColumn(first + 2).getString();
  f.department = q.getColumn(first + 3).getString();
  f.level = q.getColumn(first + 4).getString();
  f.year = q.getColumn(first + 5).getInt();
  f.budget_fen = q.getColumn(first + 6).getInt64();
  f.standard = q.getColumn(first + 7).getString();
  f.policy_basis = q.getColumn(first + 8).getString();
  return f;
}

std::string str(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

constexpr const char* kNoticeColumns =
    "n.id, n.region, coalesce(r.name, n.region), n.category, n.status, n.title, n.body, n.publish_at, "
    "coalesce(n.expire_at, ''), n.created_at, n.created_by, n.updated_at, n.updated_by, n.revision, n.retracted_at, "
    "n.retracted_by, n.retract_reason, n.history";

Notice read_notice(SQLite::Statement& q) {
  Notice n;
  n.id = q.getColumn(0).getInt64();
  n.region = q.getColumn(1).getString();
  n.region_name = q.getColumn(2).getString();
  n.category = q.getColumn(3).getString();
  n.status = q.getColumn(4).getString();
  n.title = q.getColumn(5).getString();
  n.body = q.getColumn(6).getString();
  n.publish_at = q.getColumn(7).getString();
  n.expire_at = q.getColumn(8).getString();
  n.created_at = q.getColumn(9).getString();
  n.created_by = q.getColumn(10).getString();
  n.updated_at = q.getColumn(11).getString();
  n.updated_by = q.getColumn(12).getString();
  n.revision = q.getColumn(13).getInt();
  n.retracted_at = q.getColumn(14).getString();
  n.retracted_by = q.getColumn(15).getString();
  n.retract_reason = q.getColumn(16).getString();
  return n;
}

// The revisions of one notice, from the JSON list the feed sent (checked when applied).
std::vector<NoticeRevision> read_history(const std::string& text) {
  std::vector<NoticeRevision> out;
  const auto history = json::parse(text, nullptr, false);
  if (!history.is_array()) return out;
  for (const auto& h : history)
    if (h.is_object()) out.push_back({h.value("revision", 0), str(h, "at"), str(h, "by"), str(h, "title")});
  return out;
}

}  // namespace

std::string ScopeRegions::full_name() const {
  std::string name;
  for (const auto& a : ancestors)
    if (a.level != "district") name += a.name;
  if (self.level != "district" || name.empty()) name += self.name.empty() ? self.code : self.name;
  return name;
}

bool Notice::current_at(std::string_view now_iso) const noexcept {
  return status == "published" && publish_at <= now_iso && (expire_at.empty() || now_iso < expire_at);
}

bool Notice::listed_at(std::string_view now_iso) const noexcept {
  return (status == "published" || status == "retracted") && publish_at <= now_iso &&
         (expire_at.empty() || now_iso < expire_at);
}

ScopeRegions scope_regions(SQLite::Database& db, std::string_view scope) {
  ScopeRegions out;
  SQLite::Statement one(db, "SELECT name, level FROM regions WHERE code = ?");
  auto name_of = [&](std::string_view code) {
    RegionName r{std::string(code), {}, {}};
    one.reset();
    one.bind(1, r.code);
    if (one.executeStep()) {
      r.name = one.getColumn(0).getString();
      r.level = one.getColumn(1).getString();
    }
    return r;
  };
  out.self = name_of(scope);
  for (auto at = core::parent_of_code(scope); !at.empty(); at = core::parent_of_code(at))
    out.ancestors.insert(out.ancestors.begin(), name_of(at));
  SQLite::Statement children(db, "SELECT code, name, level FROM regions WHERE parent = ? ORDER BY code");
  children.bind(1, std::string(scope));
  while (children.executeStep())
    out.children.push_back({children.getColumn(0).getString(), children.getColumn(1).getString(),
                            children.getColumn(2).getString()});
  return out;
}

std::vector<Notice> notices(SQLite::Database& db, std::string_view now_iso, int limit) {
  SQLite::Statement q(db, std::string("SELECT ") + kNoticeColumns +
                              " FROM notices n LEFT JOIN regions r ON r.code = n.region"
                              " WHERE n.status IN ('published', 'retracted') AND (n.expire_at IS NULL OR n.expire_at > ?)"
                              " ORDER BY n.publish_at DESC, n.id DESC LIMIT ?");
  q.bind(1, std::string(now_iso));
  q.bind(2, limit);
  std::vector<Notice> out;
  while (q.executeStep()) out.push_back(read_notice(q));
  return out;
}

std::optional<Notice> notice(SQLite::Database& db, std::int64_t id) {
  SQLite::Statement q(db, std::string("SELECT ") + kNoticeColumns +
                              " FROM notices n LEFT JOIN regions r ON r.code = n.region WHERE n.id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  auto n = read_notice(q);
  n.history = read_history(q.getColumn(17).getString());
  return n;
}

std::vector<FundInfo> funds(SQLite::Database& db) {
  SQLite::Statement q(db, std::string("SELECT ") + kFundColumns + " FROM funds f ORDER BY f.year DESC, f.code");
  std::vector<FundInfo> out;
  while (q.executeStep()) out.push_back(read_fund(q, 0));
  return out;
}

std::vector<FundTotal> fund_totals(SQLite::Database& db, std::string_view region, int year) {
  SQLite::Statement q(db, std::string("SELECT ") + kFundColumns + ", " + kFigureColumns +
                              " FROM funds f LEFT JOIN rollups r ON r.region = ?1 AND r.period = 'all' AND r.fund = f.code"
                              " WHERE ?2 = 0 OR f.year = ?2 ORDER BY f.code");
  q.bind(1, std::string(region));
  q.bind(2, year);
  std::vector<FundTotal> out;
  while (q.executeStep()) out.push_back({read_fund(q, 0), std::string(region), read_figures(q, 9)});
  return out;
}

std::vector<RegionFundTotal> child_fund_totals(SQLite::Database& db, std::string_view region, int year) {
  // Each child's lifetime rows ('all'), read in primary-key order: a district's 29 towns × 72
  // funds is about 2,000 rows, where summing its monthly rows would read hundreds of thousands.
  // Only the fund's code comes back: its name and the rest are in fund_totals, once per fund.
  SQLite::Statement q(db, std::string("SELECT r.region, r.fund, f.year, ") + kFigureColumns +
                              " FROM regions c JOIN rollups r ON r.region = c.code AND r.period = 'all'"
                              " JOIN funds f ON f.code = r.fund AND (?2 = 0 OR f.year = ?2)"
                              " WHERE c.parent = ?1 ORDER BY r.region, r.fund");
  q.bind(1, std::string(region));
  q.bind(2, year);
  std::vector<RegionFundTotal> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt(), read_figures(q, 3)});
  return out;
}

std::vector<FundMonth> monthly_totals(SQLite::Database& db, std::string_view region, std::string_view from_month,
                                      std::string_view to_month) {
  SQLite::Statement q(db, std::string("SELECT r.fund, coalesce(f.category, ''), r.period, ") + kFigureColumns +
                              " FROM rollups r LEFT JOIN funds f ON f.code = r.fund"
                              " WHERE r.region = ? AND r.period >= ? AND r.period <= ? AND length(r.period) = 7"
                              " ORDER BY r.period, r.fund");
  q.bind(1, std::string(region));
  q.bind(2, std::string(from_month));
  q.bind(3, std::string(to_month));
  std::vector<FundMonth> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                   read_figures(q, 3)});
  return out;
}

std::vector<int> fund_years(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT DISTINCT year FROM funds ORDER BY year DESC");
  std::vector<int> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt());
  return out;
}

std::optional<ComplaintStats> complaint_stats(SQLite::Database& db, std::string_view region) {
  // A replica of schema 1 opened read-only (sunlight-sync status) has no such table yet: no stats.
  if (!db.tableExists("complaint_stats")) return std::nullopt;
  SQLite::Statement q(db,
                      "SELECT region, received, accepted, replied, closed, closed_unresolved, total, overdue, answered, "
                      "answered_on_time, stars1, stars2, stars3, stars4, stars5 FROM complaint_stats WHERE region = ?");
  q.bind(1, std::string(region));
  if (!q.executeStep()) return std::nullopt;
  ComplaintStats s;
  s.region = q.getColumn(0).getString();
  std::int64_t* counts[] = {&s.received, &s.accepted, &s.replied, &s.closed, &s.closed_unresolved,
                            &s.total,    &s.overdue,  &s.answered, &s.answered_on_time};
  int column = 1;
  for (auto* count : counts) *count = q.getColumn(column++).getInt64();
  for (auto& stars : s.ratings) stars = q.getColumn(column++).getInt64();
  return s;
}

}  // namespace sunlight::sync
