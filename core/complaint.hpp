// Complaints and suggestions (投诉建议): the words the kiosk, the server and the console share.
// docs/complaints.md is the contract.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/i18n.hpp"

namespace sunlight::core {

// The five big buttons at the kiosk; no free text.
enum class ComplaintReason {
  AmountMismatch,  // amount_mismatch 金额不符
  NotReceived,     // not_received 未收到
  WrongInfo,       // wrong_info 信息有误
  Other,           // other 其他问题
  Suggestion,      // suggestion 意见建议
};
inline constexpr ComplaintReason kComplaintReasons[] = {ComplaintReason::AmountMismatch, ComplaintReason::NotReceived,
                                                        ComplaintReason::WrongInfo, ComplaintReason::Other,
                                                        ComplaintReason::Suggestion};

// received → accepted → replied → closed; closed_unresolved is its own end (never "resolved").
enum class ComplaintState { Received, Accepted, Replied, Closed, ClosedUnresolved };

// The wire word ("amount_mismatch") and back; nullopt for anything else (case-sensitive).
[[nodiscard]] std::string_view complaint_reason_word(ComplaintReason reason) noexcept;
[[nodiscard]] std::optional<ComplaintReason> parse_complaint_reason(std::string_view word) noexcept;
// 金额不符 / "Amount is wrong".
[[nodiscard]] std::string_view complaint_reason_name(ComplaintReason reason, Lang lang = Lang::ZhCn) noexcept;

[[nodiscard]] std::string_view complaint_state_word(ComplaintState state) noexcept;
[[nodiscard]] std::optional<ComplaintState> parse_complaint_state(std::string_view word) noexcept;
// 已收到 / 已受理 / 已答复 / 已办结 / 未解决办结 (English: Received, Accepted, Replied, Closed,
// Closed without resolution).
[[nodiscard]] std::string_view complaint_state_name(ComplaintState state, Lang lang = Lang::ZhCn) noexcept;

// Tracking numbers: 10 digits = terminal id (4) + the kiosk's sequence (5) + a Luhn check digit.
// Made by the kiosk, so unique by construction and available offline.
inline constexpr std::int64_t kMaxTrackingTerminal = 9'999;
inline constexpr std::int64_t kMaxTrackingSequence = 99'999;

// The Luhn check digit ('0'..'9') for a string of digits (the digits only, no check digit yet).
[[nodiscard]] char luhn_check_digit(std::string_view digits) noexcept;
// "0007000425" for terminal 7, sequence 42; nullopt when either is out of 1..max.
[[nodiscard]] std::optional<std::string> make_tracking_number(std::int64_t terminal_id, std::int64_t sequence);

struct TrackingNumber {
  std::int64_t terminal_id = 0;
  std::int64_t sequence = 0;
};
// Exactly 10 ASCII digits (spaces and dashes as typed are the caller's to strip) with a right
// check digit, terminal id and sequence each at least 1; nullopt otherwise.
[[nodiscard]] std::optional<TrackingNumber> parse_tracking_number(std::string_view text) noexcept;
// "0007 00042 5": how screens show it.
[[nodiscard]] std::string format_tracking_number(std::string_view ten_digits);

// A mainland mobile number as the kiosk takes it: 11 digits starting 1[3-9].
[[nodiscard]] bool valid_mobile_number(std::string_view digits) noexcept;
// "138****8000"; "" for anything that is not a valid number.
[[nodiscard]] std::string mask_mobile_number(std::string_view digits);

}  // namespace sunlight::core
