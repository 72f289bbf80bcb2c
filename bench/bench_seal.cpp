// Benchmark: Argon2id person-key cost (what a kiosk lookup and the server per beneficiary pay) and sealing throughput.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/bench_util.hpp"
#include "core/seal.hpp"

using namespace sunlight;
using namespace sunlight::bench;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Median seconds for one derivation: `per_run` derivations per run, so the cheap minimum cost
// is not lost in clock resolution.
double derive_seconds(const core::SealParams& params, int runs, int per_run) {
  std::vector<double> each;
  for (int r = 0; r < runs; ++r) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < per_run; ++i) (void)core::derive_person_key("500112195603121234", params);
    each.push_back(seconds_since(start) / per_run);
  }
  return median(each);
}

// About 1 KiB of JSON, shaped like one person's payments as the server seals them.
std::string sample_record() {
  std::string s = R"({"payments":[)";
  for (int i = 0; s.size() < 1000; ++i) {
    if (i) s += ',';
    s += R"({"fund":"耕地地力保护补贴","date":"2025-0)" + std::to_string(1 + i % 9) +
         R"(-12","amount_fen":12345,"form":"一卡通","dept":"区农业农村委"})";
  }
  return s + "]}";
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = std::max(1, std::stoi(arg_value(argc, argv, "--runs", "3")));
  const std::string salt = core::random_bytes(core::kSealSaltBytes);

  // The production cost among its neighbours, so the choice can be rechecked on a kiosk's CPU.
  struct Row {
    const char* name;
    core::SealParams params;
  };
  auto cost = [&](std::uint64_t ops, std::uint64_t mib) { return core::SealParams{ops, mib << 20, salt}; };
  const Row rows[] = {
      {"minimum", core::SealParams::minimum(salt)},
      {"candidate", cost(2, 19)},
      {"candidate", cost(3, 32)},
      {"production", core::SealParams::production(salt)},
      {"candidate", cost(3, 128)},
  };
  std::printf("sealed person records: Argon2id v1.3 derivation, XChaCha20-Poly1305 sealing\n");
  std::printf("  %-12s %4s %10s %12s\n", "derive", "ops", "memory", "median");
  for (const auto& row : rows) {
    const bool cheap = row.params.memlimit_bytes < (1u << 20);
    const double s = derive_seconds(row.params, cheap ? runs : std::max(runs, 5), cheap ? 200 : 1);
    std::printf("  %-12s %4llu %6llu %s %9.3f ms\n", row.name, static_cast<unsigned long long>(row.params.opslimit),
                static_cast<unsigned long long>(cheap ? row.params.memlimit_bytes >> 10 : row.params.memlimit_bytes >> 20),
                cheap ? "KiB" : "MiB", s * 1e3);
  }

  const auto key = core::derive_person_key("500112195603121234", core::SealParams::minimum(salt));
  const std::string record = sample_record();
  const std::string sealed = core::seal_record(key, record);
  std::vector<double> seal_rate, open_rate;
  for (int r = 0; r < runs; ++r) {
    constexpr int kRecords = 100000;
    std::size_t bytes = 0;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kRecords; ++i) bytes += core::seal_record(key, record).size();
    seal_rate.push_back(kRecords / seconds_since(start));
    start = std::chrono::steady_clock::now();
    for (int i = 0; i < kRecords; ++i) bytes += core::open_record(key, sealed)->size();
    open_rate.push_back(kRecords / seconds_since(start));
    if (bytes == 0) return 1;  // keeps the loops from being optimised away
  }
  std::printf("  seal_record, %zu-byte JSON  median %9.0f records/s\n", record.size(), median(seal_rate));
  std::printf("  open_record, %zu-byte JSON  median %9.0f records/s\n", record.size(), median(open_rate));
  return 0;
}
