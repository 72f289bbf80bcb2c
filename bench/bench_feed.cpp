// Benchmark: the feed server in-process — 304 polls under wrk (target ≥ 20,000/s) and bootstrap snapshots (target < 1 s, < 2 MB gzipped).
//
//   bench_feed [--runs N] [--work DIR] [--scale village|town|district] [--connections 1000]
//              [--duration 10] [--threads 64] [--wrk-threads 2]
//
// Builds DIR/feed-SCALE/data once (import, seal at minimum cost, signing key, a kiosk) and reuses
// it; each run starts a fresh server on it. Needs wrk and curl on the PATH.
#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <httplib.h>

#include "bench/bench_util.hpp"
#include "bench/feed_data.hpp"
#include "core/crypto.hpp"
#include "core/import.hpp"
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

using namespace sunlight;
using namespace sunlight::bench;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }
std::string thousands(std::uint64_t n) { return core::text::group_thousands(n); }

// What the data dir was built with, kept next to it so later invocations reuse it.
struct Setup {
  std::string district, village, kiosk_token;
  std::uint64_t payments = 0, village_payments = 0, persons = 0, head = 0;
  double import_seconds = 0, seal_seconds = 0;
  bool built = false;  // by this invocation
};

void write_setup(const Setup& s, const fs::path& file) {
  std::ofstream out(file);
  out << "district " << s.district << "\nvillage " << s.village << "\nkiosk_token " << s.kiosk_token << "\npayments "
      << s.payments << "\nvillage_payments " << s.village_payments << "\npersons " << s.persons << "\nhead " << s.head
      << "\nimport_seconds " << s.import_seconds << "\nseal_seconds " << s.seal_seconds << "\n";
}

std::optional<Setup> read_setup(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::map<std::string, std::string> v;
  std::string key, value;
  while (in >> key >> value) v[key] = value;
  if (!v.contains("seal_seconds")) return std::nullopt;
  Setup s{v["district"], v["village"], v["kiosk_token"]};
  s.payments = std::stoull(v["payments"]);
  s.village_payments = std::stoull(v["village_payments"]);
  s.persons = std::stoull(v["persons"]);
  s.head = std::stoull(v["head"]);
  s.seal_seconds = std::stod(v["seal_seconds"]);
  s.import_seconds = v.contains("import_seconds") ? std::stod(v["import_seconds"]) : 0;
  return s;
}

// A feed data dir as tests/feed/feed_fixture.cpp makes one: the scale's data imported, every
// person record sealed at the minimum cost (so the server's sealer has nothing to do while it is
// measured), a signing key, and a kiosk enrolled for the village with the most payments — the
// largest village snapshot. Built once per --work and scale.
Setup ensure_data_dir(gen::Scale scale, const fs::path& csv_dir, const fs::path& root) {
  const auto setup_file = root / "setup.txt";
  if (auto s = read_setup(setup_file)) return *s;
  fs::remove_all(root);
  fs::create_directories(root / "data");
  ensure_csvs("bench_feed", scale, csv_dir);
  const fs::path data = root / "data";
  Setup s;
  feed::Store store(feed::store_file(data).string());
  const auto built = build_feed_data("bench_feed", csv_dir, data, store);
  s.district = built.district;
  s.village = built.village;
  s.payments = built.payments;
  s.village_payments = built.village_payments;
  s.persons = built.persons;
  s.import_seconds = built.import_seconds;
  s.seal_seconds = built.seal_seconds;
  auto& db = store.db();
  s.built = true;
  s.kiosk_token = feed::enroll_terminal(db, feed::TerminalKind::Kiosk, s.village, "bench kiosk", "bench", core::now_utc()).token;
  s.head = static_cast<std::uint64_t>(store.head_seq());
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  write_setup(s, setup_file);  // last: a folder without it is rebuilt
  return s;
}

// ─── wrk ───

struct WrkResult {
  double requests_per_second = 0;
  std::uint64_t requests = 0;
  std::uint64_t non_2xx_3xx = 0;  // wrk counts only status ≥ 400 here: 304s are not in it
  std::uint64_t socket_errors = 0;
  std::string socket_error_line;
  std::map<std::string, double> latency_ms;  // "50%" → ms
};

double to_ms(const std::string& text) {
  std::size_t used = 0;
  const double value = std::stod(text, &used);
  const std::string unit = text.substr(used);
  if (unit == "us") return value / 1e3;
  if (unit == "ms") return value;
  if (unit == "s") return value * 1e3;
  if (unit == "m") return value * 60e3;
  return value;
}

WrkResult parse_wrk(const std::string& out) {
  WrkResult r;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string first;
    words >> first;
    if (first == "Requests/sec:") {
      words >> r.requests_per_second;
    } else if (first == "Non-2xx") {
      const auto colon = line.find(':');
      r.non_2xx_3xx = std::stoull(line.substr(colon + 1));
    } else if (first == "Socket") {
      r.socket_error_line = std::string(core::text::trim(line));
      std::uint64_t n = 0;
      for (std::size_t at = 0; (at = line.find_first_of("0123456789", at)) != std::string::npos;) {
        std::size_t used = 0;
        n += std::stoull(line.substr(at), &used);
        at += used;
      }
      r.socket_errors = n;
    } else if (line.find("requests in") != std::string::npos) {
      r.requests = std::stoull(first);
    } else if (first.size() > 1 && first.back() == '%' && std::isdigit(static_cast<unsigned char>(first[0]))) {
      std::string value;
      words >> value;
      r.latency_ms[first] = to_ms(value);
    }
  }
  return r;
}

std::string run_command(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run: " + command);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  pclose(pipe);
  return out;
}

// ─── HTTP ───

struct Fetch {
  int status = 0;
  double seconds = 0;
  std::size_t bytes = 0;
  std::string etag;
};

Fetch fetch(httplib::Client& client, const std::string& path, bool gzip, const std::string& token = {}) {
  httplib::Headers headers{{"Accept-Encoding", gzip ? "gzip" : "identity"}};
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  const auto start = Clock::now();
  const auto res = client.Get(path, headers);
  Fetch f;
  f.seconds = seconds_since(start);
  if (!res) throw std::runtime_error("GET " + path + " failed: " + httplib::to_string(res.error()));
  f.status = res->status;
  f.bytes = res->body.size();
  f.etag = res->get_header_value("ETag");
  if (f.status != 200) throw std::runtime_error("GET " + path + " answered " + std::to_string(f.status) + ": " + res->body);
  if (gzip != (res->get_header_value("Content-Encoding") == "gzip"))
    throw std::runtime_error("GET " + path + ": unexpected Content-Encoding");
  return f;
}

// One snapshot URL: first request (rendered, signed and gzipped by the server), then served from
// its cache, then the identity body for its size.
struct SnapshotRun {
  double cold = 0, warm = 0;
  std::size_t gzip_bytes = 0, identity_bytes = 0;
};

SnapshotRun measure_snapshot(httplib::Client& client, const std::string& path, const std::string& token = {}) {
  SnapshotRun r;
  const auto cold = fetch(client, path, true, token);
  r.cold = cold.seconds;
  r.gzip_bytes = cold.bytes;
  std::vector<double> warm;
  for (int i = 0; i < 5; ++i) warm.push_back(fetch(client, path, true, token).seconds);
  r.warm = median(warm);
  r.identity_bytes = fetch(client, path, false, token).bytes;
  return r;
}

// Statuses the server counted for one route, from /metrics.
std::map<std::string, std::uint64_t> route_statuses(httplib::Client& client, const std::string& route) {
  std::map<std::string, std::uint64_t> out;
  const auto res = client.Get("/metrics");
  if (!res) return out;
  const std::string prefix = "sunlight_http_requests_total{route=\"" + route + "\",status=\"";
  std::istringstream lines(res->body);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.starts_with(prefix)) continue;
    const auto status_end = line.find('"', prefix.size());
    out[line.substr(prefix.size(), status_end - prefix.size())] += std::stoull(line.substr(line.rfind(' ') + 1));
  }
  return out;
}

struct Run {
  SnapshotRun village, district, people;
  WrkResult wrk;
  std::string curl_status;
  std::map<std::string, std::uint64_t> statuses;
};

double mb(std::size_t bytes) { return static_cast<double>(bytes) / 1e6; }

}  // namespace

int main(int argc, char** argv) {
  const int runs = std::max(1, std::stoi(arg_value(argc, argv, "--runs", "3")));
  const fs::path work = arg_value(argc, argv, "--work", "/tmp/sunlight-bench");
  const std::string scale_text = arg_value(argc, argv, "--scale", "town");
  const int connections = std::stoi(arg_value(argc, argv, "--connections", "1000"));
  const int wrk_threads = std::stoi(arg_value(argc, argv, "--wrk-threads", "2"));
  const int duration = std::stoi(arg_value(argc, argv, "--duration", "10"));
  const int server_threads = std::stoi(arg_value(argc, argv, "--threads", "64"));
  const auto scale = gen::parse_scale(scale_text);
  if (!scale) {
    std::fprintf(stderr, "bench_feed: --scale is village, town or district\n");
    return 2;
  }
  core::crypto_init();

  // 1,000 connections to our own server: both ends' sockets are in this process and wrk.
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;
  setrlimit(RLIMIT_NOFILE, &files);
  if (files.rlim_cur < static_cast<rlim_t>(connections) + 200)
    std::fprintf(stderr, "bench_feed: warning: only %llu open files allowed for %d connections\n",
                 static_cast<unsigned long long>(files.rlim_cur), connections);

  const fs::path root = work / ("feed-" + scale_text);
  const Setup setup = ensure_data_dir(*scale, work / (scale_text + "-csv"), root);

  std::vector<Run> results;
  for (int r = 0; r < runs; ++r) {
    feed::FeedConfig config;
    config.data_dir = root / "data";
    config.port = 0;
    config.threads = server_threads;
    feed::FeedServer server(config);
    const int port = server.bind();
    // Stops and joins the server however this run ends, a failed request included.
    struct Serving {
      feed::FeedServer& server;
      std::thread thread;
      ~Serving() {
        server.stop();
        thread.join();
      }
    } serving{server, std::thread([&server] { server.run(); })};

    httplib::Client client("127.0.0.1", port);
    client.set_decompress(false);
    client.set_read_timeout(120, 0);
    for (int i = 0; i < 200; ++i) {  // listen() starts on the thread above
      if (auto res = client.Get("/healthz"); res && res->status == 200) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    Run run;
    run.village = measure_snapshot(client, "/v1/feed/" + setup.village + "/snapshot");
    run.people = measure_snapshot(client, "/v1/feed/" + setup.village + "/people/snapshot", setup.kiosk_token);
    run.district = measure_snapshot(client, "/v1/feed/" + setup.district + "/snapshot");

    const std::string poll = fmt::format("/v1/feed/{}/changes?after={}", setup.village, setup.head);
    const std::string etag = fetch(client, poll, true).etag;
    const std::string url = fmt::format("http://127.0.0.1:{}{}", port, poll);
    const std::string header = fmt::format("'If-None-Match: {}'", etag);
    // What a poll with the ETag gets, asked by a client other than the one measured.
    run.curl_status = run_command(fmt::format("curl -s -o /dev/null -w '%{{http_code}}' -H {} '{}'", header, url));
    const std::string wrk_out = run_command(fmt::format("wrk -t{} -c{} -d{}s --latency -H {} '{}' 2>&1", wrk_threads,
                                                        connections, duration, header, url));
    run.wrk = parse_wrk(wrk_out);
    if (run.wrk.requests == 0) {
      std::fprintf(stderr, "bench_feed: wrk gave no figures:\n%s\n", wrk_out.c_str());
      return 1;
    }
    run.statuses = route_statuses(client, "/v1/feed/{scope}/changes");
    results.push_back(std::move(run));
  }

  auto med = [&](auto get) {
    std::vector<double> v;
    for (const auto& run : results) v.push_back(static_cast<double>(get(run)));
    return median(v);
  };
  auto list = [&](auto get, const char* format) {
    std::string out;
    for (const auto& run : results) out += fmt::format(fmt::runtime(format), get(run));
    return out;
  };

  std::printf("feed server, %s scale: %s payments, %s sealed person records, head seq %s\n", scale_text.c_str(),
              thousands(setup.payments).c_str(), thousands(setup.persons).c_str(), thousands(setup.head).c_str());
  std::printf("  data dir %s (import %.0f s, first sealing of everyone at minimum cost %.0f s = %.0f persons/s)\n",
              setup.built ? "built by this run" : "reused from an earlier run", setup.import_seconds,
              setup.seal_seconds, static_cast<double>(setup.persons) / setup.seal_seconds);
  std::printf("  %d run%s, one fresh in-process server each (%d worker threads); medians\n", runs, runs == 1 ? "" : "s",
              server_threads);
  std::printf("304 polls: wrk -t%d -c%d -d%ds on GET /v1/feed/%s/changes?after=%s with If-None-Match\n", wrk_threads,
              connections, duration, setup.village.c_str(), thousands(setup.head).c_str());
  std::printf("  requests/s     median %9.0f   (target >= 20,000)   runs:%s\n", med([](const Run& r) { return r.wrk.requests_per_second; }),
              list([](const Run& r) { return r.wrk.requests_per_second; }, " {:.0f}").c_str());
  for (const char* p : {"50%", "75%", "90%", "99%"})
    std::printf("  latency %-4s   median %9.2f ms  runs:%s\n", p, med([&](const Run& r) { return r.wrk.latency_ms.at(p); }),
                list([&](const Run& r) { return r.wrk.latency_ms.at(p); }, " {:.2f}").c_str());
  std::printf("  wrk: requests per run:%s; \"Non-2xx or 3xx\" (status >= 400 in wrk):%s; socket errors:%s\n",
              list([](const Run& r) { return r.wrk.requests; }, " {}").c_str(),
              list([](const Run& r) { return r.wrk.non_2xx_3xx; }, " {}").c_str(),
              list([](const Run& r) { return r.wrk.socket_errors; }, " {}").c_str());
  for (const auto& run : results)
    if (!run.wrk.socket_error_line.empty()) std::printf("    %s\n", run.wrk.socket_error_line.c_str());
  std::printf("  curl with the ETag: %s; the server counted on that route:", results.back().curl_status.c_str());
  for (const auto& [status, n] : results.back().statuses) std::printf(" %s × %s", status.c_str(), thousands(n).c_str());
  std::printf(" (last run)\n");

  auto snapshot_line = [&](const char* what, const std::string& scope, auto get) {
    std::printf("  %-26s %-16s first %7.3f s   cached %7.3f s   gzip %8.3f MB   identity %8.3f MB   firsts:%s\n", what,
                scope.c_str(), med([&](const Run& r) { return get(r).cold; }), med([&](const Run& r) { return get(r).warm; }),
                mb(get(results.back()).gzip_bytes), mb(get(results.back()).identity_bytes),
                list([&](const Run& r) { return get(r).cold; }, " {:.3f}").c_str());
  };
  std::printf("bootstrap snapshots (targets for a village: < 1 s, < 2 MB gzipped); village = the one with the most "
              "payments (%s)\n",
              thousands(setup.village_payments).c_str());
  snapshot_line("village snapshot", setup.village, [](const Run& r) -> const SnapshotRun& { return r.village; });
  snapshot_line("village people snapshot", setup.village, [](const Run& r) -> const SnapshotRun& { return r.people; });
  snapshot_line("district snapshot", setup.district, [](const Run& r) -> const SnapshotRun& { return r.district; });
  return 0;
}
