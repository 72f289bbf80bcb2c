// Building a TerminalData from the replica's queries.
#include "sync/terminal_data.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

namespace sunlight::sync {
namespace {

// "2024-06" minus n months.
std::string months_before(const std::string& month, int n) {
  int year = std::stoi(month.substr(0, 4));
  int m = std::stoi(month.substr(5, 2)) - n;
  while (m < 1) {
    m += 12;
    --year;
  }
  return fmt::format("{:04}-{:02}", year, m);
}

}  // namespace

std::shared_ptr<const TerminalData> load_terminal_data(Replica& replica, const std::string& scope,
                                                       const std::string& now_iso) {
  auto data = std::make_shared<TerminalData>();
  auto& db = replica.db();
  data->scope = scope;
  const auto pub = replica.stream_state(Stream::Public);
  const auto people = replica.stream_state(Stream::People);
  data->has_public = pub.bootstrapped;
  data->has_people = people.bootstrapped;
  data->public_seq = pub.cursor;
  data->people_seq = people.cursor;
  data->data_time = pub.applied_at;
  data->regions = scope_regions(db, scope);
  data->notices = notices(db, now_iso, TerminalData::kMaxNotices);
  data->fund_totals = fund_totals(db, scope, 0);
  // Charts by child region show this year's funds; every year for a district would be
  // thousands of rows the screens never draw.
  const auto years = fund_years(db);
  data->year = years.empty() ? 0 : years.front();
  if (data->year != 0) data->child_totals = child_fund_totals(db, scope, data->year);
  SQLite::Statement last(db, "SELECT max(period) FROM rollups WHERE region = ? AND length(period) = 7");
  last.bind(1, scope);
  if (last.executeStep() && !last.getColumn(0).isNull()) {
    const auto to = last.getColumn(0).getString();
    data->months = monthly_totals(db, scope, months_before(to, 23), to);
  }
  data->person_count = replica.person_count();
  data->complaints = complaint_stats(db, scope);
  return data;
}

}  // namespace sunlight::sync
