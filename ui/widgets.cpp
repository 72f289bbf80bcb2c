// Touch widgets sized in font units (see widgets.hpp).
#include "ui/widgets.hpp"

#include <algorithm>
#include <string>

#include <imgui_internal.h>

#include "ui/hit_registry.hpp"
#include "ui/text_wrap.hpp"
#include "ui/touch.hpp"

namespace sunlight::ui {

namespace {

const char* begin_of(std::string_view s) { return s.data(); }
const char* end_of(std::string_view s) { return s.data() + s.size(); }

std::vector<std::string_view> lines_of(ImFont* font, std::string_view s, float wrap) {
  if (wrap <= 0) return wrap_text(s, FLT_MAX, [](std::uint32_t) { return 0.0f; });
  return wrap_text(s, wrap, [font](std::uint32_t cp) {
    return cp > 0xFFFF ? font->FallbackAdvanceX : font->GetCharAdvance(static_cast<ImWchar>(cp));
  });
}

ImVec2 measure(ImFont* font, const std::vector<std::string_view>& lines) {
  float w = 0;
  for (auto line : lines) w = std::max(w, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, begin_of(line), end_of(line)).x);
  return ImVec2(w, font->FontSize * static_cast<float>(lines.size()));
}

}  // namespace

ButtonStyle primary_button(FontRole role) {
  return ButtonStyle{theme::kPrimary, theme::kPrimaryPressed, theme::kOnDark, role, true};
}

ButtonStyle second_button(FontRole role) {
  return ButtonStyle{theme::kSecond, theme::kSecondPressed, theme::kOnDark, role, true};
}

void begin_screen(Frame& f, const char* id, theme::Colour background) {
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(f.width, f.height));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, background);
  ImGui::Begin(id, nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleColor();
}

void end_screen() { ImGui::End(); }

ImVec2 text_size(Frame& f, FontRole role, std::string_view s, float wrap) {
  ImFont* font = f.fonts.font(role);
  return measure(font, lines_of(font, s, wrap));
}

bool touch_area(Frame& f, std::string_view label, ImVec2 size, bool* held, std::string_view id) {
  const std::string imgui_id = std::string(id.empty() ? label : id);
  ImGui::PushID(imgui_id.c_str());
  const bool clicked = ImGui::InvisibleButton("##b", ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f)));
  if (held) *held = ImGui::IsItemActive();
  const ImVec2 a = ImGui::GetItemRectMin();
  const ImVec2 b = ImGui::GetItemRectMax();
  ImGui::PopID();
  // Only the part a finger can reach counts for a script: not what a scroll area has hidden.
  const ImRect clip = ImGui::GetCurrentWindow()->ClipRect;
  f.hits.add(label, std::max(a.x, clip.Min.x), std::max(a.y, clip.Min.y), std::min(b.x, clip.Max.x),
             std::min(b.y, clip.Max.y));
  return clicked;
}

bool button(Frame& f, std::string_view label, ImVec2 size, const ButtonStyle& style, std::string_view id) {
  f.fonts.check(style.role, label);
  bool held = false;
  bool clicked = false;
  if (style.enabled) {
    clicked = touch_area(f, label, size, &held, id);
  } else {
    ImGui::Dummy(size);  // a disabled button is not a target at all
  }
  const ImVec2 a = ImGui::GetItemRectMin();
  const ImVec2 b = ImGui::GetItemRectMax();

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float rounding = theme::kRounding * f.unit;
  theme::Colour fill = held ? style.pressed : style.fill;
  theme::Colour ink = style.text;
  if (!style.enabled) {
    fill = theme::rgb(0xE4, 0xE0, 0xD8);
    ink = theme::rgb(0x6B, 0x66, 0x60);
  }
  draw->AddRectFilled(a, b, fill, rounding);
  ImFont* font = f.fonts.font(style.role);
  const float pad = 0.4f * f.unit;
  const float wrap = size.x - 2 * pad;
  const auto lines = lines_of(font, label, wrap);
  const ImVec2 ts = measure(font, lines);
  float y = a.y + (size.y - ts.y) / 2;
  for (auto line : lines) {
    const float w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, begin_of(line), end_of(line)).x;
    draw->AddText(font, font->FontSize, ImVec2(a.x + (size.x - w) / 2, y), ink, begin_of(line), end_of(line));
    y += font->FontSize;
  }
  return clicked;
}

void text(Frame& f, FontRole role, std::string_view s, theme::Colour colour, float wrap) {
  f.fonts.check(role, s);
  ImFont* font = f.fonts.font(role);
  ImGui::PushFont(font);
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  // Chinese reads easier with air between lines.
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0.2f * font->FontSize));
  const float x = ImGui::GetCursorPosX();
  const auto lines = lines_of(font, s, wrap);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    ImGui::SetCursorPosX(x);
    ImGui::TextUnformatted(begin_of(lines[i]), end_of(lines[i]));
  }
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

void text_centred(Frame& f, FontRole role, std::string_view s, float x, float width, theme::Colour colour) {
  f.fonts.check(role, s);
  ImFont* font = f.fonts.font(role);
  for (const auto line : lines_of(font, s, width)) {
    const float w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, begin_of(line), end_of(line)).x;
    ImGui::SetCursorScreenPos(ImVec2(x + std::max(0.0f, (width - w) / 2), ImGui::GetCursorScreenPos().y));
    text(f, role, line, colour);
  }
}

void banner(Frame& f, std::string_view s, theme::Colour fill, theme::Colour colour, FontRole role) {
  const float width = ImGui::GetContentRegionAvail().x;
  const float pad = 0.4f * f.unit;
  const ImVec2 ts = text_size(f, role, s, width - 2 * pad);
  const ImVec2 a = ImGui::GetCursorScreenPos();
  const ImVec2 b(a.x + width, a.y + ts.y + 2 * pad);
  ImGui::GetWindowDrawList()->AddRectFilled(a, b, fill, theme::kRounding * f.unit);
  ImGui::SetCursorScreenPos(ImVec2(a.x + pad, a.y + pad));
  text(f, role, s, colour, width - 2 * pad);
  ImGui::SetCursorScreenPos(ImVec2(a.x, b.y));
  ImGui::Dummy(ImVec2(width, 0));
}

void begin_scroll_area(Frame& f, const char* id, ImVec2 size) {
  ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, 0.6f * f.unit);
  ImGui::BeginChild(id, size, false, ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar();
  const ImVec2 a = ImGui::GetWindowPos();
  const ImVec2 s = ImGui::GetWindowSize();
  const auto origin = f.touch.scroll_origin();
  if (origin && origin->first >= a.x && origin->first < a.x + s.x && origin->second >= a.y && origin->second < a.y + s.y) {
    const float dy = f.touch.take_scroll();
    if (dy != 0) ImGui::SetScrollY(std::clamp(ImGui::GetScrollY() + dy, 0.0f, ImGui::GetScrollMaxY()));
  }
}

void end_scroll_area() { ImGui::EndChild(); }

}  // namespace sunlight::ui
