// Benchmark: importing the demo district into a fresh feed store (target: ~3M payments in under 60 s), and sealing throughput.
//
//   bench_import [--runs N] [--work DIR] [--scale village|town|district] [--seal-persons 20000]
//
// Generates DIR/SCALE-csv once (shared with bench_feed); each run imports it into DIR/import-SCALE.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "bench/bench_util.hpp"
#include "core/crypto.hpp"
#include "core/import.hpp"
#include "core/seal.hpp"
#include "core/text.hpp"
#include "feed/importer.hpp"
#include "feed/sealer.hpp"
#include "feed/store.hpp"
#include "gen/district_generator.hpp"

using namespace sunlight;
using namespace sunlight::bench;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
constexpr core::ImportKind kKinds[] = {core::ImportKind::Regions, core::ImportKind::Funds, core::ImportKind::Stages,
                                       core::ImportKind::Payments, core::ImportKind::Notices};

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }
std::string thousands(std::uint64_t n) { return core::text::group_thousands(n); }
double mib(std::uintmax_t bytes) { return static_cast<double>(bytes) / (1 << 20); }

std::uintmax_t folder_bytes(const fs::path& dir) {
  std::uintmax_t bytes = 0;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file()) bytes += entry.file_size();
  return bytes;
}

// The five CSVs of a scale, generated once into `dir` and reused by later runs and later
// invocations with the same --work (generation is deterministic). A marker written last says the
// folder is complete, so an interrupted generation is redone.
void ensure_generated(gen::Scale scale, const fs::path& dir) {
  const auto marker = dir / "generated.ok";
  if (fs::exists(marker)) return;
  fs::remove_all(dir);
  std::fprintf(stderr, "bench_import: generating the %s-scale data into %s…\n", std::string(gen::scale_name(scale)).c_str(),
               dir.c_str());
  gen::GeneratorOptions options;
  options.scale = scale;
  const auto start = Clock::now();
  const auto summary = gen::generate_district(options, dir);
  std::ofstream(marker) << summary.people << " people\n";
  std::fprintf(stderr, "bench_import: generated in %.1f s\n", seconds_since(start));
}

struct FileRun {
  double seconds = 0;
  double rows_seconds = 0;
  double cpu_seconds = 0;         // this process's user + system time during the call
  double checkpoint_seconds = 0;  // the WAL checkpoint afterwards, outside `seconds`
  std::size_t rows = 0;
  std::size_t new_rows = 0;
  std::size_t changes = 0;
};

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(usage.ru_utime) + s(usage.ru_stime);
}

// Imports one file; `f.seconds` is the whole call, `f.rows_seconds` the part until the reader's
// last progress call, which comes once the last row is in (TableReader::next at the end of the
// file): the rest is what import_csv does after the rows (marking persons, aggregates, commit and
// SQLite's automatic checkpoint). Then checkpoints and truncates the WAL, timed apart, so the
// next file starts alike and the store's size can be read from its one file.
feed::ImportOutcome import_file(feed::Store& store, core::ImportKind kind, const fs::path& csv_dir, FileRun& f) {
  std::ifstream in(csv_dir / std::string(core::import_file_name(kind)), std::ios::binary);
  feed::ImportRun run;
  run.actor = "bench";
  run.file_name = std::string(core::import_file_name(kind));
  run.now = core::now_utc();
  const double cpu_start = cpu_seconds();
  const auto start = Clock::now();
  auto rows_done = start;
  run.read.progress = [&](std::uint64_t) { rows_done = Clock::now(); };
  auto outcome = feed::import_csv(store, kind, in, run);
  f.seconds = seconds_since(start);
  f.cpu_seconds = cpu_seconds() - cpu_start;
  f.rows_seconds = std::chrono::duration<double>(rows_done - start).count();
  const auto checkpoint = Clock::now();
  store.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  f.checkpoint_seconds = seconds_since(checkpoint);
  if (!outcome.report.ok()) {
    std::fprintf(stderr, "bench_import: %s was refused:\n%s\n", run.file_name.c_str(),
                 outcome.report.render(core::Lang::En, 10).c_str());
    std::exit(1);
  }
  f.rows = outcome.report.good_rows();
  f.new_rows = outcome.new_rows;
  f.changes = outcome.changes;
  return outcome;
}

// Production-cost derivations per second with `threads` workers each deriving `each` keys: what
// the server's first sealing of a district pays (Argon2id over 64 MiB is memory-bound, so two
// threads need not give twice one).
double production_derivations_per_second(unsigned threads, int each) {
  const auto params = core::SealParams::production(core::random_bytes(core::kSealSaltBytes));
  const auto start = Clock::now();
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (int i = 0; i < each; ++i) (void)core::derive_person_key("500112195603121234", params);
    });
  for (auto& t : pool) t.join();
  return static_cast<double>(threads) * each / seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = std::max(1, std::stoi(arg_value(argc, argv, "--runs", "3")));
  const fs::path work = arg_value(argc, argv, "--work", "/tmp/sunlight-bench");
  const std::string scale_text = arg_value(argc, argv, "--scale", "district");
  const auto scale = gen::parse_scale(scale_text);
  if (!scale) {
    std::fprintf(stderr, "bench_import: --scale is village, town or district\n");
    return 2;
  }
  // Sealing every beneficiary of the district at minimum cost takes minutes; a sample gives the rate.
  const std::size_t seal_limit = std::stoul(arg_value(argc, argv, "--seal-persons", "20000"));
  core::crypto_init();

  const fs::path csv_dir = work / (scale_text + "-csv");  // shared with bench_feed
  const fs::path data_dir = work / ("import-" + scale_text);
  ensure_generated(*scale, csv_dir);

  std::map<core::ImportKind, std::vector<double>> seconds, rows_seconds, after_rows, cpu, checkpoints;
  std::map<core::ImportKind, FileRun> last;
  std::vector<double> reimport, store_mib, seal_rate;
  std::size_t persons = 0, sealed = 0;
  for (int r = 0; r < runs; ++r) {
    fs::remove_all(data_dir);
    fs::create_directories(data_dir);
    feed::Store store(feed::store_file(data_dir).string());
    feed::save_seal_params(store, core::SealParams::minimum(core::random_bytes(core::kSealSaltBytes)));
    for (const auto kind : kKinds) {
      FileRun f;
      const auto outcome = import_file(store, kind, csv_dir, f);
      seconds[kind].push_back(f.seconds);
      rows_seconds[kind].push_back(f.rows_seconds);
      after_rows[kind].push_back(f.seconds - f.rows_seconds);
      cpu[kind].push_back(f.cpu_seconds);
      checkpoints[kind].push_back(f.checkpoint_seconds);
      last[kind] = f;
      if (kind == core::ImportKind::Payments) persons = outcome.persons_marked;
    }
    store_mib.push_back(mib(folder_bytes(data_dir)));

    // The same payments again: every row is found identical, nothing is written but the audit row.
    FileRun again;
    const auto outcome = import_file(store, core::ImportKind::Payments, csv_dir, again);
    if (outcome.new_rows != 0 || outcome.persons_marked != 0) {
      std::fprintf(stderr, "bench_import: re-importing payments changed %zu rows\n", outcome.new_rows);
      return 1;
    }
    reimport.push_back(again.seconds);

    // Sealing at minimum cost: almost all of it is reading payments, building, compressing and
    // sealing statements and appending them to the log, not Argon2id.
    std::atomic<bool> stop{false};
    feed::SealOptions seal;
    seal.now = core::now_utc();
    seal.stop = &stop;
    seal.progress = [&](std::size_t done, std::size_t) {
      if (done >= seal_limit) stop = true;
    };
    const auto start = Clock::now();
    const auto done = feed::seal_pending(store, seal);
    seal_rate.push_back(static_cast<double>(done.sealed) / seconds_since(start));
    sealed = done.sealed;
  }

  std::uintmax_t csv_bytes = 0;
  for (const auto kind : kKinds) csv_bytes += fs::file_size(csv_dir / std::string(core::import_file_name(kind)));
  std::printf("import %s scale into a fresh feed store (%d run%s, medians; sealing excluded)\n", scale_text.c_str(), runs,
              runs == 1 ? "" : "s");
  std::printf("  %-13s %10s %9s %13s %10s %12s   runs (s)\n", "file", "rows", "median", "rows/s", "MiB/s", "log entries");
  for (const auto kind : kKinds) {
    const auto name = std::string(core::import_file_name(kind));
    const double s = median(seconds[kind]);
    const auto bytes = fs::file_size(csv_dir / name);
    std::printf("  %-13s %10s %7.2f s %13s %10.1f %12s  ", name.c_str(), thousands(last[kind].rows).c_str(), s,
                thousands(static_cast<std::uint64_t>(static_cast<double>(last[kind].rows) / s)).c_str(),
                mib(bytes) / s, thousands(last[kind].changes).c_str());
    for (const double x : seconds[kind]) std::printf(" %.2f", x);
    std::printf("%s\n", kind == core::ImportKind::Payments ? "   (target < 60 s at district scale)" : "");
  }
  const auto pay = core::ImportKind::Payments;
  std::printf("  payments.csv: rows read, checked and inserted median %.2f s; after the rows (persons marked, "
              "aggregates, commit with SQLite's automatic checkpoint) median %.2f s;\n"
              "                CPU time of the import median %.2f s (wall − CPU: waiting for a core or the disk); "
              "WAL checkpoint after it (not counted) median %.2f s\n",
              median(rows_seconds[pay]), median(after_rows[pay]), median(cpu[pay]), median(checkpoints[pay]));
  double total = 0;
  for (const auto kind : kKinds) total += median(seconds[kind]);
  std::printf("  all five files  %.1f s; CSV %.0f MiB; store afterwards %.0f MiB (checkpointed)\n", total, mib(csv_bytes),
              median(store_mib));
  const auto pay_rows = last[core::ImportKind::Payments].rows;
  std::printf("  re-import of the same payments (no-op): median %.2f s, %s rows/s  runs:", median(reimport),
              thousands(static_cast<std::uint64_t>(static_cast<double>(pay_rows) / median(reimport))).c_str());
  for (const double x : reimport) std::printf(" %.2f", x);
  std::printf("\n");

  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const double rate = median(seal_rate);
  std::printf("seal_pending at minimum cost (%u threads): %s of %s beneficiaries per run, median %.0f persons/s  runs:", cores,
              thousands(sealed).c_str(), thousands(persons).c_str(), rate);
  for (const double x : seal_rate) std::printf(" %.0f", x);
  std::printf("\n");
  // The first sealing at production cost: every beneficiary's Argon2id (in parallel, outside the
  // transaction) plus the same per-person work as at minimum cost (in the write transaction).
  const double derive_rate = production_derivations_per_second(cores, 2);
  const double estimate = static_cast<double>(persons) / derive_rate + static_cast<double>(persons) / rate;
  std::printf("  production cost: %.2f derivations/s on %u threads (%.3f s each per thread)\n", derive_rate, cores,
              cores / derive_rate);
  std::printf("  first sealing of all %s beneficiaries at production cost, estimated: %.0f s (%.1f h)\n",
              thousands(persons).c_str(), estimate, estimate / 3600);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("  peak RSS of this process: %.0f MiB\n", static_cast<double>(usage.ru_maxrss) / 1024);
  return 0;
}
