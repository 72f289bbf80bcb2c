// Tests for feed/scope: which entries reach which terminal.
#include <catch2/catch.hpp>

#include "feed/scope.hpp"

using namespace sunlight::feed;

TEST_CASE("ancestors_or_self lists the district first", "[scope]") {
  CHECK(ancestors_or_self("500112101001") == std::vector<std::string>{"500112", "500112101", "500112101001"});
  CHECK(ancestors_or_self("500112") == std::vector<std::string>{"500112"});
}

TEST_CASE("public entries reach their region, the regions below and the regions above", "[scope]") {
  CHECK(reaches(Stream::Public, "500112", "500112101001"));        // a district notice reaches a village
  CHECK(reaches(Stream::Public, "500112101001", "500112101001"));  // its own
  CHECK(reaches(Stream::Public, "500112101001", "500112101"));     // a town screen charts its villages
  CHECK_FALSE(reaches(Stream::Public, "500112101002", "500112101001"));  // a sibling village
  CHECK_FALSE(reaches(Stream::Public, "500112102", "500112101001"));     // another town
  CHECK_FALSE(reaches(Stream::Public, "500113", "500112"));              // another district
}

TEST_CASE("people entries reach only their own region and the regions above them", "[scope]") {
  CHECK(reaches(Stream::People, "500112101001", "500112101001"));
  CHECK(reaches(Stream::People, "500112101001003", "500112101001"));
  CHECK_FALSE(reaches(Stream::People, "500112101", "500112101001"));
  CHECK_FALSE(reaches(Stream::People, "500112101002", "500112101001"));
}

TEST_CASE("a kiosk may read people only within its enrolled scope", "[scope]") {
  CHECK(may_read_people("500112101001", "500112101001"));
  CHECK(may_read_people("500112101", "500112101001"));
  CHECK_FALSE(may_read_people("500112101001", "500112101"));
  CHECK_FALSE(may_read_people("500112101001", "500112101002"));
  CHECK_FALSE(may_read_people("500112101001", "500112"));
}
