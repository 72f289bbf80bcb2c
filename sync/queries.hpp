// What screens read from the replica: plain structs and one query per need, each indexed to stay under 2 ms on a district replica.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>

namespace sunlight::sync {

struct RegionName {
  std::string code;
  std::string name;   // 柏树村
  std::string level;  // district / town / village / group
};

// The scope and its surroundings, for headers and for charts by child region.
struct ScopeRegions {
  RegionName self;                   // code only, when the replica has no region entries yet
  std::vector<RegionName> ancestors; // from the district down, the scope excluded
  std::vector<RegionName> children;  // by code
  // 龙兴镇柏树村: the names below the district joined, as a villager says where they live.
  [[nodiscard]] std::string full_name() const;
};

// The seven figures of an aggregate (docs/feed-protocol.md §5.3), summed.
struct Figures {
  std::int64_t plan_fen = 0;      // 用款计划申请
  std::int64_t approve_fen = 0;   // 资金使用审批
  std::int64_t allocate_fen = 0;  // 资金拨付
  std::int64_t disburse_fen = 0;  // 资金发放
  std::int64_t paid_fen = 0;      // individual payments imported
  std::int64_t payments = 0;
  std::int64_t beneficiaries = 0;  // person-months: summed over months, a person counts once per month
  friend bool operator==(const Figures&, const Figures&) = default;
};

struct FundInfo {
  std::string code;
  std::string name;
  std::string category;
  std::string department;
  std::string level;  // central / municipal / district
  int year = 0;
  std::int64_t budget_fen = 0;
  std::string standard;
  std::string policy_basis;
};

// One fund's figures over its whole life within a region (the scope, or one of its children).
struct FundTotal {
  FundInfo fund;
  std::string region;
  Figures figures;
};

// One fund's figures over its whole life within one child region of the scope.
struct RegionFundTotal {
  std::string region;
  std::string fund;  // the fund's code; its name and the rest are in the scope's FundTotal
  int year = 0;      // the fund's budget year
  Figures figures;
};

// One fund's figures in one month within a region.
struct FundMonth {
  std::string fund;
  std::string category;
  std::string month;  // 2024-06
  Figures figures;
};

struct NoticeRevision {
  int revision = 0;
  std::string at;
  std::string by;
  std::string title;
};

// A notice as a screen shows it (§5.3 "notice"), with the publishing region's name.
struct Notice {
  std::int64_t id = 0;
  std::string region;
  std::string region_name;  // 柏树村, 龙兴镇 or 渝北区: who published it
  std::string category;     // village_affairs / finance / party_affairs / public_notice
  std::string status;       // published / retracted
  std::string title;
  std::string body;
  std::string publish_at;
  std::string expire_at;    // "" = no end
  std::string created_at;
  std::string created_by;
  std::string updated_at;
  std::string updated_by;
  int revision = 1;
  std::vector<NoticeRevision> history;  // filled by notice(id) only: lists do not need it
  std::string retracted_at;
  std::string retracted_by;
  std::string retract_reason;

  [[nodiscard]] bool retracted() const noexcept { return status == "retracted"; }
  [[nodiscard]] bool corrected() const noexcept { return revision > 1; }
  // Shown as a notice at `now_iso`: published, publish_at reached, expire_at not (§5.3).
  [[nodiscard]] bool current_at(std::string_view now_iso) const noexcept;
  // Listed at all: current, or retracted (shown as 已撤回) within its original dates.
  [[nodiscard]] bool listed_at(std::string_view now_iso) const noexcept;
};

// The public counts of complaints in one region and below (docs/complaints.md, entry kind
// complaint_stats), as the feed sent them. No person or phone is in here: only counts.
struct ComplaintStats {
  std::string region;                     // the region code the counts are for (the entry's key)
  std::int64_t received = 0;              // now in state received (not yet accepted)
  std::int64_t accepted = 0;              // now accepted, not yet replied
  std::int64_t replied = 0;               // now replied, not yet closed
  std::int64_t closed = 0;                // closed as resolved
  std::int64_t closed_unresolved = 0;     // closed without resolution: never counted as resolved
  std::int64_t total = 0;                 // every complaint of the region and below
  std::int64_t overdue = 0;               // not replied and past the deadline, now
  std::int64_t answered = 0;              // ever replied
  std::int64_t answered_on_time = 0;      // replied by the deadline (按时答复 = this / answered)
  std::array<std::int64_t, 5> ratings{};  // ratings[i]: how many rated i+1 stars (满意度 from these)
  friend bool operator==(const ComplaintStats&, const ComplaintStats&) = default;
};

// Each query below reads one connection and throws SQLite::Exception only when the file fails.

[[nodiscard]] ScopeRegions scope_regions(SQLite::Database& db, std::string_view scope);

// Notices that are or will be listed: not expired at `now_iso`, newest publish_at first, at most
// `limit`. Scheduled ones are included so that a screen can show them the moment they start
// without waiting for the next snapshot; screens filter with listed_at(now).
[[nodiscard]] std::vector<Notice> notices(SQLite::Database& db, std::string_view now_iso, int limit);
[[nodiscard]] std::optional<Notice> notice(SQLite::Database& db, std::int64_t id);

[[nodiscard]] std::vector<FundInfo> funds(SQLite::Database& db);
// Every fund of budget year `year` (0 = every year) with its lifetime figures in `region`;
// funds with nothing reported there yet come with zero figures.
[[nodiscard]] std::vector<FundTotal> fund_totals(SQLite::Database& db, std::string_view region, int year);
// The same for each child region of `region` that has figures, for ranked bars and flows.
[[nodiscard]] std::vector<RegionFundTotal> child_fund_totals(SQLite::Database& db, std::string_view region, int year);
// Per fund and month in `region`, months from..to inclusive ("2023-01", "2024-12").
[[nodiscard]] std::vector<FundMonth> monthly_totals(SQLite::Database& db, std::string_view region,
                                                    std::string_view from_month, std::string_view to_month);
// The budget years the replica has funds for, newest first.
[[nodiscard]] std::vector<int> fund_years(SQLite::Database& db);
// The complaint counts whose key is `region`, if the feed sent them.
[[nodiscard]] std::optional<ComplaintStats> complaint_stats(SQLite::Database& db, std::string_view region);

}  // namespace sunlight::sync
