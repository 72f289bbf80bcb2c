// The money flow above the payments: stages.csv (four monitoring points per fund and town) and funds.csv.
#pragma once

#include <array>
#include <cstdint>

#include "gen/csv_writer.hpp"
#include "gen/model.hpp"
#include "gen/schedule.hpp"

namespace sunlight::gen {

// Sum of every town's 用款计划 per fund, from which funds.csv budgets are set.
using PlanTotals = std::array<std::array<std::int64_t, kYears>, kProgrammeCount>;

// Writes 用款计划申请 → 资金使用审批 → 资金拨付 → 资金发放 for every fund the town paid or meant to
// pay. Amounts never grow along the chain and 资金发放 equals the town's payments exactly, dated
// on its last payment; dates never fall. Stages dated after as_of are left out, as are the
// stages of held-up funds (see Hold). Adds the town's plans to `plans`; returns rows written.
std::uint64_t write_town_stages(CsvWriter& out, const Town& town, const TownSchedule& schedule, const Tallies& tallies,
                                const Period& period, std::uint64_t seed, PlanTotals& plans);

// One row per programme and year; the budget covers every plan, so it is never below what was
// paid. Returns rows written.
std::uint64_t write_funds(CsvWriter& out, const Period& period, const PlanTotals& plans, std::uint64_t seed);

}  // namespace sunlight::gen
