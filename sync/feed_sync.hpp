// The terminal's sync engine: bootstraps and polls the feed on its own thread, applies verified bodies, sends heartbeats and the outbox.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "core/signing.hpp"
#include "sync/complaints.hpp"
#include "sync/config.hpp"
#include "sync/http_client.hpp"
#include "sync/replica.hpp"
#include "sync/terminal_data.hpp"

namespace sunlight::sync {

// What a status line and a heartbeat say about the sync. Plain value type.
struct SyncStatus {
  enum class Connection { Starting, Online, Offline };
  Connection connection = Connection::Starting;
  bool has_data = false;            // the public stream was bootstrapped: screens can show data
  bool people_ready = false;        // kiosks: the people stream was bootstrapped: lookups can answer
  std::int64_t public_seq = 0;
  std::int64_t people_seq = 0;
  std::string last_success;         // UTC ISO time of the last good exchange with the feed (200 or 304)
  std::string data_time;            // UTC ISO time the replica last changed
  // The current problem as a stable word ("" when none): unreachable, server_error, rejected
  // (a response failed verification or checks), key_mismatch, update_needed, unknown_scope,
  // people_refused (token revoked or scope outside the kiosk's), replica (disk full, read-only),
  // duplicate_tracking (the server refused a queued complaint's number as another's: 409).
  std::string problem;
  std::string last_error;           // one English line for operators and heartbeats, "" when none
  std::uint64_t rounds = 0;
  std::uint64_t failed_rounds = 0;
  std::uint64_t rejected_responses = 0;  // bodies refused: signature, shape, sequence
  std::uint64_t bootstraps = 0;          // snapshots applied (both streams)
  std::uint64_t entries_applied = 0;
  std::int64_t clock_skew_seconds = 0;   // server clock minus ours, from /v1/info
  OutboxCounts outbox;
  // Kiosks: the id the server gave this terminal (GET /v1/terminals/self), kept in the replica;
  // 0 until the kiosk has reached the server once. Tracking numbers need it.
  std::int64_t terminal_id = 0;
  long requests_made = 0;
  long connections_opened = 0;           // keep-alive reuse keeps this well below requests_made
};

// One round's outcome, for the command line and tests.
struct RoundResult {
  bool ok = false;
  bool changed = false;  // something was applied
  std::chrono::milliseconds retry_after{0};  // from a 429/503, 0 when none
};

// Owns the writing Replica connection and the HTTP client; everything they do happens on the
// sync thread (or, before start(), on the thread calling run_round()). data(), status(),
// report_frame_ms() and wake() may be called from any thread and never wait on I/O.
class FeedSync {
 public:
  struct Options {
    Replica::Options replica;        // tests: a page cap to provoke "disk full"
    std::uint64_t seed = 0;          // jitter; 0 = random
    bool heartbeats = true;
    // Only reads what the replica holds (sunlight-sync status): creates and writes nothing, and
    // run_round() is refused.
    bool read_only = false;
  };

  // Opens (or creates) the replica in config.data_dir and publishes what it holds, so screens
  // have the last good data before the first request. Throws std::invalid_argument for a
  // config the program should have refused (a bad public key). A replica that cannot be opened
  // is not fatal: the status says why, and each round tries again.
  FeedSync(SyncConfig config, Options options);
  explicit FeedSync(SyncConfig config) : FeedSync(std::move(config), Options{}) {}
  ~FeedSync();
  FeedSync(const FeedSync&) = delete;
  FeedSync& operator=(const FeedSync&) = delete;

  // Starts the sync thread; stop() (or the destructor) ends it within a request's timeout.
  void start();
  void stop();
  // Polls now instead of at the next interval (a screen's "refresh", or a test).
  void wake();

  // One round on the calling thread: bootstrap or poll each stream until it is current, a
  // heartbeat when due, the outbox. Only while the thread is not running.
  RoundResult run_round();

  [[nodiscard]] std::shared_ptr<const TerminalData> data() const { return data_.load(); }
  [[nodiscard]] std::shared_ptr<const SyncStatus> status() const { return status_.load(); }
  void report_frame_ms(double ms) noexcept { frame_ms_.store(ms); }

  // Puts a message in the outbox (survives restarts; sent in order with an idempotency key).
  // Opens its own connection and may wait on the disk: call it from a worker, not the frame.
  // Returns the idempotency key.
  std::string queue_message(const std::string& path, const std::string& json_body);

  // Files a villager's complaint (docs/complaints.md): issues the next tracking number and queues
  // the complaint in the outbox in one transaction, so the number is never reused and never lost,
  // online or not; the sync thread delivers it (now, or when the network is back) and then
  // blanks the stored body. NoTerminalId until the kiosk has reached the server once. Throws
  // std::invalid_argument for a draft the server would refuse (check_draft). Opens its own
  // connection and waits on the disk: call it from a worker.
  FiledComplaint file_complaint(const ComplaintDraft& draft);
  // The online calls for a complaint's progress and its rating (complaints.hpp): from a worker.
  // Where a complaint filed at this kiosk stands in its outbox (None: not one of this replica's),
  // for a number the server does not know yet. Any thread; never throws (None when unreadable).
  [[nodiscard]] LocalComplaint local_complaint(std::string_view tracking_no) const;
  [[nodiscard]] ComplaintCall complaint_status(std::string_view tracking_no) const {
    return fetch_complaint_status(config_, tracking_no);
  }
  [[nodiscard]] ComplaintCall rate(std::string_view tracking_no, int stars, std::string_view idempotency_key) const {
    return rate_complaint(config_, tracking_no, stars, idempotency_key);
  }

  [[nodiscard]] const SyncConfig& config() const noexcept { return config_; }

 private:
  enum class StreamOutcome { Current, Changed };
  void loop();
  bool ensure_replica();
  void check_info();
  StreamOutcome sync_stream(Stream stream);
  void bootstrap(Stream stream);
  // A 401/403 on the people stream: stop reading it, keep the rest working. True when it was one.
  bool refuse_people(Stream stream, const HttpResponse& r);
  void require_ok(const HttpResponse& r) const;  // throws the round's failure for 404 and other non-200s
  // accept_body / Replica::apply, a refusal counted and turned into the round's failure; `what`
  // names the response in the message ("public changes after 1185").
  FeedBody accept(const HttpResponse& r, const Expected& expected, const std::string& what);
  void apply(const FeedBody& body, const std::string& what);
  // Kiosks: asks the server for this terminal's id while the replica has none, and once per
  // start (a re-enrolled kiosk gets a new one). Never fails the round.
  void learn_terminal_id();
  void send_heartbeat();
  void flush_outbox();
  void publish_data();
  void publish_status();
  void fail(std::string problem, std::string error);
  [[nodiscard]] std::vector<std::string> auth_headers() const;
  [[nodiscard]] std::chrono::milliseconds jittered(std::chrono::milliseconds base);

  SyncConfig config_;
  Options options_;
  std::atomic<bool> cancel_{false};  // set by stop(): abandons a transfer in progress
  core::PublicKey key_;
  HttpClient http_;
  std::unique_ptr<Replica> replica_;
  bool replica_read_only_ = false;  // opened for reading only, because writing failed
  std::mt19937_64 rng_;

  // Sync-thread state.
  SyncStatus working_;
  bool info_checked_ = false;
  std::chrono::steady_clock::time_point next_info_check_{};
  // /v1/info named another log than the one a stream was bootstrapped from: start that stream over.
  bool rebootstrap_public_ = false;
  bool rebootstrap_people_ = false;
  bool key_change_pending_ = false;  // the replica's data was verified with another key
  bool people_disabled_ = false;   // the feed refused our token for the people stream
  std::string people_problem_;
  std::string heartbeat_problem_;
  int failures_in_row_ = 0;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point next_people_poll_{};
  std::chrono::steady_clock::time_point next_heartbeat_{};
  bool terminal_id_checked_ = false;
  std::chrono::steady_clock::time_point next_terminal_id_try_{};

  // Shared with readers.
  std::atomic<std::shared_ptr<const TerminalData>> data_;
  std::atomic<std::shared_ptr<const SyncStatus>> status_;
  std::atomic<double> frame_ms_{0.0};

  std::mutex wake_mutex_;
  std::condition_variable wake_cv_;
  bool wake_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

[[nodiscard]] std::string_view connection_word(SyncStatus::Connection c) noexcept;  // starting / online / offline

}  // namespace sunlight::sync
