// The terminal's local SQLite replica: what every screen reads, applied from verified feed bodies one transaction at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <SQLiteCpp/Database.h>

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

// One message waiting in the outbox (complaints later): POSTed to `path` with an
// Idempotency-Key header until the server acknowledges it.
struct OutboxMessage {
  std::int64_t id = 0;
  std::string path;
  std::string idempotency_key;
  std::string body;
  int attempts = 0;
};

struct OutboxCounts {
  std::int64_t pending = 0;
  std::int64_t sent = 0;
  std::int64_t refused = 0;  // a 4xx the server will never accept; kept, with the reason, for the operator
};

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
  static constexpr int kSchemaVersion = 1;

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

  // Forgets everything the feed sent (both streams); keeps the outbox. For a new pinned key or
  // scope, where the old data belongs to another deployment.
  void reset_feed_data();

  // Outbox, in insertion order. add() returns the new message's idempotency key (32 random hex).
  std::string outbox_add(std::string_view path, std::string_view body, std::string_view now_iso);
  [[nodiscard]] std::optional<OutboxMessage> outbox_next();
  void outbox_sent(std::int64_t id, std::string_view now_iso);
  void outbox_refused(std::int64_t id, std::string_view reason, std::string_view now_iso);
  void outbox_attempted(std::int64_t id, std::string_view error);
  [[nodiscard]] OutboxCounts outbox_counts();

  // Person records held (people stream).
  [[nodiscard]] std::int64_t person_count();
  // The sealed record named by a lookup tag (64 lowercase hex), if this kiosk holds one.
  [[nodiscard]] std::optional<std::string> person_record(std::string_view tag_hex);

 private:
  void migrate();
  struct Writers;
  void apply_entry(const FeedEntry& entry, Writers& writers);
  void apply_aggregate(const FeedEntry& entry, Writers& writers);
  void rebuild_rollups();
  SQLite::Database db_;
};

// The replica file inside a terminal's data dir.
[[nodiscard]] std::filesystem::path replica_file(const std::filesystem::path& data_dir);

}  // namespace sunlight::sync
