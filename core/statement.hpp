// A person's statement: every payment to them, grouped by year and programme, personal fields masked.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/fund.hpp"
#include "core/payment.hpp"
#include "core/region.hpp"

namespace sunlight::core {

// What a villager reads at the kiosk after typing their ID. Everything personal in it is already
// masked (DESIGN invariant 8), so it may be sealed for a terminal or printed. Plain value type.
struct Statement {
  struct Line {
    Money amount;
    CivilDate paid_on;
    PaymentMethod method = PaymentMethod::Card;
    std::string standard;  // the payment's own, or the fund's when the payment has none
  };
  struct Programme {
    std::string name;          // 耕地地力保护补贴
    std::string department;    // 区农业农村委: whom to ask
    Money total;
    std::vector<Line> lines;   // oldest first
  };
  struct Year {
    int year = 0;
    Money total;
    std::vector<Programme> programmes;  // by name
  };

  std::string masked_id;       // 500112********0934
  std::string masked_name;     // 肖*启
  std::string region_name;     // 龙兴镇柏树村8社
  std::string masked_address;  // cut after the group
  std::vector<Year> years;     // newest first
  Money total;
  std::size_t payment_count = 0;
};

using FundIndex = std::map<std::string, Fund, std::less<>>;

// Builds the statement of the person `id` from all payments given (others are skipped). A
// payment whose fund is unknown still shows, under its fund code, so no money is hidden.
// Returns a statement with payment_count 0 when nothing was paid to `id`.
[[nodiscard]] Statement build_statement(const ResidentId& id, std::span<const Payment> payments, const FundIndex& funds,
                                        const RegionTree& regions);

// The statement as sealed into a person record (docs/feed-protocol.md, "person"): money in fen,
// dates ISO, methods as English words. statement_from_json refuses anything else with
// statement.bad_json and arg "field", so a damaged record shows an error rather than wrong money.
[[nodiscard]] nlohmann::json statement_to_json(const Statement& statement);
[[nodiscard]] Parsed<Statement> statement_from_json(const nlohmann::json& json);

// The statement as plain text for a terminal window (sunlight-data lookup, sunlight-sync lookup):
// name and ID, address, total, then each year's programmes and their payments. Ends with '\n'.
[[nodiscard]] std::string statement_text(const Statement& statement, Lang lang);

}  // namespace sunlight::core
