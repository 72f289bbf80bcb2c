// The replica's schema, and applying bodies to it: typed tables per entry kind, plus running totals for the big screens.
#include "sync/replica.hpp"

#include <algorithm>
#include <array>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include "core/complaint.hpp"
#include "core/crypto.hpp"
#include "core/region.hpp"

namespace sunlight::sync {
namespace {

using nlohmann::json;

// Each migration moves the schema from version i to i+1. Never edit one that has shipped.
constexpr std::array<std::string_view, 2> kMigrations{
    R"sql(
-- Settings: public_key and scope the data was fetched under.
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- One row per stream ('public', 'people'): the cursor moves in the same transaction as the data.
CREATE TABLE streams(
  stream TEXT PRIMARY KEY, cursor INTEGER NOT NULL, log_id TEXT NOT NULL, seal TEXT NOT NULL,
  applied_at TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE regions(
  code TEXT PRIMARY KEY, parent TEXT NOT NULL, level TEXT NOT NULL, name TEXT NOT NULL, seq INTEGER NOT NULL)
  WITHOUT ROWID;
CREATE INDEX regions_by_parent ON regions(parent);

CREATE TABLE funds(
  code TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, department TEXT NOT NULL, level TEXT NOT NULL,
  year INTEGER NOT NULL, budget_fen INTEGER NOT NULL, standard TEXT NOT NULL, policy_basis TEXT NOT NULL,
  seq INTEGER NOT NULL) WITHOUT ROWID;

-- Aggregates exactly as the feed sent them (one fund, one region, one month)…
CREATE TABLE aggregates(
  fund TEXT NOT NULL, region TEXT NOT NULL, month TEXT NOT NULL,
  plan_fen INTEGER NOT NULL, approve_fen INTEGER NOT NULL, allocate_fen INTEGER NOT NULL, disburse_fen INTEGER NOT NULL,
  paid_fen INTEGER NOT NULL, payments INTEGER NOT NULL, beneficiaries INTEGER NOT NULL, seq INTEGER NOT NULL,
  PRIMARY KEY(fund, region, month)) WITHOUT ROWID;
-- …and their totals for every region at or above the one they are homed at, per month
-- ('2024-06'), per year ('2024') and over all time ('all'), kept up to date as entries arrive. A screen's chart then
-- reads a few hundred rows instead of summing a district's aggregates every frame.
CREATE TABLE rollups(
  region TEXT NOT NULL, period TEXT NOT NULL, fund TEXT NOT NULL,
  plan_fen INTEGER NOT NULL, approve_fen INTEGER NOT NULL, allocate_fen INTEGER NOT NULL, disburse_fen INTEGER NOT NULL,
  paid_fen INTEGER NOT NULL, payments INTEGER NOT NULL, beneficiaries INTEGER NOT NULL,
  PRIMARY KEY(region, period, fund)) WITHOUT ROWID;

-- Notices as columns (a list reads them without parsing JSON); history is the JSON list of
-- revisions, read only for one notice's page.
CREATE TABLE notices(
  id INTEGER PRIMARY KEY, region TEXT NOT NULL, category TEXT NOT NULL, status TEXT NOT NULL, title TEXT NOT NULL,
  body TEXT NOT NULL, publish_at TEXT NOT NULL, expire_at TEXT, created_at TEXT NOT NULL, created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL, updated_by TEXT NOT NULL, revision INTEGER NOT NULL, retracted_at TEXT NOT NULL,
  retracted_by TEXT NOT NULL, retract_reason TEXT NOT NULL, history TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX notices_by_publish ON notices(publish_at);

-- Sealed person records by lookup tag: nothing here names anybody (DESIGN invariant 7).
CREATE TABLE persons(tag TEXT PRIMARY KEY, region TEXT NOT NULL, seq INTEGER NOT NULL, record TEXT NOT NULL)
  WITHOUT ROWID;

-- Messages to the server, sent in id order until acknowledged; kept afterwards for the operator.
CREATE TABLE outbox(
  id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE, body TEXT NOT NULL,
  created_at TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '', done_at TEXT);
CREATE INDEX outbox_pending ON outbox(id) WHERE state = 'pending';
)sql",
    R"sql(
-- Complaints (docs/complaints.md). The public counts per region, as the feed sends them.
CREATE TABLE complaint_stats(
  region TEXT PRIMARY KEY, received INTEGER NOT NULL, accepted INTEGER NOT NULL, replied INTEGER NOT NULL,
  closed INTEGER NOT NULL, closed_unresolved INTEGER NOT NULL, total INTEGER NOT NULL, overdue INTEGER NOT NULL,
  answered INTEGER NOT NULL, answered_on_time INTEGER NOT NULL, stars1 INTEGER NOT NULL, stars2 INTEGER NOT NULL,
  stars3 INTEGER NOT NULL, stars4 INTEGER NOT NULL, stars5 INTEGER NOT NULL, seq INTEGER NOT NULL) WITHOUT ROWID;

-- Every tracking number this kiosk issued, never deleted: the next sequence is one above the
-- highest here, and a number goes into the outbox in the same transaction that issues it.
CREATE TABLE complaints(
  sequence INTEGER PRIMARY KEY, terminal_id INTEGER NOT NULL, tracking_no TEXT NOT NULL UNIQUE,
  outbox_id INTEGER NOT NULL, filed_at TEXT NOT NULL);

-- A message whose body holds a phone number: the body is blanked once the server has it.
ALTER TABLE outbox ADD COLUMN personal INTEGER NOT NULL DEFAULT 0;

-- The entries of kinds version 1 skipped (complaint_stats) are only in a new snapshot: the public
-- stream starts over from one, its old data on screen until that commits.
INSERT INTO meta(key, value) SELECT 'rebootstrap_public', '1' WHERE EXISTS (SELECT 1 FROM streams WHERE stream = 'public');
)sql",
};

constexpr std::string_view kAllTime = "all";  // the rollup period of a fund's whole life

constexpr std::array<const char*, 7> kFigures{"plan_fen",  "approve_fen", "allocate_fen", "disburse_fen",
                                             "paid_fen",  "payments",    "beneficiaries"};

const json& field(const FeedEntry& entry, const char* name) {
  const auto it = entry.data.find(name);
  if (it == entry.data.end())
    throw BodyError(fmt::format("{} entry {} ({}) has no \"{}\"", entry.kind, entry.seq, entry.key.substr(0, 40), name));
  return *it;
}

std::string text(const FeedEntry& entry, const char* name) {
  const auto& value = field(entry, name);
  if (!value.is_string())
    throw BodyError(fmt::format("{} entry {}: \"{}\" is not a string", entry.kind, entry.seq, name));
  return value.get<std::string>();
}

std::int64_t integer(const FeedEntry& entry, const char* name) {
  const auto& value = field(entry, name);
  if (!value.is_number_integer())
    throw BodyError(fmt::format("{} entry {}: \"{}\" is not a whole number", entry.kind, entry.seq, name));
  return value.get<std::int64_t>();
}

std::optional<std::string> optional_text(const FeedEntry& entry, const char* name) {
  const auto& value = field(entry, name);
  if (value.is_null()) return std::nullopt;
  if (!value.is_string())
    throw BodyError(fmt::format("{} entry {}: \"{}\" is neither text nor null", entry.kind, entry.seq, name));
  return value.get<std::string>();
}

// A count the feed sent: a whole number, never negative.
std::int64_t count(const FeedEntry& entry, const char* name) {
  const auto value = integer(entry, name);
  if (value < 0) throw BodyError(fmt::format("{} entry {}: \"{}\" is negative", entry.kind, entry.seq, name));
  return value;
}

bool is_month(std::string_view m) {
  return m.size() == 7 && m[4] == '-' &&
         std::all_of(m.begin(), m.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
}

// SQLite's message for a full disk or read-only file is terse; say what it means for the kiosk.
[[noreturn]] void rethrow_sqlite(const SQLite::Exception& e, std::string_view doing) {
  const int code = e.getErrorCode() & 0xff;
  if (code == SQLITE_FULL)
    throw ReplicaError(fmt::format("the disk is full: could not {} (the data already here is still shown)", doing));
  if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM)
    throw ReplicaError(fmt::format("the data folder is read-only: could not {} (the data already here is still shown)", doing));
  throw ReplicaError(fmt::format("could not {}: {}", doing, e.what()));
}

// Opened read-only, a missing file fails with SQLITE_CANTOPEN, which would be reported as a
// read-only folder; what it means is that nothing has been synced yet.
const std::string& existing_unless_writing(const std::string& file, Replica::Mode mode) {
  std::error_code ec;
  if (mode == Replica::Mode::ReadOnly && file != ":memory:" && !std::filesystem::exists(file, ec) && !ec)
    throw ReplicaError(fmt::format("{} holds no replica yet", file));
  return file;
}

// A replica whose folder cannot be written (a read-only mount, wrong ownership) cannot create
// the WAL index file SQLite needs even to read; opened as immutable it still can, so the screens
// keep showing the last data while the status says what is wrong. Only for reading: immutable
// tells SQLite that nobody writes the file meanwhile, and it skips a WAL left behind.
SQLite::Database open_database(const std::string& file, Replica::Mode mode) {
  const bool read_only = mode == Replica::Mode::ReadOnly;
  SQLite::Database db(existing_unless_writing(file, mode),
                      read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 5000);
  if (!read_only || file == ":memory:") return db;
  try {
    (void)db.execAndGet("PRAGMA user_version");
    return db;
  } catch (const SQLite::Exception& e) {
    if ((e.getErrorCode() & 0xff) != SQLITE_CANTOPEN && (e.getErrorCode() & 0xff) != SQLITE_READONLY) throw;
  }
  std::string uri = "file:";
  for (const char c : file) {  // the URI's own characters must not be read as syntax
    if (c == '%' || c == '?' || c == '#') uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    else uri += c;
  }
  return SQLite::Database(uri + "?immutable=1", SQLite::OPEN_READONLY | SQLite::OPEN_URI, 5000);
}

}  // namespace

std::filesystem::path replica_file(const std::filesystem::path& data_dir) { return data_dir / "replica.sqlite"; }

Replica::Replica(const std::string& file, Options options) try
    : db_(open_database(file, options.mode)) {
  const int version = db_.execAndGet("PRAGMA user_version").getInt();
  if (version > kSchemaVersion)
    throw ReplicaError(fmt::format("{} is from a newer sunlight (schema {}, this program knows {})", file, version,
                                   kSchemaVersion));
  if (options.mode == Mode::ReadOnly) {
    if (version == 0) throw ReplicaError(fmt::format("{} holds no replica yet", file));
    return;
  }
  if (file != ":memory:") db_.exec("PRAGMA journal_mode=WAL");
  // FULL: a commit is on disk before the cursor moves on, so a power cut loses nothing applied.
  db_.exec("PRAGMA synchronous=FULL");
  // A blanked phone number must not stay readable in a freed page.
  db_.exec("PRAGMA secure_delete=ON");
  if (options.max_page_count > 0) db_.exec(fmt::format("PRAGMA max_page_count={}", options.max_page_count));
  migrate();
} catch (const SQLite::Exception& e) {
  rethrow_sqlite(e, fmt::format("open the replica {}", file));
}

void Replica::migrate() {
  int version = db_.execAndGet("PRAGMA user_version").getInt();
  if (version == 0) {
    // Refuse a file that already holds someone else's tables rather than writing ours beside them.
    const int tables = db_.execAndGet("SELECT count(*) FROM sqlite_master").getInt();
    if (tables != 0) throw ReplicaError("the replica file holds tables that are not a Sunlight replica");
  }
  for (; version < kSchemaVersion; ++version) {
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    // Another connection (the sync thread, a queue_message, sunlight-sync) may have migrated
    // while we waited for the lock.
    version = db_.execAndGet("PRAGMA user_version").getInt();
    if (version >= kSchemaVersion) break;
    db_.exec(std::string(kMigrations[static_cast<std::size_t>(version)]));
    db_.exec(fmt::format("PRAGMA user_version={}", version + 1));
    tx.commit();
  }
}

std::string Replica::meta(std::string_view key) {
  SQLite::Statement q(db_, "SELECT value FROM meta WHERE key = ?");
  q.bind(1, std::string(key));
  return q.executeStep() ? q.getColumn(0).getString() : std::string{};
}

void Replica::set_meta(std::string_view key, std::string_view value) {
  try {
    SQLite::Statement q(db_, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    q.bind(1, std::string(key));
    q.bind(2, std::string(value));
    q.exec();
  } catch (const SQLite::Exception& e) {
    rethrow_sqlite(e, "save a setting");
  }
}

StreamState Replica::stream_state(Stream stream) {
  SQLite::Statement q(db_, "SELECT cursor, log_id, seal, applied_at FROM streams WHERE stream = ?");
  q.bind(1, std::string(stream_word(stream)));
  StreamState state;
  if (q.executeStep()) {
    state.bootstrapped = true;
    state.cursor = q.getColumn(0).getInt64();
    state.log_id = q.getColumn(1).getString();
    state.seal = q.getColumn(2).getString();
    state.applied_at = q.getColumn(3).getString();
  }
  return state;
}

// The statements one apply() uses, each prepared once and rebound per entry: a district
// snapshot is a hundred thousand entries, and preparing a statement per entry cost more than
// the inserts themselves.
struct Replica::Writers {
  explicit Writers(SQLite::Database& db)
      : region(db, "INSERT OR REPLACE INTO regions VALUES(?,?,?,?,?)"),
        fund(db, "INSERT OR REPLACE INTO funds VALUES(?,?,?,?,?,?,?,?,?,?)"),
        aggregate(db, "INSERT OR REPLACE INTO aggregates VALUES(?,?,?,?,?,?,?,?,?,?,?)"),
        old_aggregate(db, "SELECT plan_fen, approve_fen, allocate_fen, disburse_fen, paid_fen, payments, beneficiaries "
                          "FROM aggregates WHERE fund = ? AND region = ? AND month = ?"),
        rollup(db, "INSERT INTO rollups VALUES(?,?,?,?,?,?,?,?,?,?) ON CONFLICT(region, period, fund) DO UPDATE SET "
                   "plan_fen = plan_fen + excluded.plan_fen, approve_fen = approve_fen + excluded.approve_fen, "
                   "allocate_fen = allocate_fen + excluded.allocate_fen, "
                   "disburse_fen = disburse_fen + excluded.disburse_fen, paid_fen = paid_fen + excluded.paid_fen, "
                   "payments = payments + excluded.payments, beneficiaries = beneficiaries + excluded.beneficiaries"),
        notice(db, "INSERT OR REPLACE INTO notices VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
        person(db, "INSERT OR REPLACE INTO persons VALUES(?,?,?,?)"),
        complaint_stats(db, "INSERT OR REPLACE INTO complaint_stats VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)") {}

  // Clears the previous entry's bindings and state before the next use.
  static SQLite::Statement& fresh(SQLite::Statement& q) {
    q.reset();
    q.clearBindings();
    return q;
  }

  SQLite::Statement region, fund, aggregate, old_aggregate, rollup, notice, person, complaint_stats;
};

std::size_t Replica::apply(const FeedBody& body, std::string_view now_iso) {
  try {
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    const auto stream = std::string(stream_word(body.stream));
    StreamState state;  // a changes page's stream as it stands: the cursor it must continue
    if (body.snapshot) {
      if (body.stream == Stream::People) {
        db_.exec("DELETE FROM persons");
      } else {
        db_.exec("DELETE FROM regions; DELETE FROM funds; DELETE FROM aggregates; DELETE FROM rollups; DELETE FROM notices; "
                 "DELETE FROM complaint_stats; DELETE FROM meta WHERE key = 'rebootstrap_public'");
      }
    } else {
      state = stream_state(body.stream);
      // The caller checked `after` against the cursor it read; a second writer racing it would
      // be a bug, and applying a page twice over a moved cursor must never happen silently.
      if (!state.bootstrapped || state.cursor != body.after)
        throw BodyError(fmt::format("the {} stream's cursor is {}, the page starts after {}", stream, state.cursor,
                                    body.after));
    }
    Writers writers(db_);
    std::size_t applied = 0;
    for (const auto& entry : body.entries) {
      if (body.stream == Stream::People ? entry.kind != "person"
                                        : (entry.kind != "region" && entry.kind != "fund" &&
                                           entry.kind != "aggregate" && entry.kind != "notice" &&
                                           entry.kind != "complaint_stats"))
        continue;  // a kind from a newer feed (§2): skipped, the cursor still moves past it
      if (body.snapshot && entry.kind == "aggregate") {
        // The totals are built once, below, rather than entry by entry.
        const auto month = text(entry, "month");
        if (!is_month(month)) throw BodyError(fmt::format("aggregate entry {}: bad month", entry.seq));
        auto& insert = Writers::fresh(writers.aggregate);
        insert.bind(1, text(entry, "fund"));
        insert.bind(2, text(entry, "region"));
        insert.bind(3, month);
        for (int i = 0; i < 7; ++i) insert.bind(4 + i, integer(entry, kFigures[static_cast<std::size_t>(i)]));
        insert.bind(11, entry.seq);
        insert.exec();
      } else {
        apply_entry(entry, writers);
      }
      ++applied;
    }
    if (body.snapshot && body.stream == Stream::Public) rebuild_rollups();

    SQLite::Statement cursor(db_,
                             "INSERT INTO streams(stream, cursor, log_id, seal, applied_at) VALUES(?,?,?,?,?) "
                             "ON CONFLICT(stream) DO UPDATE SET cursor = excluded.cursor, log_id = excluded.log_id, "
                             "seal = excluded.seal, applied_at = excluded.applied_at");
    cursor.bind(1, stream);
    cursor.bind(2, body.cursor());
    std::string log_id = body.log_id;
    std::string seal = body.seal ? body.seal->dump() : std::string{};
    if (!body.snapshot) {
      // A changes page carries the same log id and seal the snapshot did (the caller checks).
      if (log_id.empty()) log_id = state.log_id;
      if (seal.empty()) seal = state.seal;
    }
    cursor.bind(3, log_id);
    cursor.bind(4, seal);
    cursor.bind(5, std::string(now_iso));
    cursor.exec();
    tx.commit();
    return applied;
  } catch (const SQLite::Exception& e) {
    rethrow_sqlite(e, fmt::format("save {} entries", body.entries.size()));
  }
}

void Replica::apply_entry(const FeedEntry& entry, Writers& writers) {
  if (entry.kind == "region") {
    auto& q = Writers::fresh(writers.region);
    q.bind(1, text(entry, "code"));
    q.bind(2, text(entry, "parent"));
    q.bind(3, text(entry, "level"));
    q.bind(4, text(entry, "name"));
    q.bind(5, entry.seq);
    q.exec();
  } else if (entry.kind == "fund") {
    auto& q = Writers::fresh(writers.fund);
    q.bind(1, text(entry, "code"));
    q.bind(2, text(entry, "name"));
    q.bind(3, text(entry, "category"));
    q.bind(4, text(entry, "department"));
    q.bind(5, text(entry, "level"));
    q.bind(6, integer(entry, "year"));
    q.bind(7, integer(entry, "budget_fen"));
    q.bind(8, text(entry, "standard"));
    q.bind(9, text(entry, "policy_basis"));
    q.bind(10, entry.seq);
    q.exec();
  } else if (entry.kind == "aggregate") {
    apply_aggregate(entry, writers);
  } else if (entry.kind == "notice") {
    // Kept as columns, so a list of notices is read without parsing JSON per row.
    const auto& retraction = field(entry, "retraction");
    if (!retraction.is_null() && !retraction.is_object())
      throw BodyError(fmt::format("notice entry {}: \"retraction\" is neither an object nor null", entry.seq));
    const auto retraction_text = [&](const char* name) {
      if (retraction.is_null()) return std::string{};
      const auto it = retraction.find(name);
      if (it == retraction.end() || !it->is_string())
        throw BodyError(fmt::format("notice entry {}: the retraction has no \"{}\"", entry.seq, name));
      return it->get<std::string>();
    };
    const auto& history = field(entry, "history");
    if (!history.is_array()) throw BodyError(fmt::format("notice entry {}: \"history\" is not a list", entry.seq));
    auto& q = Writers::fresh(writers.notice);
    q.bind(1, integer(entry, "id"));
    q.bind(2, text(entry, "region"));
    q.bind(3, text(entry, "category"));
    q.bind(4, text(entry, "status"));
    q.bind(5, text(entry, "title"));
    q.bind(6, text(entry, "body"));
    q.bind(7, text(entry, "publish_at"));
    if (auto expire = optional_text(entry, "expire_at")) q.bind(8, *expire); else q.bind(8);
    q.bind(9, text(entry, "created_at"));
    q.bind(10, text(entry, "created_by"));
    q.bind(11, text(entry, "updated_at"));
    q.bind(12, text(entry, "updated_by"));
    q.bind(13, integer(entry, "revision"));
    q.bind(14, retraction_text("at"));
    q.bind(15, retraction_text("by"));
    q.bind(16, retraction_text("reason"));
    q.bind(17, history.dump());
    q.bind(18, entry.seq);
    q.exec();
  } else if (entry.kind == "person") {
    const auto tag = text(entry, "tag");
    if (tag != entry.key || tag.size() != 64 || !core::from_hex(tag))
      throw BodyError(fmt::format("person entry {}: the tag is not its key in 64 hex characters", entry.seq));
    auto& q = Writers::fresh(writers.person);
    q.bind(1, tag);
    q.bind(2, entry.region);
    q.bind(3, entry.seq);
    q.bind(4, text(entry, "record"));
    q.exec();
  } else if (entry.kind == "complaint_stats") {
    // Counts only (docs/complaints.md): each a whole number ≥ 0, five ratings, keyed by its region.
    const auto region = text(entry, "region");
    const auto normalised = core::normalize_region_code(region);
    if (region != entry.key || !normalised || normalised.value() != region)
      throw BodyError(fmt::format("complaint_stats entry {}: the region is not its key", entry.seq));
    const auto& ratings = field(entry, "ratings");
    if (!ratings.is_array() || ratings.size() != 5 ||
        !std::all_of(ratings.begin(), ratings.end(), [](const json& n) { return n.is_number_integer() && n.get<std::int64_t>() >= 0; }))
      throw BodyError(fmt::format("complaint_stats entry {}: \"ratings\" is not five counts", entry.seq));
    auto& q = Writers::fresh(writers.complaint_stats);
    q.bind(1, region);
    int column = 2;
    for (const char* name : {"received", "accepted", "replied", "closed", "closed_unresolved", "total", "overdue",
                             "answered", "answered_on_time"})
      q.bind(column++, count(entry, name));
    for (const auto& n : ratings) q.bind(column++, n.get<std::int64_t>());
    q.bind(column, entry.seq);
    q.exec();
  }
}

// An aggregate replaces its old figures: the totals of its region and every region above it
// move by the difference, for its month, its year and all time.
void Replica::apply_aggregate(const FeedEntry& entry, Writers& writers) {
  const auto fund = text(entry, "fund");
  const auto region = text(entry, "region");
  const auto month = text(entry, "month");
  if (!is_month(month)) throw BodyError(fmt::format("aggregate entry {}: bad month", entry.seq));
  std::array<std::int64_t, 7> next{};
  for (std::size_t i = 0; i < next.size(); ++i) next[i] = integer(entry, kFigures[i]);

  std::array<std::int64_t, 7> delta = next;
  {
    auto& old = Writers::fresh(writers.old_aggregate);
    old.bind(1, fund);
    old.bind(2, region);
    old.bind(3, month);
    if (old.executeStep())
      for (int i = 0; i < 7; ++i) delta[static_cast<std::size_t>(i)] -= old.getColumn(i).getInt64();
  }
  auto& upsert = Writers::fresh(writers.aggregate);
  upsert.bind(1, fund);
  upsert.bind(2, region);
  upsert.bind(3, month);
  for (int i = 0; i < 7; ++i) upsert.bind(4 + i, next[static_cast<std::size_t>(i)]);
  upsert.bind(11, entry.seq);
  upsert.exec();

  for (std::string_view at = region; !at.empty(); at = core::parent_of_code(at)) {
    for (const auto& period : {month, month.substr(0, 4), std::string(kAllTime)}) {
      auto& add = Writers::fresh(writers.rollup);
      add.bind(1, std::string(at));
      add.bind(2, period);
      add.bind(3, fund);
      for (int i = 0; i < 7; ++i) add.bind(4 + i, delta[static_cast<std::size_t>(i)]);
      add.exec();
    }
  }
}

// After a snapshot: every region's totals in a few GROUP BYs (one per level of the region tree),
// far quicker for a district than entry-by-entry updates. Codes nest by prefix: 6, 9, 12, 15 digits.
void Replica::rebuild_rollups() {
  db_.exec("DELETE FROM rollups");
  for (int length : {6, 9, 12, 15}) {
    for (const char* period : {"month", "substr(month, 1, 4)", "'all'"}) {
      db_.exec(fmt::format(
          "INSERT INTO rollups SELECT substr(region, 1, {0}), {1}, fund, sum(plan_fen), sum(approve_fen), "
          "sum(allocate_fen), sum(disburse_fen), sum(paid_fen), sum(payments), sum(beneficiaries) "
          "FROM aggregates WHERE length(region) >= {0} GROUP BY 1, 2, 3",
          length, period));
    }
  }
}

void Replica::reset_feed_data() {
  try {
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    db_.exec("DELETE FROM streams; DELETE FROM regions; DELETE FROM funds; DELETE FROM aggregates; "
             "DELETE FROM rollups; DELETE FROM notices; DELETE FROM persons; DELETE FROM complaint_stats; "
             "DELETE FROM meta WHERE key IN ('rebootstrap_public', 'terminal_id')");
    tx.commit();
  } catch (const SQLite::Exception& e) {
    rethrow_sqlite(e, "clear the old data");
  }
}

std::string Replica::outbox_add(std::string_view path, std::string_view body, std::string_view now_iso,
                                bool personal) {
  const auto key = core::to_hex(core::random_bytes(16));
  try {
    SQLite::Statement q(db_, "INSERT INTO outbox(path, idempotency_key, body, created_at, personal) VALUES(?,?,?,?,?)");
    q.bind(1, std::string(path));
    q.bind(2, key);
    q.bind(3, std::string(body));
    q.bind(4, std::string(now_iso));
    q.bind(5, personal ? 1 : 0);
    q.exec();
  } catch (const SQLite::Exception& e) {
    rethrow_sqlite(e, "keep the message for sending");
  }
  return key;
}

std::optional<OutboxMessage> Replica::outbox_next() {
  SQLite::Statement q(db_,
                      "SELECT id, path, idempotency_key, body, attempts FROM outbox WHERE state = 'pending' "
                      "ORDER BY id LIMIT 1");
  if (!q.executeStep()) return std::nullopt;
  return OutboxMessage{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                       q.getColumn(3).getString(), q.getColumn(4).getInt()};
}

void Replica::outbox_sent(std::int64_t id, std::string_view now_iso) {
  // The server has it: a phone number in it has no business on this disk any more.
  bool personal = false;
  {
    SQLite::Statement read(db_, "SELECT personal FROM outbox WHERE id = ?");
    read.bind(1, id);
    if (read.executeStep()) personal = read.getColumn(0).getInt() != 0;
  }
  SQLite::Statement q(db_,
                      "UPDATE outbox SET state = 'sent', attempts = attempts + 1, last_error = '', done_at = ?, "
                      "body = CASE WHEN personal THEN '' ELSE body END WHERE id = ?");
  q.bind(1, std::string(now_iso));
  q.bind(2, id);
  q.exec();
  if (personal) scrub_wal();
}

void Replica::scrub_wal() {
  // The old body is still in the WAL until a checkpoint copies the pages back (secure_delete
  // zeroes freed space in the database file): truncate it now. Busy readers only delay this to
  // the next checkpoint; nothing fails for it.
  try {
    db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const SQLite::Exception&) {
  }
}

void Replica::outbox_refused(std::int64_t id, std::string_view reason, std::string_view now_iso) {
  // Kept for the operator (why it was refused, what it was about), but never with a phone number:
  // nothing will ever send it again.
  std::optional<std::string> body;
  {
    SQLite::Statement read(db_, "SELECT body FROM outbox WHERE id = ? AND personal");
    read.bind(1, id);
    if (read.executeStep()) {
      auto j = json::parse(read.getColumn(0).getString(), nullptr, false);
      if (j.is_object()) {
        j.erase("phone");
        body = j.dump();
      } else {
        body = std::string{};
      }
    }
  }
  SQLite::Statement q(db_,
                      "UPDATE outbox SET state = 'refused', attempts = attempts + 1, last_error = ?, done_at = ?, "
                      "body = coalesce(?, body) WHERE id = ?");
  q.bind(1, std::string(reason));
  q.bind(2, std::string(now_iso));
  if (body) q.bind(3, *body); else q.bind(3);
  q.bind(4, id);
  q.exec();
  if (body) scrub_wal();
}

void Replica::outbox_attempted(std::int64_t id, std::string_view error) {
  SQLite::Statement q(db_, "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?");
  q.bind(1, std::string(error));
  q.bind(2, id);
  q.exec();
}

OutboxCounts Replica::outbox_counts() {
  OutboxCounts counts;
  SQLite::Statement q(db_, "SELECT state, count(*) FROM outbox GROUP BY state");
  while (q.executeStep()) {
    const auto state = q.getColumn(0).getString();
    const auto n = q.getColumn(1).getInt64();
    if (state == "pending") counts.pending = n;
    else if (state == "sent") counts.sent = n;
    else if (state == "refused") counts.refused = n;
  }
  counts.duplicate_tracking =
      db_.execAndGet("SELECT count(*) FROM outbox WHERE state = 'refused' AND last_error LIKE '% duplicate_tracking%'")
          .getInt64();
  return counts;
}

IssuedComplaint Replica::complaint_add(std::string_view path,
                                       const std::function<std::string(const std::string&)>& body_for,
                                       std::string_view now_iso, std::string_view token_fp) {
  IssuedComplaint issued;
  try {
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    const auto id_text = meta("terminal_id");
    std::int64_t terminal_id = 0;
    try {
      terminal_id = id_text.empty() ? 0 : std::stoll(id_text);
    } catch (const std::exception&) {
      terminal_id = 0;
    }
    // An id learned under another token belongs to another enrolment (or the kiosk this one was
    // cloned from): its numbers are not ours to issue.
    if (terminal_id < 1 || terminal_id > core::kMaxTrackingTerminal || meta("terminal_token") != token_fp) {
      issued.outcome = IssuedComplaint::Outcome::NoTerminalId;
      return issued;
    }
    std::int64_t server_last = 0;
    try {
      const auto text = meta("terminal_last_sequence");
      server_last = text.empty() ? 0 : std::stoll(text);
    } catch (const std::exception&) {
      server_last = 0;
    }
    const auto local_last = db_.execAndGet("SELECT coalesce(max(sequence), 0) FROM complaints").getInt64();
    const auto sequence = std::max(local_last, server_last) + 1;
    const auto tracking_no = core::make_tracking_number(terminal_id, sequence);
    if (!tracking_no) {
      issued.outcome = IssuedComplaint::Outcome::Exhausted;
      return issued;
    }
    const auto key = outbox_add(path, body_for(*tracking_no), now_iso, true);
    SQLite::Statement q(db_, "INSERT INTO complaints VALUES(?, ?, ?, (SELECT id FROM outbox WHERE idempotency_key = ?), ?)");
    q.bind(1, sequence);
    q.bind(2, terminal_id);
    q.bind(3, *tracking_no);
    q.bind(4, key);
    q.bind(5, std::string(now_iso));
    q.exec();
    tx.commit();
    issued.outcome = IssuedComplaint::Outcome::Queued;
    issued.tracking_no = *tracking_no;
    issued.idempotency_key = key;
    issued.sequence = sequence;
    return issued;
  } catch (const SQLite::Exception& e) {
    rethrow_sqlite(e, "keep the complaint for sending");
  }
}

LocalComplaint Replica::complaint_local_state(std::string_view tracking_no) {
  SQLite::Statement q(db_,
                      "SELECT o.state FROM complaints c LEFT JOIN outbox o ON o.id = c.outbox_id WHERE c.tracking_no = ?");
  q.bind(1, std::string(tracking_no));
  if (!q.executeStep()) return LocalComplaint::None;
  const auto state = q.getColumn(0).isNull() ? std::string{} : q.getColumn(0).getString();
  if (state == "pending") return LocalComplaint::Pending;
  if (state == "refused") return LocalComplaint::Refused;
  return LocalComplaint::Sent;
}

std::string token_fingerprint(std::string_view device_token) {
  if (device_token.empty()) return {};
  return core::generic_hash_hex(device_token).substr(0, 16);
}

std::vector<std::string> Replica::complaints_issued() {
  SQLite::Statement q(db_, "SELECT tracking_no FROM complaints ORDER BY sequence");
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

std::int64_t Replica::person_count() { return db_.execAndGet("SELECT count(*) FROM persons").getInt64(); }

std::optional<std::string> Replica::person_record(std::string_view tag_hex) {
  SQLite::Statement q(db_, "SELECT record FROM persons WHERE tag = ?");
  q.bind(1, std::string(tag_hex));
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

}  // namespace sunlight::sync
