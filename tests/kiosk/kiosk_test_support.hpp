// Shared helpers for the kiosk view-model tests: a valid ID, a hand-built statement and terminal data, fake lookups.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "core/resident_id.hpp"
#include "core/statement.hpp"
#include "kiosk/clock.hpp"
#include "kiosk/lookup_flow.hpp"
#include "sync/person_lookup.hpp"
#include "sync/terminal_data.hpp"

namespace kiosk_test {

using namespace std::chrono_literals;
namespace core = sunlight::core;
namespace sync = sunlight::sync;
namespace kiosk = sunlight::kiosk;

// A fixed start time: models never read the clock, so any value will do.
inline const kiosk::SteadyTime kT0 = kiosk::SteadyTime{} + 1000h;

// 500112 19900307 093 + its check character: a valid ID (born 1990-03-07 in 渝北区).
inline std::string valid_id() {
  const std::string first17 = "50011219900307093";
  return first17 + core::resident_id_check_digit(first17);
}
// The same with a wrong last character.
inline std::string wrong_check_id() {
  const std::string id = valid_id();
  return id.substr(0, 17) + (id[17] == '1' ? '2' : '1');
}

inline core::Statement sample_statement() {
  core::Statement s;
  s.masked_id = "500112********0934";
  s.masked_name = "肖*启";
  s.region_name = "龙兴镇柏树村8社";
  s.masked_address = "龙兴镇柏树村8社新院子";
  core::Statement::Programme farm{"耕地地力保护补贴", "区农业农村委", core::Money::from_fen(123450), {}};
  farm.lines.push_back({core::Money::from_fen(123450), core::CivilDate{2025, 3, 1}, core::PaymentMethod::Card, "每亩104.5元"});
  core::Statement::Programme old_age{"高龄津贴", "区民政局", core::Money::from_fen(60000), {}};
  old_age.lines.push_back({core::Money::from_fen(30000), core::CivilDate{2024, 6, 15}, core::PaymentMethod::BankTransfer, "每月100元"});
  old_age.lines.push_back({core::Money::from_fen(30000), core::CivilDate{2024, 9, 15}, core::PaymentMethod::BankTransfer, "每月100元"});
  s.years.push_back({2025, core::Money::from_fen(123450), {farm}});
  s.years.push_back({2024, core::Money::from_fen(60000), {old_age}});
  s.total = core::Money::from_fen(183450);
  s.payment_count = 3;
  return s;
}

inline sync::LookupResult found_result() {
  sync::LookupResult r;
  r.outcome = sync::LookupResult::Outcome::Found;
  r.statement = sample_statement();
  return r;
}

inline sync::LookupResult outcome(sync::LookupResult::Outcome o) {
  sync::LookupResult r;
  r.outcome = o;
  return r;
}

// A lookup that answers `result` at once and wipes the typed ID as the real one does.
inline kiosk::LookupFlow::LookupFn answering(sync::LookupResult result) {
  return [result](std::string& typed) {
    for (auto& c : typed) c = '\0';
    typed.clear();
    return result;
  };
}

// Polls until the flow leaves Searching (the worker is a real thread), at most a few seconds.
inline void settle(kiosk::LookupFlow& flow, kiosk::SteadyTime now) {
  for (int i = 0; i < 500 && flow.state() == kiosk::LookupFlow::State::Searching; ++i) {
    std::this_thread::sleep_for(10ms);
    flow.poll(now);
  }
}

inline void type(kiosk::LookupFlow& flow, const std::string& text, kiosk::SteadyTime now) {
  for (const char c : text) flow.press(c, now);
}

inline sync::Notice notice(std::int64_t id, std::string category, std::string title, std::string publish_at) {
  sync::Notice n;
  n.id = id;
  n.region = "500112101201";
  n.region_name = "柏树村";
  n.category = std::move(category);
  n.status = "published";
  n.title = std::move(title);
  n.body = "第一段。\n\n第二段。";
  n.publish_at = publish_at;
  n.created_at = publish_at;
  n.updated_at = publish_at;
  return n;
}

// 龙兴镇柏树村 with a handful of notices of every kind (now: 2026-11-29T06:05:00Z = 14:05 Shanghai).
inline constexpr const char* kNowIso = "2026-11-29T06:05:00Z";

inline std::shared_ptr<sync::TerminalData> sample_data() {
  auto d = std::make_shared<sync::TerminalData>();
  d->scope = "500112101201";
  d->regions.self = {"500112101201", "柏树村", "village"};
  d->regions.ancestors = {{"500112", "渝北区", "district"}, {"500112101", "龙兴镇", "town"}};
  d->has_public = true;
  d->has_people = true;
  d->public_seq = 42;
  d->data_time = "2026-11-29T06:00:00Z";
  auto older = notice(1, "village_affairs", "2026年秋季村民大会通知", "2026-10-01T01:00:00Z");
  auto newer = notice(2, "village_affairs", "道路硬化工程开工", "2026-11-20T02:00:00Z");
  auto expired = notice(3, "village_affairs", "已过期的停水通知", "2026-09-01T01:00:00Z");
  expired.expire_at = "2026-09-10T00:00:00Z";
  auto corrected = notice(4, "finance", "2026年第三季度财务公开", "2026-11-01T01:00:00Z");
  corrected.revision = 2;
  corrected.updated_at = "2026-11-02T02:00:00Z";
  auto retracted = notice(5, "public_notice", "低保对象公示", "2026-11-10T01:00:00Z");
  retracted.status = "retracted";
  retracted.retracted_at = "2026-11-11T01:30:00Z";
  retracted.retract_reason = "名单有误，核实后重新公示";
  auto town = notice(6, "party_affairs", "镇党委主题党日安排", "2026-11-15T01:00:00Z");
  town.region = "500112101";
  town.region_name = "龙兴镇";
  auto district = notice(7, "public_notice", "渝北区临时救助标准调整", "2026-11-18T01:00:00Z");
  district.region = "500112";
  district.region_name = "渝北区";
  auto scheduled = notice(8, "village_affairs", "下月的通知", "2026-12-20T01:00:00Z");
  d->notices = {scheduled, newer, district, town, retracted, corrected, older, expired};
  return d;
}

}  // namespace kiosk_test
