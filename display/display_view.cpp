// Building the big screen's views from one TerminalData snapshot, and their text dumps.
//
// [SECTION] time and months     — Shanghai dates, "2026-03" months as numbers
// [SECTION] header and waiting  — freshness, offline wording
// [SECTION] this year's funds   — the index every scene shares
// [SECTION] overview            — KPIs and the three-column Sankey
// [SECTION] stages              — four monitoring points, late flags
// [SECTION] towns, trend        — bars per child, stacked months
// [SECTION] notices             — cards, excerpts, ticker
// [SECTION] dump                — the text a test or reviewer reads
//
// The screen is Chinese only (a service hall in 渝北区), so its words are written here rather than
// in a catalog. Every step is linear in the snapshot's rows (hash maps, one pass each), so a
// district replica builds in well under a millisecond and 10,000 rows in a few.
#include "display/display_view.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "core/date.hpp"
#include "core/fund.hpp"
#include "core/notice.hpp"
#include "core/region.hpp"
#include "core/text.hpp"
#include "ui/charts/format.hpp"

namespace sunlight::display {
namespace {

namespace charts = ui::charts;

// ---------------------------------------------------------------------------------------------
// [SECTION] time and months

// A month as a number: year * 12 + (month - 1); nullopt for anything but "YYYY-MM…".
std::optional<int> month_number(std::string_view month) {
  if (month.size() < 7 || month[4] != '-') return std::nullopt;
  int y = 0, m = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    if (month[i] < '0' || month[i] > '9') return std::nullopt;
    y = y * 10 + (month[i] - '0');
  }
  for (std::size_t i = 5; i < 7; ++i) {
    if (month[i] < '0' || month[i] > '9') return std::nullopt;
    m = m * 10 + (month[i] - '0');
  }
  if (m < 1 || m > 12) return std::nullopt;
  return y * 12 + (m - 1);
}

std::string month_text(int number) { return fmt::format("{:04}-{:02}", number / 12, number % 12 + 1); }

// Days since 1970-01-01 of the first day of a month number.
std::int64_t month_start_days(int number) {
  return core::CivilDate{number / 12, static_cast<unsigned>(number % 12 + 1), 1}.days_since_epoch();
}
// ... and of its last day.
std::int64_t month_end_days(int number) { return month_start_days(number + 1) - 1; }

std::optional<core::Timestamp> parse_time(std::string_view iso) {
  if (iso.empty()) return std::nullopt;
  auto t = core::parse_utc_iso(iso);
  if (!t) return std::nullopt;
  return t.value();
}

// "11月28日"
std::string month_day(const core::CivilDate& d) { return fmt::format("{}月{}日", d.month, d.day); }

// ---------------------------------------------------------------------------------------------
// [SECTION] header and waiting

// How old the shown data is, as people say it: 5 分钟前 / 3 小时前 / 2 天前.
std::string age_words(std::chrono::seconds age) {
  const auto s = std::max<std::int64_t>(age.count(), 0);
  if (s < 60 * 60) return fmt::format("{} 分钟前", std::max<std::int64_t>(s / 60, 1));
  if (s < 48 * 60 * 60) return fmt::format("{} 小时前", s / 3600);
  return fmt::format("{} 天前", s / 86400);
}

// A short reason for the waiting line, from SyncStatus::problem's words.
std::string_view problem_words(std::string_view problem) {
  if (problem == "unreachable") return "网络不通";
  if (problem == "server_error") return "数据中心出错";
  if (problem == "rejected") return "收到的数据未通过校验";
  if (problem == "key_mismatch") return "公钥与数据中心不符，请联系管理员";
  if (problem == "update_needed") return "本机程序需要升级";
  if (problem == "unknown_scope") return "数据中心没有本屏的区划，请联系管理员";
  if (problem == "replica") return "本机存储故障";
  return {};
}

HeaderView build_header(const sync::TerminalData* data, const sync::SyncStatus* status, const DisplayConfig& config,
                        const std::optional<core::Timestamp>& now, bool has_data) {
  HeaderView h;
  h.title = config.title;
  // Before the first snapshot the replica knows the scope's code only: no number in the header.
  if (has_data) h.scope_name = data->regions.full_name();
  std::string when;
  if (status && !status->data_time.empty()) when = status->data_time;
  else if (data && !data->data_time.empty()) when = data->data_time;
  if (has_data) {
    if (const auto t = parse_time(when)) {
      const auto local = core::to_shanghai(*t);
      h.data_time = fmt::format("数据更新于 {} {:02}:{:02}", month_day(local.date), local.hour, local.minute);
    }
  }
  h.offline = status && status->connection == sync::SyncStatus::Connection::Offline;
  if (h.offline && has_data) {
    // The data was last known current at the last good exchange with the feed (it may have
    // changed long before that without being stale); without one, when it last changed.
    const auto since = parse_time(!status->last_success.empty() ? status->last_success : when);
    // The network, or something else (a response refused, a key that does not match, a full
    // disk): a visitor is told only that the figures are not being updated; the administrator
    // reads why in the terminal list (heartbeats) or with sunlight-sync status.
    const bool network = status->problem.empty() || status->problem == "unreachable" || status->problem == "server_error";
    const std::string what = network ? "网络中断" : "数据暂停更新";
    if (since && now) h.offline_note = what + " · 显示 " + age_words(*now - *since) + "的数据";
    else h.offline_note = what + " · 显示本机保存的数据";
  }
  return h;
}

std::string waiting_line(const sync::SyncStatus* status) {
  if (!status || status->connection == sync::SyncStatus::Connection::Starting) {
    if (status && !status->problem.empty()) {
      // Starting with a problem: the first round failed before the status said so.
      const auto why = problem_words(status->problem);
      return why.empty() ? "暂时无法连接数据中心，正在重试" : fmt::format("暂时无法连接数据中心，正在重试（{}）", why);
    }
    return "正在连接数据中心…";
  }
  if (status->connection == sync::SyncStatus::Connection::Online) return "正在获取数据…";
  const auto why = problem_words(status->problem);
  std::string line = "暂时无法连接数据中心，正在重试";
  if (!why.empty() && status->failed_rounds > 0)
    line += fmt::format("（{}，已试 {} 次）", why, status->failed_rounds);
  else if (!why.empty())
    line += fmt::format("（{}）", why);
  else if (status->failed_rounds > 0)
    line += fmt::format("（已试 {} 次）", status->failed_rounds);
  return line;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] this year's funds

std::string level_word(std::string_view wire) {
  if (auto level = core::parse_fund_level(wire)) return std::string(core::fund_level_name(level.value()));
  return std::string(wire);
}

// 0 中央, 1 市级, 2 区级, 3 anything else (hostile or new data: after the three, by word).
int level_rank(std::string_view wire) {
  if (auto level = core::parse_fund_level(wire)) return static_cast<int>(level.value());
  return 3;
}

std::string category_label(std::string_view category) { return category.empty() ? "未分类" : std::string(category); }

struct YearFunds {
  std::vector<const sync::FundTotal*> funds;              // this year's, in the snapshot's order
  std::unordered_map<std::string_view, std::size_t> index;  // code → position in funds
  [[nodiscard]] const sync::FundTotal* find(std::string_view code) const {
    const auto it = index.find(code);
    return it == index.end() ? nullptr : funds[it->second];
  }
};

YearFunds year_funds(const sync::TerminalData& data) {
  YearFunds y;
  for (const auto& f : data.fund_totals) {
    if (f.fund.year != data.year) continue;
    // A code twice (it cannot be, by the feed's key) keeps the first.
    if (y.index.emplace(f.fund.code, y.funds.size()).second) y.funds.push_back(&f);
  }
  return y;
}

// What the third column and the towns' bars are made of.
enum class ChildKind { Towns, Villages, Groups, Programmes };

std::string_view child_word(ChildKind kind) {
  switch (kind) {
    case ChildKind::Towns: return "镇街";
    case ChildKind::Villages: return "村居";
    case ChildKind::Groups: return "社";
    case ChildKind::Programmes: return "项目";
  }
  return "项目";
}

// Children when the scope's money is homed below it; programmes on a village screen (payments are
// homed at the village, so its groups have no figures) or wherever the children have no payments
// while the scope itself has some. A district or town screen with nothing paid yet keeps its
// children, so the column does not change its name on the first payment of the year.
ChildKind child_kind(const sync::TerminalData& data, const YearFunds& year) {
  bool child_paid = false;
  for (const auto& c : data.child_totals)
    if (c.year == data.year && c.figures.paid_fen > 0) {
      child_paid = true;
      break;
    }
  std::int64_t scope_paid = 0;
  for (const auto* f : year.funds) scope_paid += std::max<std::int64_t>(f->figures.paid_fen, 0);
  if (!child_paid && scope_paid > 0) return ChildKind::Programmes;
  const auto code = core::normalize_region_code(data.scope);
  if (!code) return ChildKind::Programmes;
  switch (core::level_of_code(code.value())) {
    case core::RegionLevel::District: return ChildKind::Towns;
    case core::RegionLevel::Town: return ChildKind::Villages;
    case core::RegionLevel::Village: return child_paid ? ChildKind::Groups : ChildKind::Programmes;
    case core::RegionLevel::Group: return ChildKind::Programmes;
  }
  return ChildKind::Programmes;
}

std::unordered_map<std::string_view, std::string_view> child_names(const sync::TerminalData& data) {
  std::unordered_map<std::string_view, std::string_view> names;
  for (const auto& c : data.regions.children)
    if (!c.name.empty()) names.emplace(c.code, c.name);
  return names;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] overview

// At most nine nodes a column (eight and 其他): at 1080p the Sankey is about ten lines of type
// high, so nine labels fit without dropping any, and nine categories keep colours apart.
constexpr int kSankeyNodes = 9;

// One flow of money from a fund (an index into YearFunds::funds) to a third-column target.
struct Flow {
  int fund = 0;
  int target = 0;
  std::int64_t value = 0;
};

struct Target {
  std::string key;    // "region:500112101", "fund:YB2026-01", "self:500112101"
  std::string label;
};

struct Flows {
  std::vector<Target> targets;
  std::vector<Flow> flows;
};

// Interned by key, so the same child seen under many funds is one target; every step below is
// over integers, since a district's 30 towns times 25 funds is small but 10,000 flows must be too.
Flows overview_flows(const sync::TerminalData& data, const YearFunds& year, ChildKind kind) {
  Flows out;
  if (kind == ChildKind::Programmes) {
    for (std::size_t i = 0; i < year.funds.size(); ++i) {
      const auto* f = year.funds[i];
      if (f->figures.paid_fen <= 0) continue;
      out.flows.push_back({static_cast<int>(i), static_cast<int>(out.targets.size()), f->figures.paid_fen});
      out.targets.push_back({"fund:" + f->fund.code, f->fund.name});
    }
    return out;
  }
  const auto names = child_names(data);
  std::unordered_map<std::string_view, int> target_of;
  // What each fund paid through the children, to find what the scope paid at its own level.
  std::vector<std::int64_t> through_children(year.funds.size(), 0);
  for (const auto& c : data.child_totals) {
    if (c.year != data.year || c.figures.paid_fen <= 0) continue;
    const auto fi = year.index.find(c.fund);
    if (fi == year.index.end()) continue;  // a fund the snapshot lacks: nothing to say where it comes from
    auto [it, added] = target_of.emplace(c.region, static_cast<int>(out.targets.size()));
    if (added) {
      const auto name = names.find(c.region);
      out.targets.push_back({"region:" + c.region, name == names.end() ? c.region : std::string(name->second)});
    }
    out.flows.push_back({static_cast<int>(fi->second), it->second, c.figures.paid_fen});
    through_children[fi->second] += c.figures.paid_fen;
  }
  // Money homed at the scope itself (none by the feed's rules for payments, but a screen must not
  // lose it): one more node, so the total still equals 本年已发放.
  int self = -1;
  for (std::size_t i = 0; i < year.funds.size(); ++i) {
    const auto rest = year.funds[i]->figures.paid_fen - through_children[i];
    if (rest <= 0) continue;
    if (self < 0) {
      self = static_cast<int>(out.targets.size());
      out.targets.push_back({"self:" + data.scope, "本级"});
    }
    out.flows.push_back({static_cast<int>(i), self, rest});
  }
  return out;
}

// Positions of `items` when sorted by `less`: rank[i] is where item i goes.
template <class T, class Less>
std::vector<int> ranks(const std::vector<T>& items, Less less) {
  std::vector<int> order(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return less(items[static_cast<std::size_t>(a)], items[static_cast<std::size_t>(b)]);
  });
  std::vector<int> rank(items.size());
  for (std::size_t pos = 0; pos < order.size(); ++pos) rank[static_cast<std::size_t>(order[pos])] = static_cast<int>(pos);
  return rank;
}

// 投诉建议: how many, and how well they are answered (docs/complaints.md, "The big screen").
Kpi complaints_kpi(const std::optional<sync::ComplaintStats>& stats) {
  Kpi k{"complaints", "投诉建议", 0, false, "件", "暂无投诉"};
  if (!stats || stats->total <= 0) return k;
  k.value = stats->total;
  std::string note = stats->answered > 0 ? "按时答复 " + charts::percent(stats->answered_on_time, stats->answered)
                                         : "尚无答复";
  std::int64_t rated = 0, stars = 0;
  for (std::size_t i = 0; i < stats->ratings.size(); ++i) {
    rated += stats->ratings[i];
    stars += stats->ratings[i] * static_cast<std::int64_t>(i + 1);
  }
  if (rated > 0) {
    // The mean in tenths, half up, in integers: 4.55 stars shows 4.6.
    const std::int64_t tenths = (stars * 20 + rated) / (rated * 2);
    note += fmt::format(" · {}.{} 星", tenths / 10, tenths % 10);  // 满意度 would not fit a quarter of 1920 px
  }
  k.note = std::move(note);
  return k;
}

OverviewView build_overview(const sync::TerminalData& data, const YearFunds& year, ChildKind kind) {
  OverviewView v;
  v.year = data.year;
  std::int64_t plan = 0, paid_sum = 0, people = 0;
  for (const auto* f : year.funds) {
    plan += f->figures.plan_fen;
    paid_sum += f->figures.paid_fen;
    people += f->figures.beneficiaries;
  }
  v.kpis.push_back({"plan", "本年计划资金", plan, true, "", ""});
  v.kpis.push_back({"paid", "本年已发放", paid_sum, true, "", plan > 0 ? "占计划 " + charts::percent(paid_sum, plan) : ""});
  v.kpis.push_back({"people", "惠及人次", people, false, "人次", ""});
  v.kpis.push_back(complaints_kpi(data.complaints));
  v.column_titles = {"资金来源", "资金类别", std::string(child_word(kind))};

  const auto flows = overview_flows(data, year, kind);
  if (flows.flows.empty()) return v;

  // Each fund's level and category, interned once per fund rather than once per flow.
  struct Level {
    int rank;
    std::string word;
  };
  std::vector<Level> levels;
  std::vector<std::string> categories;
  std::vector<int> level_of(year.funds.size(), -1), category_of(year.funds.size(), -1);
  {
    std::unordered_map<std::string_view, int> level_ids, category_ids;
    std::vector<std::string> labels(year.funds.size());
    for (const auto& f : flows.flows) {
      const auto i = static_cast<std::size_t>(f.fund);
      if (level_of[i] >= 0) continue;
      const auto& info = year.funds[i]->fund;
      auto [l, l_added] = level_ids.emplace(info.level, static_cast<int>(levels.size()));
      if (l_added) levels.push_back({level_rank(info.level), info.level});
      level_of[i] = l->second;
      labels[i] = category_label(info.category);
      auto [c, c_added] = category_ids.emplace(labels[i], static_cast<int>(categories.size()));
      if (c_added) categories.push_back(labels[i]);
      category_of[i] = c->second;
    }
  }
  // Columns in their fixed orders: levels 中央 / 市级 / 区级, categories by name, targets by key
  // (a region code or fund code), so two builds with other figures draw the same order.
  const auto level_rank_of = ranks(levels, [](const Level& a, const Level& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.word < b.word;
  });
  const auto category_rank = ranks(categories, std::less<>{});
  const auto target_rank = ranks(flows.targets, [](const Target& a, const Target& b) { return a.key < b.key; });
  const int level_base = 0;
  const int category_base = static_cast<int>(levels.size());
  const int target_base = category_base + static_cast<int>(categories.size());

  charts::SankeyInput raw;
  raw.nodes.resize(static_cast<std::size_t>(target_base) + flows.targets.size());
  for (std::size_t i = 0; i < levels.size(); ++i)
    raw.nodes[static_cast<std::size_t>(level_base + level_rank_of[i])] = {"level:" + levels[i].word,
                                                                          level_word(levels[i].word), 0};
  for (std::size_t i = 0; i < categories.size(); ++i)
    raw.nodes[static_cast<std::size_t>(category_base + category_rank[i])] = {"category:" + categories[i],
                                                                             categories[i], 1};
  for (std::size_t i = 0; i < flows.targets.size(); ++i)
    raw.nodes[static_cast<std::size_t>(target_base + target_rank[i])] = {flows.targets[i].key,
                                                                         flows.targets[i].label, 2};

  // Every link is summed from the same flows, so each category's in equals its out by construction.
  std::vector<std::int64_t> level_category(levels.size() * categories.size(), 0);
  struct Pair {
    int source, target;
    std::int64_t value;
  };
  std::vector<Pair> category_target;
  category_target.reserve(flows.flows.size());
  for (const auto& f : flows.flows) {
    const auto i = static_cast<std::size_t>(f.fund);
    const int l = level_rank_of[static_cast<std::size_t>(level_of[i])];
    const int c = category_rank[static_cast<std::size_t>(category_of[i])];
    level_category[static_cast<std::size_t>(l) * categories.size() + static_cast<std::size_t>(c)] += f.value;
    category_target.push_back({category_base + c, target_base + target_rank[static_cast<std::size_t>(f.target)], f.value});
    v.total_paid += f.value;
  }
  for (std::size_t l = 0; l < levels.size(); ++l)
    for (std::size_t c = 0; c < categories.size(); ++c)
      if (const auto value = level_category[l * categories.size() + c]; value != 0)
        raw.links.push_back({level_base + static_cast<int>(l), category_base + static_cast<int>(c), value});
  std::sort(category_target.begin(), category_target.end(),
            [](const Pair& a, const Pair& b) { return a.source != b.source ? a.source < b.source : a.target < b.target; });
  for (const auto& p : category_target) {
    if (!raw.links.empty() && raw.links.back().source == p.source && raw.links.back().target == p.target)
      raw.links.back().value += p.value;
    else
      raw.links.push_back({p.source, p.target, p.value});
  }

  v.sankey = charts::group_small(raw, kSankeyNodes, "其他", 0.01);
  v.sankey_labels = sankey_labels(v.sankey);
  return v;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] stages

std::int64_t stage_figure(const sync::Figures& f, int stage) {
  switch (stage) {
    case 0: return f.plan_fen;
    case 1: return f.approve_fen;
    case 2: return f.allocate_fen;
    default: return f.disburse_fen;
  }
}

// Stage 3 (资金发放) is reached when the department reports it or when payments are made: its
// report is dated on the last payment, so the first month of payments is when paying out began;
// and on a village screen (stage figures are homed at the town) payments are all there is.
bool stage_reached_in(const sync::Figures& f, int stage) {
  return stage == 3 ? (f.disburse_fen != 0 || f.paid_fen != 0) : stage_figure(f, stage) != 0;
}

StagesView build_stages(const sync::TerminalData& data, const YearFunds& year, const DisplayConfig& config,
                        const std::optional<core::Timestamp>& now) {
  StagesView v;
  v.year = data.year;
  // First month of each stage per fund, in one pass over the months.
  std::vector<std::array<int, 4>> first(year.funds.size(), {-1, -1, -1, -1});
  for (const auto& m : data.months) {
    const auto it = year.index.find(m.fund);
    if (it == year.index.end()) continue;
    const auto number = month_number(m.month);
    if (!number) continue;
    auto& f = first[it->second];
    for (int s = 0; s < 4; ++s)
      if (stage_reached_in(m.figures, s) && (f[static_cast<std::size_t>(s)] < 0 || *number < f[static_cast<std::size_t>(s)]))
        f[static_cast<std::size_t>(s)] = *number;
  }
  const std::optional<std::int64_t> today =
      now ? std::optional<std::int64_t>(core::shanghai_date(*now).days_since_epoch()) : std::nullopt;

  for (std::size_t i = 0; i < year.funds.size(); ++i) {
    const auto& ft = *year.funds[i];
    const auto& fig = ft.figures;
    // A programme with nothing at all in this scope is not run here: no row.
    if (fig == sync::Figures{} && first[i] == std::array<int, 4>{-1, -1, -1, -1}) continue;
    StageRow row;
    row.fund = ft.fund.code;
    row.name = ft.fund.name;
    row.department = ft.fund.department;
    row.level = level_word(ft.fund.level);
    for (int s = 0; s < 4; ++s) row.amounts[static_cast<std::size_t>(s)] = stage_figure(fig, s);
    if (row.amounts[3] == 0) row.amounts[3] = fig.paid_fen;  // see stage_reached_in
    const auto& f = first[i];
    for (int s = 0; s < 4; ++s)
      if (f[static_cast<std::size_t>(s)] >= 0) row.months[static_cast<std::size_t>(s)] = month_text(f[static_cast<std::size_t>(s)]);
    for (int s = 1; s < 4; ++s) {
      const int before = f[static_cast<std::size_t>(s - 1)];
      const int at = f[static_cast<std::size_t>(s)];
      if (before < 0) continue;  // never flagged while the stage before is not reached
      bool late = false;
      if (at >= 0) {
        // A stage reached is history: its gap is shown, never flagged. Money that arrived slowly
        // has arrived; flagging it red would bury the money that is stuck now (on the demo town,
        // a third of the programmes, whose payments simply start a few months after allocation).
        row.gap_days[static_cast<std::size_t>(s - 1)] =
            static_cast<int>(std::max<std::int64_t>(month_start_days(at) - month_start_days(before), 0));
      } else if (today && std::none_of(f.begin() + s + 1, f.end(), [](int m) { return m >= 0; })) {
        // Not reached, and nothing after it reached either (a stage the department did not
        // report, with the money paid out since, is missing from the record, not stuck).
        // Waited at least since the last day of the month the stage before was reached.
        const auto waited = *today - month_end_days(before);
        if (waited > config.late_days) {
          late = true;
          if (row.waiting_days == 0) row.waiting_days = static_cast<int>(waited);
        }
      }
      row.late[static_cast<std::size_t>(s)] = late;
      if (late && row.late_stage < 0) row.late_stage = s;
    }
    if (row.late_stage >= 0) ++v.late_count;
    v.rows.push_back(std::move(row));
  }
  std::sort(v.rows.begin(), v.rows.end(), [](const StageRow& a, const StageRow& b) {
    const bool la = a.late_stage >= 0, lb = b.late_stage >= 0;
    if (la != lb) return la;
    if (a.amounts[0] != b.amounts[0]) return a.amounts[0] > b.amounts[0];
    return a.fund < b.fund;
  });
  return v;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] towns, trend

TownsView build_towns(const sync::TerminalData& data, const YearFunds& year, ChildKind kind) {
  TownsView v;
  v.level_word = std::string(child_word(kind));
  if (kind == ChildKind::Programmes) {
    std::vector<const sync::FundTotal*> funds;
    for (const auto* f : year.funds)
      if (f->figures.paid_fen != 0 || f->figures.beneficiaries != 0) funds.push_back(f);
    std::sort(funds.begin(), funds.end(),
              [](const sync::FundTotal* a, const sync::FundTotal* b) { return a->fund.code < b->fund.code; });
    for (const auto* f : funds) {
      v.paid.push_back({f->fund.code, f->fund.name, f->figures.paid_fen});
      v.people.push_back({f->fund.code, f->fund.name, f->figures.beneficiaries});
    }
    return v;
  }
  // Every child the replica names (a town with nothing yet is a zero bar, not a missing one),
  // and any child with figures but no region entry under its code.
  struct Sums {
    std::string label;
    std::int64_t paid = 0;
    std::int64_t people = 0;
  };
  std::vector<std::pair<std::string_view, Sums>> children;
  std::unordered_map<std::string_view, std::size_t> child_of;
  auto child = [&](std::string_view code) -> Sums& {
    auto [it, added] = child_of.emplace(code, children.size());
    if (added) children.push_back({code, Sums{std::string(code)}});
    return children[it->second].second;
  };
  for (const auto& c : data.regions.children) child(c.code).label = c.name.empty() ? c.code : c.name;
  for (const auto& c : data.child_totals) {
    if (c.year != data.year || !year.find(c.fund)) continue;
    auto& s = child(c.region);
    s.paid += c.figures.paid_fen;
    s.people += c.figures.beneficiaries;
  }
  std::sort(children.begin(), children.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  v.paid.reserve(children.size());
  v.people.reserve(children.size());
  for (const auto& [code, s] : children) {
    v.paid.push_back({std::string(code), s.label, s.paid});
    v.people.push_back({std::string(code), s.label, s.people});
  }
  return v;
}

constexpr std::size_t kTrendSeries = 8;

TrendView build_trend(const sync::TerminalData& data, const DisplayConfig& config,
                      const std::optional<core::Timestamp>& now) {
  TrendView v;
  const int count = std::clamp(config.trend_months, 1, 24);
  // Ends at now's month in Shanghai; without a readable now, at the newest month with data.
  int last = -1;
  if (now) {
    const auto d = core::shanghai_date(*now);
    last = d.year * 12 + static_cast<int>(d.month) - 1;
  } else {
    for (const auto& m : data.months)
      if (const auto n = month_number(m.month)) last = std::max(last, *n);
  }
  if (last < 0) return v;
  const int first = last - count + 1;
  v.first_month = month_text(first);
  v.last_month = month_text(last);
  for (int m = first; m <= last; ++m) v.columns.columns.push_back(month_text(m));

  std::map<std::string, std::vector<std::int64_t>> per_category;  // by name: the series order
  for (const auto& m : data.months) {
    const auto n = month_number(m.month);
    if (!n || *n < first || *n > last || m.figures.paid_fen <= 0) continue;
    auto& values = per_category[category_label(m.category)];
    if (values.empty()) values.assign(static_cast<std::size_t>(count), 0);
    values[static_cast<std::size_t>(*n - first)] += m.figures.paid_fen;
    v.total += m.figures.paid_fen;
  }
  // The eight biggest categories of the window by name, the rest stacked on top as 其他: more
  // series than the palette has colours could not be told apart from across a hall.
  std::vector<std::pair<std::int64_t, std::string>> by_size;
  for (const auto& [name, values] : per_category) {
    std::int64_t sum = 0;
    for (const auto x : values) sum += x;
    by_size.emplace_back(sum, name);
  }
  std::sort(by_size.begin(), by_size.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::set<std::string> kept;
  const bool grouped = by_size.size() > kTrendSeries + 1;
  for (std::size_t i = 0; i < by_size.size() && (!grouped || i < kTrendSeries); ++i) kept.insert(by_size[i].second);
  const std::size_t series = kept.size() + (grouped ? 1 : 0);
  v.columns.values.assign(static_cast<std::size_t>(count), std::vector<std::int64_t>(series, 0));
  std::size_t s = 0;
  for (const auto& [name, values] : per_category) {
    if (!kept.contains(name)) continue;
    v.columns.series.push_back({name, name});
    for (std::size_t c = 0; c < values.size(); ++c) v.columns.values[c][s] = values[c];
    ++s;
  }
  if (grouped) {
    v.columns.series.push_back({"other", "其他"});
    for (const auto& [name, values] : per_category) {
      if (kept.contains(name)) continue;
      for (std::size_t c = 0; c < values.size(); ++c) v.columns.values[c][s] += values[c];
    }
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] notices

constexpr std::size_t kExcerptChars = 300;
constexpr std::size_t kMaxCards = 12;
constexpr std::size_t kMaxTicker = 10;

// The first `max` code points of `s` (never half a character).
std::string_view take_chars(std::string_view s, std::size_t max) {
  std::size_t pos = 0;
  for (std::size_t n = 0; n < max && pos < s.size(); ++n) (void)core::text::next_code_point(s, pos);
  return s.substr(0, pos);
}

// The first ~300 characters: whole lines (blank lines dropped) while they fit; a line that does
// not fit is cut to fill the space only when fewer than half have been used, so a card is never
// nearly empty nor ends mid-sentence without need. "…" when anything was left out.
std::string excerpt(std::string_view body) {
  std::string out;
  std::size_t used = 0;
  bool cut = false;
  while (!body.empty()) {
    const auto end = body.find('\n');
    auto line = core::text::trim(body.substr(0, end));
    body = end == std::string_view::npos ? std::string_view{} : body.substr(end + 1);
    if (line.empty()) continue;
    const auto len = core::text::length(line);
    if (used + len <= kExcerptChars) {
      if (!out.empty()) out += '\n';
      out += line;
      used += len;
      continue;
    }
    if (used < kExcerptChars / 2) {
      if (!out.empty()) out += '\n';
      out += take_chars(line, kExcerptChars - used);
    }
    cut = true;
    break;
  }
  if (cut) out += "…";
  return out;
}

// Who published a notice, as villagers say it: the names below the district joined (龙兴镇柏树村),
// the district by its own name. Names come from the scope's regions; a level the replica cannot
// name is left out rather than shown as a code.
std::string publisher(const sync::Notice& n, const std::unordered_map<std::string_view, std::string_view>& names) {
  const std::string_view own = n.region_name.empty() ? std::string_view(n.region) : std::string_view(n.region_name);
  if (n.region.size() <= 6) return std::string(own);
  std::string out;
  for (std::size_t len = 9; len < n.region.size(); len += 3) {
    const auto it = names.find(std::string_view(n.region).substr(0, len));
    if (it != names.end()) out += it->second;
  }
  out += own;
  return out;
}

std::string category_words(std::string_view wire) {
  if (auto c = core::parse_notice_category(wire)) return std::string(core::notice_category_name(c.value()));
  return "公告";
}

void build_notices(const sync::TerminalData& data, std::string_view now_iso, DisplayView& view) {
  std::vector<const sync::Notice*> current;
  for (const auto& n : data.notices)
    if (n.current_at(now_iso)) current.push_back(&n);
  // The replica sends newest first; sorted again so the screen never depends on it.
  std::stable_sort(current.begin(), current.end(), [](const sync::Notice* a, const sync::Notice* b) {
    return a->publish_at != b->publish_at ? a->publish_at > b->publish_at : a->id > b->id;
  });
  std::unordered_map<std::string_view, std::string_view> names;
  for (const auto& a : data.regions.ancestors) names.emplace(a.code, a.name);
  names.emplace(data.regions.self.code, data.regions.self.name);
  for (const auto& c : data.regions.children) names.emplace(c.code, c.name);

  for (std::size_t i = 0; i < current.size() && i < kMaxCards; ++i) {
    const auto& n = *current[i];
    NoticeCard card;
    card.id = n.id;
    card.title = n.title;
    card.category = category_words(n.category);
    card.publisher = publisher(n, names);
    if (const auto t = parse_time(n.publish_at)) card.date = month_day(core::shanghai_date(*t));
    card.body = excerpt(n.body);
    card.corrected = n.corrected();
    view.notices.cards.push_back(std::move(card));
  }
  for (std::size_t i = 0; i < current.size() && i < kMaxTicker; ++i) view.ticker.push_back(current[i]->title);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] dump

void line(std::string& out, std::string_view kind, std::string_view text) {
  out += kind;
  out += ": ";
  out += text;
  out += '\n';
}

std::string money_or_dash(std::int64_t fen) { return fen == 0 ? "—" : charts::money_short(fen); }

constexpr std::array<std::string_view, 4> kStageNames{"用款计划", "使用审批", "资金拨付", "资金发放"};

void dump_overview(std::string& out, const OverviewView& v) {
  line(out, "year", fmt::format("{}年", v.year));
  for (const auto& k : v.kpis) {
    auto text = fmt::format("{} | {}", k.label, k.money ? charts::money_short(k.value) : charts::count_short(k.value) + k.unit);
    if (!k.note.empty()) text += " | " + k.note;
    line(out, "kpi", text);
  }
  if (v.sankey.nodes.empty()) {
    line(out, "text", "本年暂无发放");
    return;
  }
  for (int column = 0; column < 3; ++column) {
    std::string text = v.column_titles[static_cast<std::size_t>(column)];
    for (std::size_t i = 0; i < v.sankey.nodes.size(); ++i)
      if (v.sankey.nodes[i].column == column) text += " | " + v.sankey_labels[i];
    line(out, "sankey", text);
  }
  line(out, "total", charts::money_short(v.total_paid));
}

void dump_stages(std::string& out, const StagesView& v) {
  line(out, "year", fmt::format("{}年", v.year));
  line(out, "late", fmt::format("{} 个项目滞后", v.late_count));
  if (v.rows.empty()) line(out, "text", "本年暂无项目");
  for (const auto& r : v.rows) {
    std::string text = fmt::format("{} | {} | {}", r.name, r.level, r.department);
    for (std::size_t s = 0; s < 4; ++s) {
      text += fmt::format(" | {} {}", kStageNames[s], r.months[s].empty() ? "未到" : money_or_dash(r.amounts[s]) + " " + r.months[s]);
      if (s > 0 && r.gap_days[s - 1] >= 0) text += fmt::format(" (+{}天)", r.gap_days[s - 1]);
      if (s > 0 && r.amounts[0] > 0 && !r.months[s].empty()) text += " " + charts::percent(r.amounts[s], r.amounts[0]);
      if (r.late[s]) text += " [滞后]";
    }
    for (std::size_t s = 0; s < 4; ++s)
      if (r.late[s] && r.months[s].empty()) {
        text += fmt::format(" | {}已等 {} 天", kStageNames[s], r.waiting_days);
        break;
      }
    line(out, "stage", text);
  }
}

void dump_towns(std::string& out, const TownsView& v) {
  if (v.paid.empty()) line(out, "text", "暂无数据");
  for (const auto& b : v.paid) line(out, "paid", fmt::format("{} | {}", b.label, charts::money_short(b.value)));
  for (const auto& b : v.people) line(out, "people", fmt::format("{} | {}人次", b.label, charts::count_short(b.value)));
  line(out, "unit", v.level_word);
}

void dump_trend(std::string& out, const TrendView& v) {
  line(out, "months", fmt::format("{} — {} | 合计 {}", v.first_month, v.last_month, charts::money_short(v.total)));
  std::string series;
  for (const auto& s : v.columns.series) series += (series.empty() ? "" : " | ") + s.label;
  line(out, "series", series.empty() ? "—" : series);
  for (std::size_t c = 0; c < v.columns.columns.size(); ++c) {
    std::int64_t total = 0;
    for (const auto x : v.columns.values[c]) total += std::max<std::int64_t>(x, 0);
    line(out, "month", fmt::format("{} | {}", v.columns.columns[c], charts::money_short(total)));
  }
}

void dump_notices(std::string& out, const NoticesView& v) {
  if (v.cards.empty()) line(out, "text", "暂无公告");
  for (const auto& c : v.cards) {
    auto text = fmt::format("{} | {} | {} | {}", c.date, c.category, c.title, c.publisher);
    if (c.corrected) text += " | 已更正";
    line(out, "notice", text);
  }
}

}  // namespace

std::vector<std::string> sankey_labels(const ui::charts::SankeyInput& sankey) {
  std::vector<std::int64_t> in(sankey.nodes.size(), 0), out(sankey.nodes.size(), 0);
  const auto valid = [&](int i) { return i >= 0 && static_cast<std::size_t>(i) < sankey.nodes.size(); };
  for (const auto& l : sankey.links) {
    if (l.value <= 0 || !valid(l.source) || !valid(l.target)) continue;
    out[static_cast<std::size_t>(l.source)] += l.value;
    in[static_cast<std::size_t>(l.target)] += l.value;
  }
  std::vector<std::string> labels;
  labels.reserve(sankey.nodes.size());
  for (std::size_t i = 0; i < sankey.nodes.size(); ++i)
    labels.push_back(sankey.nodes[i].label + "  " + charts::money_short(std::max(in[i], out[i])));
  return labels;
}

DisplayView build_view(const sync::TerminalData* data, const sync::SyncStatus* status, const DisplayConfig& config,
                       std::string_view now_iso) {
  DisplayView view;
  const auto now = parse_time(now_iso);
  view.has_data = data && data->has_public;
  view.header = build_header(data, status, config, now, view.has_data);
  if (!view.has_data) {
    view.waiting = waiting_line(status);
    return view;
  }
  const auto year = year_funds(*data);
  const auto kind = child_kind(*data, year);
  view.overview = build_overview(*data, year, kind);
  view.stages = build_stages(*data, year, config, now);
  view.towns = build_towns(*data, year, kind);
  view.trend = build_trend(*data, config, now);
  // Every category either chart names, in name order: a category keeps one colour in the
  // Sankey and the trend, whichever others come and go.
  for (const auto& node : view.overview.sankey.nodes)
    if (node.column == 1 && !node.key.ends_with(":other")) view.categories.push_back(node.label);
  for (const auto& series : view.trend.columns.series)
    if (series.key != "other") view.categories.push_back(series.label);
  std::sort(view.categories.begin(), view.categories.end());
  view.categories.erase(std::unique(view.categories.begin(), view.categories.end()), view.categories.end());
  build_notices(*data, now_iso, view);
  return view;
}

std::string dump(const DisplayView& view, Scene scene) {
  std::string out;
  const auto& h = view.header;
  auto header = h.title;
  if (!h.scope_name.empty()) header += " | " + h.scope_name;
  if (!h.data_time.empty()) header += " | " + h.data_time;
  line(out, "header", header);
  if (!h.offline_note.empty()) line(out, "offline", h.offline_note);
  line(out, "scene", scene_title(scene));
  if (!view.has_data) {
    line(out, "waiting", view.waiting);
    return out;
  }
  switch (scene) {
    case Scene::Overview: dump_overview(out, view.overview); break;
    case Scene::Stages: dump_stages(out, view.stages); break;
    case Scene::Towns: dump_towns(out, view.towns); break;
    case Scene::Trend: dump_trend(out, view.trend); break;
    case Scene::Notices: dump_notices(out, view.notices); break;
  }
  std::string ticker;
  for (const auto& t : view.ticker) ticker += (ticker.empty() ? "" : " | ") + t;
  out += "滚动: " + ticker + '\n';
  return out;
}

}  // namespace sunlight::display
