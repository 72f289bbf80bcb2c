// Complaints: the menu, filing one step per screen (reason, phone, confirm, the number) and a complaint's progress with its stars.
#include <cfloat>
#include <cmath>
#include <string>

#include "kiosk/screens/screens.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace sunlight::kiosk::screens {

namespace theme = ui::theme;

namespace {

constexpr theme::Colour kStar = theme::rgb(0xE0, 0x9A, 0x00);  // filled: warm amber, outlined in dark text
constexpr float kPi = 3.14159265f;

// A five-pointed star: a fan of triangles from the centre (the outline is not convex), edged.
void draw_star(ImDrawList* draw, ImVec2 c, float r, bool filled, float line) {
  ImVec2 p[10];
  for (int i = 0; i < 10; ++i) {
    const float radius = i % 2 == 0 ? r : r * 0.45f;
    const float angle = -kPi / 2 + static_cast<float>(i) * kPi / 5;
    p[i] = ImVec2(c.x + radius * std::cos(angle), c.y + radius * std::sin(angle));
  }
  if (filled) {
    // Without anti-aliased fill the fan's triangles meet without seams; the outline smooths the edge.
    const ImDrawListFlags flags = draw->Flags;
    draw->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    for (int i = 0; i < 10; ++i) draw->AddTriangleFilled(c, p[i], p[(i + 1) % 10], kStar);
    draw->Flags = flags;
  }
  draw->AddPolyline(p, 10, theme::kText, ImDrawFlags_Closed, line);
}

void on_key(KioskModel& model, char key) {
  switch (key) {
    case '<': model.key_backspace(); break;
    case 'C': model.key_clear(); break;
    case '=': model.key_submit(); break;
    default: model.key(key); break;
  }
}

// The bottom of a screen: one or two big buttons side by side.
int bottom_buttons(ui::Frame& f, const Area& area, std::string_view first, std::string_view second) {
  const float h = 3.0f * f.unit;
  const float gap = theme::kGap * f.unit;
  const float w = second.empty() ? area.w : (area.w - gap) / 2;
  int tapped = 0;
  ImGui::SetCursorScreenPos(ImVec2(area.x, area.y + area.h - h));
  if (ui::button(f, first, ImVec2(w, h), ui::primary_button(), "bottom-1")) tapped = 1;
  if (!second.empty()) {
    ImGui::SetCursorScreenPos(ImVec2(area.x + w + gap, area.y + area.h - h));
    if (ui::button(f, second, ImVec2(w, h), ui::second_button(), "bottom-2")) tapped = 2;
  }
  return tapped;
}

// A sentence and what to do, large, with nothing else to tap but the way on.
void message_page(ui::Frame& f, const std::string& message, const std::vector<std::string>& help, const Area& area,
                  float top) {
  ImGui::SetCursorScreenPos(ImVec2(area.x, top + 2 * f.unit));
  ui::text(f, ui::FontRole::Title, message, theme::kText, area.w);
  ImGui::Dummy(ImVec2(0, theme::kGap * f.unit));
  for (const auto& line : help) ui::text(f, ui::FontRole::Heading, line, theme::kMuted, area.w);
}

void error_band(ui::Frame& f, const std::string& message, float width) {
  if (message.empty()) return;
  ui::banner(f, message, theme::kErrorBack, theme::kErrorText, ui::FontRole::Heading);
  (void)width;
}

// Prompt, field, a fixed band for the message, then the keypad at the bottom of `area`: the
// keypad never jumps when a message appears. `extra` (跳过) sits between band and keypad.
void keypad_page(ui::Frame& f, KioskModel& model, const std::string& prompt, const std::string& field,
                 const std::string& message, bool error, const KeypadView& keypad_view, const Area& area, float top,
                 std::string_view extra = {}, bool* extra_tapped = nullptr) {
  const float gap = theme::kGap * f.unit;
  // Landscape: number, message and 跳过 on the left, the keypad on the right where the hand is.
  const bool wide = landscape(f);
  const float left_w = wide ? area.w * 0.5f - gap : area.w;
  ImGui::SetCursorScreenPos(ImVec2(area.x, top));
  ui::text(f, ui::FontRole::Heading, prompt, theme::kText, left_w);
  digits_field(f, field, left_w);
  const float band_top = ImGui::GetCursorScreenPos().y;
  if (error) error_band(f, message, left_w);
  else if (!message.empty()) ui::text(f, ui::FontRole::Heading, message, theme::kText, left_w);
  float y = std::max(ImGui::GetCursorScreenPos().y, band_top + 3.4f * f.unit);
  if (!extra.empty()) {
    const float h = 2.6f * f.unit;
    ImGui::SetCursorScreenPos(ImVec2(area.x, y));
    const bool tapped = ui::button(f, extra, ImVec2(left_w, h), ui::ButtonStyle{}, "extra");
    if (extra_tapped) *extra_tapped = tapped;
    y += h + 2 * gap;
  }
  if (wide) {
    ImGui::SetCursorScreenPos(ImVec2(area.x + left_w + 2 * gap, top));
    keypad(f, keypad_view, ImVec2(area.w - left_w - 2 * gap, area.y + area.h - top), false,
           [&](char k) { on_key(model, k); });
    return;
  }
  const float pad_h = std::min(area.y + area.h - y, 5 * 4.0f * f.unit + 4 * gap);
  ImGui::SetCursorScreenPos(ImVec2(area.x, area.y + area.h - pad_h));
  keypad(f, keypad_view, ImVec2(area.w, pad_h), false, [&](char k) { on_key(model, k); });
}

void reason_step(ui::Frame& f, KioskModel& model, const FilingView& view, const Area& area, float top) {
  const float gap = theme::kGap * f.unit;
  if (view.blocked) {
    message_page(f, view.message, view.help, area, top);
    if (bottom_buttons(f, area, view.home_label, {}) == 1) model.go_home();
    return;
  }
  ImGui::SetCursorScreenPos(ImVec2(area.x, top));
  ui::text(f, ui::FontRole::Title, view.prompt, theme::kText, area.w);
  if (!view.about.empty()) ui::text(f, ui::FontRole::Heading, view.about, theme::kMuted, area.w);
  ImGui::Dummy(ImVec2(0, gap));
  const float first = ImGui::GetCursorScreenPos().y;
  // Tall buttons with a clear gap between them: a shaky finger must not land on the next one.
  const auto n = static_cast<float>(view.reasons.size());
  const float space = 2 * gap;
  const float h = std::min((area.y + area.h - first - space * (n - 1)) / n, 4.6f * f.unit);
  for (std::size_t i = 0; i < view.reasons.size(); ++i) {
    ImGui::SetCursorScreenPos(ImVec2(area.x, first + static_cast<float>(i) * (h + space)));
    if (ui::button(f, view.reasons[i].label, ImVec2(area.w, h), complaint_button(ui::FontRole::Title)))
      model.choose_reason(view.reasons[i].reason);
  }
}

void confirm_step(ui::Frame& f, KioskModel& model, const FilingView& view, const Area& area, float top) {
  const float gap = theme::kGap * f.unit;
  ImGui::SetCursorScreenPos(ImVec2(area.x, top));
  ui::text(f, ui::FontRole::Heading, view.prompt, theme::kMuted, area.w);
  ImGui::Dummy(ImVec2(0, gap));
  // What will be sent, on a white card, one fact per line.
  const float pad = 0.8f * f.unit;
  const ImVec2 a = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->ChannelsSplit(2);
  draw->ChannelsSetCurrent(1);
  ImGui::SetCursorScreenPos(ImVec2(a.x + pad, a.y + pad));
  for (const auto& line : view.confirm) {
    ImGui::SetCursorScreenPos(ImVec2(a.x + pad, ImGui::GetCursorScreenPos().y));
    ui::text(f, ui::FontRole::Title, line, theme::kText, area.w - 2 * pad);
    ImGui::Dummy(ImVec2(0, 0.3f * f.unit));
  }
  const float bottom = ImGui::GetCursorScreenPos().y + pad;
  draw->ChannelsSetCurrent(0);
  draw->AddRectFilled(a, ImVec2(a.x + area.w, bottom), theme::kPanel, theme::kRounding * f.unit);
  draw->AddRect(a, ImVec2(a.x + area.w, bottom), theme::kLine, theme::kRounding * f.unit, 0, 0.05f * f.unit);
  draw->ChannelsMerge();
  ImGui::SetCursorScreenPos(ImVec2(area.x, bottom + gap));
  if (!view.message.empty()) ui::text(f, ui::FontRole::Heading, view.message, theme::kText, area.w);

  const float h = 4.0f * f.unit;
  ImGui::SetCursorScreenPos(ImVec2(area.x, area.y + area.h - h));
  ui::ButtonStyle submit = complaint_button(ui::FontRole::Title);
  submit.enabled = view.step == FilingFlow::Step::Confirm;
  if (ui::button(f, view.submit_label, ImVec2(area.w, h), submit, "submit")) model.submit_complaint();
}

void filed_step(ui::Frame& f, KioskModel& model, const FilingView& view, const Area& area, float top) {
  const float gap = theme::kGap * f.unit;
  ImGui::SetCursorScreenPos(ImVec2(area.x, top + gap));
  ui::text_centred(f, ui::FontRole::Heading, view.number_label, area.x, area.w, theme::kMuted);
  // The number itself as large as the screen allows, on white with a heavy edge: it is what the
  // villager writes down.
  const float box_h = 5.4f * f.unit;
  const ImVec2 a = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(ImVec2(area.x, a.y), ImVec2(area.x + area.w, a.y + box_h), theme::kPanel, theme::kRounding * f.unit);
  draw->AddRect(ImVec2(area.x, a.y), ImVec2(area.x + area.w, a.y + box_h), theme::kText, theme::kRounding * f.unit, 0,
                0.12f * f.unit);
  {
    // Half as large again as the keypad's digits, the groups set wider apart: 0007  00042  3.
    std::string spaced;
    for (const char c : view.number) spaced += c == ' ' ? std::string("  ") : std::string(1, c);
    ImFont* font = f.fonts.font(ui::FontRole::Keypad);
    f.fonts.check(ui::FontRole::Keypad, spaced);
    const float size = font->FontSize * 1.5f;
    const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0, spaced.c_str());
    draw->AddText(font, size, ImVec2(area.x + (area.w - ts.x) / 2, a.y + (box_h - ts.y) / 2), theme::kText, spaced.c_str());
  }
  ImGui::SetCursorScreenPos(ImVec2(area.x, a.y + box_h + 2 * gap));
  ui::text(f, ui::FontRole::Title, view.remember, theme::kText, area.w);
  if (!view.offline_note.empty()) {
    ImGui::Dummy(ImVec2(0, gap));
    ui::banner(f, view.offline_note, theme::kWarning, theme::kText, ui::FontRole::Heading);
  }
  if (bottom_buttons(f, area, view.home_label, {}) == 1) model.go_home();
}

// Five stars across the width, each with what it means under it; a tap chooses it.
void star_row(ui::Frame& f, KioskModel& model, const ProgressView& view, float x, float y, float width, bool tappable) {
  const float gap = theme::kGap * f.unit;
  const float w = (width - 4 * gap) / 5;
  const float star_h = std::min(w, 3.0f * f.unit);
  const float word_h = f.fonts.px(ui::FontRole::Body) * 1.3f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < view.stars.size(); ++i) {
    const StarView& star = view.stars[i];
    const float sx = x + static_cast<float>(i) * (w + gap);
    ImGui::SetCursorScreenPos(ImVec2(sx, y));
    bool held = false;
    const bool tapped = tappable && ui::touch_area(f, star.label, ImVec2(w, star_h + word_h), &held);
    if (held) draw->AddRectFilled(ImVec2(sx, y), ImVec2(sx + w, y + star_h + word_h), theme::kKey, theme::kRounding * f.unit);
    draw_star(draw, ImVec2(sx + w / 2, y + star_h / 2), star_h * 0.46f, star.filled, 0.07f * f.unit);
    ImGui::SetCursorScreenPos(ImVec2(sx, y + star_h));
    ui::text_centred(f, ui::FontRole::Body, star.word, sx, w, theme::kMuted);
    if (tapped) model.choose_stars(static_cast<int>(i) + 1);
  }
  ImGui::SetCursorScreenPos(ImVec2(x, y + star_h + word_h));
}

// How tall the rating block at the bottom is, so the reply above can have the rest.
float rating_height(ui::Frame& f, const ProgressView& view) {
  if (view.stars.empty() && view.rating_message.empty()) return 0;
  float h = 0.5f * f.unit;
  if (!view.rate_prompt.empty()) h += f.fonts.px(ui::FontRole::Heading) * 1.3f;
  if (!view.stars.empty()) h += 3.0f * f.unit + f.fonts.px(ui::FontRole::Body) * 1.3f + 0.5f * f.unit;
  if (!view.rate_submit.empty()) h += 2.8f * f.unit + 0.5f * f.unit;
  if (!view.rating_message.empty()) h += f.fonts.px(ui::FontRole::Title) * 1.4f;
  return h;
}

void shown_step(ui::Frame& f, KioskModel& model, const ProgressView& view, const Area& area, float top) {
  const float gap = theme::kGap * f.unit;
  const float buttons_h = 3.0f * f.unit;
  const float rating_h = rating_height(f, view);
  const float scroll_h = area.y + area.h - buttons_h - gap - rating_h - top;

  ImGui::SetCursorScreenPos(ImVec2(area.x, top));
  ui::begin_scroll_area(f, "progress", ImVec2(area.w, scroll_h));
  const float inner = ImGui::GetContentRegionAvail().x - 0.8f * f.unit;
  ui::text(f, ui::FontRole::Heading, view.number, theme::kMuted, inner);
  ui::text(f, ui::FontRole::Title, view.state, theme::kSecond, inner);
  for (const auto& fact : view.facts) ui::text(f, ui::FontRole::Heading, fact, theme::kText, inner);
  if (!view.overdue.empty()) ui::banner(f, view.overdue, theme::kErrorBack, theme::kErrorText, ui::FontRole::Heading);
  ImGui::Dummy(ImVec2(0, gap));
  if (!view.reply.empty()) {
    ui::text(f, ui::FontRole::Heading, view.reply_heading, theme::kMuted, inner);
    ui::text(f, ui::FontRole::Title, view.reply, theme::kText, inner);
    ui::text(f, ui::FontRole::Body, view.reply_by, theme::kMuted, inner);
  }
  if (!view.no_reply.empty()) ui::text(f, ui::FontRole::Title, view.no_reply, theme::kText, inner);
  ImGui::Dummy(ImVec2(0, gap));
  ui::end_scroll_area();

  if (rating_h > 0) {
    float y = area.y + area.h - buttons_h - gap - rating_h;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddLine(ImVec2(area.x, y), ImVec2(area.x + area.w, y), theme::kLine, 0.05f * f.unit);
    ImGui::SetCursorScreenPos(ImVec2(area.x, y + 0.5f * f.unit));
    if (!view.rate_prompt.empty()) ui::text(f, ui::FontRole::Heading, view.rate_prompt, theme::kText, area.w);
    if (!view.stars.empty()) {
      star_row(f, model, view, area.x, ImGui::GetCursorScreenPos().y, area.w, view.can_rate);
      ImGui::Dummy(ImVec2(0, 0.5f * f.unit));
    }
    if (!view.rate_submit.empty()) {
      ImGui::SetCursorScreenPos(ImVec2(area.x, ImGui::GetCursorScreenPos().y));
      ui::ButtonStyle submit = complaint_button(ui::FontRole::Title);
      submit.enabled = view.rate_enabled;
      if (ui::button(f, view.rate_submit, ImVec2(area.w, 2.8f * f.unit), submit, "rate")) model.submit_rating();
      ImGui::Dummy(ImVec2(0, 0.5f * f.unit));
    }
    if (!view.rating_message.empty()) {
      ImGui::SetCursorScreenPos(ImVec2(area.x, ImGui::GetCursorScreenPos().y));
      ui::text_centred(f, view.rating_ok ? ui::FontRole::Title : ui::FontRole::Heading, view.rating_message, area.x,
                       area.w, view.rating_ok ? theme::kGoodText : theme::kErrorText);
    }
  }
  const int tapped = bottom_buttons(f, area, view.again_label, view.home_label);
  if (tapped == 1) model.another_number();
  if (tapped == 2) model.go_home();
}

}  // namespace

void complaint_menu(ui::Frame& f, KioskModel& model) {
  const ComplaintMenuView view = model.complaint_menu_view();
  const Area area = content_area(f);
  const float gap = theme::kGap * f.unit;
  if (header(f, view.title, view.home_label) == 1) {
    model.go_home();
    return;
  }
  const float top = ImGui::GetCursorScreenPos().y;
  const float space = area.y + area.h - top;
  const bool wide = landscape(f);
  const ImVec2 size = wide ? ImVec2((area.w - 2 * gap) / 2, std::min(space, 9.0f * f.unit))
                           : ImVec2(area.w, std::min((space - 2 * gap) / 2, 8.0f * f.unit));
  const float tiles_h = wide ? size.y : 2 * size.y + 2 * gap;
  const float y = top + std::max(0.0f, (space - tiles_h) / 2);
  ImGui::SetCursorScreenPos(ImVec2(area.x, y));
  if (tile(f, view.file_tile, view.file_hint, size, complaint_button())) {
    model.open_filing();
    return;
  }
  ImGui::SetCursorScreenPos(wide ? ImVec2(area.x + size.x + 2 * gap, y) : ImVec2(area.x, y + size.y + 2 * gap));
  if (tile(f, view.progress_tile, view.progress_hint, size, ui::second_button())) model.open_progress();
}

void complaint_file(ui::Frame& f, KioskModel& model) {
  using Step = FilingFlow::Step;
  const FilingView view = model.filing_view();
  const Area area = content_area(f);
  const int tapped = header(f, view.title, view.back_label.empty() ? view.home_label : view.back_label,
                            view.back_label.empty() ? std::string_view{} : std::string_view(view.home_label));
  if (tapped == 1 && !view.back_label.empty()) {
    model.back();
    return;
  }
  if (tapped == 1 || tapped == 2) {
    model.go_home();
    return;
  }
  const float top = ImGui::GetCursorScreenPos().y;
  switch (view.step) {
    case Step::Reason: reason_step(f, model, view, area, top); break;
    case Step::Phone: {
      bool skip = false;
      keypad_page(f, model, view.prompt, view.field, view.message, true, view.keypad, area, top, view.skip_label, &skip);
      if (skip) model.skip_phone();
      break;
    }
    case Step::Confirm:
    case Step::Filing: confirm_step(f, model, view, area, top); break;
    case Step::Filed: filed_step(f, model, view, area, top); break;
    case Step::Refused:
      message_page(f, view.message, view.help, area, top);
      if (bottom_buttons(f, area, view.home_label, {}) == 1) model.go_home();
      break;
  }
}

void complaint_progress(ui::Frame& f, KioskModel& model) {
  using Step = ProgressFlow::Step;
  const ProgressView view = model.progress_view();
  const Area area = content_area(f);
  const bool entering = view.show_keypad;
  const int tapped = header(f, view.title, entering ? view.back_label : view.home_label,
                            entering ? std::string_view(view.home_label) : std::string_view{});
  if (tapped == 1 && entering) {
    model.back();
    return;
  }
  if (tapped != 0) {
    model.go_home();
    return;
  }
  const float top = ImGui::GetCursorScreenPos().y;
  if (view.step == Step::Shown) {
    shown_step(f, model, view, area, top);
  } else if (entering) {
    keypad_page(f, model, view.prompt, view.field, view.message, view.step == Step::Invalid, view.keypad, area, top);
  } else {
    message_page(f, view.message, view.help, area, top);
    const int bottom = bottom_buttons(f, area, view.again_label, view.home_label);
    if (bottom == 1) model.another_number();
    if (bottom == 2) model.go_home();
  }
}

}  // namespace sunlight::kiosk::screens
