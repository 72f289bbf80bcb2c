// The append-only change log (DESIGN invariant 2): appending entries and reading them per scope.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "feed/scope.hpp"

namespace sunlight::feed {

// One entry to append. kind and key name the thing it is about (kind "notice", key "17"); the
// entry carries that thing's whole new state in `data`, so a terminal upserts by (kind, key).
// op says what happened: "upsert" for imported data, "publish" / "edit" / "retract" for notices,
// "seal" for person records.
struct NewChange {
  Stream stream = Stream::Public;
  std::string kind;
  std::string key;
  std::string region;  // the entry's home region, which the scope rules test
  std::string op;
  nlohmann::json data;
  core::Timestamp at;
};

// Appends one entry and makes it the current state of (stream, kind, key). Must run inside the
// caller's write transaction, so the entry commits with the data change it describes. Returns
// the entry's seq.
std::int64_t append_change(SQLite::Database& db, const NewChange& change);

// The same for many entries in one transaction (an import appends hundreds of thousands): keeps
// its statements prepared. Create it inside the write transaction and drop it before commit.
class ChangeAppender {
 public:
  explicit ChangeAppender(SQLite::Database& db);
  std::int64_t append(const NewChange& change);
  [[nodiscard]] std::size_t appended() const noexcept { return appended_; }

 private:
  SQLite::Statement insert_;
  SQLite::Statement current_;
  std::int64_t next_seq_;
  std::size_t appended_ = 0;
};

// A page of entries after a cursor. `next` is the cursor a terminal polls with next time: the
// last entry's seq while there is more, otherwise the head (entries of other scopes are skipped
// for good).
struct ChangesPage {
  std::int64_t after = 0;
  std::int64_t next = 0;
  std::int64_t head = 0;
  bool more = false;
  std::vector<std::string> entries;  // each an entry's JSON exactly as stored
};

// Both readers open their own read transaction (so head and entries agree); call them outside
// any transaction on `db`.
[[nodiscard]] ChangesPage read_changes(SQLite::Database& db, Stream stream, std::string_view scope, std::int64_t after,
                                       int limit);

// The current state of everything that reaches `scope`, as of the head seq.
struct Snapshot {
  std::int64_t as_of = 0;
  std::vector<std::string> entries;  // oldest seq first
};
[[nodiscard]] Snapshot read_snapshot(SQLite::Database& db, Stream stream, std::string_view scope);

// The exact response bodies that get signed (docs/feed-protocol.md, 5.1). `log_id` is the
// store's Store::log_id(), sent right after "format" so a terminal notices when the log it
// follows is not the one it bootstrapped from; anything but 32 lowercase hex characters is a
// bug and throws std::invalid_argument. `seal_json`, when given, is the deployment's seal
// parameters as JSON, sent as "seal" on the people stream so a kiosk has what it needs to
// derive keys from the same bytes it verified.
[[nodiscard]] std::string render_changes(const ChangesPage& page, Stream stream, std::string_view scope,
                                         std::string_view log_id, std::string_view seal_json = {});
[[nodiscard]] std::string render_snapshot(const Snapshot& snapshot, Stream stream, std::string_view scope,
                                          std::string_view log_id, std::string_view seal_json = {});

inline constexpr std::string_view kFeedFormat = "sunlight-feed/1";

}  // namespace sunlight::feed
