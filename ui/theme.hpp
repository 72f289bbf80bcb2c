// Colours and sizes every terminal screen shares: high contrast, warm, sized in font units.
#pragma once

#include <cstdint>

namespace sunlight::ui::theme {

using Colour = std::uint32_t;  // ImU32: 0xAABBGGRR

constexpr Colour rgb(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a = 255) {
  return static_cast<Colour>(a) << 24 | static_cast<Colour>(b) << 16 | static_cast<Colour>(g) << 8 | r;
}

// Dark text on a warm paper background reads best for older eyes in a bright hall; every pair
// below has a contrast ratio of at least 7:1 (WCAG AAA for body text).
inline constexpr Colour kBackground = rgb(0xFB, 0xF7, 0xEE);
inline constexpr Colour kPanel = rgb(0xFF, 0xFF, 0xFF);
inline constexpr Colour kText = rgb(0x1A, 0x1A, 0x1A);
inline constexpr Colour kMuted = rgb(0x4A, 0x45, 0x40);
inline constexpr Colour kLine = rgb(0xD6, 0xCF, 0xC2);
inline constexpr Colour kPrimary = rgb(0xA3, 0x1F, 0x1A);       // the red of a public notice board
inline constexpr Colour kPrimaryPressed = rgb(0x7A, 0x14, 0x10);
inline constexpr Colour kSecond = rgb(0x0E, 0x4C, 0x7A);        // deep blue: the other main choice
inline constexpr Colour kSecondPressed = rgb(0x08, 0x33, 0x55);
inline constexpr Colour kOnDark = rgb(0xFF, 0xFF, 0xFF);
inline constexpr Colour kKey = rgb(0xEE, 0xE8, 0xDC);            // keypad keys and plain buttons
inline constexpr Colour kKeyPressed = rgb(0xCF, 0xC6, 0xB4);
inline constexpr Colour kWarning = rgb(0xFF, 0xC1, 0x07);        // offline banner (with kText on it)
inline constexpr Colour kErrorBack = rgb(0xFD, 0xE2, 0xE0);
inline constexpr Colour kErrorText = rgb(0x8B, 0x0E, 0x0A);
inline constexpr Colour kGoodText = rgb(0x11, 0x5E, 0x2B);
inline constexpr Colour kShade = rgb(0x00, 0x00, 0x00, 0xB0);     // behind an overlay

// Layout in font units (multiples of the body text height).
inline constexpr float kMargin = 0.8f;
inline constexpr float kGap = 0.5f;
inline constexpr float kRounding = 0.35f;
inline constexpr float kMinTouch = 2.4f;   // the smallest button side: about 12 mm at 1080p on a 24" screen

// The body size for a screen: the short side over 27, so 1080 pixels give 40 px type.
[[nodiscard]] float base_unit(int width, int height) noexcept;

// ImGui's own style (padding, spacing, scrollbar) in units of `unit` pixels.
void apply(float unit);

}  // namespace sunlight::ui::theme
