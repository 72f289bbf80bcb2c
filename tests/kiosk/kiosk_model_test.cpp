// Tests for kiosk/kiosk_model: screens and their dumps in both languages, idle reset, the privacy wipe, admin exit, hostile input.
#include <catch2/catch.hpp>

#include <future>

#include "kiosk/kiosk_model.hpp"
#include "kiosk_test_support.hpp"

using namespace kiosk_test;
using sunlight::kiosk::KioskConfig;
using sunlight::kiosk::KioskModel;
using sunlight::kiosk::LookupFlow;
using sunlight::kiosk::Screen;
using Outcome = sync::LookupResult::Outcome;
using State = LookupFlow::State;

namespace {

KioskConfig config() {
  KioskConfig c;
  c.sync.name = "柏树村村委会一楼";
  c.admin_pin = "2468";
  return c;
}

std::shared_ptr<sync::SyncStatus> status(sync::SyncStatus::Connection connection) {
  auto s = std::make_shared<sync::SyncStatus>();
  s->connection = connection;
  s->has_data = true;
  s->data_time = "2026-11-29T06:00:00Z";
  return s;
}

// A model on 柏树村's data, online, at 14:05 on 2026-11-29.
struct Kiosk {
  explicit Kiosk(LookupFlow::LookupFn lookup, KioskConfig c = config()) : model(std::move(c), std::move(lookup)) {
    model.set_data(sample_data());
    model.set_status(status(sync::SyncStatus::Connection::Online));
    model.tick(now, kNowIso);
  }
  void tap(std::chrono::milliseconds after = 100ms) {
    now += after;
    model.touch(now);
  }
  void wait(std::chrono::milliseconds d) {
    now += d;
    model.tick(now, kNowIso);
  }
  void type(const std::string& s) {
    for (const char c : s) {
      tap();
      model.key(c);
    }
  }
  void settle() {
    for (int i = 0; i < 500 && model.lookup().state() == State::Searching; ++i) {
      std::this_thread::sleep_for(10ms);
      model.tick(now, kNowIso);
    }
  }
  void look_up(const std::string& id) {
    tap();
    model.open_lookup();
    type(id);
    tap();
    model.key_submit();
    settle();
  }
  bool shows(std::string_view text) const { return model.dump().find(text) != std::string::npos; }
  bool holds(std::string_view text) const { return model.debug_state().find(text) != std::string::npos; }

  sunlight::kiosk::SteadyTime now = kT0;
  KioskModel model;
};

// Everything personal about the sample person, as typed or as shown.
const std::vector<std::string> kPersonal = {
    valid_id(), "19900307", "肖*启", "新院子", "1,234.50", "300.00", "1,834.50", "每亩104.5元", "耕地地力保护补贴", "500112********0934",
};

void check_nothing_personal(const Kiosk& k) {
  const auto dump = k.model.dump();
  const auto state = k.model.debug_state();
  for (const auto& p : kPersonal) {
    INFO(p);
    CHECK(dump.find(p) == std::string::npos);
    CHECK(state.find(p) == std::string::npos);
  }
  CHECK(k.model.lookup().entry().empty());
  CHECK_FALSE(k.model.lookup().statement());
}

}  // namespace

TEST_CASE("the home screen in Chinese", "[kiosk][model]") {
  Kiosk k(answering(found_result()));
  CHECK(k.model.screen() == Screen::Home);
  CHECK(k.model.dump() ==
        "screen: home\n"
        "status: 柏树村村委会一楼 | 数据 14:00 | 在线\n"
        "title: 龙兴镇柏树村\n"
        "text: 2026年11月29日 星期日\n"
        "text: 14:05\n"
        "button: 惠民资金查询\n"
        "text: 输入身份证号，查看发给您的各项补贴\n"
        "button: 村务公开\n"
        "text: 村务、财务、党务公开和各类公示\n"
        "button: 投诉建议\n"
        "text: 对补贴或村务有意见，在这里反映、查答复\n"
        "text: 数据更新于 14:00\n"
        "button: 大字\n"
        "button: English\n");
}

TEST_CASE("the home screen in English, large text", "[kiosk][model]") {
  Kiosk k(answering(found_result()));
  k.model.toggle_language();
  k.model.toggle_large_text();
  CHECK(k.model.language() == core::Lang::En);
  CHECK(k.model.large_text());
  CHECK(k.model.dump() ==
        "screen: home\n"
        "status: 柏树村村委会一楼 | Data 14:00 | Online\n"
        "mode: large_text\n"
        "title: 龙兴镇柏树村\n"
        "text: Sunday 2026-11-29\n"
        "text: 14:05\n"
        "button: Subsidy lookup\n"
        "text: Enter your resident ID to see the subsidies paid to you\n"
        "button: Village notices\n"
        "text: Village affairs, finances, Party affairs and public notices\n"
        "button: Complaints\n"
        "text: Tell us what is wrong, and see the answer\n"
        "text: Data updated 14:00\n"
        "button: Normal text\n"
        "button: 中文\n");
}

TEST_CASE("offline: a banner says how old the data is", "[kiosk][model]") {
  Kiosk k(answering(found_result()));
  k.model.set_status(status(sync::SyncStatus::Connection::Offline));
  CHECK(k.shows("banner: 网络暂时中断，显示的是 14:00 的资料\n"));
  CHECK(k.shows("| 离线\n"));
  auto old = sample_data();
  old->data_time = "2026-11-27T02:00:00Z";
  k.model.set_data(old);
  CHECK(k.shows("banner: 网络暂时中断，显示的是 2026-11-27 10:00 的资料\n"));
  CHECK(k.model.status_line().online == false);
}

TEST_CASE("no data and no status yet: the kiosk says so rather than showing blanks", "[kiosk][model]") {
  KioskModel m(config(), answering(found_result()));
  m.set_status(nullptr);
  m.set_data(nullptr);
  m.tick(kT0, kNowIso);
  const auto dump = m.dump();
  CHECK(dump.find("status: 柏树村村委会一楼 | 暂无数据 | 连接中\n") != std::string::npos);
  CHECK(dump.find("text: 尚未取得数据\n") != std::string::npos);
  CHECK(dump.find("title: 阳光\n") != std::string::npos);
  m.open_notices();
  CHECK(m.dump().find("text: 尚未取得数据\n") != std::string::npos);
  auto offline = std::make_shared<sync::SyncStatus>();
  offline->connection = sync::SyncStatus::Connection::Offline;
  m.set_status(offline);
  m.go_home();
  CHECK(m.dump().find("banner: 网络暂时中断，本机还没有资料，请稍后再来\n") != std::string::npos);
  // Before the first tick there is no clock: the date lines are empty, nothing throws.
  KioskModel fresh(config(), answering(found_result()));
  CHECK_NOTHROW(fresh.dump());
  CHECK(fresh.home_view().time.empty());
}

TEST_CASE("the lookup screen: grouped number, keypad, check-digit message", "[kiosk][model]") {
  Kiosk k(answering(found_result()));
  k.tap();
  k.model.open_lookup();
  k.type(wrong_check_id());
  k.tap();
  k.model.key_submit();
  CHECK(k.model.dump() ==
        "screen: lookup\n"
        "status: 柏树村村委会一楼 | 数据 14:00 | 在线\n"
        "title: 惠民资金查询\n"
        "text: 请输入18位身份证号码\n"
        "field: 500112 19900307 093" + wrong_check_id().substr(17) + "\n"
        "message: 号码有误，请核对最后一位\n"
        "keypad: 1 2 3 4 5 6 7 8 9 X 0 删一位\n"
        "button: 清除\n"
        "button: 查询\n"
        "button: 返回首页\n");
  k.model.set_language(core::Lang::En);
  CHECK(k.shows("message: The number is wrong; please check the last character\n"));
  k.model.key_clear();
  k.model.key('1');
  k.model.key_submit();
  CHECK(k.shows("message: An ID number has 18 characters; you entered 1\n"));
}

TEST_CASE("a found statement: every payment by year and programme, with totals", "[kiosk][model]") {
  Kiosk k(answering(found_result()));
  k.look_up(valid_id());
  REQUIRE(k.model.lookup().state() == State::Found);
  CHECK(k.model.dump() ==
        "screen: lookup\n"
        "status: 柏树村村委会一楼 | 数据 14:00 | 在线\n"
        "title: 查询结果\n"
        "text: 姓名：肖*启\n"
        "text: 地区：龙兴镇柏树村8社\n"
        "text: 住址：龙兴镇柏树村8社新院子\n"
        "text: 共 3 笔，合计 ¥1,834.50\n"
        "section: 2025年　合计 ¥1,234.50\n"
        "group: 耕地地力保护补贴 | ¥1,234.50\n"
        "item: 2025-03-01 | 每亩104.5元 | ¥1,234.50 | 一卡通\n"
        "text: 如有疑问，请咨询区农业农村委或村委会\n"
        "section: 2024年　合计 ¥600.00\n"
        "group: 高龄津贴 | ¥600.00\n"
        "item: 2024-06-15 | 每月100元 | ¥300.00 | 银行转账\n"
        "item: 2024-09-15 | 每月100元 | ¥300.00 | 银行转账\n"
        "text: 如有疑问，请咨询区民政局或村委会\n"
        "button: 再查一次\n"
        "button: 返回首页\n");
  k.model.set_language(core::Lang::En);
  CHECK(k.shows("item: 2024-06-15 | 每月100元 | ¥300.00 | Bank transfer\n"));
  CHECK(k.shows("text: 3 payments, total ¥1,834.50\n"));
  // Keys on a result page do nothing; 再查一次 brings the keypad back, empty.
  k.model.key('1');
  CHECK(k.model.lookup().state() == State::Found);
  k.model.new_lookup();
  CHECK(k.model.lookup().state() == State::Entering);
  CHECK(k.shows("field: \n"));
}

TEST_CASE("not found says what to do and whom to ask", "[kiosk][model]") {
  Kiosk k(answering(outcome(Outcome::NotFound)));
  k.look_up(valid_id());
  const auto dump = k.model.dump();
  CHECK(dump.find("message: 没有查到这个号码的发放记录\n") != std::string::npos);
  CHECK(dump.find("村委会") != std::string::npos);
  CHECK(dump.find("发放这项补贴的部门") != std::string::npos);
  CHECK(dump.find("button: 再查一次\n") != std::string::npos);
  CHECK(dump.find("keypad:") == std::string::npos);
}

TEST_CASE("not ready and damaged records are explained", "[kiosk][model]") {
  Kiosk ready(answering(outcome(Outcome::NotReady)));
  ready.look_up(valid_id());
  CHECK(ready.shows("message: 本机资料尚未准备好，请稍后再试或联系村委会\n"));
  Kiosk damaged(answering(outcome(Outcome::Damaged)));
  damaged.look_up(valid_id());
  CHECK(damaged.shows("message: 这条记录暂时无法显示\n"));
}

TEST_CASE("searching: the keypad is disabled and presses change nothing", "[kiosk][model]") {
  std::promise<void> release;
  auto released = release.get_future().share();
  Kiosk k([released](std::string&) {
    released.wait();
    return found_result();
  });
  k.tap();
  k.model.open_lookup();
  k.type(valid_id());
  k.model.key_submit();
  REQUIRE(k.model.lookup().state() == State::Searching);
  for (const char c : std::string("123X")) k.model.key(c);
  k.model.key_backspace();
  k.model.key_clear();
  k.model.key_submit();
  k.model.key_submit();
  CHECK(k.shows("message: 正在查询，请稍候……\n"));
  CHECK(k.shows("keypad: disabled\n"));
  CHECK(k.model.lookup().workers() == 1);
  release.set_value();
  k.settle();
  CHECK(k.model.lookup().state() == State::Found);
}

TEST_CASE("five not-founds pause lookups — the pause shows its seconds and survives going home", "[kiosk][model]") {
  Kiosk k(answering(outcome(Outcome::NotFound)));
  for (int i = 0; i < 5; ++i) {
    k.look_up(valid_id());
    k.tap();
    k.model.new_lookup();
  }
  k.tap();
  k.model.open_lookup();
  REQUIRE(k.model.lookup().state() == State::Paused);
  CHECK(k.shows("message: 查询次数较多，请 60 秒后再试\n"));
  CHECK(k.shows("keypad: disabled\n"));
  k.model.key('1');
  k.model.key_submit();
  CHECK(k.model.lookup().entry().empty());
  k.model.go_home();
  k.tap();
  k.model.open_lookup();
  CHECK(k.model.lookup().state() == State::Paused);
  k.wait(30s);
  CHECK(k.shows("message: 查询次数较多，请 30 秒后再试\n"));
  k.wait(31s);
  CHECK(k.model.lookup().state() == State::Entering);
}

TEST_CASE("privacy: after a found lookup, going home leaves nothing personal", "[kiosk][model]") {
  Kiosk k(answering(found_result()));
  k.look_up(valid_id());
  REQUIRE(k.model.lookup().state() == State::Found);
  // The test is only meaningful if the model did hold the personal fields.
  CHECK(k.shows("肖*启"));
  CHECK(k.holds("500112********0934"));
  CHECK(k.holds("1,834.50"));
  k.tap();
  k.model.go_home();
  CHECK(k.model.screen() == Screen::Home);
  check_nothing_personal(k);
  k.model.open_lookup();  // and the lookup screen comes back empty
  check_nothing_personal(k);
  CHECK(k.shows("field: \n"));
}

TEST_CASE("privacy: the idle countdown expiring wipes a found lookup and a half-typed ID", "[kiosk][model]") {
  Kiosk k(answering(found_result()));
  k.look_up(valid_id());
  REQUIRE(k.model.lookup().state() == State::Found);
  k.model.set_language(core::Lang::En);
  k.wait(59s);
  CHECK_FALSE(k.model.countdown_view().active);
  k.wait(1s);
  CHECK(k.shows("overlay: countdown\n"));
  CHECK(k.shows("message: Returning home in 10 s\n"));
  k.wait(9s);
  CHECK(k.shows("message: Returning home in 1 s\n"));
  k.wait(1s);
  CHECK(k.model.screen() == Screen::Home);
  CHECK(k.model.language() == core::Lang::ZhCn);  // the next person starts as configured
  check_nothing_personal(k);

  k.tap();
  k.model.open_lookup();
  k.type(valid_id().substr(0, 14));
  CHECK(k.holds("19900307"));
  k.wait(70s);
  CHECK(k.model.screen() == Screen::Home);
  check_nothing_personal(k);
}

TEST_CASE("privacy: the same after not found, and after an answer arriving late", "[kiosk][model]") {
  Kiosk k(answering(outcome(Outcome::NotFound)));
  k.look_up(valid_id());
  REQUIRE(k.model.lookup().state() == State::NotFound);
  k.model.back();
  check_nothing_personal(k);

  std::promise<void> release;
  auto released = release.get_future().share();
  Kiosk slow([released](std::string&) {
    released.wait();
    return found_result();
  });
  slow.tap();
  slow.model.open_lookup();
  slow.type(valid_id());
  slow.model.key_submit();
  slow.model.go_home();  // walked away while searching
  release.set_value();
  for (int i = 0; i < 300 && slow.model.lookup().workers() > 0; ++i) {
    std::this_thread::sleep_for(10ms);
    slow.wait(10ms);
  }
  CHECK(slow.model.lookup().workers() == 0);
  check_nothing_personal(slow);
}

TEST_CASE("a touch dismisses the countdown and the home screen never counts down", "[kiosk][model]") {
  Kiosk k(answering(found_result()));
  k.wait(600s);
  CHECK_FALSE(k.shows("overlay: countdown"));
  k.tap();
  k.model.open_notices();
  k.wait(65s);
  CHECK(k.shows("overlay: countdown\n"));
  CHECK(k.shows("message: 5 秒后返回首页\n"));
  k.tap();
  k.wait(1s);
  CHECK_FALSE(k.shows("overlay: countdown"));
  CHECK(k.model.screen() == Screen::Notices);
}

TEST_CASE("English or large type left on at home goes back to the configured settings when idle", "[kiosk][model]") {
  // Found by the monkey test: the home screen never counted down, so one visitor's English or
  // large type stayed on for every villager after them.
  Kiosk k(answering(found_result()));
  k.tap();
  k.model.toggle_large_text();
  k.model.toggle_language();
  CHECK(k.shows("mode: large_text\n"));
  k.wait(65s);
  CHECK(k.shows("overlay: countdown\n"));
  k.wait(10s);
  CHECK(k.model.screen() == Screen::Home);
  CHECK(k.model.language() == sunlight::core::Lang::ZhCn);
  CHECK_FALSE(k.model.large_text());
  CHECK(k.shows("button: 惠民资金查询\n"));
  // Back as configured, home counts down no more.
  k.wait(600s);
  CHECK_FALSE(k.shows("overlay: countdown"));
  // Toggling twice is the configured setting again: nothing to reset.
  k.tap();
  k.model.toggle_language();
  k.model.toggle_language();
  k.wait(600s);
  CHECK_FALSE(k.shows("overlay: countdown"));
}

TEST_CASE("the notices screens: tabs, rows, detail, back", "[kiosk][model]") {
  Kiosk k(answering(found_result()));
  k.tap();
  k.model.open_notices();
  CHECK(k.model.dump() ==
        "screen: notices\n"
        "status: 柏树村村委会一楼 | 数据 14:00 | 在线\n"
        "title: 村务公开\n"
        "tab: 村务 [selected]\n"
        "tab: 财务\n"
        "tab: 党务\n"
        "tab: 公示\n"
        "row: 2026-11-20 | 道路硬化工程开工 | 柏树村 (村居)\n"
        "row: 2026-10-01 | 2026年秋季村民大会通知 | 柏树村 (村居)\n"
        "button: 返回首页\n");
  k.model.select_tab(core::NoticeCategory::PublicNotice);
  CHECK(k.shows("tab: 公示 [selected]\n"));
  CHECK(k.shows("row: 2026-11-18 | 渝北区临时救助标准调整 | 渝北区 (区县)\n"));
  CHECK(k.shows("row: 2026-11-10 | 低保对象公示 | 柏树村 (村居) | 已撤回\n"));
  k.model.open_notice(5);
  CHECK(k.model.dump() ==
        "screen: notice_detail\n"
        "status: 柏树村村委会一楼 | 数据 14:00 | 在线\n"
        "title: 低保对象公示\n"
        "text: 发布单位：柏树村（村居）\n"
        "text: 发布于 2026-11-10 09:00\n"
        "banner: 已撤回 · 2026-11-11 09:30\n"
        "text: 撤回原因：名单有误，核实后重新公示\n"
        "text: 第一段。\n"
        "text: 第二段。\n"
        "button: 对此有意见\n"
        "button: 返回列表\n"
        "button: 返回首页\n");
  k.model.back();
  CHECK(k.model.screen() == Screen::Notices);
  CHECK(k.shows("tab: 公示 [selected]\n"));
  k.model.select_tab(core::NoticeCategory::Finance);
  k.model.open_notice(4);
  CHECK(k.shows("text: 已更正 · 2026-11-02 10:00\n"));
  k.model.set_language(core::Lang::En);
  CHECK(k.shows("text: Corrected · 2026-11-02 10:00\n"));
  CHECK(k.shows("button: Back to list\n"));
  k.model.back();
  k.model.back();
  CHECK(k.model.screen() == Screen::Home);
}

TEST_CASE("a notice that leaves the data while open says so", "[kiosk][model]") {
  Kiosk k(answering(found_result()));
  k.tap();
  k.model.open_notices();
  k.model.open_notice(2);
  CHECK(k.shows("title: 道路硬化工程开工\n"));
  auto next = sample_data();
  next->notices.clear();  // data with zero notices
  k.model.set_data(next);
  CHECK(k.shows("message: 这条公告已不再显示，请返回列表\n"));
  k.model.back();
  CHECK(k.shows("text: 暂无公告\n"));
  k.model.open_notice(-1);  // unknown id
  CHECK(k.shows("message: 这条公告已不再显示，请返回列表\n"));
}

TEST_CASE("hostile input: actions on the wrong screen change nothing", "[kiosk][model]") {
  Kiosk k(answering(found_result()));
  k.model.key('1');
  k.model.key_submit();
  k.model.key_backspace();
  k.model.new_lookup();
  k.model.open_notice(1);
  k.model.select_tab(core::NoticeCategory::Finance);
  k.model.back();
  k.model.admin_key('1');
  k.model.admin_submit();
  CHECK(k.model.screen() == Screen::Home);
  CHECK(k.model.lookup().entry().empty());
  CHECK_FALSE(k.model.exit_requested());
  k.tap();
  k.model.open_lookup();
  k.model.key_submit();  // nothing typed
  CHECK(k.shows("message: 请先输入身份证号码\n"));
  k.type(valid_id() + "1234");  // a 19th character and more
  CHECK(k.model.lookup().entry().size() == 18);
  k.model.key_clear();
  k.type("12X");  // X at position 3
  CHECK(k.shows("field: 12\n"));
  for (int i = 0; i < 100; ++i) k.model.key_backspace();
  CHECK(k.shows("field: \n"));
}

TEST_CASE("admin exit: five corner taps within 3 s, then the PIN", "[kiosk][model]") {
  Kiosk k(answering(found_result()));
  for (int i = 0; i < 4; ++i) {
    k.tap(500ms);
    k.model.corner_tap();
  }
  CHECK_FALSE(k.model.admin_open());
  k.tap(500ms);
  k.model.corner_tap();
  REQUIRE(k.model.admin_open());
  CHECK(k.shows("overlay: admin\n"));
  for (const char c : std::string("2468")) k.model.admin_key(c);
  CHECK(k.shows("field: ●●●●\n"));
  CHECK_FALSE(k.shows("2468"));
  CHECK_FALSE(k.holds("2468"));
  k.model.admin_submit();
  CHECK(k.model.exit_requested());
  CHECK_FALSE(k.model.admin_open());
}

TEST_CASE("admin exit: slow taps do not open it, and cancel closes it", "[kiosk][model]") {
  Kiosk k(answering(found_result()));
  for (int i = 0; i < 10; ++i) {
    k.tap(800ms);
    k.model.corner_tap();
  }
  CHECK_FALSE(k.model.admin_open());
  for (int i = 0; i < 5; ++i) {
    k.tap(100ms);
    k.model.corner_tap();
  }
  REQUIRE(k.model.admin_open());
  k.model.admin_key('1');
  k.model.admin_backspace();
  k.model.admin_cancel();
  CHECK_FALSE(k.model.admin_open());
  CHECK_FALSE(k.model.exit_requested());
}

TEST_CASE("admin exit: a wrong PIN goes home and three lock the gesture for 5 minutes", "[kiosk][model]") {
  Kiosk k(answering(found_result()));
  auto open = [&] {
    for (int i = 0; i < 5; ++i) {
      k.tap(100ms);
      k.model.corner_tap();
    }
  };
  for (int attempt = 0; attempt < 3; ++attempt) {
    k.tap();
    k.model.open_notices();
    open();
    REQUIRE(k.model.admin_open());
    for (const char c : std::string("1111")) k.model.admin_key(c);
    k.model.admin_submit();
    CHECK_FALSE(k.model.admin_open());
    CHECK(k.model.screen() == Screen::Home);
    CHECK_FALSE(k.model.exit_requested());
  }
  open();
  CHECK_FALSE(k.model.admin_open());  // locked
  k.wait(4min);
  open();
  CHECK_FALSE(k.model.admin_open());
  k.wait(61s);
  open();
  REQUIRE(k.model.admin_open());
  for (const char c : std::string("2468")) k.model.admin_key(c);
  k.model.admin_submit();
  CHECK(k.model.exit_requested());
}

TEST_CASE("admin exit: an empty PIN in the config disables it", "[kiosk][model]") {
  auto c = config();
  c.admin_pin.clear();
  Kiosk k(answering(found_result()), c);
  for (int i = 0; i < 20; ++i) {
    k.tap(100ms);
    k.model.corner_tap();
  }
  CHECK_FALSE(k.model.admin_open());
}

TEST_CASE("admin overlay: idle closes it and goes home", "[kiosk][model]") {
  Kiosk k(answering(found_result()));
  for (int i = 0; i < 5; ++i) {
    k.tap(100ms);
    k.model.corner_tap();
  }
  REQUIRE(k.model.admin_open());
  k.model.admin_key('2');
  k.wait(70s);
  CHECK_FALSE(k.model.admin_open());
  CHECK(k.model.screen() == Screen::Home);
}
