// Tests for the small domain enums: funds, stages, payment methods, notice categories.
#include <catch2/catch.hpp>

#include "core/fund.hpp"
#include "core/notice.hpp"
#include "core/payment.hpp"

using namespace sunlight::core;

TEST_CASE("fund levels and the four monitoring points", "[model]") {
  CHECK(parse_fund_level("中央").value() == FundLevel::Central);
  CHECK(parse_fund_level("Municipal").value() == FundLevel::Municipal);
  CHECK(parse_fund_level("区级").value() == FundLevel::District);
  CHECK(parse_fund_level("乡级").problem().code == "fund.bad_level");
  CHECK(parse_fund_stage("用款计划申请").value() == FundStage::Plan);
  CHECK(parse_fund_stage("审批").value() == FundStage::Approve);
  CHECK(parse_fund_stage("ALLOCATE").value() == FundStage::Allocate);
  CHECK(parse_fund_stage("资金发放").value() == FundStage::Disburse);
  CHECK(parse_fund_stage("").problem().code == "import.required");  // empty says empty
  CHECK(parse_fund_stage("计划书").problem().code == "fund.bad_stage");
  CHECK(fund_stage_name(FundStage::Allocate) == "资金拨付");
  CHECK(fund_stage_name(FundStage::Allocate, Lang::En) == "allocate");
  CHECK(kFundStages.front() == FundStage::Plan);
  CHECK(kFundStages.back() == FundStage::Disburse);
}

TEST_CASE("payment methods and notice categories", "[model]") {
  CHECK(parse_payment_method("一卡通").value() == PaymentMethod::Card);
  CHECK(parse_payment_method("社保卡").value() == PaymentMethod::SocialSecurityCard);
  CHECK(parse_payment_method("bank_transfer").value() == PaymentMethod::BankTransfer);
  CHECK(parse_payment_method("支付宝").problem().code == "payment.bad_method");
  CHECK(payment_method_name(PaymentMethod::Cash) == "现金");
  CHECK(parse_notice_category("党务").value() == NoticeCategory::PartyAffairs);
  CHECK(parse_notice_category("public_notice").value() == NoticeCategory::PublicNotice);
  CHECK(parse_notice_category("新闻").problem().code == "notice.bad_category");
}

TEST_CASE("a notice is visible from publication through its expiry day", "[model]") {
  Notice notice;
  notice.published_on = {2026, 3, 1};
  notice.expires_on = CivilDate{2026, 3, 31};
  CHECK_FALSE(notice.visible_on({2026, 2, 28}));
  CHECK(notice.visible_on({2026, 3, 1}));
  CHECK(notice.visible_on({2026, 3, 31}));
  CHECK_FALSE(notice.visible_on({2026, 4, 1}));
  notice.expires_on.reset();
  CHECK(notice.visible_on({2030, 1, 1}));
}
