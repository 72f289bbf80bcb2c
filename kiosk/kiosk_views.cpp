// KioskModel's views: each screen's strings in the current language, money and dates through core's formatters.
#include <fmt/format.h>

#include "core/date.hpp"
#include "kiosk/kiosk_model.hpp"
#include "kiosk/wipe.hpp"

namespace sunlight::kiosk {
namespace {

std::string method_key(core::PaymentMethod method) {
  switch (method) {
    case core::PaymentMethod::Card: return "kiosk.method.card";
    case core::PaymentMethod::BankTransfer: return "kiosk.method.bank_transfer";
    case core::PaymentMethod::Cash: return "kiosk.method.cash";
    case core::PaymentMethod::SocialSecurityCard: return "kiosk.method.social_security_card";
  }
  return "kiosk.method.card";
}

constexpr std::array<core::NoticeCategory, 4> kTabs{core::NoticeCategory::VillageAffairs, core::NoticeCategory::Finance,
                                                    core::NoticeCategory::PartyAffairs,
                                                    core::NoticeCategory::PublicNotice};

}  // namespace

std::string KioskModel::t(std::string_view key) const { return std::string(core::tr(lang_, key)); }

std::string KioskModel::tf(std::string_view key, const std::vector<std::pair<std::string, std::string>>& args) const {
  return core::tr_format(lang_, key, args);
}

std::string KioskModel::time_of(std::string_view utc_iso) const {
  const auto t = core::parse_utc_iso(utc_iso);
  if (!t) return std::string(utc_iso);
  const auto now = core::parse_utc_iso(now_iso_);
  if (now && core::shanghai_date(now.value()) == core::shanghai_date(t.value())) return core::format_shanghai_time(t.value());
  return core::format_shanghai_datetime(t.value());
}

std::string KioskModel::data_time() const {
  if (data_ && data_->has_public && !data_->data_time.empty()) return data_->data_time;
  if (status_ && status_->has_data && !status_->data_time.empty()) return status_->data_time;
  return {};
}

std::string KioskModel::id_message(const core::Problem& problem) const {
  // The kiosk's own plain words for each ID problem; core's sentence for any code it lacks.
  const std::string key = "kiosk." + problem.code;
  const auto text = core::tr(lang_, key);
  if (text != key) return core::tr_format(lang_, key, problem.args);
  return core::describe(problem, lang_);
}

StatusLine KioskModel::status_line() const {
  StatusLine s;
  s.name = config_.sync.name.empty() ? t("kiosk.status.unnamed") : config_.sync.name;
  const auto when = data_time();
  s.data_time = when.empty() ? t("kiosk.status.no_data") : tf("kiosk.status.data_time", {{"time", time_of(when)}});
  const auto connection = status_ ? status_->connection : sync::SyncStatus::Connection::Starting;
  s.online = connection == sync::SyncStatus::Connection::Online;
  switch (connection) {
    case sync::SyncStatus::Connection::Online: s.connection = t("kiosk.status.online"); break;
    case sync::SyncStatus::Connection::Offline: s.connection = t("kiosk.status.offline"); break;
    case sync::SyncStatus::Connection::Starting: s.connection = t("kiosk.status.starting"); break;
  }
  return s;
}

HomeView KioskModel::home_view() const {
  HomeView v;
  // Before the first snapshot the replica knows the scope's code only: no number on the screen.
  v.village = data_ && data_->has_public ? data_->regions.full_name() : std::string();
  if (v.village.empty()) v.village = t("app.name");
  if (const auto now = core::parse_utc_iso(now_iso_)) {
    const auto day = core::shanghai_date(now.value());
    // 1970-01-01 was a Thursday; 0 = Sunday.
    const auto weekday = ((day.days_since_epoch() + 4) % 7 + 7) % 7;
    v.date = tf("kiosk.home.date", {{"date", lang_ == core::Lang::ZhCn ? day.zh() : day.iso()},
                                    {"weekday", t(fmt::format("kiosk.weekday.{}", weekday))}});
    v.time = core::format_shanghai_time(now.value());
  }
  v.lookup_tile = t("kiosk.home.lookup");
  v.notices_tile = t("kiosk.home.notices");
  v.lookup_hint = t("kiosk.home.lookup_hint");
  v.notices_hint = t("kiosk.home.notices_hint");
  v.complaints_tile = t("kiosk.home.complaints");
  v.complaints_hint = t("kiosk.home.complaints_hint");
  const auto when = data_time();
  v.freshness = when.empty() ? t("kiosk.home.no_data") : tf("kiosk.home.freshness", {{"time", time_of(when)}});
  if (status_ && status_->connection == sync::SyncStatus::Connection::Offline)
    v.offline_banner = when.empty() ? t("kiosk.home.offline_no_data") : tf("kiosk.home.offline", {{"time", time_of(when)}});
  v.large_text_label = t(large_text_ ? "kiosk.home.normal_text" : "kiosk.home.large_text");
  v.language_label = t("kiosk.home.other_language");
  return v;
}

LookupView::~LookupView() {
  wipe_string(field);
  if (result) {
    wipe_string(result->name);
    wipe_string(result->region);
    wipe_string(result->address);
  }
}

LookupView KioskModel::lookup_view() const {
  using State = LookupFlow::State;
  LookupView v;
  v.state = lookup_.state();
  v.title = t("kiosk.home.lookup");
  v.prompt = t("kiosk.lookup.prompt");
  v.field = lookup_.entry().grouped();
  v.keypad.backspace = t("kiosk.lookup.backspace");  // words: Noto Sans CJK has no ⌫
  v.keypad.clear = t("kiosk.lookup.clear");
  v.keypad.submit = t("kiosk.lookup.submit");
  v.keypad.enabled = v.state != State::Searching && v.state != State::Paused;
  v.again_label = t("kiosk.lookup.again");
  v.home_label = t("kiosk.back_home");
  switch (v.state) {
    case State::Entering: break;
    case State::Invalid:
      if (lookup_.problem()) v.message = id_message(*lookup_.problem());
      break;
    case State::Searching: v.message = t("kiosk.lookup.searching"); break;
    case State::NotFound:
      v.show_keypad = false;
      v.message = t("kiosk.lookup.not_found");
      v.help = {t("kiosk.lookup.not_found_check"), t("kiosk.lookup.not_found_ask")};
      break;
    case State::NotReady:
      v.show_keypad = false;
      v.message = t("kiosk.lookup.not_ready");
      break;
    case State::Damaged:
      v.show_keypad = false;
      v.message = t("kiosk.lookup.damaged");
      v.help = {t("kiosk.lookup.damaged_ask")};
      break;
    case State::Paused:
      v.pause_seconds = lookup_.pause_seconds_left(now_);
      v.message = tf("kiosk.lookup.paused", {{"seconds", std::to_string(v.pause_seconds)}});
      v.help = {t("kiosk.lookup.paused_why")};
      break;
    case State::Found: {
      v.show_keypad = false;
      v.title = t("kiosk.result.title");
      const auto* st = lookup_.statement();
      if (!st) break;
      StatementView r;
      r.name = tf("kiosk.result.name", {{"name", st->masked_name}});
      r.region = tf("kiosk.result.region", {{"region", st->region_name}});
      r.address = tf("kiosk.result.address", {{"address", st->masked_address}});
      r.summary = tf("kiosk.result.summary",
                     {{"count", std::to_string(st->payment_count)}, {"total", st->total.format()}});
      for (const auto& year : st->years) {
        YearView y;
        y.heading = tf("kiosk.result.year", {{"year", std::to_string(year.year)}, {"total", year.total.format()}});
        for (const auto& programme : year.programmes) {
          ProgrammeView p;
          p.name = programme.name;
          p.total = programme.total.format();
          p.ask = tf("kiosk.result.ask", {{"department", programme.department.empty() ? t("kiosk.result.department_unknown")
                                                                                       : programme.department}});
          for (const auto& line : programme.lines)
            p.lines.push_back({line.paid_on.iso(), line.standard, line.amount.format(), t(method_key(line.method)),
                               lookup_.person_tag().empty() ? std::string() : t("kiosk.result.question")});
          y.programmes.push_back(std::move(p));
        }
        r.years.push_back(std::move(y));
      }
      if (st->years.empty()) r.summary = t("kiosk.result.none");
      v.result = std::move(r);
      break;
    }
  }
  return v;
}

NoticesView KioskModel::notices_view() const {
  NoticesView v;
  v.title = t("kiosk.home.notices");
  for (const auto tab : kTabs)
    v.tabs.push_back({tab, t(fmt::format("kiosk.tab.{}", category_word(tab))), tab == tab_});
  v.rows = notices_.list(tab_, now_iso_, lang_);
  v.empty_message = t(data_ && data_->has_public ? "kiosk.notices.empty" : "kiosk.home.no_data");
  v.home_label = t("kiosk.back_home");
  return v;
}

NoticeDetailView KioskModel::notice_detail_view() const {
  NoticeDetailView v{notices_.detail(notice_id_, now_iso_, lang_), t("kiosk.notices.back"), t("kiosk.back_home"), {}};
  if (!v.notice.gone) v.question = t("kiosk.notice.question");
  return v;
}

CountdownView KioskModel::countdown_view() const {
  CountdownView v;
  const auto state = idle_.state(now_);
  if (state.phase != IdleState::Phase::Countdown) return v;
  v.active = true;
  v.seconds = state.seconds_left;
  v.message = tf("kiosk.countdown.message", {{"seconds", std::to_string(v.seconds)}});
  v.continue_label = t("kiosk.countdown.continue");
  return v;
}

AdminView KioskModel::admin_view() const {
  AdminView v;
  if (!admin_open_) return v;
  v.active = true;
  v.title = t("kiosk.admin.title");
  for (std::size_t i = 0; i < admin_pin_size_; ++i) v.dots += "●";
  v.message = t("kiosk.admin.prompt");
  v.keypad.x.clear();  // a PIN has digits only
  v.keypad.backspace = t("kiosk.lookup.backspace");  // words: Noto Sans CJK has no ⌫
  v.keypad.clear.clear();  // no clear key: deleting one by one is enough for a few digits
  v.keypad.submit = t("kiosk.admin.submit");
  v.cancel_label = t("kiosk.admin.cancel");
  return v;
}

}  // namespace sunlight::kiosk
