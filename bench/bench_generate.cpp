// Benchmark: generating the district-scale demo data (target: under 60 s and under 1 GiB peak).
#include <cstdio>

#include "bench/bench_util.hpp"

using namespace sunlight::bench;

int main(int argc, char** argv) {
  const int runs = std::stoi(arg_value(argc, argv, "--runs", "3"));
  const std::filesystem::path work = arg_value(argc, argv, "--work", "/tmp/sunlight-bench");
  const std::string scale = arg_value(argc, argv, "--scale", "district");
  const std::filesystem::path out = work / scale;
  std::vector<double> seconds;
  std::vector<double> rss_mib;
  for (int i = 0; i < runs; ++i) {
    std::filesystem::remove_all(out);
    const auto run = run_child({(bin_dir() / "sunlight-data").string(), "generate", "--scale", scale, "--out", out.string()});
    if (run.exit_code != 0) {
      std::fprintf(stderr, "bench_generate: sunlight-data generate failed (exit %d)\n", run.exit_code);
      return 1;
    }
    seconds.push_back(run.seconds);
    rss_mib.push_back(static_cast<double>(run.peak_rss_kib) / 1024.0);
  }
  std::uintmax_t bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(out))
    if (entry.is_regular_file()) bytes += entry.file_size();
  std::printf("generate %-8s  median %6.1f s  (target < 60 s)   peak RSS median %6.0f MiB  (target < 1024 MiB)   output %.0f MiB\n",
              scale.c_str(), median(seconds), median(rss_mib), static_cast<double>(bytes) / (1 << 20));
  std::printf("  runs (s):");
  for (const double s : seconds) std::printf(" %.1f", s);
  std::printf("\n");
  return 0;
}
