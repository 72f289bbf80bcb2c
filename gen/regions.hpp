// The region tree of the generated area (区县 → 镇街 → 村居 → 社) and regions.csv.
#pragma once

#include <cstdint>
#include <vector>

#include "gen/csv_writer.hpp"
#include "gen/district_generator.hpp"
#include "gen/model.hpp"

namespace sunlight::gen {

// The towns (with their villages) that `scale` covers, in processing order. Every town's and
// village's layout comes from a sub-stream keyed by its own code, so 龙兴镇 and its first village
// look the same at every scale.
[[nodiscard]] std::vector<Town> build_towns(Scale scale, std::uint64_t seed);

// Writes the district, the towns, villages and groups, parents before children, in code order.
// Returns the number of rows.
std::uint64_t write_regions(CsvWriter& out, const std::vector<Town>& towns);

}  // namespace sunlight::gen
