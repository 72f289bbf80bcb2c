// The immutable picture of the replica a screen draws from: built on the sync thread, swapped in whole.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sync/queries.hpp"
#include "sync/replica.hpp"

namespace sunlight::sync {

// Everything the kiosk's and display's screens read, for one scope. Never changed once built:
// the UI thread holds a shared_ptr to one while the sync thread builds the next.
struct TerminalData {
  std::string scope;
  ScopeRegions regions;
  bool has_public = false;   // a public snapshot has been applied: screens have something to show
  bool has_people = false;   // a people snapshot has been applied: lookups can answer
  std::int64_t public_seq = 0;
  std::int64_t people_seq = 0;
  std::string data_time;     // UTC ISO time the public data was last updated
  std::vector<Notice> notices;          // up to kMaxNotices, newest first, scheduled ones included, no history
  std::vector<FundTotal> fund_totals;   // every fund, lifetime figures within the scope
  int year = 0;                         // the newest budget year: what "this year" means on a screen
  std::vector<RegionFundTotal> child_totals;  // that year's funds per child region of the scope
  std::vector<FundMonth> months;        // per fund and month within the scope, the last 24 months with data
  std::int64_t person_count = 0;
  // The scope's own complaint counts (entry kind complaint_stats whose key is the scope), for the
  // big screen's 投诉建议 figures; nullopt until the feed sent one (the screen says 暂无投诉).
  std::optional<ComplaintStats> complaints;

  static constexpr int kMaxNotices = 200;
};

// Reads one TerminalData from the replica (a few milliseconds on a district replica).
[[nodiscard]] std::shared_ptr<const TerminalData> load_terminal_data(Replica& replica, const std::string& scope,
                                                                     const std::string& now_iso);

}  // namespace sunlight::sync
