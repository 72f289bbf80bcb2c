// The kiosk's screens: each draws one view of the KioskModel with ui/ widgets and sends taps back as model actions.
#pragma once

#include <functional>
#include <string_view>

#include <imgui.h>

#include "kiosk/kiosk_model.hpp"
#include "ui/widgets.hpp"
#include "ui/frame.hpp"

namespace sunlight::kiosk::screens {

// One function per screen (each in its own file); UI thread, inside a frame.
void home(ui::Frame& f, KioskModel& model);
void lookup(ui::Frame& f, KioskModel& model);
void statement(ui::Frame& f, KioskModel& model, const LookupView& view, float height);
void notices(ui::Frame& f, KioskModel& model);
void notice_detail(ui::Frame& f, KioskModel& model);
void complaint_menu(ui::Frame& f, KioskModel& model);
void complaint_file(ui::Frame& f, KioskModel& model);
void complaint_progress(ui::Frame& f, KioskModel& model);
void countdown(ui::Frame& f, KioskModel& model);
void admin(ui::Frame& f, KioskModel& model);

// ---- shared pieces (chrome.cpp) ----

// The status line along the bottom: kiosk name, data time, online/offline. Returns its height,
// which screens leave free.
float status_line_height(const ui::Frame& f);
void status_line(ui::Frame& f, const StatusLine& status);

// A screen's top row: its title on the left, up to two buttons on the right (返回列表, 返回首页).
// Returns 1 when the first button was tapped, 2 for the second, 0 otherwise.
int header(ui::Frame& f, std::string_view title, std::string_view first, std::string_view second = {});

// A keypad of 0–9 and X (when `with_x`), 删一位, 清除 and the submit key, filling `size`; `on_key`
// gets '0'..'9', 'X', '<' (删一位), 'C' (清除) or '=' (submit).
void keypad(ui::Frame& f, const KeypadView& view, ImVec2 size, bool with_x, const std::function<void(char)>& on_key);

// A big choice: its name large, and under it one line in plain words of what it is for.
bool tile(ui::Frame& f, std::string_view label, std::string_view hint, ImVec2 size, const ui::ButtonStyle& style);
// The complaints' colour (the home tile, the menu, submit).
[[nodiscard]] ui::ButtonStyle complaint_button(ui::FontRole role = ui::FontRole::Heading);

// The typed digits in a white field, large enough to check one by one (ID, phone, tracking number).
void digits_field(ui::Frame& f, std::string_view digits, float width);

// Where a screen's content may go: the window minus margins and the status line.
struct Area {
  float x = 0, y = 0, w = 0, h = 0;
};
[[nodiscard]] Area content_area(const ui::Frame& f);
[[nodiscard]] bool landscape(const ui::Frame& f);

}  // namespace sunlight::kiosk::screens
