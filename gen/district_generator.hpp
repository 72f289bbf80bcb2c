// The deterministic demo-district generator: options in, five import CSVs and a summary out.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"

namespace sunlight::gen {

// How much of 渝北区 to generate.
enum class Scale {
  Village,   // the district, 龙兴镇 and one village with its groups: ~1,000 people
  Town,      // 龙兴镇 with 10-15 villages: ~15,000 people
  District,  // all 29 镇街: ~400,000 people, ~3,000,000 payments
};

[[nodiscard]] std::string_view scale_name(Scale scale) noexcept;  // "village", "town", "district"
[[nodiscard]] std::optional<Scale> parse_scale(std::string_view text) noexcept;

inline constexpr std::uint64_t kDefaultSeed = 500112;
// A fixed default, never the clock, so two runs on different days give the same files.
inline constexpr core::CivilDate kDefaultAsOf{2026, 11, 15};

struct GeneratorOptions {
  Scale scale = Scale::Village;
  std::uint64_t seed = kDefaultSeed;
  // The day the data is "as of": payments, stages, notices and births are never later.
  // Years covered: as_of.year-2 .. as_of.year. Must lie in 2005..2099.
  core::CivilDate as_of = kDefaultAsOf;
  // Called now and then with a line of progress (one per 镇街); may be empty.
  std::function<void(std::string_view)> progress;
};

// A resident ID worth trying on a kiosk, and why.
struct SampleResident {
  std::string resident_id;
  std::string description;  // Chinese, one line
};

struct GenerationSummary {
  std::uint64_t regions = 0;
  std::uint64_t people = 0;
  std::uint64_t households = 0;
  std::uint64_t funds = 0;
  std::uint64_t stages = 0;
  std::uint64_t payments = 0;
  std::uint64_t notices = 0;
  std::int64_t total_paid_fen = 0;
  // From the first village (the same people at every scale): an elderly person with 高龄津贴 and
  // 养老保险, a 城乡低保 household head, a 农村危房改造补助 recipient, the person with the most
  // programmes, and last a valid ID with no payments at all.
  std::vector<SampleResident> samples;
};

// Writes regions.csv, funds.csv, stages.csv, payments.csv and notices.csv (UTF-8, LF, headers as
// in docs/import-formats.md) and samples.txt (see write_samples) into `out_dir`, creating it if
// needed and replacing those files.
// The same options always give byte-identical files. Throws std::invalid_argument for options out
// of range and std::runtime_error for I/O failures. Single-threaded; memory stays bounded by one
// village's people, whatever the scale.
GenerationSummary generate_district(const GeneratorOptions& options, const std::filesystem::path& out_dir);

// Writes `samples` as "ID<TAB>description" lines to `path`.
void write_samples(const std::vector<SampleResident>& samples, const std::filesystem::path& path);

}  // namespace sunlight::gen
