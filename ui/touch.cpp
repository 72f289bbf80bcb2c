// Touches and mouse presses turned into taps and scrolls (see touch.hpp).
#include "ui/touch.hpp"

#include <cmath>

namespace sunlight::ui {

namespace {
constexpr float kOffscreen = -1e6f;
}

void TouchInput::push(PointerFrame frame) {
  // Collapse moves: only a change of the button state needs a frame of its own.
  if (!pending_.empty() && pending_.back().down == frame.down) {
    pending_.back() = frame;
  } else {
    pending_.push_back(frame);
  }
}

void TouchInput::down(std::int64_t finger, float x, float y, double t_ms) {
  fingers_.insert(finger);
  touched_ = true;
  if (finger_) {
    // A second finger: the whole gesture means nothing. Release far away so no button fires.
    if (!cancelled_) {
      cancelled_ = true;
      dragging_ = false;
      push({kOffscreen, kOffscreen, true});
      push({kOffscreen, kOffscreen, false});
      ++ignored_;
    }
    return;
  }
  finger_ = finger;
  momentum_ = 0;  // a finger on a flying list stops it
  scroll_ = 0;
  scroll_origin_.reset();
  const bool bounce = t_ms - last_up_ms_ < settings_.bounce_ms &&
                      std::hypot(x - last_up_x_, y - last_up_y_) < settings_.slop_px * 2;
  cancelled_ = bounce;
  dragging_ = false;
  down_x_ = x;
  down_y_ = y;
  last_y_ = y;
  last_move_ms_ = t_ms;
  velocity_ = 0;
  if (bounce) {
    ++ignored_;
    return;
  }
  push({x, y, true});
}

void TouchInput::move(std::int64_t finger, float x, float y, double t_ms) {
  if (!finger_ || *finger_ != finger || cancelled_) return;
  if (!dragging_ && std::hypot(x - down_x_, y - down_y_) > settings_.slop_px) {
    // Past the slop: a drag, not a tap. Move the pointer off screen while still down, so the
    // button under the finger sees no release over itself and does not fire.
    dragging_ = true;
    scroll_origin_ = std::make_pair(down_x_, down_y_);
    push({kOffscreen, kOffscreen, true});
  }
  if (dragging_) {
    const float dy = last_y_ - y;
    scroll_ += dy;
    const double dt = t_ms - last_move_ms_;
    if (dt > 0) {
      // Smoothed, so one jittery sample does not fling the list.
      const float v = static_cast<float>(static_cast<double>(dy) / (dt / 1000.0));
      velocity_ = 0.6f * v + 0.4f * velocity_;
    }
    last_y_ = y;
    last_move_ms_ = t_ms;
  }
  // Within the slop the pointer stays where the finger first landed: a shaky tap is a tap.
}

void TouchInput::up(std::int64_t finger, float x, float y, double t_ms) {
  fingers_.erase(finger);
  if (!finger_ || *finger_ != finger) {
    if (fingers_.empty()) {
      finger_.reset();
      cancelled_ = false;
    }
    return;
  }
  if (!cancelled_) {
    if (dragging_) {
      // A release long after the last movement is a stop, not a fling.
      const bool still = t_ms - last_move_ms_ > 80.0;
      momentum_ = still || std::fabs(velocity_) < settings_.min_fling_px_s ? 0.0f : velocity_;
      push({kOffscreen, kOffscreen, false});
    } else {
      push({down_x_, down_y_, false});
      ++taps_;
      last_up_ms_ = t_ms;
      last_up_x_ = x;
      last_up_y_ = y;
    }
  }
  dragging_ = false;
  if (fingers_.empty()) {
    finger_.reset();
    cancelled_ = false;
  } else {
    finger_.reset();
    cancelled_ = true;  // other fingers are still down: they start nothing
  }
}

void TouchInput::cancel() {
  if (finger_ && !cancelled_) {
    push({kOffscreen, kOffscreen, current_.down});
    push({kOffscreen, kOffscreen, false});
  }
  finger_.reset();
  fingers_.clear();
  cancelled_ = false;
  dragging_ = false;
  momentum_ = 0;
  scroll_ = 0;
}

PointerFrame TouchInput::next_frame(double t_ms) {
  const double dt = last_frame_ms_ < 0 ? 0.0 : (t_ms - last_frame_ms_) / 1000.0;
  last_frame_ms_ = t_ms;
  if (!pending_.empty()) {
    current_ = pending_.front();
    pending_.pop_front();
  }
  if (momentum_ != 0 && !dragging_ && dt > 0) {
    scroll_ += momentum_ * static_cast<float>(dt);
    momentum_ *= std::exp(-settings_.momentum_friction * static_cast<float>(dt));
    if (std::fabs(momentum_) < 20.0f) momentum_ = 0;
  }
  return current_;
}

float TouchInput::take_scroll() noexcept {
  const float s = scroll_;
  scroll_ = 0;
  return s;
}

bool TouchInput::take_touched() noexcept {
  const bool t = touched_;
  touched_ = false;
  return t;
}

}  // namespace sunlight::ui
