// Tests for sync/replica and sync/queries: applying bodies, what screens then read, atomicity, a full disk, foreign files, the outbox.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sync/feed_body.hpp"
#include "sync/queries.hpp"
#include "sync/replica.hpp"
#include "temp_dir.hpp"

namespace sunlight::sync {
namespace {

using nlohmann::json;
using sunlight::testing::TempDir;
using Catch::Matchers::Contains;

constexpr const char* kLogId = "9d2c41e07a5b4f3e8c16d0b2a7f59e38";
constexpr const char* kNow = "2026-11-28T12:00:00Z";

// The little district every test uses: 渝北区 › 龙兴镇 (柏树村 with two groups, 和平村) and 统景镇 (印盒村).
constexpr const char* kDistrict = "500112";
constexpr const char* kTown1 = "500112101";
constexpr const char* kTown2 = "500112102";
constexpr const char* kVillage11 = "500112101201";
constexpr const char* kVillage12 = "500112101202";
constexpr const char* kVillage21 = "500112102201";

FeedEntry make_entry(std::int64_t seq, std::string kind, std::string key, json data, std::string region,
                     std::string op = "upsert") {
  FeedEntry e;
  e.seq = seq;
  e.kind = std::move(kind);
  e.key = std::move(key);
  e.op = std::move(op);
  e.region = std::move(region);
  e.at = "2026-11-28T14:24:57Z";
  e.data = std::move(data);
  return e;
}

FeedEntry region_entry(std::int64_t seq, const std::string& code, const std::string& name, const std::string& level,
                       const std::string& parent) {
  return make_entry(seq, "region", code, {{"code", code}, {"level", level}, {"name", name}, {"parent", parent}}, code);
}

std::vector<FeedEntry> district_regions(std::int64_t& seq) {
  return {region_entry(++seq, kDistrict, "渝北区", "district", ""),
          region_entry(++seq, kTown1, "龙兴镇", "town", kDistrict),
          region_entry(++seq, kTown2, "统景镇", "town", kDistrict),
          region_entry(++seq, kVillage11, "柏树村", "village", kTown1),
          region_entry(++seq, kVillage12, "和平村", "village", kTown1),
          region_entry(++seq, kVillage21, "印盒村", "village", kTown2),
          region_entry(++seq, "500112101201001", "1社", "group", kVillage11),
          region_entry(++seq, "500112101201002", "2社", "group", kVillage11)};
}

json fund_data(const std::string& code, const std::string& name, int year, std::int64_t budget) {
  return {{"budget_fen", budget}, {"category", "农业补贴"}, {"code", code},     {"department", "区农业农村委"},
          {"level", "central"},   {"name", name},         {"policy_basis", ""}, {"standard", "每亩每年104元"},
          {"year", year}};
}

FeedEntry fund_entry(std::int64_t seq, const std::string& code, const std::string& name, int year,
                     std::int64_t budget = 12000000) {
  return make_entry(seq, "fund", code, fund_data(code, name, year, budget), kDistrict);
}

std::vector<FeedEntry> district_funds(std::int64_t& seq) {
  return {fund_entry(++seq, "YB2023-01", "城乡低保", 2023), fund_entry(++seq, "YB2024-01", "耕地地力保护补贴", 2024),
          fund_entry(++seq, "YB2024-02", "高龄津贴", 2024)};
}

Figures figures(std::int64_t plan, std::int64_t approve, std::int64_t allocate, std::int64_t disburse, std::int64_t paid,
                std::int64_t payments, std::int64_t beneficiaries) {
  return Figures{plan, approve, allocate, disburse, paid, payments, beneficiaries};
}

FeedEntry aggregate_entry(std::int64_t seq, const std::string& fund, const std::string& region, const std::string& month,
                          const Figures& f) {
  return make_entry(seq, "aggregate", fund + "|" + region + "|" + month,
                    {{"allocate_fen", f.allocate_fen}, {"approve_fen", f.approve_fen}, {"beneficiaries", f.beneficiaries},
                     {"disburse_fen", f.disburse_fen}, {"fund", fund},                   {"month", month},
                     {"paid_fen", f.paid_fen},         {"payments", f.payments},         {"plan_fen", f.plan_fen},
                     {"region", region}},
                    region);
}

struct NoticeSpec {
  std::int64_t id = 1;
  std::string region = kVillage11;
  std::string title = "本周六上午打扫村道";
  std::string status = "published";
  std::string publish_at = "2026-11-01T00:00:00Z";
  std::optional<std::string> expire_at;
  int revision = 1;
  std::optional<json> retraction;
};

FeedEntry notice_entry(std::int64_t seq, const NoticeSpec& n, const std::string& op = "publish") {
  json history = json::array();
  for (int r = 1; r <= n.revision; ++r)
    history.push_back({{"at", "2026-11-28T14:24:57Z"}, {"by", "李军（村干部）"}, {"revision", r},
                       {"title", r == n.revision ? n.title : n.title + "（旧）"}});
  json data{{"body", "请各户派一人参加。\n地点：村委会门口。"},
            {"category", "village_affairs"},
            {"created_at", "2026-11-28T14:24:57Z"},
            {"created_by", "李军（村干部）"},
            {"expire_at", n.expire_at ? json(*n.expire_at) : json(nullptr)},
            {"history", history},
            {"id", n.id},
            {"publish_at", n.publish_at},
            {"region", n.region},
            {"retraction", n.retraction ? *n.retraction : json(nullptr)},
            {"revision", n.revision},
            {"status", n.status},
            {"title", n.title},
            {"updated_at", "2026-11-28T14:30:00Z"},
            {"updated_by", "王芳（村干部）"}};
  return make_entry(seq, "notice", std::to_string(n.id), std::move(data), n.region, op);
}

std::string tag_of(int i) { return fmt::format("{:064x}", i + 0xa0); }

FeedEntry person_entry(std::int64_t seq, const std::string& tag, const std::string& record,
                       const std::string& region = kVillage11) {
  return make_entry(seq, "person", tag, {{"record", record}, {"tag", tag}}, region, "seal");
}

const json kSeal = json::parse(R"({"alg":"argon2id13","memlimit":8192,"opslimit":1,"salt":"AxQlNkdYaXqLnK2+z+DxAg=="})");

FeedBody snapshot(Stream stream, std::int64_t as_of, std::vector<FeedEntry> entries, std::string log_id = kLogId) {
  FeedBody b;
  b.snapshot = true;
  b.stream = stream;
  b.scope = kVillage11;
  b.log_id = std::move(log_id);
  b.as_of = as_of;
  if (stream == Stream::People) b.seal = kSeal;
  b.entries = std::move(entries);
  return b;
}

FeedBody changes(Stream stream, std::int64_t after, std::int64_t next, std::vector<FeedEntry> entries,
                 std::string log_id = kLogId) {
  FeedBody b;
  b.stream = stream;
  b.scope = kVillage11;
  b.log_id = std::move(log_id);
  b.after = after;
  b.next = next;
  b.head = next;
  if (stream == Stream::People) b.seal = kSeal;
  b.entries = std::move(entries);
  return b;
}

// Every row of every table, sorted: "exactly as before" means this string is unchanged.
std::string dump_all(SQLite::Database& db) {
  std::vector<std::string> tables;
  {
    SQLite::Statement q(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    while (q.executeStep()) tables.push_back(q.getColumn(0).getString());
  }
  std::string out;
  for (const auto& table : tables) {
    SQLite::Statement q(db, "SELECT * FROM \"" + table + "\"");
    std::vector<std::string> rows;
    while (q.executeStep()) {
      std::string row;
      for (int i = 0; i < q.getColumnCount(); ++i)
        row += (q.getColumn(i).isNull() ? std::string("NULL") : q.getColumn(i).getString()) + "\x1f";
      rows.push_back(row);
    }
    std::sort(rows.begin(), rows.end());
    out += "== " + table + " (" + std::to_string(rows.size()) + ")\n";
    for (const auto& r : rows) out += r + "\n";
  }
  return out;
}

std::string show(const Figures& f) {
  return fmt::format("{}/{}/{}/{}/{}/{}/{}", f.plan_fen, f.approve_fen, f.allocate_fen, f.disburse_fen, f.paid_fen,
                     f.payments, f.beneficiaries);
}

std::vector<std::string> show(const std::vector<FundTotal>& totals) {
  std::vector<std::string> out;
  for (const auto& t : totals)
    out.push_back(fmt::format("{} {} {} {} {}", t.region, t.fund.code, t.fund.year, t.fund.name, show(t.figures)));
  return out;
}

std::vector<std::string> show(const std::vector<RegionFundTotal>& totals) {
  std::vector<std::string> out;
  for (const auto& t : totals) out.push_back(fmt::format("{} {} {} {}", t.region, t.fund, t.year, show(t.figures)));
  return out;
}

std::vector<std::string> show(const std::vector<FundMonth>& months) {
  std::vector<std::string> out;
  for (const auto& m : months) out.push_back(fmt::format("{} {} {} {}", m.month, m.fund, m.category, show(m.figures)));
  return out;
}

Figures& operator+=(Figures& a, const Figures& b) {
  a.plan_fen += b.plan_fen;
  a.approve_fen += b.approve_fen;
  a.allocate_fen += b.allocate_fen;
  a.disburse_fen += b.disburse_fen;
  a.paid_fen += b.paid_fen;
  a.payments += b.payments;
  a.beneficiaries += b.beneficiaries;
  return a;
}

// A public snapshot of the little district with a few figures and two notices, as of seq 20.
FeedBody starting_snapshot() {
  std::int64_t seq = 0;
  auto entries = district_regions(seq);
  for (auto& f : district_funds(seq)) entries.push_back(std::move(f));
  entries.push_back(aggregate_entry(++seq, "YB2024-01", kVillage11, "2024-06", figures(0, 0, 0, 0, 10343840, 309, 309)));
  entries.push_back(aggregate_entry(++seq, "YB2024-01", kVillage12, "2024-06", figures(0, 0, 0, 0, 5000000, 100, 100)));
  entries.push_back(aggregate_entry(++seq, "YB2024-01", kTown1, "2024-05", figures(20000000, 18000000, 0, 0, 0, 0, 0)));
  entries.push_back(aggregate_entry(++seq, "YB2024-01", kDistrict, "2024-03", figures(90000000, 0, 0, 0, 0, 0, 0)));
  entries.push_back(aggregate_entry(++seq, "YB2023-01", kVillage21, "2023-12", figures(0, 0, 0, 0, 123456, 3, 2)));
  NoticeSpec village;
  village.id = 46;
  entries.push_back(notice_entry(++seq, village));
  NoticeSpec district;
  district.id = 3;
  district.region = kDistrict;
  district.title = "关于提高城乡居民基础养老金标准的通知";
  district.publish_at = "2024-01-04T16:00:00Z";
  entries.push_back(notice_entry(++seq, district));
  REQUIRE(seq <= 20);
  return snapshot(Stream::Public, 20, std::move(entries));
}

}  // namespace

TEST_CASE("a public snapshot then changes fill the tables the screens read", "[replica]") {
  const bool on_file = GENERATE(false, true);
  TempDir dir("replica-fill");
  const auto file = on_file ? replica_file(dir.path()).string() : std::string(":memory:");
  CAPTURE(file);
  Replica replica(file);
  auto& db = replica.db();

  CHECK_FALSE(replica.stream_state(Stream::Public).bootstrapped);
  const auto snap = starting_snapshot();
  CHECK(replica.apply(snap, "2026-11-28T10:00:00Z") == snap.entries.size());

  const auto state = replica.stream_state(Stream::Public);
  CHECK(state.bootstrapped);
  CHECK(state.cursor == 20);
  CHECK(state.log_id == kLogId);
  CHECK(state.applied_at == "2026-11-28T10:00:00Z");
  CHECK_FALSE(replica.stream_state(Stream::People).bootstrapped);

  // Where the kiosk stands: 龙兴镇柏树村, under 渝北区, with its two groups.
  const auto regions = scope_regions(db, kVillage11);
  CHECK(regions.self.name == "柏树村");
  CHECK(regions.self.level == "village");
  REQUIRE(regions.ancestors.size() == 2);
  CHECK(regions.ancestors[0].name == "渝北区");
  CHECK(regions.ancestors[1].name == "龙兴镇");
  REQUIRE(regions.children.size() == 2);
  CHECK(regions.children[0].name == "1社");
  CHECK(regions.full_name() == "龙兴镇柏树村");
  CHECK(scope_regions(db, kDistrict).full_name() == "渝北区");
  CHECK(scope_regions(db, kTown1).children.size() == 2);
  // A scope the replica knows nothing of yet still answers with its code.
  CHECK(scope_regions(db, "500112109201").self.name.empty());

  CHECK(fund_years(db) == std::vector<int>{2024, 2023});
  const auto all_funds = funds(db);
  REQUIRE(all_funds.size() == 3);
  CHECK(all_funds[0].code == "YB2024-01");
  CHECK(all_funds[0].name == "耕地地力保护补贴");
  CHECK(all_funds[0].department == "区农业农村委");
  CHECK(all_funds[0].budget_fen == 12000000);
  CHECK(all_funds[0].standard == "每亩每年104元");

  // The village sees its own payments only; the town its villages' and its own stage figures;
  // the district everything once.
  const auto village = fund_totals(db, kVillage11, 2024);
  REQUIRE(village.size() == 2);
  CHECK(village[0].fund.code == "YB2024-01");
  CHECK(village[0].figures == figures(0, 0, 0, 0, 10343840, 309, 309));
  CHECK(village[1].fund.code == "YB2024-02");
  CHECK(village[1].figures == Figures{});  // a fund with nothing here yet comes with zeros
  const auto town = fund_totals(db, kTown1, 2024);
  CHECK(town[0].figures == figures(20000000, 18000000, 0, 0, 15343840, 409, 409));
  const auto district = fund_totals(db, kDistrict, 0);
  REQUIRE(district.size() == 3);
  CHECK(district[0].fund.code == "YB2023-01");
  CHECK(district[0].figures == figures(0, 0, 0, 0, 123456, 3, 2));
  CHECK(district[1].figures == figures(110000000, 18000000, 0, 0, 15343840, 409, 409));

  const auto by_village = child_fund_totals(db, kTown1, 2024);
  REQUIRE(by_village.size() == 2);
  CHECK(by_village[0].region == kVillage11);
  CHECK(by_village[1].region == kVillage12);
  CHECK(by_village[1].figures.paid_fen == 5000000);
  const auto by_town = child_fund_totals(db, kDistrict, 0);
  REQUIRE(by_town.size() == 2);
  CHECK(by_town[0].region == kTown1);
  CHECK(by_town[1].region == kTown2);
  CHECK(by_town[1].fund == "YB2023-01");

  const auto months = monthly_totals(db, kDistrict, "2024-01", "2024-12");
  CHECK(show(months) == std::vector<std::string>{"2024-03 YB2024-01 农业补贴 90000000/0/0/0/0/0/0",
                                                 "2024-05 YB2024-01 农业补贴 20000000/18000000/0/0/0/0/0",
                                                 "2024-06 YB2024-01 农业补贴 0/0/0/0/15343840/409/409"});
  CHECK(monthly_totals(db, kDistrict, "2023-12", "2023-12").size() == 1);

  // Changes: a new payment month, a revised figure, a renamed group, an edited notice.
  NoticeSpec edited;
  edited.id = 46;
  edited.title = "本周六上午九点打扫村道";
  edited.revision = 2;
  const auto page = changes(
      Stream::Public, 20, 30,
      {aggregate_entry(21, "YB2024-01", kVillage11, "2024-07", figures(0, 0, 0, 0, 200, 2, 2)),
       aggregate_entry(22, "YB2024-01", kVillage12, "2024-06", figures(0, 0, 0, 0, 4000000, 80, 80)),
       region_entry(23, "500112101201002", "二社", "group", kVillage11), notice_entry(24, edited, "edit")});
  CHECK(replica.apply(page, "2026-11-28T10:05:00Z") == 4);
  CHECK(replica.stream_state(Stream::Public).cursor == 30);
  CHECK(replica.stream_state(Stream::Public).applied_at == "2026-11-28T10:05:00Z");
  CHECK(fund_totals(db, kVillage11, 2024)[0].figures == figures(0, 0, 0, 0, 10344040, 311, 311));
  CHECK(fund_totals(db, kTown1, 2024)[0].figures == figures(20000000, 18000000, 0, 0, 14344040, 391, 391));
  CHECK(fund_totals(db, kDistrict, 2024)[0].figures == figures(110000000, 18000000, 0, 0, 14344040, 391, 391));
  CHECK(scope_regions(db, kVillage11).children[1].name == "二社");
  const auto n = notice(db, 46);
  REQUIRE(n);
  CHECK(n->title == "本周六上午九点打扫村道");
  CHECK(n->revision == 2);
  CHECK(n->corrected());
  REQUIRE(n->history.size() == 2);
  CHECK(n->history[0].revision == 1);
  CHECK(n->history[1].title == "本周六上午九点打扫村道");
  CHECK(n->updated_by == "王芳（村干部）");
  CHECK(n->region_name == "柏树村");
}

TEST_CASE("notices are current, scheduled, expired or retracted by the terminal's clock", "[replica]") {
  Replica replica(":memory:");
  auto& db = replica.db();
  std::int64_t seq = 0;
  auto entries = district_regions(seq);
  NoticeSpec current;
  current.id = 1;
  current.title = "现行";
  current.publish_at = "2026-11-01T00:00:00Z";
  NoticeSpec scheduled;
  scheduled.id = 2;
  scheduled.title = "预定";
  scheduled.publish_at = "2026-12-05T00:00:00Z";
  scheduled.expire_at = "2026-12-06T16:00:00Z";
  NoticeSpec expired;
  expired.id = 3;
  expired.title = "过期";
  expired.publish_at = "2026-10-01T00:00:00Z";
  expired.expire_at = "2026-11-01T00:00:00Z";
  NoticeSpec retracted;
  retracted.id = 4;
  retracted.title = "撤回";
  retracted.publish_at = "2026-11-20T00:00:00Z";
  retracted.status = "retracted";
  retracted.retraction = json{{"at", "2026-11-21T08:00:00Z"}, {"by", "李军（村干部）"}, {"reason", "活动取消"}};
  NoticeSpec from_district;
  from_district.id = 5;
  from_district.region = kDistrict;
  from_district.title = "区里的通知";
  from_district.publish_at = "2026-11-10T00:00:00Z";
  for (const auto& n : {current, scheduled, expired, retracted, from_district}) entries.push_back(notice_entry(++seq, n));
  replica.apply(snapshot(Stream::Public, seq, entries), kNow);

  auto ids = [&](std::string_view now, int limit = 100) {
    std::vector<std::int64_t> out;
    for (const auto& n : notices(db, now, limit)) out.push_back(n.id);
    return out;
  };
  auto current_ids = [&](std::string_view now) {
    std::vector<std::int64_t> out;
    for (const auto& n : notices(db, now, 100))
      if (n.current_at(now)) out.push_back(n.id);
    return out;
  };

  // Newest publish_at first; the expired one is gone; the scheduled one is there, held back.
  CHECK(ids(kNow) == std::vector<std::int64_t>{2, 4, 5, 1});
  CHECK(ids(kNow, 2) == std::vector<std::int64_t>{2, 4});
  CHECK(current_ids(kNow) == std::vector<std::int64_t>{5, 1});

  const auto all = notices(db, kNow, 100);
  const auto& s = all[0];
  CHECK_FALSE(s.current_at(kNow));
  CHECK_FALSE(s.listed_at(kNow));
  CHECK(s.expire_at == "2026-12-06T16:00:00Z");
  // It starts at its publish_at without another entry, and stops at its expire_at (exclusive).
  CHECK(s.current_at("2026-12-05T00:00:00Z"));
  CHECK_FALSE(s.current_at("2026-12-04T23:59:59Z"));
  CHECK(s.current_at("2026-12-06T15:59:59Z"));
  CHECK_FALSE(s.current_at("2026-12-06T16:00:00Z"));
  CHECK(current_ids("2026-12-05T08:00:00Z") == std::vector<std::int64_t>{2, 5, 1});
  CHECK(ids("2026-12-06T16:00:00Z") == std::vector<std::int64_t>{4, 5, 1});

  // Retracted: never current, but listed as 已撤回 with who, when and why.
  const auto& r = all[1];
  CHECK(r.retracted());
  CHECK_FALSE(r.current_at(kNow));
  CHECK(r.listed_at(kNow));
  CHECK(r.retracted_by == "李军（村干部）");
  CHECK(r.retracted_at == "2026-11-21T08:00:00Z");
  CHECK(r.retract_reason == "活动取消");

  // Expired: still in the replica (history), just not listed.
  const auto e = notice(db, 3);
  REQUIRE(e);
  CHECK_FALSE(e->current_at(kNow));
  CHECK_FALSE(e->listed_at(kNow));
  CHECK(e->current_at("2026-10-15T00:00:00Z"));

  // Who published it, by name; a notice with no expiry says "".
  CHECK(all[2].region_name == "渝北区");
  CHECK(all[3].region_name == "柏树村");
  CHECK(all[3].expire_at.empty());
  CHECK(all[3].current_at("2099-01-01T00:00:00Z"));
  CHECK_FALSE(all[3].corrected());

  // A cadre retracts the current notice: the next page takes it off the screen.
  auto gone = current;
  gone.status = "retracted";
  gone.retraction = json{{"at", "2026-11-28T12:30:00Z"}, {"by", "李军（村干部）"}, {"reason", "写错了日期"}};
  replica.apply(changes(Stream::Public, seq, seq + 1, {notice_entry(seq + 1, gone, "retract")}), kNow);
  CHECK(current_ids(kNow) == std::vector<std::int64_t>{5});
  const auto after = notice(db, 1);
  REQUIRE(after);
  CHECK(after->retracted());
  CHECK(after->retract_reason == "写错了日期");
  CHECK_FALSE(notice(db, 99));
}

TEST_CASE("totals kept up entry by entry equal totals rebuilt from a snapshot of the same state", "[replica]") {
  const std::vector<std::string> regions{kDistrict, kTown1, kTown2, kVillage11, kVillage12, kVillage21};
  const std::vector<std::string> funds_list{"YB2023-01", "YB2024-01", "YB2024-02"};
  const std::vector<std::string> months{"2023-11", "2023-12", "2024-01", "2024-02", "2024-06", "2024-12"};
  using Key = std::tuple<std::string, std::string, std::string>;  // fund, region, month

  for (std::uint32_t seed = 1; seed <= 25; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    auto pick = [&](const auto& v) { return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)]; };
    auto amount = [&]() -> std::int64_t {
      switch (rng() % 4) {
        case 0: return 0;
        case 1: return static_cast<std::int64_t>(rng() % 1000);
        default: return static_cast<std::int64_t>(rng() % 1000000) * 100000;  // up to ¥1,000,000,000
      }
    };
    auto random_figures = [&]() {
      return figures(amount(), amount(), amount(), amount(), amount(), static_cast<std::int64_t>(rng() % 500),
                     static_cast<std::int64_t>(rng() % 300));
    };

    std::map<Key, Figures> model;
    std::int64_t seq = 0;
    std::vector<FeedEntry> base = district_regions(seq);
    for (auto& f : district_funds(seq)) base.push_back(std::move(f));
    for (int i = 0; i < 6; ++i) {
      const Key k{pick(funds_list), pick(regions), pick(months)};
      const auto f = random_figures();
      model[k] = f;
      base.push_back(aggregate_entry(++seq, std::get<0>(k), std::get<1>(k), std::get<2>(k), f));
    }
    Replica incremental(":memory:");
    incremental.apply(snapshot(Stream::Public, seq, base), kNow);

    for (int page = 0; page < 30; ++page) {
      std::vector<FeedEntry> entries;
      const auto after = seq;
      const int n = 1 + static_cast<int>(rng() % 8);
      for (int i = 0; i < n; ++i) {
        const auto what = rng() % 10;
        if (what < 2 && !model.empty()) {
          // Back to zero: "nothing here any more".
          auto it = model.begin();
          std::advance(it, static_cast<long>(rng() % model.size()));
          it->second = Figures{};
          entries.push_back(aggregate_entry(++seq, std::get<0>(it->first), std::get<1>(it->first),
                                            std::get<2>(it->first), Figures{}));
        } else if (what < 4 && !model.empty()) {
          // A stage figure moves to another month: the old month again with zeros, then the new one.
          auto it = model.begin();
          std::advance(it, static_cast<long>(rng() % model.size()));
          const auto [fund, region, old_month] = it->first;
          const auto moved = it->second;
          const auto new_month = pick(months);
          it->second = Figures{};
          entries.push_back(aggregate_entry(++seq, fund, region, old_month, Figures{}));
          model[{fund, region, new_month}] = moved;
          entries.push_back(aggregate_entry(++seq, fund, region, new_month, moved));
        } else {
          const Key k{pick(funds_list), pick(regions), pick(months)};
          const auto f = random_figures();
          model[k] = f;
          entries.push_back(aggregate_entry(++seq, std::get<0>(k), std::get<1>(k), std::get<2>(k), f));
        }
      }
      // Now and then a page of other things, or a page with nothing for this scope.
      if (rng() % 5 == 0) entries.push_back(region_entry(++seq, kVillage21, "印盒村", "village", kTown2));
      seq += static_cast<std::int64_t>(rng() % 3);  // other scopes' entries
      incremental.apply(changes(Stream::Public, after, seq, entries), kNow);
    }

    // The same final state as one snapshot: every (fund, region, month) ever sent, with its last figures.
    std::int64_t snap_seq = 0;
    std::vector<FeedEntry> final_entries = district_regions(snap_seq);
    for (auto& f : district_funds(snap_seq)) final_entries.push_back(std::move(f));
    for (const auto& [k, f] : model)
      final_entries.push_back(aggregate_entry(++snap_seq, std::get<0>(k), std::get<1>(k), std::get<2>(k), f));
    Replica rebuilt(":memory:");
    rebuilt.apply(snapshot(Stream::Public, seq, final_entries), kNow);

    for (const auto& region : regions) {
      for (const int year : {0, 2023, 2024}) {
        CAPTURE(region, year);
        const auto a = show(fund_totals(incremental.db(), region, year));
        const auto b = show(fund_totals(rebuilt.db(), region, year));
        CHECK(a == b);
        CHECK(show(child_fund_totals(incremental.db(), region, year)) ==
              show(child_fund_totals(rebuilt.db(), region, year)));
        // And both equal the sums a person would make from the aggregates.
        std::vector<std::string> expected;
        for (const auto& fund : funds(rebuilt.db())) {
          if (year != 0 && fund.year != year) continue;
          Figures sum;
          for (const auto& [k, f] : model)
            if (std::get<0>(k) == fund.code && std::get<1>(k).starts_with(region)) sum += f;
          expected.push_back(fmt::format("{} {} {} {} {}", region, fund.code, fund.year, fund.name, show(sum)));
        }
        std::sort(expected.begin(), expected.end());
        auto sorted = a;
        std::sort(sorted.begin(), sorted.end());
        CHECK(sorted == expected);
      }
      CAPTURE(region);
      const auto ma = show(monthly_totals(incremental.db(), region, "2023-01", "2024-12"));
      CHECK(ma == show(monthly_totals(rebuilt.db(), region, "2023-01", "2024-12")));
      std::map<std::pair<std::string, std::string>, Figures> by_month;  // (month, fund)
      for (const auto& [k, f] : model)
        if (std::get<1>(k).starts_with(region)) by_month[{std::get<2>(k), std::get<0>(k)}] += f;
      std::vector<std::string> expected;
      for (const auto& [mf, f] : by_month) expected.push_back(fmt::format("{} {} 农业补贴 {}", mf.first, mf.second, show(f)));
      CHECK(ma == expected);
    }
  }
}


namespace {

// The rows of some tables only (dump_all's form), to show one stream's data was left alone.
std::string dump_tables(SQLite::Database& db, const std::vector<std::string>& tables) {
  std::string out;
  for (const auto& table : tables) {
    SQLite::Statement q(db, "SELECT * FROM \"" + table + "\"");
    std::vector<std::string> rows;
    while (q.executeStep()) {
      std::string row;
      for (int i = 0; i < q.getColumnCount(); ++i)
        row += (q.getColumn(i).isNull() ? std::string("NULL") : q.getColumn(i).getString()) + "\x1f";
      rows.push_back(row);
    }
    std::sort(rows.begin(), rows.end());
    out += "== " + table + "\n";
    for (const auto& r : rows) out += r + "\n";
  }
  return out;
}

const std::vector<std::string> kPublicTables{"regions", "funds", "aggregates", "rollups", "notices"};

// Four good public entries after the starting snapshot's seq 20: a figure revised, a new month,
// a group renamed, a notice edited.
std::vector<FeedEntry> four_good_public_entries() {
  NoticeSpec edited;
  edited.id = 46;
  edited.title = "本周六上午九点打扫村道";
  edited.revision = 2;
  return {aggregate_entry(21, "YB2024-01", kVillage11, "2024-06", figures(0, 0, 0, 0, 1, 1, 1)),
          aggregate_entry(22, "YB2024-02", kVillage12, "2024-08", figures(5, 5, 5, 5, 5, 5, 5)),
          region_entry(23, "500112101201002", "二社", "group", kVillage11), notice_entry(24, edited, "edit")};
}

template <class F>
std::string body_error_of(F&& f) {
  try {
    f();
  } catch (const BodyError& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("(not a BodyError) ") + e.what();
  }
  return "(applied)";
}

}  // namespace

TEST_CASE("a changes page with one bad entry leaves every table and the cursor as they were", "[replica]") {
  const bool on_file = GENERATE(false, true);
  TempDir dir("replica-atomic");
  Replica replica(on_file ? replica_file(dir.path()).string() : std::string(":memory:"));
  replica.apply(starting_snapshot(), kNow);
  replica.apply(snapshot(Stream::People, 20, {person_entry(5, tag_of(1), "cmVjb3JkMQ==")}), kNow);
  (void)replica.outbox_add("/v1/complaints", "{}", kNow);
  const auto before = dump_all(replica.db());
  const auto totals_before = show(fund_totals(replica.db(), kDistrict, 0));

  struct Bad {
    const char* what;
    FeedEntry entry;
    const char* says;
  };
  std::vector<Bad> bads;
  auto with = [](FeedEntry e, const char* name, json value) {
    e.data[name] = std::move(value);
    return e;
  };
  auto without = [](FeedEntry e, const char* name) {
    e.data.erase(name);
    return e;
  };
  const auto fund = fund_entry(25, "YB2024-09", "临时救助", 2024);
  const auto aggregate = aggregate_entry(25, "YB2024-01", kVillage11, "2024-09", figures(1, 2, 3, 4, 5, 6, 7));
  const auto region = region_entry(25, "500112101201003", "3社", "group", kVillage11);
  NoticeSpec n;
  n.id = 47;
  const auto notice_e = notice_entry(25, n);
  bads.push_back({"fund without a name", without(fund, "name"), "name"});
  bads.push_back({"fund year as text", with(fund, "year", "2024"), "year"});
  bads.push_back({"fund budget fractional", with(fund, "budget_fen", 1.5), "budget_fen"});
  bads.push_back({"aggregate month not a month", with(aggregate, "month", "2024-6"), "month"});
  bads.push_back({"aggregate month missing", without(aggregate, "month"), "month"});
  bads.push_back({"aggregate paid_fen as text", with(aggregate, "paid_fen", "100"), "paid_fen"});
  bads.push_back({"aggregate payments null", with(aggregate, "payments", nullptr), "payments"});
  bads.push_back({"aggregate without a fund", without(aggregate, "fund"), "fund"});
  bads.push_back({"region without a parent", without(region, "parent"), "parent"});
  bads.push_back({"region name not text", with(region, "name", 3), "name"});
  bads.push_back({"notice id as text", with(notice_e, "id", "47"), "id"});
  bads.push_back({"notice expire_at a number", with(notice_e, "expire_at", 0), "expire_at"});
  bads.push_back({"notice without a status", without(notice_e, "status"), "status"});

  for (const auto& bad : bads) {
    CAPTURE(bad.what);
    auto entries = four_good_public_entries();
    entries.push_back(bad.entry);  // the 5th
    entries.push_back(aggregate_entry(26, "YB2024-01", kDistrict, "2024-01", figures(9, 9, 9, 9, 9, 9, 9)));
    const auto page = changes(Stream::Public, 20, 30, entries);
    const auto why = body_error_of([&] { (void)replica.apply(page, "2026-11-28T13:00:00Z"); });
    CHECK_THAT(why, !Contains("(applied)") && !Contains("(not a BodyError)"));
    CHECK_THAT(why, Contains(bad.says));
    CHECK(dump_all(replica.db()) == before);
    CHECK(replica.stream_state(Stream::Public).cursor == 20);
    CHECK(replica.stream_state(Stream::Public).applied_at == kNow);
  }
  CHECK(show(fund_totals(replica.db(), kDistrict, 0)) == totals_before);

  // People: a record whose tag is not its key, or not 64 hex characters, or without a record.
  const auto good_person = person_entry(21, tag_of(2), "cmVjb3JkMg==");
  std::vector<FeedEntry> bad_people{
      person_entry(25, tag_of(3), "eA==", kVillage11),
      with(person_entry(25, tag_of(3), "eA=="), "tag", std::string(64, 'z')),
      without(person_entry(25, tag_of(3), "eA=="), "record"),
  };
  bad_people[0].key = tag_of(4);
  {
    auto short_tag = person_entry(25, "abcd", "eA==");
    bad_people.push_back(short_tag);
    auto zz = person_entry(25, std::string(64, 'z'), "eA==");
    bad_people.push_back(zz);
  }
  for (const auto& bad : bad_people) {
    CAPTURE(bad.data.dump(), bad.key);
    std::vector<FeedEntry> entries{good_person, person_entry(22, tag_of(5), "eQ=="), person_entry(23, tag_of(1), "bmV3"),
                                   person_entry(24, tag_of(6), "eg=="), bad};
    const auto why = body_error_of([&] { (void)replica.apply(changes(Stream::People, 20, 30, entries), kNow); });
    CHECK_THAT(why, !Contains("(applied)") && !Contains("(not a BodyError)"));
    CHECK(dump_all(replica.db()) == before);
    CHECK(replica.person_count() == 1);
    CHECK(replica.person_record(tag_of(1)) == std::optional<std::string>("cmVjb3JkMQ=="));
  }

  // The connection is still good: the same page without the bad entry applies whole.
  CHECK(replica.apply(changes(Stream::Public, 20, 30, four_good_public_entries()), kNow) == 4);
  CHECK(replica.stream_state(Stream::Public).cursor == 30);
  CHECK(dump_all(replica.db()) != before);
}

TEST_CASE("a page is applied only on top of the cursor it was asked after", "[replica]") {
  Replica replica(":memory:");
  SECTION("no snapshot yet: nothing to apply a page to") {
    const auto why = body_error_of([&] { (void)replica.apply(changes(Stream::Public, 0, 5, {}), kNow); });
    CHECK_THAT(why, Contains("cursor"));
    CHECK_FALSE(replica.stream_state(Stream::Public).bootstrapped);
  }
  SECTION("after below, above, or the same page twice") {
    replica.apply(starting_snapshot(), kNow);
    const auto before = dump_all(replica.db());
    for (const std::int64_t after : {0, 19, 21, 1000}) {
      CAPTURE(after);
      auto page = changes(Stream::Public, after, 1001, four_good_public_entries());
      for (auto& e : page.entries) e.seq += after;
      const auto why = body_error_of([&] { (void)replica.apply(page, kNow); });
      CHECK_THAT(why, Contains("cursor") && Contains(std::to_string(after)));
      CHECK(dump_all(replica.db()) == before);
    }
    const auto page = changes(Stream::Public, 20, 30, four_good_public_entries());
    CHECK(replica.apply(page, kNow) == 4);
    const auto applied = dump_all(replica.db());
    CHECK(body_error_of([&] { (void)replica.apply(page, kNow); }) != "(applied)");  // a replay
    CHECK(dump_all(replica.db()) == applied);
    CHECK(replica.stream_state(Stream::Public).cursor == 30);
  }
  SECTION("a people page needs the people stream's own snapshot") {
    replica.apply(starting_snapshot(), kNow);
    const auto why =
        body_error_of([&] { (void)replica.apply(changes(Stream::People, 20, 30, {person_entry(21, tag_of(1), "eA==")}), kNow); });
    CHECK(why != "(applied)");
    CHECK(replica.person_count() == 0);
    CHECK_FALSE(replica.stream_state(Stream::People).bootstrapped);
  }
}

TEST_CASE("entries of kinds this program does not know are skipped and the cursor still moves", "[replica]") {
  Replica replica(":memory:");
  replica.apply(starting_snapshot(), kNow);
  replica.apply(snapshot(Stream::People, 20, {}), kNow);
  const auto public_before = dump_tables(replica.db(), kPublicTables);
  SECTION("public") {
    const auto page = changes(Stream::Public, 20, 40,
                              {make_entry(21, "weather", "today", {{"sky", "晴"}}, kVillage11),
                               make_entry(22, "person", tag_of(1), {{"record", "eA=="}, {"tag", tag_of(1)}}, kVillage11),
                               make_entry(23, "complaint", "1", json::object(), kVillage11)});
    CHECK(replica.apply(page, kNow) == 0);
    CHECK(replica.stream_state(Stream::Public).cursor == 40);
    CHECK(replica.person_count() == 0);  // the public stream cannot place a person record
    CHECK(dump_tables(replica.db(), kPublicTables) == public_before);
    auto mixed = changes(Stream::Public, 40, 50,
                         {make_entry(41, "weather", "x", json::object(), kVillage11),
                          aggregate_entry(42, "YB2024-01", kVillage11, "2024-06", figures(0, 0, 0, 0, 7, 1, 1))});
    CHECK(replica.apply(mixed, kNow) == 1);
    CHECK(replica.stream_state(Stream::Public).cursor == 50);
    CHECK(fund_totals(replica.db(), kVillage11, 2024)[0].figures.paid_fen == 7);
  }
  SECTION("people") {
    NoticeSpec n;
    n.id = 99;
    const auto page = changes(Stream::People, 20, 25, {notice_entry(21, n), fund_entry(22, "YB2030-01", "x", 2030)});
    CHECK(replica.apply(page, kNow) == 0);
    CHECK(replica.stream_state(Stream::People).cursor == 25);
    CHECK_FALSE(notice(replica.db(), 99));  // the people stream cannot place a notice
    CHECK(dump_tables(replica.db(), kPublicTables) == public_before);
    CHECK(funds(replica.db()).size() == 3);
  }
}

TEST_CASE("a snapshot replaces its own stream and leaves the other alone", "[replica]") {
  Replica replica(":memory:");
  auto& db = replica.db();
  replica.apply(starting_snapshot(), kNow);
  replica.apply(snapshot(Stream::People, 20,
                         {person_entry(3, tag_of(1), "b25l"), person_entry(4, tag_of(2), "dHdv"),
                          person_entry(5, tag_of(3), "dGhyZWU=")}),
                kNow);
  replica.apply(changes(Stream::Public, 20, 30, four_good_public_entries()), kNow);
  const auto people_before = dump_tables(db, {"persons"});
  const auto people_state = replica.stream_state(Stream::People);

  // A new public snapshot (a rebuilt log) without fund YB2023-01, notice 46, village 和平村's figures.
  std::int64_t seq = 0;
  auto entries = district_regions(seq);
  entries.push_back(fund_entry(++seq, "YB2024-01", "耕地地力保护补贴", 2024));
  entries.push_back(aggregate_entry(++seq, "YB2024-01", kVillage11, "2024-06", figures(0, 0, 0, 0, 777, 7, 7)));
  NoticeSpec only;
  only.id = 3;
  only.region = kDistrict;
  entries.push_back(notice_entry(++seq, only));
  replica.apply(snapshot(Stream::Public, 40, entries, "0123456789abcdef0123456789abcdef"), "2026-11-28T13:00:00Z");

  const auto state = replica.stream_state(Stream::Public);
  CHECK(state.cursor == 40);
  CHECK(state.log_id == "0123456789abcdef0123456789abcdef");
  CHECK(funds(db).size() == 1);
  CHECK(fund_years(db) == std::vector<int>{2024});
  CHECK_FALSE(notice(db, 46));
  CHECK(notice(db, 3));
  CHECK(scope_regions(db, kVillage11).children[1].name == "2社");  // the renamed group is back as the snapshot says
  CHECK(show(fund_totals(db, kDistrict, 0)) ==
        std::vector<std::string>{"500112 YB2024-01 2024 耕地地力保护补贴 0/0/0/0/777/7/7"});
  CHECK(show(child_fund_totals(db, kTown1, 0)) ==
        std::vector<std::string>{"500112101201 YB2024-01 2024 0/0/0/0/777/7/7"});
  CHECK(show(monthly_totals(db, kDistrict, "2000-01", "2099-12")) ==
        std::vector<std::string>{"2024-06 YB2024-01 农业补贴 0/0/0/0/777/7/7"});
  CHECK(db.execAndGet("SELECT count(*) FROM aggregates").getInt() == 1);
  // The people stream is untouched.
  CHECK(dump_tables(db, {"persons"}) == people_before);
  CHECK(replica.stream_state(Stream::People).cursor == people_state.cursor);
  CHECK(replica.stream_state(Stream::People).log_id == people_state.log_id);

  // And a people snapshot replaces the persons only.
  const auto public_before = dump_tables(db, kPublicTables);
  replica.apply(snapshot(Stream::People, 41, {person_entry(41, tag_of(2), "bmV3"), person_entry(7, tag_of(9), "bmluZQ==")}),
                kNow);
  CHECK(replica.person_count() == 2);
  CHECK_FALSE(replica.person_record(tag_of(1)));
  CHECK(replica.person_record(tag_of(2)) == std::optional<std::string>("bmV3"));
  CHECK(replica.person_record(tag_of(9)) == std::optional<std::string>("bmluZQ=="));
  CHECK(dump_tables(db, kPublicTables) == public_before);
  CHECK(replica.stream_state(Stream::Public).cursor == 40);
  CHECK(replica.stream_state(Stream::People).cursor == 41);

  // An empty public snapshot empties the public tables.
  replica.apply(snapshot(Stream::Public, 50, {}), kNow);
  CHECK(funds(db).empty());
  CHECK(notices(db, kNow, 100).empty());
  CHECK(monthly_totals(db, kDistrict, "2000-01", "2099-12").empty());
  CHECK(replica.person_count() == 2);
}

TEST_CASE("person records are found by their tag, re-sealed by later entries, and carry the seal", "[replica]") {
  TempDir dir("replica-people");
  const auto file = replica_file(dir.path()).string();
  {
    Replica replica(file);
    replica.apply(snapshot(Stream::People, 10, {person_entry(4, tag_of(1), "b25l"), person_entry(9, tag_of(2), "dHdv")}),
                  kNow);
    const auto state = replica.stream_state(Stream::People);
    CHECK(state.bootstrapped);
    CHECK(state.cursor == 10);
    CHECK(json::parse(state.seal) == kSeal);
    CHECK(replica.person_count() == 2);
    CHECK(replica.person_record(tag_of(1)) == std::optional<std::string>("b25l"));
    CHECK_FALSE(replica.person_record(tag_of(3)));
    CHECK_FALSE(replica.person_record(""));
    CHECK_FALSE(replica.person_record(tag_of(1).substr(0, 63)));

    // Re-sealed after a new payment; a page from a server without log ids keeps the stored one.
    replica.apply(changes(Stream::People, 10, 15, {person_entry(12, tag_of(1), "b25lIGFnYWlu")}, ""), kNow);
    CHECK(replica.person_record(tag_of(1)) == std::optional<std::string>("b25lIGFnYWlu"));
    CHECK(replica.person_count() == 2);
    CHECK(replica.stream_state(Stream::People).log_id == kLogId);
  }
  // What a kiosk's lookup opens: a read-only connection.
  Replica reader(file, Replica::Options{Replica::Mode::ReadOnly, 0});
  CHECK(reader.person_record(tag_of(1)) == std::optional<std::string>("b25lIGFnYWlu"));
  CHECK(reader.stream_state(Stream::People).cursor == 15);
  // No resident ID or name is anywhere in the persons table: only tags, villages and sealed records.
  SQLite::Statement q(reader.db(), "SELECT * FROM persons");
  CHECK(q.getColumnCount() == 4);
}

TEST_CASE("reset_feed_data forgets both streams and keeps the outbox", "[replica]") {
  Replica replica(":memory:");
  replica.apply(starting_snapshot(), kNow);
  replica.apply(snapshot(Stream::People, 20, {person_entry(3, tag_of(1), "b25l")}), kNow);
  const auto first = replica.outbox_add("/v1/complaints", R"({"text":"补贴少了"})", kNow);
  const auto second = replica.outbox_add("/v1/complaints", R"({"text":"地址不对"})", kNow);
  replica.outbox_sent(replica.outbox_next()->id, kNow);
  const auto outbox_before = dump_tables(replica.db(), {"outbox"});

  replica.reset_feed_data();
  CHECK_FALSE(replica.stream_state(Stream::Public).bootstrapped);
  CHECK_FALSE(replica.stream_state(Stream::People).bootstrapped);
  CHECK(replica.person_count() == 0);
  CHECK(funds(replica.db()).empty());
  CHECK(notices(replica.db(), kNow, 100).empty());
  CHECK(scope_regions(replica.db(), kVillage11).ancestors[0].name.empty());
  CHECK(fund_totals(replica.db(), kDistrict, 0).empty());
  CHECK(replica.db().execAndGet("SELECT count(*) FROM rollups").getInt() == 0);
  CHECK(dump_tables(replica.db(), {"outbox"}) == outbox_before);
  const auto counts = replica.outbox_counts();
  CHECK(counts.pending == 1);
  CHECK(counts.sent == 1);
  REQUIRE(replica.outbox_next());
  CHECK(replica.outbox_next()->idempotency_key == second);
  CHECK(first != second);
  // And it bootstraps again from scratch.
  replica.apply(starting_snapshot(), kNow);
  CHECK(replica.stream_state(Stream::Public).cursor == 20);
}

TEST_CASE("a full disk refuses the page with a clear message and keeps the data and cursor", "[replica]") {
  TempDir dir("replica-full");
  const auto file = replica_file(dir.path()).string();
  std::int64_t pages = 0;
  {
    Replica replica(file);
    replica.apply(starting_snapshot(), kNow);
    pages = replica.db().execAndGet("PRAGMA page_count").getInt64();
  }
  REQUIRE(pages > 0);

  // 300 notices of about 6 KB each: far more than the two pages left.
  std::vector<FeedEntry> entries;
  for (int i = 0; i < 300; ++i) {
    NoticeSpec n;
    n.id = 100 + i;
    n.title = fmt::format("第{}号通知", i);
    auto e = notice_entry(21 + i, n);
    e.data["body"] = std::string(6000, static_cast<char>('a' + i % 26));
    entries.push_back(std::move(e));
  }
  const auto big = changes(Stream::Public, 20, 400, entries);

  std::string before;
  {
    Replica replica(file, Replica::Options{Replica::Mode::ReadWrite, pages + 2});
    before = dump_all(replica.db());
    std::string message;
    try {
      (void)replica.apply(big, "2026-11-28T13:00:00Z");
    } catch (const ReplicaError& e) {
      message = e.what();
    }
    CHECK_THAT(message, Contains("the disk is full") && Contains("still shown"));  // not SQLite's own words
    CHECK(message.find('\n') == std::string::npos);
    CHECK(dump_all(replica.db()) == before);
    const auto state = replica.stream_state(Stream::Public);
    CHECK(state.cursor == 20);
    CHECK(state.applied_at == kNow);
    CHECK(fund_totals(replica.db(), kTown1, 2024)[0].figures.paid_fen == 15343840);
    CHECK(notices(replica.db(), kNow, 1000).size() == 2);
    // A full disk is the replica's trouble, not the feed's: it is not reported as a bad body.
    bool body_error = false;
    try {
      (void)replica.apply(big, kNow);
    } catch (const BodyError&) {
      body_error = true;
    } catch (const ReplicaError&) {
    }
    CHECK_FALSE(body_error);
  }
  // After a restart the last good state is there; with room again, the same page applies.
  {
    Replica replica(file, Replica::Options{Replica::Mode::ReadOnly, 0});
    CHECK(dump_all(replica.db()) == before);
  }
  Replica replica(file);
  CHECK(replica.stream_state(Stream::Public).cursor == 20);
  CHECK(replica.apply(big, kNow) == 300);
  CHECK(replica.stream_state(Stream::Public).cursor == 400);
  CHECK(notices(replica.db(), kNow, 1000).size() == 302);
}

TEST_CASE("a full disk when the replica is first made is a ReplicaError", "[replica]") {
  TempDir dir("replica-full-new");
  const auto file = replica_file(dir.path()).string();
  std::string message;
  try {
    Replica replica(file, Replica::Options{Replica::Mode::ReadWrite, 2});
  } catch (const ReplicaError& e) {
    message = e.what();
  }
  CHECK_THAT(message, Contains("the disk is full"));
}

TEST_CASE("a file that is not a replica, or is from a newer program, is refused and left as it was", "[replica]") {
  TempDir dir("replica-foreign");
  SECTION("another program's SQLite database") {
    const auto file = (dir / "accounts.sqlite").string();
    {
      SQLite::Database other(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      other.exec("CREATE TABLE accounts(name TEXT, balance INTEGER); INSERT INTO accounts VALUES('x', 1)");
    }
    std::string message;
    try {
      Replica replica(file);
    } catch (const ReplicaError& e) {
      message = e.what();
    }
    CHECK_THAT(message, Contains("not a Sunlight replica"));
    SQLite::Database other(file, SQLite::OPEN_READONLY);
    CHECK(other.execAndGet("SELECT count(*) FROM sqlite_master").getInt() == 1);
    CHECK(other.execAndGet("PRAGMA user_version").getInt() == 0);
    CHECK_THROWS_AS(Replica(file, Replica::Options{Replica::Mode::ReadOnly, 0}), ReplicaError);
  }
  SECTION("a text file") {
    const auto file = (dir / "notes.txt").string();
    std::string text;
    for (int i = 0; i < 200; ++i) text += "这不是数据库 this is not a database\n";
    {
      std::ofstream out(file, std::ios::binary);
      out << text;
    }
    CHECK_THROWS_AS(Replica(file), ReplicaError);
    CHECK_THROWS_AS(Replica(file, Replica::Options{Replica::Mode::ReadOnly, 0}), ReplicaError);
    std::ifstream in(file, std::ios::binary);
    std::ostringstream after;
    after << in.rdbuf();
    CHECK(after.str() == text);
  }
  SECTION("an empty file becomes a replica") {
    const auto file = (dir / "empty.sqlite").string();
    { std::ofstream out(file); }
    Replica replica(file);
    CHECK_FALSE(replica.stream_state(Stream::Public).bootstrapped);
    replica.apply(starting_snapshot(), kNow);
    CHECK(replica.stream_state(Stream::Public).cursor == 20);
  }
  SECTION("a replica from a newer program") {
    const auto file = replica_file(dir.path()).string();
    {
      Replica replica(file);
      replica.apply(starting_snapshot(), kNow);
      replica.db().exec(fmt::format("PRAGMA user_version={}", Replica::kSchemaVersion + 1));
    }
    for (const auto mode : {Replica::Mode::ReadWrite, Replica::Mode::ReadOnly}) {
      std::string message;
      try {
        Replica replica(file, Replica::Options{mode, 0});
      } catch (const ReplicaError& e) {
        message = e.what();
      }
      CHECK_THAT(message, Contains("newer"));
    }
    SQLite::Database raw(file, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("PRAGMA user_version").getInt() == Replica::kSchemaVersion + 1);
    CHECK(raw.execAndGet("SELECT cursor FROM streams WHERE stream = 'public'").getInt() == 20);
  }
  SECTION("a folder where the file should be") {
    CHECK_THROWS_AS(Replica(dir.path().string()), ReplicaError);
  }
}

TEST_CASE("read-only mode needs an existing replica and never writes", "[replica]") {
  TempDir dir("replica-readonly");
  const auto file = replica_file(dir.path()).string();
  const Replica::Options read_only{Replica::Mode::ReadOnly, 0};
  std::string message;
  try {
    Replica replica(file, read_only);
  } catch (const ReplicaError& e) {
    message = e.what();
  }
  CHECK_THAT(message, Contains("no replica") && Contains(file));  // not "the folder is read-only"
  CHECK_FALSE(std::filesystem::exists(file));  // a screen opening the replica does not create one

  { std::ofstream out(file); }
  message.clear();
  try {
    Replica replica(file, read_only);
  } catch (const ReplicaError& e) {
    message = e.what();
  }
  CHECK_THAT(message, Contains("no replica"));
  CHECK(std::filesystem::file_size(file) == 0);

  {
    Replica writer(file);
    writer.apply(starting_snapshot(), kNow);
  }
  Replica reader(file, read_only);
  CHECK(reader.stream_state(Stream::Public).cursor == 20);
  CHECK(funds(reader.db()).size() == 3);
  CHECK_THROWS_AS(reader.apply(changes(Stream::Public, 20, 30, four_good_public_entries()), kNow), ReplicaError);
  CHECK(reader.stream_state(Stream::Public).cursor == 20);
}

TEST_CASE("the outbox keeps messages in order with unique keys until sent or refused, across restarts", "[replica]") {
  TempDir dir("replica-outbox");
  const auto file = replica_file(dir.path()).string();
  std::vector<std::string> keys;
  {
    Replica replica(file);
    CHECK_FALSE(replica.outbox_next());
    CHECK(replica.outbox_counts().pending == 0);
    keys.push_back(replica.outbox_add("/v1/complaints", R"({"n":1})", "2026-11-28T12:00:00Z"));
    keys.push_back(replica.outbox_add("/v1/complaints", R"({"n":2})", "2026-11-28T12:00:01Z"));
    keys.push_back(replica.outbox_add("/v1/other", R"({"n":3})", "2026-11-28T12:00:02Z"));
    for (const auto& key : keys) {
      CAPTURE(key);
      CHECK(key.size() == 32);
      CHECK(key.find_first_not_of("0123456789abcdef") == std::string::npos);
    }
    CHECK(std::set<std::string>(keys.begin(), keys.end()).size() == 3);
    CHECK(replica.outbox_counts().pending == 3);

    auto next = replica.outbox_next();
    REQUIRE(next);
    CHECK(next->body == R"({"n":1})");
    CHECK(next->path == "/v1/complaints");
    CHECK(next->idempotency_key == keys[0]);
    CHECK(next->attempts == 0);
    // A failed try keeps it first in line, with its count going up and the same key for the retry.
    replica.outbox_attempted(next->id, "timeout");
    replica.outbox_attempted(next->id, "503 busy");
    next = replica.outbox_next();
    REQUIRE(next);
    CHECK(next->idempotency_key == keys[0]);
    CHECK(next->attempts == 2);
    replica.outbox_sent(next->id, "2026-11-28T12:01:00Z");

    next = replica.outbox_next();
    REQUIRE(next);
    CHECK(next->idempotency_key == keys[1]);
    replica.outbox_refused(next->id, "400 bad_field: text", "2026-11-28T12:02:00Z");
    const auto counts = replica.outbox_counts();
    CHECK(counts.pending == 1);
    CHECK(counts.sent == 1);
    CHECK(counts.refused == 1);
    // Applying feed data does not disturb it.
    replica.apply(starting_snapshot(), kNow);
  }
  Replica again(file);
  const auto counts = again.outbox_counts();
  CHECK(counts.pending == 1);
  CHECK(counts.sent == 1);
  CHECK(counts.refused == 1);
  const auto next = again.outbox_next();
  REQUIRE(next);
  CHECK(next->idempotency_key == keys[2]);
  CHECK(next->path == "/v1/other");
  CHECK(next->body == R"({"n":3})");
  CHECK(again.db().execAndGet("SELECT last_error FROM outbox WHERE idempotency_key = '" + keys[1] + "'").getString() ==
        "400 bad_field: text");
  again.outbox_sent(next->id, kNow);
  CHECK_FALSE(again.outbox_next());
  CHECK(again.outbox_counts().sent == 2);
  // A fourth message after the restart gets a key of its own.
  const auto fourth = again.outbox_add("/v1/complaints", "{}", kNow);
  CHECK(std::find(keys.begin(), keys.end(), fourth) == keys.end());
  CHECK(again.outbox_next()->idempotency_key == fourth);
}

}  // namespace sunlight::sync
