// Pieces every kiosk screen shares: the status line, the header row, the keypad.
#include <string>

#include "kiosk/screens/screens.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace sunlight::kiosk::screens {

namespace theme = ui::theme;

bool landscape(const ui::Frame& f) { return f.width > f.height; }

ui::ButtonStyle complaint_button(ui::FontRole role) {
  // A deep green: a third choice told apart from the red and the blue at a glance.
  return ui::ButtonStyle{theme::rgb(0x1B, 0x5E, 0x20), theme::rgb(0x12, 0x40, 0x16), theme::kOnDark, role, true};
}
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



float status_line_height(const ui::Frame& f) { return 1.6f * f.unit; }

Area content_area(const ui::Frame& f) {
  const float m = theme::kMargin * f.unit;
  return Area{m, m, f.width - 2 * m, f.height - 2 * m - status_line_height(f)};
}

void status_line(ui::Frame& f, const StatusLine& status) {
  const float h = status_line_height(f);
  const ImVec2 a(0, f.height - h);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  // Edge to edge: outside the window's padding, which clips its content.
  ImGui::PushClipRect(ImVec2(0, 0), ImVec2(f.width, f.height), false);
  draw->AddRectFilled(a, ImVec2(f.width, f.height), theme::rgb(0xEF, 0xE9, 0xDD));
  draw->AddLine(a, ImVec2(f.width, a.y), theme::kLine, 0.05f * f.unit);
  const float m = theme::kMargin * f.unit;
  const float text_y = a.y + (h - f.fonts.px(ui::FontRole::Small)) / 2;
  ImGui::SetCursorScreenPos(ImVec2(m, text_y));
  ui::text(f, ui::FontRole::Small, status.name + "  ·  " + status.data_time, theme::kMuted);
  // Online or offline on the right, with a dot a glance can read.
  const std::string word = status.connection;
  const float w = ui::text_size(f, ui::FontRole::Small, word).x;
  const float dot = 0.25f * f.unit;
  const float x = f.width - m - w;
  draw->AddCircleFilled(ImVec2(x - 2.5f * dot, text_y + f.fonts.px(ui::FontRole::Small) / 2), dot,
                        status.online ? theme::rgb(0x1E, 0x8E, 0x3E) : theme::rgb(0xC6, 0x28, 0x28));
  ImGui::SetCursorScreenPos(ImVec2(x, text_y));
  ui::text(f, ui::FontRole::Small, word, status.online ? theme::kGoodText : theme::kErrorText);
  ImGui::PopClipRect();
}

void digits_field(ui::Frame& f, std::string_view digits, float width) {
  const float h = 3.4f * f.unit;
  const ImVec2 a = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(a, ImVec2(a.x + width, a.y + h), theme::kPanel, theme::kRounding * f.unit);
  draw->AddRect(a, ImVec2(a.x + width, a.y + h), theme::kText, theme::kRounding * f.unit, 0, 0.08f * f.unit);
  const float px = f.fonts.px(ui::FontRole::Keypad);
  ImGui::SetCursorScreenPos(ImVec2(a.x, a.y + (h - px) / 2));
  if (!digits.empty()) ui::text_centred(f, ui::FontRole::Keypad, digits, a.x, width);
  ImGui::SetCursorScreenPos(ImVec2(a.x, a.y + h + theme::kGap * f.unit));
}

int header(ui::Frame& f, std::string_view title, std::string_view first, std::string_view second) {
  const Area area = content_area(f);
  const float h = 2.6f * f.unit;
  const float gap = theme::kGap * f.unit;
  const auto button_w = [&](std::string_view label) {
    return label.empty() ? 0.0f : ui::text_size(f, ui::FontRole::Heading, label).x + 1.6f * f.unit;
  };
  const float w1 = button_w(first);
  const float w2 = button_w(second);
  const float buttons = w1 + w2 + (second.empty() ? 0 : gap);
  ImGui::SetCursorScreenPos(ImVec2(area.x, area.y + (h - f.fonts.px(ui::FontRole::Title)) / 2));
  ui::text(f, ui::FontRole::Title, title);
  int tapped = 0;
  float x = area.x + area.w - buttons;
  if (!first.empty()) {
    ImGui::SetCursorScreenPos(ImVec2(x, area.y));
    // Its own ID: a screen may have a button with the same words lower down (two 返回首页), and
    // ImGui tells buttons apart by ID only.
    if (ui::button(f, first, ImVec2(w1, h), ui::ButtonStyle{}, "header-1")) tapped = 1;
    x += w1 + gap;
  }
  if (!second.empty()) {
    ImGui::SetCursorScreenPos(ImVec2(x, area.y));
    if (ui::button(f, second, ImVec2(w2, h), ui::ButtonStyle{}, "header-2")) tapped = 2;
  }
  ImGui::SetCursorScreenPos(ImVec2(area.x, area.y + h + gap));
  return tapped;
}

void keypad(ui::Frame& f, const KeypadView& view, ImVec2 size, bool with_x, const std::function<void(char)>& on_key) {
  const float gap = theme::kGap * f.unit;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float key_w = (size.x - 2 * gap) / 3;
  const float key_h = (size.y - 4 * gap) / 5;
  ui::ButtonStyle digit{theme::kKey, theme::kKeyPressed, theme::kText, ui::FontRole::Keypad, view.enabled};
  ui::ButtonStyle word = digit;
  word.role = ui::FontRole::Heading;
  // The phone layout (1 2 3 on top): what most villagers know from a mobile phone.
  static constexpr const char* kRows[4][3] = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"X", "0", "<"}};
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 3; ++c) {
      const std::string_view key = kRows[r][c];
      ImGui::SetCursorScreenPos(ImVec2(origin.x + static_cast<float>(c) * (key_w + gap),
                                       origin.y + static_cast<float>(r) * (key_h + gap)));
      if (key == "X" && !with_x) continue;
      if (key == "<") {
        if (ui::button(f, view.backspace, ImVec2(key_w, key_h), word, "backspace")) on_key('<');
      } else if (key == "X") {
        if (ui::button(f, view.x, ImVec2(key_w, key_h), digit, "X")) on_key('X');
      } else {
        if (ui::button(f, key, ImVec2(key_w, key_h), digit)) on_key(key[0]);
      }
    }
  }
  const float last_y = origin.y + 4 * (key_h + gap);
  float submit_x = origin.x;
  if (!view.clear.empty()) {
    ImGui::SetCursorScreenPos(ImVec2(origin.x, last_y));
    if (ui::button(f, view.clear, ImVec2(key_w, key_h), word, "clear")) on_key('C');
    submit_x += key_w + gap;
  }
  ImGui::SetCursorScreenPos(ImVec2(submit_x, last_y));
  ui::ButtonStyle submit = ui::primary_button(ui::FontRole::Title);
  submit.enabled = view.enabled;
  if (ui::button(f, view.submit, ImVec2(origin.x + size.x - submit_x, key_h), submit, "submit")) on_key('=');
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + size.y));
}

}  // namespace sunlight::kiosk::screens
