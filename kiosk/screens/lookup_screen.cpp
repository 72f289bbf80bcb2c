// Lookup: the ID typed on a big keypad in 6-8-4 groups, a plain message, then the result or what to do.
#include "kiosk/screens/screens.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace sunlight::kiosk::screens {

namespace theme = ui::theme;
using State = LookupFlow::State;

namespace {

void message(ui::Frame& f, const LookupView& view, float width) {
  if (view.message.empty()) return;
  const bool error = view.state == State::Invalid || view.state == State::Paused;
  if (error) {
    ui::banner(f, view.message, theme::kErrorBack, theme::kErrorText, ui::FontRole::Heading);
  } else {
    ui::text(f, ui::FontRole::Heading, view.message, theme::kText, width);
  }
  for (const auto& line : view.help) ui::text(f, ui::FontRole::Body, line, theme::kMuted, width);
}

void on_key(KioskModel& model, char key) {
  switch (key) {
    case '<': model.key_backspace(); break;
    case 'C': model.key_clear(); break;
    case '=': model.key_submit(); break;
    default: model.key(key); break;
  }
}

void entry(ui::Frame& f, KioskModel& model, const LookupView& view, const Area& area, float top) {
  const float gap = theme::kGap * f.unit;
  if (landscape(f)) {
    // Number and message on the left, the keypad on the right where the hand is.
    const float left_w = area.w * 0.5f - gap;
    ImGui::SetCursorScreenPos(ImVec2(area.x, top));
    ui::text(f, ui::FontRole::Heading, view.prompt, theme::kText, left_w);
    digits_field(f, view.field, left_w);
    message(f, view, left_w);
    const float pad_w = area.w - left_w - 2 * gap;
    ImGui::SetCursorScreenPos(ImVec2(area.x + left_w + 2 * gap, top));
    keypad(f, view.keypad, ImVec2(pad_w, area.y + area.h - top), true, [&](char k) { on_key(model, k); });
    return;
  }
  ImGui::SetCursorScreenPos(ImVec2(area.x, top));
  ui::text(f, ui::FontRole::Heading, view.prompt, theme::kText, area.w);
  digits_field(f, view.field, area.w);
  // The message gets a fixed band so the keypad does not jump when one appears.
  const float band = 4.6f * f.unit;
  const float message_top = ImGui::GetCursorScreenPos().y;
  message(f, view, area.w);
  const float pad_top = std::max(ImGui::GetCursorScreenPos().y, message_top + band);
  const float pad_h = std::min(area.y + area.h - pad_top, 5 * 4.0f * f.unit + 4 * gap);
  ImGui::SetCursorScreenPos(ImVec2(area.x, area.y + area.h - pad_h));
  keypad(f, view.keypad, ImVec2(area.w, pad_h), true, [&](char k) { on_key(model, k); });
}

// Not found, not ready, damaged: the sentence, what to do, and two ways on.
void outcome(ui::Frame& f, KioskModel& model, const LookupView& view, const Area& area, float top) {
  ImGui::SetCursorScreenPos(ImVec2(area.x, top + theme::kGap * f.unit));
  if (!view.field.empty()) {
    ui::text(f, ui::FontRole::Keypad, view.field, theme::kMuted, area.w);
  }
  ui::text(f, ui::FontRole::Title, view.message, theme::kText, area.w);
  ImGui::Dummy(ImVec2(0, theme::kGap * f.unit));
  for (const auto& line : view.help) ui::text(f, ui::FontRole::Heading, line, theme::kText, area.w);
  const float h = 3.0f * f.unit;
  const float w = (area.w - theme::kGap * f.unit) / 2;
  ImGui::SetCursorScreenPos(ImVec2(area.x, area.y + area.h - h));
  if (ui::button(f, view.again_label, ImVec2(w, h), ui::primary_button(), "bottom-again")) model.new_lookup();
  ImGui::SetCursorScreenPos(ImVec2(area.x + w + theme::kGap * f.unit, area.y + area.h - h));
  if (ui::button(f, view.home_label, ImVec2(w, h), ui::second_button(), "bottom-home")) model.go_home();
}

}  // namespace

void lookup(ui::Frame& f, KioskModel& model) {
  const LookupView view = model.lookup_view();
  const Area area = content_area(f);
  if (header(f, view.title, view.home_label) == 1) {
    model.go_home();
    return;
  }
  const float top = ImGui::GetCursorScreenPos().y;
  const Area rest{area.x, top, area.w, area.y + area.h - top};
  if (view.state == State::Found && view.result) {
    ImGui::SetCursorScreenPos(ImVec2(area.x, top));
    statement(f, model, view, rest.h);
  } else if (view.show_keypad) {
    entry(f, model, view, area, top);
  } else {
    outcome(f, model, view, area, top);
  }
}

}  // namespace sunlight::kiosk::screens
