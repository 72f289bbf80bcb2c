// Grouping one person's payments for reading: by year (newest first), then programme.
#include "core/statement.hpp"

#include <algorithm>

#include "core/masking.hpp"

namespace sunlight::core {

Statement build_statement(const ResidentId& id, std::span<const Payment> payments, const FundIndex& funds,
                          const RegionTree& regions) {
  Statement statement;
  statement.masked_id = id.masked();
  std::map<int, std::map<std::string, Statement::Programme>, std::greater<>> by_year;
  const Payment* latest = nullptr;
  for (const Payment& p : payments) {
    if (!(p.resident_id == id)) continue;
    const auto fund = funds.find(p.fund_code);
    auto& programme = by_year[p.paid_on.year][fund != funds.end() ? fund->second.name : p.fund_code];
    if (programme.name.empty()) {
      programme.name = fund != funds.end() ? fund->second.name : p.fund_code;
      if (fund != funds.end()) programme.department = fund->second.department;
    }
    const std::string& standard = !p.standard.empty() || fund == funds.end() ? p.standard : fund->second.standard;
    programme.lines.push_back({p.amount, p.paid_on, p.method, standard});
    programme.total += p.amount;
    statement.total += p.amount;
    ++statement.payment_count;
    if (!latest || latest->paid_on < p.paid_on) latest = &p;  // the newest record says where they live now
  }
  if (latest) {
    statement.masked_name = mask_name(latest->name);
    statement.region_name = regions.full_name(latest->region_code);
    statement.masked_address = mask_address(latest->address, statement.region_name);
  }
  for (auto& [year, programmes] : by_year) {
    Statement::Year y;
    y.year = year;
    for (auto& [name, programme] : programmes) {
      std::stable_sort(programme.lines.begin(), programme.lines.end(),
                       [](const auto& a, const auto& b) { return a.paid_on < b.paid_on; });
      y.total += programme.total;
      y.programmes.push_back(std::move(programme));
    }
    statement.years.push_back(std::move(y));
  }
  return statement;
}

}  // namespace sunlight::core
