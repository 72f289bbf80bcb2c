// SDL2 + OpenGL + Dear ImGui window, fullscreen or headless (see platform.hpp).
#include "ui/platform.hpp"

#include <malloc.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include <SDL.h>
#include <SDL_opengl.h>
#include <fmt/core.h>
#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>

#include "ui/touch.hpp"

namespace sunlight::ui {

PlatformOptions offscreen_options(int width, int height) {
  PlatformOptions o;
  o.headless = true;
  o.width = width;
  o.height = height;
  o.fullscreen = false;
  o.vsync = false;
  return o;
}

std::optional<std::pair<int, int>> parse_window_size(const std::string& text) {
  int w = 0, h = 0;
  char x = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || x != 'x' || w < 320 || h < 320 || w > 7680 ||
      h > 7680) {
    return std::nullopt;
  }
  return std::pair{w, h};
}


namespace {

[[noreturn]] void sdl_failed(const char* what) {
  throw std::runtime_error(fmt::format("{}: {}", what, SDL_GetError()));
}

}  // namespace

Platform::Platform(const PlatformOptions& options) : options_(options) {
  if (options_.headless) {
    // Same frames, no X server: EGL on Mesa's software renderer.
    ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
  }
  // Touches are handled as touches (ui/touch.hpp), not as the synthesized mouse SDL would add,
  // and a mouse (a technician's) is not turned into touches either.
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
  SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
  // A kiosk screen never goes dark by itself, and losing focus must not minimise it.
  SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
  SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
  SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) sdl_failed("SDL could not start video");

  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_RED_SIZE, 8);
  SDL_GL_SetAttribute(SDL_GL_GREEN_SIZE, 8);
  SDL_GL_SetAttribute(SDL_GL_BLUE_SIZE, 8);

  Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
  if (!options_.headless && options_.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
  const int display = std::clamp(options_.display, 0, std::max(0, SDL_GetNumVideoDisplays() - 1));
  const int centred = static_cast<int>(SDL_WINDOWPOS_CENTERED_MASK | static_cast<unsigned>(display));
  window_ = SDL_CreateWindow(options_.title.c_str(), centred, centred, options_.width, options_.height, flags);
  if (!window_) {
    SDL_Quit();
    sdl_failed("SDL could not open a window");
  }
  gl_context_ = SDL_GL_CreateContext(window_);
  if (!gl_context_) {
    SDL_DestroyWindow(window_);
    SDL_Quit();
    sdl_failed("no OpenGL 3.2 context");
  }
  SDL_GL_MakeCurrent(window_, gl_context_);
  SDL_GL_SetSwapInterval(options_.vsync && !options_.headless ? 1 : 0);
  if (options_.hide_cursor && !options_.headless) SDL_ShowCursor(SDL_DISABLE);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // a kiosk writes nothing of its own layout to disk
  io.LogFilename = nullptr;
  io.BackendPlatformName = "sunlight-ui";
  if (!ImGui_ImplOpenGL3_Init("#version 150")) {
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(gl_context_);
    SDL_DestroyWindow(window_);
    SDL_Quit();
    throw std::runtime_error("the OpenGL renderer could not start");
  }
  refresh_size();
}

Platform::~Platform() {
  if (extra_texture_) glDeleteTextures(1, &extra_texture_);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl_context_);
  SDL_DestroyWindow(window_);
  SDL_Quit();
}

void Platform::refresh_size() {
  SDL_GL_GetDrawableSize(window_, &width_, &height_);
  if (width_ <= 0 || height_ <= 0) SDL_GetWindowSize(window_, &width_, &height_);
}

void Platform::place_window() {
  // The chosen display may be gone (unplugged) or back: cover the one that is there now.
  if (options_.headless || !options_.fullscreen) return;
  const int count = SDL_GetNumVideoDisplays();
  if (count <= 0) return;
  const int display = std::clamp(options_.display, 0, count - 1);
  SDL_Rect bounds;
  if (SDL_GetDisplayBounds(display, &bounds) != 0) return;
  SDL_SetWindowFullscreen(window_, 0);
  SDL_SetWindowPosition(window_, bounds.x, bounds.y);
  SDL_SetWindowSize(window_, bounds.w, bounds.h);
  SDL_SetWindowFullscreen(window_, SDL_WINDOW_FULLSCREEN_DESKTOP);
  ++display_changes_;
}

bool Platform::pump_events(TouchInput& touch, double now_ms) {
  bool keep_running = true;
  SDL_Event e;
  while (SDL_PollEvent(&e)) {
    switch (e.type) {
      case SDL_QUIT:
        // SIGTERM and SIGINT are the program's (SDL installs no handlers), so this is a window
        // manager's close (Alt+F4): a fullscreen kiosk ignores it (lockdown); a window on a
        // developer's desktop closes.
        if (!options_.fullscreen || options_.headless) keep_running = false;
        break;
      case SDL_FINGERDOWN:
      case SDL_FINGERMOTION:
      case SDL_FINGERUP: {
        const float x = e.tfinger.x * static_cast<float>(width_);
        const float y = e.tfinger.y * static_cast<float>(height_);
        const auto id = static_cast<std::int64_t>(e.tfinger.fingerId);
        if (e.type == SDL_FINGERDOWN) {
          // The device says this is the only finger on it: any other we still follow lost its
          // finger-up (a controller reset, a touch begun before the window) and must not make
          // every later press look like a second finger.
          if (touch.tracking() && SDL_GetNumTouchFingers(e.tfinger.touchId) <= 1) touch.cancel();
          touch.down(id, x, y, now_ms);
        }
        if (e.type == SDL_FINGERMOTION) touch.move(id, x, y, now_ms);
        if (e.type == SDL_FINGERUP) touch.up(id, x, y, now_ms);
        break;
      }
      case SDL_MOUSEBUTTONDOWN:
      case SDL_MOUSEBUTTONUP:
        if (e.button.button == SDL_BUTTON_LEFT) {
          // Window coordinates to drawable pixels (they differ on high-DPI displays).
          int ww = 1, wh = 1;
          SDL_GetWindowSize(window_, &ww, &wh);
          const float x = static_cast<float>(e.button.x) * static_cast<float>(width_) / static_cast<float>(ww);
          const float y = static_cast<float>(e.button.y) * static_cast<float>(height_) / static_cast<float>(wh);
          if (e.type == SDL_MOUSEBUTTONDOWN) touch.down(-1, x, y, now_ms);
          else touch.up(-1, x, y, now_ms);
        }
        break;
      case SDL_MOUSEMOTION:
        if (e.motion.state & SDL_BUTTON_LMASK) {
          int ww = 1, wh = 1;
          SDL_GetWindowSize(window_, &ww, &wh);
          touch.move(-1, static_cast<float>(e.motion.x) * static_cast<float>(width_) / static_cast<float>(ww),
                     static_cast<float>(e.motion.y) * static_cast<float>(height_) / static_cast<float>(wh), now_ms);
        }
        break;
      case SDL_DISPLAYEVENT:
        if (e.display.event == SDL_DISPLAYEVENT_CONNECTED || e.display.event == SDL_DISPLAYEVENT_DISCONNECTED) {
          touch.cancel();
          place_window();
          refresh_size();
        }
        break;
      case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED || e.window.event == SDL_WINDOWEVENT_DISPLAY_CHANGED) {
          refresh_size();
        } else if (e.window.event == SDL_WINDOWEVENT_FOCUS_LOST) {
          touch.cancel();
        }
        break;
      default:
        break;  // keys included: nothing on a keyboard does anything (lockdown)
    }
  }
  return keep_running;
}

void Platform::upload_atlas(ImFontAtlas& atlas) {
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  atlas.GetTexDataAsRGBA32(&pixels, &w, &h);
  if (extra_texture_) glDeleteTextures(1, &extra_texture_);
  GLint bound = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
  glGenTextures(1, &extra_texture_);
  glBindTexture(GL_TEXTURE_2D, extra_texture_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));
  atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(extra_texture_)));
  atlas.ClearTexData();
}

void Platform::wait_for_event(std::chrono::milliseconds timeout) {
  if (timeout.count() <= 0) return;
  SDL_WaitEventTimeout(nullptr, static_cast<int>(timeout.count()));
}

void Platform::new_frame(float delta_seconds) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
  io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
  io.DeltaTime = delta_seconds > 0 ? delta_seconds : 1.0f / 60.0f;
  ImGui_ImplOpenGL3_NewFrame();
}

void Platform::draw(ImDrawData* draw_data) {
  glViewport(0, 0, width_, height_);
  glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(draw_data);
}

void Platform::present() {
  SDL_GL_SwapWindow(window_);
  // Offscreen, a swap shows nothing and waits for nothing: Mesa would queue frame after frame
  // (3 MB a second) unless we wait for each to be drawn.
  if (options_.headless) glFinish();
}

std::vector<std::uint8_t> Platform::read_pixels() const {
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // GL's first row is the bottom one.
  const auto row = static_cast<std::ptrdiff_t>(width_) * 4;
  for (std::ptrdiff_t y = 0, h = height_; y < h / 2; ++y) {
    std::swap_ranges(pixels.begin() + y * row, pixels.begin() + (y + 1) * row, pixels.begin() + (h - 1 - y) * row);
  }
  return pixels;
}

void Platform::reload_font_texture() {
  // The renderer makes its shaders and buffers lazily on its first NewFrame, and would then
  // build the atlas again from the data cleared below: make them now, the texture with them.
  if (!device_objects_) {
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    device_objects_ = true;
  } else {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  // The GPU has it now; the CPU copies (tens of MB at 4K) are not needed until the next rebuild.
  ImGui::GetIO().Fonts->ClearTexData();
  // Building the atlas borrows tens of MB (FreeType faces, the alpha and RGBA copies) for a
  // moment; give them back to the system instead of keeping them in the heap for good.
  ::malloc_trim(0);
}

}  // namespace sunlight::ui
