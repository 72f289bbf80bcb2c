// Home: the village's name, the date and time, two big tiles, data freshness, large text and language.
#include "kiosk/screens/screens.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace sunlight::kiosk::screens {

namespace theme = ui::theme;

namespace {

// A big choice: its name large, and under it one line in plain words of what it is for.
bool tile(ui::Frame& f, std::string_view label, std::string_view hint, ImVec2 size, const ui::ButtonStyle& style) {
  const ImVec2 a = ImGui::GetCursorScreenPos();
  bool held = false;
  const bool tapped = ui::touch_area(f, label, size, &held);
  ImGui::GetWindowDrawList()->AddRectFilled(a, ImVec2(a.x + size.x, a.y + size.y), held ? style.pressed : style.fill,
                                            theme::kRounding * f.unit);
  const float pad = f.unit;
  const float label_h = ui::text_size(f, ui::FontRole::Title, label, size.x - 2 * pad).y;
  float hint_h = ui::text_size(f, ui::FontRole::Body, hint, size.x - 2 * pad).y + 0.5f * f.unit;
  // A short tile (landscape, large type, a banner above) keeps its name and drops the hint.
  if (label_h + hint_h > size.y - 0.5f * f.unit) hint_h = 0;
  const float top = a.y + (size.y - label_h - hint_h) / 2;
  ImGui::SetCursorScreenPos(ImVec2(a.x, top));
  ui::text_centred(f, ui::FontRole::Title, label, a.x + pad, size.x - 2 * pad, style.text);
  if (hint_h > 0) {
    ImGui::SetCursorScreenPos(ImVec2(a.x, top + label_h + 0.5f * f.unit));
    ui::text_centred(f, ui::FontRole::Body, hint, a.x + pad, size.x - 2 * pad, style.text);
  }
  ImGui::SetCursorScreenPos(ImVec2(a.x, a.y + size.y));
  return tapped;
}

}  // namespace

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

  // The two choices fill the middle: as large as the screen allows, one above the other on a
  // portrait screen, side by side on a landscape one.
  const float bottom_row = 2.6f * f.unit;
  const float top = ImGui::GetCursorScreenPos().y;
  const float freshness_h = 1.6f * f.unit;
  const float space = area.y + area.h - top - bottom_row - freshness_h - 2 * gap;
  const bool wide = landscape(f);
  const ImVec2 size = wide ? ImVec2((area.w - gap * 2) / 2, std::min(space, 9.0f * f.unit))
                           : ImVec2(area.w, std::min((space - gap * 2) / 2, 8.0f * f.unit));
  const float tiles_h = wide ? size.y : 2 * size.y + 2 * gap;
  float y = top + std::max(0.0f, (space - tiles_h) / 2);
  ImGui::SetCursorScreenPos(ImVec2(area.x, y));
  if (tile(f, view.lookup_tile, view.lookup_hint, size, ui::primary_button())) model.open_lookup();
  if (wide) {
    ImGui::SetCursorScreenPos(ImVec2(area.x + size.x + 2 * gap, y));
  } else {
    ImGui::SetCursorScreenPos(ImVec2(area.x, y + size.y + 2 * gap));
  }
  if (tile(f, view.notices_tile, view.notices_hint, size, ui::second_button())) model.open_notices();

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
