// KioskModel's complaint views: the menu, each filing step and a complaint's progress, in the current language.
#include <fmt/format.h>

#include "core/date.hpp"
#include "kiosk/kiosk_model.hpp"
#include "kiosk/wipe.hpp"

namespace sunlight::kiosk {
namespace {

constexpr const char* kStarWords[] = {"kiosk.stars.1", "kiosk.stars.2", "kiosk.stars.3", "kiosk.stars.4",
                                      "kiosk.stars.5"};

}  // namespace

FilingView::~FilingView() {
  wipe_string(field);
  for (auto& line : confirm) wipe_string(line);
}

ProgressView::~ProgressView() {
  wipe_string(field);
  wipe_string(number);
  wipe_string(reply);
  wipe_string(reply_by);
}

std::string KioskModel::date_of(std::string_view utc_iso) const {
  const auto t = core::parse_utc_iso(utc_iso);
  if (!t) return std::string(utc_iso);
  const auto day = core::shanghai_date(t.value());
  return lang_ == core::Lang::ZhCn ? day.zh() : day.iso();
}

ComplaintMenuView KioskModel::complaint_menu_view() const {
  return {t("kiosk.home.complaints"),   t("kiosk.complaint.file"),     t("kiosk.complaint.file_hint"),
          t("kiosk.complaint.progress"), t("kiosk.complaint.progress_hint"), t("kiosk.back_home")};
}

FilingView KioskModel::filing_view() const {
  using Step = FilingFlow::Step;
  FilingView v;
  v.step = filing_.step();
  v.home_label = t("kiosk.back_home");
  v.back_label = t("kiosk.complaint.back");
  if (!filing_.about().empty()) v.about = tf("kiosk.complaint.about", {{"about", filing_.about()}});
  switch (v.step) {
    case Step::Reason:
      v.title = t("kiosk.home.complaints");
      if (!status_ || status_->terminal_id == 0) {
        // A kiosk that never reached the server has no id to make numbers with (docs/complaints.md).
        v.blocked = true;
        v.message = t("kiosk.complaint.no_id");
        v.help = {t("kiosk.complaint.no_id_help")};
        break;
      }
      v.prompt = t("kiosk.complaint.reason_prompt");
      for (const auto reason : core::kComplaintReasons)
        v.reasons.push_back({reason, std::string(core::complaint_reason_name(reason, lang_))});
      break;
    case Step::Phone:
      v.title = t("kiosk.complaint.phone_title");
      v.prompt = t("kiosk.complaint.phone_prompt");
      v.field = filing_.phone_grouped();
      if (filing_.phone_problem() == "phone.short")
        v.message = tf("kiosk.complaint.phone_short", {{"length", std::to_string(filing_.phone_size())}});
      else if (filing_.phone_problem() == "phone.prefix")
        v.message = t("kiosk.complaint.phone_prefix");
      v.skip_label = t("kiosk.complaint.skip");
      v.keypad.x.clear();
      v.keypad.backspace = t("kiosk.lookup.backspace");
      v.keypad.clear = t("kiosk.lookup.clear");
      v.keypad.submit = t("kiosk.complaint.next");
      break;
    case Step::Confirm:
    case Step::Filing: {
      v.title = t("kiosk.complaint.confirm_title");
      v.prompt = t("kiosk.complaint.confirm_prompt");
      if (filing_.reason())
        v.confirm.push_back(
            tf("kiosk.complaint.confirm_reason", {{"reason", std::string(core::complaint_reason_name(*filing_.reason(), lang_))}}));
      v.confirm.push_back(v.about.empty() ? t("kiosk.complaint.about_none") : v.about);
      const auto masked = filing_.phone_masked();
      v.confirm.push_back(masked.empty() ? t("kiosk.complaint.confirm_no_phone")
                                         : tf("kiosk.complaint.confirm_phone", {{"phone", masked}}));
      v.submit_label = t("kiosk.complaint.submit");
      if (v.step == Step::Filing) {
        v.message = t("kiosk.complaint.filing");
        v.back_label.clear();
        v.home_label.clear();  // leaving now would lose the number being issued
      }
      break;
    }
    case Step::Filed:
      v.title = t("kiosk.complaint.filed_title");
      v.number_label = t("kiosk.complaint.number_label");
      v.number = core::format_tracking_number(filing_.filed().tracking_no);
      v.remember = t("kiosk.complaint.remember");
      if (!online()) v.offline_note = t("kiosk.complaint.offline_note");
      v.back_label.clear();
      v.about.clear();
      break;
    case Step::Refused:
      v.title = t("kiosk.home.complaints");
      v.blocked = true;
      switch (filing_.filed().outcome) {
        case sync::FiledComplaint::Outcome::NoTerminalId:
          v.message = t("kiosk.complaint.no_id");
          v.help = {t("kiosk.complaint.no_id_help")};
          break;
        default:
          v.message = t("kiosk.complaint.failed");
          v.help = {t("kiosk.complaint.failed_help")};
          break;
      }
      break;
  }
  return v;
}

ProgressView KioskModel::progress_view() const {
  using Step = ProgressFlow::Step;
  ProgressView v;
  v.step = progress_.step();
  v.title = t("kiosk.complaint.progress");
  v.prompt = t("kiosk.progress.prompt");
  v.field = progress_.number_grouped();
  v.keypad.x.clear();
  v.keypad.backspace = t("kiosk.lookup.backspace");
  v.keypad.clear = t("kiosk.lookup.clear");
  v.keypad.submit = t("kiosk.lookup.submit");
  v.keypad.enabled = v.step != Step::Checking && v.step != Step::Paused;
  v.again_label = t("kiosk.progress.again");
  v.back_label = t("kiosk.complaint.back");
  v.home_label = t("kiosk.back_home");
  switch (v.step) {
    case Step::Entering: break;
    case Step::Invalid:
      if (progress_.number_problem() == "number.short")
        v.message = tf("kiosk.progress.short", {{"length", std::to_string(progress_.number_size())}});
      else
        v.message = t("kiosk.progress.check_digit");
      break;
    case Step::Checking: v.message = t("kiosk.lookup.searching"); break;
    case Step::Offline:
      v.show_keypad = false;
      v.message = t("kiosk.progress.offline");
      v.again_label = t("kiosk.progress.retry");
      break;
    case Step::Unknown:
      v.show_keypad = false;
      v.message = t("kiosk.progress.unknown");
      v.help = {t("kiosk.progress.unknown_help")};
      v.again_label = t("kiosk.progress.edit");
      break;
    case Step::Pending:
      v.show_keypad = false;
      v.message = t("kiosk.progress.pending");
      v.help = {t("kiosk.progress.pending_help")};
      break;
    case Step::NotSubmitted:
      v.show_keypad = false;
      v.message = t("kiosk.progress.not_submitted");
      v.help = {t("kiosk.progress.not_submitted_help")};
      break;
    case Step::Paused:
      v.keypad.enabled = false;
      v.message = tf("kiosk.lookup.paused", {{"seconds", std::to_string(progress_.pause_seconds_left())}});
      v.help = {t("kiosk.lookup.paused_why")};
      break;
    case Step::Failed:
      v.show_keypad = false;
      v.message = t("kiosk.progress.failed");
      v.help = {t("kiosk.complaint.failed_help")};
      v.again_label = t("kiosk.progress.retry");
      break;
    case Step::Shown: {
      v.show_keypad = false;
      const auto& status = progress_.status();
      if (!status) break;
      const auto& s = *status;
      v.number = tf("kiosk.progress.number", {{"number", core::format_tracking_number(s.tracking_no)}});
      v.state = std::string(core::complaint_state_name(s.state, lang_));
      v.facts.push_back(tf("kiosk.progress.reason", {{"reason", std::string(core::complaint_reason_name(s.reason, lang_))}}));
      if (!s.received_at.empty()) v.facts.push_back(tf("kiosk.progress.received", {{"date", date_of(s.received_at)}}));
      const bool answered = s.state != core::ComplaintState::Received && s.state != core::ComplaintState::Accepted;
      if (!s.deadline_at.empty() && !answered)
        v.facts.push_back(tf("kiosk.progress.deadline", {{"date", date_of(s.deadline_at)}}));
      if (s.overdue) v.overdue = t("kiosk.progress.overdue");
      if (s.reply) {
        v.reply_heading = t("kiosk.progress.reply_heading");
        v.reply = s.reply->text;
        v.reply_by = s.reply->by.empty() ? date_of(s.reply->at) : s.reply->by + "　" + date_of(s.reply->at);
      } else if (!answered) {
        v.no_reply = t("kiosk.progress.no_reply");
      }
      const auto rating = progress_.rating();
      v.can_rate = s.can_rate && rating != ProgressFlow::Rating::Thanks;
      const int shown_stars = s.rating > 0 ? s.rating : progress_.stars();
      if (v.can_rate || s.rating > 0) {
        for (int i = 0; i < 5; ++i)
          v.stars.push_back({tf("kiosk.stars.label", {{"n", std::to_string(i + 1)}}), t(kStarWords[i]), i < shown_stars});
      }
      if (v.can_rate) {
        v.rate_prompt = t("kiosk.progress.rate_prompt");
        v.rate_submit = rating == ProgressFlow::Rating::Sending ? t("kiosk.progress.rating_sending")
                                                                : t("kiosk.progress.rate_submit");
        v.rate_enabled = progress_.stars() > 0 && rating != ProgressFlow::Rating::Sending &&
                         !(rating == ProgressFlow::Rating::Refused && progress_.rating_problem() != "offline" &&
                           progress_.rating_problem() != "failed");
      }
      if (rating == ProgressFlow::Rating::Thanks) {
        v.rating_message = t("kiosk.progress.thanks");
      } else if (rating == ProgressFlow::Rating::Refused) {
        v.rating_message = t("kiosk.progress.rating_" + progress_.rating_problem());
        v.rating_ok = false;
      } else if (s.rating > 0) {
        v.rating_message = tf("kiosk.progress.rated", {{"stars", std::to_string(s.rating)}});
      }
      break;
    }
  }
  return v;
}

}  // namespace sunlight::kiosk
