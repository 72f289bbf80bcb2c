// Scripted input for tests, the demo and reviewers: taps by label or position, digits, drags, waits, screenshots.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sunlight::ui {

// One line of a script. The language, one step per line ('#' starts a comment):
//   tap 查询              the button labelled exactly 查询 (quote labels with spaces: tap "Look up")
//   tap 返回首页 2         the second button with that label, counting from the top
//   tap 540 1600          a point, in pixels of the screen
//   type 500112199003070934   one tap per character on the buttons labelled with it (the keypad)
//   drag 540 1500 540 600 [300]   a finger drawn from one point to another over ms (default 300)
//   wait 2000 | wait 61s  let time pass (virtual time in a headless script run: instant)
//   screenshot home       writes home.png and home.txt (what the screen shows) in the output folder
//   expect 数据更新于       fails the run unless the screen's text contains this
//   expect_not 500112      fails the run if the screen's text contains this
struct ScriptStep {
  enum class Kind { TapLabel, TapPoint, Type, Drag, Wait, Screenshot, Expect, ExpectNot };
  Kind kind = Kind::Wait;
  std::string text;  // label, characters, screenshot name or expected text
  float x = 0, y = 0, x2 = 0, y2 = 0;
  int ms = 0;
  int nth = 0;  // TapLabel: which of the buttons with that label (0 = the first)
  int line = 0;
};

struct Script {
  std::vector<ScriptStep> steps;
};

// A script that cannot be run, with the line at fault (1-based) in the message.
class ScriptError : public std::runtime_error {
 public:
  ScriptError(int line, const std::string& message);
  [[nodiscard]] int line() const noexcept { return line_; }

 private:
  int line_;
};

inline constexpr std::size_t kMaxScriptBytes = 1 << 20;
inline constexpr std::size_t kMaxScriptSteps = 20000;
inline constexpr int kMaxWaitMs = 3'600'000;

// Parses a script; throws ScriptError for anything it does not understand (unknown step, bad
// number, unterminated quote, a coordinate off any screen, a screenshot name with a path in it,
// bytes that are not UTF-8, a wait over an hour, more than kMaxScriptSteps steps).
[[nodiscard]] Script parse_script(std::string_view text);
[[nodiscard]] Script load_script(const std::string& path);  // ScriptError line 0 when unreadable

}  // namespace sunlight::ui
