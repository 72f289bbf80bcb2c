// Tests for the kiosk's complaint flows through KioskModel: filing step by step, the phone's checks, progress and stars, the wipe, hostile taps.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>

#include "kiosk/kiosk_model.hpp"
#include "kiosk_test_support.hpp"

using namespace kiosk_test;
using sunlight::kiosk::ComplaintServices;
using sunlight::kiosk::FilingFlow;
using sunlight::kiosk::KioskConfig;
using sunlight::kiosk::KioskModel;
using sunlight::kiosk::ProgressFlow;
using sunlight::kiosk::Screen;
using Connection = sync::SyncStatus::Connection;
using Call = sync::ComplaintCall::Outcome;

namespace {

const std::string kTag(64, 'b');
const std::string kNumber = core::make_tracking_number(7, 42).value();  // 0007000425
const std::string kShown = core::format_tracking_number(kNumber);     // 0007 00042 5

KioskConfig config() {
  KioskConfig c;
  c.sync.name = "柏树村村委会一楼";
  return c;
}

std::shared_ptr<sync::SyncStatus> status(Connection connection, std::int64_t terminal_id = 7) {
  auto s = std::make_shared<sync::SyncStatus>();
  s->connection = connection;
  s->has_data = true;
  s->data_time = "2026-11-29T06:00:00Z";
  s->terminal_id = terminal_id;
  return s;
}

sync::ComplaintStatus replied_status(bool can_rate = true, int rating = 0) {
  sync::ComplaintStatus s;
  s.tracking_no = kNumber;
  s.reason = core::ComplaintReason::AmountMismatch;
  s.state = core::ComplaintState::Replied;
  s.received_at = "2026-11-29T02:15:03Z";
  s.deadline_at = "2026-12-04T15:59:59Z";
  s.reply = sync::ComplaintReply{"已核实，差额将于12月补发。", "2026-12-01T03:00:00Z", "李军（村干部）"};
  s.can_rate = can_rate;
  s.rating = rating;
  return s;
}

// A fake server side: counts what the kiosk asked for, answers as set.
struct Fake {
  std::mutex mutex;
  std::vector<sync::ComplaintDraft> filed;
  std::vector<std::string> asked;
  std::vector<std::tuple<std::string, int, std::string>> ratings;
  sync::FiledComplaint::Outcome file_outcome = sync::FiledComplaint::Outcome::Queued;
  Call status_outcome = Call::Ok;
  sync::ComplaintStatus shown = replied_status();
  bool rated = false;
  bool conflict = false;  // the rating call answers 409 idempotency_conflict
  sync::LocalComplaint local = sync::LocalComplaint::None;
  std::atomic<bool> hold{false};  // the file call waits until released: "a second tap while filing"

  ComplaintServices services() {
    ComplaintServices s;
    s.file = [this](const sync::ComplaintDraft& draft) {
      while (hold.load()) std::this_thread::sleep_for(5ms);
      std::lock_guard lock(mutex);
      filed.push_back(draft);
      sync::FiledComplaint f;
      f.outcome = file_outcome;
      if (f.outcome == sync::FiledComplaint::Outcome::Queued) f.tracking_no = kNumber;
      return f;
    };
    s.status = [this](const std::string& number) {
      std::lock_guard lock(mutex);
      asked.push_back(number);
      sync::ComplaintCall call;
      call.outcome = status_outcome;
      if (call.outcome == Call::Ok) call.status = shown;
      return call;
    };
    s.rate = [this](const std::string& number, int stars, const std::string& key) {
      std::lock_guard lock(mutex);
      ratings.emplace_back(number, stars, key);
      sync::ComplaintCall call;
      if (conflict) {
        call.outcome = Call::Failed;
        call.http_status = 409;
        return call;
      }
      if (rated) {
        call.outcome = Call::AlreadyRated;
        return call;
      }
      rated = true;
      call.outcome = Call::Ok;
      call.status = replied_status(false, stars);
      return call;
    };
    s.local = [this](const std::string&) {
      std::lock_guard lock(mutex);
      return local;
    };
    return s;
  }
};

struct Kiosk {
  explicit Kiosk(Fake& fake, std::shared_ptr<sync::SyncStatus> s = status(Connection::Online))
      : model(config(), answering(found_with_tag()), fake.services()) {
    model.set_data(sample_data());
    model.set_status(std::move(s));
    model.tick(now, kNowIso);
  }
  static sync::LookupResult found_with_tag() {
    auto r = found_result();
    r.person_tag = kTag;
    return r;
  }
  void tap() {
    now += 100ms;
    model.touch(now);
    model.tick(now, kNowIso);
  }
  void type(const std::string& s) {
    for (const char c : s) {
      tap();
      model.key(c);
    }
  }
  void settle() {
    for (int i = 0; i < 500 && model.busy(); ++i) {
      std::this_thread::sleep_for(5ms);
      model.tick(now, kNowIso);
    }
  }
  void to_phone(core::ComplaintReason reason = core::ComplaintReason::NotReceived) {
    tap();
    model.open_complaints();
    tap();
    model.open_filing();
    tap();
    model.choose_reason(reason);
  }
  void to_progress() {
    tap();
    model.open_complaints();
    tap();
    model.open_progress();
  }
  [[nodiscard]] bool shows(std::string_view text) const { return model.dump().find(text) != std::string::npos; }
  [[nodiscard]] bool holds(std::string_view text) const { return model.debug_state().find(text) != std::string::npos; }

  sunlight::kiosk::SteadyTime now = kT0;
  KioskModel model;
};

}  // namespace

TEST_CASE("home → 投诉建议 → 我要投诉建议: reason, phone, confirm with the number masked, then the number large",
          "[kiosk][complaints]") {
  Fake fake;
  Kiosk k(fake);
  CHECK(k.shows("button: 投诉建议"));
  k.tap();
  k.model.open_complaints();
  CHECK(k.model.screen() == Screen::ComplaintMenu);
  CHECK(k.shows("button: 我要投诉建议"));
  CHECK(k.shows("button: 查询办理进度"));
  k.tap();
  k.model.open_filing();
  CHECK(k.shows("screen: complaint"));
  for (const char* reason : {"金额不符", "未收到", "信息有误", "其他问题", "意见建议"}) CHECK(k.shows(std::string("button: ") + reason));
  k.tap();
  k.model.choose_reason(core::ComplaintReason::AmountMismatch);
  CHECK(k.shows("title: 留下手机号？"));
  CHECK(k.shows("button: 跳过"));
  k.type("13800138000");
  CHECK(k.shows("field: 138 0013 8000"));
  k.tap();
  k.model.key_submit();
  REQUIRE(k.model.filing().step() == FilingFlow::Step::Confirm);
  const auto confirm = k.model.dump();
  CHECK_THAT(confirm, Catch::Contains("问题：金额不符") && Catch::Contains("138****8000") &&
                          Catch::Contains("button: 确认提交"));
  CHECK(confirm.find("13800138000") == std::string::npos);
  CHECK(confirm.find("0013") == std::string::npos);
  k.tap();
  k.model.submit_complaint();
  k.settle();
  REQUIRE(k.model.filing().step() == FilingFlow::Step::Filed);
  const auto filed = k.model.dump();
  CHECK_THAT(filed, Catch::Contains("number: " + kShown) &&
                        Catch::Contains("请记下编号，可在本机“查询办理进度”查看答复"));
  CHECK(filed.find("网络恢复后自动提交") == std::string::npos);  // online: nothing to wait for
  CHECK(filed.find("8000") == std::string::npos);
  REQUIRE(fake.filed.size() == 1);
  CHECK(fake.filed[0].reason == core::ComplaintReason::AmountMismatch);
  CHECK(fake.filed[0].subject.kind == sync::ComplaintSubject::Kind::None);
  CHECK(fake.filed[0].phone == "13800138000");
  CHECK_FALSE(k.holds("13800138000"));  // the number is gone from the model once filed
  k.tap();
  k.model.back();
  CHECK(k.model.screen() == Screen::Home);
}

TEST_CASE("offline, filing still gives the number at once and says it goes when the network is back",
          "[kiosk][complaints]") {
  Fake fake;
  Kiosk k(fake, status(Connection::Offline));
  k.to_phone();
  k.tap();
  k.model.skip_phone();
  CHECK(k.shows("回电号码：不留"));
  k.tap();
  k.model.submit_complaint();
  k.settle();
  CHECK(k.shows("number: " + kShown));
  CHECK(k.shows("banner: 网络暂时中断，网络恢复后自动提交"));
  CHECK(fake.filed.at(0).phone.empty());
}

TEST_CASE("a kiosk without a terminal id says it must be online once, and files nothing", "[kiosk][complaints]") {
  Fake fake;
  Kiosk k(fake, status(Connection::Offline, 0));
  k.to_phone();
  CHECK(k.model.filing().step() == FilingFlow::Step::Reason);  // the reason was not taken
  CHECK(k.shows("本机还没有联过网，暂时不能受理投诉建议"));
  CHECK_FALSE(k.shows("button: 金额不符"));
  // And if the id was lost between the screen and the filing, the refusal says the same.
  Fake refusing;
  refusing.file_outcome = sync::FiledComplaint::Outcome::NoTerminalId;
  Kiosk r(refusing);
  r.to_phone();
  r.tap();
  r.model.skip_phone();
  r.tap();
  r.model.submit_complaint();
  r.settle();
  CHECK(r.model.filing().step() == FilingFlow::Step::Refused);
  CHECK(r.shows("本机还没有联过网"));
  CHECK_FALSE(r.shows("number: "));
}

TEST_CASE("the phone keypad: 11 digits at most, 1[3-9] at the start, a kind sentence for each mistake",
          "[kiosk][complaints][hostile]") {
  Fake fake;
  Kiosk k(fake);
  k.to_phone();
  SECTION("ten digits") {
    k.type("1380013800");
    k.tap();
    k.model.key_submit();
    CHECK(k.model.filing().step() == FilingFlow::Step::Phone);
    CHECK(k.shows("message: 手机号码共11位，您输入了10位"));
  }
  SECTION("a twelfth tap and more are refused; eleven stay") {
    k.type("138001380001234");
    CHECK(k.model.filing().phone_size() == 11);
    CHECK(k.shows("field: 138 0013 8000"));
    k.tap();
    k.model.key_submit();
    CHECK(k.model.filing().step() == FilingFlow::Step::Confirm);
  }
  SECTION("starting 12, said before all eleven are typed") {
    k.type("128");
    k.tap();
    k.model.key_submit();
    CHECK(k.shows("message: 手机号码应以13到19开头，请核对"));
    k.type("00138000");
    k.tap();
    k.model.key_submit();
    CHECK(k.shows("手机号码应以13到19开头"));
    CHECK(k.model.filing().step() == FilingFlow::Step::Phone);
    // Corrected: delete everything, type it right.
    k.tap();
    k.model.key_clear();
    k.type("19912345678");
    k.tap();
    k.model.key_submit();
    CHECK(k.model.filing().step() == FilingFlow::Step::Confirm);
    CHECK(k.shows("199****5678"));
  }
  SECTION("letters cannot be typed: the keypad has none, and the model refuses them anyway") {
    k.type("13a8X0-0");
    CHECK(k.model.filing().phone_size() == 5);
  }
  SECTION("上一步 from confirm keeps the number to correct; from the phone the reason is chosen again") {
    k.type("13800138000");
    k.tap();
    k.model.key_submit();
    k.tap();
    k.model.back();
    CHECK(k.model.filing().step() == FilingFlow::Step::Phone);
    CHECK(k.shows("field: 138 0013 8000"));
    k.tap();
    k.model.back();
    CHECK(k.model.filing().step() == FilingFlow::Step::Reason);
    CHECK_FALSE(k.holds("13800138000"));
    k.tap();
    k.model.back();
    CHECK(k.model.screen() == Screen::ComplaintMenu);
  }
  CHECK(fake.filed.empty());
}

TEST_CASE("a second tap on 确认提交 while filing files nothing more", "[kiosk][complaints][hostile]") {
  Fake fake;
  fake.hold = true;
  Kiosk k(fake);
  k.to_phone();
  k.tap();
  k.model.skip_phone();
  for (int i = 0; i < 5; ++i) {
    k.tap();
    k.model.submit_complaint();
  }
  CHECK(k.shows("正在提交"));
  CHECK_FALSE(k.shows("button: 确认提交"));
  fake.hold = false;
  k.settle();
  CHECK(k.model.filing().step() == FilingFlow::Step::Filed);
  k.tap();
  k.model.submit_complaint();
  k.settle();
  CHECK(k.model.filing().submissions() == 1);
  std::lock_guard lock(fake.mutex);
  CHECK(fake.filed.size() == 1);
}

TEST_CASE("对这笔有疑问 on a payment line files about that payment, by its lookup tag, and 上一步 returns to the result",
          "[kiosk][complaints]") {
  Fake fake;
  Kiosk k(fake);
  k.tap();
  k.model.open_lookup();
  k.type(valid_id());
  k.tap();
  k.model.key_submit();
  k.settle();
  REQUIRE(k.model.lookup().state() == sunlight::kiosk::LookupFlow::State::Found);
  CHECK(k.shows("button: 对这笔有疑问"));
  k.tap();
  k.model.complain_about_payment(1, 0, 1);  // 2024 高龄津贴 2024-09-15 ¥300.00
  CHECK(k.model.screen() == Screen::ComplaintFile);
  CHECK(k.shows("关于：高龄津贴　2024-09-15　¥300.00"));
  k.tap();
  k.model.back();
  CHECK(k.model.screen() == Screen::Lookup);
  CHECK(k.shows("item: "));  // the result is still there
  k.tap();
  k.model.complain_about_payment(1, 0, 1);
  k.tap();
  k.model.choose_reason(core::ComplaintReason::NotReceived);
  k.tap();
  k.model.skip_phone();
  k.tap();
  k.model.submit_complaint();
  k.settle();
  REQUIRE(fake.filed.size() == 1);
  const auto& s = fake.filed[0].subject;
  CHECK(s.kind == sync::ComplaintSubject::Kind::Payment);
  CHECK(s.person_tag == kTag);
  CHECK(s.programme == "高龄津贴");
  CHECK(s.paid_on == "2024-09-15");
  CHECK(s.amount_fen == 30000);
  // Out-of-range lines are ignored, not a crash.
  k.tap();
  k.model.go_home();
  k.tap();
  k.model.complain_about_payment(9, 9, 9);
  CHECK(k.model.screen() == Screen::Home);
}

TEST_CASE("对此有意见 on a notice's page files about that notice", "[kiosk][complaints]") {
  Fake fake;
  Kiosk k(fake);
  k.tap();
  k.model.open_notices();
  k.tap();
  k.model.open_notice(2);
  CHECK(k.shows("button: 对此有意见"));
  k.tap();
  k.model.complain_about_notice();
  CHECK(k.shows("关于：道路硬化工程开工"));
  k.tap();
  k.model.choose_reason(core::ComplaintReason::Suggestion);
  k.tap();
  k.model.skip_phone();
  k.tap();
  k.model.submit_complaint();
  k.settle();
  REQUIRE(fake.filed.size() == 1);
  CHECK(fake.filed[0].subject.kind == sync::ComplaintSubject::Kind::Notice);
  CHECK(fake.filed[0].subject.notice_id == 2);
}

TEST_CASE("progress: a typo is caught before asking; the reply in words; five stars once; a second rating refused",
          "[kiosk][complaints]") {
  Fake fake;
  Kiosk k(fake);
  k.to_progress();
  CHECK(k.shows("text: 请输入10位编号"));
  std::string typo = kNumber;
  typo[5] = typo[5] == '9' ? '8' : static_cast<char>(typo[5] + 1);
  k.type(typo);
  CHECK(k.shows("field: " + core::format_tracking_number(typo)));
  k.tap();
  k.model.key_submit();
  CHECK(k.shows("message: 编号好像有一位输错了，请对照纸条核对"));
  k.type("9");  // an eleventh digit is refused
  CHECK(k.model.progress().number_size() == 10);
  k.tap();
  k.model.key_clear();
  k.type("000700");
  k.tap();
  k.model.key_submit();
  CHECK(k.shows("编号共10位，您输入了6位"));
  CHECK(fake.asked.empty());

  k.tap();
  k.model.key_clear();
  k.type(kNumber);
  k.tap();
  k.model.key_submit();
  k.settle();
  REQUIRE(k.model.progress().step() == ProgressFlow::Step::Shown);
  const auto shown = k.model.dump();
  CHECK_THAT(shown, Catch::Contains("number: 编号 " + kShown) && Catch::Contains("text: 已答复") &&
                        Catch::Contains("问题：金额不符") && Catch::Contains("提交日期：2026年11月29日") &&
                        Catch::Contains("reply: 已核实，差额将于12月补发。") && Catch::Contains("李军（村干部）") &&
                        Catch::Contains("stars: 1星 2星 3星 4星 5星 [0]") && Catch::Contains("提交评价 [disabled]"));
  k.tap();
  k.model.submit_rating();  // no star chosen: nothing sent
  k.tap();
  k.model.choose_stars(5);
  CHECK(k.shows("stars: 1星 2星 3星 4星 5星 [5]"));
  k.tap();
  k.model.submit_rating();
  k.tap();
  k.model.submit_rating();  // a second tap while sending
  k.settle();
  CHECK(k.shows("message: 感谢评价"));
  CHECK_FALSE(k.shows("button: 提交评价"));
  k.tap();
  k.model.choose_stars(1);
  k.tap();
  k.model.submit_rating();
  k.settle();
  {
    std::lock_guard lock(fake.mutex);
    REQUIRE(fake.ratings.size() == 1);
    CHECK(std::get<1>(fake.ratings[0]) == 5);
    CHECK(std::get<0>(fake.ratings[0]) == kNumber);
  }

  // Asked again (or at another kiosk): the rating shows, no stars to tap; a rating sent anyway is refused.
  fake.shown = replied_status(false, 5);
  k.tap();
  k.model.another_number();
  k.type(kNumber);
  k.tap();
  k.model.key_submit();
  k.settle();
  CHECK(k.shows("您已评价：5星"));
  CHECK_FALSE(k.shows("button: 提交评价"));
  fake.shown = replied_status(true, 0);  // a stale status that still offers the stars
  k.tap();
  k.model.another_number();
  k.type(kNumber);
  k.tap();
  k.model.key_submit();
  k.settle();
  k.tap();
  k.model.choose_stars(4);
  k.tap();
  k.model.submit_rating();
  k.settle();
  CHECK(k.shows("这条已经评价过了，每条只能评价一次"));
  k.tap();
  k.model.submit_rating();
  k.settle();
  std::lock_guard lock(fake.mutex);
  CHECK(fake.ratings.size() == 2);
}

TEST_CASE("progress offline says it needs the network; an unknown number says to check it", "[kiosk][complaints]") {
  Fake fake;
  fake.status_outcome = Call::Offline;
  Kiosk k(fake, status(Connection::Offline));
  k.to_progress();
  k.type(kNumber);
  k.tap();
  k.model.key_submit();
  k.settle();
  CHECK(k.shows("message: 查询进度需要联网，请稍后再试"));
  CHECK(k.shows("button: 再试一次"));
  // 再试一次 asks again for the same number, no typing.
  fake.status_outcome = Call::Unknown;
  k.tap();
  k.model.another_number();
  k.settle();
  CHECK(k.shows("没有查到这个编号"));
  CHECK(fake.asked.size() == 2);
  CHECK(fake.asked[1] == kNumber);
  // 重新输入 keeps the number on the keypad to correct one digit.
  k.tap();
  k.model.another_number();
  CHECK(k.shows("field: " + kShown));
  k.tap();
  k.model.key_backspace();
  CHECK(k.model.progress().number_size() == 9);
}

TEST_CASE("the idle reset and 返回首页 wipe the phone, the tracking number and the reply", "[kiosk][complaints][privacy]") {
  Fake fake;
  Kiosk k(fake);
  k.to_phone();
  k.type("1380013");
  CHECK(k.holds("138 0013"));
  k.now += 200s;  // idle: countdown, then home
  k.model.tick(k.now, kNowIso);
  k.now += 30s;
  k.model.tick(k.now, kNowIso);
  CHECK(k.model.screen() == Screen::Home);
  CHECK_FALSE(k.holds("138 0013"));
  CHECK(k.holds("filing.phone_size=0"));

  k.to_progress();
  k.type(kNumber);
  k.tap();
  k.model.key_submit();
  k.settle();
  CHECK(k.holds("已核实"));
  k.tap();
  k.model.go_home();
  CHECK_FALSE(k.holds("已核实"));
  CHECK_FALSE(k.holds(kShown));
  CHECK(k.holds("progress.number_size=0"));
}

TEST_CASE("the complaint screens in English", "[kiosk][complaints][i18n]") {
  Fake fake;
  Kiosk k(fake);
  k.model.set_language(core::Lang::En);
  k.to_phone();
  CHECK(k.shows("title: Leave a phone number?"));
  k.tap();
  k.model.skip_phone();
  CHECK(k.shows("Problem: Not received"));
  CHECK(k.shows("button: Submit"));
}

TEST_CASE("progress: a complaint still in this kiosk's outbox is waiting, one refused says to ask the cadre",
          "[kiosk][complaints]") {
  Fake fake;
  fake.status_outcome = Call::Unknown;
  fake.local = sync::LocalComplaint::Pending;
  Kiosk k(fake);
  k.to_progress();
  k.type(kNumber);
  k.tap();
  k.model.key_submit();
  k.settle();
  CHECK(k.model.progress().step() == ProgressFlow::Step::Pending);
  CHECK(k.shows("已记录，正在等待提交"));
  CHECK_FALSE(k.shows("没有查到这个编号"));
  // Offline too: it is still ours, waiting.
  fake.status_outcome = Call::Offline;
  fake.local = sync::LocalComplaint::Refused;
  k.tap();
  k.model.another_number();
  k.type(kNumber);
  k.tap();
  k.model.key_submit();
  k.settle();
  CHECK(k.model.progress().step() == ProgressFlow::Step::NotSubmitted);
  CHECK(k.shows("没能提交"));
  CHECK(k.shows("村干部"));
}

TEST_CASE("progress numbers cannot be walked: unknown numbers pause checking like ID lookups",
          "[kiosk][complaints][hostile]") {
  Fake fake;
  fake.status_outcome = Call::Unknown;
  Kiosk k(fake);
  k.to_progress();
  for (int seq = 1; seq <= 5; ++seq) {
    k.tap();
    k.model.key_clear();
    k.type(core::make_tracking_number(7, seq).value());
    k.tap();
    k.model.key_submit();
    k.settle();
  }
  CHECK(k.model.progress().step() == ProgressFlow::Step::Paused);
  CHECK(k.shows("查询次数较多"));
  const auto asked = [&] {
    std::lock_guard lock(fake.mutex);
    return fake.asked.size();
  };
  CHECK(asked() == 5);
  k.tap();
  k.model.key('1');
  k.tap();
  k.model.key_submit();
  k.settle();
  CHECK(asked() == 5);  // nothing asked while paused
  // Going home does not end the pause either.
  k.tap();
  k.model.go_home();
  k.to_progress();
  k.type(kNumber);
  k.tap();
  k.model.key_submit();
  k.settle();
  CHECK(asked() == 5);
  CHECK(k.shows("查询次数较多"));
  // After the pause, checking works again.
  k.now += std::chrono::seconds(120);
  k.tap();
  k.model.key_clear();
  k.type(kNumber);
  k.tap();
  k.model.key_submit();
  k.settle();
  CHECK(asked() == 6);
}

TEST_CASE("a 409 to a rating asks the status again: thanks when it holds these stars, already rated otherwise",
          "[kiosk][complaints][hostile]") {
  for (const int held : {4, 2}) {
    INFO(held);
    Fake fake;
    Kiosk k(fake);
    k.to_progress();
    k.type(kNumber);
    k.tap();
    k.model.key_submit();
    k.settle();
    REQUIRE(k.model.progress().step() == ProgressFlow::Step::Shown);
    fake.conflict = true;
    {
      std::lock_guard lock(fake.mutex);
      fake.shown = replied_status(false, held);
    }
    k.tap();
    k.model.choose_stars(4);
    k.tap();
    k.model.submit_rating();
    k.settle();
    if (held == 4) {
      CHECK(k.model.progress().rating() == ProgressFlow::Rating::Thanks);
      CHECK(k.shows("感谢"));
    } else {
      CHECK(k.model.progress().rating() == ProgressFlow::Rating::None);
      CHECK(k.model.progress().status()->rating == 2);
    }
    CHECK_FALSE(k.model.progress().rating() == ProgressFlow::Rating::Refused);
  }
}

TEST_CASE("返回首页 is hidden and refused while the complaint is being filed", "[kiosk][complaints][hostile]") {
  Fake fake;
  fake.hold = true;
  Kiosk k(fake);
  k.to_phone();
  k.tap();
  k.model.skip_phone();
  k.tap();
  k.model.submit_complaint();
  CHECK(k.shows("正在提交"));
  CHECK(k.model.filing_view().home_label.empty());
  k.tap();
  k.model.go_home();
  CHECK(k.model.screen() == sunlight::kiosk::Screen::ComplaintFile);
  fake.hold = false;
  k.settle();
  CHECK(k.model.filing().step() == FilingFlow::Step::Filed);
  CHECK(k.shows(kShown));
}
