// The figures a frame draws easing from old data to new: exact at the ends, never past the
// target, conserving the Sankey in every frame, and never blank or jumping when data changes twice.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <algorithm>
#include <map>

#include <catch2/catch.hpp>

#include "bench/display_data.hpp"
#include "display/animated_view.hpp"
#include "display/display_view.hpp"
#include "display/scenes/scenes.hpp"

namespace {

using namespace std::chrono_literals;
namespace display = sunlight::display;
namespace bench = sunlight::bench;
using Clock = std::chrono::steady_clock;

display::DisplayView view_of(std::uint64_t seed, int variant) {
  display::DisplayConfig config;
  config.sync.scope = "500112";
  const auto data = bench::display_data({}, seed, variant);
  return display::build_view(data.get(), nullptr, config, "2026-11-28T06:27:00Z");
}

// Every middle node of the shown Sankey lets through what it receives. Mid-animation each flow
// is rounded to the fen on its own, so a node may be off by a fen per flow through it (a few fen
// in hundreds of millions: nothing a pixel can show); at rest it is exact.
void check_conserved(const sunlight::ui::charts::SankeyInput& s, bool at_rest = false) {
  std::map<int, std::int64_t> in, out, flows;
  for (const auto& l : s.links) {
    in[l.target] += l.value;
    out[l.source] += l.value;
    ++flows[l.target];
    ++flows[l.source];
  }
  for (std::size_t i = 0; i < s.nodes.size(); ++i) {
    if (s.nodes[i].column != 1) continue;
    INFO(s.nodes[i].label);
    const auto node = static_cast<int>(i);
    if (at_rest) CHECK(in[node] == out[node]);
    else CHECK(std::abs(in[node] - out[node]) <= flows[node]);
  }
}

}  // namespace

TEST_CASE("figures count up from zero, then ease from what is shown to new data", "[display][animation]") {
  const auto a = view_of(1, 0);
  const auto b = view_of(1, 5);
  REQUIRE(a.overview.kpis.size() == 4);  // plan, paid, people, complaints
  REQUIRE(a.overview.kpis[1].value != b.overview.kpis[1].value);
  const auto t0 = Clock::time_point{} + 1000h;

  display::AnimatedView shown;
  shown.retarget(a, t0);
  CHECK(shown.kpis[1] == 0);  // a screen that just came on counts up
  CHECK(shown.moving(t0));
  shown.step(t0 + 300ms);
  CHECK(shown.kpis[1] > 0);
  CHECK(shown.kpis[1] < a.overview.kpis[1].value);
  check_conserved(shown.sankey);
  shown.step(t0 + 2s);
  CHECK_FALSE(shown.moving(t0 + 2s));
  CHECK(shown.kpis[1] == a.overview.kpis[1].value);
  check_conserved(shown.sankey, true);
  REQUIRE(shown.sankey.links.size() >= a.overview.sankey.links.size());
  for (std::size_t i = 0; i < a.overview.sankey.links.size(); ++i)
    CHECK(shown.sankey.links[i].value == a.overview.sankey.links[i].value);
  REQUIRE(shown.sankey_labels.size() >= a.overview.sankey_labels.size());
  CHECK(std::equal(a.overview.sankey_labels.begin(), a.overview.sankey_labels.end(), shown.sankey_labels.begin()));

  // New data: from what is on screen, not from zero; in between at every step, never past it.
  const auto t1 = t0 + 10s;
  shown.retarget(b, t1);
  CHECK(shown.kpis[1] == a.overview.kpis[1].value);
  const auto lo = std::min(a.overview.kpis[1].value, b.overview.kpis[1].value);
  const auto hi = std::max(a.overview.kpis[1].value, b.overview.kpis[1].value);
  for (auto t = t1; t <= t1 + 2s; t += 100ms) {
    shown.step(t);
    CHECK(shown.kpis[1] >= lo);
    CHECK(shown.kpis[1] <= hi);
    check_conserved(shown.sankey);
  }
  CHECK(shown.kpis[1] == b.overview.kpis[1].value);

  // Data changing again in the middle of an animation continues from the figure shown then.
  const auto t2 = t1 + 10s;
  shown.retarget(a, t2);
  shown.step(t2 + 400ms);
  const auto mid = shown.kpis[1];
  shown.retarget(b, t2 + 400ms);
  CHECK(shown.kpis[1] == mid);
  shown.step(t2 + 3s);
  CHECK(shown.kpis[1] == b.overview.kpis[1].value);
}

TEST_CASE("a town that leaves the data leaves the animation, and months of updates stay small", "[display][animation]") {
  bench::DisplayDataShape many;
  many.towns = 29;
  bench::DisplayDataShape fewer;
  fewer.towns = 10;
  display::DisplayConfig config;
  config.sync.scope = "500112";
  const auto t0 = Clock::time_point{} + 1000h;
  display::AnimatedView shown;
  // What a view can hold figures for: the animation keeps these and, while they ease out, the
  // last view's.
  const auto keys_of = [](const display::DisplayView& v) {
    std::size_t n = v.overview.kpis.size() + v.overview.sankey.links.size() + v.towns.paid.size() + v.towns.people.size();
    for (const auto& column : v.trend.columns.values) n += column.size();
    return n;
  };
  std::size_t last_keys = 0;
  for (int i = 0; i < 200; ++i) {
    const auto data = bench::display_data(i % 2 ? fewer : many, 7, i);
    const auto view = display::build_view(data.get(), nullptr, config, "2026-11-28T06:27:00Z");
    shown.retarget(view, t0 + std::chrono::seconds(2 * i));
    // Half way: towns merge into 其他 and come out of it, and every category still lets through
    // what it receives.
    shown.step(t0 + std::chrono::seconds(2 * i) + 200ms);
    check_conserved(shown.sankey);
    shown.step(t0 + std::chrono::seconds(2 * i + 1));
    CHECK(shown.paid.size() == view.towns.paid.size());
    // Figures that left are forgotten once eased out: never more than this view's and the last
    // one's, however long the screen runs.
    CHECK(shown.tween_count() <= keys_of(view) + last_keys);
    last_keys = keys_of(view);
  }
}

TEST_CASE("pages stay at least 8 s and every page comes round over the turns", "[display][pages]") {
  using sunlight::display::scenes::page_at;
  using std::chrono::milliseconds;
  // Three pages in a 40 s turn: all of them, 13 s each, from the first every turn.
  CHECK(page_at(3, milliseconds(0), milliseconds(40000), 0) == 0);
  CHECK(page_at(3, milliseconds(14000), milliseconds(40000), 7) == 1);
  CHECK(page_at(3, milliseconds(39999), milliseconds(40000), 7) == 2);
  // Twelve pages: five a turn (8 s each), the next turn going on where this one stopped.
  std::map<int, int> seen;
  for (long long round = 0; round < 3; ++round) {
    for (int ms = 0; ms < 40000; ms += 500) ++seen[page_at(12, milliseconds(ms), milliseconds(40000), round)];
  }
  CHECK(seen.size() == 12);
  for (const auto& [page, half_seconds] : seen) CHECK(half_seconds >= 16);  // 8 s or more each time shown
  CHECK(page_at(12, milliseconds(0), milliseconds(40000), 1) == 5);
  // Hostile: nothing to page, a zero-length turn, a negative round.
  CHECK(page_at(0, milliseconds(5), milliseconds(40000), 0) == 0);
  CHECK(page_at(5, milliseconds(5), milliseconds(0), 0) == 0);
  CHECK(page_at(5, milliseconds(5), milliseconds(40000), -3) >= 0);
}

TEST_CASE("a category has one colour in the Sankey and the trend, whatever else comes and goes", "[display][animation]") {
  const auto a = view_of(3, 0);
  display::AnimatedView shown;
  shown.retarget(a, Clock::time_point{} + 1000h);
  int matched = 0;
  for (const auto& series : shown.columns.series) {
    CHECK(series.colour != 0);
    for (const auto& node : a.overview.sankey.nodes) {
      if (node.column != 1 || node.label != series.label) continue;
      CHECK(display::scenes::category_colour(a, node.label) == series.colour);
      ++matched;
    }
  }
  CHECK(matched > 0);
  // The same category in a view with fewer categories keeps its colour as long as its place in
  // the name order does; 其他 and names not in the view are grey.
  CHECK(display::scenes::category_colour(a, "其他") == display::scenes::category_colour(a, "没有这个类别"));
  REQUIRE(std::is_sorted(a.categories.begin(), a.categories.end()));
  CHECK(std::adjacent_find(a.categories.begin(), a.categories.end()) == a.categories.end());
}
