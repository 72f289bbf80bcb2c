// Fund stages per town and fund budgets, derived from what the payments actually came to.
#include "gen/ledger.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "core/money.hpp"
#include "gen/random.hpp"

namespace sunlight::gen {

namespace {

std::int64_t round_up(std::int64_t fen, std::int64_t unit) { return (fen + unit - 1) / unit * unit; }
constexpr std::int64_t kHundredYuan = 10000;
constexpr std::int64_t kTenThousandYuan = 1000000;

std::string amount(std::int64_t fen) { return core::Money::from_fen(fen).format_plain(); }

struct Stage {
  std::string_view name;
  std::int64_t fen = -1;  // -1: not reached
  std::int32_t day = 0;
  std::string doc;
};

}  // namespace

std::uint64_t write_town_stages(CsvWriter& out, const Town& town, const TownSchedule& schedule, const Tallies& tallies,
                                const Period& period, std::uint64_t seed, PlanTotals& plans) {
  Rng rng(derive_seed(seed, text_key(town.code), 5));
  const auto before = out.rows();
  // Town documents: 镇人民政府 "龙兴府文", 街道办事处 "双龙湖街文".
  const std::string town_office = town.short_name + (town.street ? "街文" : "府文");

  for (std::size_t pi = 0; pi < kProgrammeCount; ++pi) {
    const Programme p = programme_at(pi);
    const ProgrammeInfo& in = info(p);
    for (int yi = 0; yi < kYears; ++yi) {
      const Tally& t = tallies[pi][static_cast<std::size_t>(yi)];
      const std::int64_t paid = t.paid_fen;
      const std::int64_t expected = paid + t.pending_fen;
      if (expected == 0) continue;
      const int year = period.year(yi);
      const bool current = yi == kYears - 1;
      const Hold hold = schedule.hold(p, yi);

      // Amounts: the plan asks a little more than needed, approval trims it, allocation follows
      // the money actually needed so far.
      const auto plan_pct = rng.range(0, 8);
      const auto approve_pct = rng.range(0, plan_pct);
      const std::int64_t approve = round_up(expected * (100 + approve_pct) / 100, kHundredYuan);
      const std::int64_t plan = std::max(approve, round_up(expected * (100 + plan_pct) / 100, kHundredYuan));
      std::int64_t allocate = -1;
      if (hold == Hold::AwaitingDisbursement) {
        allocate = expected;
      } else if (hold == Hold::None) {
        if (!current) {
          allocate = paid + (rng.chance(40, 100) ? (paid * rng.range(0, 20) / 1000 + 50) / 100 * 100 : 0);
        } else if (in.frequency == Frequency::Yearly) {
          allocate = expected;  // a yearly batch is allocated whole before it is paid
        } else {
          allocate = paid + t.pending_fen * rng.range(0, 40) / 100;
        }
        allocate = std::min(allocate, approve);
        if (allocate == 0) allocate = -1;  // nothing allocated yet: no 资金拨付 row
      }

      // Dates: a yearly batch is planned two to three months ahead; everything else is planned
      // in December for the whole next year and allocated in the first days of January.
      std::int32_t plan_day = 0, approve_day = 0, allocate_day = 0;
      std::int32_t first_pay = paid > 0 ? t.first_paid : kNever;
      if (in.frequency == Frequency::Yearly) {
        const std::int32_t due = schedule.yearly(p, yi);
        first_pay = std::min(first_pay, due);
        plan_day = due - static_cast<std::int32_t>(rng.range(60, 100));
        approve_day = plan_day + static_cast<std::int32_t>(rng.range(10, 25));
        allocate_day = approve_day + static_cast<std::int32_t>(rng.range(5, 20));
      } else {
        plan_day = day_number(year - 1, 12, static_cast<unsigned>(rng.range(1, 12)));
        approve_day = plan_day + static_cast<std::int32_t>(rng.range(8, 18));
        allocate_day = day_number(year, 1, static_cast<unsigned>(rng.range(2, 4)));
      }
      allocate_day = TownSchedule::working_day(allocate_day);
      allocate_day = std::min(allocate_day, first_pay);
      approve_day = std::min(TownSchedule::working_day(approve_day), allocate_day);
      plan_day = std::min(TownSchedule::working_day(plan_day), approve_day);

      const auto doc = [&](std::string_view office, std::int32_t day, int lo, int hi) {
        return fmt::format("{}〔{}〕{}号", office, civil(day).year, rng.range(lo, hi));
      };
      Stage stages[4] = {
          {"用款计划申请", plan, plan_day, doc(town_office, plan_day, 3, 160)},
          {"资金使用审批", approve, approve_day, doc(fmt::format("渝北{}", in.finance_office), approve_day, 10, 220)},
          {"资金拨付", allocate, allocate_day, doc(fmt::format("渝北{}指", in.finance_office), allocate_day, 5, 320)},
          {"资金发放", paid > 0 ? paid : -1, t.last_paid, doc(town.short_name + "财发", std::max(t.last_paid, plan_day), 1, 90)},
      };
      for (const Stage& s : stages) {
        if (s.fen < 0 || s.day > period.as_of_days) continue;
        out.plain(fund_code(p, year)).plain(town.code).field(s.name).plain(amount(s.fen)).plain(civil(s.day).iso()).field(s.doc);
        out.end_row();
      }
      plans[pi][static_cast<std::size_t>(yi)] += plan;
    }
  }
  return out.rows() - before;
}

std::uint64_t write_funds(CsvWriter& out, const Period& period, const PlanTotals& plans, std::uint64_t seed) {
  Rng rng(derive_seed(seed, 0xF0AD, 7));
  const auto before = out.rows();
  for (int yi = 0; yi < kYears; ++yi) {
    const int year = period.year(yi);
    for (std::size_t pi = 0; pi < kProgrammeCount; ++pi) {
      const Programme p = programme_at(pi);
      const ProgrammeInfo& in = info(p);
      const std::int64_t planned = plans[pi][static_cast<std::size_t>(yi)];
      // A reserve of up to 5% on top of the towns' plans, in whole 万元 as budgets are written.
      const std::int64_t budget = round_up(planned * (100 + rng.range(0, 5)) / 100, kTenThousandYuan);
      out.plain(fund_code(p, year)).field(in.name).field(in.category).field(in.department).field(in.level);
      out.number(year).plain(amount(budget)).field(standard_text(p, year)).field(policy_basis(p, year));
      out.end_row();
    }
  }
  return out.rows() - before;
}

}  // namespace sunlight::gen
