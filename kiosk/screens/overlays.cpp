// Overlays above any screen: the idle countdown before going home, and the administrator's PIN pad.
#include "kiosk/screens/screens.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace sunlight::kiosk::screens {

namespace theme = ui::theme;

namespace {

// A modal panel: the screen below is shaded and takes no taps.
void begin_overlay(ui::Frame& f, const char* id, ImVec2 panel) {
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(f.width, f.height));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, theme::kShade);
  ImGui::Begin(id, nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleColor();
  ImGui::SetWindowFocus();
  const ImVec2 a((f.width - panel.x) / 2, (f.height - panel.y) / 2);
  ImGui::GetWindowDrawList()->AddRectFilled(a, ImVec2(a.x + panel.x, a.y + panel.y), theme::kBackground,
                                            theme::kRounding * f.unit);
  ImGui::SetCursorScreenPos(ImVec2(a.x + f.unit, a.y + f.unit));
}

}  // namespace

void countdown(ui::Frame& f, KioskModel& model) {
  const CountdownView view = model.countdown_view();
  if (!view.active) return;
  const ImVec2 panel(std::min(f.width - 2 * f.unit, 22.0f * f.unit), 12.0f * f.unit);
  begin_overlay(f, "countdown", panel);
  const float x = (f.width - panel.x) / 2;
  const float y = (f.height - panel.y) / 2;
  ImGui::SetCursorScreenPos(ImVec2(x, y + f.unit));
  ui::text_centred(f, ui::FontRole::Keypad, std::to_string(view.seconds), x, panel.x, theme::kPrimary);
  ui::text_centred(f, ui::FontRole::Heading, view.message, x, panel.x);
  ImGui::SetCursorScreenPos(ImVec2(x + f.unit, y + panel.y - 4.0f * f.unit));
  // Any touch already dismissed it (KioskModel::touch); the button says so in words.
  (void)ui::button(f, view.continue_label, ImVec2(panel.x - 2 * f.unit, 3.0f * f.unit), ui::primary_button());
  ImGui::End();
}

void admin(ui::Frame& f, KioskModel& model) {
  const AdminView view = model.admin_view();
  if (!view.active) return;
  const ImVec2 panel(std::min(f.width - 2 * f.unit, 20.0f * f.unit), std::min(f.height - 2 * f.unit, 26.0f * f.unit));
  begin_overlay(f, "admin", panel);
  const float x = (f.width - panel.x) / 2;
  const float y = (f.height - panel.y) / 2;
  const float inner = panel.x - 2 * f.unit;
  ui::text(f, ui::FontRole::Title, view.title);
  ImGui::SetCursorScreenPos(ImVec2(x + f.unit, ImGui::GetCursorScreenPos().y));
  ui::text(f, ui::FontRole::Body, view.message, theme::kMuted, inner);
  ImGui::SetCursorScreenPos(ImVec2(x + f.unit, ImGui::GetCursorScreenPos().y));
  ui::text(f, ui::FontRole::Keypad, view.dots.empty() ? " " : view.dots);
  const float pad_top = ImGui::GetCursorScreenPos().y;
  const float cancel_h = 2.6f * f.unit;
  const float pad_h = y + panel.y - f.unit - cancel_h - theme::kGap * f.unit - pad_top;
  ImGui::SetCursorScreenPos(ImVec2(x + f.unit, pad_top));
  keypad(f, view.keypad, ImVec2(inner, pad_h), false, [&](char k) {
    if (k == '<') model.admin_backspace();
    else if (k == '=') model.admin_submit();
    else if (k == 'C') model.admin_cancel();
    else model.admin_key(k);
  });
  ImGui::SetCursorScreenPos(ImVec2(x + f.unit, y + panel.y - f.unit - cancel_h));
  if (ui::button(f, view.cancel_label, ImVec2(inner, cancel_h), ui::ButtonStyle{})) model.admin_cancel();
  ImGui::End();
}

}  // namespace sunlight::kiosk::screens
