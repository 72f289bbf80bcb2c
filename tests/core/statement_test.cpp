// Tests for core/statement: one person's payments, grouped and totalled, with nothing personal in clear.
#include <catch2/catch.hpp>

#include "core/statement.hpp"

using namespace sunlight::core;

namespace {

ResidentId id_of(const std::string& first17) {
  return ResidentId::parse(first17 + resident_id_check_digit(first17), CivilDate{2026, 11, 28}).value();
}

Payment payment(const ResidentId& id, std::string fund, std::int64_t fen, CivilDate day, std::string address = "") {
  return Payment{"P" + std::to_string(fen) + day.iso(), id, "张小华", "500112101201003", std::move(fund),
                 Money::from_fen(fen), day, PaymentMethod::Card, "", std::move(address)};
}

}  // namespace

TEST_CASE("a statement groups a person's payments by year and programme, newest year first", "[statement]") {
  const ResidentId me = id_of("50011219560312123");
  const ResidentId neighbour = id_of("50011219600101456");
  RegionTree regions;
  regions.add({"500112", "渝北区", "", RegionLevel::District});
  regions.add({"500112101", "龙兴镇", "500112", RegionLevel::Town});
  regions.add({"500112101201", "和平村", "500112101", RegionLevel::Village});
  regions.add({"500112101201003", "3社", "500112101201", RegionLevel::Group});
  FundIndex funds;
  funds["F1"] = Fund{"F1", "高龄津贴", "养老服务", "区民政局", FundLevel::District, 2025, Money{}, "每月100元", ""};
  funds["F2"] = Fund{"F2", "耕地地力保护补贴", "农业补贴", "区农业农村委", FundLevel::Central, 2025, Money{}, "每亩105元", ""};
  const std::vector<Payment> payments{
      payment(me, "F1", 10000, {2025, 2, 10}, "龙兴镇和平村3社27号"),
      payment(me, "F1", 10000, {2025, 1, 10}),
      payment(neighbour, "F1", 99999, {2025, 1, 10}),
      payment(me, "F2", 33280, {2026, 6, 12}, "龙兴镇和平村3社27号附1号"),
      payment(me, "GONE", 500, {2026, 3, 1}),
  };
  const Statement s = build_statement(me, payments, funds, regions);
  CHECK(s.payment_count == 4);
  CHECK(s.total.fen() == 10000 + 10000 + 33280 + 500);
  CHECK(s.masked_id == me.masked());
  CHECK(s.masked_name == "张*华");
  CHECK(s.region_name == "龙兴镇和平村3社");
  CHECK(s.masked_address == "龙兴镇和平村3社");
  REQUIRE(s.years.size() == 2);
  CHECK(s.years[0].year == 2026);
  CHECK(s.years[0].total.fen() == 33780);
  REQUIRE(s.years[0].programmes.size() == 2);
  // A payment whose fund is unknown still shows, under its code: no money is hidden.
  CHECK(s.years[0].programmes[0].name == "GONE");
  CHECK(s.years[1].year == 2025);
  REQUIRE(s.years[1].programmes.size() == 1);
  const auto& elderly = s.years[1].programmes[0];
  CHECK(elderly.name == "高龄津贴");
  CHECK(elderly.department == "区民政局");
  CHECK(elderly.total.fen() == 20000);
  REQUIRE(elderly.lines.size() == 2);
  CHECK(elderly.lines[0].paid_on == CivilDate{2025, 1, 10});  // oldest first within a programme
  CHECK(elderly.lines[0].standard == "每月100元");            // the fund's standard when the row has none
}

TEST_CASE("a person with no payments gets an empty statement", "[statement]") {
  const ResidentId me = id_of("50011219560312123");
  const Statement s = build_statement(me, {}, {}, {});
  CHECK(s.payment_count == 0);
  CHECK(s.years.empty());
  CHECK(s.total.fen() == 0);
}
