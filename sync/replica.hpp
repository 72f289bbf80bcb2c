// The terminal's local SQLite replica: what every screen reads, applied from verified feed bodies one transaction at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "sync/complaints.hpp"
#include "sync/feed_body.hpp"

namespace sunlight::sync {

// Where a stream stands in the replica.
struct StreamState {
  bool bootstrapped = false;   // a snapshot of this stream has been applied
  std::int64_t cursor = 0;     // the seq to poll after
  std::string log_id;          // the feed log it came from ("" from a server without log ids)
  std::string seal;            // people stream: the seal parameters' JSON as the feed sent them
  std::string applied_at;      // UTC ISO time of the last applied body
};

// One message waiting in the outbox (complaints): POSTed to `path` with an
// Idempotency-Key header until the server acknowledges it.
struct OutboxMessage {
  std::int64_t id = 0;
  std::string path;
  std::string idempotency_key;
  std::string body;
  int attempts = 0;
};

// A tracking number issued by Replica::complaint_add, or why none was.
struct IssuedComplaint {
  enum class Outcome {
    Queued,        // tracking_no issued and its complaint in the outbox, both committed
    NoTerminalId,  // the kiosk has not yet learned its id from the server (it must be online once)
    Exhausted,     // all 99,999 sequences of this kiosk are used
  };
  Outcome outcome = Outcome::NoTerminalId;
  std::string tracking_no;      // "0007000425" when Queued
  std::string idempotency_key;  // the outbox message's key
  std::int64_t sequence = 0;
};

struct OutboxCounts {
  std::int64_t pending = 0;
  std::int64_t sent = 0;
  std::int64_t refused = 0;  // a 4xx the server will never accept; kept, with the reason, for the operator
  // Of those refused, complaints whose tracking number the server already holds for another
  // villager (409 duplicate_tracking): the operator must look, the villager's number is void.
  std::int64_t duplicate_tracking = 0;
};

// The fingerprint of a device token kept beside the terminal id ("terminal_token" in meta): the
// first 16 hex characters of its BLAKE2b ("" for no token). An id learned under another token (a re-enrolled or
// cloned kiosk) is not this kiosk's id.
[[nodiscard]] std::string token_fingerprint(std::string_view device_token);


// The replica could not be read or written (disk full, read-only, damaged file). what() is one
// line for the status screen.
class ReplicaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One connection to DATA_DIR/replica.sqlite (WAL). The sync thread owns the writing one; screens
// and lookups open their own (read-only) connections, and WAL gives each a consistent view while
// a batch commits. Not thread-safe: one Replica per thread.
class Replica {
 public:
  enum class Mode { ReadWrite, ReadOnly };
  static constexpr int kSchemaVersion = 2;

  struct Options {
    Mode mode = Mode::ReadWrite;
    // Tests only: caps the file at this many pages, so "disk full" can be provoked on any machine
    // (tests run as root, for whom a read-only folder is still writable). 0 = no cap.
    std::int64_t max_page_count = 0;
  };

  // ":memory:" in tests. Creates and migrates the schema when writable; throws ReplicaError for a
  // file that is not a replica, is newer than this program, or cannot be opened. ReadOnly also
  // opens a replica in a folder that cannot be written (as immutable), so the last data can
  // still be shown.
  explicit Replica(const std::string& file, Options options);
  explicit Replica(const std::string& file) : Replica(file, Options{}) {}

  [[nodiscard]] SQLite::Database& db() noexcept { return db_; }

  // Settings kept with the data: the pinned key and scope it was filled under.
  [[nodiscard]] std::string meta(std::string_view key);
  void set_meta(std::string_view key, std::string_view value);

  [[nodiscard]] StreamState stream_state(Stream stream);

  // Applies a checked body (accept_body) and moves the stream's cursor, in one transaction: a
  // snapshot replaces everything of its stream, a changes page upserts entry by entry. Entries of
  // kinds this program does not know are skipped. Throws BodyError for an entry whose data does
  // not have the fields its kind needs, ReplicaError when SQLite fails; either way nothing of the
  // body is left applied. Returns how many entries were applied.
  std::size_t apply(const FeedBody& body, std::string_view now_iso);

  // Forgets everything the feed sent (both streams) and the terminal id (learned again); keeps the
  // outbox and the complaints issued. For a new pinned key or scope, where the old data belongs
  // to another deployment.
  void reset_feed_data();

  // Outbox, in insertion order. add() returns the new message's idempotency key (32 random hex).
  // A `personal` body (a phone number in it) is blanked once the server has it, and loses its
  // "phone" when the server refuses it; the row stays for the counts and the operator.
  std::string outbox_add(std::string_view path, std::string_view body, std::string_view now_iso, bool personal = false);
  [[nodiscard]] std::optional<OutboxMessage> outbox_next();
  void outbox_sent(std::int64_t id, std::string_view now_iso);
  void outbox_refused(std::int64_t id, std::string_view reason, std::string_view now_iso);
  void outbox_attempted(std::int64_t id, std::string_view error);
  [[nodiscard]] OutboxCounts outbox_counts();

  // Complaints (docs/complaints.md). In one transaction: the next sequence of this kiosk (one
  // above any ever issued, so never reused, even after a crash), its tracking number from the
  // terminal id in meta ("terminal_id"), and `body_for(tracking_no)` queued as a personal message
  // to `path`. The sequence is one above both the highest issued here and the highest the server
  // has from this terminal ("terminal_last_sequence" in meta, from /v1/terminals/self), so a wiped
  // or restored replica never reissues a number. Nothing is issued without a terminal id, nor when
  // the id was learned under another device token than `token_fp` (token_fingerprint). Throws
  // ReplicaError when SQLite fails (then nothing was issued).
  IssuedComplaint complaint_add(std::string_view path, const std::function<std::string(const std::string&)>& body_for,
                                std::string_view now_iso, std::string_view token_fp = {});
  // Where a complaint filed here stands in the outbox: None when this replica never issued it.
  [[nodiscard]] LocalComplaint complaint_local_state(std::string_view tracking_no);
  // Tracking numbers issued so far, oldest first (the operator's view and the tests).
  [[nodiscard]] std::vector<std::string> complaints_issued();

  // Person records held (people stream).
  [[nodiscard]] std::int64_t person_count();
  // The sealed record named by a lookup tag (64 lowercase hex), if this kiosk holds one.
  [[nodiscard]] std::optional<std::string> person_record(std::string_view tag_hex);

 private:
  void migrate();
  void scrub_wal();
  struct Writers;
  void apply_entry(const FeedEntry& entry, Writers& writers);
  void apply_aggregate(const FeedEntry& entry, Writers& writers);
  void rebuild_rollups();
  SQLite::Database db_;
};

// The replica file inside a terminal's data dir.
[[nodiscard]] std::filesystem::path replica_file(const std::filesystem::path& data_dir);

}  // namespace sunlight::sync
