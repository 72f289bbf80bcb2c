// Benchmark: the terminal's sync library (issue 4) — bootstraps, idle polls, lookups and the screens' queries against a real feed.
//
//   bench_sync [--runs N] [--work DIR] [--scale village|town|district] [--polls 500]
//              [--query-iterations 300] [--lookups 9] [--dummy-persons 5000]
//
// Builds DIR/sync-SCALE/data once (import, seal at minimum cost, signing key, a kiosk for the
// village with the most payments, a display for the district) and reuses it. One in-process
// feed::FeedServer on 127.0.0.1 serves every run; the terminal side runs on this thread, so its
// CPU time is this thread's (CLOCK_THREAD_CPUTIME_ID), never the server's.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <thread>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "bench/bench_util.hpp"
#include "bench/running_feed.hpp"
#include "bench/feed_data.hpp"
#include "core/crypto.hpp"
#include "core/date.hpp"
#include "core/gzip.hpp"
#include "core/import.hpp"
#include "core/resident_id.hpp"
#include "core/seal.hpp"
#include "core/signing.hpp"
#include "core/text.hpp"
#include "feed/config.hpp"
#include "feed/importer.hpp"
#include "feed/sealer.hpp"
#include "feed/server.hpp"
#include "feed/store.hpp"
#include "feed/terminals.hpp"
#include "gen/district_generator.hpp"
#include "sync/feed_body.hpp"
#include "sync/feed_sync.hpp"
#include "sync/http_client.hpp"
#include "sync/person_lookup.hpp"
#include "sync/queries.hpp"
#include "sync/replica.hpp"
#include "sync/terminal_data.hpp"

using namespace sunlight;
using namespace sunlight::bench;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }
std::string thousands(std::uint64_t n) { return core::text::group_thousands(n); }
double mib(std::uintmax_t bytes) { return static_cast<double>(bytes) / (1 << 20); }

// CPU seconds of the calling thread: the terminal's work, not the in-process server's threads.
double thread_cpu() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(at, values.size() - 1)];
}

std::string list(const std::vector<double>& values, const char* format) {
  std::string out;
  for (double v : values) out += fmt::format(fmt::runtime(format), v);
  return out;
}

std::uintmax_t file_bytes(const fs::path& file) {
  std::error_code ec;
  const auto n = fs::file_size(file, ec);
  return ec ? 0 : n;
}

// ─── the feed's data dir ───

struct Setup {
  std::string district, town, village, kiosk_token, display_token, public_key;
  std::uint64_t payments = 0, persons = 0, village_persons = 0, head = 0;
  double import_seconds = 0, seal_seconds = 0;
  bool built = false;  // by this invocation
};

void write_setup(const Setup& s, const fs::path& file) {
  std::ofstream out(file);
  out << "district " << s.district << "\ntown " << s.town << "\nvillage " << s.village << "\nkiosk_token "
      << s.kiosk_token << "\ndisplay_token " << s.display_token << "\npublic_key " << s.public_key << "\npayments "
      << s.payments << "\npersons " << s.persons << "\nvillage_persons " << s.village_persons << "\nhead " << s.head
      << "\nimport_seconds " << s.import_seconds << "\nseal_seconds " << s.seal_seconds << "\n";
}

std::optional<Setup> read_setup(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::map<std::string, std::string> v;
  std::string key, value;
  while (in >> key >> value) v[key] = value;
  if (!v.contains("seal_seconds")) return std::nullopt;
  Setup s{v["district"], v["town"], v["village"], v["kiosk_token"], v["display_token"], v["public_key"]};
  s.payments = std::stoull(v["payments"]);
  s.persons = std::stoull(v["persons"]);
  s.village_persons = std::stoull(v["village_persons"]);
  s.head = std::stoull(v["head"]);
  s.import_seconds = std::stod(v["import_seconds"]);
  s.seal_seconds = std::stod(v["seal_seconds"]);
  return s;
}

// A feed data dir as bench_feed builds one (the five CSVs imported, every person sealed at the
// minimum cost so the server's sealer is idle), with a kiosk for the village with the most
// payments and a display for the whole district. Built once per --work and scale.
Setup ensure_data_dir(gen::Scale scale, const fs::path& csv_dir, const fs::path& root) {
  const auto setup_file = root / "setup.txt";
  if (auto s = read_setup(setup_file)) return *s;
  fs::remove_all(root);
  fs::create_directories(root / "data");
  ensure_csvs("bench_sync", scale, csv_dir);
  const fs::path data = root / "data";
  Setup s;
  feed::Store store(feed::store_file(data).string());
  const auto built = build_feed_data("bench_sync", csv_dir, data, store);
  s.public_key = built.public_key;
  s.district = built.district;
  s.village = built.village;
  s.payments = built.payments;
  s.persons = built.persons;
  s.import_seconds = built.import_seconds;
  s.seal_seconds = built.seal_seconds;
  auto& db = store.db();
  s.town = s.village.substr(0, 9);
  {
    SQLite::Statement q(db, "SELECT count(*) FROM persons WHERE region_code = ? AND tag IS NOT NULL");
    q.bind(1, s.village);
    q.executeStep();
    s.village_persons = static_cast<std::uint64_t>(q.getColumn(0).getInt64());
  }
  const auto now = core::now_utc();
  s.kiosk_token = feed::enroll_terminal(db, feed::TerminalKind::Kiosk, s.village, "bench kiosk", "bench", now).token;
  s.display_token = feed::enroll_terminal(db, feed::TerminalKind::Display, s.district, "bench display", "bench", now).token;
  s.head = static_cast<std::uint64_t>(store.head_seq());
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  s.built = true;
  write_setup(s, setup_file);  // last: a folder without it is rebuilt
  return s;
}

// Resident IDs of the kiosk's village that have a sealed record, and some of another village.
struct Residents {
  std::vector<std::string> village, elsewhere;
  core::SealParams params;  // the feed's (minimum) seal parameters
};

Residents residents(const fs::path& data, const Setup& setup, int n) {
  feed::Store store(feed::store_file(data).string());
  Residents r;
  r.params = feed::load_seal_params(store);
  SQLite::Statement q(store.db(), "SELECT resident_id FROM persons WHERE region_code = ? AND tag IS NOT NULL "
                                  "ORDER BY resident_id LIMIT ?");
  q.bind(1, setup.village);
  q.bind(2, n);
  while (q.executeStep()) r.village.push_back(q.getColumn(0).getString());
  SQLite::Statement other(store.db(), "SELECT resident_id FROM persons WHERE region_code <> ? AND tag IS NOT NULL "
                                      "ORDER BY resident_id LIMIT ?");
  other.bind(1, setup.village);
  other.bind(2, std::max(1, n / 3));
  while (other.executeStep()) r.elsewhere.push_back(other.getColumn(0).getString());
  // A village-scale feed has no other village: valid IDs nobody in the feed has (a villager's
  // ID with another sequence number and its check digit recomputed) stand in for them.
  SQLite::Statement known(store.db(), "SELECT 1 FROM persons WHERE resident_id = ?");
  for (std::size_t i = 0; i < r.village.size() && r.elsewhere.size() < static_cast<std::size_t>(std::max(1, n / 3)); ++i) {
    std::string id = r.village[i].substr(0, 14) + fmt::format("{:03}", 999 - static_cast<int>(i));
    id += core::resident_id_check_digit(id);
    known.reset();
    known.bind(1, id);
    if (!known.executeStep()) r.elsewhere.push_back(id);
  }
  return r;
}

// ─── the server and the terminals ───


struct Terminal {
  sync::TerminalKind kind;
  std::string scope, token;
  [[nodiscard]] bool kiosk() const { return kind == sync::TerminalKind::Kiosk; }
};

sync::SyncConfig terminal_config(const Terminal& t, const Setup& setup, const std::string& url, const fs::path& dir) {
  sync::SyncConfig c;
  c.kind = t.kind;
  c.feed_url = url;
  c.scope = t.scope;
  c.device_token = t.token;
  c.public_key = setup.public_key;
  c.data_dir = dir;
  c.poll_interval = std::chrono::milliseconds(5'000);
  c.people_poll_interval = std::chrono::hours(1);  // polls below ask for the public stream only unless told
  c.heartbeat_interval = std::chrono::hours(1);    // the first round sends one, as a real terminal does
  c.total_timeout = std::chrono::milliseconds(600'000);
  c.version = "bench_sync";
  return c;
}

// A fresh, empty folder for one terminal's replica.
fs::path fresh_dir(const fs::path& root, const std::string& name) {
  const auto dir = root / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// One bootstrap measured whole: FeedSync's first run_round() on an empty replica — /v1/info,
// snapshot(s) over HTTP, verify, parse, apply, the heartbeat, and building the TerminalData.
struct RoundRun {
  double seconds = 0, cpu = 0;
  std::uintmax_t replica_bytes = 0, wal_bytes = 0;  // wal: while the connection was open
  std::uint64_t entries = 0;
  long peak_rss_growth_kib = 0;  // how far the process's peak resident memory rose during the round
};

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

RoundRun measure_bootstrap(const Terminal& t, const Setup& setup, const std::string& url, const fs::path& dir) {
  RoundRun run;
  {
    sync::FeedSync terminal(terminal_config(t, setup, url, dir));
    const auto rss = peak_rss_kib();
    const auto cpu = thread_cpu();
    const auto start = Clock::now();
    const auto result = terminal.run_round();
    run.seconds = seconds_since(start);
    run.cpu = thread_cpu() - cpu;
    run.peak_rss_growth_kib = peak_rss_kib() - rss;
    const auto status = terminal.status();
    if (!result.ok || !status->has_data || (t.kiosk() && !status->people_ready))
      throw std::runtime_error("bootstrap failed: " + status->last_error);
    run.entries = status->entries_applied;
    run.wal_bytes = file_bytes(sync::replica_file(dir).string() + "-wal");
  }
  // The last connection closed: SQLite checkpointed the WAL into the file and removed it.
  run.replica_bytes = file_bytes(sync::replica_file(dir)) + file_bytes(sync::replica_file(dir).string() + "-wal");
  return run;
}

// The same bootstrap taken apart, one stream at a time: the GET (server answer from its cache,
// transfer, gunzip), the signature check, parsing and checking (accept_body less the signature),
// Replica::apply; then load_terminal_data.
struct StreamSplit {
  double fetch = 0, verify = 0, parse = 0, apply = 0;
  double apply_cpu = 0;  // this thread's CPU during apply (the rest is waiting for fsync or other processes)
  std::size_t bytes = 0, entries = 0;
};

struct SplitRun {
  StreamSplit pub, people;
  double load = 0;
};

StreamSplit split_stream(sync::HttpClient& http, sync::Replica& replica, const core::PublicKey& key,
                         const Terminal& t, const std::string& url, sync::Stream stream) {
  const bool people = stream == sync::Stream::People;
  StreamSplit s;
  auto start = Clock::now();
  const auto r = http.get(fmt::format("{}/v1/feed/{}/{}snapshot", url, t.scope, people ? "people/" : ""),
                          people ? std::vector<std::string>{"Authorization: Bearer " + t.token}
                                 : std::vector<std::string>{});
  s.fetch = seconds_since(start);
  if (r.status != 200) throw std::runtime_error(fmt::format("snapshot answered {}", r.status));
  s.bytes = r.body.size();
  const auto signature = r.header("x-sunlight-signature");
  start = Clock::now();
  if (!core::verify_base64(key, r.body, signature)) throw std::runtime_error("bad signature");
  s.verify = seconds_since(start);
  start = Clock::now();
  const auto body = sync::accept_body(key, r.body, signature, sync::Expected{true, stream, t.scope, 0});
  s.parse = std::max(0.0, seconds_since(start) - s.verify);  // accept_body verifies again first
  s.entries = body.entries.size();
  const auto cpu = thread_cpu();
  start = Clock::now();
  replica.apply(body, core::format_utc_iso(core::now_utc()));
  s.apply = seconds_since(start);
  s.apply_cpu = thread_cpu() - cpu;
  return s;
}

SplitRun measure_split(const Terminal& t, const Setup& setup, const std::string& url, const fs::path& dir) {
  SplitRun run;
  const auto key = core::PublicKey::parse(setup.public_key).value();
  sync::HttpOptions options;
  options.total_timeout = std::chrono::milliseconds(600'000);
  sync::HttpClient http(options);
  sync::Replica replica(sync::replica_file(dir).string());
  run.pub = split_stream(http, replica, key, t, url, sync::Stream::Public);
  if (t.kiosk()) run.people = split_stream(http, replica, key, t, url, sync::Stream::People);
  const auto start = Clock::now();
  const auto data = sync::load_terminal_data(replica, t.scope, core::format_utc_iso(core::now_utc()));
  run.load = seconds_since(start);
  if (!data->has_public) throw std::runtime_error("the split bootstrap left no public data");
  return run;
}

// Idle polls: run_round() on a current replica, each answered 304. Per round: wall and this
// thread's CPU.
struct PollRun {
  std::vector<double> wall, cpu;
  long requests = 0, connections = 0;  // made during the measured rounds
};

PollRun measure_polls(const Terminal& t, const Setup& setup, const std::string& url, const fs::path& dir, int polls,
                      bool with_people) {
  auto config = terminal_config(t, setup, url, dir);
  if (with_people) config.people_poll_interval = std::chrono::milliseconds(0);
  sync::FeedSync terminal(config, sync::FeedSync::Options{{}, 1, false});
  for (int i = 0; i < 3; ++i) terminal.run_round();  // bootstrap (when needed) and warm up
  const auto before = terminal.status();
  PollRun run;
  for (int i = 0; i < polls; ++i) {
    const auto cpu = thread_cpu();
    const auto start = Clock::now();
    const auto result = terminal.run_round();
    run.wall.push_back(seconds_since(start));
    run.cpu.push_back(thread_cpu() - cpu);
    if (!result.ok || result.changed) throw std::runtime_error("an idle poll was not a 304: " + terminal.status()->last_error);
  }
  const auto after = terminal.status();
  run.requests = after->requests_made - before->requests_made;
  run.connections = after->connections_opened - before->connections_opened;
  return run;
}

// ─── queries ───

struct QueryTiming {
  std::string what, scope;
  double median_ms = 0, p99_ms = 0, max_ms = 0;
  double cpu_median_ms = 0;  // this thread's CPU: what the wall time is on a machine nobody else uses
  std::size_t rows = 0;
};

QueryTiming time_query(const std::string& what, const std::string& scope, int iterations,
                       const std::function<std::size_t()>& query) {
  QueryTiming t{what, scope};
  for (int i = 0; i < 5; ++i) t.rows = query();  // page cache and SQLite's cache warm
  std::vector<double> ms, cpu_ms;
  for (int i = 0; i < iterations; ++i) {
    const auto cpu = thread_cpu();
    const auto start = Clock::now();
    t.rows = query();
    ms.push_back(seconds_since(start) * 1e3);
    cpu_ms.push_back((thread_cpu() - cpu) * 1e3);
  }
  t.cpu_median_ms = median(cpu_ms);
  t.median_ms = median(ms);
  t.p99_ms = percentile(ms, 0.99);
  t.max_ms = *std::max_element(ms.begin(), ms.end());
  return t;
}

std::vector<QueryTiming> time_queries(sync::Replica& replica, const std::string& scope, const std::string& label,
                                      int iterations) {
  auto& db = replica.db();
  const auto now = core::format_utc_iso(core::now_utc());
  const auto listed = sync::notices(db, now, sync::TerminalData::kMaxNotices);
  const std::int64_t notice_id = listed.empty() ? 1 : listed.front().id;
  std::string to = "2024-12";
  {
    SQLite::Statement last(db, "SELECT max(period) FROM rollups WHERE region = ? AND length(period) = 7");
    last.bind(1, scope);
    if (last.executeStep() && !last.getColumn(0).isNull()) to = last.getColumn(0).getString();
  }
  const int year = std::stoi(to.substr(0, 4));
  const int months = year * 12 + std::stoi(to.substr(5, 2)) - 1 - 23;  // 24 months, as load_terminal_data
  const std::string from = fmt::format("{:04}-{:02}", months / 12, months % 12 + 1);
  std::vector<QueryTiming> out;
  auto add = [&](const std::string& what, const std::function<std::size_t()>& q) {
    out.push_back(time_query(what, label, iterations, q));
  };
  add("scope_regions", [&] { return sync::scope_regions(db, scope).children.size(); });
  add("notices (200)", [&] { return sync::notices(db, now, sync::TerminalData::kMaxNotices).size(); });
  add("notice (one id)", [&] { return static_cast<std::size_t>(sync::notice(db, notice_id).has_value()); });
  add("funds", [&] { return sync::funds(db).size(); });
  add("fund_totals (all years)", [&] { return sync::fund_totals(db, scope, 0).size(); });
  add(fmt::format("fund_totals ({})", year), [&] { return sync::fund_totals(db, scope, year).size(); });
  add("child_fund_totals (all years)", [&] { return sync::child_fund_totals(db, scope, 0).size(); });
  add(fmt::format("child_fund_totals ({})", year), [&] { return sync::child_fund_totals(db, scope, year).size(); });
  add("monthly_totals (24 months)", [&] { return sync::monthly_totals(db, scope, from, to).size(); });
  add("fund_years", [&] { return sync::fund_years(db).size(); });
  add("load_terminal_data (whole)", [&] { return sync::load_terminal_data(replica, scope, now)->fund_totals.size(); });
  return out;
}

// ─── lookups ───

struct LookupTimes {
  std::vector<double> found, not_found;  // seconds
  int found_ok = 0, not_found_ok = 0;
};

LookupTimes time_lookups(const fs::path& replica_path, const std::vector<std::string>& found_ids,
                         const std::vector<std::string>& missing_ids, int rounds) {
  LookupTimes t;
  auto one = [&](const std::string& id, sync::LookupResult::Outcome want, std::vector<double>& into, int& ok) {
    std::string typed = id;  // lookup_person wipes it
    const auto start = Clock::now();
    const auto result = sync::lookup_person(replica_path, typed);
    into.push_back(seconds_since(start));
    if (result.outcome == want) ++ok;
  };
  for (int r = 0; r < rounds; ++r) {
    one(found_ids[static_cast<std::size_t>(r) % found_ids.size()], sync::LookupResult::Outcome::Found, t.found, t.found_ok);
    if (!missing_ids.empty() && r % 3 == 0)
      one(missing_ids[static_cast<std::size_t>(r / 3) % missing_ids.size()], sync::LookupResult::Outcome::NotFound,
          t.not_found, t.not_found_ok);
  }
  return t;
}

// A kiosk replica whose people stream is sealed at the production cost, built without sealing a
// whole village at that cost: the village's real records (opened with their minimum-cost keys
// and sealed again under production-cost keys) for `sealed` persons, plus `dummies` records of
// the village's real sizes under random tags, so the persons table is a realistic size.
struct ProductionReplica {
  fs::path file;
  std::vector<std::string> ids;
  std::int64_t persons = 0;
  double seal_seconds_each = 0;
};

ProductionReplica build_production_replica(const fs::path& kiosk_replica, const Residents& residents,
                                           const Setup& setup, const fs::path& dir, int sealed, int dummies) {
  ProductionReplica out;
  out.file = sync::replica_file(dir);
  const auto params = core::SealParams::production(core::random_bytes(core::kSealSaltBytes));
  sync::FeedBody body;
  body.snapshot = true;
  body.stream = sync::Stream::People;
  body.scope = setup.village;
  body.seal = params.to_json();
  std::vector<std::string> real_records;
  std::int64_t seq = 0;
  const auto at = core::format_utc_iso(core::now_utc());
  auto add = [&](const std::string& tag_hex, std::string record) {
    sync::FeedEntry e;
    e.seq = ++seq;
    e.kind = "person";
    e.key = tag_hex;
    e.op = "seal";
    e.region = setup.village;
    e.at = at;
    e.data = nlohmann::json{{"tag", tag_hex}, {"record", std::move(record)}};
    body.entries.push_back(std::move(e));
  };
  {
    sync::Replica source(kiosk_replica.string(), sync::Replica::Options{sync::Replica::Mode::ReadOnly, 0});
    SQLite::Statement all(source.db(), "SELECT record FROM persons ORDER BY tag");
    while (all.executeStep()) real_records.push_back(all.getColumn(0).getString());
    double seal_seconds = 0;
    for (const auto& id : residents.village) {
      if (static_cast<int>(out.ids.size()) >= sealed) break;
      const auto demo_key = core::derive_person_key(id, residents.params);
      const auto record = source.person_record(core::to_hex(demo_key.tag));
      if (!record) continue;
      const auto plain = core::open_person_record(demo_key, *record);
      if (!plain) throw std::runtime_error("a village record did not open with its minimum-cost key");
      const auto start = Clock::now();
      const auto key = core::derive_person_key(id, params);
      add(core::to_hex(key.tag), core::to_base64(core::seal_record(key, core::gzip_compress(plain->dump()))));
      seal_seconds += seconds_since(start);
      out.ids.push_back(id);
    }
    out.seal_seconds_each = out.ids.empty() ? 0 : seal_seconds / static_cast<double>(out.ids.size());
  }
  if (out.ids.empty() || real_records.empty()) throw std::runtime_error("no village records to build the production replica from");
  for (int i = 0; i < dummies; ++i) {
    // Random bytes of a real record's length: the same size on disk, opening for nobody.
    const auto& like = real_records[static_cast<std::size_t>(i) % real_records.size()];
    const auto raw_bytes = like.size() / 4 * 3;
    add(core::to_hex(core::random_bytes(32)), core::to_base64(core::random_bytes(raw_bytes)));
  }
  std::sort(body.entries.begin(), body.entries.end(),
            [](const sync::FeedEntry& a, const sync::FeedEntry& b) { return a.key < b.key; });
  for (std::size_t i = 0; i < body.entries.size(); ++i) body.entries[i].seq = static_cast<std::int64_t>(i + 1);
  body.as_of = static_cast<std::int64_t>(body.entries.size());
  sync::Replica replica(out.file.string());
  replica.apply(body, at);
  out.persons = replica.person_count();
  return out;
}

const char* verdict(double value, double target) { return value < target ? "pass" : "MISS"; }

}  // namespace

int main(int argc, char** argv) {
  const int runs = std::max(1, std::stoi(arg_value(argc, argv, "--runs", "5")));
  const fs::path work = arg_value(argc, argv, "--work", "/tmp/sunlight-bench");
  const std::string scale_text = arg_value(argc, argv, "--scale", "town");
  const int polls = std::max(10, std::stoi(arg_value(argc, argv, "--polls", "500")));
  const int iterations = std::max(10, std::stoi(arg_value(argc, argv, "--query-iterations", "300")));
  const int lookups = std::max(1, std::stoi(arg_value(argc, argv, "--lookups", "9")));
  const int dummies = std::max(0, std::stoi(arg_value(argc, argv, "--dummy-persons", "5000")));
  const auto scale = gen::parse_scale(scale_text);
  if (!scale) {
    std::fprintf(stderr, "bench_sync: --scale is village, town or district\n");
    return 2;
  }
  core::crypto_init();

  try {
    const fs::path root = work / ("sync-" + scale_text);
    const Setup setup = ensure_data_dir(*scale, work / (scale_text + "-csv"), root);
    const fs::path terminals = root / "terminals";
    RunningFeed feed(root / "data");
    const std::string url = feed.url();
    const Terminal kiosk{sync::TerminalKind::Kiosk, setup.village, setup.kiosk_token};
    const Terminal display{sync::TerminalKind::Display, setup.district, setup.display_token};

    // The server renders, signs and gzips each snapshot on its first request; that is the
    // feed's cost (bench_feed), so it is paid here once, before anything is timed.
    double cold_village = 0, cold_people = 0, cold_district = 0;
    {
      sync::HttpOptions options;
      options.total_timeout = std::chrono::milliseconds(600'000);
      sync::HttpClient http(options);
      auto warm = [&](const std::string& path, std::vector<std::string> headers) {
        const auto start = Clock::now();
        const auto r = http.get(url + path, headers);
        if (r.status != 200) throw std::runtime_error(fmt::format("GET {} answered {}", path, r.status));
        return seconds_since(start);
      };
      cold_village = warm("/v1/feed/" + setup.village + "/snapshot", {});
      cold_people = warm("/v1/feed/" + setup.village + "/people/snapshot", {"Authorization: Bearer " + setup.kiosk_token});
      cold_district = warm("/v1/feed/" + setup.district + "/snapshot", {});
    }

    // Bootstraps: whole rounds and the split, alternating so a noisy minute hits both alike.
    std::vector<RoundRun> kiosk_rounds, display_rounds;
    std::vector<SplitRun> kiosk_splits, display_splits;
    for (int r = 0; r < runs; ++r) {
      std::fprintf(stderr, "bench_sync: bootstrap run %d of %d…\n", r + 1, runs);
      kiosk_rounds.push_back(measure_bootstrap(kiosk, setup, url, fresh_dir(terminals, "kiosk")));
      kiosk_splits.push_back(measure_split(kiosk, setup, url, fresh_dir(terminals, "kiosk-split")));
      display_rounds.push_back(measure_bootstrap(display, setup, url, fresh_dir(terminals, "display")));
      display_splits.push_back(measure_split(display, setup, url, fresh_dir(terminals, "display-split")));
    }

    // Idle polls on the replicas the last bootstraps left.
    std::fprintf(stderr, "bench_sync: idle polls…\n");
    const auto kiosk_polls = measure_polls(kiosk, setup, url, terminals / "kiosk", polls, false);
    const auto kiosk_both = measure_polls(kiosk, setup, url, terminals / "kiosk", polls / 2, true);
    const auto display_polls = measure_polls(display, setup, url, terminals / "display", polls, false);

    // Queries on the district display's replica, at district, town and village scope, and on the kiosk's own.
    std::fprintf(stderr, "bench_sync: queries…\n");
    std::vector<QueryTiming> queries;
    std::map<std::string, std::int64_t> replica_rows;
    {
      sync::Replica district(sync::replica_file(terminals / "display").string(),
                             sync::Replica::Options{sync::Replica::Mode::ReadOnly, 0});
      for (const char* table : {"regions", "funds", "aggregates", "rollups", "notices"})
        replica_rows[table] = district.db().execAndGet(fmt::format("SELECT count(*) FROM {}", table)).getInt64();
      for (const auto& [scope, label] : std::vector<std::pair<std::string, std::string>>{
               {setup.district, "district"}, {setup.town, "town"}, {setup.village, "village"}}) {
        auto part = time_queries(district, scope, label, iterations);
        queries.insert(queries.end(), part.begin(), part.end());
      }
      sync::Replica own(sync::replica_file(terminals / "kiosk").string(),
                        sync::Replica::Options{sync::Replica::Mode::ReadOnly, 0});
      auto part = time_queries(own, setup.village, "kiosk's own", iterations);
      queries.insert(queries.end(), part.begin(), part.end());
      std::string tag;
      {
        SQLite::Statement q(own.db(), "SELECT tag FROM persons ORDER BY tag LIMIT 1 OFFSET (SELECT count(*) / 2 FROM persons)");
        if (q.executeStep()) tag = q.getColumn(0).getString();
      }
      queries.push_back(time_query("Replica::person_record (held)", "kiosk's own", iterations,
                                   [&] { return static_cast<std::size_t>(own.person_record(tag).has_value()); }));
      const std::string missing(64, 'f');
      queries.push_back(time_query("Replica::person_record (absent)", "kiosk's own", iterations,
                                   [&] { return static_cast<std::size_t>(own.person_record(missing).has_value()); }));
    }

    // Lookups at the demo cost, on the kiosk's replica.
    std::fprintf(stderr, "bench_sync: lookups…\n");
    const auto people = residents(root / "data", setup, 30);
    if (people.village.empty()) throw std::runtime_error("the village has no sealed persons");
    const auto demo = time_lookups(sync::replica_file(terminals / "kiosk"), people.village, people.elsewhere, 60);
    // …and at the production cost, on a replica built for it.
    std::fprintf(stderr, "bench_sync: production-cost replica (Argon2id 3 × 64 MiB per person)…\n");
    const auto production = build_production_replica(sync::replica_file(terminals / "kiosk"), people, setup,
                                                     fresh_dir(terminals, "kiosk-production"), 5, dummies);
    const auto prod = time_lookups(production.file, production.ids, people.elsewhere, lookups);

    // ─── report ───
    auto med = [](const auto& runs_of, auto get) {
      std::vector<double> v;
      for (const auto& r : runs_of) v.push_back(static_cast<double>(get(r)));
      return median(v);
    };
    auto all = [](const auto& runs_of, auto get, const char* format) {
      std::vector<double> v;
      for (const auto& r : runs_of) v.push_back(static_cast<double>(get(r)));
      return list(v, format);
    };

    std::printf("terminal sync, %s scale: %s payments, %s sealed person records, feed head seq %s\n", scale_text.c_str(),
                thousands(setup.payments).c_str(), thousands(setup.persons).c_str(), thousands(setup.head).c_str());
    std::printf("  feed data dir %s (import %.0f s, sealing at minimum cost %.0f s); one in-process FeedServer on %s\n",
                setup.built ? "built by this run" : "reused from an earlier run", setup.import_seconds, setup.seal_seconds,
                url.c_str());
    std::printf("  kiosk: village %s (the most payments; %s sealed persons); display: district %s; town %s\n",
                setup.village.c_str(), thousands(setup.village_persons).c_str(), setup.district.c_str(), setup.town.c_str());
    std::printf("  server's first (uncached) answer, paid before timing: village %.3f s, people %.3f s, district %.3f s\n",
                cold_village, cold_people, cold_district);

    std::printf("\nbootstrap: FeedSync::run_round() on an empty replica (info, snapshots, verify, parse, apply, heartbeat, "
                "TerminalData); %d runs, medians\n", runs);
    auto round_lines = [&](const char* what, const std::vector<RoundRun>& rr, double target) {
      std::printf("  %-30s wall %8.3f s  (target < %g s: %s)  thread CPU %7.3f s  entries %s   runs:%s\n", what,
                  med(rr, [](const RoundRun& r) { return r.seconds; }), target,
                  verdict(med(rr, [](const RoundRun& r) { return r.seconds; }), target),
                  med(rr, [](const RoundRun& r) { return r.cpu; }), thousands(rr.back().entries).c_str(),
                  all(rr, [](const RoundRun& r) { return r.seconds; }, " {:.3f}").c_str());
      std::printf("  %-30s replica.sqlite %.2f MiB after the round (WAL while open: %.2f MiB); the process's peak RSS "
                  "rose %.0f MiB in the first run\n", "", mib(rr.back().replica_bytes), mib(rr.back().wal_bytes),
                  static_cast<double>(rr.front().peak_rss_growth_kib) / 1024);
    };
    round_lines("kiosk (public + people)", kiosk_rounds, 1.0);
    round_lines("display (district, public)", display_rounds, 60.0);

    std::printf("\nbootstrap split (HttpClient GET → verify → accept_body → Replica::apply → load_terminal_data); medians "
                "of %d, seconds\n", runs);
    std::printf("  %-32s %9s %9s %9s %9s %9s %11s %9s %11s\n", "stream", "fetch", "verify", "parse", "apply", "total",
                "identity MB", "entries", "apply CPU");
    auto split_line = [&](const char* what, const std::vector<SplitRun>& sr, auto get) {
      const double fetch = med(sr, [&](const SplitRun& r) { return get(r).fetch; });
      const double verify = med(sr, [&](const SplitRun& r) { return get(r).verify; });
      const double parse = med(sr, [&](const SplitRun& r) { return get(r).parse; });
      const double apply = med(sr, [&](const SplitRun& r) { return get(r).apply; });
      std::printf("  %-32s %9.3f %9.3f %9.3f %9.3f %9.3f %11.3f %9s %11.3f\n", what, fetch, verify, parse, apply,
                  fetch + verify + parse + apply, static_cast<double>(get(sr.back()).bytes) / 1e6,
                  thousands(get(sr.back()).entries).c_str(), med(sr, [&](const SplitRun& r) { return get(r).apply_cpu; }));
    };
    split_line("kiosk public (village)", kiosk_splits, [](const SplitRun& r) -> const StreamSplit& { return r.pub; });
    split_line("kiosk people (village)", kiosk_splits, [](const SplitRun& r) -> const StreamSplit& { return r.people; });
    std::printf("  %-32s %9.3f\n", "kiosk load_terminal_data", med(kiosk_splits, [](const SplitRun& r) { return r.load; }));
    split_line("display public (district)", display_splits, [](const SplitRun& r) -> const StreamSplit& { return r.pub; });
    std::printf("  %-32s %9.3f\n", "display load_terminal_data", med(display_splits, [](const SplitRun& r) { return r.load; }));
    std::printf("  display apply runs:%s\n",
                all(display_splits, [](const SplitRun& r) { return r.pub.apply; }, " {:.3f}").c_str());

    std::printf("\nidle polls: run_round() on a current replica, every request answered 304 (heartbeats off); per round\n");
    auto poll_line = [&](const char* what, const PollRun& p) {
      const double cpu_us = median(p.cpu) * 1e6;
      std::printf("  %-34s thread CPU median %6.0f µs p99 %6.0f µs (target < 1,000 µs: %s)   wall median %6.0f µs p99 "
                  "%6.0f µs   %zu rounds, %ld requests, %ld new connections\n",
                  what, cpu_us, percentile(p.cpu, 0.99) * 1e6, verdict(cpu_us, 1000), median(p.wall) * 1e6,
                  percentile(p.wall, 0.99) * 1e6, p.wall.size(), p.requests, p.connections);
    };
    poll_line("kiosk, public stream", kiosk_polls);
    poll_line("kiosk, public + people streams", kiosk_both);
    poll_line("display (district), public stream", display_polls);

    std::printf("\nqueries (%d iterations each after 5 warm-ups; target < 2 ms). District replica: %s regions, %s funds, "
                "%s aggregates, %s rollups, %s notices\n",
                iterations, thousands(static_cast<std::uint64_t>(replica_rows["regions"])).c_str(),
                thousands(static_cast<std::uint64_t>(replica_rows["funds"])).c_str(),
                thousands(static_cast<std::uint64_t>(replica_rows["aggregates"])).c_str(),
                thousands(static_cast<std::uint64_t>(replica_rows["rollups"])).c_str(),
                thousands(static_cast<std::uint64_t>(replica_rows["notices"])).c_str());
    std::printf("  %-34s %-12s %10s %10s %10s %10s %8s  %s\n", "query", "scope", "median ms", "p99 ms", "max ms",
                "CPU med ms", "rows", "");
    for (const auto& q : queries)
      std::printf("  %-34s %-12s %10.3f %10.3f %10.3f %10.3f %8zu  %s\n", q.what.c_str(), q.scope.c_str(), q.median_ms,
                  q.p99_ms, q.max_ms, q.cpu_median_ms, q.rows, verdict(q.median_ms, 2.0));

    std::printf("\nlookups: sync::lookup_person on the kiosk's replica (found / a valid ID the kiosk does not hold)\n");
    auto lookup_line = [&](const char* what, const LookupTimes& t, double target_ms, std::int64_t persons) {
      std::printf("  %-28s found: median %8.2f ms p99 %8.2f ms (%d of %zu found)   not found: median %8.2f ms (%d of %zu)   "
                  "%s records   %s\n",
                  what, median(t.found) * 1e3, percentile(t.found, 0.99) * 1e3, t.found_ok, t.found.size(),
                  median(t.not_found) * 1e3, t.not_found_ok, t.not_found.size(), thousands(static_cast<std::uint64_t>(persons)).c_str(),
                  target_ms > 0 ? fmt::format("(target < {} ms: {})", target_ms, verdict(median(t.found) * 1e3, target_ms)).c_str()
                                : "(report)");
    };
    std::int64_t kiosk_persons = 0;
    {
      sync::Replica own(sync::replica_file(terminals / "kiosk").string(),
                        sync::Replica::Options{sync::Replica::Mode::ReadOnly, 0});
      kiosk_persons = own.person_count();
    }
    lookup_line("minimum cost (demo)", demo, 5.0, kiosk_persons);
    lookup_line("production cost (3 × 64 MiB)", prod, 0, production.persons);
    std::printf("  production lookups, found:%s ms\n", [&] {
      std::vector<double> ms;
      for (double s : prod.found) ms.push_back(s * 1e3);
      return list(ms, " {:.0f}");
    }().c_str());
    std::printf("  (production replica: %zu real records re-sealed at %.0f ms each + %d dummies of the village's sizes)\n",
                production.ids.size(), production.seal_seconds_each * 1e3, dummies);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_sync: %s\n", e.what());
    return 1;
  }
}
