// The importer: core's validating readers feed prepared statements inside one write transaction.
#include "feed/importer.hpp"

#include <map>
#include <set>
#include <tuple>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "feed/audit.hpp"
#include "feed/change_log.hpp"
#include "feed/notices.hpp"

namespace sunlight::feed {
namespace {

using core::Problem;
using core::RowRefused;

core::RegionTree load_regions(SQLite::Database& db) {
  core::RegionTree tree;
  SQLite::Statement q(db, "SELECT code, name, parent_code, level FROM regions");
  while (q.executeStep()) {
    auto level = core::parse_region_level(q.getColumn(3).getString());
    tree.add(core::Region{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                          level ? *level : core::level_of_code(q.getColumn(0).getString())});
  }
  return tree;
}

std::set<std::string, std::less<>> load_fund_codes(SQLite::Database& db) {
  std::set<std::string, std::less<>> codes;
  SQLite::Statement q(db, "SELECT code FROM funds");
  while (q.executeStep()) codes.insert(q.getColumn(0).getString());
  return codes;
}

std::string level_word(core::RegionLevel level) { return std::string(core::region_level_name(level, core::Lang::En)); }

nlohmann::json region_json(const core::Region& r) {
  return {{"code", r.code}, {"name", r.name}, {"parent", r.parent_code}, {"level", level_word(r.level)}};
}

nlohmann::json fund_json(const core::Fund& f) {
  return {{"code", f.code},
          {"name", f.name},
          {"category", f.category},
          {"department", f.department},
          {"level", std::string(core::fund_level_name(f.level, core::Lang::En))},
          {"year", f.year},
          {"budget_fen", f.budget.fen()},
          {"standard", f.standard},
          {"policy_basis", f.policy_basis}};
}

struct Importer {
  SQLite::Database& db;
  const ImportRun& run;
  ImportOutcome& out;
  ChangeAppender log{db};
  std::int64_t import_id = 0;

  NewChange change(std::string kind, std::string key, std::string region, nlohmann::json data) const {
    return NewChange{Stream::Public, std::move(kind), std::move(key), std::move(region), "upsert", std::move(data), run.now};
  }

  void region(core::Region&& r) {
    SQLite::Statement get(db, "SELECT name, parent_code, level FROM regions WHERE code = ?");
    get.bind(1, r.code);
    if (get.executeStep() && get.getColumn(0).getString() == r.name && get.getColumn(1).getString() == r.parent_code &&
        get.getColumn(2).getString() == level_word(r.level)) {
      ++out.unchanged_rows;
      return;
    }
    SQLite::Statement put(db,
                          "INSERT INTO regions(code, name, parent_code, level) VALUES(?,?,?,?) ON CONFLICT(code) DO UPDATE "
                          "SET name = excluded.name, parent_code = excluded.parent_code, level = excluded.level");
    put.bind(1, r.code);
    put.bind(2, r.name);
    put.bind(3, r.parent_code);
    put.bind(4, level_word(r.level));
    put.exec();
    log.append(change("region", r.code, r.code, region_json(r)));
    ++out.new_rows;
  }

  void fund(core::Fund&& f, const std::string& district) {
    const nlohmann::json data = fund_json(f);
    SQLite::Statement get(db,
                          "SELECT name, category, department, level, year, budget_fen, standard, policy_basis FROM funds "
                          "WHERE code = ?");
    get.bind(1, f.code);
    if (get.executeStep() && get.getColumn(0).getString() == f.name && get.getColumn(1).getString() == f.category &&
        get.getColumn(2).getString() == f.department && get.getColumn(3).getString() == data["level"] &&
        get.getColumn(4).getInt() == f.year && get.getColumn(5).getInt64() == f.budget.fen() &&
        get.getColumn(6).getString() == f.standard && get.getColumn(7).getString() == f.policy_basis) {
      ++out.unchanged_rows;
      return;
    }
    SQLite::Statement put(db,
                          "INSERT INTO funds(code, name, category, department, level, year, budget_fen, standard, "
                          "policy_basis) VALUES(?,?,?,?,?,?,?,?,?) ON CONFLICT(code) DO UPDATE SET name = excluded.name, "
                          "category = excluded.category, department = excluded.department, level = excluded.level, "
                          "year = excluded.year, budget_fen = excluded.budget_fen, standard = excluded.standard, "
                          "policy_basis = excluded.policy_basis");
    put.bind(1, f.code);
    put.bind(2, f.name);
    put.bind(3, f.category);
    put.bind(4, f.department);
    put.bind(5, data["level"].get<std::string>());
    put.bind(6, f.year);
    put.bind(7, f.budget.fen());
    put.bind(8, f.standard);
    put.bind(9, f.policy_basis);
    put.exec();
    log.append(change("fund", f.code, district, data));
    ++out.new_rows;
  }

  SQLite::Statement stage_get{db, "SELECT amount_fen, date, doc_no FROM stages WHERE fund_code = ? AND region_code = ? AND stage = ?"};
  SQLite::Statement stage_put{db,
                              "INSERT INTO stages(fund_code, region_code, stage, amount_fen, date, doc_no) VALUES(?,?,?,?,?,?) "
                              "ON CONFLICT(fund_code, region_code, stage) DO UPDATE SET amount_fen = excluded.amount_fen, "
                              "date = excluded.date, doc_no = excluded.doc_no"};

  void stage(core::StageRecord&& s) {
    const std::string stage_word(core::fund_stage_name(s.stage, core::Lang::En));
    stage_get.reset();
    stage_get.bind(1, s.fund_code);
    stage_get.bind(2, s.region_code);
    stage_get.bind(3, stage_word);
    if (stage_get.executeStep() && stage_get.getColumn(0).getInt64() == s.amount.fen() &&
        stage_get.getColumn(1).getString() == s.date.iso() && stage_get.getColumn(2).getString() == s.doc_no) {
      ++out.unchanged_rows;
      return;
    }
    stage_put.reset();
    stage_put.bind(1, s.fund_code);
    stage_put.bind(2, s.region_code);
    stage_put.bind(3, stage_word);
    stage_put.bind(4, s.amount.fen());
    stage_put.bind(5, s.date.iso());
    stage_put.bind(6, s.doc_no);
    stage_put.exec();
    ++out.new_rows;
  }

  SQLite::Statement pay_put{db,
                            "INSERT INTO payments(payment_id, resident_id, name, region_code, fund_code, amount_fen, "
                            "paid_on, method, standard, address, import_id) VALUES(?,?,?,?,?,?,?,?,?,?,?) "
                            "ON CONFLICT(payment_id) DO NOTHING"};
  SQLite::Statement pay_get{db,
                            "SELECT resident_id, name, region_code, fund_code, amount_fen, paid_on, method, standard, "
                            "address FROM payments WHERE payment_id = ?"};

  void payment(core::Payment&& p) {
    const std::string method(core::payment_method_name(p.method, core::Lang::En));
    const std::string paid_on = p.paid_on.iso();
    pay_put.reset();
    pay_put.bind(1, p.payment_id);
    pay_put.bind(2, std::string(p.resident_id.digits()));
    pay_put.bind(3, p.name);
    pay_put.bind(4, p.region_code);
    pay_put.bind(5, p.fund_code);
    pay_put.bind(6, p.amount.fen());
    pay_put.bind(7, paid_on);
    pay_put.bind(8, method);
    pay_put.bind(9, p.standard);
    pay_put.bind(10, p.address);
    pay_put.bind(11, import_id);
    if (pay_put.exec() == 1) {
      ++out.new_rows;
      return;
    }
    // Already imported: the same row again is harmless; a different one is a mistake to show.
    pay_get.reset();
    pay_get.bind(1, p.payment_id);
    if (!pay_get.executeStep()) throw std::logic_error("payment vanished inside the transaction");
    const bool same = pay_get.getColumn(0).getString() == p.resident_id.digits() &&
                      pay_get.getColumn(1).getString() == p.name && pay_get.getColumn(2).getString() == p.region_code &&
                      pay_get.getColumn(3).getString() == p.fund_code && pay_get.getColumn(4).getInt64() == p.amount.fen() &&
                      pay_get.getColumn(5).getString() == paid_on && pay_get.getColumn(6).getString() == method &&
                      pay_get.getColumn(7).getString() == p.standard && pay_get.getColumn(8).getString() == p.address;
    if (!same) throw RowRefused{"payment_id", Problem{"import.payment_conflict", {{"input", p.payment_id}}}};
    ++out.unchanged_rows;
  }

  void notice(core::Notice&& n) {
    const core::Timestamp publish_at = core::from_shanghai({n.published_on, 0, 0});
    if (auto existing = find_imported_notice(db, n.region_code, n.title, publish_at)) {
      // Compared with what the import wrote (revision 1), not the current row: a cadre's later
      // correction must not make the same file look like a conflict.
      SQLite::Statement get(db, "SELECT body, category FROM notice_revisions WHERE notice_id = ? AND revision = 1");
      get.bind(1, *existing);
      if (get.executeStep() && get.getColumn(0).getString() == n.body &&
          get.getColumn(1).getString() == core::notice_category_name(n.category, core::Lang::En)) {
        ++out.unchanged_rows;
        return;
      }
      throw RowRefused{"title", Problem{"import.notice_conflict", {{"input", n.title}}}};
    }
    insert_imported_notice(db, log, n, run.actor, run.now);
    ++out.new_rows;
  }
};

constexpr int kImportCacheKiB = 512 * 1024;

class CacheSize {
 public:
  CacheSize(SQLite::Database& db, int kib) : db_(db), before_(db.execAndGet("PRAGMA cache_size").getInt()) {
    db_.exec(fmt::format("PRAGMA cache_size = {}", -kib));
  }
  ~CacheSize() {
    try {
      db_.exec(fmt::format("PRAGMA cache_size = {}", before_));
    } catch (...) {  // a destructor never throws; the connection keeps the larger cache
    }
  }
  CacheSize(const CacheSize&) = delete;
  CacheSize& operator=(const CacheSize&) = delete;

 private:
  SQLite::Database& db_;
  int before_;
};

void file_error(core::ImportReport& report, std::string code) { report.add_error(0, "", Problem{std::move(code)}); }

}  // namespace

std::string district_code(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT code FROM regions WHERE parent_code = '' ORDER BY code LIMIT 1");
  return q.executeStep() ? q.getColumn(0).getString() : std::string{};
}

ImportOutcome import_csv(Store& store, core::ImportKind kind, std::istream& in, const ImportRun& run) {
  auto& db = store.db();
  ImportOutcome out;
  // A district's payments touch every page of two indexes in random order: with SQLite's default
  // 2 MB page cache the transaction spills pages to the WAL over and over. Give the import room
  // (pages are only taken as used) and give it back afterwards.
  const CacheSize room(db, kImportCacheKiB);
  WriteTransaction tx(db);
  const core::RegionTree regions = load_regions(db);
  const auto fund_codes = load_fund_codes(db);
  const core::ImportReferences refs{&regions, &fund_codes};
  const std::string district = district_code(db);

  SQLite::Statement record(db, "INSERT INTO imports(kind, file_name, rows, new_rows, at, actor) VALUES(?,?,0,0,?,?)");
  record.bind(1, std::string(core::import_kind_name(kind)));
  record.bind(2, run.file_name);
  record.bind(3, core::format_utc_iso(run.now));
  record.bind(4, run.actor);
  record.exec();

  Importer imp{db, run, out};
  imp.import_id = db.getLastInsertRowid();
  switch (kind) {
    case core::ImportKind::Regions:
      out.report = core::read_regions(in, run.read, refs, [&](core::Region&& r) { imp.region(std::move(r)); });
      break;
    case core::ImportKind::Funds:
      if (district.empty()) {
        file_error(out.report, "import.regions_first");
        return out;
      }
      out.report = core::read_funds(in, run.read, refs, [&](core::Fund&& f) { imp.fund(std::move(f), district); });
      break;
    case core::ImportKind::Stages:
      out.report = core::read_stages(in, run.read, refs, [&](core::StageRecord&& s) { imp.stage(std::move(s)); });
      break;
    case core::ImportKind::Payments:
      out.report = core::read_payments(in, run.read, refs, [&](core::Payment&& p) { imp.payment(std::move(p)); });
      break;
    case core::ImportKind::Notices:
      out.report = core::read_notices(in, run.read, refs, [&](core::Notice&& n) { imp.notice(std::move(n)); });
      break;
  }
  if (!out.report.ok()) {  // the transaction rolls back: nothing was imported
    out.new_rows = out.unchanged_rows = 0;
    return out;
  }

  if (kind == core::ImportKind::Payments && out.new_rows > 0) {
    // Everyone paid in this file gets a fresh sealed record; the sealer does the slow part later.
    SQLite::Statement mark(db,
                           "INSERT INTO persons(resident_id, region_code) SELECT resident_id, max(substr(region_code, 1, 12)) "
                           "FROM payments WHERE import_id = ? GROUP BY resident_id "
                           "ON CONFLICT(resident_id) DO UPDATE SET dirty = 1, generation = generation + 1");
    mark.bind(1, imp.import_id);
    out.persons_marked = static_cast<std::size_t>(mark.exec());
  }
  std::size_t appended = imp.log.appended();
  if ((kind == core::ImportKind::Payments || kind == core::ImportKind::Stages) && out.new_rows > 0)
    appended += refresh_aggregates(db, run.now);
  out.changes = appended;

  SQLite::Statement finish(db, "UPDATE imports SET rows = ?, new_rows = ? WHERE id = ?");
  finish.bind(1, static_cast<std::int64_t>(out.report.good_rows()));
  finish.bind(2, static_cast<std::int64_t>(out.new_rows));
  finish.bind(3, imp.import_id);
  finish.exec();
  record_audit(db, AuditEntry{run.now, run.actor, "", fmt::format("import.{}", core::import_kind_name(kind)), run.file_name,
                              nlohmann::json{{"rows", out.report.good_rows()},
                                             {"new_rows", out.new_rows},
                                             {"unchanged_rows", out.unchanged_rows},
                                             {"changes", out.changes}},
                              ""});  // an import is district-wide work
  tx.commit();
  return out;
}

std::size_t refresh_aggregates(SQLite::Database& db, core::Timestamp now) {
  using Figures = std::array<std::int64_t, 7>;  // plan, approve, allocate, disburse, paid, payments, beneficiaries
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, Figures> existing;
  {
    SQLite::Statement q(db,
                        "SELECT fund_code, region_code, month, plan_fen, approve_fen, allocate_fen, disburse_fen, paid_fen, "
                        "payments, beneficiaries FROM aggregates");
    while (q.executeStep()) {
      Figures f{};
      for (int i = 0; i < 7; ++i) f[static_cast<std::size_t>(i)] = q.getColumn(3 + i).getInt64();
      existing.emplace(Key{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()}, f);
    }
  }
  // Payments count at the village (a group's payments roll up); stage figures where reported.
  // Two GROUP BYs merged here: SQLite joins two grouped subqueries by scanning one per row of the
  // other, which took seconds at town scale and would take minutes for the district.
  std::map<Key, Figures> fresh;
  {
    SQLite::Statement pay(db,
                          "SELECT fund_code, substr(region_code, 1, 12), substr(paid_on, 1, 7), sum(amount_fen), count(*), "
                          "count(DISTINCT resident_id) FROM payments GROUP BY 1, 2, 3");
    while (pay.executeStep()) {
      auto& f = fresh[Key{pay.getColumn(0).getString(), pay.getColumn(1).getString(), pay.getColumn(2).getString()}];
      for (int i = 0; i < 3; ++i) f[static_cast<std::size_t>(4 + i)] = pay.getColumn(3 + i).getInt64();
    }
  }
  {
    SQLite::Statement st(db, R"sql(
      SELECT fund_code, region_code, substr(date, 1, 7),
             sum(CASE stage WHEN 'plan' THEN amount_fen ELSE 0 END),
             sum(CASE stage WHEN 'approve' THEN amount_fen ELSE 0 END),
             sum(CASE stage WHEN 'allocate' THEN amount_fen ELSE 0 END),
             sum(CASE stage WHEN 'disburse' THEN amount_fen ELSE 0 END)
      FROM stages GROUP BY 1, 2, 3)sql");
    while (st.executeStep()) {
      auto& f = fresh[Key{st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString()}];
      for (int i = 0; i < 4; ++i) f[static_cast<std::size_t>(i)] = st.getColumn(3 + i).getInt64();
    }
  }
  SQLite::Statement put(db,
                        "INSERT INTO aggregates(fund_code, region_code, month, plan_fen, approve_fen, allocate_fen, "
                        "disburse_fen, paid_fen, payments, beneficiaries) VALUES(?,?,?,?,?,?,?,?,?,?) "
                        "ON CONFLICT(fund_code, region_code, month) DO UPDATE SET plan_fen = excluded.plan_fen, "
                        "approve_fen = excluded.approve_fen, allocate_fen = excluded.allocate_fen, "
                        "disburse_fen = excluded.disburse_fen, paid_fen = excluded.paid_fen, payments = excluded.payments, "
                        "beneficiaries = excluded.beneficiaries");
  ChangeAppender log(db);
  auto emit = [&](const Key& key, const Figures& f) {
    put.reset();
    put.bind(1, std::get<0>(key));
    put.bind(2, std::get<1>(key));
    put.bind(3, std::get<2>(key));
    for (int i = 0; i < 7; ++i) put.bind(4 + i, f[static_cast<std::size_t>(i)]);
    put.exec();
    nlohmann::json data = {{"fund", std::get<0>(key)},     {"region", std::get<1>(key)}, {"month", std::get<2>(key)},
                           {"plan_fen", f[0]},             {"approve_fen", f[1]},        {"allocate_fen", f[2]},
                           {"disburse_fen", f[3]},         {"paid_fen", f[4]},           {"payments", f[5]},
                           {"beneficiaries", f[6]}};
    log.append(NewChange{Stream::Public, "aggregate",
                         fmt::format("{}|{}|{}", std::get<0>(key), std::get<1>(key), std::get<2>(key)), std::get<1>(key),
                         "upsert", std::move(data), now});
  };
  for (const auto& [key, f] : fresh) {
    auto it = existing.find(key);
    if (it != existing.end()) {
      const bool same = it->second == f;
      existing.erase(it);
      if (same) continue;
    }
    emit(key, f);
  }
  // A stage figure that moved to another month leaves its old month at zero, said so explicitly.
  for (const auto& [key, f] : existing)
    if (f != Figures{}) emit(key, Figures{});
  return log.appended();
}

}  // namespace sunlight::feed
