// Tests for core/masking: personal names and addresses as the public may see them.
#include <catch2/catch.hpp>

#include "core/masking.hpp"

using namespace sunlight::core;

TEST_CASE("names keep the surname and the last character", "[masking]") {
  CHECK(mask_name("张小华") == "张*华");
  CHECK(mask_name("李明") == "李*");
  CHECK(mask_name("欧阳小华") == "欧阳*华");
  CHECK(mask_name("欧阳华") == "欧阳*");
  CHECK(mask_name("司马相如") == "司马*如");
  CHECK(mask_name("爱新觉罗") == "爱**罗");
  CHECK(mask_name("买买提·艾力") == "买**·*力");
  CHECK(mask_name(" 王五 ") == "王*");
  CHECK(mask_name("王") == "*");
  CHECK(mask_name("") == "");
  // A compound-looking two-character name is a surname and a given name, not a compound surname.
  CHECK(mask_name("欧阳") == "欧*");
  // Separators never leave a name unmasked.
  CHECK(mask_name("阿·力") == "阿·*");
  CHECK(mask_name("司马·光") == "司*·*");
}

TEST_CASE("addresses are cut after the group", "[masking]") {
  const std::string fallback = "龙兴镇和平村3社";
  CHECK(mask_address("龙兴镇和平村3社27号", fallback) == "龙兴镇和平村3社");
  CHECK(mask_address("龙兴镇和平村十二社附5号", fallback) == "龙兴镇和平村十二社");
  CHECK(mask_address("回兴街道宝圣社区5组12栋3单元", fallback) == "回兴街道宝圣社区5组");
  CHECK(mask_address("统景镇印盒村２社", fallback) == "统景镇印盒村２社");
  // No group marker: the text could say anything, so the region's own name is shown.
  CHECK(mask_address("重庆市渝北区双龙湖街道某小区8栋2-3", fallback) == fallback);
  CHECK(mask_address("宝圣社区", fallback) == fallback);
  CHECK(mask_address("", fallback) == fallback);
}
