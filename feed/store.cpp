// Opening, migrating and the small helpers of the feed store; the schema is written out here in full.
#include "feed/store.hpp"

#include <algorithm>
#include <array>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "core/crypto.hpp"

namespace sunlight::feed {
namespace {

// A log id: 16 random bytes from the operating system's CSPRNG, as lowercase hex.
std::string random_log_id() { return core::to_hex(core::random_bytes(16)); }

// Each migration moves the schema from version i to i+1 and runs in one transaction: its SQL,
// then its step in C++ (for what SQL cannot make, like a random id from libsodium). Never edit a
// migration that has shipped; add the next one.
struct Migration {
  std::string_view sql;
  void (*step)(SQLite::Database&) = nullptr;
};

// 1 → 2: the change log gets its identity (Store::log_id), sent in every feed body. A new store
// gets it here too, right after the schema is made.
void add_log_id(SQLite::Database& db) {
  SQLite::Statement q(db, "INSERT INTO meta(key, value) VALUES('log_id', ?) ON CONFLICT(key) DO NOTHING");
  q.bind(1, random_log_id());
  q.exec();
}

constexpr std::array<Migration, 5> kMigrations{{
    {R"sql(
-- Settings kept with the data: seal_params (JSON), district, created_at.
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE regions(
  code TEXT PRIMARY KEY, name TEXT NOT NULL, parent_code TEXT NOT NULL, level TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE funds(
  code TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, department TEXT NOT NULL,
  level TEXT NOT NULL, year INTEGER NOT NULL, budget_fen INTEGER NOT NULL, standard TEXT NOT NULL,
  policy_basis TEXT NOT NULL) WITHOUT ROWID;

-- The latest figure of one fund for one region at one monitoring point (a later file updates it).
CREATE TABLE stages(
  fund_code TEXT NOT NULL, region_code TEXT NOT NULL, stage TEXT NOT NULL, amount_fen INTEGER NOT NULL,
  date TEXT NOT NULL, doc_no TEXT NOT NULL, PRIMARY KEY(fund_code, region_code, stage)) WITHOUT ROWID;

-- Payments with personal fields in clear: they never leave the server unmasked or unsealed.
CREATE TABLE payments(
  payment_id TEXT PRIMARY KEY, resident_id TEXT NOT NULL, name TEXT NOT NULL, region_code TEXT NOT NULL,
  fund_code TEXT NOT NULL, amount_fen INTEGER NOT NULL, paid_on TEXT NOT NULL, method TEXT NOT NULL,
  standard TEXT NOT NULL, address TEXT NOT NULL, import_id INTEGER NOT NULL);
CREATE INDEX payments_by_person ON payments(resident_id);

-- One row per beneficiary: the cached Argon2id output (so a new payment re-seals without paying
-- it again) and whether the sealed record is behind the payments. generation counts the marks,
-- so a sealer that read an older state never clears a newer mark.
CREATE TABLE persons(
  resident_id TEXT PRIMARY KEY, tag BLOB, key BLOB, params_id TEXT, region_code TEXT NOT NULL,
  dirty INTEGER NOT NULL DEFAULT 1, generation INTEGER NOT NULL DEFAULT 1, sealed_seq INTEGER) WITHOUT ROWID;
CREATE INDEX persons_dirty ON persons(dirty) WHERE dirty = 1;

-- What the big screens chart: per fund × region × month.
CREATE TABLE aggregates(
  fund_code TEXT NOT NULL, region_code TEXT NOT NULL, month TEXT NOT NULL,
  plan_fen INTEGER NOT NULL, approve_fen INTEGER NOT NULL, allocate_fen INTEGER NOT NULL,
  disburse_fen INTEGER NOT NULL, paid_fen INTEGER NOT NULL, payments INTEGER NOT NULL,
  beneficiaries INTEGER NOT NULL, PRIMARY KEY(fund_code, region_code, month)) WITHOUT ROWID;

-- Notices and every revision of them: history is never overwritten (DESIGN invariant 10).
CREATE TABLE notices(
  id INTEGER PRIMARY KEY, region_code TEXT NOT NULL, revision INTEGER NOT NULL, status TEXT NOT NULL,
  category TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, publish_at TEXT NOT NULL, expire_at TEXT,
  source TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL,
  retracted_by TEXT, retracted_at TEXT, retract_reason TEXT);
CREATE INDEX notices_by_region ON notices(region_code);
CREATE TABLE notice_revisions(
  notice_id INTEGER NOT NULL, revision INTEGER NOT NULL, category TEXT NOT NULL, title TEXT NOT NULL,
  body TEXT NOT NULL, publish_at TEXT NOT NULL, expire_at TEXT, author TEXT NOT NULL, at TEXT NOT NULL,
  PRIMARY KEY(notice_id, revision)) WITHOUT ROWID;

-- The append-only change log (DESIGN invariant 2). body is the entry exactly as terminals get it.
-- stream 0 is public (regions, funds, notices, aggregates); 1 is people (sealed records), for
-- enrolled kiosks only.
CREATE TABLE changes(
  seq INTEGER PRIMARY KEY, stream INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
  region TEXT NOT NULL, op TEXT NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL);
-- The latest entry of each (kind, key): what a bootstrap snapshot is made of.
CREATE TABLE current(
  stream INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL, region TEXT NOT NULL,
  PRIMARY KEY(stream, kind, key)) WITHOUT ROWID;
CREATE INDEX current_by_region ON current(stream, region);

CREATE TABLE users(
  id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
  region_code TEXT NOT NULL, password_hash TEXT NOT NULL, created_at TEXT NOT NULL, disabled_at TEXT);
-- Only hashes of session and device tokens are stored: a copied database logs nobody in.
CREATE TABLE sessions(
  token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL,
  remote_addr TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE terminals(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, scope TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE, enrolled_at TEXT NOT NULL, revoked_at TEXT,
  last_seen_at TEXT, version TEXT, data_seq INTEGER, uptime_seconds INTEGER, memory_bytes INTEGER,
  frame_ms REAL, last_error TEXT, remote_addr TEXT);

-- Who did what, when, from where: every write, from the console or the command line.
CREATE TABLE audit(
  id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, remote_addr TEXT NOT NULL,
  action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL);

CREATE TABLE imports(
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, file_name TEXT NOT NULL, rows INTEGER NOT NULL,
  new_rows INTEGER NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL);
)sql"},
    {"-- meta gains log_id (add_log_id)", add_log_id},
    {R"sql(
-- The region an audit row concerns (a notice's, a user's, a terminal's scope; '' for district-wide
-- work such as imports), so a town's administrator can be shown the rows of their town only.
-- Older rows are given theirs by migration 4.
ALTER TABLE audit ADD COLUMN region TEXT NOT NULL DEFAULT '';

-- Wrong passwords in a row per lower-cased username, whether or not the account exists, and
-- the lock they led to. A row goes away on a successful login, when its lock ends, or when it
-- has been quiet for a day.
CREATE TABLE login_failures(
  username TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure_at TEXT NOT NULL, locked_until TEXT)
  WITHOUT ROWID;
)sql"},
    {R"sql(
-- Audit rows from before schema 3 got region '': give them the region of what they name, as
-- record_audit does now, so a town's administrator sees their town's history from before the
-- upgrade too. Targets that name nothing in the store (user:?, a file name) stay ''.
UPDATE audit SET region = coalesce((SELECT n.region_code FROM notices n
    WHERE n.id = CAST(substr(audit.target, 8) AS INTEGER) AND 'notice:' || n.id = audit.target), '')
  WHERE region = '' AND substr(target, 1, 7) = 'notice:';
UPDATE audit SET region = coalesce((SELECT u.region_code FROM users u WHERE u.username = substr(audit.target, 6)), '')
  WHERE region = '' AND substr(target, 1, 5) = 'user:';
UPDATE audit SET region = coalesce((SELECT t.scope FROM terminals t
    WHERE t.id = CAST(substr(audit.target, 10) AS INTEGER) AND 'terminal:' || t.id = audit.target), '')
  WHERE region = '' AND substr(target, 1, 9) = 'terminal:';

-- GET /v1/audit for a town (a range of region) or an action (a range of action), newest first.
CREATE INDEX audit_by_region ON audit(region, id);
CREATE INDEX audit_by_action ON audit(action, id);

-- The two ranges purge_failures deletes on every failed and every successful login.
CREATE INDEX login_failures_by_lock ON login_failures(locked_until) WHERE locked_until IS NOT NULL;
CREATE INDEX login_failures_by_last ON login_failures(last_failure_at) WHERE locked_until IS NULL;

-- When the last user.login_locked row of a locked name was written: at most one a minute, so
-- refusing a locked name is a read, not a write.
ALTER TABLE login_failures ADD COLUMN refused_audit_at TEXT;
)sql"},
    {R"sql(
-- Complaints from kiosks (docs/complaints.md). phone leaves the server only through an audited
-- reveal; person_tag (the lookup tag as hex) maps to persons.tag and is never returned.
CREATE TABLE complaints(
  tracking_no TEXT PRIMARY KEY, terminal_id INTEGER NOT NULL, region_code TEXT NOT NULL, reason TEXT NOT NULL,
  subject TEXT NOT NULL, person_tag TEXT, phone TEXT, state TEXT NOT NULL, filed_at TEXT NOT NULL,
  received_at TEXT NOT NULL, deadline_at TEXT NOT NULL, updated_at TEXT NOT NULL, reply_text TEXT, replied_at TEXT,
  replied_by TEXT, closed_at TEXT, close_note TEXT, rating INTEGER, rated_at TEXT) WITHOUT ROWID;
CREATE INDEX complaints_by_region ON complaints(region_code, received_at);
CREATE INDEX complaints_by_terminal ON complaints(terminal_id, received_at);
-- Every step of every complaint, oldest first: the history the console shows.
CREATE TABLE complaint_events(
  id INTEGER PRIMARY KEY, tracking_no TEXT NOT NULL, at TEXT NOT NULL, actor_name TEXT NOT NULL, action TEXT NOT NULL,
  state TEXT NOT NULL, note TEXT);
CREATE INDEX complaint_events_by_complaint ON complaint_events(tracking_no, id);
-- Idempotency keys of kiosk writes: what each did, and a hash of its canonical body.
CREATE TABLE complaint_keys(
  key TEXT PRIMARY KEY, terminal_id INTEGER NOT NULL, action TEXT NOT NULL, tracking_no TEXT NOT NULL,
  body_hash TEXT NOT NULL, at TEXT NOT NULL) WITHOUT ROWID;
-- Complaints refused for the rate, one row per (terminal, Idempotency-Key), kept a day
-- (throttled_count counts the distinct keys); the last one on the terminal.
CREATE TABLE complaint_refusals(terminal_id INTEGER NOT NULL, idempotency_key TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX complaint_refusals_by_terminal ON complaint_refusals(terminal_id, at);
ALTER TABLE terminals ADD COLUMN throttled_at TEXT;
)sql"},
}};

}  // namespace

Store::Store(const std::string& file, Mode mode)
try : db_(file, mode == Mode::ReadWrite ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE : SQLite::OPEN_READONLY) {
  db_.setBusyTimeout(10'000);
  if (mode == Mode::ReadWrite) {
    if (file != ":memory:") db_.exec("PRAGMA journal_mode=WAL");
    db_.exec("PRAGMA synchronous=NORMAL");  // WAL + NORMAL: durable at checkpoints, never corrupt
    db_.exec("PRAGMA foreign_keys=ON");
    migrate();
  } else {
    const int version = schema_version();
    if (version == 0) throw StoreError(fmt::format("{} is not a Sunlight store (run sunlight-feed init)", file));
    if (version > kSchemaVersion)
      throw StoreError(fmt::format("{} has schema version {}, newer than this program's {}", file, version,
                                   kSchemaVersion));
  }
} catch (const SQLite::Exception& e) {
  throw StoreError(fmt::format("cannot open store {}: {}", file, e.what()));
}

int Store::schema_version() { return db_.execAndGet("PRAGMA user_version").getInt(); }

void Store::migrate() {
  int version = schema_version();
  if (version > kSchemaVersion)
    throw StoreError(fmt::format("the store has schema version {}, newer than this program's {}: upgrade sunlight-feed",
                                 version, kSchemaVersion));
  if (version == 0) {
    // A fresh file must be empty: never lay our schema over somebody else's database.
    const int tables = db_.execAndGet("SELECT count(*) FROM sqlite_master").getInt();
    if (tables != 0) throw StoreError("the file holds another database, not a Sunlight store");
  }
  while (version < kSchemaVersion) {
    WriteTransaction tx(db_);
    const auto& migration = kMigrations[static_cast<std::size_t>(version)];
    db_.exec(std::string(migration.sql));
    if (migration.step) migration.step(db_);
    ++version;
    db_.exec(fmt::format("PRAGMA user_version={}", version));
    tx.commit();
  }
}

std::string Store::meta(std::string_view key) {
  SQLite::Statement q(db_, "SELECT value FROM meta WHERE key = ?");
  q.bind(1, std::string(key));
  return q.executeStep() ? q.getColumn(0).getString() : std::string{};
}

void Store::set_meta(std::string_view key, std::string_view value) {
  SQLite::Statement q(db_, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  q.bind(1, std::string(key));
  q.bind(2, std::string(value));
  q.exec();
}

std::int64_t head_seq(SQLite::Database& db) { return db.execAndGet("SELECT coalesce(max(seq), 0) FROM changes").getInt64(); }

std::int64_t Store::head_seq() { return feed::head_seq(db_); }

std::string Store::log_id() {
  auto id = meta("log_id");
  if (!is_log_id(id))
    throw StoreError(id.empty() ? "the store has no log id: open it read-write once to migrate it"
                                : "the store's log id is damaged: run sunlight-feed restored to give it a new one");
  return id;
}

std::string Store::renew_log_id() {
  auto id = random_log_id();
  set_meta("log_id", id);
  return id;
}

bool is_log_id(std::string_view text) noexcept {
  return text.size() == 32 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::filesystem::path store_file(const std::filesystem::path& data_dir) { return data_dir / "feed.sqlite"; }

WriteTransaction::WriteTransaction(SQLite::Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

WriteTransaction::~WriteTransaction() {
  if (done_) return;
  try {
    db_.exec("ROLLBACK");
  } catch (...) {  // NOLINT(bugprone-empty-catch): nothing more to do while unwinding
  }
}

void WriteTransaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace sunlight::feed
