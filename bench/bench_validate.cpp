// Benchmark: validating the district's payments.csv (target: at least 500,000 rows per second).
#include <cstdio>
#include <fstream>

#include "bench/bench_util.hpp"
#include "core/csv.hpp"
#include "core/import_files.hpp"

using namespace sunlight;
using namespace sunlight::bench;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = std::stoi(arg_value(argc, argv, "--runs", "3"));
  const std::filesystem::path work = arg_value(argc, argv, "--work", "/tmp/sunlight-bench");
  const std::filesystem::path dir = work / "district";
  if (!std::filesystem::exists(dir / "payments.csv")) {
    std::fprintf(stderr, "bench_validate: generating the district data into %s first\n", dir.c_str());
    if (run_child({(bin_dir() / "sunlight-data").string(), "generate", "--scale", "district", "--out", dir.string()}).exit_code != 0)
      return 1;
  }
  core::ImportOptions options;
  options.today = core::CivilDate{2100, 1, 1};  // the data's dates are all in the past whatever today is

  // References as the importer would hold them: the district's regions and funds.
  core::RegionTree regions;
  std::set<std::string, std::less<>> funds;
  {
    std::ifstream in(dir / "regions.csv", std::ios::binary);
    (void)core::read_regions(in, options, {}, [&](core::Region&& r) { regions.add(std::move(r)); });
    std::ifstream fin(dir / "funds.csv", std::ios::binary);
    (void)core::read_funds(fin, options, {}, [&](core::Fund&& f) { funds.insert(std::move(f.code)); });
  }
  const core::ImportReferences refs{&regions, &funds};
  const auto bytes = static_cast<double>(std::filesystem::file_size(dir / "payments.csv"));

  std::vector<double> split_rate, validate_rate;
  std::size_t rows = 0;
  for (int i = 0; i < runs; ++i) {
    // CSV splitting alone, to see what share of the time is parsing versus the rules.
    {
      std::ifstream in(dir / "payments.csv", std::ios::binary);
      core::CsvReader reader(in);
      core::CsvRecord record;
      std::size_t n = 0;
      const auto start = std::chrono::steady_clock::now();
      while (reader.next(record)) ++n;
      split_rate.push_back(bytes / seconds_since(start) / (1 << 20));
    }
    const auto start = std::chrono::steady_clock::now();
    const auto report = core::validate_file(core::ImportKind::Payments, dir / "payments.csv", options, refs);
    const double secs = seconds_since(start);
    if (!report.ok()) {
      std::fprintf(stderr, "bench_validate: the generated payments.csv has errors:\n%s",
                   report.render(core::Lang::En, 5).c_str());
      return 1;
    }
    rows = report.good_rows();
    validate_rate.push_back(static_cast<double>(rows) / secs);
  }
  std::printf("validate payments.csv  %zu rows, %.0f MiB\n", rows, bytes / (1 << 20));
  std::printf("  full validation median %9.0f rows/s  (target >= 500,000)\n", median(validate_rate));
  std::printf("  CSV splitting only     %9.0f MiB/s\n", median(split_rate));
  return 0;
}
