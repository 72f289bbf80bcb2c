// Tests for core/region: division codes, levels, and the region tree.
#include <catch2/catch.hpp>

#include "core/region.hpp"

using namespace sunlight::core;

TEST_CASE("region codes are normalised by level", "[region]") {
  CHECK(normalize_region_code("500112").value() == "500112");
  CHECK(normalize_region_code(" 500112101 ").value() == "500112101");
  CHECK(normalize_region_code("５００１１２１０１").value() == "500112101");
  CHECK(normalize_region_code("500112101000").value() == "500112101");  // national 12-digit town form
  CHECK(normalize_region_code("500112000000").value() == "500112");
  CHECK(normalize_region_code("500112101201").value() == "500112101201");
  CHECK(normalize_region_code("500112101201003").value() == "500112101201003");
  CHECK(level_of_code("500112") == RegionLevel::District);
  CHECK(level_of_code("500112101") == RegionLevel::Town);
  CHECK(level_of_code("500112101201") == RegionLevel::Village);
  CHECK(level_of_code("500112101201003") == RegionLevel::Group);
  CHECK(parent_of_code("500112101201003") == "500112101201");
  CHECK(parent_of_code("500112").empty());
  CHECK(code_within("500112101201003", "500112101"));
  CHECK_FALSE(code_within("500112102", "500112101"));
}

TEST_CASE("bad region codes are refused with a reason", "[region]") {
  CHECK(normalize_region_code("").problem().code == "region.empty");
  CHECK(normalize_region_code("   ").problem().code == "region.empty");
  for (const char* bad : {"50011", "5001121", "50011210120", "5001121012010034", "50011a", "500112-101",
                          "500112000", "500112101000201", "001122", "5e5112", "５００１１２１０１Ｘ"}) {
    INFO(bad);
    const auto parsed = normalize_region_code(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.problem().code == "region.bad_code");
  }
}

TEST_CASE("region levels accept the words administrators use", "[region]") {
  CHECK(parse_region_level("镇街").value() == RegionLevel::Town);
  CHECK(parse_region_level("街道").value() == RegionLevel::Town);
  CHECK(parse_region_level("社区").value() == RegionLevel::Village);
  CHECK(parse_region_level("组").value() == RegionLevel::Group);
  CHECK(parse_region_level(" Village ").value() == RegionLevel::Village);
  CHECK(parse_region_level("省").problem().code == "region.bad_level");
  CHECK(region_level_name(RegionLevel::Group) == "社");
  CHECK(region_level_name(RegionLevel::Group, Lang::En) == "group");
}

TEST_CASE("the region tree gives paths, full names and children", "[region]") {
  RegionTree tree;
  tree.add({"500112", "渝北区", "", RegionLevel::District});
  tree.add({"500112101", "龙兴镇", "500112", RegionLevel::Town});
  tree.add({"500112101201", "和平村", "500112101", RegionLevel::Village});
  tree.add({"500112101201003", "3社", "500112101201", RegionLevel::Group});
  tree.add({"500112101201001", "1社", "500112101201", RegionLevel::Group});
  tree.add({"500112102", "统景镇", "500112", RegionLevel::Town});
  CHECK(tree.size() == 6);
  CHECK(tree.full_name("500112101201003") == "龙兴镇和平村3社");
  CHECK(tree.full_name("500112999") == "");
  const auto path = tree.path("500112101201003");
  REQUIRE(path.size() == 4);
  CHECK(path.front()->name == "渝北区");
  const auto children = tree.children("500112101201");
  REQUIRE(children.size() == 2);
  CHECK(children[0]->name == "1社");  // ordered by code
  CHECK(tree.children("500112").size() == 2);  // towns only, not grandchildren
}
