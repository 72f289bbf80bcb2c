// The feed data dir the feed and sync benchmarks run against: generated CSVs, all five imported, every person sealed.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <SQLiteCpp/Statement.h>

#include "core/crypto.hpp"
#include "core/date.hpp"
#include "core/import.hpp"
#include "core/seal.hpp"
#include "core/signing.hpp"
#include "core/text.hpp"
#include "feed/importer.hpp"
#include "feed/sealer.hpp"
#include "feed/store.hpp"
#include "gen/district_generator.hpp"

namespace sunlight::bench {

struct FeedData {
  std::string public_key;  // ed25519:… of the signing key written into the data dir
  std::string district, village;  // the village with the most payments
  std::uint64_t payments = 0, village_payments = 0, persons = 0;
  double import_seconds = 0, seal_seconds = 0;
};

// Generates the scale's five CSVs into csv_dir unless a finished set is there (generated.ok,
// which bench_import writes too).
inline void ensure_csvs(const char* tool, gen::Scale scale, const std::filesystem::path& csv_dir) {
  if (std::filesystem::exists(csv_dir / "generated.ok")) return;
  std::filesystem::remove_all(csv_dir);
  std::fprintf(stderr, "%s: generating the %s-scale data…\n", tool, std::string(gen::scale_name(scale)).c_str());
  gen::GeneratorOptions options;
  options.scale = scale;
  const auto summary = gen::generate_district(options, csv_dir);
  std::ofstream(csv_dir / "generated.ok") << summary.people << " people\n";
}

// Writes a signing key into the empty data dir, imports the five CSVs into a new store and seals
// every person at the minimum cost, so the server's own sealer is idle while a benchmark runs.
// Returns the store open, for the caller to enrol terminals in.
inline FeedData build_feed_data(const char* tool, const std::filesystem::path& csv_dir,
                                const std::filesystem::path& data, feed::Store& store) {
  using Clock = std::chrono::steady_clock;
  const auto seconds_since = [](Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  FeedData d;
  {
    const auto key = core::SigningKey::generate();
    d.public_key = key.public_key().to_text();
    std::ofstream(data / "signing.key") << key.to_text() << "\n";
  }
  std::filesystem::permissions(data / "signing.key",
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  feed::save_seal_params(store, core::SealParams::minimum(core::random_bytes(core::kSealSaltBytes)));
  std::fprintf(stderr, "%s: importing into %s…\n", tool, data.c_str());
  const auto import_start = Clock::now();
  for (const auto kind : {core::ImportKind::Regions, core::ImportKind::Funds, core::ImportKind::Stages,
                          core::ImportKind::Payments, core::ImportKind::Notices}) {
    std::ifstream in(csv_dir / std::string(core::import_file_name(kind)), std::ios::binary);
    feed::ImportRun run;
    run.actor = "bench";
    run.file_name = std::string(core::import_file_name(kind));
    run.now = core::now_utc();
    const auto outcome = feed::import_csv(store, kind, in, run);
    if (!outcome.report.ok()) throw std::runtime_error("the generated data did not import: " + run.file_name);
    if (kind == core::ImportKind::Payments) {
      d.payments = outcome.report.good_rows();
      d.persons = outcome.persons_marked;
    }
  }
  d.import_seconds = seconds_since(import_start);
  std::fprintf(stderr, "%s: sealing %s person records at minimum cost…\n", tool,
               core::text::group_thousands(d.persons).c_str());
  feed::SealOptions seal;
  seal.now = core::now_utc();
  const auto seal_start = Clock::now();
  feed::seal_pending(store, seal);
  d.seal_seconds = seconds_since(seal_start);

  auto& db = store.db();
  d.district = feed::district_code(db);
  SQLite::Statement biggest(
      db, "SELECT substr(region_code, 1, 12) AS v, count(*) FROM payments GROUP BY v ORDER BY 2 DESC, v LIMIT 1");
  if (!biggest.executeStep()) throw std::runtime_error("no payments imported");
  d.village = biggest.getColumn(0).getString();
  d.village_payments = static_cast<std::uint64_t>(biggest.getColumn(1).getInt64());
  return d;
}

}  // namespace sunlight::bench
