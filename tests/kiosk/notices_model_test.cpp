// Tests for kiosk/notices_model: tab filters, expiry, retractions with reasons, corrections with times, newest first.
#include <catch2/catch.hpp>

#include "kiosk/notices_model.hpp"
#include "kiosk_test_support.hpp"

using namespace kiosk_test;
using sunlight::kiosk::NoticesModel;
using Cat = core::NoticeCategory;
using core::Lang;

TEST_CASE("a tab lists its current notices, newest first — expired and scheduled ones are not listed", "[kiosk][notices]") {
  NoticesModel m;
  m.set_data(sample_data());
  const auto rows = m.list(Cat::VillageAffairs, kNowIso, Lang::ZhCn);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].id == 2);
  CHECK(rows[0].title == "道路硬化工程开工");
  CHECK(rows[0].date == "2026-11-20");
  CHECK(rows[0].publisher == "柏树村");
  CHECK(rows[0].level == "村居");
  CHECK(rows[1].id == 1);
  CHECK(rows[1].date == "2026-10-01");
  CHECK_FALSE(rows[0].corrected);
  CHECK(rows[0].flag.empty());
}

TEST_CASE("dates are Shanghai dates", "[kiosk][notices]") {
  auto d = sample_data();
  d->notices = {notice(9, "finance", "深夜发布", "2026-11-28T17:30:00Z")};  // 01:30 on the 29th in Shanghai
  NoticesModel m;
  m.set_data(d);
  const auto rows = m.list(Cat::Finance, kNowIso, Lang::ZhCn);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].date == "2026-11-29");
}

TEST_CASE("publishers are named with their level: village, town, district", "[kiosk][notices]") {
  NoticesModel m;
  m.set_data(sample_data());
  const auto party = m.list(Cat::PartyAffairs, kNowIso, Lang::ZhCn);
  REQUIRE(party.size() == 1);
  CHECK(party[0].publisher == "龙兴镇");
  CHECK(party[0].level == "镇街");
  const auto pub = m.list(Cat::PublicNotice, kNowIso, Lang::En);
  REQUIRE(pub.size() == 2);
  CHECK(pub[0].publisher == "渝北区");
  CHECK(pub[0].level == "District");
}

TEST_CASE("a retracted notice stays listed, marked, with its reason on the page", "[kiosk][notices]") {
  NoticesModel m;
  m.set_data(sample_data());
  const auto rows = m.list(Cat::PublicNotice, kNowIso, Lang::ZhCn);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].id == 5);
  CHECK(rows[1].retracted);
  CHECK(rows[1].flag == "已撤回");
  const auto d = m.detail(5, kNowIso, Lang::ZhCn);
  CHECK_FALSE(d.gone);
  CHECK(d.retracted == "已撤回 · 2026-11-11 09:30");
  CHECK(d.retract_reason == "撤回原因：名单有误，核实后重新公示");
  CHECK(d.title == "低保对象公示");
  const auto en = m.detail(5, kNowIso, Lang::En);
  CHECK(en.retracted == "Retracted · 2026-11-11 09:30");
}

TEST_CASE("a corrected notice says when it was corrected", "[kiosk][notices]") {
  NoticesModel m;
  m.set_data(sample_data());
  const auto rows = m.list(Cat::Finance, kNowIso, Lang::ZhCn);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].corrected);
  CHECK(rows[0].flag == "已更正");
  const auto d = m.detail(4, kNowIso, Lang::ZhCn);
  CHECK(d.corrected == "已更正 · 2026-11-02 10:00");
  CHECK(d.published == "发布于 2026-11-01 09:00");
  CHECK(d.publisher == "发布单位：柏树村（村居）");
  CHECK(d.retracted.empty());
  const auto plain = m.detail(1, kNowIso, Lang::ZhCn);
  CHECK(plain.corrected.empty());
  CHECK(plain.body == "第一段。\n\n第二段。");
}

TEST_CASE("a notice that is gone, expired or unknown says so instead of crashing", "[kiosk][notices]") {
  NoticesModel m;
  CHECK(m.list(Cat::VillageAffairs, kNowIso, Lang::ZhCn).empty());  // no data at all
  CHECK(m.detail(1, kNowIso, Lang::ZhCn).gone);
  m.set_data(sample_data());
  CHECK(m.detail(3, kNowIso, Lang::ZhCn).gone);  // expired
  CHECK(m.detail(8, kNowIso, Lang::ZhCn).gone);  // not yet published
  const auto unknown = m.detail(12345, kNowIso, Lang::ZhCn);
  CHECK(unknown.gone);
  CHECK(unknown.gone_message == "这条公告已不再显示，请返回列表");
  CHECK(unknown.title.empty());
  auto empty = sample_data();
  empty->notices.clear();
  m.set_data(empty);
  CHECK(m.detail(1, kNowIso, Lang::ZhCn).gone);
  for (const auto cat : {Cat::VillageAffairs, Cat::Finance, Cat::PartyAffairs, Cat::PublicNotice})
    CHECK(m.list(cat, kNowIso, Lang::ZhCn).empty());
}

TEST_CASE("notices with unreadable times are still shown as written", "[kiosk][notices]") {
  auto d = sample_data();
  auto odd = notice(10, "finance", "时间写坏了", "2026-11-01 bad");
  d->notices = {odd};
  NoticesModel m;
  m.set_data(d);
  const auto rows = m.list(Cat::Finance, kNowIso, Lang::ZhCn);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].date == "2026-11-01 bad");
}
