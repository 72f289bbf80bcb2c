// The whole kiosk as the screens see it: which screen, what each shows (already translated), and every input a person makes.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/i18n.hpp"
#include "core/notice.hpp"
#include "kiosk/clock.hpp"
#include "kiosk/complaint_flow.hpp"
#include "kiosk/idle_timer.hpp"
#include "kiosk/kiosk_config.hpp"
#include "kiosk/lookup_flow.hpp"
#include "kiosk/notices_model.hpp"
#include "sync/feed_sync.hpp"
#include "sync/terminal_data.hpp"

namespace sunlight::kiosk {

enum class Screen { Home, Lookup, Notices, NoticeDetail, ComplaintMenu, ComplaintFile, ComplaintProgress };

// ---- Views: plain structs, every string in the current language, built on demand. ----------

struct StatusLine {
  std::string name;        // the kiosk's name from [terminal] name
  std::string data_time;   // 数据 14:05 / 暂无数据
  std::string connection;  // 在线 / 离线 / 连接中
  bool online = false;
};

struct HomeView {
  std::string village;           // 龙兴镇柏树村 (regions.full_name())
  std::string date;              // 2026年11月29日 星期日
  std::string time;              // 14:05
  std::string lookup_tile;       // 惠民资金查询
  std::string notices_tile;      // 村务公开
  std::string complaints_tile;   // 投诉建议
  std::string lookup_hint;       // one line under the tile: what it is for, in plain words
  std::string notices_hint;
  std::string complaints_hint;
  std::string freshness;         // 数据更新于 14:05 / 尚未取得数据
  std::string offline_banner;    // "" unless the feed is unreachable
  std::string large_text_label;  // 大字 / 标准字
  std::string language_label;    // the other language: English / 中文
};

// Digits 0–9 are drawn as themselves; the other keys' labels come from here.
struct KeypadView {
  std::string x = "X";
  std::string backspace;  // 删一位 (deletes the last digit)
  std::string clear;      // 清除
  std::string submit;     // 查询
  bool enabled = true;    // false while searching or paused: draw greyed, presses are refused anyway
};

struct PaymentLineView {
  std::string date;      // 2026-03-01
  std::string standard;  // 每亩 104.5 元
  std::string amount;    // ¥1,234.50
  std::string method;    // 一卡通
  std::string question;  // 对这笔有疑问: files a complaint about this payment
};
struct ProgrammeView {
  std::string name;        // 耕地地力保护补贴
  std::string total;       // ¥1,234.50
  std::string ask;         // 如有疑问，请咨询区农业农村委或村委会
  std::vector<PaymentLineView> lines;
};
struct YearView {
  std::string heading;  // 2026年　合计 ¥1,234.50
  std::vector<ProgrammeView> programmes;
};
struct StatementView {
  std::string name;     // 姓名：肖*启
  std::string region;   // 地区：龙兴镇柏树村8社
  std::string address;  // 住址：…
  std::string summary;  // 共 3 笔，合计 ¥…
  std::vector<YearView> years;  // newest first
};

// The screens build one every frame; each copy wipes the typed number (and the person's lines)
// when it goes, so a freed heap block does not keep them.
struct LookupView {
  LookupView() = default;
  LookupView(const LookupView&) = default;
  LookupView(LookupView&&) = default;
  LookupView& operator=(const LookupView&) = default;
  LookupView& operator=(LookupView&&) = default;
  ~LookupView();

  LookupFlow::State state = LookupFlow::State::Entering;
  std::string title;                // 惠民资金查询
  std::string prompt;               // 请输入18位身份证号码
  std::string field;                // 500112 19900307 093X (grouped as typed)
  std::string message;              // the one sentence for this state ("" while entering)
  std::vector<std::string> help;    // what to do and whom to ask (not found, not ready, damaged)
  int pause_seconds = 0;            // Paused: seconds left
  bool show_keypad = true;          // false on result pages
  KeypadView keypad;
  std::optional<StatementView> result;  // Found
  std::string again_label;          // 再查一次 (result pages)
  std::string home_label;           // 返回首页
};

struct NoticeTabView {
  core::NoticeCategory category = core::NoticeCategory::VillageAffairs;
  std::string label;  // 村务
  bool selected = false;
};
struct NoticesView {
  std::string title;                 // 村务公开
  std::vector<NoticeTabView> tabs;   // 村务 / 财务 / 党务 / 公示
  std::vector<NoticeRow> rows;       // the selected tab's list, newest first
  std::string empty_message;         // shown when rows is empty
  std::string home_label;
};
struct NoticeDetailView {
  NoticeDetail notice;
  std::string back_label;  // 返回列表
  std::string home_label;
  std::string question;    // 对此有意见 ("" when the notice is gone)
};

// 投诉建议 from the home screen: two big choices.
struct ComplaintMenuView {
  std::string title;          // 投诉建议
  std::string file_tile;      // 我要投诉建议
  std::string file_hint;      // 选择问题，可留电话，不用打字
  std::string progress_tile;  // 查询办理进度
  std::string progress_hint;  // 输入编号，查看答复并评价
  std::string home_label;
};

struct ReasonButtonView {
  core::ComplaintReason reason = core::ComplaintReason::Other;
  std::string label;  // 金额不符
};

// Filing a complaint, one step per screen. The phone number shows as typed in its field only,
// and masked (138****8000) on the confirm screen; nowhere else.
struct FilingView {
  FilingView() = default;
  FilingView(const FilingView&) = default;
  FilingView(FilingView&&) = default;
  FilingView& operator=(const FilingView&) = default;
  FilingView& operator=(FilingView&&) = default;
  ~FilingView();  // wipes the typed number and the masked one

  FilingFlow::Step step = FilingFlow::Step::Reason;
  bool blocked = false;              // no terminal id yet: message and help only
  std::string title;                 // 投诉建议 / 留下手机号？ / 请确认 / 已记下您的投诉建议
  std::string prompt;                // 请选择您要反映的问题 / 方便工作人员打电话答复您 …
  std::string about;                 // 关于：耕地地力保护补贴　2025-03-01　¥1,234.50 ("" for none)
  std::vector<ReasonButtonView> reasons;  // Reason: the five big buttons
  std::string field;                 // Phone: "138 0013 8000" as typed
  std::string message;               // a refused number, filing, the refusal
  std::vector<std::string> help;     // what to do (blocked, refused)
  std::string skip_label;            // 跳过，不留电话
  KeypadView keypad;                 // Phone: 删一位, 清除, 下一步
  std::vector<std::string> confirm;  // Confirm: 问题：… / 关于：… / 回电电话：138****8000
  std::string submit_label;          // 确认提交
  std::string number_label;          // Filed: 您的编号
  std::string number;                // Filed: 0007 00042 3
  std::string remember;              // 请记下编号，可在本机“查询办理进度”查看答复
  std::string offline_note;          // 网络恢复后自动提交 (when offline)
  std::string back_label;            // 上一步 ("" where there is no step back)
  std::string home_label;
};

struct StarView {
  std::string label;  // 3星: the target's name for scripts
  std::string word;   // 一般: what the number of stars means
  bool filled = false;
};

// A complaint's progress: its state, dates, the reply in large text, the stars.
struct ProgressView {
  ProgressView() = default;
  ProgressView(const ProgressView&) = default;
  ProgressView(ProgressView&&) = default;
  ProgressView& operator=(const ProgressView&) = default;
  ProgressView& operator=(ProgressView&&) = default;
  ~ProgressView();  // wipes the number and the reply

  ProgressFlow::Step step = ProgressFlow::Step::Entering;
  std::string title;              // 查询办理进度
  std::string prompt;             // 请输入10位编号
  std::string field;              // 0007 00042 3 as typed
  std::string message;            // a typo, checking, offline, unknown
  std::vector<std::string> help;
  bool show_keypad = true;
  KeypadView keypad;              // 删一位, 清除, 查询
  // Shown:
  std::string number;             // 编号 0007 00042 3
  std::string state;              // 已答复
  std::vector<std::string> facts; // 问题：金额不符 / 提交日期：… / 答复期限：…
  std::string overdue;            // 已超过答复期限 ("" when not)
  std::string reply_heading;      // 答复
  std::string reply;              // the cadre's words, large
  std::string reply_by;           // 李军（村干部）  12月1日
  std::string no_reply;           // 还没有答复，请过几天再来查看
  bool can_rate = false;
  std::string rate_prompt;        // 您对这次答复满意吗？
  std::vector<StarView> stars;    // five, when it may be rated or was rated
  std::string rate_submit;        // 提交评价 ("" when there is nothing to submit)
  bool rate_enabled = false;      // a star was chosen and nothing is being sent
  std::string rating_message;     // 感谢评价 / 已经评价过了 / 评价需要联网…
  bool rating_ok = true;          // the message is good news (thanks, rated), not a refusal
  std::string again_label;        // 查其他编号
  std::string back_label;         // 返回
  std::string home_label;
};

struct CountdownView {
  bool active = false;
  int seconds = 0;
  std::string message;         // 10 秒后返回首页
  std::string continue_label;  // 继续使用
};

struct AdminView {
  bool active = false;
  std::string title;    // 管理员退出
  std::string dots;     // ●●●● — never the digits
  std::string message;  // 请输入管理密码
  KeypadView keypad;    // backspace, clear, submit (确定)
  std::string cancel_label;
};

// The kiosk's state machine. Everything is driven by the UI thread, which owns the model: it
// passes the sync thread's snapshots in (set_data, set_status), the time each frame (tick), each
// touch (touch, then the action the touch made), and draws the views. Nothing here blocks: the
// lookup runs on LookupFlow's worker. Actions take the time of the latest touch() or tick().
//
// Privacy (DESIGN invariant 7): going home — the button or the idle countdown running out —
// wipes the typed ID, the lookup result and every personal field; debug_state() is there so a
// test can prove it. Lockdown: the model has no "quit" input but the hidden admin gesture (5
// corner taps within 3 s, then the PIN from the config); screens must not map any key to quit.
class KioskModel {
 public:
  KioskModel(KioskConfig config, LookupFlow::LookupFn lookup, ComplaintServices complaints = {});

  // ---- inputs from the frame loop ----
  void set_data(std::shared_ptr<const sync::TerminalData> data);
  void set_status(std::shared_ptr<const sync::SyncStatus> status);  // nullptr: "starting"
  // Every touch, before the action it triggers: resets the idle timer, dismisses the countdown.
  void touch(SteadyTime now);
  // Every frame: the clock for the home screen (UTC ISO, e.g. core::format_utc_iso(now_utc())),
  // lookup answers, the idle countdown and its expiry (home, everything wiped, defaults back).
  void tick(SteadyTime now, std::string_view now_utc_iso);

  // ---- what a person does ----
  void open_lookup();
  void open_notices();
  void select_tab(core::NoticeCategory tab);
  void open_notice(std::int64_t id);
  void back();     // detail → list; list or lookup → home (wiped)
  void go_home();  // the 返回首页 button: home, everything personal wiped
  void set_language(core::Lang lang);
  void toggle_language();
  void toggle_large_text();
  void key(char c);  // '0'..'9' or 'X' on the lookup keypad
  void key_backspace();
  void key_clear();
  void key_submit();  // 查询
  void new_lookup();  // 再查一次 on a result page

  // Complaints (docs/complaints.md "The kiosk"). key(), key_backspace(), key_clear() and
  // key_submit() also drive the phone and tracking-number keypads.
  void open_complaints();  // the 投诉建议 tile
  void open_filing();      // 我要投诉建议: about nothing in particular
  void open_progress();    // 查询办理进度
  // 对这笔有疑问 on a lookup result: the line by its place in the statement.
  void complain_about_payment(std::size_t year, std::size_t programme, std::size_t line);
  void complain_about_notice();  // 对此有意见 on a notice's page
  void choose_reason(core::ComplaintReason reason);
  void skip_phone();       // 跳过
  void submit_complaint(); // 确认提交 (a second tap files nothing more)
  void choose_stars(int stars);
  void submit_rating();
  void another_number();   // 查其他编号 (a complaint shown), 重新输入 (unknown), 再试一次 (offline)

  // The hidden admin exit: an invisible corner target's taps, then a PIN keypad overlay.
  void corner_tap();
  void admin_key(char digit);
  void admin_backspace();
  void admin_submit();
  void admin_cancel();
  // The right PIN was entered: the program should close its window and exit.
  [[nodiscard]] bool exit_requested() const noexcept { return exit_requested_; }

  // ---- what the screens draw ----
  [[nodiscard]] Screen screen() const noexcept { return screen_; }
  [[nodiscard]] core::Lang language() const noexcept { return lang_; }
  [[nodiscard]] bool large_text() const noexcept { return large_text_; }
  [[nodiscard]] bool admin_open() const noexcept { return admin_open_; }
  [[nodiscard]] StatusLine status_line() const;
  [[nodiscard]] HomeView home_view() const;
  [[nodiscard]] LookupView lookup_view() const;
  [[nodiscard]] NoticesView notices_view() const;
  [[nodiscard]] NoticeDetailView notice_detail_view() const;
  [[nodiscard]] ComplaintMenuView complaint_menu_view() const;
  [[nodiscard]] FilingView filing_view() const;
  [[nodiscard]] ProgressView progress_view() const;
  [[nodiscard]] CountdownView countdown_view() const;
  [[nodiscard]] AdminView admin_view() const;
  [[nodiscard]] const LookupFlow& lookup() const noexcept { return lookup_; }
  [[nodiscard]] const FilingFlow& filing() const noexcept { return filing_; }
  [[nodiscard]] const ProgressFlow& progress() const noexcept { return progress_; }
  // A worker is answering (a lookup, filing, a progress call): scripts wait for it.
  [[nodiscard]] bool busy() const noexcept;

  // What the current screen and its overlays show, one element per line, "kind: text":
  //   screen: home|lookup|notices|notice_detail|complaints|complaint|progress  (always first)
  //   status: NAME | DATA TIME | CONNECTION        (the status line)
  //   mode: large_text                              (only when on)
  //   banner: TEXT      title: TEXT      text: TEXT      message: TEXT     field: TEXT
  //   button: LABEL     keypad: 1 2 3 4 5 6 7 8 9 X 0 删一位  (or "keypad: disabled")
  //   tab: LABEL  /  tab: LABEL [selected]
  //   row: DATE | TITLE | PUBLISHER (LEVEL) [| FLAG]      (a notice in a list)
  //   section: YEAR HEADING    group: PROGRAMME | TOTAL    item: DATE | STANDARD | AMOUNT | METHOD
  //   number: 0007 00042 3 (a tracking number, very large)    reply: TEXT (a cadre's answer)
  //   stars: 1星 2星 3星 4星 5星 [N chosen]
  //   overlay: countdown|admin  (then that overlay's lines)
  // Lines are in drawing order; text with line breaks (a notice body) becomes one "text:" per line.
  [[nodiscard]] std::string dump() const;
  // Every field the model holds, "name=value" per line, personal ones included while they are
  // held (the privacy test asserts they are gone after a wipe). The admin PIN shows as a length.
  [[nodiscard]] std::string debug_state() const;

 private:
  [[nodiscard]] std::string t(std::string_view key) const;
  [[nodiscard]] std::string tf(std::string_view key, const std::vector<std::pair<std::string, std::string>>& args) const;
  [[nodiscard]] std::string time_of(std::string_view utc_iso) const;  // "14:05" today, else "2026-11-28 14:05"
  [[nodiscard]] std::string data_time() const;
  [[nodiscard]] std::string id_message(const core::Problem& problem) const;
  [[nodiscard]] std::string date_of(std::string_view utc_iso) const;  // 2026年11月29日 / 2026-11-29
  [[nodiscard]] bool online() const noexcept;
  void begin_filing(sync::ComplaintSubject subject, std::string about, Screen origin);
  void show(Screen screen);
  void update_idle();  // whether the idle countdown runs where we are now
  void reset_to_home(bool idle);
  void close_admin() noexcept;

  KioskConfig config_;
  LookupFlow lookup_;
  ComplaintServices complaints_;
  FilingFlow filing_;
  ProgressFlow progress_;
  Screen filing_origin_ = Screen::ComplaintMenu;  // where 上一步 from the first step goes
  NoticesModel notices_;
  IdleTimer idle_;
  std::shared_ptr<const sync::TerminalData> data_;
  std::shared_ptr<const sync::SyncStatus> status_;
  SteadyTime now_{};
  std::string now_iso_;
  Screen screen_ = Screen::Home;
  core::Lang lang_;
  bool large_text_ = false;
  core::NoticeCategory tab_ = core::NoticeCategory::VillageAffairs;
  std::int64_t notice_id_ = 0;

  std::deque<SteadyTime> corner_taps_;
  bool admin_open_ = false;
  std::array<char, 12> admin_pin_{};  // wiped on close
  std::size_t admin_pin_size_ = 0;
  int admin_failures_ = 0;
  SteadyTime admin_locked_until_{};
  bool admin_locked_ = false;
  bool exit_requested_ = false;
};

[[nodiscard]] std::string_view screen_word(Screen screen) noexcept;  // home, lookup, notices, notice_detail

}  // namespace sunlight::kiosk
