// Complaints on the terminal's side (docs/complaints.md): the body a kiosk files, and the online calls for a complaint's progress and rating.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/complaint.hpp"
#include "sync/config.hpp"

namespace sunlight::sync {

// What a complaint is about; the kiosk attaches it, the villager types nothing.
struct ComplaintSubject {
  enum class Kind { None, Payment, Notice };
  Kind kind = Kind::None;
  std::string person_tag;        // Payment: the lookup tag (64 lowercase hex) that opened the record, never the ID
  std::string programme;         // Payment: 耕地地力保护补贴
  std::string paid_on;           // Payment: "2026-06-15"
  std::int64_t amount_fen = 0;   // Payment
  std::int64_t notice_id = 0;    // Notice
};

// What the villager chose: a reason from five buttons, what it is about, maybe a phone number.
struct ComplaintDraft {
  core::ComplaintReason reason = core::ComplaintReason::Other;
  ComplaintSubject subject;
  std::string phone;  // "" or 11 digits starting 1[3-9]; wiped by whoever holds the draft
};

// Throws std::invalid_argument naming the first field a server would refuse (never the phone's
// digits): a phone that is not a mobile number, a payment without a 64-hex tag, a programme or
// date, a notice without an id.
void check_draft(const ComplaintDraft& draft);

// The body of POST /v1/complaints for `draft` under `tracking_no`, filed at `filed_at_iso` (UTC).
[[nodiscard]] std::string complaint_body(const ComplaintDraft& draft, const std::string& tracking_no,
                                         const std::string& filed_at_iso);

// FeedSync::file_complaint's answer.
struct FiledComplaint {
  enum class Outcome {
    Queued,        // tracking_no issued; the outbox sends it now or when the network is back
    NoTerminalId,  // the kiosk has never reached the server, so it has no id for numbers yet
    Exhausted,     // 99,999 complaints filed at this kiosk: no numbers left
    Failed,        // the disk (error says why)
  };
  Outcome outcome = Outcome::Failed;
  std::string tracking_no;  // "0007000425" when Queued
  std::string error;        // one English line for anything but Queued
};

struct ComplaintReply {
  std::string text;  // the cadre's answer, shown in large text
  std::string at;    // UTC ISO
  std::string by;    // 李军（村干部）
};

// GET /v1/complaints/{no}/status, as a screen needs it.
struct ComplaintStatus {
  std::string tracking_no;
  core::ComplaintReason reason = core::ComplaintReason::Other;
  core::ComplaintState state = core::ComplaintState::Received;
  std::string received_at;  // UTC ISO: when the server had it (the deadline counts from here)
  std::string deadline_at;  // UTC ISO
  bool overdue = false;
  std::optional<ComplaintReply> reply;
  int rating = 0;           // 1–5 once rated, 0 before
  bool can_rate = false;    // a reply is there and nobody rated yet
};

// Where a complaint filed at this kiosk stands in its own outbox, for a number the server does not
// know (yet): None (not one of this kiosk's), Pending (waiting for the network), Sent, Refused.
enum class LocalComplaint { None, Pending, Sent, Refused };

// The outcome of one online call, in the words a kiosk screen needs.
struct ComplaintCall {
  enum class Outcome {
    Ok,            // status holds the complaint as it is now
    Offline,       // the server could not be reached
    Unknown,       // no such number in this kiosk's region (404), or a malformed one (400)
    NotReplied,    // a rating before the reply (409 not_replied)
    AlreadyRated,  // a second rating (409 already_rated)
    Failed,        // anything else: a busy or refusing server, a body that makes no sense (error says)
  };
  Outcome outcome = Outcome::Failed;
  std::optional<ComplaintStatus> status;
  std::string error;  // one English line for logs; never shown to a villager
  int http_status = 0;  // the server's status code, 0 when none came
  // Unknown or Offline: where the number stands in this kiosk's own outbox (set by the kiosk).
  LocalComplaint local = LocalComplaint::None;
};

// The status object's fields a screen needs, checked; nullopt when one is missing or malformed.
[[nodiscard]] std::optional<ComplaintStatus> parse_complaint_status(const nlohmann::json& j);

// The online calls. Each opens its own HTTP connection with the config's device token, so any
// worker thread may call them (never the frame thread: up to the connect timeout plus 15 s).
[[nodiscard]] ComplaintCall fetch_complaint_status(const SyncConfig& config, std::string_view tracking_no);
// POST …/rating {"stars"} with `idempotency_key`: the same key again after a lost reply replays
// the first answer, so a retry never counts as a second rating.
[[nodiscard]] ComplaintCall rate_complaint(const SyncConfig& config, std::string_view tracking_no, int stars,
                                           std::string_view idempotency_key);
// 32 random hex characters: an Idempotency-Key.
[[nodiscard]] std::string new_idempotency_key();

[[nodiscard]] std::string_view call_outcome_word(ComplaintCall::Outcome outcome) noexcept;  // ok, offline, …

}  // namespace sunlight::sync
