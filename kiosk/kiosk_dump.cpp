// KioskModel's text dumps: what the current screen shows, for scripted tests and reviewers, and every field it holds, for the privacy test.
#include <fmt/format.h>

#include "core/statement.hpp"
#include "kiosk/kiosk_model.hpp"

namespace sunlight::kiosk {
namespace {

void line(std::string& out, std::string_view kind, std::string_view text) {
  out += kind;
  out += ": ";
  out += text;
  out += '\n';
}

// Multi-line text (a notice body) becomes one line per line of text, blank lines skipped.
void lines(std::string& out, std::string_view kind, std::string_view text) {
  while (!text.empty()) {
    const auto end = text.find('\n');
    const auto part = text.substr(0, end);
    if (!part.empty()) line(out, kind, part);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

void keypad(std::string& out, const KeypadView& k, bool with_x) {
  if (!k.enabled) {
    line(out, "keypad", "disabled");
    return;
  }
  line(out, "keypad", fmt::format("1 2 3 4 5 6 7 8 9 {}0 {}", with_x ? k.x + " " : std::string(), k.backspace));
  if (!k.clear.empty()) line(out, "button", k.clear);
  line(out, "button", k.submit);
}

}  // namespace

std::string KioskModel::dump() const {
  std::string out;
  line(out, "screen", screen_word(screen_));
  const auto s = status_line();
  line(out, "status", fmt::format("{} | {} | {}", s.name, s.data_time, s.connection));
  if (large_text_) line(out, "mode", "large_text");
  switch (screen_) {
    case Screen::Home: {
      const auto v = home_view();
      if (!v.offline_banner.empty()) line(out, "banner", v.offline_banner);
      line(out, "title", v.village);
      line(out, "text", v.date);
      line(out, "text", v.time);
      line(out, "button", v.lookup_tile);
      line(out, "text", v.lookup_hint);
      line(out, "button", v.notices_tile);
      line(out, "text", v.notices_hint);
      line(out, "button", v.complaints_tile);
      line(out, "text", v.complaints_hint);
      line(out, "text", v.freshness);
      line(out, "button", v.large_text_label);
      line(out, "button", v.language_label);
      break;
    }
    case Screen::Lookup: {
      const auto v = lookup_view();
      line(out, "title", v.title);
      if (v.result) {
        const auto& r = *v.result;
        line(out, "text", r.name);
        line(out, "text", r.region);
        line(out, "text", r.address);
        line(out, "text", r.summary);
        for (const auto& y : r.years) {
          line(out, "section", y.heading);
          for (const auto& p : y.programmes) {
            line(out, "group", fmt::format("{} | {}", p.name, p.total));
            for (const auto& l : p.lines) {
              line(out, "item", fmt::format("{} | {} | {} | {}", l.date, l.standard, l.amount, l.method));
              if (!l.question.empty()) line(out, "button", l.question);
            }
            line(out, "text", p.ask);
          }
        }
      } else if (v.show_keypad) {
        line(out, "text", v.prompt);
        line(out, "field", v.field);
      }
      if (!v.message.empty()) line(out, "message", v.message);
      for (const auto& h : v.help) line(out, "text", h);
      if (v.show_keypad) keypad(out, v.keypad, true);
      else line(out, "button", v.again_label);
      line(out, "button", v.home_label);
      break;
    }
    case Screen::Notices: {
      const auto v = notices_view();
      line(out, "title", v.title);
      for (const auto& tab : v.tabs) line(out, "tab", tab.selected ? tab.label + " [selected]" : tab.label);
      for (const auto& r : v.rows) {
        auto text = fmt::format("{} | {} | {}", r.date, r.title, r.publisher);
        if (!r.level.empty()) text += fmt::format(" ({})", r.level);
        if (!r.flag.empty()) text += " | " + r.flag;
        line(out, "row", text);
      }
      if (v.rows.empty()) line(out, "text", v.empty_message);
      line(out, "button", v.home_label);
      break;
    }
    case Screen::NoticeDetail: {
      const auto v = notice_detail_view();
      const auto& n = v.notice;
      if (n.gone) {
        line(out, "message", n.gone_message);
      } else {
        line(out, "title", n.title);
        line(out, "text", n.publisher);
        line(out, "text", n.published);
        if (!n.corrected.empty()) line(out, "text", n.corrected);
        if (!n.retracted.empty()) line(out, "banner", n.retracted);
        if (!n.retract_reason.empty()) line(out, "text", n.retract_reason);
        lines(out, "text", n.body);
      }
      if (!v.question.empty()) line(out, "button", v.question);
      line(out, "button", v.back_label);
      line(out, "button", v.home_label);
      break;
    }
    case Screen::ComplaintMenu: {
      const auto v = complaint_menu_view();
      line(out, "title", v.title);
      line(out, "button", v.file_tile);
      line(out, "text", v.file_hint);
      line(out, "button", v.progress_tile);
      line(out, "text", v.progress_hint);
      line(out, "button", v.home_label);
      break;
    }
    case Screen::ComplaintFile: {
      const auto v = filing_view();
      line(out, "title", v.title);
      if (!v.prompt.empty()) line(out, "text", v.prompt);
      if (v.step == FilingFlow::Step::Reason && !v.about.empty()) line(out, "text", v.about);
      for (const auto& r : v.reasons) line(out, "button", r.label);
      if (v.step == FilingFlow::Step::Phone) {
        line(out, "field", v.field);
        if (!v.message.empty()) line(out, "message", v.message);
        line(out, "button", v.skip_label);
        keypad(out, v.keypad, false);
      } else {
        for (const auto& c : v.confirm) line(out, "text", c);
        if (!v.number.empty()) {
          line(out, "text", v.number_label);
          line(out, "number", v.number);
          line(out, "text", v.remember);
          if (!v.offline_note.empty()) line(out, "banner", v.offline_note);
        }
        if (!v.message.empty()) line(out, "message", v.message);
        for (const auto& h : v.help) line(out, "text", h);
        if (v.step == FilingFlow::Step::Confirm) line(out, "button", v.submit_label);
      }
      if (!v.back_label.empty()) line(out, "button", v.back_label);
      line(out, "button", v.home_label);
      break;
    }
    case Screen::ComplaintProgress: {
      const auto v = progress_view();
      line(out, "title", v.title);
      if (v.show_keypad) {
        line(out, "text", v.prompt);
        line(out, "field", v.field);
      }
      if (!v.number.empty()) {
        line(out, "number", v.number);
        line(out, "text", v.state);
        for (const auto& fact : v.facts) line(out, "text", fact);
        if (!v.overdue.empty()) line(out, "banner", v.overdue);
        if (!v.reply.empty()) {
          line(out, "text", v.reply_heading);
          lines(out, "reply", v.reply);
          line(out, "text", v.reply_by);
        }
        if (!v.no_reply.empty()) line(out, "text", v.no_reply);
        if (!v.rate_prompt.empty()) line(out, "text", v.rate_prompt);
        if (!v.stars.empty()) {
          std::string stars;
          int filled = 0;
          for (const auto& star : v.stars) {
            stars += (stars.empty() ? "" : " ") + star.label;
            filled += star.filled ? 1 : 0;
          }
          line(out, "stars", fmt::format("{} [{}]", stars, filled));
        }
        if (!v.rate_submit.empty()) line(out, "button", v.rate_enabled ? v.rate_submit : v.rate_submit + " [disabled]");
        if (!v.rating_message.empty()) line(out, "message", v.rating_message);
      }
      if (!v.message.empty()) line(out, "message", v.message);
      for (const auto& h : v.help) line(out, "text", h);
      if (v.show_keypad) {
        keypad(out, v.keypad, false);
        line(out, "button", v.back_label);
      } else {
        line(out, "button", v.again_label);
      }
      line(out, "button", v.home_label);
      break;
    }
  }
  if (const auto c = countdown_view(); c.active) {
    line(out, "overlay", "countdown");
    line(out, "message", c.message);
    line(out, "button", c.continue_label);
  }
  if (const auto a = admin_view(); a.active) {
    line(out, "overlay", "admin");
    line(out, "title", a.title);
    line(out, "text", a.message);
    line(out, "field", a.dots);
    keypad(out, a.keypad, false);
    line(out, "button", a.cancel_label);
  }
  return out;
}

std::string KioskModel::debug_state() const {
  std::string out;
  auto field = [&out](std::string_view name, const auto& value) { out += fmt::format("{}={}\n", name, value); };
  field("screen", screen_word(screen_));
  field("language", core::lang_tag(lang_));
  field("large_text", large_text_);
  field("tab", category_word(tab_));
  field("notice_id", notice_id_);
  field("now_iso", now_iso_);
  field("now_steady_ms", std::chrono::duration_cast<std::chrono::milliseconds>(now_.time_since_epoch()).count());
  const auto idle = idle_.state(now_);
  field("idle.enabled", idle_.enabled());
  field("idle.phase", static_cast<int>(idle.phase));
  field("idle.seconds_left", idle.seconds_left);
  field("lookup.state", state_word(lookup_.state()));
  field("lookup.entry", lookup_.entry().grouped());
  field("lookup.entry_size", lookup_.entry().size());
  if (const auto& p = lookup_.problem()) {
    field("lookup.problem", p->code);
    for (const auto& [name, value] : p->args) field("lookup.problem." + name, value);
  }
  if (const auto* st = lookup_.statement()) {
    field("lookup.statement.masked_id", st->masked_id);
    field("lookup.statement", "\n" + core::statement_text(*st, core::Lang::ZhCn));
  } else {
    field("lookup.statement", "none");
  }
  field("lookup.workers", lookup_.workers());
  field("lookup.person_tag", lookup_.person_tag());
  field("filing.step", filing_step_word(filing_.step()));
  field("filing.phone", filing_.phone_grouped());
  field("filing.phone_size", filing_.phone_size());
  field("filing.about", filing_.about());
  field("filing.subject_tag", filing_.subject().person_tag);
  field("filing.tracking_no", filing_.filed().tracking_no);
  field("filing.submissions", filing_.submissions());
  field("progress.step", progress_step_word(progress_.step()));
  field("progress.number", progress_.number_grouped());
  field("progress.number_size", progress_.number_size());
  field("progress.reply", progress_.status() && progress_.status()->reply ? progress_.status()->reply->text : "");
  field("progress.stars", progress_.stars());
  field("progress.ratings_sent", progress_.ratings_sent());
  field("rate.recent_failures", lookup_.rate_limit().recent_failures(now_));
  field("rate.pause_seconds_left", lookup_.pause_seconds_left(now_));
  field("admin.open", admin_open_);
  field("admin.pin_length", admin_pin_size_);  // the PIN itself is the administrator's secret
  field("admin.corner_taps", corner_taps_.size());
  field("admin.failures", admin_failures_);
  field("admin.locked", admin_locked_ && now_ < admin_locked_until_);
  field("exit_requested", exit_requested_);
  field("data", data_ ? fmt::format("scope {} seq {} notices {}", data_->scope, data_->public_seq, data_->notices.size())
                      : std::string("none"));
  field("status", status_ ? fmt::format("{} {}", sync::connection_word(status_->connection), status_->problem)
                          : std::string("none"));
  return out;
}

}  // namespace sunlight::kiosk
