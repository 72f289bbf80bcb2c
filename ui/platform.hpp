// The window a terminal draws into: SDL2 + OpenGL + Dear ImGui, fullscreen on a chosen display or headless.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct SDL_Window;
struct ImDrawData;
struct ImFontAtlas;

namespace sunlight::ui {

class TouchInput;

// "1920x1080" → {1920, 1080}; nullopt unless both sides are 320..7680 and nothing else follows
// (the --size of both terminal programs).
[[nodiscard]] std::optional<std::pair<int, int>> parse_window_size(const std::string& text);

struct PlatformOptions {
  std::string title = "Sunlight";
  bool headless = false;     // SDL's offscreen driver: EGL on Mesa, no X server, same frames
  int width = 1080;          // the window (or headless surface) when not fullscreen
  int height = 1920;
  int display = 0;           // which monitor a fullscreen window covers
  bool fullscreen = true;    // borderless, the whole display
  bool hide_cursor = true;
  bool vsync = true;
};

// A headless surface of width × height without vsync: tests, benchmarks, galleries.
[[nodiscard]] PlatformOptions offscreen_options(int width, int height);

// Owns SDL video, the window, its GL context and the ImGui context with the OpenGL3 renderer.
// Everything here runs on the one UI thread that constructed it. Keyboard input is never passed
// on: a kiosk has no shortcut that quits or switches (lockdown); only pointers and touches count.
class Platform {
 public:
  // Throws std::runtime_error with SDL's reason when no window or GL context can be made.
  explicit Platform(const PlatformOptions& options);
  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  // Takes every pending SDL event: pointers and fingers go to `touch` (in drawable pixels),
  // display changes re-place the window. Returns false once the OS asks the program to stop
  // (SIGTERM, or closing a windowed development run); a fullscreen kiosk ignores window close.
  bool pump_events(TouchInput& touch, double now_ms);
  // Sleeps until an event arrives or `timeout` passes (the event stays queued for pump_events).
  void wait_for_event(std::chrono::milliseconds timeout);

  // Drawable size in pixels (what ImGui lays out for and screenshots capture).
  [[nodiscard]] int width() const noexcept { return width_; }
  [[nodiscard]] int height() const noexcept { return height_; }
  [[nodiscard]] bool headless() const noexcept { return options_.headless; }

  void new_frame(float delta_seconds);       // the renderer's and ImGui's NewFrame
  void draw(ImDrawData* draw_data);          // clears and draws into the back buffer
  void present();                            // swaps (waits for vsync when asked)
  // The back buffer as tightly packed RGBA rows, top row first; call after draw(), before present().
  [[nodiscard]] std::vector<std::uint8_t> read_pixels() const;

  // The font texture must be made again after the atlas was rebuilt (between frames only).
  void reload_font_texture();
  // A second atlas (Fonts' Person roles): its texture made again after each build.
  void upload_atlas(ImFontAtlas& atlas);

  // Windows were moved or resized since the last frame (display unplugged and plugged again).
  [[nodiscard]] std::uint64_t display_changes() const noexcept { return display_changes_; }

 private:
  void place_window();
  void refresh_size();

  PlatformOptions options_;
  SDL_Window* window_ = nullptr;
  void* gl_context_ = nullptr;
  int width_ = 0;
  int height_ = 0;
  std::uint64_t display_changes_ = 0;
  bool device_objects_ = false;
  unsigned extra_texture_ = 0;  // upload_atlas's texture (one second atlas is all we need)
};

}  // namespace sunlight::ui
