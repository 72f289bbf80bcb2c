// The frame loop: live or scripted (see runner.hpp).
#include "ui/runner.hpp"

#include <cmath>
#include <fstream>
#include <thread>

#include <fmt/core.h>
#include <imgui.h>

#include "ui/png.hpp"
#include "ui/theme.hpp"

namespace sunlight::ui {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kScriptFrame{33};        // a scripted frame's virtual length (30 fps)
constexpr milliseconds kAfterTap{300};          // past TouchInput's bounce window, like a person
constexpr milliseconds kSettleLimit{30000};     // real time a script waits for busy work
constexpr std::chrono::seconds kRestAfter{3};   // live: no input this long and frames slow down
constexpr milliseconds kRestingFrame{100};

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

}  // namespace

Runner::Runner(Platform& platform, Fonts& fonts, App& app)
    : platform_(platform), fonts_(fonts), app_(app), created_(Clock::now()), last_frame_(created_),
      virtual_now_(created_), wall_start_(std::chrono::system_clock::now()), steady_start_(created_) {
  TouchSettings settings;
  settings.slop_px = 0.6f * theme::base_unit(platform.width(), platform.height());
  touch_.set_settings(settings);
}

void Runner::refresh_fonts() {
  if (fonts_.needs_rebuild()) {
    fonts_.rebuild();
    platform_.reload_font_texture();
  }
  if (fonts_.person_needs_rebuild()) {
    fonts_.rebuild_person();
    platform_.upload_atlas(fonts_.person_atlas());
  }
}

void Runner::use_virtual_time() {
  virtual_ = true;
  virtual_now_ = Clock::now();
  steady_start_ = virtual_now_;
  last_frame_ = virtual_now_;
}

void Runner::advance(milliseconds ms) { virtual_now_ += ms; }

Clock::time_point Runner::now() const { return virtual_ ? virtual_now_ : Clock::now(); }

double Runner::now_ms() const { return ms_between(steady_start_, now()); }

Frame Runner::make_frame() {
  Frame f{fonts_, hits_, touch_, {}, {}, 0, 0, 0};
  refresh(f);
  return f;
}

void Runner::refresh(Frame& f) const {
  f.now = now();
  f.wall = wall_start_ + std::chrono::duration_cast<std::chrono::system_clock::duration>(f.now - steady_start_);
  f.width = static_cast<float>(platform_.width());
  f.height = static_cast<float>(platform_.height());
  f.unit = fonts_.unit();
}

bool Runner::frame(bool render, std::vector<std::uint8_t>* pixels) {
  const auto started = Clock::now();
  const bool keep = platform_.pump_events(touch_, now_ms());
  const PointerFrame pointer = touch_.next_frame(now_ms());
  if (touch_.take_touched()) {
    app_.touched(now());
    last_input_ = now();
  }
  if (pointer.down || touch_.dragging() || touch_.scrolling()) last_input_ = now();

  Frame f = make_frame();
  app_.update(f);
  refresh_fonts();
  if (fonts_.unit() != applied_unit_) {
    theme::apply(fonts_.unit());
    applied_unit_ = fonts_.unit();
  }

  const float dt = std::max(0.001f, static_cast<float>(ms_between(last_frame_, now()) / 1000.0));
  last_frame_ = now();
  double build_ms = 0;
  for (int attempt = 0; attempt < 3; ++attempt) {
    const auto build_start = Clock::now();
    platform_.new_frame(dt);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(pointer.x, pointer.y);
    io.MouseDown[0] = pointer.down;
    ImGui::NewFrame();
    hits_.clear();
    fonts_.new_frame();
    refresh(f);
    app_.build(f);
    ImGui::Render();
    build_ms = ms_between(build_start, Clock::now());
    // A character the atlas lacked: throw this frame away (nothing was drawn yet), rebuild the
    // atlas, build the frame again. The tap it saw has already been acted on, and a second build
    // sees no new press, so nothing happens twice.
    if (!fonts_.frame_missed()) break;
    refresh_fonts();
  }
  touch_.drop_scroll();
  if (render) {
    platform_.draw(ImGui::GetDrawData());
  }
  if (render && pixels) *pixels = platform_.read_pixels();
  if (first_frame_ms_ == 0 && render) first_frame_ms_ = ms_between(created_, Clock::now());
  if (render) platform_.present();
  stats_.record(build_ms, ms_between(started, Clock::now()));
  return keep;
}

std::filesystem::path Runner::screenshot(const std::filesystem::path& dir, const std::string& name) {
  frame(false);  // settle layout (a scroll target, a new glyph) before the frame that is kept
  std::vector<std::uint8_t> pixels;
  frame(true, &pixels);
  std::filesystem::create_directories(dir);
  const auto png = dir / (name + ".png");
  write_png(png, platform_.width(), platform_.height(), pixels);
  std::ofstream txt(dir / (name + ".txt"), std::ios::binary | std::ios::trunc);
  txt << app_.dump();
  if (!txt) throw std::runtime_error(fmt::format("cannot write {}", (dir / (name + ".txt")).string()));
  return png;
}

void Runner::settle() {
  const auto deadline = Clock::now() + kSettleLimit;
  while (app_.busy() && Clock::now() < deadline) {
    const auto before = Clock::now();
    std::this_thread::sleep_for(milliseconds(2));
    if (virtual_) advance(std::chrono::duration_cast<milliseconds>(Clock::now() - before));
    frame(false);
  }
  frame(false);
}

void Runner::tap(float x, float y) {
  const std::int64_t finger = next_finger_++;
  touch_.down(finger, x, y, now_ms());
  advance(kScriptFrame);
  frame(false);
  advance(kScriptFrame);
  touch_.up(finger, x, y, now_ms());
  frame(false);
  for (auto waited = milliseconds(0); waited < kAfterTap; waited += kScriptFrame) {
    advance(kScriptFrame);
    frame(false);
  }
  settle();
}

void Runner::run_step(const ScriptStep& step, const RunOptions& options, RunResult& result) {
  const auto fail = [&](const std::string& why) {
    result.ok = false;
    result.failure = fmt::format("script line {}: {}", step.line, why);
  };
  switch (step.kind) {
    case ScriptStep::Kind::TapPoint:
      tap(step.x, step.y);
      break;
    case ScriptStep::Kind::TapLabel: {
      const auto hit = hits_.find(step.text, step.nth);
      if (!hit) {
        return fail(fmt::format("no button '{}'{} on screen (buttons: {})", step.text,
                                step.nth > 0 ? fmt::format(" number {}", step.nth + 1) : std::string(), hits_.labels()));
      }
      tap(hit->cx(), hit->cy());
      break;
    }
    case ScriptStep::Kind::Type:
      for (std::size_t i = 0; i < step.text.size(); ++i) {
        const std::string key(1, step.text[i]);
        const auto hit = hits_.find(key);
        if (!hit) return fail(fmt::format("no key '{}' on screen (buttons: {})", key, hits_.labels()));
        tap(hit->cx(), hit->cy());
      }
      break;
    case ScriptStep::Kind::Drag: {
      const std::int64_t finger = next_finger_++;
      touch_.down(finger, step.x, step.y, now_ms());
      frame(false);
      const int steps = std::max(2, step.ms / static_cast<int>(kScriptFrame.count()));
      for (int i = 1; i <= steps; ++i) {
        advance(kScriptFrame);
        const float t = static_cast<float>(i) / static_cast<float>(steps);
        touch_.move(finger, step.x + (step.x2 - step.x) * t, step.y + (step.y2 - step.y) * t, now_ms());
        frame(false);
      }
      touch_.up(finger, step.x2, step.y2, now_ms());
      frame(false);
      break;
    }
    case ScriptStep::Kind::Wait: {
      // Coarse frames: timers only need to see the time pass, not every 33 ms of it.
      const milliseconds total(step.ms);
      const milliseconds slice = total > milliseconds(2000) ? milliseconds(250) : kScriptFrame;
      for (milliseconds waited(0); waited < total; waited += slice) {
        advance(std::min(slice, total - waited));
        frame(false);
      }
      settle();
      break;
    }
    case ScriptStep::Kind::Screenshot:
      result.screenshots.push_back(screenshot(options.out_dir, step.text));
      break;
    case ScriptStep::Kind::Expect:
      if (app_.dump().find(step.text) == std::string::npos) {
        return fail(fmt::format("expected '{}' on screen; the screen shows:\n{}", step.text, app_.dump()));
      }
      break;
    case ScriptStep::Kind::ExpectNot:
      if (app_.dump().find(step.text) != std::string::npos) {
        return fail(fmt::format("'{}' should not be on screen; the screen shows:\n{}", step.text, app_.dump()));
      }
      break;
  }
}

RunResult Runner::run(const RunOptions& options) {
  RunResult result;
  if (options.script) {
    use_virtual_time();
    frame(true);  // the first frame, as a person would see it
    settle();
    for (const ScriptStep& step : options.script->steps) {
      // The administrator's exit ends a script as it ends the kiosk: later steps do not run.
      if (app_.exit_requested()) break;
      // A script cut short by a signal did not pass: its later expectations never ran.
      if (options.stop && options.stop->load()) {
        result.ok = false;
        result.failure = fmt::format("script line {}: stopped by a signal before this step", step.line);
        break;
      }
      run_step(step, options, result);
      if (!result.ok) break;
    }
  } else {
    // Live: vsync paces a real display; a headless run without one is held to about 30 fps.
    // Nobody touching it for a few seconds (most of a kiosk's day), 10 fps is plenty for a clock
    // and new data, and spares a fanless box the heat; the first touch brings full speed back. A
    // screen with something moving on it (the big screen's ticker) keeps full speed.
    while (!(options.stop && options.stop->load()) && !app_.exit_requested()) {
      const auto started = Clock::now();
      if (!frame(true)) break;
      if (options.max_frames > 0 && static_cast<long>(stats_.total_frames()) >= options.max_frames) break;
      const bool resting = Clock::now() - last_input_ > kRestAfter && !app_.busy() && !app_.animating();
      if (resting) {
        // Woken at once by a touch: the first tap is not kept waiting for the slow frame.
        platform_.wait_for_event(std::chrono::duration_cast<milliseconds>(started + kRestingFrame - Clock::now()));
      } else if (platform_.headless()) {
        std::this_thread::sleep_until(started + kScriptFrame);
      }
    }
  }
  result.frames = static_cast<long>(stats_.total_frames());
  result.first_frame_ms = first_frame_ms_;
  return result;
}

}  // namespace sunlight::ui
