// Kiosks and big screens known to the feed: enrolment, device tokens, heartbeats and health.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include "core/date.hpp"

namespace sunlight::feed {

// Functions here use the connection they are given, one thread at a time; the writers that touch
// more than one table open their own WriteTransaction (call them outside any transaction).
// Errors are ApiError (errors.hpp).

enum class TerminalKind { Kiosk, Display };
[[nodiscard]] std::string_view terminal_kind_name(TerminalKind kind) noexcept;  // "kiosk", "display"
[[nodiscard]] std::optional<TerminalKind> parse_terminal_kind(std::string_view text) noexcept;

struct Enrolment {
  std::int64_t id = 0;
  std::string token;  // "slt_" + 64 hex: shown once, only its BLAKE2b hash is stored
};

// Enrols a terminal. scope must be a region in the store: a village or town for a kiosk (it
// holds that scope's sealed person records), any region for a display. name: 1–40 code points,
// one line. 400 "bad_field". Audited as "terminal.enroll".
Enrolment enroll_terminal(SQLite::Database& db, TerminalKind kind, std::string_view scope, std::string_view name,
                          const std::string& actor, core::Timestamp now);

struct Terminal {
  std::int64_t id = 0;
  std::string name;
  TerminalKind kind = TerminalKind::Kiosk;
  std::string scope;
  core::Timestamp enrolled_at;
  std::optional<core::Timestamp> revoked_at;
  std::optional<core::Timestamp> last_seen_at;  // the last heartbeat; the fields below are from it
  std::string version;
  std::int64_t data_seq = 0;
  std::int64_t uptime_seconds = 0;
  std::int64_t memory_bytes = 0;
  double frame_ms = 0;
  std::string last_error;
  std::string remote_addr;
};

enum class TerminalState { Online, Stale, Offline, Revoked };
[[nodiscard]] std::string_view terminal_state_name(TerminalState state) noexcept;  // "online" …

// Revoked if revoked; Offline if never seen or last seen more than offline_after ago; Stale if
// more than stale_after ago; else Online (a clock ahead of ours counts as just seen).
[[nodiscard]] TerminalState state_of(const Terminal& terminal, core::Timestamp now, std::chrono::seconds stale_after,
                                     std::chrono::seconds offline_after) noexcept;

// Every terminal, by id.
[[nodiscard]] std::vector<Terminal> list_terminals(SQLite::Database& db);
// 404 "unknown_terminal", 409 "already_revoked". Audited as "terminal.revoke".
void revoke_terminal(SQLite::Database& db, std::int64_t id, const std::string& actor, core::Timestamp now);
// The enrolled, unrevoked terminal a bearer token belongs to; nullopt for anything else,
// malformed tokens included (without touching the database).
[[nodiscard]] std::optional<Terminal> authenticate_terminal(SQLite::Database& db, std::string_view bearer_token);

struct Heartbeat {
  std::string version;        // ≤ 64 bytes, one line
  std::int64_t data_seq = 0;  // the replica's cursor
  std::int64_t uptime_seconds = 0;
  std::int64_t memory_bytes = 0;
  double frame_ms = 0;
  std::string last_error;  // ≤ 500 bytes; "" when none
};

// The JSON a terminal posts. version and data_seq are required, the rest default to 0 / "".
// Anything hostile — a wrong type, a negative, fractional or absurd number, NaN, a string that is
// too long, not UTF-8, or holds control characters — is 400 "bad_field". last_error may hold line
// breaks and tabs (an error can span lines); its other control characters become U+FFFD rather
// than losing the heartbeat. Unknown fields are ignored, so newer terminals can report more.
[[nodiscard]] Heartbeat parse_heartbeat(const nlohmann::json& body);

// Stores the heartbeat on the terminal's row. No audit row: heartbeats come every minute.
// 404 "unknown_terminal" when the terminal is unknown or revoked.
void record_heartbeat(SQLite::Database& db, std::int64_t terminal_id, const Heartbeat& heartbeat,
                      std::string_view remote_addr, core::Timestamp now);

}  // namespace sunlight::feed
