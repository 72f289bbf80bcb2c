// The display's view built from a real replica: the village-scale demo district served on 127.0.0.1, synced once by a town screen.
#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/date.hpp"
#include "display/display_view.hpp"
#include "feed/feed_fixture.hpp"
#include "gen/district_generator.hpp"
#include "gen/programmes.hpp"
#include "gen/regions.hpp"
#include "gen/schedule.hpp"
#include "sync/feed_sync.hpp"
#include "temp_dir.hpp"

namespace sy = sunlight::sync;
namespace gen = sunlight::gen;
using sunlight::display::build_view;
using sunlight::display::DisplayConfig;
using sunlight::display::DisplayView;
using sunlight::display::dump;
using sunlight::display::Scene;
using sunlight::feed::testing::FeedFixture;
using sunlight::feed::testing::RunningFeed;

namespace {

struct Held {
  std::string fund;  // code
  int stage = 0;     // the stage never reached: 2 资金拨付 or 3 资金发放
  std::int32_t due = 0;  // the batch day that passed (days since 1970-01-01)
};

// The funds the generator held up in `town` this year, asked of its own schedule rather than
// read back from the data under test.
std::vector<Held> held_funds(const std::string& town_code) {
  gen::GeneratorOptions options;
  const gen::Period period(options.as_of);
  std::vector<Held> held;
  for (const auto& town : gen::build_towns(options.scale, options.seed)) {
    if (town.code != town_code) continue;
    const gen::TownSchedule schedule(town, period, options.seed);
    for (std::size_t i = 0; i < gen::kProgrammeCount; ++i) {
      const auto p = gen::programme_at(i);
      const auto hold = schedule.hold(p, gen::kYears - 1);
      if (hold == gen::Hold::None) continue;
      held.push_back({gen::fund_code(p, options.as_of.year), hold == gen::Hold::AwaitingAllocation ? 2 : 3,
                      schedule.yearly(p, gen::kYears - 1)});
    }
  }
  return held;
}

std::string noon_utc(std::int64_t days) {
  // 12:00 in Shanghai is 04:00 UTC.
  return sunlight::core::CivilDate::from_days(days).iso() + "T04:00:00Z";
}

}  // namespace

TEST_CASE("a town screen's view agrees with its replica", "[display][replica]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  sunlight::testing::TempDir dir("display-replica");
  DisplayConfig config;
  config.sync.kind = sy::TerminalKind::Display;
  config.sync.feed_url = feed.url();
  config.sync.scope = fixture.town;
  config.sync.device_token = fixture.display_token;
  config.sync.public_key = fixture.public_key;
  config.sync.data_dir = dir.path();
  config.sync.version = "display-test 0.1.0";
  sy::FeedSync::Options options;
  options.heartbeats = false;
  sy::FeedSync feed_sync(config.sync, options);
  REQUIRE(feed_sync.run_round().ok);
  const auto data = feed_sync.data();
  const auto status = feed_sync.status();
  REQUIRE(data->has_public);
  REQUIRE(data->year == gen::kDefaultAsOf.year);

  const auto as_of = gen::kDefaultAsOf.days_since_epoch();
  const std::string now = noon_utc(as_of);
  const auto t0 = std::chrono::steady_clock::now();
  const auto view = build_view(data.get(), status.get(), config, now);
  WARN(fmt::format("build_view on the village-scale town replica: {:.3f} ms",
                   std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count()));
  REQUIRE(view.has_data);

  {  // header
    CHECK(view.header.scope_name == "龙兴镇");
    CHECK(view.header.data_time.starts_with("数据更新于 "));
    CHECK_FALSE(view.header.offline);
  }

  {  // overview: the KPIs and the Sankey are the replica's figures for this year
    std::int64_t plan = 0, paid = 0, people = 0;
    for (const auto& f : data->fund_totals)
      if (f.fund.year == data->year) {
        plan += f.figures.plan_fen;
        paid += f.figures.paid_fen;
        people += f.figures.beneficiaries;
      }
    REQUIRE(paid > 0);
    CHECK(view.overview.kpis[0].value == plan);
    CHECK(view.overview.kpis[1].value == paid);
    CHECK(view.overview.kpis[2].value == people);
    CHECK(view.overview.total_paid == paid);
    CHECK(view.overview.column_titles[2] == "村居");
    // Flow is conserved through every category, and each column carries the whole.
    std::vector<std::int64_t> in(view.overview.sankey.nodes.size()), out(view.overview.sankey.nodes.size());
    for (const auto& l : view.overview.sankey.links) {
      out[static_cast<std::size_t>(l.source)] += l.value;
      in[static_cast<std::size_t>(l.target)] += l.value;
    }
    std::array<std::int64_t, 3> column{};
    std::array<int, 3> count{};
    for (std::size_t i = 0; i < in.size(); ++i) {
      const auto c = static_cast<std::size_t>(view.overview.sankey.nodes[i].column);
      column[c] += c == 0 ? out[i] : in[i];
      ++count[c];
      if (c == 1) CHECK(in[i] == out[i]);
    }
    CHECK(column == std::array<std::int64_t, 3>{paid, paid, paid});
    for (const int n : count) CHECK(n <= 9);
  }

  {  // towns: the children's bars add up to the year's payments
    std::int64_t paid = 0;
    for (const auto& b : view.towns.paid) paid += b.value;
    CHECK(paid == view.overview.total_paid);
    REQUIRE_FALSE(view.towns.paid.empty());
    for (const auto& b : view.towns.paid) CHECK(b.label != b.key);  // every village is named
  }

  {  // stages: a row per programme run here, and 龙兴镇's held-up fund is flagged
    std::set<std::string> with_figures;
    for (const auto& f : data->fund_totals)
      if (f.fund.year == data->year && f.figures != sy::Figures{}) with_figures.insert(f.fund.code);
    std::set<std::string> rows;
    for (const auto& r : view.stages.rows) rows.insert(r.fund);
    CHECK(rows == with_figures);

    // The first town always holds exactly one yearly programme back (docs/data-generator.md).
    const auto held = held_funds(fixture.town);
    REQUIRE(held.size() == 1);
    const auto& h = held.front();
    // Whatever the months, the generator dates the stage before the missing one at least 15
    // days before the batch day, and the batch day at least 20 days before as_of: with late_days
    // 1 the fund is flagged on as_of itself; with the default 30, two months after its batch day.
    auto strict = config;
    strict.late_days = 1;
    const auto at_as_of = build_view(data.get(), status.get(), strict, now);
    const auto later_now = noon_utc(std::max<std::int64_t>(as_of, h.due + 62));
    const auto later = build_view(data.get(), status.get(), config, later_now);
    for (const auto* v : {&at_as_of, &later}) {
      const sunlight::display::StageRow* row = nullptr;
      for (const auto& r : v->stages.rows)
        if (r.fund == h.fund) row = &r;
      REQUIRE(row != nullptr);
      INFO(row->name);
      CHECK(row->late_stage == h.stage);
      CHECK(row->months[static_cast<std::size_t>(h.stage)].empty());
      CHECK_FALSE(row->months[static_cast<std::size_t>(h.stage - 1)].empty());
      CHECK(row->waiting_days > 0);
      CHECK(v->stages.rows.front().late_stage >= 0);  // late rows come first
    }
    // And with the default config on as_of: every late row is late by the rule, never early.
    const auto today = as_of;
    for (const auto& r : view.stages.rows) {
      for (std::size_t s = 1; s < 4; ++s) {
        if (!r.late[s]) continue;
        INFO(r.name << " stage " << s);
        REQUIRE_FALSE(r.months[s - 1].empty());
        const auto before = sunlight::core::parse_date(r.months[s - 1] + "-01").value();
        const auto end_before = sunlight::core::CivilDate::from_days(before.days_since_epoch() + 31);
        const auto last_day = sunlight::core::CivilDate{end_before.year, end_before.month, 1}.days_since_epoch() - 1;
        if (r.months[s].empty()) {
          CHECK(today - last_day > config.late_days);
        } else {
          const auto at = sunlight::core::parse_date(r.months[s] + "-01").value().days_since_epoch();
          CHECK(at - last_day > config.late_days);
        }
      }
    }
  }

  {  // trend: this year's months add up to what the months say
    std::int64_t expected = 0;
    for (const auto& m : data->months)
      if (m.month >= view.trend.first_month && m.month <= view.trend.last_month) expected += m.figures.paid_fen;
    CHECK(view.trend.total == expected);
    CHECK(view.trend.last_month == "2026-11");
    CHECK(view.trend.columns.columns.size() == 12);
  }

  {  // notices: current ones from the replica, newest first
    REQUIRE_FALSE(view.notices.cards.empty());
    CHECK(view.notices.cards.size() <= 12);
    CHECK(view.ticker.size() <= 10);
    std::map<std::int64_t, const sy::Notice*> by_id;
    for (const auto& n : data->notices) by_id[n.id] = &n;
    std::string previous = "9999";
    for (const auto& c : view.notices.cards) {
      REQUIRE(by_id.count(c.id) == 1);
      const auto& n = *by_id[c.id];
      CHECK(n.current_at(now));
      CHECK(n.publish_at <= previous);
      previous = n.publish_at;
      CHECK(c.title == n.title);
      CHECK_FALSE(c.body.empty());
    }
  }

  {  // every scene dumps
    for (const auto s : sunlight::display::kAllScenes) {
      const auto text = dump(view, s);
      CHECK(text.find(std::string("scene: ") + std::string(sunlight::display::scene_title(s))) != std::string::npos);
      CHECK(text.find("滚动: ") != std::string::npos);
    }
  }
}
