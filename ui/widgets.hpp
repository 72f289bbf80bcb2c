// Touch widgets sized in font units: big buttons that register their label, text that never shows a box, scroll areas.
#pragma once

#include <string_view>

#include <imgui.h>

#include "ui/fonts.hpp"
#include "ui/frame.hpp"
#include "ui/theme.hpp"

namespace sunlight::ui {

struct ButtonStyle {
  theme::Colour fill = theme::kKey;
  theme::Colour pressed = theme::kKeyPressed;
  theme::Colour text = theme::kText;
  FontRole role = FontRole::Heading;
  bool enabled = true;
};
[[nodiscard]] ButtonStyle primary_button(FontRole role = FontRole::Heading);
[[nodiscard]] ButtonStyle second_button(FontRole role = FontRole::Heading);

// Covers the whole screen with one window that has no title, border or scrollbar; every screen
// begins with it and ends with end_screen().
void begin_screen(Frame& f, const char* id, theme::Colour background = theme::kBackground);
void end_screen();

// A button of `size` pixels at the cursor. `label` is drawn centred (wrapped when wider) and
// registered for scripts; `id` makes two buttons with the same label distinct. Returns true on
// the frame a tap is released over it.
bool button(Frame& f, std::string_view label, ImVec2 size, const ButtonStyle& style, std::string_view id = {});

// An invisible target of `size` at the cursor for a card that draws its own content, registered
// under `label` for scripts. `held` (optional) says whether a finger is on it this frame.
bool touch_area(Frame& f, std::string_view label, ImVec2 size, bool* held = nullptr, std::string_view id = {});

// Text in a role's font; `wrap` > 0 wraps at that width (CJK breaks between any two characters).
void text(Frame& f, FontRole role, std::string_view s, theme::Colour colour = theme::kText, float wrap = 0);
// Text centred horizontally in [x, x + width] (screen pixels) from the cursor's line down, each line wrapped
// to that width and centred on its own.
void text_centred(Frame& f, FontRole role, std::string_view s, float x, float width,
                  theme::Colour colour = theme::kText);
[[nodiscard]] ImVec2 text_size(Frame& f, FontRole role, std::string_view s, float wrap = 0);

// A band across the width with text on it (the offline banner, an error).
void banner(Frame& f, std::string_view s, theme::Colour fill, theme::Colour colour, FontRole role = FontRole::Body);

// A region that a finger drags to scroll (with momentum), with a wide scrollbar as the visible
// hint that there is more. Only the drag that started inside it scrolls it.
void begin_scroll_area(Frame& f, const char* id, ImVec2 size);
void end_scroll_area();

}  // namespace sunlight::ui
