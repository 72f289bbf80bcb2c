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
#include "kiosk/idle_timer.hpp"
#include "kiosk/kiosk_config.hpp"
#include "kiosk/lookup_flow.hpp"
#include "kiosk/notices_model.hpp"
#include "sync/feed_sync.hpp"
#include "sync/terminal_data.hpp"

namespace sunlight::kiosk {

enum class Screen { Home, Lookup, Notices, NoticeDetail };

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
  std::string lookup_hint;       // one line under the tile: what it is for, in plain words
  std::string notices_hint;
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
  KioskModel(KioskConfig config, LookupFlow::LookupFn lookup);

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
  [[nodiscard]] CountdownView countdown_view() const;
  [[nodiscard]] AdminView admin_view() const;
  [[nodiscard]] const LookupFlow& lookup() const noexcept { return lookup_; }

  // What the current screen and its overlays show, one element per line, "kind: text":
  //   screen: home|lookup|notices|notice_detail     (always first)
  //   status: NAME | DATA TIME | CONNECTION        (the status line)
  //   mode: large_text                              (only when on)
  //   banner: TEXT      title: TEXT      text: TEXT      message: TEXT     field: TEXT
  //   button: LABEL     keypad: 1 2 3 4 5 6 7 8 9 X 0 删一位  (or "keypad: disabled")
  //   tab: LABEL  /  tab: LABEL [selected]
  //   row: DATE | TITLE | PUBLISHER (LEVEL) [| FLAG]      (a notice in a list)
  //   section: YEAR HEADING    group: PROGRAMME | TOTAL    item: DATE | STANDARD | AMOUNT | METHOD
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
  void show(Screen screen);
  void update_idle();  // whether the idle countdown runs where we are now
  void reset_to_home(bool idle);
  void close_admin() noexcept;

  KioskConfig config_;
  LookupFlow lookup_;
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
