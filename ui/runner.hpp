// The frame loop every terminal runs: live on a screen, or scripted in virtual time with screenshots and text dumps.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ui/fonts.hpp"
#include "ui/frame.hpp"
#include "ui/frame_stats.hpp"
#include "ui/hit_registry.hpp"
#include "ui/platform.hpp"
#include "ui/script.hpp"
#include "ui/touch.hpp"

namespace sunlight::ui {

// A terminal program's screens. Every call comes from the UI thread, between or inside frames.
class App {
 public:
  virtual ~App() = default;
  // Before a frame: take new data and finished work, note the text about to be shown
  // (f.fonts.note), pick the font unit (f.fonts.set_unit). Never waits on I/O.
  virtual void update(Frame& f) = 0;
  // The frame itself: ImGui calls only, reading what update() prepared.
  virtual void build(Frame& f) = 0;
  // What the screen shows now, as text (see the program's view model for the format).
  [[nodiscard]] virtual std::string dump() const = 0;
  // A finger (or mouse) went down anywhere: the idle timer starts again.
  virtual void touched(std::chrono::steady_clock::time_point now) = 0;
  // Work in flight whose result a script should wait for (a lookup on a worker).
  [[nodiscard]] virtual bool busy() const { return false; }
  // Something on screen moves by itself (a ticker, a figure counting up, a scene sliding in): a
  // live run keeps full speed instead of resting at 10 fps when nobody touches the screen.
  [[nodiscard]] virtual bool animating() const { return false; }
  // The administrator's exit: the loop ends after this frame.
  [[nodiscard]] virtual bool exit_requested() const { return false; }
};

struct RunOptions {
  const Script* script = nullptr;           // scripted run: virtual time, ends after the last step
  std::filesystem::path out_dir;            // where screenshots and dumps go
  const std::atomic<bool>* stop = nullptr;  // set by a signal handler: end the loop
  long max_frames = 0;                      // live runs: stop after this many frames (0 = never)
};

struct RunResult {
  bool ok = true;
  std::string failure;                          // "script line 7: no button '查询' on screen …"
  std::vector<std::filesystem::path> screenshots;  // PNGs written (each with a .txt beside it)
  long frames = 0;
  double first_frame_ms = 0;                    // from the Runner's construction to the first frame shown
};

// Owns the per-frame state between Platform, Fonts and the App. UI thread only.
class Runner {
 public:
  Runner(Platform& platform, Fonts& fonts, App& app);
  RunResult run(const RunOptions& options);

  // One frame at the current time: events, update, build (again if a glyph was missing), and,
  // when `render`, drawing and presenting (and the drawn pixels into `pixels` when given).
  // Returns false when the OS asked to stop.
  bool frame(bool render, std::vector<std::uint8_t>* pixels = nullptr);
  // Renders a frame and writes name.png and name.txt into `dir`.
  std::filesystem::path screenshot(const std::filesystem::path& dir, const std::string& name);

  // Virtual time (scripted runs): the clock moves only when advance() says.
  void use_virtual_time();
  void advance(std::chrono::milliseconds ms);
  [[nodiscard]] std::chrono::steady_clock::time_point now() const;

  [[nodiscard]] TouchInput& touch() noexcept { return touch_; }
  [[nodiscard]] const HitRegistry& hits() const noexcept { return hits_; }
  [[nodiscard]] const FrameStats& stats() const noexcept { return stats_; }
  [[nodiscard]] FrameStats& stats() noexcept { return stats_; }
  [[nodiscard]] double first_frame_ms() const noexcept { return first_frame_ms_; }

 private:
  void run_step(const ScriptStep& step, const RunOptions& options, RunResult& result);
  void tap(float x, float y);
  void settle();  // frames until the app is not busy, with real time passing
  void refresh_fonts();  // rebuild and upload whichever atlas has new characters
  [[nodiscard]] double now_ms() const;
  [[nodiscard]] Frame make_frame();
  void refresh(Frame& f) const;  // time, size and unit as of now

  Platform& platform_;
  Fonts& fonts_;
  App& app_;
  TouchInput touch_;
  HitRegistry hits_;
  FrameStats stats_;
  std::chrono::steady_clock::time_point created_;
  std::chrono::steady_clock::time_point last_frame_;
  bool virtual_ = false;
  std::chrono::steady_clock::time_point virtual_now_;
  std::chrono::system_clock::time_point wall_start_;
  std::chrono::steady_clock::time_point steady_start_;
  double first_frame_ms_ = 0;
  float applied_unit_ = 0;
  std::int64_t next_finger_ = 1000;
  std::chrono::steady_clock::time_point last_input_{};
};

}  // namespace sunlight::ui
