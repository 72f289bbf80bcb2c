// Complaints and suggestions (投诉建议) on the server: filing from kiosks, the cadres' state machine,
// working-day deadlines, the public counts in the feed and the Open311 view. docs/complaints.md.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include "core/complaint.hpp"
#include "core/date.hpp"
#include "feed/terminals.hpp"
#include "feed/users.hpp"

namespace sunlight::feed {

// Functions here use the connection they are given, one thread at a time. The writers open their
// own WriteTransaction (call them outside any transaction); each appends its complaint_stats
// entries and its audit row in that transaction. Errors are ApiError (errors.hpp). Phone numbers
// never appear in an error, an audit row, a log line, the feed or Open311: only in the complaint
// row, the cadre's masked view and the audited reveal.

// [complaints] in config/feed.toml.
struct ComplaintRules {
  int reply_working_days = 5;              // 1..30
  std::vector<core::CivilDate> holidays;   // extra non-working days (Shanghai dates)
  int per_terminal_per_hour = 20;          // 1..1000 in any rolling hour
};

// The end (23:59:59 Asia/Shanghai) of the `working_days`-th working day after the Shanghai day
// of `received`; working days are Monday to Friday except `holidays`.
[[nodiscard]] core::Timestamp reply_deadline(core::Timestamp received, int working_days,
                                             const std::vector<core::CivilDate>& holidays);

// Idempotency-Key: 16–64 of A-Z a-z 0-9 _ -.
[[nodiscard]] bool valid_idempotency_key(std::string_view key) noexcept;

// What a kiosk files, checked. 400 bad_field naming the field (never quoting the phone).
struct ComplaintFiling {
  std::string tracking_no;
  core::ComplaintReason reason = core::ComplaintReason::Other;
  nlohmann::json subject;  // normalised: {"kind":"none"} | {"kind":"notice","notice_id"} | {"kind":"payment",…}
  std::string person_tag;  // 64 lowercase hex for a payment, else ""
  std::optional<std::string> phone;
  std::optional<core::Timestamp> filed_at;
};
[[nodiscard]] ComplaintFiling parse_complaint_filing(const nlohmann::json& body);

struct ComplaintReply {
  int status = 200;
  nlohmann::json body;
};

// POST /v1/complaints from `kiosk` (a display is 403). 201 the new complaint's
// {"tracking_no","state","received_at","deadline_at"}; 200 the same for a replay of `key`;
// 409 idempotency_conflict, 400 bad_field (tracking number of another terminal), 409
// duplicate_tracking, 429 throttled (the refusal is recorded on the terminal first, once per key).
ComplaintReply file_complaint(SQLite::Database& db, const Terminal& kiosk, std::string_view key,
                              const ComplaintFiling& filing, const ComplaintRules& rules, std::string_view remote_addr,
                              core::Timestamp now);

// GET /v1/complaints/{no}/status for a kiosk whose scope covers the complaint's region; 400 for a
// malformed number, 404 unknown_complaint for an unknown one or one of another region.
[[nodiscard]] nlohmann::json complaint_status(SQLite::Database& db, const Terminal& kiosk, std::string_view tracking_no,
                                              core::Timestamp now);

// POST /v1/complaints/{no}/rating: 200 the status. 400 stars; 404; 409 not_replied,
// already_rated, idempotency_conflict; a replay of `key` answers the status again.
ComplaintReply rate_complaint(SQLite::Database& db, const Terminal& kiosk, std::string_view tracking_no,
                              std::string_view key, const nlohmann::json& body, std::string_view remote_addr,
                              core::Timestamp now);

// The cadre side. Reading needs may_read on the complaint's region, acting may_write (403).
struct ComplaintQuery {
  std::string region;  // "" = the user's
  std::optional<core::ComplaintState> state;
  bool overdue_only = false;
};
[[nodiscard]] nlohmann::json list_complaints(SQLite::Database& db, const User& user, const ComplaintQuery& query,
                                             core::Timestamp now);
[[nodiscard]] nlohmann::json get_complaint(SQLite::Database& db, const User& user, std::string_view tracking_no,
                                           core::Timestamp now);
nlohmann::json accept_complaint(SQLite::Database& db, const User& user, std::string_view tracking_no,
                                std::string_view remote_addr, core::Timestamp now);
// body {"text"}: 2–500 characters.
nlohmann::json reply_complaint(SQLite::Database& db, const User& user, std::string_view tracking_no,
                               const nlohmann::json& body, std::string_view remote_addr, core::Timestamp now);
// body {"resolution":"resolved"|"unresolved","note"}.
nlohmann::json close_complaint(SQLite::Database& db, const User& user, std::string_view tracking_no,
                               const nlohmann::json& body, std::string_view remote_addr, core::Timestamp now);
// {"phone": "13800138000" | null}, audited complaint.reveal.
nlohmann::json reveal_complaint_phone(SQLite::Database& db, const User& user, std::string_view tracking_no,
                                      std::string_view remote_addr, core::Timestamp now);

// The complaint_stats data of `region` (that region and below) at `now`.
[[nodiscard]] nlohmann::json complaint_stats(SQLite::Database& db, std::string_view region, core::Timestamp now);
// The periodic pass: re-appends the complaint_stats entries whose figures moved with time (the
// overdue count). Opens its own write transaction only when something changed. Returns how many
// entries it appended.
int refresh_complaint_stats(SQLite::Database& db, core::Timestamp now);

// For GET /v1/terminals/self: the highest tracking-number sequence `terminal_id` has filed, 0 if
// none, so that a kiosk whose replica was wiped issues from max(local, server) + 1.
[[nodiscard]] std::int64_t last_tracking_sequence(SQLite::Database& db, std::int64_t terminal_id);

// In memory, per terminal: at most `per_terminal_per_hour` status and rating requests in any
// rolling hour, so that sequential tracking numbers cannot be walked from a kiosk. admit() counts
// the request or throws 429 throttled with a Retry-After; it writes nothing. Thread-safe.
class ComplaintLookupLimiter {
 public:
  explicit ComplaintLookupLimiter(int per_terminal_per_hour = 120);
  void admit(std::int64_t terminal_id, core::Timestamp now);

 private:
  int limit_;
  std::mutex mutex_;
  std::map<std::int64_t, std::deque<core::Timestamp>> seen_;
};

// For GET /v1/terminals: the last refusal for the rate and the refusals in the 24 hours before
// `now` (distinct Idempotency-Keys), by terminal id (terminals never throttled are absent).
struct TerminalThrottle {
  std::string throttled_at;  // UTC ISO
  std::int64_t throttled_count = 0;
};
[[nodiscard]] std::map<std::int64_t, TerminalThrottle> terminal_throttles(SQLite::Database& db, core::Timestamp now);

// Open311 GeoReport v2, JSON only, no personal data and no reply text.
[[nodiscard]] nlohmann::json open311_services();
struct Open311Query {
  std::optional<core::ComplaintReason> service_code;
  std::optional<bool> closed;  // status=open → false, closed → true
  std::optional<core::Timestamp> start, end;  // on requested_datetime: start ≤ t < end
  std::string jurisdiction;  // a region code: it and below; "" for all
};
[[nodiscard]] nlohmann::json open311_requests(SQLite::Database& db, const Open311Query& query);
// A one-element array; 404 unknown_complaint (400 for a malformed number).
[[nodiscard]] nlohmann::json open311_request(SQLite::Database& db, std::string_view tracking_no);

}  // namespace sunlight::feed
