// Touches and mouse presses turned into what a finger means on a kiosk: taps, drag-to-scroll with momentum.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <set>

namespace sunlight::ui {

// Where the pointer is for one ImGui frame. ImGui 1.86 reads a position and a button state per
// frame, so a press and a release that arrive between two frames become two frames here.
struct PointerFrame {
  float x = -1e6f;   // off screen when no finger is down (nothing hovered)
  float y = -1e6f;
  bool down = false;
};

// Settings in pixels and milliseconds; the runner derives slop from the font size.
struct TouchSettings {
  float slop_px = 24.0f;            // movement a tap may have and still be a tap (shaky fingers)
  double bounce_ms = 250.0;         // a second press this soon at the same spot is a bounce, not a tap
  float momentum_friction = 4.0f;   // per second: how fast a flung list slows down
  float min_fling_px_s = 60.0f;     // slower than this on release: no momentum
};

// A small state machine fed with pointer events from SDL (or a script) and read once per frame.
// Only the first finger counts: a second finger cancels the gesture, so a palm or two hands do
// nothing. Moving past the slop turns a press into a scroll drag, and the press never becomes a
// click. Not thread-safe: the UI thread feeds and reads it.
class TouchInput {
 public:
  explicit TouchInput(TouchSettings settings = {}) : settings_(settings) {}

  void down(std::int64_t finger, float x, float y, double t_ms);
  void move(std::int64_t finger, float x, float y, double t_ms);
  void up(std::int64_t finger, float x, float y, double t_ms);
  void cancel();  // the window lost focus, the screen changed under the finger, a lost finger-up
  // Scroll that no scroll area took this frame (the drag began outside any): dropped, so it
  // cannot turn into a jump when a list later opens under the old starting point.
  void drop_scroll() noexcept { scroll_ = 0; }
  [[nodiscard]] bool tracking() const noexcept { return !fingers_.empty(); }

  // The pointer for the next frame, and the scroll (pixels, positive = content moves up) to apply
  // this frame, momentum included. Call once per frame with the frame's time.
  [[nodiscard]] PointerFrame next_frame(double t_ms);
  [[nodiscard]] float take_scroll() noexcept;
  // Where the drag that produces the current scroll began: a scroll area takes it only when it
  // contains this point.
  [[nodiscard]] std::optional<std::pair<float, float>> scroll_origin() const noexcept { return scroll_origin_; }
  // A press started this frame (for the idle timer): true once per gesture.
  [[nodiscard]] bool take_touched() noexcept;
  [[nodiscard]] bool dragging() const noexcept { return dragging_; }
  [[nodiscard]] bool scrolling() const noexcept { return momentum_ != 0; }  // a flung list still moving

  void set_settings(TouchSettings settings) noexcept { settings_ = settings; }
  [[nodiscard]] std::uint64_t taps() const noexcept { return taps_; }
  [[nodiscard]] std::uint64_t ignored() const noexcept { return ignored_; }

 private:
  void push(PointerFrame frame);

  TouchSettings settings_;
  std::deque<PointerFrame> pending_;
  PointerFrame current_;
  std::optional<std::int64_t> finger_;  // the finger being followed
  std::set<std::int64_t> fingers_;      // every finger down now (a repeated down or up counts once)
  bool cancelled_ = false;              // a second finger, or a bounce: ignore until all are up
  bool dragging_ = false;
  float down_x_ = 0, down_y_ = 0, last_y_ = 0;
  double last_move_ms_ = 0;
  float velocity_ = 0;                  // px/s of the drag, for momentum
  float scroll_ = 0;                    // pending scroll for this frame
  float momentum_ = 0;                  // px/s still flying after release
  double last_frame_ms_ = -1;
  std::optional<std::pair<float, float>> scroll_origin_;
  double last_up_ms_ = -1e9;
  float last_up_x_ = -1e6f, last_up_y_ = -1e6f;
  bool touched_ = false;
  std::uint64_t taps_ = 0;
  std::uint64_t ignored_ = 0;
};

}  // namespace sunlight::ui
