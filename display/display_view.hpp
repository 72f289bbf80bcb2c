// What the big screen shows, as plain data built from the replica's TerminalData: one view per scene,
// the header and the ticker. No SDL, no ImGui; every figure a scene draws is here, so tests check
// the figures and the scenes only draw them.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "display/display_config.hpp"
#include "display/scene.hpp"
#include "sync/feed_sync.hpp"
#include "sync/terminal_data.hpp"
#include "ui/charts/bars.hpp"
#include "ui/charts/sankey.hpp"

namespace sunlight::display {

struct HeaderView {
  std::string title;       // [display] title
  std::string scope_name;  // 渝北区 / 龙兴镇 (ScopeRegions::full_name, or the district's own name)
  std::string data_time;   // "数据更新于 11月28日 14:27" (Shanghai time), "" before any data
  bool offline = false;
  // Offline with data: "网络中断 · 显示 3 小时前的数据" (the network or the server), "数据暂停更新 · …"
  // (a response refused, a key mismatch, the disk); without data or online: "".
  std::string offline_note;
};

struct Kpi {
  std::string key;         // "plan", "paid", "people": stable, for animation
  std::string label;       // 本年计划资金
  std::int64_t value = 0;  // fen when money, else a count
  bool money = true;
  std::string unit;        // after a count: "人次"
  std::string note;        // a line under it: "占计划 87%", "" when none
};

// Column 0: funding level (中央 / 市级 / 区级); column 1: programme category; column 2: the scope's
// children (towns on a district screen, villages on a town screen) or, on a village screen (whose
// payments are homed at the village itself), the programmes. Values are this year's paid_fen.
struct OverviewView {
  int year = 0;
  std::vector<Kpi> kpis;
  ui::charts::SankeyInput sankey;               // already grouped: at most 9 nodes a column, the rest 其他
  std::vector<std::string> sankey_labels;       // "中央  3.2亿元", parallel to sankey.nodes
  std::array<std::string, 3> column_titles;     // 资金来源 / 资金类别 / 镇街 (村居, 项目)
  std::int64_t total_paid = 0;                  // column 0's total = column 2's total
};

// One programme of this year at its four monitoring points (docs/feed-protocol.md §5.3).
struct StageRow {
  std::string fund;          // code
  std::string name;          // 耕地地力保护补贴
  std::string department;    // 区农业农村委
  std::string level;         // 中央 / 市级 / 区级
  std::array<std::int64_t, 4> amounts{};   // plan, approve, allocate, disburse (fen) within the scope
  std::array<std::string, 4> months;       // the month each stage was first reported ("2026-03"), "" = not yet
  // Days between the month each stage and the one before it was reached (month starts: the feed
  // carries months, not days); -1 when either is not reached.
  std::array<int, 3> gap_days{-1, -1, -1};
  // The first stage not reached while the one before it was reached more than late_days ago,
  // counted from the end of that month, so never flagged early: money stuck now. A stage reached,
  // however slowly, is not flagged (its gap is shown), nor one not reported while a later stage
  // was (the money moved on).
  std::array<bool, 4> late{};
  int late_stage = -1;       // index of the first late stage, -1 none
  int waiting_days = 0;      // for a late stage not reached: days waited so far (at least)
};

struct StagesView {
  int year = 0;
  std::vector<StageRow> rows;  // late ones first, then by plan amount descending, ties by fund code
  int late_count = 0;
};

struct TownsView {
  std::string level_word;                 // 镇街 / 村居 / 项目: what a bar is
  std::vector<ui::charts::BarItem> paid;  // this year's paid_fen per child, by code (the chart ranks)
  std::vector<ui::charts::BarItem> people;  // beneficiaries (人次) per child
};

struct TrendView {
  ui::charts::ColumnsInput columns;  // trend_months months ending at now's month, one series per category
  std::string first_month;           // "2025-12"
  std::string last_month;
  std::int64_t total = 0;
};

struct NoticeCard {
  std::int64_t id = 0;
  std::string title;
  std::string category;   // 村务 / 财务 / 党务 / 公示
  std::string publisher;  // 龙兴镇柏树村 / 渝北区
  std::string date;       // "11月28日"
  std::string body;       // the first ~300 characters of the body, whole lines where possible
  bool corrected = false; // "已更正"
};

struct NoticesView {
  std::vector<NoticeCard> cards;  // current notices only (never retracted or expired), newest first, at most 12
};

struct DisplayView {
  bool has_data = false;  // false: the waiting state ("正在获取数据…" with what is being tried)
  std::string waiting;    // the waiting state's line: "正在连接数据中心" / "无法连接数据中心，正在重试（已试 3 次）"
  HeaderView header;
  OverviewView overview;
  StagesView stages;
  TownsView towns;
  TrendView trend;
  NoticesView notices;
  std::vector<std::string> ticker;  // the latest current notice titles, newest first, at most 10
  std::vector<std::string> categories;  // every category the Sankey or the trend names, by name: colours
};

// "中央  3.2亿元" for each node of `sankey`: its name and the flow through it (the larger of what
// arrives and what leaves). The view's labels, and the eased ones a frame draws.
[[nodiscard]] std::vector<std::string> sankey_labels(const ui::charts::SankeyInput& sankey);

// Builds the whole view. `data` and `status` may be null (nothing yet); `now_iso` is UTC
// ("2026-11-28T06:27:00Z"). Runs on the UI thread when a new snapshot arrives (not every frame):
// a district replica's data must build in a few milliseconds.
[[nodiscard]] DisplayView build_view(const sync::TerminalData* data, const sync::SyncStatus* status,
                                     const DisplayConfig& config, std::string_view now_iso);

// What the screen shows in `scene`, as text (the header, the figures, the labels): for tests,
// scripted runs and the .txt beside each screenshot.
[[nodiscard]] std::string dump(const DisplayView& view, Scene scene);

}  // namespace sunlight::display
