// KioskModel's state machine: screens, idle reset, keypad, the hidden admin exit. Views are in kiosk_views.cpp, dumps in kiosk_dump.cpp.
#include "kiosk/kiosk_model.hpp"

#include <sodium.h>

#include "core/crypto.hpp"

namespace sunlight::kiosk {
namespace {

using namespace std::chrono_literals;

constexpr int kCornerTaps = 5;
constexpr auto kCornerWindow = 3s;
constexpr int kAdminAttempts = 3;
constexpr auto kAdminLockout = 5min;

}  // namespace

KioskModel::KioskModel(KioskConfig config, LookupFlow::LookupFn lookup, ComplaintServices complaints)
    : config_(std::move(config)),
      lookup_(std::move(lookup), LookupRateLimit(config_.lookup_failures, std::chrono::seconds(config_.lookup_window_seconds),
                                                 std::chrono::seconds(config_.lookup_pause_seconds))),
      complaints_(std::move(complaints)),
      // Progress numbers are sequential: the same limit as ID lookups, so nobody walks them.
      progress_(LookupRateLimit(config_.lookup_failures, std::chrono::seconds(config_.lookup_window_seconds),
                                std::chrono::seconds(config_.lookup_pause_seconds))),
      idle_(std::chrono::seconds(config_.idle_seconds), std::chrono::seconds(config_.countdown_seconds)),
      lang_(config_.language) {}

void KioskModel::set_data(std::shared_ptr<const sync::TerminalData> data) {
  data_ = std::move(data);
  notices_.set_data(data_);
}

void KioskModel::set_status(std::shared_ptr<const sync::SyncStatus> status) { status_ = std::move(status); }

void KioskModel::touch(SteadyTime now) {
  now_ = now;
  idle_.touch(now);
}

void KioskModel::tick(SteadyTime now, std::string_view now_utc_iso) {
  now_ = now;
  if (!now_utc_iso.empty()) now_iso_ = std::string(now_utc_iso);
  lookup_.poll(now);
  filing_.poll();
  progress_.tick(now);
  progress_.poll();
  if (admin_locked_ && now >= admin_locked_until_) admin_locked_ = false;
  // Never while a complaint is being filed: its number would be issued and never shown.
  if (idle_.state(now).phase == IdleState::Phase::Expired && !filing_.busy()) reset_to_home(true);
}

void KioskModel::show(Screen screen) {
  screen_ = screen;
  update_idle();
}

void KioskModel::update_idle() {
  // Home has nothing to reset, so no countdown there — unless the admin overlay is open, or the
  // last visitor left English or large type on: the next one must find the kiosk as configured.
  const bool visitor_settings = lang_ != config_.language || large_text_;
  idle_.set_enabled(screen_ != Screen::Home || admin_open_ || visitor_settings, now_);
}

void KioskModel::reset_to_home(bool idle) {
  lookup_.wipe();
  filing_.wipe();
  progress_.wipe();
  close_admin();
  corner_taps_.clear();
  notice_id_ = 0;
  tab_ = core::NoticeCategory::VillageAffairs;
  if (idle) {
    // The next person starts as the kiosk is configured, not as the last one left it.
    lang_ = config_.language;
    large_text_ = false;
  }
  show(Screen::Home);
}

void KioskModel::open_lookup() {
  if (admin_open_) return;
  lookup_.restart();
  show(Screen::Lookup);
}

void KioskModel::open_notices() {
  if (admin_open_) return;
  show(Screen::Notices);
}

void KioskModel::select_tab(core::NoticeCategory tab) {
  if (admin_open_ || (screen_ != Screen::Notices && screen_ != Screen::NoticeDetail)) return;
  tab_ = tab;
  show(Screen::Notices);
}

void KioskModel::open_notice(std::int64_t id) {
  if (admin_open_ || (screen_ != Screen::Notices && screen_ != Screen::NoticeDetail)) return;
  notice_id_ = id;
  show(Screen::NoticeDetail);
}

void KioskModel::back() {
  if (admin_open_) {
    admin_cancel();
    return;
  }
  switch (screen_) {
    case Screen::NoticeDetail: show(Screen::Notices); return;
    case Screen::ComplaintFile: {
      const auto step = filing_.step();
      if (step == FilingFlow::Step::Phone || step == FilingFlow::Step::Confirm) {
        filing_.back();
      } else if (step == FilingFlow::Step::Reason || step == FilingFlow::Step::Refused) {
        filing_.wipe();
        show(filing_origin_);
      } else if (step == FilingFlow::Step::Filed) {
        reset_to_home(false);
      }
      return;
    }
    case Screen::ComplaintProgress:
      if (progress_.busy()) return;
      progress_.wipe();
      show(Screen::ComplaintMenu);
      return;
    case Screen::Home: return;
    default: reset_to_home(false); return;
  }
}

void KioskModel::go_home() {
  // 正在提交: the number is being issued; leaving now would lose it (the button is hidden too).
  if (filing_.busy()) return;
  reset_to_home(false);
}

void KioskModel::set_language(core::Lang lang) {
  lang_ = lang;
  update_idle();
}

void KioskModel::toggle_language() { set_language(lang_ == core::Lang::ZhCn ? core::Lang::En : core::Lang::ZhCn); }

void KioskModel::toggle_large_text() {
  large_text_ = !large_text_;
  update_idle();
}

void KioskModel::key(char c) {
  if (admin_open_) return;
  if (screen_ == Screen::Lookup) (void)lookup_.press(c, now_);
  else if (screen_ == Screen::ComplaintFile) (void)filing_.press(c);
  else if (screen_ == Screen::ComplaintProgress) (void)progress_.press(c);
}

void KioskModel::key_backspace() {
  if (admin_open_) return;
  if (screen_ == Screen::Lookup) (void)lookup_.backspace(now_);
  else if (screen_ == Screen::ComplaintFile) filing_.backspace();
  else if (screen_ == Screen::ComplaintProgress) progress_.backspace();
}

void KioskModel::key_clear() {
  if (admin_open_) return;
  if (screen_ == Screen::Lookup) (void)lookup_.clear(now_);
  else if (screen_ == Screen::ComplaintFile) filing_.clear();
  else if (screen_ == Screen::ComplaintProgress) progress_.clear();
}

void KioskModel::key_submit() {
  if (admin_open_) return;
  if (screen_ == Screen::Lookup) (void)lookup_.submit(now_);
  else if (screen_ == Screen::ComplaintFile) filing_.next();
  else if (screen_ == Screen::ComplaintProgress) (void)progress_.check(complaints_);
}

bool KioskModel::busy() const noexcept {
  return lookup_.state() == LookupFlow::State::Searching || filing_.busy() || progress_.busy();
}

bool KioskModel::online() const noexcept {
  return status_ && status_->connection == sync::SyncStatus::Connection::Online;
}

void KioskModel::open_complaints() {
  if (admin_open_ || screen_ != Screen::Home) return;
  show(Screen::ComplaintMenu);
}

void KioskModel::begin_filing(sync::ComplaintSubject subject, std::string about, Screen origin) {
  filing_.begin(std::move(subject), std::move(about));
  filing_origin_ = origin;
  show(Screen::ComplaintFile);
}

void KioskModel::open_filing() {
  if (admin_open_ || screen_ != Screen::ComplaintMenu) return;
  begin_filing({}, {}, Screen::ComplaintMenu);
}

void KioskModel::open_progress() {
  if (admin_open_ || screen_ != Screen::ComplaintMenu) return;
  progress_.wipe();
  show(Screen::ComplaintProgress);
}

void KioskModel::complain_about_payment(std::size_t year, std::size_t programme, std::size_t line) {
  if (admin_open_ || screen_ != Screen::Lookup) return;
  const auto* st = lookup_.statement();
  if (!st || year >= st->years.size() || programme >= st->years[year].programmes.size() ||
      line >= st->years[year].programmes[programme].lines.size() || lookup_.person_tag().empty())
    return;
  const auto& p = st->years[year].programmes[programme];
  const auto& l = p.lines[line];
  sync::ComplaintSubject subject;
  subject.kind = sync::ComplaintSubject::Kind::Payment;
  subject.person_tag = lookup_.person_tag();
  subject.programme = p.name;
  subject.paid_on = l.paid_on.iso();
  subject.amount_fen = l.amount.fen();
  begin_filing(std::move(subject), p.name + "　" + l.paid_on.iso() + "　" + l.amount.format(), Screen::Lookup);
}

void KioskModel::complain_about_notice() {
  if (admin_open_ || screen_ != Screen::NoticeDetail) return;
  const auto detail = notices_.detail(notice_id_, now_iso_, lang_);
  if (detail.gone) return;
  sync::ComplaintSubject subject;
  subject.kind = sync::ComplaintSubject::Kind::Notice;
  subject.notice_id = notice_id_;
  begin_filing(std::move(subject), detail.title, Screen::NoticeDetail);
}

void KioskModel::choose_reason(core::ComplaintReason reason) {
  if (admin_open_ || screen_ != Screen::ComplaintFile) return;
  if (!status_ || status_->terminal_id == 0) return;  // the screen says why it cannot take one
  filing_.choose(reason);
}

void KioskModel::skip_phone() {
  if (!admin_open_ && screen_ == Screen::ComplaintFile) filing_.skip();
}

void KioskModel::submit_complaint() {
  if (!admin_open_ && screen_ == Screen::ComplaintFile) (void)filing_.submit(complaints_);
}

void KioskModel::choose_stars(int stars) {
  if (!admin_open_ && screen_ == Screen::ComplaintProgress) progress_.choose_stars(stars);
}

void KioskModel::submit_rating() {
  if (!admin_open_ && screen_ == Screen::ComplaintProgress) (void)progress_.submit_rating(complaints_);
}

void KioskModel::another_number() {
  if (admin_open_ || screen_ != Screen::ComplaintProgress) return;
  switch (progress_.step()) {
    case ProgressFlow::Step::Unknown: progress_.edit(); break;
    case ProgressFlow::Step::Offline:
    case ProgressFlow::Step::Failed: (void)progress_.retry(complaints_); break;
    default: progress_.again(); break;
  }
}

void KioskModel::new_lookup() {
  if (!admin_open_ && screen_ == Screen::Lookup) lookup_.restart();
}

void KioskModel::corner_tap() {
  if (config_.admin_pin.empty() || admin_open_) return;  // empty PIN: exit disabled in the config
  if (admin_locked_ && now_ < admin_locked_until_) return;
  while (!corner_taps_.empty() && now_ - corner_taps_.front() > kCornerWindow) corner_taps_.pop_front();
  corner_taps_.push_back(now_);
  if (static_cast<int>(corner_taps_.size()) < kCornerTaps) return;
  corner_taps_.clear();
  admin_open_ = true;
  admin_pin_size_ = 0;
  show(screen_);
}

void KioskModel::admin_key(char digit) {
  if (!admin_open_ || digit < '0' || digit > '9' || admin_pin_size_ >= admin_pin_.size()) return;
  admin_pin_[admin_pin_size_++] = digit;
}

void KioskModel::admin_backspace() {
  if (admin_open_ && admin_pin_size_ > 0) admin_pin_[--admin_pin_size_] = '\0';
}

void KioskModel::admin_submit() {
  if (!admin_open_) return;
  const std::string_view typed(admin_pin_.data(), admin_pin_size_);
  const bool right = typed.size() == config_.admin_pin.size() && core::constant_time_equal(typed, config_.admin_pin);
  if (right) {
    exit_requested_ = true;
    close_admin();
    return;
  }
  // A wrong PIN goes home, so someone guessing has to do the gesture again for each try.
  if (++admin_failures_ >= kAdminAttempts) {
    admin_failures_ = 0;
    admin_locked_ = true;
    admin_locked_until_ = now_ + kAdminLockout;
  }
  reset_to_home(false);
}

void KioskModel::admin_cancel() {
  close_admin();
  show(screen_);
}

void KioskModel::close_admin() noexcept {
  sodium_memzero(admin_pin_.data(), admin_pin_.size());
  admin_pin_size_ = 0;
  admin_open_ = false;
}

std::string_view screen_word(Screen screen) noexcept {
  switch (screen) {
    case Screen::Home: return "home";
    case Screen::Lookup: return "lookup";
    case Screen::Notices: return "notices";
    case Screen::NoticeDetail: return "notice_detail";
    case Screen::ComplaintMenu: return "complaints";
    case Screen::ComplaintFile: return "complaint";
    case Screen::ComplaintProgress: return "progress";
  }
  return "home";
}

}  // namespace sunlight::kiosk
