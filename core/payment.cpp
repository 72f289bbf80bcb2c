// Names of payment methods, in both languages.
#include "core/payment.hpp"

#include <array>

#include "core/enum_words.hpp"

namespace sunlight::core {
namespace {

constexpr std::array<EnumWord<PaymentMethod>, 4> kMethodWords{{
    {PaymentMethod::Card, {"一卡通", "惠民一卡通", "一折通"}, "card"},
    {PaymentMethod::BankTransfer, {"银行转账", "转账", "银行代发"}, "bank_transfer"},
    {PaymentMethod::Cash, {"现金"}, "cash"},
    {PaymentMethod::SocialSecurityCard, {"社保卡", "社会保障卡"}, "social_security_card"},
}};

}  // namespace

Parsed<PaymentMethod> parse_payment_method(std::string_view text) {
  return parse_enum_word<PaymentMethod>(kMethodWords, text, "payment.bad_method");
}
std::string_view payment_method_name(PaymentMethod method, Lang lang) {
  return enum_word_name<PaymentMethod>(kMethodWords, method, lang);
}

}  // namespace sunlight::core
