// 四大环节: each programme of this year at the four monitoring points — plan, approval, allocation,
// payout — with amounts, shares of the plan, the time between stages, and late stages flagged.
#include <algorithm>
#include <string>

#include <fmt/format.h>
#include <imgui.h>

#include "display/scenes/scenes.hpp"
#include "ui/charts/draw.hpp"
#include "ui/charts/format.hpp"

namespace sunlight::display::scenes {

namespace theme = ui::theme;
namespace charts = ui::charts;
using ui::FontRole;

namespace {

constexpr const char* kStageNames[4] = {"用款计划", "使用审批", "资金拨付", "资金发放"};


charts::PipelineRow pipeline_row(const StageRow& s) {
  charts::PipelineRow row;
  row.title = s.name;
  row.subtitle = s.department.empty() ? s.level : s.department + " · " + s.level + "资金";
  const std::int64_t plan = s.amounts[0];
  for (int i = 0; i < 4; ++i) {
    auto& stage = row.stages[i];
    stage.name = kStageNames[i];
    stage.amount = s.amounts[static_cast<std::size_t>(i)];
    stage.reached = !s.months[static_cast<std::size_t>(i)].empty() || stage.amount > 0;
    stage.late = s.late[static_cast<std::size_t>(i)];
    stage.when = month_words(s.months[static_cast<std::size_t>(i)]);
    stage.share = i == 0 || !stage.reached ? std::string() : charts::percent(stage.amount, plan);
  }
  for (int i = 0; i < 3; ++i) {
    const int d = s.gap_days[static_cast<std::size_t>(i)];
    row.gaps[i] = d < 0 ? std::string() : d == 0 ? std::string("同月") : fmt::format("约{}天", d);
  }
  // A late stage is one not reached yet (display_view.hpp): its cell says how long it has waited.
  if (s.late_stage >= 0) row.late_note = fmt::format("已等 {} 天以上", s.waiting_days);
  return row;
}

void legend_chip(ui::Frame& f, float& x, float y, theme::Colour colour, std::string_view word) {
  const float u = f.unit;
  const float side = 0.7f * u;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x, y + (f.fonts.px(FontRole::Body) - side) / 2),
                                            ImVec2(x + side, y + (f.fonts.px(FontRole::Body) + side) / 2), colour,
                                            0.15f * u);
  x += side + 0.3f * u;
  x += put(f, FontRole::Body, word, x, y, theme::kText) + 0.9f * u;
}

}  // namespace

void stages(ui::Frame& f, Rect r, const SceneContext& c) {
  const auto& v = c.view.stages;
  const float u = f.unit;
  if (v.rows.empty()) {
    empty_note(f, r, "本年度尚无项目", "资金项目导入后，这里显示每个项目从计划到发放的进度");
    return;
  }
  // A summary line and the legend, then as many programmes as fit; the rest on further pages,
  // turned within the scene's time (late ones come first, so the first page is the one to see).
  const std::string summary =
      v.late_count > 0 ? fmt::format("{}年 {} 个项目 · {} 个项目有环节滞后（超过 {} 天未推进）", v.year, v.rows.size(),
                                     v.late_count, c.config.late_days)
                       : fmt::format("{}年 {} 个项目 · 各环节均按期推进", v.year, v.rows.size());
  put(f, FontRole::Heading, summary, r.x, r.y, v.late_count > 0 ? charts::kLate : theme::kText);
  float lx = r.x;
  const float legend_y = r.y + f.fonts.px(FontRole::Heading) + 0.4f * u;
  legend_chip(f, lx, legend_y, charts::kDone, "已完成");
  legend_chip(f, lx, legend_y, charts::kPending, "未到");
  legend_chip(f, lx, legend_y, charts::kLate, "滞后");

  // The stage names once, over the columns; then one programme a row.
  const float header_y = legend_y + f.fonts.px(FontRole::Body) + 0.6f * u;
  const std::string names[4] = {kStageNames[0], kStageNames[1], kStageNames[2], kStageNames[3]};
  charts::draw_pipeline_header(f, Rect{r.x, header_y, r.w, f.fonts.px(FontRole::Body) * 1.2f}, names);
  const float top = header_y + f.fonts.px(FontRole::Body) * 1.2f + 0.3f * u;
  const float row_h = 2.45f * u;
  const float row_gap = 0.3f * u;
  const int per_page = std::max(1, static_cast<int>((r.bottom() - top + row_gap) / (row_h + row_gap)));
  const int rows = static_cast<int>(v.rows.size());
  const int pages = (rows + per_page - 1) / per_page;
  const int page = page_at(pages, c.elapsed, c.length, c.round);
  if (pages > 1) {
    put_right(f, FontRole::Body, fmt::format("第 {}/{} 页", page + 1, pages), r.right(), legend_y, theme::kMuted);
  }
  for (int i = 0; i < per_page; ++i) {
    const int index = page * per_page + i;
    if (index >= rows) break;
    const float y = top + static_cast<float>(i) * (row_h + row_gap);
    charts::draw_pipeline_row(f, Rect{r.x, y, r.w, row_h}, pipeline_row(v.rows[static_cast<std::size_t>(index)]));
  }
}

}  // namespace sunlight::display::scenes
