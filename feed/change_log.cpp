// Change-log storage: entries are stored pre-rendered, so serving a page is concatenation.
#include "feed/change_log.hpp"

#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include "feed/store.hpp"

namespace sunlight::feed {
namespace {

// Appends to `sql` the scope condition on column `col` and returns the values to bind, in order.
// Codes nest by prefix and are all digits, so "below S" is the range [S+"0", S+":").
std::vector<std::string> scope_condition(std::string& sql, std::string_view col, Stream stream, std::string_view scope) {
  const std::string s(scope);
  if (stream == Stream::People) {  // the scope itself sorts before all its children
    sql += fmt::format("({0} >= ? AND {0} < ?)", col);
    return {s, s + ":"};
  }
  auto binds = ancestors_or_self(scope);
  sql += fmt::format("({} IN (", col);
  for (std::size_t i = 0; i < binds.size(); ++i) sql += i ? ",?" : "?";
  sql += fmt::format(") OR ({0} >= ? AND {0} < ?))", col);
  binds.push_back(s + "0");
  binds.push_back(s + ":");
  return binds;
}

std::string render_entry(std::int64_t seq, const NewChange& c) {
  nlohmann::json entry = {{"seq", seq}, {"kind", c.kind},   {"key", c.key},  {"op", c.op},
                          {"region", c.region}, {"at", core::format_utc_iso(c.at)}, {"data", c.data}};
  return entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

}  // namespace

ChangeAppender::ChangeAppender(SQLite::Database& db)
    : insert_(db, "INSERT INTO changes(seq, stream, kind, key, region, op, at, body) VALUES(?,?,?,?,?,?,?,?)"),
      current_(db,
               "INSERT INTO current(stream, kind, key, seq, region) VALUES(?,?,?,?,?) "
               "ON CONFLICT(stream, kind, key) DO UPDATE SET seq = excluded.seq, region = excluded.region"),
      next_seq_(head_seq(db) + 1) {}

std::int64_t ChangeAppender::append(const NewChange& change) {
  const std::int64_t seq = next_seq_;
  insert_.reset();
  insert_.bind(1, seq);
  insert_.bind(2, static_cast<int>(change.stream));
  insert_.bind(3, change.kind);
  insert_.bind(4, change.key);
  insert_.bind(5, change.region);
  insert_.bind(6, change.op);
  insert_.bind(7, core::format_utc_iso(change.at));
  insert_.bind(8, render_entry(seq, change));
  insert_.exec();
  current_.reset();
  current_.bind(1, static_cast<int>(change.stream));
  current_.bind(2, change.kind);
  current_.bind(3, change.key);
  current_.bind(4, seq);
  current_.bind(5, change.region);
  current_.exec();
  ++next_seq_;
  ++appended_;
  return seq;
}

std::int64_t append_change(SQLite::Database& db, const NewChange& change) { return ChangeAppender(db).append(change); }

ChangesPage read_changes(SQLite::Database& db, Stream stream, std::string_view scope, std::int64_t after, int limit) {
  ChangesPage page;
  page.after = after;
  SQLite::Transaction read(db);  // deferred: the first SELECT pins one snapshot for both queries
  page.head = head_seq(db);
  std::string sql = "SELECT seq, body FROM changes WHERE seq > ? AND stream = ? AND ";
  const auto binds = scope_condition(sql, "region", stream, scope);
  sql += " ORDER BY seq LIMIT ?";
  SQLite::Statement q(db, sql);
  int i = 1;
  q.bind(i++, static_cast<std::int64_t>(after));
  q.bind(i++, static_cast<int>(stream));
  for (const auto& b : binds) q.bind(i++, b);
  q.bind(i++, limit + 1);  // one more than asked tells whether there is more
  std::int64_t last = after;
  while (q.executeStep()) {
    if (static_cast<int>(page.entries.size()) == limit) {
      page.more = true;
      break;
    }
    last = q.getColumn(0).getInt64();
    page.entries.push_back(q.getColumn(1).getString());
  }
  read.commit();
  page.next = page.more ? last : std::max(page.head, after);
  return page;
}

Snapshot read_snapshot(SQLite::Database& db, Stream stream, std::string_view scope) {
  Snapshot snap;
  SQLite::Transaction read(db);
  snap.as_of = head_seq(db);
  std::string sql = "SELECT c.body FROM current cur JOIN changes c ON c.seq = cur.seq WHERE cur.stream = ? AND ";
  const auto binds = scope_condition(sql, "cur.region", stream, scope);
  sql += " ORDER BY cur.seq";
  SQLite::Statement q(db, sql);
  int i = 1;
  q.bind(i++, static_cast<int>(stream));
  for (const auto& b : binds) q.bind(i++, b);
  while (q.executeStep()) snap.entries.push_back(q.getColumn(0).getString());
  read.commit();
  return snap;
}

namespace {
void append_entries(std::string& out, const std::vector<std::string>& entries) {
  out += "\"entries\":[";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i) out += ",\n";
    out += entries[i];
  }
  out += "]}\n";
}
void append_seal(std::string& out, std::string_view seal_json) {
  if (seal_json.empty()) return;
  out += "\"seal\":";
  out += seal_json;
  out += ',';
}
// A log id goes into the signed bytes unescaped: only ever the 32 hex characters of Store::log_id.
void check_log_id(std::string_view log_id) {
  if (!is_log_id(log_id)) throw std::invalid_argument("a feed body needs the store's log id (32 lowercase hex)");
}
std::size_t body_size(const std::vector<std::string>& entries) {
  std::size_t n = 512;  // the header, seal included
  for (const auto& e : entries) n += e.size() + 2;
  return n;
}
}  // namespace

std::string render_changes(const ChangesPage& page, Stream stream, std::string_view scope, std::string_view log_id,
                           std::string_view seal_json) {
  check_log_id(log_id);
  std::string out;
  out.reserve(body_size(page.entries));
  out += fmt::format(
      R"({{"format":"{}","log_id":"{}","type":"changes","stream":"{}","scope":"{}","after":{},"next":{},"head":{},"more":{},)",
      kFeedFormat, log_id, stream_name(stream), scope, page.after, page.next, page.head, page.more);
  append_seal(out, seal_json);
  append_entries(out, page.entries);
  return out;
}

std::string render_snapshot(const Snapshot& snapshot, Stream stream, std::string_view scope, std::string_view log_id,
                            std::string_view seal_json) {
  check_log_id(log_id);
  std::string out;
  out.reserve(body_size(snapshot.entries));
  out += fmt::format(R"({{"format":"{}","log_id":"{}","type":"snapshot","stream":"{}","scope":"{}","as_of":{},)",
                     kFeedFormat, log_id, stream_name(stream), scope, snapshot.as_of);
  append_seal(out, seal_json);
  append_entries(out, snapshot.entries);
  return out;
}

}  // namespace sunlight::feed
