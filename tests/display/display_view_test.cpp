// Tests for display/display_view: every scene's figures from hand-built TerminalData, hostile data, headers, waiting, dumps.
#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/text.hpp"
#include "display/display_view.hpp"
#include "ui/charts/sankey.hpp"

namespace sy = sunlight::sync;
namespace charts = sunlight::ui::charts;
using sunlight::display::build_view;
using sunlight::display::DisplayConfig;
using sunlight::display::DisplayView;
using sunlight::display::dump;
using sunlight::display::Scene;
using sunlight::display::StageRow;

namespace {

constexpr const char* kNow = "2026-11-28T06:27:00Z";  // 14:27 on 28 November in Shanghai

sy::Figures paid(std::int64_t fen, std::int64_t people = 0) {
  sy::Figures f;
  f.paid_fen = fen;
  f.disburse_fen = fen;
  f.beneficiaries = people;
  f.payments = people;
  return f;
}

struct Builder {
  sy::TerminalData d;

  explicit Builder(std::string scope = "500112") {
    d.scope = scope;
    d.has_public = true;
    d.public_seq = 100;
    d.data_time = "2026-11-28T06:27:00Z";
    d.year = 2026;
    if (scope.size() == 6) {
      d.regions.self = {scope, "渝北区", "district"};
    } else if (scope.size() == 9) {
      d.regions.self = {scope, "龙兴镇", "town"};
      d.regions.ancestors = {{"500112", "渝北区", "district"}};
    } else {
      d.regions.self = {scope, "柏树村", "village"};
      d.regions.ancestors = {{"500112", "渝北区", "district"}, {scope.substr(0, 9), "龙兴镇", "town"}};
    }
  }
  void child(const std::string& code, const std::string& name) {
    d.regions.children.push_back({code, name, code.size() == 9 ? "town" : "village"});
  }
  sy::FundTotal& fund(const std::string& code, const std::string& name, const std::string& category,
                        const std::string& level, int year = 2026) {
    sy::FundTotal t;
    t.fund.code = code;
    t.fund.name = name;
    t.fund.category = category;
    t.fund.department = "区农业农村委";
    t.fund.level = level;
    t.fund.year = year;
    t.region = d.scope;
    d.fund_totals.push_back(t);
    return d.fund_totals.back();
  }
  sy::FundTotal& find(const std::string& code) {
    for (auto& f : d.fund_totals)
      if (f.fund.code == code) return f;
    throw std::logic_error("no fund " + code);
  }
  // Pays `fen` to `people` in child `region` for `fund`, keeping the scope's total in step.
  void pay(const std::string& region, const std::string& fund, std::int64_t fen, std::int64_t people = 0) {
    sy::RegionFundTotal c;
    c.region = region;
    c.fund = fund;
    c.year = d.year;
    c.figures = paid(fen, people);
    d.child_totals.push_back(c);
    auto& f = find(fund).figures;
    f.paid_fen += fen;
    f.disburse_fen += fen;
    f.beneficiaries += people;
  }
  void month(const std::string& fund, const std::string& month, sy::Figures figures) {
    sy::FundMonth m;
    m.fund = fund;
    for (const auto& f : d.fund_totals)
      if (f.fund.code == fund) m.category = f.fund.category;
    m.month = month;
    m.figures = figures;
    d.months.push_back(m);
  }
};

// A district: three towns, four funds of this year in three categories, one of last year.
Builder district() {
  Builder b;
  b.child("500112101", "龙兴镇");
  b.child("500112102", "统景镇");
  b.child("500112103", "王家街道");
  b.fund("YB2026-01", "耕地地力保护补贴", "农业补贴", "central");
  b.fund("YB2026-02", "城乡低保", "社会救助", "municipal");
  b.fund("YB2026-03", "高龄津贴", "养老服务", "district");
  b.fund("YB2026-04", "临时救助", "社会救助", "district");
  b.fund("YB2025-01", "耕地地力保护补贴", "农业补贴", "central", 2025).figures = paid(999'999'00, 50);
  b.pay("500112101", "YB2026-01", 1'200'000'00, 3000);
  b.pay("500112102", "YB2026-01", 800'000'00, 2000);
  b.pay("500112101", "YB2026-02", 500'000'00, 400);
  b.pay("500112103", "YB2026-02", 300'000'00, 300);
  b.pay("500112102", "YB2026-03", 90'000'00, 900);
  b.pay("500112103", "YB2026-04", 10'000'00, 10);
  for (auto& f : b.d.fund_totals)
    if (f.fund.year == 2026) f.figures.plan_fen = f.figures.paid_fen * 115 / 100;
  return b;
}

DisplayConfig config() { return DisplayConfig{}; }

DisplayView view_of(const Builder& b, const std::string& now = kNow, const DisplayConfig& c = config()) {
  return build_view(&b.d, nullptr, c, now);
}

// Per node: what flows in and out.
struct NodeFlow {
  std::int64_t in = 0, out = 0;
};
std::vector<NodeFlow> flows_of(const charts::SankeyInput& s) {
  std::vector<NodeFlow> f(s.nodes.size());
  for (const auto& l : s.links) {
    if (l.value <= 0) continue;
    f[static_cast<std::size_t>(l.source)].out += l.value;
    f[static_cast<std::size_t>(l.target)].in += l.value;
  }
  return f;
}

std::int64_t column_total(const charts::SankeyInput& s, int column) {
  const auto f = flows_of(s);
  std::int64_t total = 0;
  for (std::size_t i = 0; i < s.nodes.size(); ++i)
    if (s.nodes[i].column == column) total += column == 0 ? f[i].out : f[i].in;
  return total;
}

std::vector<std::string> keys_in(const charts::SankeyInput& s, int column) {
  std::vector<std::string> keys;
  for (const auto& n : s.nodes)
    if (n.column == column) keys.push_back(n.key);
  return keys;
}

// Flow is conserved at every middle node, and every column carries the same total.
void check_conserved(const DisplayView& v) {
  const auto& s = v.overview.sankey;
  CHECK(charts::check_sankey(s).empty());
  const auto f = flows_of(s);
  for (std::size_t i = 0; i < s.nodes.size(); ++i) {
    INFO(s.nodes[i].key);
    CHECK(s.nodes[i].column >= 0);
    CHECK(s.nodes[i].column <= 2);
    if (s.nodes[i].column == 1) CHECK(f[i].in == f[i].out);
  }
  CHECK(column_total(s, 0) == v.overview.total_paid);
  CHECK(column_total(s, 1) == v.overview.total_paid);
  CHECK(column_total(s, 2) == v.overview.total_paid);
  for (int c = 0; c < 3; ++c) CHECK(keys_in(s, c).size() <= 12);
  CHECK(v.overview.sankey_labels.size() == s.nodes.size());
}

const StageRow& row_of(const DisplayView& v, const std::string& fund) {
  for (const auto& r : v.stages.rows)
    if (r.fund == fund) return r;
  FAIL("no stage row for " << fund);
  throw std::logic_error("unreachable");
}

sy::Notice notice(std::int64_t id, const std::string& title, const std::string& publish_at,
                    const std::string& region = "500112101201", const std::string& category = "village_affairs") {
  sy::Notice n;
  n.id = id;
  n.region = region;
  n.region_name = region.size() == 6 ? "渝北区" : region.size() == 9 ? "龙兴镇" : "柏树村";
  n.category = category;
  n.status = "published";
  n.title = title;
  n.body = "正文第一段。\n\n正文第二段。";
  n.publish_at = publish_at;
  n.created_at = publish_at;
  n.updated_at = publish_at;
  return n;
}

}  // namespace

TEST_CASE("overview: KPIs are this year's plan, paid and people in scope", "[display][view]") {
  const auto b = district();
  const auto v = view_of(b);
  REQUIRE(v.has_data);
  CHECK(v.overview.year == 2026);
  REQUIRE(v.overview.kpis.size() == 4);
  const auto& plan = v.overview.kpis[0];
  const auto& paid_kpi = v.overview.kpis[1];
  const auto& people = v.overview.kpis[2];
  CHECK(plan.key == "plan");
  CHECK(plan.label == "本年计划资金");
  std::int64_t plan_sum = 0, paid_sum = 0, people_sum = 0;
  for (const auto& f : b.d.fund_totals)
    if (f.fund.year == 2026) {
      plan_sum += f.figures.plan_fen;
      paid_sum += f.figures.paid_fen;
      people_sum += f.figures.beneficiaries;
    }
  CHECK(plan.value == plan_sum);
  CHECK(plan.money);
  CHECK(paid_kpi.key == "paid");
  CHECK(paid_kpi.label == "本年已发放");
  CHECK(paid_kpi.value == paid_sum);
  CHECK(paid_kpi.value == 2'900'000'00);  // last year's fund is not in it
  CHECK(paid_kpi.note == "占计划 87%");
  CHECK(people.key == "people");
  CHECK(people.label == "惠及人次");
  CHECK(people.value == people_sum);
  CHECK_FALSE(people.money);
  CHECK(people.unit == "人次");
  // No complaint counts in the feed yet: the tile says so rather than showing a bare 0.
  CHECK(v.overview.kpis[3].key == "complaints");
  CHECK(v.overview.kpis[3].value == 0);
  CHECK(v.overview.kpis[3].note == "暂无投诉");
}

TEST_CASE("overview: the complaints tile counts them, the share answered on time and the mean rating", "[display][view]") {
  auto b = district();
  sunlight::sync::ComplaintStats stats;
  stats.region = b.d.scope;
  stats.received = 2;
  stats.replied = 3;
  stats.closed = 6;
  stats.closed_unresolved = 1;
  stats.total = 12;
  stats.answered = 9;
  stats.answered_on_time = 8;
  stats.ratings = {0, 1, 0, 2, 8};  // (2 + 8 + 40) / 11 = 4.545… → 4.5
  b.d.complaints = stats;
  auto v = view_of(b);
  const auto& tile = v.overview.kpis.at(3);
  CHECK(tile.label == "投诉建议");
  CHECK(tile.value == 12);
  CHECK_FALSE(tile.money);
  CHECK(tile.unit == "件");
  CHECK(tile.note == "按时答复 89% · 4.5 星");  // 8 of 9
  // Half up in tenths: a mean of exactly 4.55 shows 4.6; and nothing answered yet.
  stats.ratings = {0, 0, 0, 9, 11};  // 91 / 20 = 4.55
  stats.answered = 0;
  stats.answered_on_time = 0;
  b.d.complaints = stats;
  v = view_of(b);
  CHECK(v.overview.kpis.at(3).note == "尚无答复 · 4.6 星");
  CHECK_THAT(dump(v, sunlight::display::Scene::Overview), Catch::Contains("投诉建议"));
}

TEST_CASE("overview: the Sankey conserves flow and carries exactly the year's payments", "[display][view]") {
  const auto b = district();
  const auto v = view_of(b);
  check_conserved(v);
  CHECK(v.overview.total_paid == 2'900'000'00);
  CHECK(v.overview.column_titles == std::array<std::string, 3>{"资金来源", "资金类别", "镇街"});
  // Levels in their fixed order, categories by name, towns by code.
  CHECK(keys_in(v.overview.sankey, 0) == std::vector<std::string>{"level:central", "level:municipal", "level:district"});
  CHECK(keys_in(v.overview.sankey, 1) ==
        std::vector<std::string>{"category:养老服务", "category:农业补贴", "category:社会救助"});  // code point order
  CHECK(keys_in(v.overview.sankey, 2) ==
        std::vector<std::string>{"region:500112101", "region:500112102", "region:500112103"});
  // Labels: the name, two spaces, the amount.
  std::map<std::string, std::string> label;
  for (std::size_t i = 0; i < v.overview.sankey.nodes.size(); ++i)
    label[v.overview.sankey.nodes[i].key] = v.overview.sankey_labels[i];
  CHECK(label["level:central"] == "中央  200万元");
  CHECK(label["level:municipal"] == "市级  80万元");
  CHECK(label["level:district"] == "区级  10万元");
  CHECK(label["category:社会救助"] == "社会救助  81万元");
  CHECK(label["region:500112101"] == "龙兴镇  170万元");
  CHECK(label["region:500112103"] == "王家街道  31万元");
}

TEST_CASE("overview: the order of nodes does not follow the figures", "[display][view]") {
  auto a = district();
  auto b = district();
  // Turn the ranking upside down in b.
  for (auto& c : b.d.child_totals) c.figures.paid_fen = 1'000'000'00 - c.figures.paid_fen / 2;
  for (auto& f : b.d.fund_totals) f.figures.paid_fen = 0;
  for (const auto& c : b.d.child_totals) b.find(c.fund).figures.paid_fen += c.figures.paid_fen;
  const auto va = view_of(a);
  const auto vb = view_of(b);
  check_conserved(vb);
  REQUIRE(va.overview.total_paid != vb.overview.total_paid);
  for (int c = 0; c < 3; ++c) CHECK(keys_in(va.overview.sankey, c) == keys_in(vb.overview.sankey, c));
  // And the snapshot's own order does not matter either.
  std::reverse(a.d.fund_totals.begin(), a.d.fund_totals.end());
  std::reverse(a.d.child_totals.begin(), a.d.child_totals.end());
  const auto reversed = view_of(a);
  CHECK(reversed.overview.sankey.nodes.size() == va.overview.sankey.nodes.size());
  for (int c = 0; c < 3; ++c) CHECK(keys_in(reversed.overview.sankey, c) == keys_in(va.overview.sankey, c));
  CHECK(reversed.overview.sankey_labels == va.overview.sankey_labels);
}

TEST_CASE("overview: all zeros draw nothing and divide by nothing", "[display][view]") {
  Builder b;
  b.child("500112101", "龙兴镇");
  b.fund("YB2026-01", "耕地地力保护补贴", "农业补贴", "central");
  b.pay("500112101", "YB2026-01", 0, 0);
  const auto v = view_of(b);
  REQUIRE(v.has_data);
  CHECK(v.overview.total_paid == 0);
  CHECK(v.overview.sankey.nodes.empty());
  CHECK(v.overview.sankey.links.empty());
  CHECK(v.overview.kpis[1].value == 0);
  CHECK(v.overview.kpis[1].note.empty());  // no plan: no percentage
  CHECK(v.overview.column_titles[2] == "镇街");  // a district's children, even before any payment
  CHECK(v.stages.rows.empty());
  REQUIRE(v.towns.paid.size() == 1);
  CHECK(v.towns.paid[0].value == 0);
  CHECK(v.trend.total == 0);
  for (const auto s : sunlight::display::kAllScenes) CHECK_FALSE(dump(v, s).empty());
  CHECK(dump(v, Scene::Overview).find("本年暂无发放") != std::string::npos);
}

TEST_CASE("overview: one flow of 99.9 % and the small rest", "[display][view]") {
  Builder b;
  for (int t = 1; t <= 20; ++t) b.child(fmt::format("500112{:03}", 100 + t), fmt::format("镇{}", t));
  b.fund("BIG", "耕地地力保护补贴", "农业补贴", "central");
  for (int f = 0; f < 15; ++f) b.fund(fmt::format("S{:02}", f), fmt::format("小项目{}", f), fmt::format("类别{:02}", f), "district");
  b.pay("500112101", "BIG", 999'000'000'00);
  std::int64_t small = 0;
  for (int f = 0; f < 15; ++f)
    for (int t = 1; t <= 20; ++t) {
      b.pay(fmt::format("500112{:03}", 100 + t), fmt::format("S{:02}", f), 3'333'00);
      small += 3'333'00;
    }
  const auto v = view_of(b);
  check_conserved(v);
  CHECK(v.overview.total_paid == 999'000'000'00 + small);
  // The tiny categories and towns are one 其他 each, last in their column.
  const auto cats = keys_in(v.overview.sankey, 1);
  REQUIRE(cats.size() == 2);
  CHECK(cats[0] == "category:农业补贴");
  CHECK(cats[1] == "1:other");
  const auto towns = keys_in(v.overview.sankey, 2);
  REQUIRE(towns.size() == 2);
  CHECK(towns[0] == "region:500112101");
  CHECK(towns[1] == "2:other");
  for (std::size_t i = 0; i < v.overview.sankey.nodes.size(); ++i)
    if (v.overview.sankey.nodes[i].key.ends_with(":other")) CHECK(v.overview.sankey_labels[i].starts_with("其他  "));
}

TEST_CASE("overview: 10,000 tiny flows still give at most 9 nodes a column, fast", "[display][view]") {
  Builder b;
  for (int t = 0; t < 200; ++t) b.child(fmt::format("500112{:03}", 100 + t), fmt::format("镇街{}", t));
  for (int f = 0; f < 50; ++f)
    b.fund(fmt::format("F{:03}", f), fmt::format("项目{}", f), fmt::format("类别{:02}", f % 40),
           f % 3 == 0 ? "central" : f % 3 == 1 ? "municipal" : "district");
  std::int64_t total = 0;
  for (int f = 0; f < 50; ++f)
    for (int t = 0; t < 200; ++t) {
      const std::int64_t fen = 100 + (f * 7 + t * 13) % 977;
      b.pay(fmt::format("500112{:03}", 100 + t), fmt::format("F{:03}", f), fen, 1);
      total += fen;
    }
  for (int f = 0; f < 50; ++f)
    for (int m = 0; m < 24; ++m) {
      const int year = 2024 + (m + 11) / 12, mon = (m + 11) % 12 + 1;
      b.month(fmt::format("F{:03}", f), fmt::format("{:04}-{:02}", year, mon), paid(1000 + m, 1));
    }
  REQUIRE(b.d.child_totals.size() == 10'000);

  DisplayView v;
  auto best = std::chrono::steady_clock::duration::max();
  for (int i = 0; i < 5; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    v = view_of(b);
    best = std::min(best, std::chrono::steady_clock::now() - t0);
  }
  const auto ms = std::chrono::duration<double, std::milli>(best).count();
  WARN(fmt::format("build_view over 10,000 child flows, 50 funds, 1,200 months: {:.2f} ms", ms));
  CHECK(ms < 50.0);
  check_conserved(v);
  CHECK(v.overview.total_paid == total);
  CHECK(keys_in(v.overview.sankey, 1).size() == 9);  // 40 categories of about 2.5 % each: 8 and 其他
  // 200 towns of 0.5 % each are all under min_share: one 其他.
  CHECK_FALSE(keys_in(v.overview.sankey, 2).empty());
  CHECK(keys_in(v.overview.sankey, 2).size() <= 9);
  CHECK(v.towns.paid.size() == 200);  // bars: the chart ranks and hides what does not fit
  CHECK(v.stages.rows.size() == 50);
}

TEST_CASE("overview and stages: 40-character names are carried whole", "[display][view]") {
  Builder b;
  std::string long_name, long_town;
  for (int i = 0; i < 40; ++i) {
    long_name += "补";
    long_town += "镇";
  }
  b.child("500112101", long_town);
  b.fund("YB2026-01", long_name, long_name, "central");
  b.pay("500112101", "YB2026-01", 12'345'00, 3);
  b.month("YB2026-01", "2026-05", paid(12'345'00, 3));
  const auto v = view_of(b);
  check_conserved(v);
  bool found = false;
  for (const auto& l : v.overview.sankey_labels) found = found || l == long_town + "  1.23万元";
  CHECK(found);
  REQUIRE(v.stages.rows.size() == 1);
  CHECK(v.stages.rows[0].name == long_name);
  REQUIRE(v.towns.paid.size() == 1);
  CHECK(v.towns.paid[0].label == long_town);
  CHECK(dump(v, Scene::Overview).find(long_town) != std::string::npos);
}

TEST_CASE("overview: a village screen's third column is its programmes", "[display][view]") {
  Builder b("500112101201");
  b.child("500112101201001", "1社");
  b.fund("YB2026-01", "耕地地力保护补贴", "农业补贴", "central").figures = paid(300'00, 3);
  b.fund("YB2026-02", "城乡低保", "社会救助", "municipal").figures = paid(200'00, 2);
  b.fund("YB2026-03", "高龄津贴", "养老服务", "district");  // nothing here
  const auto v = view_of(b);
  check_conserved(v);
  CHECK(v.overview.total_paid == 500'00);
  CHECK(v.overview.column_titles[2] == "项目");
  CHECK(keys_in(v.overview.sankey, 2) == std::vector<std::string>{"fund:YB2026-01", "fund:YB2026-02"});
  CHECK(v.towns.level_word == "项目");
  REQUIRE(v.towns.paid.size() == 2);
  CHECK(v.towns.paid[0].label == "耕地地力保护补贴");
  CHECK(v.towns.paid[0].value == 300'00);
  CHECK(v.towns.people[1].value == 2);
  CHECK(v.header.scope_name == "龙兴镇柏树村");
}

TEST_CASE("overview: money homed at the scope itself is a node of its own", "[display][view]") {
  Builder b("500112101");
  b.child("500112101201", "柏树村");
  b.fund("YB2026-01", "耕地地力保护补贴", "农业补贴", "central");
  b.pay("500112101201", "YB2026-01", 700'00);
  b.find("YB2026-01").figures.paid_fen += 300'00;  // paid at the town, not below it
  const auto v = view_of(b);
  check_conserved(v);
  CHECK(v.overview.total_paid == 1000'00);
  CHECK(v.overview.total_paid == v.overview.kpis[1].value);
  CHECK(v.overview.column_titles[2] == "村居");
  CHECK(keys_in(v.overview.sankey, 2) == std::vector<std::string>{"region:500112101201", "self:500112101"});
}

TEST_CASE("stages: months, gaps and late flags, never flagged early", "[display][view][stages]") {
  Builder b("500112101");
  auto stage = [](std::int64_t plan, std::int64_t approve, std::int64_t allocate, std::int64_t disburse,
                  std::int64_t paid_fen = 0) {
    sy::Figures f;
    f.plan_fen = plan;
    f.approve_fen = approve;
    f.allocate_fen = allocate;
    f.disburse_fen = disburse;
    f.paid_fen = paid_fen;
    return f;
  };
  auto add = [&](const std::string& code, std::vector<std::pair<std::string, sy::Figures>> months) {
    auto& f = b.fund(code, "项目" + code, "农业补贴", "central");
    for (const auto& [m, fig] : months) {
      b.month(code, m, fig);
      f.figures.plan_fen += fig.plan_fen;
      f.figures.approve_fen += fig.approve_fen;
      f.figures.allocate_fen += fig.allocate_fen;
      f.figures.disburse_fen += fig.disburse_fen;
      f.figures.paid_fen += fig.paid_fen;
    }
  };
  // A: every stage, a month or so apart: nothing late.
  add("A", {{"2026-03", stage(1000, 0, 0, 0)}, {"2026-04", stage(0, 900, 900, 0)}, {"2026-05", stage(0, 0, 0, 0, 400)},
            {"2026-06", stage(0, 0, 0, 0, 500)}, {"2026-09", stage(0, 0, 0, 900, 0)}});
  // B: approved in October, not allocated: at most 28 days since 31 October — not late yet.
  add("B", {{"2026-09", stage(2000, 0, 0, 0)}, {"2026-10", stage(0, 2000, 0, 0)}});
  // C: approved in September, not allocated: at least 59 days — late, waiting.
  add("C", {{"2026-08", stage(500, 0, 0, 0)}, {"2026-09", stage(0, 500, 0, 0)}});
  // D: planned in January, approved in March: could be 29 days apart — not late.
  add("D", {{"2026-01", stage(3000, 0, 0, 0)}, {"2026-03", stage(0, 3000, 3000, 3000, 3000)}});
  // E: planned in January, approved in April: at least 60 days, but reached — history, not flagged.
  add("E", {{"2026-01", stage(100, 0, 0, 0)}, {"2026-04", stage(0, 100, 100, 100, 100)}});
  // F: payments only (stages reported elsewhere): nothing to flag.
  add("F", {{"2026-02", stage(0, 0, 0, 0, 700)}});
  // G: a stage figure moved away (all zeros left in its old month): not reached.
  add("G", {{"2026-02", stage(0, 0, 0, 0)}, {"2026-10", stage(800, 0, 0, 0)}});
  // Last year's fund is not a row.
  b.fund("OLD", "去年项目", "农业补贴", "central", 2025).figures = stage(1, 1, 1, 1);
  // A fund with nothing in this scope is not a row.
  b.fund("NONE", "本镇未实施", "农业补贴", "central");

  const auto v = view_of(b);
  CHECK(v.stages.year == 2026);
  REQUIRE(v.stages.rows.size() == 7);
  CHECK(v.stages.late_count == 1);
  // Late first (then plan descending), then the rest by plan descending.
  std::vector<std::string> order;
  for (const auto& r : v.stages.rows) order.push_back(r.fund);
  CHECK(order == std::vector<std::string>{"C", "D", "B", "A", "G", "E", "F"});

  const auto& a = row_of(v, "A");
  CHECK(a.months == std::array<std::string, 4>{"2026-03", "2026-04", "2026-04", "2026-05"});  // paying out began in May
  CHECK(a.amounts == std::array<std::int64_t, 4>{1000, 900, 900, 900});
  CHECK(a.gap_days == std::array<int, 3>{31, 0, 30});
  CHECK(a.late == std::array<bool, 4>{});
  CHECK(a.late_stage == -1);
  CHECK(a.level == "中央");
  CHECK(a.department == "区农业农村委");

  const auto& b_row = row_of(v, "B");
  CHECK(b_row.months[2].empty());
  CHECK(b_row.late == std::array<bool, 4>{});
  CHECK(b_row.gap_days == std::array<int, 3>{30, -1, -1});

  const auto& c = row_of(v, "C");
  CHECK(c.late == std::array<bool, 4>{false, false, true, false});
  CHECK(c.late_stage == 2);
  CHECK(c.waiting_days == 59);  // 30 September to 28 November
  CHECK_FALSE(c.late[3]);       // the stage after a missing one is never flagged

  CHECK(row_of(v, "D").late_stage == -1);
  const auto& e = row_of(v, "E");
  CHECK(e.late == std::array<bool, 4>{});
  CHECK(e.late_stage == -1);
  CHECK(e.waiting_days == 0);
  CHECK(e.gap_days[0] == 90);

  const auto& f = row_of(v, "F");
  CHECK(f.months == std::array<std::string, 4>{"", "", "", "2026-02"});
  CHECK(f.amounts[3] == 700);  // no 资金发放 reported here: the payments
  CHECK(f.late_stage == -1);

  const auto& g = row_of(v, "G");
  CHECK(g.months[0] == "2026-10");
  CHECK(g.late_stage == -1);

  const auto text = dump(v, Scene::Stages);
  CHECK(text.find("1 个项目滞后") != std::string::npos);
  CHECK(text.find("资金拨付已等 59 天") != std::string::npos);
  CHECK(text.find("[滞后]") != std::string::npos);
}

TEST_CASE("stages: a stage not reported while a later one was is not late: the money moved on", "[display][view][stages]") {
  Builder b("500112101");
  auto& f = b.fund("M", "项目M", "农业补贴", "central");
  sy::Figures plan, approve, payout;
  plan.plan_fen = 900;
  approve.approve_fen = 900;
  payout.disburse_fen = 900;
  payout.paid_fen = 900;
  b.month("M", "2026-01", plan);
  b.month("M", "2026-02", approve);
  b.month("M", "2026-04", payout);  // no 资金拨付 reported at all
  f.figures.plan_fen = f.figures.approve_fen = f.figures.disburse_fen = f.figures.paid_fen = 900;
  const auto v = view_of(b);
  REQUIRE(v.stages.rows.size() == 1);
  const auto& row = v.stages.rows[0];
  CHECK(row.months[2].empty());
  CHECK(row.months[3] == "2026-04");
  CHECK(row.late == std::array<bool, 4>{});
  CHECK(row.late_stage == -1);
  CHECK(v.stages.late_count == 0);
}

TEST_CASE("stages: the day a wait becomes late is a Shanghai day, and late_days is configurable", "[display][view][stages]") {
  Builder b("500112101");
  auto& f = b.fund("H", "项目H", "农业补贴", "central");
  f.figures.approve_fen = 100;
  b.month("H", "2026-10", f.figures);  // reached by 31 October; nothing after
  // 30 days after 31 October is 30 November: late from 1 December, Shanghai time.
  CHECK(view_of(b, "2026-11-30T15:59:59Z").stages.rows[0].late_stage == -1);  // 23:59 on 30 Nov
  const auto late = view_of(b, "2026-11-30T16:00:00Z");                      // 00:00 on 1 Dec
  CHECK(late.stages.rows[0].late_stage == 2);
  CHECK(late.stages.rows[0].waiting_days == 31);
  auto c = config();
  c.late_days = 10;
  CHECK(view_of(b, kNow, c).stages.rows[0].late_stage == 2);
  c.late_days = 365;
  CHECK(view_of(b, "2027-06-01T00:00:00Z", c).stages.rows[0].late_stage == -1);
  // A time that does not parse flags nothing that depends on it.
  CHECK(view_of(b, "garbage").stages.rows[0].late_stage == -1);
}

TEST_CASE("towns: this year's paid and people per child, named, by code", "[display][view]") {
  auto b = district();
  b.child("500112104", "");  // a town the replica cannot name yet
  b.pay("500112199", "YB2026-03", 5'00, 1);  // figures for a child not among the regions
  const auto v = view_of(b);
  CHECK(v.towns.level_word == "镇街");
  REQUIRE(v.towns.paid.size() == 5);
  CHECK(v.towns.paid[0].key == "500112101");
  CHECK(v.towns.paid[0].label == "龙兴镇");
  CHECK(v.towns.paid[0].value == 1'700'000'00);
  CHECK(v.towns.people[0].value == 3400);
  CHECK(v.towns.paid[3].label == "500112104");
  CHECK(v.towns.paid[3].value == 0);
  CHECK(v.towns.paid[4].label == "500112199");
  CHECK(v.towns.paid[4].value == 5'00);
  const auto text = dump(v, Scene::Towns);
  CHECK(text.find("paid: 龙兴镇 | 170万元") != std::string::npos);
  CHECK(text.find("people: 龙兴镇 | 3400人次") != std::string::npos);
}

TEST_CASE("trend: months ending at now's month, zero months present, one series per category", "[display][view]") {
  auto b = district();
  b.month("YB2026-01", "2026-01", paid(100'00));
  b.month("YB2026-02", "2026-01", paid(50'00));
  b.month("YB2026-02", "2026-03", paid(70'00));
  b.month("YB2026-03", "2026-11", paid(9'00));
  b.month("YB2025-01", "2025-12", paid(1'00));  // last year's fund, inside the window
  b.month("YB2025-01", "2025-11", paid(1000'00));  // outside the window
  b.month("YB2026-04", "2026-05", sy::Figures{});  // nothing paid: no series for it
  const auto v = view_of(b);
  const auto& t = v.trend;
  CHECK(t.first_month == "2025-12");
  CHECK(t.last_month == "2026-11");
  REQUIRE(t.columns.columns.size() == 12);
  CHECK(t.columns.columns[0] == "2025-12");
  CHECK(t.columns.columns[2] == "2026-02");
  CHECK(t.columns.columns[11] == "2026-11");
  std::vector<std::string> series;
  for (const auto& s : t.columns.series) series.push_back(s.key);
  CHECK(series == std::vector<std::string>{"养老服务", "农业补贴", "社会救助"});
  REQUIRE(t.columns.values.size() == 12);
  for (const auto& col : t.columns.values) CHECK(col.size() == 3);
  CHECK(t.columns.values[0] == std::vector<std::int64_t>{0, 1'00, 0});
  CHECK(t.columns.values[1] == std::vector<std::int64_t>{0, 100'00, 50'00});
  CHECK(t.columns.values[2] == std::vector<std::int64_t>{0, 0, 0});  // February: nothing, still a column
  CHECK(t.columns.values[3] == std::vector<std::int64_t>{0, 0, 70'00});
  CHECK(t.columns.values[11] == std::vector<std::int64_t>{9'00, 0, 0});
  CHECK(t.total == 230'00);
  const auto text = dump(v, Scene::Trend);
  CHECK(text.find("month: 2026-02 | 0元") != std::string::npos);
  // 24 months when configured; a now in another month moves the window.
  auto c = config();
  c.trend_months = 24;
  const auto long_view = view_of(b, "2027-01-15T00:00:00Z", c);
  CHECK(long_view.trend.columns.columns.size() == 24);
  CHECK(long_view.trend.first_month == "2025-02");
  CHECK(long_view.trend.last_month == "2027-01");
  CHECK(long_view.trend.total == 1230'00);
}

TEST_CASE("trend: the month is Shanghai's", "[display][view]") {
  auto b = district();
  // 16:30 UTC on 30 November is already December in Shanghai.
  const auto v = view_of(b, "2026-11-30T16:30:00Z");
  CHECK(v.trend.last_month == "2026-12");
}

TEST_CASE("notices: current ones only, newest first, at most 12 cards and 10 in the ticker", "[display][view][notices]") {
  auto b = district();
  for (int i = 1; i <= 15; ++i)
    b.d.notices.push_back(notice(i, fmt::format("公告{}", i), fmt::format("2026-11-{:02}T02:00:00Z", i)));
  auto retracted = notice(100, "已撤回的公告", "2026-11-27T02:00:00Z");
  retracted.status = "retracted";
  auto expired = notice(101, "已过期的公告", "2026-10-01T02:00:00Z");
  expired.expire_at = "2026-11-01T16:00:00Z";
  auto scheduled = notice(102, "定时发布的公告", "2026-11-29T00:00:00Z");
  auto ends_now = notice(103, "此刻到期的公告", "2026-10-01T02:00:00Z");
  ends_now.expire_at = kNow;
  auto corrected = notice(104, "更正后的公告", "2026-11-26T02:00:00Z", "500112", "public_notice");
  corrected.revision = 2;
  for (auto n : {retracted, expired, scheduled, ends_now, corrected}) b.d.notices.push_back(n);
  const auto v = view_of(b);
  REQUIRE(v.notices.cards.size() == 12);
  REQUIRE(v.ticker.size() == 10);
  CHECK(v.notices.cards[0].id == 104);
  CHECK(v.notices.cards[0].title == "更正后的公告");
  CHECK(v.notices.cards[0].corrected);
  CHECK(v.notices.cards[0].category == "公示");
  CHECK(v.notices.cards[0].publisher == "渝北区");
  CHECK(v.notices.cards[0].date == "11月26日");
  CHECK(v.notices.cards[1].id == 15);
  CHECK(v.notices.cards[11].id == 5);
  CHECK(v.ticker[0] == "更正后的公告");
  CHECK(v.ticker[9] == "公告7");
  std::set<std::int64_t> shown;
  for (const auto& c : v.notices.cards) shown.insert(c.id);
  for (const auto id : {100, 101, 102, 103}) CHECK(shown.count(id) == 0);
  for (const auto& t : v.ticker)
    for (const auto* gone : {"已撤回的公告", "已过期的公告", "定时发布的公告", "此刻到期的公告"}) CHECK(t != gone);
  // The scheduled one appears at its time, without another entry.
  const auto later = view_of(b, "2026-11-29T00:00:00Z");
  CHECK(later.notices.cards[0].id == 102);
  CHECK(later.ticker[0] == "定时发布的公告");
  const auto text = dump(v, Scene::Notices);
  CHECK(text.find("notice: 11月26日 | 公示 | 更正后的公告 | 渝北区 | 已更正") != std::string::npos);
  CHECK(text.find("已撤回的公告") == std::string::npos);
  CHECK(text.find("滚动: 更正后的公告 | 公告15") != std::string::npos);
}

TEST_CASE("notices: categories, Shanghai dates and joined publisher names", "[display][view][notices]") {
  Builder b("500112101");
  b.child("500112101201", "柏树村");
  b.d.notices = {notice(1, "村务", "2026-11-27T16:30:00Z", "500112101201", "village_affairs"),
                 notice(2, "财务", "2026-11-20T02:00:00Z", "500112101", "finance"),
                 notice(3, "党务", "2026-11-19T02:00:00Z", "500112", "party_affairs"),
                 notice(4, "怪", "2026-11-18T02:00:00Z", "500112101299", "something_new")};
  b.d.notices[3].region_name = "";
  const auto v = view_of(b);
  REQUIRE(v.notices.cards.size() == 4);
  CHECK(v.notices.cards[0].date == "11月28日");  // 00:30 on the 28th in Shanghai
  CHECK(v.notices.cards[0].category == "村务");
  CHECK(v.notices.cards[0].publisher == "龙兴镇柏树村");
  CHECK(v.notices.cards[1].category == "财务");
  CHECK(v.notices.cards[1].publisher == "龙兴镇");
  CHECK(v.notices.cards[2].category == "党务");
  CHECK(v.notices.cards[2].publisher == "渝北区");
  CHECK(v.notices.cards[3].category == "公告");
  CHECK(v.notices.cards[3].publisher == "龙兴镇500112101299");
}

TEST_CASE("notices: a body excerpt is about 300 characters, whole lines where possible, never half a character", "[display][view][notices]") {
  Builder b;
  std::string cjk;
  for (int i = 0; i < 500; ++i) cjk += "公";
  auto long_line = notice(1, "一整段", "2026-11-20T02:00:00Z");
  long_line.body = cjk;
  auto lines = notice(2, "多行", "2026-11-19T02:00:00Z");
  lines.body = std::string(150, 'a') + "\n\n" + std::string(100, 'b') + "\n\n" + std::string(80, 'c');
  auto short_body = notice(3, "短", "2026-11-18T02:00:00Z");
  short_body.body = "第一段。\r\n\r\n第二段。\n";
  auto mixed = notice(4, "混合", "2026-11-17T02:00:00Z");
  mixed.body = "短的开头\n" + cjk;
  b.d.notices = {long_line, lines, short_body, mixed};
  const auto v = view_of(b);
  REQUIRE(v.notices.cards.size() == 4);
  const auto& one = v.notices.cards[0].body;
  CHECK(sunlight::core::text::is_valid_utf8(one));
  CHECK(sunlight::core::text::length(one) == 301);
  CHECK(one.ends_with("公…"));
  const auto& many = v.notices.cards[1].body;
  CHECK(many == std::string(150, 'a') + "\n" + std::string(100, 'b') + "…");  // the third line would not fit
  CHECK(v.notices.cards[2].body == "第一段。\n第二段。");                      // not cut: no "…"
  const auto& m = v.notices.cards[3].body;
  CHECK(sunlight::core::text::is_valid_utf8(m));
  CHECK(m.starts_with("短的开头\n公公"));  // a short first line is filled up from the next
  CHECK(m.ends_with("…"));
  CHECK(sunlight::core::text::length(m) == 302);  // 300 characters, the line break, the ellipsis
}

TEST_CASE("header: title, scope and data time in Shanghai", "[display][view][header]") {
  const auto b = district();
  auto c = config();
  c.title = "渝北区惠民资金";
  const auto v = view_of(b, kNow, c);
  CHECK(v.header.title == "渝北区惠民资金");
  CHECK(v.header.scope_name == "渝北区");
  CHECK(v.header.data_time == "数据更新于 11月28日 14:27");
  CHECK_FALSE(v.header.offline);
  CHECK(v.header.offline_note.empty());
  CHECK(dump(v, Scene::Overview).starts_with("header: 渝北区惠民资金 | 渝北区 | 数据更新于 11月28日 14:27\nscene: 总览\n"));
  Builder town("500112101");
  CHECK(view_of(town).header.scope_name == "龙兴镇");
  // The status's time, when there is one, is the newer word.
  sy::SyncStatus status;
  status.connection = sy::SyncStatus::Connection::Online;
  status.has_data = true;
  status.data_time = "2026-11-28T07:00:00Z";
  CHECK(build_view(&b.d, &status, c, kNow).header.data_time == "数据更新于 11月28日 15:00");
}

TEST_CASE("header: offline says how old the data is", "[display][view][header]") {
  const auto b = district();
  sy::SyncStatus status;
  status.connection = sy::SyncStatus::Connection::Offline;
  status.has_data = true;
  status.problem = "unreachable";
  auto note_at = [&](const std::string& last_success) {
    status.last_success = last_success;
    const auto v = build_view(&b.d, &status, config(), kNow);
    CHECK(v.has_data);
    CHECK(v.header.offline);
    return v.header.offline_note;
  };
  CHECK(note_at("2026-11-28T03:27:00Z") == "网络中断 · 显示 3 小时前的数据");
  CHECK(note_at("2026-11-28T06:22:00Z") == "网络中断 · 显示 5 分钟前的数据");
  CHECK(note_at("2026-11-28T06:26:50Z") == "网络中断 · 显示 1 分钟前的数据");
  CHECK(note_at("2026-11-26T06:27:01Z") == "网络中断 · 显示 47 小时前的数据");
  CHECK(note_at("2026-11-26T06:27:00Z") == "网络中断 · 显示 2 天前的数据");
  CHECK(note_at("2026-11-25T06:27:00Z") == "网络中断 · 显示 3 天前的数据");
  // Never contacted in this run: the data's own time.
  CHECK(note_at("") == "网络中断 · 显示 1 分钟前的数据");
  const auto v = build_view(&b.d, &status, config(), kNow);
  CHECK(dump(v, Scene::Trend).find("offline: 网络中断 · 显示") != std::string::npos);
  // Not the network: a refused response or a key that does not match. A visitor is not told the
  // network is down when it is not.
  status.problem = "rejected";
  CHECK(note_at("2026-11-28T03:27:00Z") == "数据暂停更新 · 显示 3 小时前的数据");
  status.problem = "key_mismatch";
  CHECK(note_at("2026-11-28T03:27:00Z") == "数据暂停更新 · 显示 3 小时前的数据");
  status.problem = "server_error";
  CHECK(note_at("2026-11-28T03:27:00Z") == "网络中断 · 显示 3 小时前的数据");
  // Online again: no note.
  status.connection = sy::SyncStatus::Connection::Online;
  CHECK(build_view(&b.d, &status, config(), kNow).header.offline_note.empty());
}

TEST_CASE("no data: the waiting state says what is being tried", "[display][view][waiting]") {
  const auto c = config();
  auto v = build_view(nullptr, nullptr, c, kNow);
  CHECK_FALSE(v.has_data);
  CHECK(v.waiting == "正在连接数据中心…");
  CHECK(v.header.title == c.title);
  CHECK(v.header.data_time.empty());
  CHECK(v.header.offline_note.empty());
  CHECK(v.overview.sankey.nodes.empty());
  CHECK(v.ticker.empty());

  sy::SyncStatus status;  // Starting
  CHECK(build_view(nullptr, &status, c, kNow).waiting == "正在连接数据中心…");
  status.connection = sy::SyncStatus::Connection::Offline;
  status.problem = "unreachable";
  status.failed_rounds = 3;
  v = build_view(nullptr, &status, c, kNow);
  CHECK(v.waiting == "暂时无法连接数据中心，正在重试（网络不通，已试 3 次）");
  CHECK(v.header.offline);
  CHECK(v.header.offline_note.empty());  // nothing shown, so no "showing old data"
  status.problem = "key_mismatch";
  CHECK(build_view(nullptr, &status, c, kNow).waiting.starts_with("暂时无法连接数据中心，正在重试（公钥与数据中心不符"));
  status.problem = "";
  status.failed_rounds = 0;
  CHECK(build_view(nullptr, &status, c, kNow).waiting == "暂时无法连接数据中心，正在重试");

  // A replica that has never had a public snapshot is no data either.
  Builder b;
  b.d.has_public = false;
  v = build_view(&b.d, nullptr, c, kNow);
  CHECK_FALSE(v.has_data);
  CHECK(v.header.scope_name.empty());  // not a bare code in the header
  const auto text = dump(v, Scene::Overview);
  CHECK(text == "header: 惠民资金阳光公开\nscene: 总览\nwaiting: 正在连接数据中心…\n");
}

TEST_CASE("dump: every scene's figures and the ticker", "[display][view]") {
  auto b = district();
  b.d.notices.push_back(notice(1, "关于发放耕地地力保护补贴的公示", "2026-11-20T02:00:00Z"));
  const auto v = view_of(b);
  const auto overview = dump(v, Scene::Overview);
  CHECK(overview.find("kpi: 本年计划资金 | 334万元") != std::string::npos);
  CHECK(overview.find("kpi: 本年已发放 | 290万元 | 占计划 87%") != std::string::npos);
  CHECK(overview.find("kpi: 惠及人次 | 6610人次") != std::string::npos);
  CHECK(overview.find("sankey: 资金来源 | 中央  200万元 | 市级  80万元 | 区级  10万元") != std::string::npos);
  CHECK(overview.find("sankey: 镇街 | 龙兴镇  170万元") != std::string::npos);
  CHECK(overview.find("total: 290万元") != std::string::npos);
  CHECK(overview.ends_with("滚动: 关于发放耕地地力保护补贴的公示\n"));
  CHECK(dump(v, Scene::Stages).find("scene: 四大环节") != std::string::npos);
  CHECK(dump(v, Scene::Notices).find("关于发放耕地地力保护补贴的公示 | 龙兴镇柏树村") != std::string::npos);
}

TEST_CASE("hostile data: unknown levels, empty categories, bad months, negative figures", "[display][view]") {
  Builder b;
  b.child("500112101", "龙兴镇");
  b.fund("X1", "项目一", "", "provincial");
  b.fund("X2", "项目二", "社会救助", "central");
  b.pay("500112101", "X1", 100'00, 1);
  b.pay("500112101", "X2", -50'00, 1);  // a correction: drawn as nothing
  b.d.child_totals.push_back({"500112101", "NOFUND", 2026, paid(999'00, 1)});  // a fund the snapshot lacks
  b.month("X1", "2026-13", paid(5));
  b.month("X1", "garbage", paid(5));
  b.month("X1", "", paid(5));
  b.month("X2", "2026-11", paid(-7));
  const auto v = view_of(b);
  check_conserved(v);
  CHECK(v.overview.total_paid == 100'00);
  CHECK(keys_in(v.overview.sankey, 0) == std::vector<std::string>{"level:provincial"});
  CHECK(keys_in(v.overview.sankey, 1) == std::vector<std::string>{"category:未分类"});
  CHECK(v.trend.total == 0);
  for (const auto s : sunlight::display::kAllScenes) CHECK(sunlight::core::text::is_valid_utf8(dump(v, s)));
}
