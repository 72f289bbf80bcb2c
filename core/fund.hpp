// Subsidy funds (惠民资金项目) and the four points at which their money is watched.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/date.hpp"
#include "core/i18n.hpp"
#include "core/money.hpp"
#include "core/problem.hpp"

namespace sunlight::core {

// Who pays: the level of government the money comes from (资金级次).
enum class FundLevel {
  Central,    // 中央
  Municipal,  // 市级 (Chongqing is a municipality, so this is the provincial level)
  District,   // 区级
};

// The four monitoring points, in the order money passes them.
enum class FundStage {
  Plan,      // 用款计划申请: use plan applied
  Approve,   // 资金使用审批: use approved
  Allocate,  // 资金拨付: funds allocated
  Disburse,  // 资金发放: funds paid out to people
};
inline constexpr std::array<FundStage, 4> kFundStages{FundStage::Plan, FundStage::Approve, FundStage::Allocate,
                                                      FundStage::Disburse};

// Problems: fund.bad_level, fund.bad_stage (arg "input").
[[nodiscard]] Parsed<FundLevel> parse_fund_level(std::string_view text);
[[nodiscard]] std::string_view fund_level_name(FundLevel level, Lang lang = Lang::ZhCn);
[[nodiscard]] Parsed<FundStage> parse_fund_stage(std::string_view text);
[[nodiscard]] std::string_view fund_stage_name(FundStage stage, Lang lang = Lang::ZhCn);

// One programme in one year, e.g. 2025年耕地地力保护补贴.
struct Fund {
  std::string code;          // 项目代码
  std::string name;          // 项目名称
  std::string category;      // 类别: 农业补贴, 社会救助 …
  std::string department;    // 主管部门
  FundLevel level = FundLevel::District;
  int year = 0;              // 年度
  Money budget;              // 预算金额
  std::string standard;      // 补助标准, as people read it: 每亩每年105元
  std::string policy_basis;  // 政策依据: the document that authorises it
};

// Money of one fund for one region reaching one monitoring point.
struct StageRecord {
  std::string fund_code;
  std::string region_code;
  FundStage stage = FundStage::Plan;
  Money amount;
  CivilDate date;
  std::string doc_no;  // 文号, may be empty
};

}  // namespace sunlight::core
