// The big screen's scenes and the frame around them, each drawn into a rectangle from the view.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "display/animated_view.hpp"
#include "display/display_config.hpp"
#include "display/display_view.hpp"
#include "ui/charts/rect.hpp"
#include "ui/fonts.hpp"
#include "ui/frame.hpp"
#include "ui/theme.hpp"

namespace sunlight::display::scenes {

using ui::charts::Rect;

// What a scene reads besides its own view: the eased figures and how far into its turn it is
// (a scene with pages turns them within its time).
struct SceneContext {
  const DisplayView& view;
  const AnimatedView& shown;
  const DisplayConfig& config;
  std::chrono::milliseconds elapsed{0};
  std::chrono::milliseconds length{0};
  long long round = 0;  // completed passes through the rotation: pages go on where the last turn stopped
};

// Which of `pages` shows `elapsed` into a turn of `length`: each page at least 8 s (read from
// across a hall); when they do not all fit in one turn, the next turn goes on where this one
// stopped, so every page comes round.
[[nodiscard]] int page_at(int pages, std::chrono::milliseconds elapsed, std::chrono::milliseconds length, long long round);

void overview(ui::Frame& f, Rect r, const SceneContext& c);
void stages(ui::Frame& f, Rect r, const SceneContext& c);
void towns(ui::Frame& f, Rect r, const SceneContext& c);
void trend(ui::Frame& f, Rect r, const SceneContext& c);
void notices(ui::Frame& f, Rect r, const SceneContext& c);
void draw_scene(ui::Frame& f, Scene scene, Rect r, const SceneContext& c);

// The frame every scene sits in.
struct Chrome {
  std::string clock;        // "11月29日 星期日 14:27"
  std::string scene_title;  // 总览 …
  int slot = 0;             // which of the rotation's slots is showing, for the dots
  int slots = 1;
};
[[nodiscard]] float header_height(const ui::Frame& f);
[[nodiscard]] float ticker_height(const ui::Frame& f);
void header(ui::Frame& f, const DisplayView& view, const Chrome& chrome);
// The latest notice titles moving right to left. `offset` (pixels into the line, kept by the
// caller between frames) moves on by `dt` seconds' worth; when the titles change the line goes on
// from where it was, without a jump.
void ticker(ui::Frame& f, const DisplayView& view, double& offset, double dt);
// No data yet: what the screen is waiting for, in words; never a spinner.
void waiting(ui::Frame& f, Rect r, const DisplayView& view);

// "2026-03" → "2026年3月", as a month is said on the screen; anything else unchanged.
[[nodiscard]] std::string month_words(const std::string& month);

// A programme category's colour, the same in the Sankey and the trend (its place in
// view.categories); 其他 and unknown names are grey.
[[nodiscard]] ui::theme::Colour category_colour(const DisplayView& view, std::string_view category);

// Text helpers for scenes: draw-list text at an exact place, checked against the atlas.
float put(ui::Frame& f, ui::FontRole role, std::string_view s, float x, float y, ui::theme::Colour colour);
float put_right(ui::Frame& f, ui::FontRole role, std::string_view s, float right, float y, ui::theme::Colour colour);
float put_centred(ui::Frame& f, ui::FontRole role, std::string_view s, float cx, float y, ui::theme::Colour colour);
// Wrapped to `width`, at most `max_lines` lines (the last ends in "…" when cut); returns the height used.
float put_wrapped(ui::Frame& f, ui::FontRole role, std::string_view s, float x, float y, float width, int max_lines,
                  ui::theme::Colour colour);
[[nodiscard]] float text_width(ui::Frame& f, ui::FontRole role, std::string_view s);
// A message centred in a scene that has nothing to draw ("本年度尚无发放记录").
void empty_note(ui::Frame& f, Rect r, std::string_view title, std::string_view line);

}  // namespace sunlight::display::scenes
