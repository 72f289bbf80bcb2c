// A district's public data as a big screen's replica would hold it, made up in memory: towns, funds
// at the three levels, a year of figures at the four monitoring points, 24 months of payments and
// notices. For the display's benchmark and its rotation and soak tests; deterministic per seed.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>

#include <fmt/format.h>

#include "sync/terminal_data.hpp"

namespace sunlight::bench {

struct DisplayDataShape {
  int towns = 29;          // 渝北区 has 29 镇街
  int funds = 24;          // programmes this year
  int categories = 8;
  int months = 24;
  int notices = 40;
  int name_length = 0;     // > 0: every town and fund name padded to this many characters (hostile)
  bool zeros = false;      // every figure 0 (hostile)
  bool one_giant = false;  // one flow is 99.9 % of the money (hostile)
  bool missing_stages = true;  // some funds stop at approval or allocation
  int gap_month = -1;      // a month (index from the newest, 0 = this month) with no payments at all
};

// `variant` nudges every figure (a data update while the screen runs): same keys, new amounts.
inline std::shared_ptr<sync::TerminalData> display_data(const DisplayDataShape& shape, std::uint64_t seed,
                                                        int variant = 0) {
  static constexpr const char* kTowns[] = {"王家街道", "龙兴镇", "统景镇", "大盛镇", "洛碛镇", "石船镇", "古路镇",
                                           "兴隆镇", "木耳镇", "茨竹镇", "大湾镇", "玉峰山镇", "双凤桥街道",
                                           "双龙湖街道", "回兴街道", "龙溪街道", "龙山街道", "龙塔街道",
                                           "大竹林街道", "悦来街道", "两路街道", "宝圣湖街道", "仙桃街道",
                                           "人和街道", "天宫殿街道", "翠云街道", "鸳鸯街道", "礼嘉街道", "康美街道"};
  static constexpr const char* kCategories[] = {"农业补贴", "社会救助", "养老服务", "残疾人保障", "住房保障",
                                                "教育资助", "就业创业", "医疗救助"};
  static constexpr const char* kLevels[] = {"central", "municipal", "district"};
  std::mt19937_64 rng(seed);
  auto data = std::make_shared<sync::TerminalData>();
  data->scope = "500112";
  data->has_public = true;
  data->public_seq = 1000 + variant;
  data->data_time = "2026-11-28T06:27:00Z";
  data->year = 2026;
  data->regions.self = {"500112", "渝北区", "district"};
  const auto pad = [&](std::string name) {
    while (shape.name_length > 0 && static_cast<int>(name.size() / 3) < shape.name_length) name += "长";
    return name;
  };
  for (int t = 0; t < shape.towns; ++t) {
    data->regions.children.push_back({fmt::format("500112{:03}", 101 + t), pad(kTowns[t % 29]) + (t >= 29 ? std::to_string(t) : ""), "town"});
  }
  const auto nudge = [&](std::int64_t v) {
    if (shape.zeros) return std::int64_t{0};
    return v + v * ((variant * 7919 + static_cast<int>(v % 97)) % 13) / 100;
  };
  for (int fi = 0; fi < shape.funds; ++fi) {
    sync::FundTotal total;
    total.fund.code = fmt::format("YB2026-{:02}", fi + 1);
    total.fund.name = pad(fmt::format("惠民补贴项目{}", fi + 1));
    total.fund.category = kCategories[fi % std::min(8, std::max(1, shape.categories))];
    total.fund.department = "区财政局";
    total.fund.level = kLevels[fi % 3];
    total.fund.year = 2026;
    total.region = "500112";
    std::int64_t fund_paid = 0, fund_people = 0;
    for (int t = 0; t < shape.towns; ++t) {
      sync::RegionFundTotal c;
      c.region = data->regions.children[static_cast<std::size_t>(t)].code;
      c.fund = total.fund.code;
      c.year = 2026;
      std::int64_t paid = nudge(static_cast<std::int64_t>(rng() % 5'000'000'00) + 1'000'00);
      if (shape.one_giant && fi == 0 && t == 0) paid = nudge(999LL * 5'000'000'00 * shape.funds * shape.towns);
      c.figures.paid_fen = paid;
      c.figures.beneficiaries = paid / 50'000;
      c.figures.payments = c.figures.beneficiaries;
      fund_paid += paid;
      fund_people += c.figures.beneficiaries;
      data->child_totals.push_back(c);
    }
    auto& f = total.figures;
    f.plan_fen = shape.zeros ? 0 : fund_paid + fund_paid / 20;
    f.approve_fen = shape.zeros ? 0 : fund_paid + fund_paid / 40;
    const int stops = shape.missing_stages ? fi % 7 : 6;  // 0: stops after approval, 1: after allocation
    f.allocate_fen = stops == 0 ? 0 : fund_paid;
    f.disburse_fen = stops <= 1 ? 0 : fund_paid;
    f.paid_fen = fund_paid;
    f.beneficiaries = fund_people;
    f.payments = fund_people;
    total.fund.budget_fen = f.plan_fen;
    data->fund_totals.push_back(total);
    // The stage months: plan early in the year, approval a month later, then allocation, payout.
    for (int m = 0; m < shape.months; ++m) {
      const int back = shape.months - 1 - m;  // months before November 2026, the newest
      const int index = 2026 * 12 + 10 - back;
      const int y = index / 12;
      const int month0 = index % 12;  // 0 = January
      sync::FundMonth fm;
      fm.fund = total.fund.code;
      fm.category = total.fund.category;
      fm.month = fmt::format("{}-{:02}", y, month0 + 1);
      if (back == shape.gap_month) continue;
      fm.figures.paid_fen = y == 2026 ? fund_paid / 11 : nudge(static_cast<std::int64_t>(rng() % 3'000'000'00));
      if (y == 2026 && month0 == 1) fm.figures.plan_fen = f.plan_fen;
      if (y == 2026 && month0 == 2) fm.figures.approve_fen = f.approve_fen;
      if (y == 2026 && month0 == 3) fm.figures.allocate_fen = f.allocate_fen;
      if (y == 2026 && month0 == 10) fm.figures.disburse_fen = f.disburse_fen;
      data->months.push_back(fm);
    }
  }
  for (int n = 0; n < shape.notices; ++n) {
    sync::Notice notice;
    notice.id = n + 1;
    notice.region = n % 3 == 0 ? "500112" : data->regions.children[static_cast<std::size_t>(n) % data->regions.children.size()].code;
    notice.region_name = n % 3 == 0 ? "渝北区" : data->regions.children[static_cast<std::size_t>(n) % data->regions.children.size()].name;
    notice.category = n % 2 == 0 ? "village_affairs" : "public_notice";
    notice.status = "published";
    notice.title = pad(fmt::format("关于第{}批惠民补贴资金发放情况的公示", n + 1 + variant % 3));
    notice.body = "经村民代表会议评议、镇人民政府审核，现将本批次补贴发放对象和金额予以公示。公示期七天，如有异议，请向村委会或镇财政所反映。\n\n"
                  "一、发放对象：符合条件的农户\n二、发放标准：按确权面积每亩计发\n三、监督电话：023-67800000";
    notice.publish_at = fmt::format("2026-11-{:02}T00:00:00Z", 27 - n % 27);
    notice.created_at = notice.publish_at;
    notice.updated_at = notice.publish_at;
    data->notices.push_back(notice);
  }
  return data;
}

}  // namespace sunlight::bench
