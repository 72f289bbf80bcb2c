// Notices: four tabs (村务 / 财务 / 党务 / 公示) and a list of cards with date, publisher and a flag.
#include "kiosk/screens/screens.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace sunlight::kiosk::screens {

namespace theme = ui::theme;

namespace {

// One notice in the list: a card the whole of which is the target.
bool card(ui::Frame& f, const NoticeRow& row, float width) {
  const float pad = 0.5f * f.unit;
  const float inner = width - 2 * pad;
  const ImVec2 title_size = ui::text_size(f, ui::FontRole::Heading, row.title, inner);
  const float h = pad + title_size.y + 0.25f * f.unit + f.fonts.px(ui::FontRole::Body) * 1.2f + pad;
  const ImVec2 a = ImGui::GetCursorScreenPos();
  bool held = false;
  const bool tapped = ui::touch_area(f, row.title, ImVec2(width, h), &held, std::to_string(row.id));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(a, ImVec2(a.x + width, a.y + h), held ? theme::kKey : theme::kPanel, theme::kRounding * f.unit);
  draw->AddRect(a, ImVec2(a.x + width, a.y + h), theme::kLine, theme::kRounding * f.unit, 0, 0.05f * f.unit);
  ImGui::SetCursorScreenPos(ImVec2(a.x + pad, a.y + pad));
  ui::text(f, ui::FontRole::Heading, row.title, row.retracted ? theme::kMuted : theme::kText, inner);
  ImGui::SetCursorScreenPos(ImVec2(a.x + pad, ImGui::GetCursorScreenPos().y));
  ui::text(f, ui::FontRole::Body, row.date + "   " + row.publisher + "（" + row.level + "）", theme::kMuted);
  if (!row.flag.empty()) {
    const float w = ui::text_size(f, ui::FontRole::Body, row.flag).x;
    const float by = a.y + h - pad - f.fonts.px(ui::FontRole::Body) * 1.1f;
    const ImVec2 b0(a.x + width - pad - w - 0.4f * f.unit, by - 0.1f * f.unit);
    const ImVec2 b1(a.x + width - pad, by + f.fonts.px(ui::FontRole::Body) * 1.1f);
    const bool retracted = row.retracted;
    draw->AddRectFilled(b0, b1, retracted ? theme::kErrorBack : theme::rgb(0xFF, 0xF1, 0xC7), 0.2f * f.unit);
    ImGui::SetCursorScreenPos(ImVec2(b0.x + 0.2f * f.unit, by));
    ui::text(f, ui::FontRole::Body, row.flag, retracted ? theme::kErrorText : theme::kText);
  }
  ImGui::SetCursorScreenPos(ImVec2(a.x, a.y + h + theme::kGap * f.unit));
  ImGui::Dummy(ImVec2(0, 0));
  return tapped;
}

}  // namespace

void notices(ui::Frame& f, KioskModel& model) {
  const NoticesView view = model.notices_view();
  const Area area = content_area(f);
  const float gap = theme::kGap * f.unit;
  if (header(f, view.title, view.home_label) == 1) {
    model.go_home();
    return;
  }
  // Tabs: the selected one filled, the others plain keys.
  const float top = ImGui::GetCursorScreenPos().y;
  const float tab_h = 2.6f * f.unit;
  const auto count = static_cast<float>(view.tabs.size());
  const float tab_w = count > 0 ? (area.w - gap * (count - 1)) / count : area.w;
  for (std::size_t i = 0; i < view.tabs.size(); ++i) {
    const NoticeTabView& tab = view.tabs[i];
    ImGui::SetCursorScreenPos(ImVec2(area.x + static_cast<float>(i) * (tab_w + gap), top));
    const ui::ButtonStyle style = tab.selected ? ui::second_button() : ui::ButtonStyle{};
    if (ui::button(f, tab.label, ImVec2(tab_w, tab_h), style)) model.select_tab(tab.category);
  }
  const float list_top = top + tab_h + gap;
  ImGui::SetCursorScreenPos(ImVec2(area.x, list_top));
  if (view.rows.empty()) {
    ImGui::Dummy(ImVec2(0, 2 * f.unit));
    ui::text_centred(f, ui::FontRole::Heading, view.empty_message, area.x, area.w, theme::kMuted);
    return;
  }
  ui::begin_scroll_area(f, "notice-list", ImVec2(area.w, area.y + area.h - list_top));
  const float inner = ImGui::GetContentRegionAvail().x - 0.8f * f.unit;
  for (const NoticeRow& row : view.rows) {
    if (card(f, row, inner)) model.open_notice(row.id);
  }
  ui::end_scroll_area();
}

void notice_detail(ui::Frame& f, KioskModel& model) {
  const NoticeDetailView view = model.notice_detail_view();
  const NoticeDetail& n = view.notice;
  const Area area = content_area(f);
  const float gap = theme::kGap * f.unit;
  const int tapped = header(f, {}, view.back_label, view.home_label);
  if (tapped == 1) {
    model.back();
    return;
  }
  if (tapped == 2) {
    model.go_home();
    return;
  }
  const float top = ImGui::GetCursorScreenPos().y;
  if (n.gone) {
    ImGui::Dummy(ImVec2(0, 2 * f.unit));
    ui::text_centred(f, ui::FontRole::Heading, n.gone_message, area.x, area.w, theme::kMuted);
    return;
  }
  // 对此有意见 stays in sight at the bottom, however long the notice.
  const float question_h = view.question.empty() ? 0.0f : 2.8f * f.unit;
  const float list_bottom = area.y + area.h - (question_h > 0 ? question_h + gap : 0.0f);
  if (question_h > 0) {
    ImGui::SetCursorScreenPos(ImVec2(area.x, area.y + area.h - question_h));
    if (ui::button(f, view.question, ImVec2(area.w, question_h), complaint_button(), "question")) {
      model.complain_about_notice();
      return;
    }
  }
  ImGui::SetCursorScreenPos(ImVec2(area.x, top));
  ui::begin_scroll_area(f, "notice", ImVec2(area.w, list_bottom - top));
  const float inner = ImGui::GetContentRegionAvail().x - 0.8f * f.unit;
  ui::text(f, ui::FontRole::Title, n.title, n.retracted.empty() ? theme::kText : theme::kMuted, inner);
  ui::text(f, ui::FontRole::Body, n.publisher + "   " + n.published, theme::kMuted, inner);
  if (!n.retracted.empty()) {
    // Retracted notices stay readable, marked, with the reason: history is never silently erased.
    std::string why = n.retracted;
    if (!n.retract_reason.empty()) why += "\n" + n.retract_reason;
    ui::banner(f, why, theme::kErrorBack, theme::kErrorText, ui::FontRole::Heading);
  }
  if (!n.corrected.empty()) ui::banner(f, n.corrected, theme::rgb(0xFF, 0xF1, 0xC7), theme::kText, ui::FontRole::Body);
  ImGui::Dummy(ImVec2(0, gap));
  ui::text(f, ui::FontRole::Body, n.body, theme::kText, inner);
  ImGui::Dummy(ImVec2(0, 2 * f.unit));
  ui::end_scroll_area();
}

}  // namespace sunlight::kiosk::screens
