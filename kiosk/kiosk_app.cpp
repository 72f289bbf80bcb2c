// The kiosk as a ui::App (see kiosk_app.hpp).
#include "kiosk/kiosk_app.hpp"

#include <cmath>
#include <functional>

#include "core/date.hpp"
#include "kiosk/screens/screens.hpp"
#include "ui/fonts.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace sunlight::kiosk {

namespace {
constexpr float kLargeText = 1.3f;  // the 大字 toggle: 40 px type becomes 52 px at 1080p
}

KioskApp::KioskApp(KioskModel& model, sync::FeedSync* sync) : model_(model), sync_(sync) {}

void KioskApp::take_snapshots(ui::Frame& f) {
  if (!sync_) return;
  auto data = sync_->data();
  if (data != data_) {
    data_ = data;
    model_.set_data(data_);
    // Notice titles and bodies before any screen shows them: a tab change then needs no rebuild.
    if (data_) {
      for (const auto& n : data_->notices) {
        f.fonts.note(ui::FontRole::Heading, n.title);
        f.fonts.note(ui::FontRole::Body, n.title);
        f.fonts.note(ui::FontRole::Body, n.body);
        f.fonts.note(ui::FontRole::Body, n.region_name);
      }
      f.fonts.note(data_->regions.full_name());
    }
  }
  auto status = sync_->status();
  if (status != status_) {
    status_ = status;
    model_.set_status(status_);
  }
  if (stats_ && f.now >= next_report_) {
    sync_->report_frame_ms(stats_->frame_percentile(99));
    next_report_ = f.now + std::chrono::seconds(5);
  }
}

void KioskApp::update(ui::Frame& f) {
  take_snapshots(f);
  const auto wall = std::chrono::time_point_cast<std::chrono::seconds>(f.wall);
  model_.tick(f.now, core::format_utc_iso(core::Timestamp(wall.time_since_epoch())));
  const float base = ui::theme::base_unit(static_cast<int>(f.width), static_cast<int>(f.height));
  f.fonts.set_unit(model_.large_text() ? std::round(base * kLargeText) : base);
  // Everything the screen is about to show, in the roles most text uses; titles and keys that
  // are missing are caught while drawing (Fonts::check) and the frame is built again.
  const std::string shown = model_.dump();
  const std::size_t hash = std::hash<std::string>{}(shown);
  if (hash != shown_hash_) {
    shown_hash_ = hash;
    f.fonts.note(ui::FontRole::Small, shown);
    f.fonts.note(ui::FontRole::Body, shown);
    f.fonts.note(ui::FontRole::Heading, shown);
  }
}

void KioskApp::build(ui::Frame& f) {
  ui::begin_screen(f, "kiosk");
  switch (model_.screen()) {
    case Screen::Home: screens::home(f, model_); break;
    case Screen::Lookup: screens::lookup(f, model_); break;
    case Screen::Notices: screens::notices(f, model_); break;
    case Screen::NoticeDetail: screens::notice_detail(f, model_); break;
  }
  screens::status_line(f, model_.status_line());
  ui::end_screen();
  screens::countdown(f, model_);
  screens::admin(f, model_);
}

}  // namespace sunlight::kiosk
