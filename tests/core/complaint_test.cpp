// Tests for core/complaint: reason and state words, tracking numbers (Luhn), mobile numbers.
#include <catch2/catch.hpp>

#include "core/complaint.hpp"

using namespace sunlight::core;

TEST_CASE("complaint reasons and states round-trip their wire words and have both languages", "[complaint]") {
  for (const auto reason : kComplaintReasons) {
    CHECK(parse_complaint_reason(complaint_reason_word(reason)) == reason);
    CHECK_FALSE(complaint_reason_name(reason, Lang::ZhCn).empty());
    CHECK_FALSE(complaint_reason_name(reason, Lang::En).empty());
  }
  CHECK(complaint_reason_name(ComplaintReason::AmountMismatch) == "金额不符");
  CHECK(complaint_reason_name(ComplaintReason::Suggestion) == "意见建议");
  CHECK_FALSE(parse_complaint_reason("Amount_Mismatch"));
  CHECK_FALSE(parse_complaint_reason(""));
  CHECK_FALSE(parse_complaint_reason("金额不符"));
  CHECK(parse_complaint_state("closed_unresolved") == ComplaintState::ClosedUnresolved);
  CHECK(complaint_state_name(ComplaintState::ClosedUnresolved) == "未解决办结");
  CHECK_FALSE(parse_complaint_state("resolved"));
}

TEST_CASE("a tracking number is terminal, sequence and a Luhn check digit", "[complaint]") {
  CHECK(luhn_check_digit("7992739871") == '3');  // the textbook example
  const auto n = make_tracking_number(7, 42);
  REQUIRE(n);
  CHECK(n->size() == 10);
  CHECK(n->substr(0, 9) == "000700042");
  const auto parsed = parse_tracking_number(*n);
  REQUIRE(parsed);
  CHECK(parsed->terminal_id == 7);
  CHECK(parsed->sequence == 42);
  CHECK(format_tracking_number(*n) == "0007 00042 " + n->substr(9));
  CHECK(make_tracking_number(9999, 99999));
  CHECK_FALSE(make_tracking_number(0, 1));
  CHECK_FALSE(make_tracking_number(10000, 1));
  CHECK_FALSE(make_tracking_number(1, 0));
  CHECK_FALSE(make_tracking_number(1, 100000));
}

TEST_CASE("a mistyped tracking number is caught before anyone is asked", "[complaint]") {
  const auto n = *make_tracking_number(7, 42);
  // Every single-digit slip and every swap of two different neighbours fails the check.
  for (std::size_t i = 0; i < n.size(); ++i) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == n[i]) continue;
      auto typo = n;
      typo[i] = d;
      CHECK_FALSE(parse_tracking_number(typo));
    }
    if (i + 1 < n.size() && n[i] != n[i + 1] && !((n[i] == '0' && n[i + 1] == '9') || (n[i] == '9' && n[i + 1] == '0'))) {
      auto swapped = n;
      std::swap(swapped[i], swapped[i + 1]);
      CHECK_FALSE(parse_tracking_number(swapped));
    }
  }
  CHECK_FALSE(parse_tracking_number(n.substr(0, 9)));
  CHECK_FALSE(parse_tracking_number(n + "0"));
  CHECK_FALSE(parse_tracking_number("0007 00042"));
  CHECK_FALSE(parse_tracking_number("000700042a"));
  CHECK_FALSE(parse_tracking_number("０００７０００４２３"));  // full-width digits
  CHECK_FALSE(parse_tracking_number("0000000000"));           // terminal 0, sequence 0: never issued
}

TEST_CASE("a mobile number is 11 digits starting 13 to 19, and is shown masked", "[complaint]") {
  CHECK(valid_mobile_number("13800138000"));
  CHECK(valid_mobile_number("19912345678"));
  CHECK_FALSE(valid_mobile_number("12800138000"));
  CHECK_FALSE(valid_mobile_number("1380013800"));
  CHECK_FALSE(valid_mobile_number("138001380000"));
  CHECK_FALSE(valid_mobile_number("1380013800a"));
  CHECK_FALSE(valid_mobile_number("+8613800138000"));
  CHECK_FALSE(valid_mobile_number(""));
  CHECK(mask_mobile_number("13800138000") == "138****8000");
  CHECK(mask_mobile_number("12345") == "");
}
