// Notices: validation, the notices and notice_revisions tables, and the log entry of every write.
#include "feed/notices.hpp"

#include <array>
#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "core/region.hpp"
#include "core/text.hpp"
#include "feed/audit.hpp"
#include "feed/errors.hpp"
#include "feed/fields.hpp"
#include "feed/store.hpp"

namespace sunlight::feed {
namespace {

constexpr std::size_t kMaxTitle = 80;
constexpr std::size_t kMaxBody = 20000;
constexpr std::string_view kImportAuthor = "数据导入";

std::string iso(core::Timestamp t) { return core::format_utc_iso(t); }

core::Timestamp stored_time(const std::string& text) {
  auto t = core::parse_utc_iso(text);
  if (!t) throw std::runtime_error(fmt::format("the store holds a malformed time \"{}\"", text));
  return *t;
}

std::optional<core::Timestamp> stored_optional_time(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return stored_time(column.getString());
}

void bind_optional_time(SQLite::Statement& q, int index, const std::optional<core::Timestamp>& t) {
  if (t) q.bind(index, iso(*t));
  else q.bind(index);  // NULL
}

std::string category_word(core::NoticeCategory c) { return std::string(core::notice_category_name(c, core::Lang::En)); }

std::string actor_of(const User& user) { return "cadre:" + user.username; }

// A draft's content, checked; region_code already normalised and authorised by the caller.
struct CheckedDraft {
  std::string region_code;
  core::NoticeCategory category;
  std::string title;
  std::string body;
  core::Timestamp publish_at;
  std::optional<core::Timestamp> expire_at;
};

std::string checked_notice_region(SQLite::Database& db, std::string_view value) {
  std::string region = checked_region_code("region", value);
  if (core::level_of_code(region) == core::RegionLevel::Group)
    throw_bad_field("region", "notices come from a village, a town or the district, not a group");
  SQLite::Statement q(db, "SELECT 1 FROM regions WHERE code = ?");
  q.bind(1, region);
  if (!q.executeStep()) throw_bad_field("region", fmt::format("{} is not a known region", region));
  return region;
}

CheckedDraft check_draft(const NoticeDraft& draft, std::string region, core::Timestamp publish_at) {
  CheckedDraft out{std::move(region), draft.category, checked_line("title", draft.title, 1, kMaxTitle),
                   checked_text("body", draft.body, 1, kMaxBody), publish_at, draft.expire_at};
  if (out.expire_at && *out.expire_at <= out.publish_at) throw_bad_field("expire_at", "must be after publish_at");
  return out;
}

std::optional<NoticeView> load_notice(SQLite::Database& db, std::int64_t id) {
  SQLite::Statement q(db,
                      "SELECT region_code, revision, status, category, title, body, publish_at, expire_at, source, "
                      "created_by, created_at, retracted_by, retracted_at, retract_reason FROM notices WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  NoticeView n;
  n.id = id;
  n.region_code = q.getColumn(0).getString();
  n.revision = q.getColumn(1).getInt();
  const std::string category = q.getColumn(3).getString();
  const auto parsed = core::parse_notice_category(category);
  if (!parsed) throw std::runtime_error(fmt::format("notice {} has an unknown category in the store", id));
  n.category = *parsed;
  n.title = q.getColumn(4).getString();
  n.body = q.getColumn(5).getString();
  n.publish_at = stored_time(q.getColumn(6).getString());
  n.expire_at = stored_optional_time(q.getColumn(7));
  n.source = q.getColumn(8).getString();
  n.created_by = q.getColumn(9).getString();
  n.created_at = stored_time(q.getColumn(10).getString());
  if (q.getColumn(2).getString() == "retracted")
    n.retraction = NoticeRetraction{q.getColumn(11).getString(), stored_time(q.getColumn(12).getString()),
                                    q.getColumn(13).getString()};

  SQLite::Statement h(db, "SELECT revision, at, author, title FROM notice_revisions WHERE notice_id = ? ORDER BY revision");
  h.bind(1, id);
  while (h.executeStep())
    n.history.push_back(NoticeRevision{h.getColumn(0).getInt(), stored_time(h.getColumn(1).getString()),
                                       h.getColumn(2).getString(), h.getColumn(3).getString()});
  n.updated_by = n.history.empty() ? n.created_by : n.history.back().by;
  n.updated_at = n.history.empty() ? n.created_at : n.history.back().at;
  return n;
}

NoticeView load_existing(SQLite::Database& db, std::int64_t id) {
  auto n = load_notice(db, id);
  if (!n) throw ApiError(404, "unknown_notice", fmt::format("there is no notice {}", id));
  return std::move(*n);
}

void insert_revision(SQLite::Database& db, std::int64_t id, int revision, const CheckedDraft& d, const std::string& author,
                     core::Timestamp at) {
  SQLite::Statement q(db,
                      "INSERT INTO notice_revisions(notice_id, revision, category, title, body, publish_at, expire_at, "
                      "author, at) VALUES(?,?,?,?,?,?,?,?,?)");
  q.bind(1, id);
  q.bind(2, revision);
  q.bind(3, category_word(d.category));
  q.bind(4, d.title);
  q.bind(5, d.body);
  q.bind(6, iso(d.publish_at));
  bind_optional_time(q, 7, d.expire_at);
  q.bind(8, author);
  q.bind(9, iso(at));
  q.exec();
}

std::int64_t insert_notice(SQLite::Database& db, const CheckedDraft& d, std::string_view source, const std::string& author,
                           core::Timestamp now) {
  SQLite::Statement q(db,
                      "INSERT INTO notices(region_code, revision, status, category, title, body, publish_at, expire_at, "
                      "source, created_by, created_at) VALUES(?, 1, 'published', ?,?,?,?,?, ?,?,?)");
  q.bind(1, d.region_code);
  q.bind(2, category_word(d.category));
  q.bind(3, d.title);
  q.bind(4, d.body);
  q.bind(5, iso(d.publish_at));
  bind_optional_time(q, 6, d.expire_at);
  q.bind(7, std::string(source));
  q.bind(8, author);
  q.bind(9, iso(now));
  q.exec();
  const std::int64_t id = db.getLastInsertRowid();
  insert_revision(db, id, 1, d, author, now);
  return id;
}

NewChange notice_change(const NoticeView& n, std::string op, core::Timestamp now) {
  return NewChange{Stream::Public, "notice", std::to_string(n.id), n.region_code, std::move(op), notice_json(n), now};
}

// The log entry and the audit row of one cadre write, then the commit.
NoticeView finish_write(SQLite::Database& db, WriteTransaction& tx, const User& user, std::int64_t id,
                        std::string_view op, std::string_view remote_addr, nlohmann::json detail, core::Timestamp now) {
  NoticeView view = load_existing(db, id);
  append_change(db, notice_change(view, std::string(op), now));
  detail["region"] = view.region_code;
  detail["revision"] = view.revision;
  record_audit(db, AuditEntry{now, actor_of(user), std::string(remote_addr), fmt::format("notice.{}", op),
                              fmt::format("notice:{}", id), std::move(detail), view.region_code});
  tx.commit();
  return view;
}

const nlohmann::json& required(const nlohmann::json& body, const char* field) {
  const auto it = body.find(field);
  if (it == body.end()) throw_bad_field(field, "is missing");
  return *it;
}

std::string required_string(const nlohmann::json& body, const char* field) {
  const auto& value = required(body, field);
  if (!value.is_string()) throw_bad_field(field, "must be a string");
  return value.get<std::string>();
}

std::optional<core::Timestamp> optional_time(const nlohmann::json& body, const char* field) {
  const auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw_bad_field(field, "must be a UTC time like 2026-03-01T06:05:00Z, or null");
  auto t = core::parse_utc_iso(it->get_ref<const std::string&>());
  if (!t) throw_bad_field(field, "must be a UTC time like 2026-03-01T06:05:00Z, or null");
  return *t;
}

}  // namespace

NoticeDraft parse_notice_draft(const nlohmann::json& body) {
  if (!body.is_object()) throw_bad_field("request", "must be a JSON object");
  static constexpr std::array<std::string_view, 6> kFields{"region", "category", "title", "body", "publish_at",
                                                           "expire_at"};
  for (const auto& [key, value] : body.items()) {
    bool known = false;
    for (const auto f : kFields) known = known || key == f;
    if (!known) {
      const auto scan = core::text::scan(key);
      throw_bad_field(scan.valid_utf8 && !scan.control && !scan.line_break ? core::text::ellipsize(key, 40) : "?",
                      "is not a field of a notice");
    }
  }
  NoticeDraft draft;
  draft.region_code = required_string(body, "region");
  const std::string category = required_string(body, "category");
  const auto parsed = core::parse_notice_category(category);
  if (!parsed)
    throw_bad_field("category", "must be village_affairs, finance, party_affairs or public_notice (村务, 财务, 党务, 公示)");
  draft.category = *parsed;
  draft.title = required_string(body, "title");
  draft.body = required_string(body, "body");
  draft.publish_at = optional_time(body, "publish_at");
  draft.expire_at = optional_time(body, "expire_at");
  return draft;
}

nlohmann::json notice_json(const NoticeView& n) {
  nlohmann::json history = nlohmann::json::array();
  for (const auto& r : n.history)
    history.push_back({{"revision", r.revision}, {"at", iso(r.at)}, {"by", r.by}, {"title", r.title}});
  nlohmann::json retraction = nullptr;
  if (n.retraction)
    retraction = {{"by", n.retraction->by}, {"at", iso(n.retraction->at)}, {"reason", n.retraction->reason}};
  return {{"id", n.id},
          {"region", n.region_code},
          {"category", category_word(n.category)},
          {"title", n.title},
          {"body", n.body},
          {"revision", n.revision},
          {"status", n.retracted() ? "retracted" : "published"},
          {"publish_at", iso(n.publish_at)},
          {"expire_at", n.expire_at ? nlohmann::json(iso(*n.expire_at)) : nlohmann::json(nullptr)},
          {"created_by", n.created_by},
          {"created_at", iso(n.created_at)},
          {"updated_by", n.updated_by},
          {"updated_at", iso(n.updated_at)},
          {"retraction", std::move(retraction)},
          {"history", std::move(history)}};
}

NoticeView create_notice(SQLite::Database& db, const User& user, const NoticeDraft& draft, std::string_view remote_addr,
                         core::Timestamp now) {
  std::string region = checked_region_code("region", draft.region_code);
  require_write(user, region);
  region = checked_notice_region(db, region);
  const CheckedDraft d = check_draft(draft, std::move(region), draft.publish_at.value_or(now));
  WriteTransaction tx(db);
  const std::int64_t id = insert_notice(db, d, "console", public_name(user), now);
  return finish_write(db, tx, user, id, "publish", remote_addr, {{"title", d.title}}, now);
}

NoticeView edit_notice(SQLite::Database& db, const User& user, std::int64_t id, int base_revision,
                       const NoticeDraft& draft, std::string_view remote_addr, core::Timestamp now) {
  WriteTransaction tx(db);  // read, check and write under the write lock: no edit slips in between
  const NoticeView old = load_existing(db, id);
  require_write(user, old.region_code);
  if (checked_region_code("region", draft.region_code) != old.region_code)
    throw_bad_field("region", fmt::format("a notice's region cannot change (it is {})", old.region_code));
  const CheckedDraft d = check_draft(draft, old.region_code, draft.publish_at.value_or(old.publish_at));
  if (old.retracted()) throw ApiError(409, "retracted", fmt::format("notice {} has been retracted", id));
  if (base_revision != old.revision)
    throw ApiError(409, "stale_revision",
                   fmt::format("notice {} is at revision {}, not {}: someone else edited it; reload it and edit again",
                               id, old.revision, base_revision));
  const int revision = old.revision + 1;
  SQLite::Statement q(db,
                      "UPDATE notices SET revision = ?, category = ?, title = ?, body = ?, publish_at = ?, expire_at = ? "
                      "WHERE id = ?");
  q.bind(1, revision);
  q.bind(2, category_word(d.category));
  q.bind(3, d.title);
  q.bind(4, d.body);
  q.bind(5, iso(d.publish_at));
  bind_optional_time(q, 6, d.expire_at);
  q.bind(7, id);
  q.exec();
  insert_revision(db, id, revision, d, public_name(user), now);
  return finish_write(db, tx, user, id, "edit", remote_addr, {{"title", d.title}}, now);
}

NoticeView retract_notice(SQLite::Database& db, const User& user, std::int64_t id, std::string_view reason,
                          std::string_view remote_addr, core::Timestamp now) {
  const std::string why = checked_line("reason", reason, 2, 200);
  WriteTransaction tx(db);
  const NoticeView old = load_existing(db, id);
  require_write(user, old.region_code);
  if (old.retracted()) throw ApiError(409, "retracted", fmt::format("notice {} is already retracted", id));
  SQLite::Statement q(db,
                      "UPDATE notices SET status = 'retracted', retracted_by = ?, retracted_at = ?, retract_reason = ? "
                      "WHERE id = ?");
  q.bind(1, public_name(user));
  q.bind(2, iso(now));
  q.bind(3, why);
  q.bind(4, id);
  q.exec();
  return finish_write(db, tx, user, id, "retract", remote_addr, {{"reason", why}}, now);
}

NoticeView get_notice(SQLite::Database& db, const User& user, std::int64_t id) {
  NoticeView n = load_existing(db, id);
  require_read(user, n.region_code);
  return n;
}

std::vector<NoticeRevisionText> notice_revisions(SQLite::Database& db, const User& user, std::int64_t id) {
  (void)get_notice(db, user, id);
  SQLite::Statement q(db,
                      "SELECT revision, at, author, category, title, body, publish_at, expire_at FROM notice_revisions "
                      "WHERE notice_id = ? ORDER BY revision");
  q.bind(1, id);
  std::vector<NoticeRevisionText> out;
  while (q.executeStep()) {
    NoticeRevisionText r;
    r.revision = q.getColumn(0).getInt();
    r.at = stored_time(q.getColumn(1).getString());
    r.by = q.getColumn(2).getString();
    const auto category = core::parse_notice_category(q.getColumn(3).getString());
    if (!category) throw std::runtime_error(fmt::format("notice {} has a revision of unknown category", id));
    r.category = *category;
    r.title = q.getColumn(4).getString();
    r.body = q.getColumn(5).getString();
    r.publish_at = stored_time(q.getColumn(6).getString());
    r.expire_at = stored_optional_time(q.getColumn(7));
    out.push_back(std::move(r));
  }
  return out;
}

nlohmann::json revision_json(const NoticeRevisionText& r) {
  return {{"revision", r.revision},
          {"at", iso(r.at)},
          {"by", r.by},
          {"category", category_word(r.category)},
          {"title", r.title},
          {"body", r.body},
          {"publish_at", iso(r.publish_at)},
          {"expire_at", r.expire_at ? nlohmann::json(iso(*r.expire_at)) : nlohmann::json(nullptr)}};
}

std::vector<NoticeView> list_notices(SQLite::Database& db, const User& user, std::string_view region) {
  const std::string scope = region.empty() ? user.region_code : checked_region_code("region", region);
  require_read(user, scope);
  // Codes nest by prefix and are all digits: the region and everything below is [S, S + ":").
  SQLite::Statement q(db, "SELECT id FROM notices WHERE region_code >= ? AND region_code < ? ORDER BY id DESC");
  q.bind(1, scope);
  q.bind(2, scope + ":");
  std::vector<std::int64_t> ids;
  while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
  std::vector<NoticeView> out;
  out.reserve(ids.size());
  for (const auto id : ids) out.push_back(load_existing(db, id));
  return out;
}

// The actor is not used: the import's own audit row names it, and villagers see 数据导入.
std::int64_t insert_imported_notice(SQLite::Database& db, ChangeAppender& log, const core::Notice& notice,
                                    const std::string& /*actor*/, core::Timestamp now) {
  CheckedDraft d{notice.region_code, notice.category, notice.title, notice.body,
                 core::from_shanghai({notice.published_on, 0, 0, 0}), std::nullopt};
  if (notice.expires_on) {
    // Visible through the whole of the expiry day: it ends when the next day begins.
    const auto next_day = core::CivilDate::from_days(notice.expires_on->days_since_epoch() + 1);
    d.expire_at = core::from_shanghai({next_day, 0, 0, 0});
  }
  const std::int64_t id = insert_notice(db, d, "import", std::string(kImportAuthor), now);
  log.append(notice_change(load_existing(db, id), "publish", now));
  return id;
}

std::optional<std::int64_t> find_imported_notice(SQLite::Database& db, std::string_view region, std::string_view title,
                                                 core::Timestamp publish_at) {
  // Matched on revision 1, what the import wrote: a cadre's later correction of the title or
  // date must not make the same file import the notice a second time.
  SQLite::Statement q(db,
                      "SELECT n.id FROM notices n JOIN notice_revisions r ON r.notice_id = n.id AND r.revision = 1 "
                      "WHERE n.source = 'import' AND n.region_code = ? AND r.title = ? AND r.publish_at = ?");
  q.bind(1, std::string(region));
  q.bind(2, std::string(title));
  q.bind(3, iso(publish_at));
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

}  // namespace sunlight::feed
