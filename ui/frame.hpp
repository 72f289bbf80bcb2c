// What a screen gets to build one frame: the time, the size, the fonts, and where taps and scrolls go.
#pragma once

#include <chrono>

namespace sunlight::ui {

class Fonts;
class HitRegistry;
class TouchInput;

// Valid for one frame, on the UI thread. `now` and `wall` are virtual in a scripted run, so a
// script's "wait 61s" passes at once and a screen's clock agrees with it.
struct Frame {
  Fonts& fonts;
  HitRegistry& hits;
  TouchInput& touch;
  std::chrono::steady_clock::time_point now;
  std::chrono::system_clock::time_point wall;
  float width = 0;
  float height = 0;
  float unit = 0;  // the body text's pixel height: everything is sized in these
};

}  // namespace sunlight::ui
