// The kiosk as a ui::App: feeds the sync thread's snapshots and the clock to the KioskModel, draws its screens.
#pragma once

#include <cstddef>
#include <memory>

#include "kiosk/kiosk_model.hpp"
#include "sync/feed_sync.hpp"
#include "ui/frame_stats.hpp"
#include "ui/fonts.hpp"
#include "ui/runner.hpp"

namespace sunlight::kiosk {

// UI thread only. `sync` may be null (tests that hand the model data themselves).
class KioskApp final : public ui::App {
 public:
  KioskApp(KioskModel& model, sync::FeedSync* sync);
  // The runner's frame times, sent to the feed in heartbeats (the runner is made after the app).
  void report_stats(const ui::FrameStats* stats) noexcept { stats_ = stats; }

  void update(ui::Frame& f) override;
  void build(ui::Frame& f) override;
  [[nodiscard]] std::string dump() const override { return model_.dump(); }
  void touched(std::chrono::steady_clock::time_point now) override { model_.touch(now); }
  [[nodiscard]] bool busy() const override { return model_.busy(); }
  [[nodiscard]] bool exit_requested() const override { return model_.exit_requested(); }

 private:
  void take_snapshots(ui::Frame& f);
  static void note_catalog(ui::Fonts& fonts, core::Lang lang);
  static void note_data(ui::Fonts& fonts, const sync::TerminalData& data);
  static void note_person(ui::Fonts& fonts, const LookupView& view);

  KioskModel& model_;
  sync::FeedSync* sync_;
  const ui::FrameStats* stats_ = nullptr;
  std::shared_ptr<const sync::TerminalData> data_;
  std::shared_ptr<const sync::SyncStatus> status_;
  // The screen's text is noted for the font atlas when it changes; a hash, so no copy of a
  // person's statement outlives the frame that showed it.
  std::size_t shown_hash_ = 0;
  bool catalog_noted_ = false;
  core::Lang noted_language_ = core::Lang::ZhCn;
  std::chrono::steady_clock::time_point next_report_{};
};

}  // namespace sunlight::kiosk
