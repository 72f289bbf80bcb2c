// Complaint words, tracking numbers and phone numbers.
#include "core/complaint.hpp"

#include <fmt/format.h>

namespace sunlight::core {
namespace {

struct ReasonWords {
  ComplaintReason reason;
  std::string_view word, zh, en;
};
constexpr ReasonWords kReasons[] = {
    {ComplaintReason::AmountMismatch, "amount_mismatch", "金额不符", "Amount is wrong"},
    {ComplaintReason::NotReceived, "not_received", "未收到", "Not received"},
    {ComplaintReason::WrongInfo, "wrong_info", "信息有误", "Information is wrong"},
    {ComplaintReason::Other, "other", "其他问题", "Other problem"},
    {ComplaintReason::Suggestion, "suggestion", "意见建议", "Suggestion"},
};

struct StateWords {
  ComplaintState state;
  std::string_view word, zh, en;
};
constexpr StateWords kStates[] = {
    {ComplaintState::Received, "received", "已收到", "Received"},
    {ComplaintState::Accepted, "accepted", "已受理", "Accepted"},
    {ComplaintState::Replied, "replied", "已答复", "Replied"},
    {ComplaintState::Closed, "closed", "已办结", "Closed"},
    {ComplaintState::ClosedUnresolved, "closed_unresolved", "未解决办结", "Closed without resolution"},
};

bool all_digits(std::string_view s) noexcept {
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::string_view complaint_reason_word(ComplaintReason reason) noexcept {
  for (const auto& r : kReasons)
    if (r.reason == reason) return r.word;
  return "other";
}

std::optional<ComplaintReason> parse_complaint_reason(std::string_view word) noexcept {
  for (const auto& r : kReasons)
    if (r.word == word) return r.reason;
  return std::nullopt;
}

std::string_view complaint_reason_name(ComplaintReason reason, Lang lang) noexcept {
  for (const auto& r : kReasons)
    if (r.reason == reason) return lang == Lang::En ? r.en : r.zh;
  return "";
}

std::string_view complaint_state_word(ComplaintState state) noexcept {
  for (const auto& s : kStates)
    if (s.state == state) return s.word;
  return "received";
}

std::optional<ComplaintState> parse_complaint_state(std::string_view word) noexcept {
  for (const auto& s : kStates)
    if (s.word == word) return s.state;
  return std::nullopt;
}

std::string_view complaint_state_name(ComplaintState state, Lang lang) noexcept {
  for (const auto& s : kStates)
    if (s.state == state) return lang == Lang::En ? s.en : s.zh;
  return "";
}

char luhn_check_digit(std::string_view digits) noexcept {
  // Double every second digit from the right of the payload (the check digit will sit at its right).
  int sum = 0;
  bool twice = true;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::optional<std::string> make_tracking_number(std::int64_t terminal_id, std::int64_t sequence) {
  if (terminal_id < 1 || terminal_id > kMaxTrackingTerminal || sequence < 1 || sequence > kMaxTrackingSequence)
    return std::nullopt;
  auto payload = fmt::format("{:04}{:05}", terminal_id, sequence);
  payload += luhn_check_digit(payload);
  return payload;
}

std::optional<TrackingNumber> parse_tracking_number(std::string_view text) noexcept {
  if (text.size() != 10 || !all_digits(text)) return std::nullopt;
  if (luhn_check_digit(text.substr(0, 9)) != text[9]) return std::nullopt;
  TrackingNumber out;
  for (const char c : text.substr(0, 4)) out.terminal_id = out.terminal_id * 10 + (c - '0');
  for (const char c : text.substr(4, 5)) out.sequence = out.sequence * 10 + (c - '0');
  if (out.terminal_id < 1 || out.sequence < 1) return std::nullopt;
  return out;
}

std::string format_tracking_number(std::string_view ten_digits) {
  if (ten_digits.size() != 10) return std::string(ten_digits);
  return fmt::format("{} {} {}", ten_digits.substr(0, 4), ten_digits.substr(4, 5), ten_digits.substr(9));
}

bool valid_mobile_number(std::string_view digits) noexcept {
  return digits.size() == 11 && all_digits(digits) && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9';
}

std::string mask_mobile_number(std::string_view digits) {
  if (!valid_mobile_number(digits)) return {};
  return fmt::format("{}****{}", digits.substr(0, 3), digits.substr(7));
}

}  // namespace sunlight::core
