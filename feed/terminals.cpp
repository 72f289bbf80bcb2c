// Terminals: enrolment with a one-time device token, revocation, heartbeats and health states.
#include "feed/terminals.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "core/crypto.hpp"
#include "core/region.hpp"
#include "core/text.hpp"
#include "feed/audit.hpp"
#include "feed/errors.hpp"
#include "feed/fields.hpp"
#include "feed/store.hpp"

namespace sunlight::feed {
namespace {

constexpr std::size_t kMaxVersionBytes = 64;
constexpr std::size_t kMaxErrorBytes = 500;
// Bounds past which a heartbeat is lying or broken: nothing real gets near them.
constexpr std::int64_t kMaxSeq = (std::int64_t{1} << 53) - 1;             // what JavaScript can hold
constexpr std::int64_t kMaxUptime = std::int64_t{100} * 366 * 24 * 3600;  // a century
constexpr std::int64_t kMaxMemory = std::int64_t{1} << 40;                // 1 TiB
constexpr double kMaxFrameMs = 60'000;                                     // a minute per frame

std::string iso(core::Timestamp t) { return core::format_utc_iso(t); }

std::optional<core::Timestamp> stored_optional_time(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  auto t = core::parse_utc_iso(column.getString());
  if (!t) throw std::runtime_error(fmt::format("the store holds a malformed time \"{}\"", column.getString()));
  return *t;
}

constexpr std::string_view kTerminalColumns =
    "id, name, kind, scope, enrolled_at, revoked_at, last_seen_at, version, data_seq, uptime_seconds, "
    "memory_bytes, frame_ms, last_error, remote_addr";

Terminal read_terminal(SQLite::Statement& q) {
  Terminal t;
  t.id = q.getColumn(0).getInt64();
  t.name = q.getColumn(1).getString();
  const auto kind = parse_terminal_kind(q.getColumn(2).getString());
  if (!kind) throw std::runtime_error(fmt::format("terminal {} has an unknown kind in the store", t.id));
  t.kind = *kind;
  t.scope = q.getColumn(3).getString();
  const auto enrolled = stored_optional_time(q.getColumn(4));
  t.enrolled_at = enrolled.value_or(core::Timestamp{});
  t.revoked_at = stored_optional_time(q.getColumn(5));
  t.last_seen_at = stored_optional_time(q.getColumn(6));
  t.version = q.getColumn(7).getString();  // NULL reads as "" and 0: never heard from
  t.data_seq = q.getColumn(8).getInt64();
  t.uptime_seconds = q.getColumn(9).getInt64();
  t.memory_bytes = q.getColumn(10).getInt64();
  t.frame_ms = q.getColumn(11).getDouble();
  t.last_error = q.getColumn(12).getString();
  t.remote_addr = q.getColumn(13).getString();
  return t;
}


// A whole number in [0, max], or 400. `fallback` when the field is absent or null (nullopt: required).
std::int64_t count_field(const nlohmann::json& body, const char* field, std::int64_t max,
                         std::optional<std::int64_t> fallback) {
  const auto it = body.find(field);
  if (it == body.end() || it->is_null()) {
    if (!fallback) throw_bad_field(field, "is missing");
    return *fallback;
  }
  const auto out_of_range = [&] { throw_bad_field(field, fmt::format("must be a whole number from 0 to {}", max)); };
  if (it->is_number_unsigned()) {
    const auto v = it->get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(max)) out_of_range();
    return static_cast<std::int64_t>(v);
  }
  if (it->is_number_integer()) {
    const auto v = it->get<std::int64_t>();
    if (v < 0 || v > max) out_of_range();
    return v;
  }
  out_of_range();
  return 0;  // not reached
}

// U+FFFD for each control character that could hide text or drive a terminal, keeping line breaks and tabs.
std::string defang_error_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t start = pos;
    const char32_t cp = core::text::next_code_point(s, pos);
    const bool control = (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F) ||
                         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    if (control) core::text::append_utf8(out, 0xFFFD);
    else out.append(s.substr(start, pos - start));
  }
  return out;
}

}  // namespace

std::string_view terminal_kind_name(TerminalKind kind) noexcept { return kind == TerminalKind::Kiosk ? "kiosk" : "display"; }

std::optional<TerminalKind> parse_terminal_kind(std::string_view text) noexcept {
  if (text == "kiosk") return TerminalKind::Kiosk;
  if (text == "display") return TerminalKind::Display;
  return std::nullopt;
}

std::string_view terminal_state_name(TerminalState state) noexcept {
  switch (state) {
    case TerminalState::Online: return "online";
    case TerminalState::Stale: return "stale";
    case TerminalState::Offline: return "offline";
    case TerminalState::Revoked: return "revoked";
  }
  return "?";
}

Enrolment enroll_terminal(SQLite::Database& db, TerminalKind kind, std::string_view scope, std::string_view name,
                          const std::string& actor, core::Timestamp now) {
  const std::string code = checked_region_code("scope", scope);
  const std::string checked_name = checked_line("name", name, 1, 40);
  const auto level = core::level_of_code(code);
  if (kind == TerminalKind::Kiosk && level != core::RegionLevel::Village && level != core::RegionLevel::Town)
    throw_bad_field("scope", "a kiosk serves a village or a town");
  SQLite::Statement exists(db, "SELECT 1 FROM regions WHERE code = ?");
  exists.bind(1, code);
  if (!exists.executeStep()) throw_bad_field("scope", fmt::format("{} is not a known region", code));

  Enrolment out{0, std::string(core::kDeviceTokenPrefix) + core::to_hex(core::random_bytes(core::kDeviceTokenBytes))};
  WriteTransaction tx(db);
  SQLite::Statement insert(db, "INSERT INTO terminals(name, kind, scope, token_hash, enrolled_at) VALUES(?,?,?,?,?)");
  insert.bind(1, checked_name);
  insert.bind(2, std::string(terminal_kind_name(kind)));
  insert.bind(3, code);
  insert.bind(4, core::generic_hash_hex(out.token));
  insert.bind(5, iso(now));
  insert.exec();
  out.id = db.getLastInsertRowid();
  record_audit(db, AuditEntry{now, actor, "", "terminal.enroll", fmt::format("terminal:{}", out.id),
                              {{"kind", terminal_kind_name(kind)}, {"scope", code}, {"name", checked_name}}, code});
  tx.commit();
  return out;
}

TerminalState state_of(const Terminal& terminal, core::Timestamp now, std::chrono::seconds stale_after,
                       std::chrono::seconds offline_after) noexcept {
  if (terminal.revoked_at) return TerminalState::Revoked;
  if (!terminal.last_seen_at) return TerminalState::Offline;
  const auto age = now - *terminal.last_seen_at;
  if (age > offline_after) return TerminalState::Offline;
  if (age > stale_after) return TerminalState::Stale;
  return TerminalState::Online;
}

std::vector<Terminal> list_terminals(SQLite::Database& db) {
  SQLite::Statement q(db, fmt::format("SELECT {} FROM terminals ORDER BY id", kTerminalColumns));
  std::vector<Terminal> out;
  while (q.executeStep()) out.push_back(read_terminal(q));
  return out;
}

void revoke_terminal(SQLite::Database& db, std::int64_t id, const std::string& actor, core::Timestamp now) {
  WriteTransaction tx(db);
  SQLite::Statement get(db, "SELECT revoked_at IS NOT NULL, name, scope FROM terminals WHERE id = ?");
  get.bind(1, id);
  if (!get.executeStep()) throw ApiError(404, "unknown_terminal", fmt::format("there is no terminal {}", id));
  if (get.getColumn(0).getInt() != 0)
    throw ApiError(409, "already_revoked", fmt::format("terminal {} is already revoked", id));
  const std::string name = get.getColumn(1).getString();
  const std::string scope = get.getColumn(2).getString();
  SQLite::Statement update(db, "UPDATE terminals SET revoked_at = ? WHERE id = ?");
  update.bind(1, iso(now));
  update.bind(2, id);
  update.exec();
  record_audit(db, AuditEntry{now, actor, "", "terminal.revoke", fmt::format("terminal:{}", id), {{"name", name}}, scope});
  tx.commit();
}

std::optional<Terminal> authenticate_terminal(SQLite::Database& db, std::string_view bearer_token) {
  if (!core::is_device_token_shape(bearer_token)) return std::nullopt;
  // Looked up by its hash: a timing difference in the index search says something about a hash
  // of a random token, which helps nobody forge one.
  SQLite::Statement q(db, fmt::format("SELECT {} FROM terminals WHERE token_hash = ? AND revoked_at IS NULL",
                                      kTerminalColumns));
  q.bind(1, core::generic_hash_hex(bearer_token));
  if (!q.executeStep()) return std::nullopt;
  return read_terminal(q);
}

Heartbeat parse_heartbeat(const nlohmann::json& body) {
  if (!body.is_object()) throw_bad_field("request", "must be a JSON object");
  Heartbeat hb;

  const auto version = body.find("version");
  if (version == body.end() || version->is_null()) throw_bad_field("version", "is missing");
  if (!version->is_string()) throw_bad_field("version", "must be a string");
  const auto& v = version->get_ref<const std::string&>();
  if (v.empty() || v.size() > kMaxVersionBytes)
    throw_bad_field("version", fmt::format("must be 1 to {} bytes", kMaxVersionBytes));
  const auto scan = core::text::scan(v);
  if (!scan.valid_utf8) throw_bad_field("version", "is not valid UTF-8");
  if (scan.control || scan.line_break || v.find('\t') != std::string::npos)
    throw_bad_field("version", "contains a control character");
  hb.version = v;

  hb.data_seq = count_field(body, "data_seq", kMaxSeq, std::nullopt);
  hb.uptime_seconds = count_field(body, "uptime_seconds", kMaxUptime, 0);
  hb.memory_bytes = count_field(body, "memory_bytes", kMaxMemory, 0);

  if (const auto frame = body.find("frame_ms"); frame != body.end() && !frame->is_null()) {
    if (!frame->is_number()) throw_bad_field("frame_ms", "must be a number");
    const double ms = frame->get<double>();
    if (!std::isfinite(ms) || ms < 0 || ms > kMaxFrameMs)
      throw_bad_field("frame_ms", fmt::format("must be from 0 to {}", kMaxFrameMs));
    hb.frame_ms = ms;
  }

  if (const auto error = body.find("last_error"); error != body.end() && !error->is_null()) {
    if (!error->is_string()) throw_bad_field("last_error", "must be a string");
    const auto& e = error->get_ref<const std::string&>();
    if (e.size() > kMaxErrorBytes) throw_bad_field("last_error", fmt::format("must be at most {} bytes", kMaxErrorBytes));
    if (!core::text::is_valid_utf8(e)) throw_bad_field("last_error", "is not valid UTF-8");
    hb.last_error = defang_error_text(e);
  }
  return hb;
}

void record_heartbeat(SQLite::Database& db, std::int64_t terminal_id, const Heartbeat& heartbeat,
                      std::string_view remote_addr, core::Timestamp now) {
  SQLite::Statement q(db,
                      "UPDATE terminals SET last_seen_at = ?, version = ?, data_seq = ?, uptime_seconds = ?, "
                      "memory_bytes = ?, frame_ms = ?, last_error = ?, remote_addr = ? "
                      "WHERE id = ? AND revoked_at IS NULL");
  q.bind(1, iso(now));
  q.bind(2, heartbeat.version);
  q.bind(3, heartbeat.data_seq);
  q.bind(4, heartbeat.uptime_seconds);
  q.bind(5, heartbeat.memory_bytes);
  q.bind(6, heartbeat.frame_ms);
  q.bind(7, heartbeat.last_error);
  q.bind(8, std::string(remote_addr));
  q.bind(9, terminal_id);
  if (q.exec() == 0)
    throw ApiError(404, "unknown_terminal", fmt::format("terminal {} is not enrolled or has been revoked", terminal_id));
}

}  // namespace sunlight::feed
