// Shared colours and sizes (see theme.hpp).
#include "ui/theme.hpp"

#include <algorithm>
#include <cmath>

#include <imgui.h>

namespace sunlight::ui::theme {

float base_unit(int width, int height) noexcept {
  const int short_side = std::max(1, std::min(width, height));
  return std::max(12.0f, std::round(static_cast<float>(short_side) / 27.0f));
}

void apply(float unit) {
  ImGuiStyle style;
  ImGui::StyleColorsLight(&style);
  style.WindowPadding = ImVec2(kMargin * unit, kMargin * unit);
  style.FramePadding = ImVec2(0.4f * unit, 0.3f * unit);
  style.ItemSpacing = ImVec2(kGap * unit, kGap * unit);
  style.ItemInnerSpacing = ImVec2(0.3f * unit, 0.3f * unit);
  style.ScrollbarSize = 0.6f * unit;
  style.ScrollbarRounding = 0.3f * unit;
  style.WindowRounding = 0;
  style.ChildRounding = kRounding * unit;
  style.FrameRounding = kRounding * unit;
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 0;
  style.AntiAliasedFill = true;
  style.AntiAliasedLines = true;
  style.TouchExtraPadding = ImVec2(0.25f * unit, 0.25f * unit);  // fingers are wider than a mouse
  const auto c = [](Colour colour) { return ImGui::ColorConvertU32ToFloat4(colour); };
  style.Colors[ImGuiCol_WindowBg] = c(kBackground);
  style.Colors[ImGuiCol_ChildBg] = c(rgb(0, 0, 0, 0));
  style.Colors[ImGuiCol_Text] = c(kText);
  style.Colors[ImGuiCol_ScrollbarBg] = c(rgb(0, 0, 0, 0));
  style.Colors[ImGuiCol_ScrollbarGrab] = c(kLine);
  style.Colors[ImGuiCol_ScrollbarGrabHovered] = c(kLine);
  style.Colors[ImGuiCol_ScrollbarGrabActive] = c(kMuted);
  style.Colors[ImGuiCol_Separator] = c(kLine);
  ImGui::GetStyle() = style;
}

}  // namespace sunlight::ui::theme
