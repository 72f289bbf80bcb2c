// The sync round: info check, bootstrap or poll per stream, heartbeat, outbox; and the thread that repeats it.
#include "sync/feed_sync.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "core/complaint.hpp"
#include "core/date.hpp"
#include "core/seal.hpp"
#include "core/text.hpp"

namespace sunlight::sync {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr auto kMaxBackoff = 60s;
constexpr auto kFirstBackoff = 2s;
constexpr std::size_t kMaxErrorBytes = 400;
// /v1/info is checked at start and then this often: it names the log's identity, which is how a
// terminal whose cursor happens to equal a rebuilt feed's head (every poll a 304) still notices.
constexpr auto kInfoInterval = 5min;  // the heartbeat takes 500 bytes of last_error

// A round that could not finish. `problem` is the status word, `error` the operator's line.
struct Failure {
  std::string problem;
  std::string error;
  std::chrono::milliseconds retry_after{0};
};

std::string now_iso() { return core::format_utc_iso(core::now_utc()); }

// The server's {"error","detail"} when it sent one, else the status.
std::string describe_reply(const HttpResponse& r) {
  try {
    const auto j = json::parse(r.body);
    if (j.is_object() && j.contains("error"))
      return fmt::format("HTTP {} {}: {}", r.status, j.value("error", ""),
                         core::text::ellipsize(j.value("detail", ""), 200));
  } catch (const json::exception&) {
  }
  return fmt::format("HTTP {}", r.status);
}

// Retry-After in seconds, as sunlight-feed and nginx send it; an HTTP date or garbage counts as
// absent (the back-off applies). Capped at 10 minutes: a misconfigured proxy must not park a
// village's kiosk for days.
std::chrono::milliseconds retry_after_of(const HttpResponse& r) {
  constexpr auto kMaxRetryAfter = std::chrono::milliseconds(10min);
  const auto value = r.header("retry-after");
  if (value.empty() || value.size() > 9 ||
      !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return 0ms;
  return std::min<std::chrono::milliseconds>(std::chrono::seconds(std::stol(value)), kMaxRetryAfter);
}

std::int64_t resident_memory_bytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0;
  long resident = 0;
  if (!(statm >> pages >> resident)) return 0;
  return static_cast<std::int64_t>(resident) * sysconf(_SC_PAGESIZE);
}

core::PublicKey parse_key(const std::string& text) {
  auto key = core::PublicKey::parse(text);
  if (!key) throw std::invalid_argument("the feed public key in the config is not a valid ed25519 key");
  return key.value();
}

HttpOptions http_options(const SyncConfig& config, const std::atomic<bool>* cancel) {
  HttpOptions o;
  o.connect_timeout = config.connect_timeout;
  o.total_timeout = config.total_timeout;
  o.ca_file = config.ca_file;
  o.user_agent = config.version.empty() ? "sunlight-sync" : config.version;
  o.cancel = cancel;
  return o;
}

}  // namespace

std::string_view connection_word(SyncStatus::Connection c) noexcept {
  switch (c) {
    case SyncStatus::Connection::Online: return "online";
    case SyncStatus::Connection::Offline: return "offline";
    case SyncStatus::Connection::Starting: break;
  }
  return "starting";
}

FeedSync::FeedSync(SyncConfig config, Options options)
    : config_(std::move(config)),
      options_(options),
      key_(parse_key(config_.public_key)),
      http_(http_options(config_, &cancel_)),
      rng_(options.seed != 0 ? options.seed : std::random_device{}()),
      started_(Clock::now()) {
  status_.store(std::make_shared<const SyncStatus>());
  data_.store(std::make_shared<const TerminalData>());
  ensure_replica();
  publish_data();
  publish_status();
}

FeedSync::~FeedSync() { stop(); }

void FeedSync::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = false;
  }
  cancel_.store(false);
  thread_ = std::thread([this] { loop(); });
}

void FeedSync::stop() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  cancel_.store(true);
  wake_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void FeedSync::wake() {
  {
    std::lock_guard lock(wake_mutex_);
    wake_ = true;
  }
  wake_cv_.notify_all();
}

void FeedSync::loop() {
  for (;;) {
    RoundResult result;
    try {
      result = run_round();
    } catch (const std::exception& e) {
      // run_round catches what it expects; anything else must not end the terminal's sync for good.
      fail("internal", e.what());
      ++failures_in_row_;
    }
    std::chrono::milliseconds delay;
    if (result.ok) {
      delay = jittered(config_.poll_interval);
    } else {
      // 2 s, 4 s, 8 s … 60 s: a village whose line is down for a week costs the server nothing.
      const int doublings = std::min(failures_in_row_ - 1, 5);
      delay = std::min<std::chrono::milliseconds>(jittered(kFirstBackoff * (1 << std::max(doublings, 0))), kMaxBackoff);
    }
    delay = std::max(delay, result.retry_after);
    std::unique_lock lock(wake_mutex_);
    wake_cv_.wait_for(lock, delay, [this] { return stopping_ || wake_; });
    wake_ = false;
    if (stopping_) return;
  }
}

std::chrono::milliseconds FeedSync::jittered(std::chrono::milliseconds base) {
  // ±20 %, so that a district's terminals, started together after a power cut, drift apart.
  std::uniform_real_distribution<double> factor(0.8, 1.2);
  return std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(base.count()) * factor(rng_)));
}

bool FeedSync::ensure_replica() {
  if (replica_ && !replica_read_only_) return true;
  const auto file = replica_file(config_.data_dir).string();
  if (options_.read_only) {
    if (replica_) return true;
    try {
      auto replica = std::make_unique<Replica>(file, Replica::Options{Replica::Mode::ReadOnly, 0});
      if (replica->meta("scope") == config_.scope) {
        replica_ = std::move(replica);
        replica_read_only_ = true;
      }
    } catch (const std::exception& e) {
      fail("replica", e.what());
    }
    return replica_ != nullptr;
  }
  const auto key_text = key_.to_text();
  try {
    std::error_code ec;
    std::filesystem::create_directories(config_.data_dir, ec);
    auto replica = std::make_unique<Replica>(file, options_.replica);
    // Data fetched under another key or scope belongs to another deployment or screen: a new
    // key means a rebuilt feed (docs/feed-protocol.md §5.6), a new scope another village.
    if (replica->meta("scope") != config_.scope) {
      // Another region's data must never be shown as this one's.
      if (!replica->meta("scope").empty()) {
        replica->reset_feed_data();
        terminal_id_checked_ = false;
      }
      replica->set_meta("scope", config_.scope);
    }
    if (replica->meta("public_key").empty()) {
      replica->set_meta("public_key", key_text);
    } else if (replica->meta("public_key") != key_text) {
      // A new pinned key (a rebuilt feed, or a typo in the config): both streams start over from
      // a snapshot verified with it, each replacing its tables when it commits. Until then the
      // old data stays on screen; a wrong key therefore costs nothing but a "key" status.
      key_change_pending_ = true;
      rebootstrap_public_ = true;
      rebootstrap_people_ = true;
    }
    // A replica from an older program that skipped entry kinds it did not know (schema 2:
    // complaint_stats): the public stream starts over from a snapshot.
    if (replica->meta("rebootstrap_public") == "1") rebootstrap_public_ = true;
    replica_ = std::move(replica);
    replica_read_only_ = false;
    return true;
  } catch (const std::exception& e) {
    fail("replica", e.what());
  }
  // The folder cannot be written (a read-only mount, a full disk at start-up): keep showing what
  // is there, if it is ours, and try to open it for writing again every round.
  if (!replica_) {
    try {
      auto replica = std::make_unique<Replica>(file, Replica::Options{Replica::Mode::ReadOnly, 0});
      if (replica->meta("public_key") == key_text && replica->meta("scope") == config_.scope) {
        replica_ = std::move(replica);
        replica_read_only_ = true;
      }
    } catch (const std::exception&) {
      // Nothing readable either: the status already says why.
    }
  }
  return false;
}

std::vector<std::string> FeedSync::auth_headers() const {
  if (config_.device_token.empty()) return {};
  return {"Authorization: Bearer " + config_.device_token};
}

void FeedSync::check_info() {
  const auto r = http_.get(config_.feed_url + "/v1/info");
  if (r.status != 200) throw Failure{"server_error", "/v1/info: " + describe_reply(r), retry_after_of(r)};
  if (!core::verify_base64(key_, r.body, r.header("x-sunlight-signature"))) {
    // Only a feed that names another key is a key problem (the config, or a rebuilt feed); a
    // tampered body, a captive portal's page or a missing signature is a bad response.
    const auto claimed = json::parse(r.body, nullptr, false);
    if (claimed.is_object() && claimed.contains("public_key") && claimed["public_key"].is_string() &&
        claimed["public_key"].get<std::string>() != key_.to_text())
      throw Failure{"key_mismatch",
                    "the feed signs with another key than this terminal's public_key: a rebuilt feed needs its new "
                    "key in the config"};
    ++working_.rejected_responses;
    throw Failure{"rejected", "/v1/info refused: it is not signed by the pinned feed key"};
  }
  json info;
  try {
    info = json::parse(r.body);
  } catch (const json::exception&) {
    throw Failure{"rejected", "/v1/info is not JSON"};
  }
  if (!info.is_object() || info.value("format", "") != "sunlight-feed/1")
    throw Failure{"update_needed", "the feed speaks another protocol version: a software update is needed"};
  if (info.value("public_key", "") != key_.to_text())
    throw Failure{"key_mismatch", "the feed names another public key than the pinned one"};
  if (const auto now = core::parse_utc_iso(info.value("now", "")))
    working_.clock_skew_seconds = (now.value() - core::now_utc()).count();
  if (const auto log_id = info.value("log_id", std::string{}); !log_id.empty() && replica_) {
    const auto differs = [&](Stream stream) {
      const auto state = replica_->stream_state(stream);
      return state.bootstrapped && !state.log_id.empty() && state.log_id != log_id;
    };
    rebootstrap_public_ = rebootstrap_public_ || differs(Stream::Public);
    rebootstrap_people_ = rebootstrap_people_ || differs(Stream::People);
  }
  info_checked_ = true;
  next_info_check_ = Clock::now() + kInfoInterval;
}

bool FeedSync::refuse_people(Stream stream, const HttpResponse& r) {
  if (stream != Stream::People || (r.status != 401 && r.status != 403)) return false;
  people_disabled_ = true;
  people_problem_ = fmt::format("the feed refused this kiosk's device token for person records ({}): enrol the "
                                "kiosk again or check its scope",
                                describe_reply(r));
  return true;
}

void FeedSync::require_ok(const HttpResponse& r) const {
  if (r.status == 404) throw Failure{"unknown_scope", fmt::format("scope {}: {}", config_.scope, describe_reply(r))};
  if (r.status != 200) throw Failure{"server_error", describe_reply(r), retry_after_of(r)};
}

FeedBody FeedSync::accept(const HttpResponse& r, const Expected& expected, const std::string& what) {
  try {
    auto body = accept_body(key_, r.body, r.header("x-sunlight-signature"), expected);
    if (expected.stream == Stream::People && expected.snapshot && !core::SealParams::from_json(*body.seal))
      throw BodyError("the people stream's seal parameters are not ones this kiosk can use");
    return body;
  } catch (const BodyError& e) {
    ++working_.rejected_responses;
    throw Failure{"rejected", fmt::format("{} refused: {}", what, e.what())};
  }
}

void FeedSync::apply(const FeedBody& body, const std::string& what) {
  try {
    working_.entries_applied += replica_->apply(body, now_iso());
  } catch (const BodyError& e) {  // an entry without the fields its kind needs: nothing was applied
    ++working_.rejected_responses;
    throw Failure{"rejected", fmt::format("{} refused: {}", what, e.what())};
  }
}

void FeedSync::bootstrap(Stream stream) {
  const bool people = stream == Stream::People;
  const auto url = fmt::format("{}/v1/feed/{}/{}snapshot", config_.feed_url, config_.scope, people ? "people/" : "");
  const auto r = http_.get(url, people ? auth_headers() : std::vector<std::string>{});
  if (refuse_people(stream, r)) return;
  require_ok(r);
  const auto what = fmt::format("{} snapshot", stream_word(stream));
  apply(accept(r, Expected{true, stream, config_.scope, 0}, what), what);
  ++working_.bootstraps;
  if (key_change_pending_) {
    const bool people_needed = config_.kind == TerminalKind::Kiosk && !config_.device_token.empty() && !people_disabled_;
    const bool both_done = stream == Stream::People || !people_needed;
    if (both_done || (stream == Stream::Public && !rebootstrap_people_)) {
      replica_->set_meta("public_key", key_.to_text());
      key_change_pending_ = false;
    }
  }
}

FeedSync::StreamOutcome FeedSync::sync_stream(Stream stream) {
  const bool people = stream == Stream::People;
  auto state = replica_->stream_state(stream);
  bool& rebootstrap = people ? rebootstrap_people_ : rebootstrap_public_;
  if (!state.bootstrapped || rebootstrap) {
    bootstrap(stream);
    rebootstrap = false;
    return StreamOutcome::Changed;
  }
  StreamOutcome outcome = StreamOutcome::Current;
  for (;;) {
    if (cancel_.load()) return outcome;
    const auto url = fmt::format("{}/v1/feed/{}/{}changes?after={}&limit={}", config_.feed_url, config_.scope,
                                 people ? "people/" : "", state.cursor, config_.page_entries);
    auto headers = people ? auth_headers() : std::vector<std::string>{};
    // "Has the head moved past my cursor?" (docs/feed-protocol.md §5.5): our own cursor, not the last ETag.
    headers.push_back(fmt::format("If-None-Match: \"{}{}\"", people ? "p" : "", state.cursor));
    const auto r = http_.get(url, headers);
    if (r.status == 304) return outcome;
    if (r.status == 409) {
      // The feed's log is behind our cursor: restored from a backup, or rebuilt. Start over
      // from a snapshot; the old data stays on screen until it commits.
      bootstrap(stream);
      return StreamOutcome::Changed;
    }
    if (refuse_people(stream, r)) return outcome;
    require_ok(r);

    const auto what = fmt::format("{} changes after {}", stream_word(stream), state.cursor);
    const auto body = accept(r, Expected{false, stream, config_.scope, state.cursor}, what);
    // Another log than the one we bootstrapped from (a wiped and rebuilt feed, or a restored
    // one): its seqs mean other things. And a people stream sealed with new parameters: every
    // tag changed. Either way the replica starts over from a snapshot.
    const bool other_log = !body.log_id.empty() && !state.log_id.empty() && body.log_id != state.log_id;
    const bool new_seal = people && body.seal && body.seal->dump() != state.seal;
    if (other_log || new_seal) {
      bootstrap(stream);
      return StreamOutcome::Changed;
    }
    apply(body, what);
    if (!body.entries.empty()) outcome = StreamOutcome::Changed;
    if (!body.more) return outcome;
    state = replica_->stream_state(stream);
  }
}

RoundResult FeedSync::run_round() {
  if (options_.read_only) throw std::logic_error("FeedSync::run_round on a read-only FeedSync");
  RoundResult result;
  ++working_.rounds;
  // A round may commit pages and then fail on a later one: what was committed still goes to
  // the screens this round.
  const auto applied_before = working_.entries_applied;
  const auto bootstraps_before = working_.bootstraps;
  try {
    // A replica that cannot be written cannot take anything the feed sends: say so, keep the
    // old data on screen, and fetch nothing until it can.
    if (!ensure_replica()) throw Failure{working_.problem, working_.last_error};
    if (!info_checked_ || Clock::now() >= next_info_check_) check_info();
    if (sync_stream(Stream::Public) == StreamOutcome::Changed) result.changed = true;
    const bool kiosk = config_.kind == TerminalKind::Kiosk && !config_.device_token.empty();
    if (kiosk && !people_disabled_ &&
        (Clock::now() >= next_people_poll_ || !replica_->stream_state(Stream::People).bootstrapped)) {
      if (sync_stream(Stream::People) == StreamOutcome::Changed) result.changed = true;
      next_people_poll_ = Clock::now() + jittered(config_.people_poll_interval);
    }
    if (kiosk) learn_terminal_id();
    working_.connection = SyncStatus::Connection::Online;
    working_.last_success = now_iso();
    working_.problem = people_disabled_ ? "people_refused" : "";
    working_.last_error = people_disabled_ ? people_problem_ : "";
    failures_in_row_ = 0;
    result.ok = true;
  } catch (const Failure& f) {
    result.retry_after = f.retry_after;
    fail(f.problem, f.error);
  } catch (const TransportError& e) {
    fail("unreachable", e.what());
  } catch (const ReplicaError& e) {
    fail("replica", e.what());
  } catch (const std::exception& e) {
    fail("internal", e.what());
  }
  if (!result.ok) {
    ++working_.failed_rounds;
    ++failures_in_row_;
    // The feed answered but what it sent was refused: we reached it, yet we are not current.
    working_.connection = SyncStatus::Connection::Offline;
  }
  // New data goes to the screens before the heartbeat and the outbox, which may wait on the network.
  if (result.changed || working_.entries_applied != applied_before || working_.bootstraps != bootstraps_before)
    publish_data();
  try {
    if (options_.heartbeats && Clock::now() >= next_heartbeat_) send_heartbeat();
    flush_outbox();
  } catch (const std::exception& e) {
    // A damaged replica or a failing disk: said in the status, never a crash of the sync thread.
    fail("replica", e.what());
  }
  publish_status();
  return result;
}

void FeedSync::fail(std::string problem, std::string error) {
  working_.problem = std::move(problem);
  working_.last_error = core::text::ellipsize(error, kMaxErrorBytes / 3);
}

void FeedSync::learn_terminal_id() {
  if (terminal_id_checked_ || Clock::now() < next_terminal_id_try_) return;
  // A feed without the endpoint yet, or a hiccup: try again in a while, not every round.
  next_terminal_id_try_ = Clock::now() + kInfoInterval;
  try {
    const auto r = http_.get(config_.feed_url + "/v1/terminals/self", auth_headers());
    if (r.status != 200) return;
    const auto j = json::parse(r.body, nullptr, false);
    if (!j.is_object() || !j.contains("id") || !j["id"].is_number_integer()) return;
    const auto id = j["id"].get<std::int64_t>();
    if (id < 1 || id > core::kMaxTrackingTerminal) {
      working_.last_error = fmt::format("the feed gave this kiosk the id {}: tracking numbers take 1 to {}", id,
                                        core::kMaxTrackingTerminal);
      return;
    }
    // The highest sequence the server has from this terminal: a wiped or restored replica issues
    // above it, never a number another villager already holds.
    // (A feed that does not send it yet leaves the last value known.)
    if (const auto it = j.find("last_sequence"); it != j.end() && it->is_number_integer()) {
      const auto last_sequence = std::to_string(std::max<std::int64_t>(0, it->get<std::int64_t>()));
      if (replica_->meta("terminal_last_sequence") != last_sequence)
        replica_->set_meta("terminal_last_sequence", last_sequence);
    }
    // The token the id was learned under: another token (re-enrolled, cloned) is another terminal.
    const auto fp = token_fingerprint(config_.device_token);
    if (replica_->meta("terminal_token") != fp) replica_->set_meta("terminal_token", fp);
    if (replica_->meta("terminal_id") != std::to_string(id)) replica_->set_meta("terminal_id", std::to_string(id));
    terminal_id_checked_ = true;
  } catch (const TransportError&) {
    // The next round tries again; the streams already said whether the feed is reachable.
    next_terminal_id_try_ = Clock::now();
  }
}

void FeedSync::send_heartbeat() {
  if (config_.device_token.empty()) return;
  next_heartbeat_ = Clock::now() + config_.heartbeat_interval;
  std::int64_t seq = 0;
  if (replica_) {
    seq = replica_->stream_state(Stream::Public).cursor;
    if (config_.kind == TerminalKind::Kiosk && !people_disabled_)
      seq = std::min(seq, replica_->stream_state(Stream::People).cursor);
  }
  const json body = {
      {"version", core::text::ellipsize(config_.version.empty() ? "sunlight-sync" : config_.version, 60)},
      {"data_seq", seq},
      {"uptime_seconds", std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started_).count()},
      {"memory_bytes", resident_memory_bytes()},
      {"frame_ms", std::clamp(frame_ms_.load(), 0.0, 60'000.0)},
      {"last_error", working_.last_error},
  };
  try {
    const auto r = http_.post(config_.feed_url + "/v1/terminals/heartbeat", body.dump(), auth_headers());
    if (r.status == 401) {
      heartbeat_problem_ = "the feed does not know this terminal's device token: enrol it again";
    } else {
      heartbeat_problem_.clear();
    }
  } catch (const TransportError&) {
    // The round's own request already said the feed is unreachable; the next heartbeat is due
    // in a minute.
  }
}

void FeedSync::flush_outbox() {
  if (!replica_ || replica_read_only_) return;
  try {
    while (auto message = replica_->outbox_next()) {
      if (cancel_.load()) return;
      auto headers = auth_headers();
      headers.push_back("Idempotency-Key: " + message->idempotency_key);
      HttpResponse r;
      try {
        r = http_.post(config_.feed_url + message->path, message->body, headers);
      } catch (const TransportError& e) {
        replica_->outbox_attempted(message->id, e.what());
        return;  // in order: nothing after it goes first
      }
      if (r.status >= 200 && r.status < 300) {
        replica_->outbox_sent(message->id, now_iso());
      } else if (r.status == 400 || r.status == 409 || r.status == 413 || r.status == 415 || r.status == 422) {
        // The server will never take it as it is; keep it, say why, and let the next one go.
        // (401/403/404 are not that: a kiosk being re-enrolled, or a feed without the endpoint
        // yet, must not lose a villager's complaint. They wait like a 5xx.)
        replica_->outbox_refused(message->id, describe_reply(r), now_iso());
      } else {
        replica_->outbox_attempted(message->id, describe_reply(r));
        return;
      }
    }
  } catch (const std::exception& e) {
    fail("replica", e.what());
  }
}

void FeedSync::publish_data() {
  if (!replica_) return;
  try {
    data_.store(load_terminal_data(*replica_, config_.scope, now_iso()));
  } catch (const std::exception& e) {
    fail("replica", e.what());
  }
}

void FeedSync::publish_status() {
  auto status = std::make_shared<SyncStatus>(working_);
  if (status->problem.empty() && !heartbeat_problem_.empty()) {
    status->problem = "token_refused";
    status->last_error = heartbeat_problem_;
  }
  if (replica_) {
    try {
      const auto pub = replica_->stream_state(Stream::Public);
      const auto people = replica_->stream_state(Stream::People);
      status->has_data = pub.bootstrapped;
      status->people_ready = people.bootstrapped;
      status->public_seq = pub.cursor;
      status->people_seq = people.cursor;
      status->data_time = std::max(pub.applied_at, people.applied_at);
      status->outbox = replica_->outbox_counts();
      const auto id = replica_->meta("terminal_id");
      // An id learned under another device token is not this kiosk's (complaint_add refuses it too).
      status->terminal_id = id.empty() || replica_->meta("terminal_token") != token_fingerprint(config_.device_token)
                                ? 0
                                : std::stoll(id);
      if (status->problem.empty() && status->outbox.duplicate_tracking > 0) {
        status->problem = "duplicate_tracking";
        status->last_error = fmt::format(
            "{} complaint(s) refused: the server already holds their tracking number for another complaint; "
            "tell the villagers concerned to file again",
            status->outbox.duplicate_tracking);
      }
    } catch (const std::exception&) {
      // A replica that cannot even be read keeps the figures of the last status.
    }
  }
  status->connections_opened = http_.connections_opened();
  status->requests_made = http_.requests_made();
  status_.store(std::move(status));
}

FiledComplaint FeedSync::file_complaint(const ComplaintDraft& draft) {
  check_draft(draft);
  FiledComplaint filed;
  try {
    Replica replica(replica_file(config_.data_dir).string(), options_.replica);
    const auto now = now_iso();
    const auto issued = replica.complaint_add(
        "/v1/complaints", [&](const std::string& tracking_no) { return complaint_body(draft, tracking_no, now); }, now,
        token_fingerprint(config_.device_token));
    switch (issued.outcome) {
      case IssuedComplaint::Outcome::Queued:
        filed.outcome = FiledComplaint::Outcome::Queued;
        filed.tracking_no = issued.tracking_no;
        wake();
        break;
      case IssuedComplaint::Outcome::NoTerminalId:
        filed.outcome = FiledComplaint::Outcome::NoTerminalId;
        filed.error = "this kiosk has not reached the feed yet, so it has no terminal id for tracking numbers";
        break;
      case IssuedComplaint::Outcome::Exhausted:
        filed.outcome = FiledComplaint::Outcome::Exhausted;
        filed.error = "this kiosk has used all 99,999 tracking numbers";
        break;
    }
  } catch (const ReplicaError& e) {
    filed.outcome = FiledComplaint::Outcome::Failed;
    filed.error = e.what();
  }
  return filed;
}

LocalComplaint FeedSync::local_complaint(std::string_view tracking_no) const {
  try {
    Replica replica(replica_file(config_.data_dir).string(), options_.replica);
    return replica.complaint_local_state(tracking_no);
  } catch (const std::exception&) {
    return LocalComplaint::None;
  }
}

std::string FeedSync::queue_message(const std::string& path, const std::string& json_body) {
  // A path the URL cannot take would fail every round and hold up every message behind it.
  if (path.empty() || path.front() != '/' ||
      std::any_of(path.begin(), path.end(), [](char c) { return c <= ' ' || c == '?' || c == '#' || c == 0x7f; }))
    throw std::invalid_argument("an outbox path must be an absolute path like /v1/complaints");
  Replica outbox(replica_file(config_.data_dir).string(), options_.replica);
  auto key = outbox.outbox_add(path, json_body, now_iso());
  wake();
  return key;
}

}  // namespace sunlight::sync
