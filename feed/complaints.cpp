// Complaints: the complaints tables, the state machine, deadlines, the counts in the feed and Open311.
#include "feed/complaints.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "core/crypto.hpp"
#include "core/masking.hpp"
#include "core/region.hpp"
#include "core/resident_id.hpp"
#include "core/text.hpp"
#include "feed/audit.hpp"
#include "feed/change_log.hpp"
#include "feed/errors.hpp"
#include "feed/fields.hpp"
#include "feed/scope.hpp"
#include "feed/store.hpp"

namespace sunlight::feed {
namespace {

using nlohmann::json;
using core::ComplaintState;

constexpr std::size_t kMaxList = 500;
constexpr std::size_t kMaxOpen311 = 1000;
constexpr std::size_t kMaxProgramme = 80;
constexpr std::int64_t kMaxAmountFen = std::int64_t{1} << 50;  // far above any subsidy, within a double
constexpr auto kThrottleWindow = std::chrono::hours(1);
constexpr auto kRefusalMemory = std::chrono::hours(24);
constexpr std::string_view kStatsKind = "complaint_stats";
constexpr std::string_view kPhoneRule = "must be an 11-digit mobile number";

std::string iso(core::Timestamp t) { return core::format_utc_iso(t); }

std::string state_word(ComplaintState s) { return std::string(core::complaint_state_word(s)); }

ComplaintState stored_state(const std::string& word) {
  const auto s = core::parse_complaint_state(word);
  if (!s) throw std::runtime_error(fmt::format("a complaint has an unknown state \"{}\" in the store", word));
  return *s;
}

std::optional<std::string> optional_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

// One row of the complaints table with its terminal's name.
struct Complaint {
  std::string tracking_no;
  std::int64_t terminal_id = 0;
  std::string terminal_name;
  std::string region;
  std::string reason;
  json subject;
  std::string person_tag;  // hex or ""; never rendered
  std::optional<std::string> phone;
  ComplaintState state = ComplaintState::Received;
  std::string filed_at, received_at, deadline_at, updated_at;
  std::optional<std::string> reply_text, replied_at, replied_by;
  std::optional<std::string> closed_at, close_note;
  std::optional<int> rating;
};

constexpr std::string_view kColumns =
    "c.tracking_no, c.terminal_id, coalesce(t.name, ''), c.region_code, c.reason, c.subject, coalesce(c.person_tag, ''), "
    "c.phone, c.state, c.filed_at, c.received_at, c.deadline_at, c.updated_at, c.reply_text, c.replied_at, "
    "c.replied_by, c.closed_at, c.close_note, c.rating";
constexpr std::string_view kFrom = " FROM complaints c LEFT JOIN terminals t ON t.id = c.terminal_id ";

Complaint read_complaint(SQLite::Statement& q) {
  Complaint c;
  c.tracking_no = q.getColumn(0).getString();
  c.terminal_id = q.getColumn(1).getInt64();
  c.terminal_name = q.getColumn(2).getString();
  c.region = q.getColumn(3).getString();
  c.reason = q.getColumn(4).getString();
  c.subject = json::parse(q.getColumn(5).getString(), nullptr, false);
  if (!c.subject.is_object()) c.subject = json{{"kind", "none"}};
  c.person_tag = q.getColumn(6).getString();
  c.phone = optional_text(q.getColumn(7));
  c.state = stored_state(q.getColumn(8).getString());
  c.filed_at = q.getColumn(9).getString();
  c.received_at = q.getColumn(10).getString();
  c.deadline_at = q.getColumn(11).getString();
  c.updated_at = q.getColumn(12).getString();
  c.reply_text = optional_text(q.getColumn(13));
  c.replied_at = optional_text(q.getColumn(14));
  c.replied_by = optional_text(q.getColumn(15));
  c.closed_at = optional_text(q.getColumn(16));
  c.close_note = optional_text(q.getColumn(17));
  if (!q.getColumn(18).isNull()) c.rating = q.getColumn(18).getInt();
  return c;
}

std::optional<Complaint> load_complaint(SQLite::Database& db, std::string_view tracking_no) {
  SQLite::Statement q(db, fmt::format("SELECT {}{}WHERE c.tracking_no = ?", kColumns, kFrom));
  q.bind(1, std::string(tracking_no));
  if (!q.executeStep()) return std::nullopt;
  return read_complaint(q);
}

[[noreturn]] void throw_unknown(std::string_view tracking_no) {
  throw ApiError(404, "unknown_complaint", fmt::format("there is no complaint {}", tracking_no));
}

// A tracking number from a URL or a body: exactly 10 digits with the right check digit.
std::string checked_tracking_no(std::string_view text) {
  if (!core::parse_tracking_number(text))
    throw_bad_field("tracking_no", "must be the 10 digits of a tracking number with its check digit");
  return std::string(text);
}

Complaint load_existing(SQLite::Database& db, std::string_view tracking_no) {
  auto c = load_complaint(db, checked_tracking_no(tracking_no));
  if (!c) throw_unknown(tracking_no);
  return std::move(*c);
}

// Not replied and past the deadline, while still open.
bool is_overdue(const Complaint& c, const std::string& now_iso) {
  return (c.state == ComplaintState::Received || c.state == ComplaintState::Accepted) && now_iso > c.deadline_at;
}

json reply_json(const Complaint& c) {
  if (!c.reply_text) return nullptr;
  return {{"text", *c.reply_text}, {"at", c.replied_at.value_or("")}, {"by", c.replied_by.value_or("")}};
}

json rating_json(const Complaint& c) { return c.rating ? json(*c.rating) : json(nullptr); }

json status_json(const Complaint& c, const std::string& now_iso) {
  return {{"tracking_no", c.tracking_no},
          {"reason", c.reason},
          {"state", state_word(c.state)},
          {"received_at", c.received_at},
          {"deadline_at", c.deadline_at},
          {"overdue", is_overdue(c, now_iso)},
          {"reply", reply_json(c)},
          {"rating", rating_json(c)},
          {"can_rate", c.replied_at.has_value() && !c.rating.has_value()}};
}

json filed_json(const Complaint& c) {
  return {{"tracking_no", c.tracking_no},
          {"state", state_word(c.state)},
          {"received_at", c.received_at},
          {"deadline_at", c.deadline_at}};
}

std::string region_name(SQLite::Database& db, const std::string& code) {
  SQLite::Statement q(db, "SELECT name FROM regions WHERE code = ?");
  q.bind(1, code);
  return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

// 渝北区龙兴镇柏树村: the names from the district down.
std::string region_full_name(SQLite::Database& db, const std::string& code) {
  std::string out;
  for (const auto& c : ancestors_or_self(code)) out += region_name(db, c);
  return out;
}

// The masked phone only for those who may write the complaint's region; has_phone for every reader.
json summary_json(SQLite::Database& db, const User& user, const Complaint& c, const std::string& now_iso) {
  const std::string masked =
      c.phone && may_write(user, c.region) ? core::mask_mobile_number(*c.phone) : std::string();
  return {{"tracking_no", c.tracking_no},
          {"region", c.region},
          {"region_name", region_name(db, c.region)},
          {"reason", c.reason},
          {"subject", c.subject},
          {"state", state_word(c.state)},
          {"received_at", c.received_at},
          {"filed_at", c.filed_at},
          {"deadline_at", c.deadline_at},
          {"overdue", is_overdue(c, now_iso)},
          {"has_phone", c.phone.has_value()},
          {"phone_masked", masked.empty() ? json(nullptr) : json(masked)},
          {"rating", rating_json(c)},
          {"terminal", {{"id", c.terminal_id}, {"name", c.terminal_name}}}};
}

// 500112********123X from the stored ID, whether or not it still passes today's checks.
std::string masked_resident_id(const std::string& id) {
  if (auto parsed = core::ResidentId::parse(id)) return parsed->masked();
  if (id.size() <= 10) return std::string(id.size(), '*');
  return id.substr(0, 6) + std::string(id.size() - 10, '*') + id.substr(id.size() - 4);
}

// The resident a payment complaint's tag names, masked; null when the tag is unknown, the person
// lives outside the complaint's region, or the user may not write that region.
json person_json(SQLite::Database& db, const User& user, const Complaint& c) {
  if (c.person_tag.empty() || !may_write(user, c.region)) return nullptr;
  const auto tag = core::from_hex(c.person_tag);
  if (!tag) return nullptr;
  SQLite::Statement q(db,
                      "SELECT p.resident_id, (SELECT name FROM payments WHERE resident_id = p.resident_id "
                      "ORDER BY paid_on DESC, payment_id DESC LIMIT 1), p.region_code FROM persons p WHERE p.tag = ?");
  q.bind(1, tag->data(), static_cast<int>(tag->size()));
  while (q.executeStep()) {
    if (!core::code_within(q.getColumn(2).getString(), c.region)) continue;
    const std::string id = q.getColumn(0).getString();
    const std::string name = q.getColumn(1).getString();
    return {{"masked_name", name.empty() ? std::string() : core::mask_name(name)},
            {"masked_id", masked_resident_id(id)}};
  }
  return nullptr;
}

json history_json(SQLite::Database& db, const std::string& tracking_no) {
  SQLite::Statement q(db,
                      "SELECT at, actor_name, action, state, note FROM complaint_events WHERE tracking_no = ? ORDER BY id");
  q.bind(1, tracking_no);
  json out = json::array();
  while (q.executeStep())
    out.push_back({{"at", q.getColumn(0).getString()},
                   {"by", q.getColumn(1).getString()},
                   {"action", q.getColumn(2).getString()},
                   {"state", q.getColumn(3).getString()},
                   {"note", q.getColumn(4).isNull() ? json(nullptr) : json(q.getColumn(4).getString())}});
  return out;
}

json detail_json(SQLite::Database& db, const User& user, const Complaint& c, const std::string& now_iso) {
  json out = summary_json(db, user, c, now_iso);
  out["reply"] = reply_json(c);
  out["person"] = person_json(db, user, c);
  out["history"] = history_json(db, c.tracking_no);
  return out;
}

void add_event(SQLite::Database& db, const std::string& tracking_no, core::Timestamp at, const std::string& by,
               std::string_view action, ComplaintState state, const std::optional<std::string>& note) {
  SQLite::Statement q(db,
                      "INSERT INTO complaint_events(tracking_no, at, actor_name, action, state, note) VALUES(?,?,?,?,?,?)");
  q.bind(1, tracking_no);
  q.bind(2, iso(at));
  q.bind(3, by);
  q.bind(4, std::string(action));
  q.bind(5, state_word(state));
  if (note) q.bind(6, *note);
  else q.bind(6);
  q.exec();
}

// ---- counts ---------------------------------------------------------------------------------

struct Counts {
  std::int64_t by_state[5] = {0, 0, 0, 0, 0};
  std::int64_t overdue = 0, answered = 0, on_time = 0;
  std::int64_t ratings[5] = {0, 0, 0, 0, 0};
};

void count_row(Counts& n, ComplaintState state, const std::string& deadline, const std::optional<std::string>& replied,
               const std::optional<int>& rating, const std::string& now_iso) {
  ++n.by_state[static_cast<int>(state)];
  if ((state == ComplaintState::Received || state == ComplaintState::Accepted) && now_iso > deadline) ++n.overdue;
  if (replied) {
    ++n.answered;
    if (*replied <= deadline) ++n.on_time;
  }
  if (rating && *rating >= 1 && *rating <= 5) ++n.ratings[*rating - 1];
}

json counts_json(const std::string& region, const Counts& n) {
  std::int64_t total = 0;
  for (const auto v : n.by_state) total += v;
  return {{"region", region},
          {"received", n.by_state[0]},
          {"accepted", n.by_state[1]},
          {"replied", n.by_state[2]},
          {"closed", n.by_state[3]},
          {"closed_unresolved", n.by_state[4]},
          {"total", total},
          {"overdue", n.overdue},
          {"answered", n.answered},
          {"answered_on_time", n.on_time},
          {"ratings", json::array({n.ratings[0], n.ratings[1], n.ratings[2], n.ratings[3], n.ratings[4]})}};
}

// Counts of every region that has complaints at or below it, from one pass over the table.
std::map<std::string, Counts> all_counts(SQLite::Database& db, const std::string& now_iso) {
  std::map<std::string, Counts> out;
  SQLite::Statement q(db, "SELECT region_code, state, deadline_at, replied_at, rating FROM complaints");
  while (q.executeStep()) {
    const std::string region = q.getColumn(0).getString();
    const auto state = stored_state(q.getColumn(1).getString());
    const std::string deadline = q.getColumn(2).getString();
    const auto replied = optional_text(q.getColumn(3));
    std::optional<int> rating;
    if (!q.getColumn(4).isNull()) rating = q.getColumn(4).getInt();
    for (const auto& code : ancestors_or_self(region)) count_row(out[code], state, deadline, replied, rating, now_iso);
  }
  return out;
}

// The complaint's region and each ancestor, appended in the caller's transaction.
void append_stats(SQLite::Database& db, const std::string& region, core::Timestamp now) {
  ChangeAppender log(db);
  for (const auto& code : ancestors_or_self(region))
    log.append(NewChange{Stream::Public, std::string(kStatsKind), code, code, "upsert", complaint_stats(db, code, now), now});
}

// ---- the kiosk side ---------------------------------------------------------------------------

std::string hash_of(const json& canonical) { return core::generic_hash_hex(canonical.dump()); }

json canonical_filing(const ComplaintFiling& f) {
  json subject = f.subject;
  if (!f.person_tag.empty()) subject["person_tag"] = f.person_tag;
  return {{"tracking_no", f.tracking_no},
          {"reason", core::complaint_reason_word(f.reason)},
          {"subject", subject},
          {"phone", f.phone ? json(*f.phone) : json(nullptr)},
          {"filed_at", f.filed_at ? json(iso(*f.filed_at)) : json(nullptr)}};
}

struct StoredKey {
  std::int64_t terminal_id = 0;
  std::string action, tracking_no, body_hash;
};

std::optional<StoredKey> find_key(SQLite::Database& db, std::string_view key) {
  SQLite::Statement q(db, "SELECT terminal_id, action, tracking_no, body_hash FROM complaint_keys WHERE key = ?");
  q.bind(1, std::string(key));
  if (!q.executeStep()) return std::nullopt;
  return StoredKey{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                   q.getColumn(3).getString()};
}

void store_key(SQLite::Database& db, std::string_view key, const StoredKey& k, core::Timestamp now) {
  SQLite::Statement q(db,
                      "INSERT INTO complaint_keys(key, terminal_id, action, tracking_no, body_hash, at) VALUES(?,?,?,?,?,?)");
  q.bind(1, std::string(key));
  q.bind(2, k.terminal_id);
  q.bind(3, k.action);
  q.bind(4, k.tracking_no);
  q.bind(5, k.body_hash);
  q.bind(6, iso(now));
  q.exec();
}

bool same_request(const StoredKey& stored, const StoredKey& asked) {
  return stored.terminal_id == asked.terminal_id && stored.action == asked.action &&
         stored.tracking_no == asked.tracking_no && stored.body_hash == asked.body_hash;
}

[[noreturn]] void throw_key_conflict() {
  throw ApiError(409, "idempotency_conflict",
                 "this Idempotency-Key was already used for another request: make a new key for new content");
}

void require_kiosk(const Terminal& t) {
  if (t.kind != TerminalKind::Kiosk) throw ApiError(403, "forbidden", "only kiosks file and follow complaints");
}

void require_key(std::string_view key) {
  if (!valid_idempotency_key(key))
    throw_bad_field("Idempotency-Key", "send a header of 16 to 64 characters of A-Z a-z 0-9 _ -");
}

// A complaint a kiosk may see: its region within the kiosk's scope. Anything else reads as unknown.
Complaint visible_to_kiosk(SQLite::Database& db, const Terminal& kiosk, std::string_view tracking_no) {
  auto c = load_complaint(db, checked_tracking_no(tracking_no));
  if (!c || !core::code_within(c->region, kiosk.scope)) throw_unknown(tracking_no);
  return std::move(*c);
}

// Refusals for the rate: remembered a day, at most one per (terminal, Idempotency-Key) so a kiosk
// retrying the same complaint counts once and its retries write nothing; the first refusal of a
// key is the time on the terminal's row.
void record_refusal(SQLite::Database& db, std::int64_t terminal_id, std::string_view key, core::Timestamp now) {
  SQLite::Statement seen(db, "SELECT 1 FROM complaint_refusals WHERE terminal_id = ? AND idempotency_key = ? AND at >= ?");
  seen.bind(1, terminal_id);
  seen.bind(2, std::string(key));
  seen.bind(3, iso(now - kRefusalMemory));
  if (seen.executeStep()) return;
  seen.reset();
  SQLite::Statement prune(db, "DELETE FROM complaint_refusals WHERE at < ?");
  prune.bind(1, iso(now - kRefusalMemory));
  prune.exec();
  SQLite::Statement add(db, "INSERT INTO complaint_refusals(terminal_id, idempotency_key, at) VALUES(?, ?, ?)");
  add.bind(1, terminal_id);
  add.bind(2, std::string(key));
  add.bind(3, iso(now));
  add.exec();
  SQLite::Statement mark(db, "UPDATE terminals SET throttled_at = ? WHERE id = ?");
  mark.bind(1, iso(now));
  mark.bind(2, terminal_id);
  mark.exec();
}

// ---- the cadre side ---------------------------------------------------------------------------

std::string actor_of(const User& user) { return "cadre:" + user.username; }

const json* field(const json& body, const char* name) {
  const auto it = body.find(name);
  return it == body.end() || it->is_null() ? nullptr : &*it;
}

std::string string_field(const json& body, const char* name) {
  const json* v = field(body, name);
  if (!v) throw_bad_field(name, "is missing");
  if (!v->is_string()) throw_bad_field(name, "must be a string");
  return v->get<std::string>();
}

// Loads, checks the right to act and the transition, then the caller writes.
Complaint load_for_action(SQLite::Database& db, const User& user, std::string_view tracking_no) {
  Complaint c = load_existing(db, tracking_no);
  require_write(user, c.region);
  return c;
}

[[noreturn]] void throw_transition(const Complaint& c, std::string_view action) {
  throw ApiError(409, "bad_transition",
                 fmt::format("complaint {} is {}: it cannot be {}", c.tracking_no, state_word(c.state), action));
}

// The state, the event, the counts, the audit row, the commit; returns the complaint as now stored.
json finish_action(SQLite::Database& db, WriteTransaction& tx, const User& user, const Complaint& before,
                   std::string_view action, ComplaintState state, const std::optional<std::string>& note,
                   json detail, std::string_view remote_addr, core::Timestamp now) {
  add_event(db, before.tracking_no, now, public_name(user), action, state, note);
  append_stats(db, before.region, now);
  detail["region"] = before.region;
  detail["state"] = state_word(state);
  // Both closes are audited as complaint.close; the detail's resolution tells them apart.
  const std::string_view audited = action.starts_with("close") ? "close" : action;
  record_audit(db, AuditEntry{now, actor_of(user), std::string(remote_addr), fmt::format("complaint.{}", audited),
                              "complaint:" + before.tracking_no, std::move(detail), before.region});
  tx.commit();
  return detail_json(db, user, load_existing(db, before.tracking_no), iso(now));
}

// ---- Open311 ------------------------------------------------------------------------------------

struct ServiceText {
  core::ComplaintReason reason;
  std::string_view description, keywords;
};
constexpr std::array<ServiceText, 5> kServices{{
    {core::ComplaintReason::AmountMismatch, "补贴发放金额与政策标准或公示金额不符", "金额,补贴,标准"},
    {core::ComplaintReason::NotReceived, "公示已发放但本人未收到补贴资金", "未收到,发放,到账"},
    {core::ComplaintReason::WrongInfo, "查询到的个人、家庭或发放信息有误", "信息,错误,更正"},
    {core::ComplaintReason::Other, "与惠民资金和村务公开有关的其他问题", "其他,问题"},
    {core::ComplaintReason::Suggestion, "对惠民资金管理和村务公开的意见建议", "意见,建议"},
}};

json open311_json(SQLite::Database& db, const Complaint& c) {
  const bool closed = c.state == ComplaintState::Closed || c.state == ComplaintState::ClosedUnresolved;
  const auto reason = core::parse_complaint_reason(c.reason).value_or(core::ComplaintReason::Other);
  const std::string place = region_full_name(db, c.region);
  return {{"service_request_id", c.tracking_no},
          {"status", closed ? "closed" : "open"},
          {"status_notes", core::complaint_state_name(c.state)},
          {"service_name", core::complaint_reason_name(reason)},
          {"service_code", c.reason},
          {"description", ""},
          {"agency_responsible", place},
          {"service_notice", ""},
          {"requested_datetime", c.received_at},
          {"updated_datetime", c.updated_at},
          {"expected_datetime", c.deadline_at},
          {"address", place},
          {"address_id", c.region},
          {"zipcode", nullptr},
          {"media_url", ""}};
}

}  // namespace

core::Timestamp reply_deadline(core::Timestamp received, int working_days, const std::vector<core::CivilDate>& holidays) {
  const std::set<core::CivilDate> off(holidays.begin(), holidays.end());
  std::int64_t day = core::shanghai_date(received).days_since_epoch();
  for (int left = std::max(working_days, 0); left > 0;) {
    ++day;
    const auto weekday = ((day % 7) + 11) % 7;  // 1970-01-01 was a Thursday: 0 Sunday … 6 Saturday
    if (weekday == 0 || weekday == 6 || off.contains(core::CivilDate::from_days(day))) continue;
    --left;
  }
  return core::from_shanghai({core::CivilDate::from_days(day), 23, 59, 59});
}

bool valid_idempotency_key(std::string_view key) noexcept {
  if (key.size() < 16 || key.size() > 64) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

ComplaintFiling parse_complaint_filing(const json& body) {
  if (!body.is_object()) throw_bad_field("request", "must be a JSON object");
  ComplaintFiling f;
  f.tracking_no = checked_tracking_no(string_field(body, "tracking_no"));
  const auto reason = core::parse_complaint_reason(string_field(body, "reason"));
  if (!reason) throw_bad_field("reason", "must be amount_mismatch, not_received, wrong_info, other or suggestion");
  f.reason = *reason;

  const json* subject = field(body, "subject");
  if (!subject) {
    f.subject = {{"kind", "none"}};
  } else {
    if (!subject->is_object()) throw_bad_field("subject", "must be an object");
    const std::string kind = string_field(*subject, "kind");
    if (kind == "none") {
      f.subject = {{"kind", "none"}};
    } else if (kind == "notice") {
      const json* id = field(*subject, "notice_id");
      if (!id || !id->is_number_integer() || id->get<std::int64_t>() < 1)
        throw_bad_field("subject.notice_id", "must be a notice id, a whole number from 1");
      f.subject = {{"kind", "notice"}, {"notice_id", id->get<std::int64_t>()}};
    } else if (kind == "payment") {
      const std::string tag = core::text::ascii_lower(string_field(*subject, "person_tag"));
      if (tag.size() != 64 || !core::from_hex(tag)) throw_bad_field("subject.person_tag", "must be 64 hex characters");
      f.person_tag = tag;
      const std::string programme = checked_line("subject.programme", string_field(*subject, "programme"), 1, kMaxProgramme);
      const auto paid_on = core::parse_date(string_field(*subject, "paid_on"));
      if (!paid_on) throw_bad_field("subject.paid_on", "must be a date like 2026-06-15");
      const json* amount = field(*subject, "amount_fen");
      if (!amount || !amount->is_number_integer() || std::llabs(amount->get<std::int64_t>()) > kMaxAmountFen)
        throw_bad_field("subject.amount_fen", "must be a whole number of fen");
      f.subject = {{"kind", "payment"},
                   {"programme", programme},
                   {"paid_on", paid_on->iso()},
                   {"amount_fen", amount->get<std::int64_t>()}};
    } else {
      throw_bad_field("subject.kind", "must be payment, notice or none");
    }
  }

  if (const json* phone = field(body, "phone")) {
    if (!phone->is_string() || !core::valid_mobile_number(phone->get_ref<const std::string&>()))
      throw_bad_field("phone", kPhoneRule);
    f.phone = phone->get<std::string>();
  }
  if (const json* filed = field(body, "filed_at")) {
    std::optional<core::Timestamp> t;
    if (filed->is_string())
      if (auto parsed = core::parse_utc_iso(filed->get_ref<const std::string&>())) t = *parsed;
    if (!t) throw_bad_field("filed_at", "must be a UTC time like 2026-11-29T02:15:00Z");
    f.filed_at = t;
  }
  return f;
}

ComplaintReply file_complaint(SQLite::Database& db, const Terminal& kiosk, std::string_view key,
                              const ComplaintFiling& filing, const ComplaintRules& rules, std::string_view remote_addr,
                              core::Timestamp now) {
  require_kiosk(kiosk);
  require_key(key);
  const StoredKey asked{kiosk.id, "file", filing.tracking_no, hash_of(canonical_filing(filing))};
  const auto number = core::parse_tracking_number(filing.tracking_no);
  WriteTransaction tx(db);
  if (const auto stored = find_key(db, key)) {
    if (!same_request(*stored, asked)) throw_key_conflict();
    auto c = load_complaint(db, filing.tracking_no);
    if (!c) throw_unknown(filing.tracking_no);  // cannot happen: the key and the complaint commit together
    return {200, filed_json(*c)};
  }
  if (!number || number->terminal_id != kiosk.id)
    throw_bad_field("tracking_no", fmt::format("is not one of this terminal's numbers (terminal {})", kiosk.id));
  if (load_complaint(db, filing.tracking_no))
    throw ApiError(409, "duplicate_tracking",
                   fmt::format("complaint {} was already filed under another Idempotency-Key", filing.tracking_no));

  SQLite::Statement recent(db, "SELECT count(*), min(received_at) FROM complaints WHERE terminal_id = ? AND received_at > ?");
  recent.bind(1, kiosk.id);
  recent.bind(2, iso(now - kThrottleWindow));
  recent.executeStep();
  if (recent.getColumn(0).getInt64() >= rules.per_terminal_per_hour) {
    const auto oldest = core::parse_utc_iso(recent.getColumn(1).getString());
    long long wait = 60;
    if (oldest) wait = std::max<long long>(1, (*oldest + kThrottleWindow - now).count() + 1);
    recent.reset();
    record_refusal(db, kiosk.id, key, now);
    tx.commit();
    throw ApiError(429, "throttled",
                   fmt::format("this kiosk filed {} complaints in the last hour, the most allowed; keep this one and "
                               "send it again later",
                               rules.per_terminal_per_hour),
                   wait);
  }
  recent.reset();

  const auto deadline = reply_deadline(now, rules.reply_working_days, rules.holidays);
  json subject = filing.subject;
  if (subject.value("kind", "") == "notice") {
    SQLite::Statement title(db, "SELECT title FROM notices WHERE id = ?");
    title.bind(1, subject["notice_id"].get<std::int64_t>());
    if (title.executeStep()) subject["title"] = title.getColumn(0).getString();
  }
  SQLite::Statement insert(db,
                           "INSERT INTO complaints(tracking_no, terminal_id, region_code, reason, subject, person_tag, "
                           "phone, state, filed_at, received_at, deadline_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
  insert.bind(1, filing.tracking_no);
  insert.bind(2, kiosk.id);
  insert.bind(3, kiosk.scope);
  insert.bind(4, std::string(core::complaint_reason_word(filing.reason)));
  insert.bind(5, subject.dump());
  if (filing.person_tag.empty()) insert.bind(6);
  else insert.bind(6, filing.person_tag);
  if (filing.phone) insert.bind(7, *filing.phone);
  else insert.bind(7);
  insert.bind(8, state_word(ComplaintState::Received));
  insert.bind(9, iso(filing.filed_at.value_or(now)));
  insert.bind(10, iso(now));
  insert.bind(11, iso(deadline));
  insert.bind(12, iso(now));
  insert.exec();
  store_key(db, key, asked, now);
  add_event(db, filing.tracking_no, now, kiosk.name, "receive", ComplaintState::Received, std::nullopt);
  append_stats(db, kiosk.scope, now);
  record_audit(db, AuditEntry{now, fmt::format("terminal:{}", kiosk.id), std::string(remote_addr), "complaint.receive",
                              "complaint:" + filing.tracking_no,
                              json{{"region", kiosk.scope},
                                   {"reason", core::complaint_reason_word(filing.reason)},
                                   {"subject", filing.subject.value("kind", "none")},
                                   {"has_phone", filing.phone.has_value()}},
                              kiosk.scope});
  tx.commit();
  return {201, filed_json(load_existing(db, filing.tracking_no))};
}

json complaint_status(SQLite::Database& db, const Terminal& kiosk, std::string_view tracking_no, core::Timestamp now) {
  require_kiosk(kiosk);
  return status_json(visible_to_kiosk(db, kiosk, tracking_no), iso(now));
}

ComplaintReply rate_complaint(SQLite::Database& db, const Terminal& kiosk, std::string_view tracking_no,
                              std::string_view key, const json& body, std::string_view remote_addr,
                              core::Timestamp now) {
  require_kiosk(kiosk);
  const std::string number = checked_tracking_no(tracking_no);
  require_key(key);
  if (!body.is_object()) throw_bad_field("request", "must be a JSON object");
  const json* stars_field = field(body, "stars");
  if (!stars_field || !stars_field->is_number_integer() || stars_field->get<std::int64_t>() < 1 ||
      stars_field->get<std::int64_t>() > 5)
    throw_bad_field("stars", "must be a whole number from 1 to 5");
  const int stars = static_cast<int>(stars_field->get<std::int64_t>());
  const StoredKey asked{kiosk.id, "rate", number, hash_of(json{{"tracking_no", number}, {"stars", stars}})};

  WriteTransaction tx(db);
  if (const auto stored = find_key(db, key)) {
    if (!same_request(*stored, asked)) throw_key_conflict();
    return {200, status_json(visible_to_kiosk(db, kiosk, number), iso(now))};
  }
  const Complaint c = visible_to_kiosk(db, kiosk, number);
  if (!c.replied_at) throw ApiError(409, "not_replied", fmt::format("complaint {} has no reply to rate yet", number));
  if (c.rating) throw ApiError(409, "already_rated", fmt::format("complaint {} has been rated already", number));
  SQLite::Statement q(db, "UPDATE complaints SET rating = ?, rated_at = ?, updated_at = ? WHERE tracking_no = ?");
  q.bind(1, stars);
  q.bind(2, iso(now));
  q.bind(3, iso(now));
  q.bind(4, number);
  q.exec();
  store_key(db, key, asked, now);
  add_event(db, number, now, kiosk.name, "rate", c.state, std::nullopt);
  append_stats(db, c.region, now);
  record_audit(db, AuditEntry{now, fmt::format("terminal:{}", kiosk.id), std::string(remote_addr), "complaint.rate",
                              "complaint:" + number, json{{"region", c.region}, {"stars", stars}}, c.region});
  tx.commit();
  return {200, status_json(load_existing(db, number), iso(now))};
}

json list_complaints(SQLite::Database& db, const User& user, const ComplaintQuery& query, core::Timestamp now) {
  const std::string scope = query.region.empty() ? user.region_code : checked_region_code("region", query.region);
  require_read(user, scope);
  std::string sql = fmt::format("SELECT {}{}WHERE c.region_code >= ? AND c.region_code < ?", kColumns, kFrom);
  if (query.state) sql += " AND c.state = ?";
  const std::string now_iso = iso(now);
  if (query.overdue_only) sql += " AND c.state IN ('received', 'accepted') AND c.deadline_at < ?";
  sql += " ORDER BY c.received_at DESC, c.tracking_no DESC LIMIT ?";
  SQLite::Statement q(db, sql);
  int i = 1;
  q.bind(i++, scope);
  q.bind(i++, scope + ":");
  if (query.state) q.bind(i++, state_word(*query.state));
  if (query.overdue_only) q.bind(i++, now_iso);
  q.bind(i++, static_cast<std::int64_t>(kMaxList));
  json list = json::array();
  while (q.executeStep()) list.push_back(summary_json(db, user, read_complaint(q), now_iso));
  return {{"complaints", std::move(list)}};
}

json get_complaint(SQLite::Database& db, const User& user, std::string_view tracking_no, core::Timestamp now) {
  const Complaint c = load_existing(db, tracking_no);
  require_read(user, c.region);
  return detail_json(db, user, c, iso(now));
}

json accept_complaint(SQLite::Database& db, const User& user, std::string_view tracking_no, std::string_view remote_addr,
                      core::Timestamp now) {
  WriteTransaction tx(db);
  const Complaint c = load_for_action(db, user, tracking_no);
  if (c.state != ComplaintState::Received) throw_transition(c, "accepted");
  SQLite::Statement q(db, "UPDATE complaints SET state = 'accepted', updated_at = ? WHERE tracking_no = ?");
  q.bind(1, iso(now));
  q.bind(2, c.tracking_no);
  q.exec();
  return finish_action(db, tx, user, c, "accept", ComplaintState::Accepted, std::nullopt, json::object(), remote_addr, now);
}

json reply_complaint(SQLite::Database& db, const User& user, std::string_view tracking_no, const json& body,
                     std::string_view remote_addr, core::Timestamp now) {
  if (!body.is_object()) throw_bad_field("request", "must be a JSON object");
  WriteTransaction tx(db);
  const Complaint c = load_for_action(db, user, tracking_no);
  const std::string text = checked_text("text", string_field(body, "text"), 2, 500);
  if (c.state != ComplaintState::Received && c.state != ComplaintState::Accepted) throw_transition(c, "replied to");
  SQLite::Statement q(db,
                      "UPDATE complaints SET state = 'replied', reply_text = ?, replied_at = ?, replied_by = ?, "
                      "updated_at = ? WHERE tracking_no = ?");
  q.bind(1, text);
  q.bind(2, iso(now));
  q.bind(3, public_name(user));
  q.bind(4, iso(now));
  q.bind(5, c.tracking_no);
  q.exec();
  return finish_action(db, tx, user, c, "reply", ComplaintState::Replied, std::nullopt, json::object(), remote_addr, now);
}

json close_complaint(SQLite::Database& db, const User& user, std::string_view tracking_no, const json& body,
                     std::string_view remote_addr, core::Timestamp now) {
  if (!body.is_object()) throw_bad_field("request", "must be a JSON object");
  WriteTransaction tx(db);
  const Complaint c = load_for_action(db, user, tracking_no);
  const std::string resolution = string_field(body, "resolution");
  if (resolution != "resolved" && resolution != "unresolved") throw_bad_field("resolution", "must be resolved or unresolved");
  const bool resolved = resolution == "resolved";
  std::optional<std::string> note;
  if (const json* n = field(body, "note")) {
    if (!n->is_string()) throw_bad_field("note", "must be a string");
    const auto trimmed = core::text::trim(n->get_ref<const std::string&>());
    if (!trimmed.empty() || !resolved) note = checked_line("note", trimmed, resolved ? 1 : 2, 200);
  }
  if (!resolved && !note) throw_bad_field("note", "is missing: say why the complaint is closed unresolved");
  const ComplaintState to = resolved ? ComplaintState::Closed : ComplaintState::ClosedUnresolved;
  const bool allowed = resolved ? c.state == ComplaintState::Replied
                                : (c.state == ComplaintState::Received || c.state == ComplaintState::Accepted ||
                                   c.state == ComplaintState::Replied);
  if (!allowed) throw_transition(c, resolved ? "closed as resolved" : "closed unresolved");
  SQLite::Statement q(db,
                      "UPDATE complaints SET state = ?, closed_at = ?, close_note = ?, updated_at = ? WHERE tracking_no = ?");
  q.bind(1, state_word(to));
  q.bind(2, iso(now));
  if (note) q.bind(3, *note);
  else q.bind(3);
  q.bind(4, iso(now));
  q.bind(5, c.tracking_no);
  q.exec();
  return finish_action(db, tx, user, c, resolved ? "close" : "close_unresolved", to, note,
                       json{{"resolution", resolution}}, remote_addr, now);
}

json reveal_complaint_phone(SQLite::Database& db, const User& user, std::string_view tracking_no,
                            std::string_view remote_addr, core::Timestamp now) {
  WriteTransaction tx(db);
  const Complaint c = load_for_action(db, user, tracking_no);
  record_audit(db, AuditEntry{now, actor_of(user), std::string(remote_addr), "complaint.reveal",
                              "complaint:" + c.tracking_no, json{{"region", c.region}, {"has_phone", c.phone.has_value()}},
                              c.region});
  tx.commit();
  return {{"phone", c.phone ? json(*c.phone) : json(nullptr)}};
}

json complaint_stats(SQLite::Database& db, std::string_view region, core::Timestamp now) {
  const std::string code(region);
  const std::string now_iso = iso(now);
  Counts n;
  SQLite::Statement q(db,
                      "SELECT state, deadline_at, replied_at, rating FROM complaints WHERE region_code >= ? AND region_code < ?");
  q.bind(1, code);
  q.bind(2, code + ":");
  while (q.executeStep()) {
    std::optional<int> rating;
    if (!q.getColumn(3).isNull()) rating = q.getColumn(3).getInt();
    count_row(n, stored_state(q.getColumn(0).getString()), q.getColumn(1).getString(), optional_text(q.getColumn(2)),
              rating, now_iso);
  }
  return counts_json(code, n);
}

int refresh_complaint_stats(SQLite::Database& db, core::Timestamp now) {
  // Read first, outside the write lock: most passes find nothing to do.
  auto changed = [&db, now] {
    std::vector<std::pair<std::string, json>> out;
    const auto counts = all_counts(db, iso(now));
    SQLite::Statement q(db,
                        "SELECT cur.key, c.body FROM current cur JOIN changes c ON c.seq = cur.seq "
                        "WHERE cur.stream = 0 AND cur.kind = ?");
    q.bind(1, std::string(kStatsKind));
    while (q.executeStep()) {
      const std::string region = q.getColumn(0).getString();
      const json entry = json::parse(q.getColumn(1).getString(), nullptr, false);
      const auto it = counts.find(region);
      const json fresh = counts_json(region, it == counts.end() ? Counts{} : it->second);
      if (!entry.is_object() || entry.value("data", json()) != fresh) out.emplace_back(region, fresh);
    }
    return out;
  };
  if (changed().empty()) return 0;
  WriteTransaction tx(db);
  const auto entries = changed();
  {
    ChangeAppender log(db);
    for (const auto& [region, data] : entries)
      log.append(NewChange{Stream::Public, std::string(kStatsKind), region, region, "upsert", data, now});
  }
  tx.commit();
  return static_cast<int>(entries.size());
}

std::map<std::int64_t, TerminalThrottle> terminal_throttles(SQLite::Database& db, core::Timestamp now) {
  std::map<std::int64_t, TerminalThrottle> out;
  SQLite::Statement q(db,
                      "SELECT t.id, t.throttled_at, (SELECT count(DISTINCT r.idempotency_key) FROM complaint_refusals r "
                      "WHERE r.terminal_id = t.id "
                      "AND r.at >= ?) FROM terminals t WHERE t.throttled_at IS NOT NULL");
  q.bind(1, iso(now - kRefusalMemory));
  while (q.executeStep())
    out[q.getColumn(0).getInt64()] = TerminalThrottle{q.getColumn(1).getString(), q.getColumn(2).getInt64()};
  return out;
}

std::int64_t last_tracking_sequence(SQLite::Database& db, std::int64_t terminal_id) {
  // Ten fixed-width digits with the terminal first: the greatest number is the greatest sequence.
  SQLite::Statement q(db, "SELECT max(tracking_no) FROM complaints WHERE terminal_id = ?");
  q.bind(1, terminal_id);
  if (!q.executeStep() || q.getColumn(0).isNull()) return 0;
  const auto parsed = core::parse_tracking_number(q.getColumn(0).getString());
  return parsed && parsed->terminal_id == terminal_id ? parsed->sequence : 0;
}

ComplaintLookupLimiter::ComplaintLookupLimiter(int per_terminal_per_hour) : limit_(std::max(1, per_terminal_per_hour)) {}

void ComplaintLookupLimiter::admit(std::int64_t terminal_id, core::Timestamp now) {
  const std::lock_guard lock(mutex_);
  auto& times = seen_[terminal_id];
  while (!times.empty() && times.front() <= now - kThrottleWindow) times.pop_front();
  if (static_cast<int>(times.size()) >= limit_) {
    const long long wait = std::max<long long>(1, (times.front() + kThrottleWindow - now).count() + 1);
    throw ApiError(429, "throttled",
                   fmt::format("this kiosk asked after complaints {} times in the last hour, the most allowed; try "
                               "again later",
                               limit_),
                   wait);
  }
  times.push_back(now);
}

json open311_services() {
  json out = json::array();
  for (const auto& s : kServices)
    out.push_back({{"service_code", core::complaint_reason_word(s.reason)},
                   {"service_name", core::complaint_reason_name(s.reason)},
                   {"description", s.description},
                   {"metadata", false},
                   {"type", "realtime"},
                   {"keywords", s.keywords},
                   {"group", "惠民资金"}});
  return out;
}

json open311_requests(SQLite::Database& db, const Open311Query& query) {
  std::string sql = fmt::format("SELECT {}{}WHERE 1", kColumns, kFrom);
  if (query.service_code) sql += " AND c.reason = ?";
  if (query.closed) sql += *query.closed ? " AND c.state IN ('closed', 'closed_unresolved')"
                                         : " AND c.state IN ('received', 'accepted', 'replied')";
  if (query.start) sql += " AND c.received_at >= ?";
  if (query.end) sql += " AND c.received_at < ?";
  if (!query.jurisdiction.empty()) sql += " AND c.region_code >= ? AND c.region_code < ?";
  sql += " ORDER BY c.received_at DESC, c.tracking_no DESC LIMIT ?";
  SQLite::Statement q(db, sql);
  int i = 1;
  if (query.service_code) q.bind(i++, std::string(core::complaint_reason_word(*query.service_code)));
  if (query.start) q.bind(i++, iso(*query.start));
  if (query.end) q.bind(i++, iso(*query.end));
  if (!query.jurisdiction.empty()) {
    q.bind(i++, query.jurisdiction);
    q.bind(i++, query.jurisdiction + ":");
  }
  q.bind(i++, static_cast<std::int64_t>(kMaxOpen311));
  json out = json::array();
  while (q.executeStep()) out.push_back(open311_json(db, read_complaint(q)));
  return out;
}

json open311_request(SQLite::Database& db, std::string_view tracking_no) {
  return json::array({open311_json(db, load_existing(db, tracking_no))});
}

}  // namespace sunlight::feed
