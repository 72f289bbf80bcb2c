// Home: the village's name, the date and time, two big tiles, data freshness, large text and language.
#include "kiosk/screens/screens.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace sunlight::kiosk::screens {

namespace theme = ui::theme;


void home(ui::Frame& f, KioskModel& model) {
  const HomeView view = model.home_view();
  const Area area = content_area(f);
  const float gap = theme::kGap * f.unit;

  ImGui::SetCursorScreenPos(ImVec2(area.x, area.y));
  ui::text(f, ui::FontRole::Title, view.village, theme::kText, area.w);
  ui::text(f, ui::FontRole::Heading, view.date + "  " + view.time, theme::kMuted, area.w);
  ImGui::Dummy(ImVec2(0, gap));
  if (!view.offline_banner.empty()) {
    ui::banner(f, view.offline_banner, theme::kWarning, theme::kText, ui::FontRole::Heading);
    ImGui::Dummy(ImVec2(0, gap));
  }

  // The three choices fill the middle: as large as the screen allows, one above the other on a
  // portrait screen, side by side on a landscape one.
  const float bottom_row = 2.6f * f.unit;
  const float top = ImGui::GetCursorScreenPos().y;
  const float freshness_h = 1.6f * f.unit;
  const float space = area.y + area.h - top - bottom_row - freshness_h - 2 * gap;
  const bool wide = landscape(f);
  const ImVec2 size = wide ? ImVec2((area.w - gap * 4) / 3, std::min(space, 9.0f * f.unit))
                           : ImVec2(area.w, std::min((space - gap * 4) / 3, 7.0f * f.unit));
  const float tiles_h = wide ? size.y : 3 * size.y + 4 * gap;
  float y = top + std::max(0.0f, (space - tiles_h) / 2);
  const auto place = [&](int i) {
    const auto n = static_cast<float>(i);
    ImGui::SetCursorScreenPos(wide ? ImVec2(area.x + n * (size.x + 2 * gap), y) : ImVec2(area.x, y + n * (size.y + 2 * gap)));
  };
  place(0);
  if (tile(f, view.lookup_tile, view.lookup_hint, size, ui::primary_button())) model.open_lookup();
  place(1);
  if (tile(f, view.notices_tile, view.notices_hint, size, ui::second_button())) model.open_notices();
  place(2);
  if (tile(f, view.complaints_tile, view.complaints_hint, size, complaint_button())) model.open_complaints();

  y = area.y + area.h - bottom_row - freshness_h - gap;
  ImGui::SetCursorScreenPos(ImVec2(area.x, y));
  ui::text_centred(f, ui::FontRole::Body, view.freshness, area.x, area.w, theme::kMuted);

  // Large text and language: plain keys at the bottom, out of the way of the two choices.
  const float key_w = std::min(area.w / 2 - gap, 8.0f * f.unit);
  ImGui::SetCursorScreenPos(ImVec2(area.x, area.y + area.h - bottom_row));
  if (ui::button(f, view.large_text_label, ImVec2(key_w, bottom_row), ui::ButtonStyle{})) model.toggle_large_text();
  ImGui::SetCursorScreenPos(ImVec2(area.x + area.w - key_w, area.y + area.h - bottom_row));
  if (ui::button(f, view.language_label, ImVec2(key_w, bottom_row), ui::ButtonStyle{})) model.toggle_language();

  // The administrator's hidden target: the top-left corner, no label, nothing drawn. It lies in
  // the window's padding, which clips (and so would make it untouchable) unless lifted here.
  ImGui::PushClipRect(ImVec2(0, 0), ImVec2(f.width, f.height), false);
  ImGui::SetCursorScreenPos(ImVec2(0, 0));
  if (ImGui::InvisibleButton("##corner", ImVec2(1.5f * f.unit, 1.5f * f.unit))) model.corner_tap();
  ImGui::PopClipRect();
}

}  // namespace sunlight::kiosk::screens
