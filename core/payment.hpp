// Payments to people (发放明细): what a villager looks up at the kiosk.
#pragma once

#include <string>
#include <string_view>

#include "core/date.hpp"
#include "core/i18n.hpp"
#include "core/money.hpp"
#include "core/problem.hpp"
#include "core/resident_id.hpp"

namespace sunlight::core {

// How the money reached the person (发放方式).
enum class PaymentMethod {
  Card,                // 一卡通: the 惠民惠农财政补贴资金“一卡通”
  BankTransfer,        // 银行转账
  Cash,                // 现金
  SocialSecurityCard,  // 社保卡
};

// Problem: payment.bad_method (arg "input").
[[nodiscard]] Parsed<PaymentMethod> parse_payment_method(std::string_view text);
[[nodiscard]] std::string_view payment_method_name(PaymentMethod method, Lang lang = Lang::ZhCn);

// One payment as imported, with personal fields in clear: it lives only on the feed server,
// which masks or seals them before anything leaves (DESIGN invariants 7 and 8).
struct Payment {
  std::string payment_id;  // 流水号, unique
  ResidentId resident_id;
  std::string name;        // 姓名
  std::string region_code; // the beneficiary's village or group
  std::string fund_code;
  Money amount;
  CivilDate paid_on;
  PaymentMethod method = PaymentMethod::Card;
  std::string standard;    // 补助标准; empty means the fund's
  std::string address;     // 住址, may be empty
};

}  // namespace sunlight::core
