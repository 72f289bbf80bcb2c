// The feed server's SQLite store: one file in the data dir, WAL, schema versioned with migrations.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <SQLiteCpp/Database.h>

namespace sunlight::feed {

// One connection to the store. The server keeps one writer (behind a mutex) and one reader per
// worker thread; SQLite's WAL lets readers see a consistent snapshot while the writer commits.
// Not thread-safe: a Store belongs to one thread at a time.
class Store {
 public:
  enum class Mode { ReadWrite, ReadOnly };
  static constexpr int kSchemaVersion = 5;

  // Opens `file` (":memory:" in tests), creating it and migrating it to kSchemaVersion when
  // opened ReadWrite. Throws StoreError when the file is not a Sunlight store, is newer than
  // this program, or cannot be opened.
  explicit Store(const std::string& file, Mode mode = Mode::ReadWrite);

  [[nodiscard]] SQLite::Database& db() noexcept { return db_; }
  [[nodiscard]] int schema_version();

  // Small settings kept with the data (seal parameters, the district code, creation time).
  [[nodiscard]] std::string meta(std::string_view key);
  void set_meta(std::string_view key, std::string_view value);

  // The last sequence number in the change log, 0 when it is empty.
  [[nodiscard]] std::int64_t head_seq();

  // The identity of this store's change log: 32 lowercase hex characters (16 random bytes),
  // made when the store is created (or migrated to schema 2) and sent in every feed body, so a
  // terminal that bootstrapped from another log knows to bootstrap again. One query: callers
  // that need it often (the server) read it once and keep it. Throws StoreError when the store
  // has none (a schema-1 file opened ReadOnly).
  [[nodiscard]] std::string log_id();

  // Gives the log a new random identity and returns it: after the file was restored from a
  // backup, the log no longer continues the one terminals followed (`sunlight-feed restored`).
  // Runs in the caller's write transaction when there is one.
  std::string renew_log_id();

 private:
  void migrate();
  SQLite::Database db_;
};

// The last sequence number in the change log of `db`, 0 when it is empty (Store::head_seq, for
// code that holds only the connection).
[[nodiscard]] std::int64_t head_seq(SQLite::Database& db);

// Whether `text` is shaped like a log id: exactly 32 lowercase hex characters.
[[nodiscard]] bool is_log_id(std::string_view text) noexcept;

// The store file inside a data dir.
[[nodiscard]] std::filesystem::path store_file(const std::filesystem::path& data_dir);

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// BEGIN IMMEDIATE … COMMIT, rolled back when destroyed uncommitted. SQLiteCpp's Transaction
// starts a deferred transaction, which can fail half-way with SQLITE_BUSY when two writers race;
// taking the write lock up front makes the busy timeout apply instead.
class WriteTransaction {
 public:
  explicit WriteTransaction(SQLite::Database& db);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

 private:
  SQLite::Database& db_;
  bool done_ = false;
};

}  // namespace sunlight::feed
