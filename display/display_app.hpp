// The big screen as a ui::App: takes the sync thread's snapshots, rotates the scenes, eases the
// figures to new data and draws the header, the scene (sliding to the next) and the ticker.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "display/animated_view.hpp"
#include "display/display_config.hpp"
#include "display/display_view.hpp"
#include "display/scene.hpp"
#include "sync/feed_sync.hpp"
#include "ui/fonts.hpp"
#include "ui/frame_stats.hpp"
#include "ui/platform.hpp"
#include "ui/runner.hpp"

namespace sunlight::display {

// UI thread only. `sync` may be null: tests, benchmarks and the gallery hand data in with set_data().
class DisplayApp final : public ui::App {
 public:
  DisplayApp(DisplayConfig config, sync::FeedSync* sync);
  void report_stats(const ui::FrameStats* stats) noexcept { stats_ = stats; }
  // New data and status, as the sync thread would publish them (either may be null).
  void set_data(std::shared_ptr<const sync::TerminalData> data, std::shared_ptr<const sync::SyncStatus> status);
  // Shows one scene only (--scene, the gallery); nullopt goes back to the rotation.
  void pin(std::optional<Scene> scene);

  void update(ui::Frame& f) override;
  void build(ui::Frame& f) override;
  [[nodiscard]] std::string dump() const override;
  void touched(std::chrono::steady_clock::time_point) override {}
  // The ticker always moves: a big screen never drops to the resting frame rate.
  [[nodiscard]] bool animating() const override { return true; }

  [[nodiscard]] Scene scene() const noexcept { return state_.scene; }
  [[nodiscard]] const DisplayView& view() const noexcept { return view_; }
  [[nodiscard]] std::size_t view_builds() const noexcept { return view_builds_; }
  [[nodiscard]] std::size_t atlas_resets() const noexcept { return atlas_resets_; }

 private:
  void take_snapshots();
  void rebuild_view(ui::Frame& f, const std::string& now_iso);
  void note_text(ui::Frame& f) const;

  DisplayConfig config_;
  sync::FeedSync* sync_;
  const ui::FrameStats* stats_ = nullptr;
  std::shared_ptr<const sync::TerminalData> data_;
  std::shared_ptr<const sync::SyncStatus> status_;
  bool dirty_ = true;
  DisplayView view_;
  std::size_t view_builds_ = 0;
  std::size_t atlas_resets_ = 0;
  AnimatedView shown_;
  Rotation rotation_;
  std::optional<std::chrono::steady_clock::time_point> start_;
  Rotation::State state_;
  std::string view_minute_;  // the minute the view was built in: notices start and end, "3 小时前" moves on
  std::string clock_;
  double ticker_px_ = 0;
  std::optional<std::chrono::steady_clock::time_point> last_ticker_;
  std::chrono::steady_clock::time_point next_report_{};
};

// One big screen wired as sunlight-display wires it: the window or headless surface, fonts sized
// for it, the app (its frame times reported to the feed) and the frame loop. For the program, its
// benchmark and tests.
struct DisplayScreen {
  ui::Platform platform;
  ui::Fonts fonts;
  DisplayApp app;
  ui::Runner runner;
  DisplayScreen(const ui::PlatformOptions& options, DisplayConfig config, sync::FeedSync* sync);
};

}  // namespace sunlight::display
