// The kiosk as a ui::App (see kiosk_app.hpp).
#include "kiosk/kiosk_app.hpp"

#include <cmath>
#include <functional>

#include "core/date.hpp"
#include "core/i18n.hpp"
#include "kiosk/screens/screens.hpp"
#include "kiosk/wipe.hpp"
#include "ui/fonts.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace sunlight::kiosk {

namespace {
constexpr float kLargeText = 1.3f;  // the 大字 toggle: 40 px type becomes 52 px at 1080p
}

KioskApp::KioskApp(KioskModel& model, sync::FeedSync* sync) : model_(model), sync_(sync) {}

void KioskApp::note_catalog(ui::Fonts& fonts, core::Lang lang) {
  // Every sentence the kiosk can say, in every size: the first frame and each screen's title
  // and keys then need no second atlas build.
  for (const auto& key : core::catalog_keys(lang)) {
    if (key.starts_with("kiosk.") || key.starts_with("app.") || key.starts_with("id.")) fonts.note(core::tr(lang, key));
  }
  fonts.note("0123456789X");
}

void KioskApp::note_data(ui::Fonts& fonts, const sync::TerminalData& data) {
  // Notices as the list and the page draw them; and what a statement can show besides a
  // person's name — programmes, standards, departments, the groups of the village — so that a
  // lookup's result rarely needs an atlas build between the tap and the answer.
  for (const auto& n : data.notices) {
    fonts.note(ui::FontRole::Heading, n.title);
    fonts.note(ui::FontRole::Title, n.title);
    fonts.note(ui::FontRole::Body, n.title);
    fonts.note(ui::FontRole::Body, n.body);
    fonts.note(ui::FontRole::Body, n.region_name);
    fonts.note(ui::FontRole::Body, n.retract_reason);
  }
  for (const auto& total : data.fund_totals) {
    // In every role a statement's text may be noted in (update() notes a screen's text in Body
    // and Heading); a few dozen characters in all.
    for (const std::string* text : {&total.fund.name, &total.fund.standard, &total.fund.department}) {
      fonts.note(ui::FontRole::Small, *text);
      fonts.note(ui::FontRole::Body, *text);
      fonts.note(ui::FontRole::Heading, *text);
    }
  }
  const std::string place = data.regions.full_name();
  fonts.note(ui::FontRole::Title, place);
  fonts.note(ui::FontRole::Body, place);
  for (const auto& child : data.regions.children) fonts.note(ui::FontRole::Body, child.name);
}

void KioskApp::note_person(ui::Fonts& fonts, const LookupView& view) {
  // A person's name and address, and the free text of their payments (a standard may say
  // "因意外事故住院致困"), go to the small Person atlas only (see the statement screen).
  if (!view.result) return;
  fonts.note(ui::FontRole::PersonHeading, view.result->name);
  fonts.note(ui::FontRole::PersonBody, view.result->region + view.result->address);
  for (const auto& year : view.result->years) {
    for (const auto& programme : year.programmes) {
      for (const auto& line : programme.lines) fonts.note(ui::FontRole::PersonBody, line.standard + line.method);
    }
  }
}

void KioskApp::take_snapshots(ui::Frame& f) {
  if (!sync_) return;
  auto data = sync_->data();
  if (data != data_) {
    data_ = data;
    model_.set_data(data_);
    if (data_) note_data(f.fonts, *data_);
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
  if (!catalog_noted_ || model_.language() != noted_language_) {
    note_catalog(f.fonts, model_.language());
    f.fonts.note(ui::FontRole::Small, model_.status_line().name);
    catalog_noted_ = true;
    noted_language_ = model_.language();
  }
  // Whatever else the screen is about to show (a notice, a message) in the two roles most text
  // uses; anything still missing is caught while drawing (Fonts::check) and the frame is built
  // again. Each new character costs a shared atlas rebuild, which is why the data and the
  // catalog are noted ahead (note_data, note_catalog).
  std::string shown = model_.dump();
  const std::size_t hash = std::hash<std::string>{}(shown);
  if (hash != shown_hash_) {
    shown_hash_ = hash;
    const bool person = model_.screen() == Screen::Lookup && model_.lookup().statement() != nullptr;
    if (person) {
      note_person(f.fonts, model_.lookup_view());  // everything else on it was noted ahead
    } else {
      f.fonts.forget_person();  // they have gone: their characters go too
      f.fonts.note(ui::FontRole::Body, shown);
      f.fonts.note(ui::FontRole::Heading, shown);
    }
  }
  wipe_string(shown);  // it held the typed number, every frame
}

void KioskApp::build(ui::Frame& f) {
  ui::begin_screen(f, "kiosk");
  switch (model_.screen()) {
    case Screen::Home: screens::home(f, model_); break;
    case Screen::Lookup: screens::lookup(f, model_); break;
    case Screen::Notices: screens::notices(f, model_); break;
    case Screen::NoticeDetail: screens::notice_detail(f, model_); break;
    case Screen::ComplaintMenu: screens::complaint_menu(f, model_); break;
    case Screen::ComplaintFile: screens::complaint_file(f, model_); break;
    case Screen::ComplaintProgress: screens::complaint_progress(f, model_); break;
  }
  screens::status_line(f, model_.status_line());
  ui::end_screen();
  screens::countdown(f, model_);
  screens::admin(f, model_);
}

}  // namespace sunlight::kiosk
