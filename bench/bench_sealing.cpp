// Benchmark: sealing person records in the feed at a real cost — the first seal of a village, and
// the re-seal after a day's new payments, when every key comes from the server's cache.
//
//   bench_sealing [--runs N] [--work DIR] [--cost production|minimum] [--scale village|town]
//
// Prints per-person costs and what they make of a whole district (persons × cost / cores).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/Statement.h>

#include "bench/bench_util.hpp"
#include "core/crypto.hpp"
#include "core/seal.hpp"
#include "feed/importer.hpp"
#include "feed/sealer.hpp"
#include "feed/store.hpp"
#include "gen/district_generator.hpp"

using namespace sunlight;
using namespace sunlight::bench;
namespace fs = std::filesystem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void import(feed::Store& store, core::ImportKind kind, std::istream& in) {
  feed::ImportRun run;
  run.actor = "bench";
  run.now = core::now_utc();
  if (!feed::import_csv(store, kind, in, run).report.ok()) {
    std::fprintf(stderr, "bench_sealing: the generated data did not import\n");
    std::exit(1);
  }
}

// "A day's new payments": one more payment, dated the as-of day, for every tenth person paid —
// what a monthly subsidy run adds for part of the village.
std::string a_days_payments(feed::Store& store) {
  std::ostringstream csv;
  csv << "流水号,身份证号,姓名,区划代码,项目代码,发放金额,发放日期,发放方式,补助标准,住址\n";
  SQLite::Statement q(store.db(),
                      "SELECT resident_id, name, region_code, fund_code, address FROM payments "
                      "WHERE rowid IN (SELECT min(rowid) FROM payments GROUP BY resident_id) ORDER BY resident_id");
  int i = 0, n = 0;
  while (q.executeStep()) {
    if (i++ % 10) continue;
    csv << "DAY-" << ++n << ',' << q.getColumn(0).getString() << ',' << q.getColumn(1).getString() << ','
        << q.getColumn(2).getString() << ',' << q.getColumn(3).getString() << ",120.00," << gen::kDefaultAsOf.iso()
        << ",银行转账,," << q.getColumn(4).getString() << '\n';
  }
  return csv.str();
}

}  // namespace

int main(int argc, char** argv) {
  core::crypto_init();
  const int runs = std::max(1, std::stoi(arg_value(argc, argv, "--runs", "3")));
  const fs::path work = arg_value(argc, argv, "--work", fs::temp_directory_path().string());
  const std::string cost = arg_value(argc, argv, "--cost", "production");
  gen::GeneratorOptions options;
  options.scale = gen::parse_scale(arg_value(argc, argv, "--scale", "village")).value_or(gen::Scale::Village);
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());

  const fs::path csv = work / "sealing-data";
  gen::generate_district(options, csv);

  std::vector<double> first_each, reseal_each;
  std::size_t persons = 0, resealed = 0, derived_on_reseal = 0;
  for (int r = 0; r < runs; ++r) {
    const fs::path dir = work / "sealing-store";
    fs::remove_all(dir);
    fs::create_directories(dir);
    feed::Store store(feed::store_file(dir).string());
    const auto salt = core::random_bytes(core::kSealSaltBytes);
    feed::save_seal_params(store, cost == "minimum" ? core::SealParams::minimum(salt) : core::SealParams::production(salt));
    for (const auto kind : {core::ImportKind::Regions, core::ImportKind::Funds, core::ImportKind::Stages,
                            core::ImportKind::Payments}) {
      std::ifstream in(csv / std::string(core::import_file_name(kind)), std::ios::binary);
      import(store, kind, in);
    }
    feed::SealOptions seal;
    seal.now = core::now_utc();
    auto start = std::chrono::steady_clock::now();
    const auto first = feed::seal_pending(store, seal);
    const double first_s = seconds_since(start);
    persons = first.sealed;
    first_each.push_back(first_s / static_cast<double>(std::max<std::size_t>(1, first.sealed)));

    std::istringstream day(a_days_payments(store));
    import(store, core::ImportKind::Payments, day);
    start = std::chrono::steady_clock::now();
    const auto again = feed::seal_pending(store, seal);
    const double again_s = seconds_since(start);
    resealed = again.sealed;
    derived_on_reseal = again.derived;
    reseal_each.push_back(again_s / static_cast<double>(std::max<std::size_t>(1, again.sealed)));
    std::printf("  run %d: first seal %zu persons %.1f s; re-seal %zu persons %.3f s (%zu derived)\n", r + 1,
                first.sealed, first_s, again.sealed, again_s, again.derived);
    fs::remove_all(dir);
  }
  fs::remove_all(csv);

  const double first = median(first_each), reseal = median(reseal_each);
  std::printf("sealing in the feed (%s cost, %s scale, %u cores, %d runs, medians):\n", cost.c_str(),
              std::string(gen::scale_name(options.scale)).c_str(), cores, runs);
  std::printf("  first seal:  %zu persons, %.1f s — %.1f ms per person (Argon2id + seal + log)\n", persons,
              first * static_cast<double>(persons), first * 1e3);
  std::printf("  re-seal after a day's payments: %zu persons, %.3f s — %.2f ms per person, %zu keys derived\n",
              resealed, reseal * static_cast<double>(resealed), reseal * 1e3, derived_on_reseal);
  std::printf("  ratio first / re-seal per person: %.0f×\n", reseal > 0 ? first / reseal : 0.0);
  // The district's beneficiaries, as bench_import counts them in the generated district
  // (docs/benchmarks.md): 128,584 of its 398,286 people.
  const double district_persons = 128584;
  std::printf("  the district (~%.0f beneficiaries) at this rate: first seal %.1f h; re-seal of a day's payments to 10%% %.0f s\n",
              district_persons, first * district_persons / 3600.0, reseal * district_persons / 10.0);
  return 0;
}
