// Names of fund levels and stages, in both languages.
#include "core/fund.hpp"

#include "core/enum_words.hpp"

namespace sunlight::core {
namespace {

constexpr std::array<EnumWord<FundLevel>, 3> kLevelWords{{
    {FundLevel::Central, {"中央", "中央级"}, "central"},
    {FundLevel::Municipal, {"市级", "市", "省级"}, "municipal"},
    {FundLevel::District, {"区级", "区", "县级"}, "district"},
}};

constexpr std::array<EnumWord<FundStage>, 4> kStageWords{{
    {FundStage::Plan, {"用款计划申请", "计划", "用款计划"}, "plan"},
    {FundStage::Approve, {"资金使用审批", "审批", "使用审批"}, "approve"},
    {FundStage::Allocate, {"资金拨付", "拨付"}, "allocate"},
    {FundStage::Disburse, {"资金发放", "发放"}, "disburse"},
}};

}  // namespace

Parsed<FundLevel> parse_fund_level(std::string_view text) {
  return parse_enum_word<FundLevel>(kLevelWords, text, "fund.bad_level");
}
std::string_view fund_level_name(FundLevel level, Lang lang) {
  return enum_word_name<FundLevel>(kLevelWords, level, lang);
}
Parsed<FundStage> parse_fund_stage(std::string_view text) {
  return parse_enum_word<FundStage>(kStageWords, text, "fund.bad_stage");
}
std::string_view fund_stage_name(FundStage stage, Lang lang) {
  return enum_word_name<FundStage>(kStageWords, stage, lang);
}

}  // namespace sunlight::core
