// A complaint's body, and the kiosk's online calls for progress and rating, each on its own connection.
#include "sync/complaints.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>

#include <fmt/format.h>

#include "core/crypto.hpp"
#include "core/date.hpp"
#include "core/text.hpp"
#include "sync/http_client.hpp"

namespace sunlight::sync {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

bool lower_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string str(const json& j, const char* name) {
  const auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// A villager is standing at the kiosk: a status answer that takes longer is no answer.
constexpr auto kCallTimeout = std::chrono::milliseconds(15s);

HttpOptions call_options(const SyncConfig& config) {
  HttpOptions o;
  o.connect_timeout = config.connect_timeout;
  o.total_timeout = std::min<std::chrono::milliseconds>(config.total_timeout, kCallTimeout);
  o.ca_file = config.ca_file;
  o.user_agent = config.version.empty() ? "sunlight-sync" : config.version;
  o.max_body_bytes = std::size_t{1} << 20;
  return o;
}

std::string error_word(const HttpResponse& r) {
  const auto j = json::parse(r.body, nullptr, false);
  return j.is_object() ? str(j, "error") : std::string{};
}

// The server's answer in the kiosk's words.
ComplaintCall interpret(const HttpResponse& r) {
  ComplaintCall call;
  const auto word = error_word(r);
  call.error = fmt::format("HTTP {} {}", r.status, word);
  call.http_status = static_cast<int>(r.status);
  if (r.status == 200) {
    const auto j = json::parse(r.body, nullptr, false);
    call.status = parse_complaint_status(j);
    if (call.status) {
      call.outcome = ComplaintCall::Outcome::Ok;
      call.error.clear();
    } else {
      call.error = "the complaint's status makes no sense";
    }
  } else if (r.status == 404 || r.status == 400) {
    call.outcome = ComplaintCall::Outcome::Unknown;
  } else if (r.status == 409 && word == "not_replied") {
    call.outcome = ComplaintCall::Outcome::NotReplied;
  } else if (r.status == 409 && word == "already_rated") {
    call.outcome = ComplaintCall::Outcome::AlreadyRated;
  }
  return call;
}

ComplaintCall call(const SyncConfig& config, std::string_view tracking_no,
                   const std::function<HttpResponse(HttpClient&, const std::string&)>& request) {
  // Checked here too: a number that is not ten digits must never become part of a URL.
  if (!core::parse_tracking_number(tracking_no)) {
    ComplaintCall refused;
    refused.outcome = ComplaintCall::Outcome::Unknown;
    refused.error = "not a tracking number";
    return refused;
  }
  try {
    HttpClient http(call_options(config));
    return interpret(request(http, fmt::format("{}/v1/complaints/{}", config.feed_url, tracking_no)));
  } catch (const TransportError& e) {
    ComplaintCall offline;
    offline.outcome = ComplaintCall::Outcome::Offline;
    offline.error = core::text::ellipsize(e.what(), 200);
    return offline;
  }
}

std::vector<std::string> auth(const SyncConfig& config) {
  if (config.device_token.empty()) return {};
  return {"Authorization: Bearer " + config.device_token};
}

}  // namespace

void check_draft(const ComplaintDraft& draft) {
  if (!draft.phone.empty() && !core::valid_mobile_number(draft.phone))
    throw std::invalid_argument("phone: must be an 11-digit mobile number");
  const auto& s = draft.subject;
  switch (s.kind) {
    case ComplaintSubject::Kind::Payment:
      if (s.person_tag.size() != 64 || !lower_hex(s.person_tag))
        throw std::invalid_argument("subject.person_tag: must be 64 lowercase hex characters");
      if (s.programme.empty()) throw std::invalid_argument("subject.programme: missing");
      if (!core::parse_date(s.paid_on)) throw std::invalid_argument("subject.paid_on: not a date");
      break;
    case ComplaintSubject::Kind::Notice:
      if (s.notice_id < 1) throw std::invalid_argument("subject.notice_id: missing");
      break;
    case ComplaintSubject::Kind::None:
      break;
  }
}

std::string complaint_body(const ComplaintDraft& draft, const std::string& tracking_no, const std::string& filed_at_iso) {
  json subject;
  switch (draft.subject.kind) {
    case ComplaintSubject::Kind::Payment:
      subject = {{"kind", "payment"},
                 {"person_tag", draft.subject.person_tag},
                 {"programme", draft.subject.programme},
                 {"paid_on", draft.subject.paid_on},
                 {"amount_fen", draft.subject.amount_fen}};
      break;
    case ComplaintSubject::Kind::Notice:
      subject = {{"kind", "notice"}, {"notice_id", draft.subject.notice_id}};
      break;
    case ComplaintSubject::Kind::None:
      subject = {{"kind", "none"}};
      break;
  }
  json body{{"tracking_no", tracking_no},
            {"reason", std::string(core::complaint_reason_word(draft.reason))},
            {"subject", subject},
            {"phone", draft.phone.empty() ? json(nullptr) : json(draft.phone)},
            {"filed_at", filed_at_iso}};
  return body.dump();
}

std::optional<ComplaintStatus> parse_complaint_status(const json& j) {
  if (!j.is_object()) return std::nullopt;
  ComplaintStatus s;
  s.tracking_no = str(j, "tracking_no");
  const auto reason = core::parse_complaint_reason(str(j, "reason"));
  const auto state = core::parse_complaint_state(str(j, "state"));
  if (!core::parse_tracking_number(s.tracking_no) || !reason || !state) return std::nullopt;
  s.reason = *reason;
  s.state = *state;
  s.received_at = str(j, "received_at");
  s.deadline_at = str(j, "deadline_at");
  s.overdue = j.contains("overdue") && j["overdue"].is_boolean() && j["overdue"].get<bool>();
  s.can_rate = j.contains("can_rate") && j["can_rate"].is_boolean() && j["can_rate"].get<bool>();
  if (const auto it = j.find("reply"); it != j.end() && it->is_object()) {
    ComplaintReply reply{str(*it, "text"), str(*it, "at"), str(*it, "by")};
    if (reply.text.empty()) return std::nullopt;
    s.reply = std::move(reply);
  }
  if (const auto it = j.find("rating"); it != j.end() && it->is_number_integer()) {
    const auto stars = it->get<std::int64_t>();
    if (stars < 1 || stars > 5) return std::nullopt;
    s.rating = static_cast<int>(stars);
  }
  return s;
}

ComplaintCall fetch_complaint_status(const SyncConfig& config, std::string_view tracking_no) {
  return call(config, tracking_no,
              [&](HttpClient& http, const std::string& url) { return http.get(url + "/status", auth(config)); });
}

ComplaintCall rate_complaint(const SyncConfig& config, std::string_view tracking_no, int stars,
                             std::string_view idempotency_key) {
  if (stars < 1 || stars > 5) throw std::invalid_argument("stars: 1 to 5");
  return call(config, tracking_no, [&](HttpClient& http, const std::string& url) {
    auto headers = auth(config);
    headers.push_back(fmt::format("Idempotency-Key: {}", idempotency_key));
    return http.post(url + "/rating", json{{"stars", stars}}.dump(), headers);
  });
}

std::string new_idempotency_key() { return core::to_hex(core::random_bytes(16)); }

std::string_view call_outcome_word(ComplaintCall::Outcome outcome) noexcept {
  switch (outcome) {
    case ComplaintCall::Outcome::Ok: return "ok";
    case ComplaintCall::Outcome::Offline: return "offline";
    case ComplaintCall::Outcome::Unknown: return "unknown";
    case ComplaintCall::Outcome::NotReplied: return "not_replied";
    case ComplaintCall::Outcome::AlreadyRated: return "already_rated";
    case ComplaintCall::Outcome::Failed: break;
  }
  return "failed";
}

}  // namespace sunlight::sync
