// Tests for core/date: civil-date arithmetic, parsing what people write, Shanghai time, ISO stamps.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "core/date.hpp"
#include "core/i18n.hpp"

using namespace sunlight::core;
using std::chrono::seconds;

namespace {

CivilDate parsed(std::string_view text) { return parse_date(text).value(); }

std::string code_of(std::string_view text) {
  const auto r = parse_date(text);
  return r.ok() ? std::string("ok") : r.problem().code;
}

Timestamp utc(int y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s) {
  return Timestamp{seconds{CivilDate{y, mo, d}.days_since_epoch() * 86400 + h * 3600 + mi * 60 + s}};
}

}  // namespace

TEST_CASE("dates are accepted in the forms people and Excel write", "[date]") {
  const CivilDate march_first{2026, 3, 1};
  for (const char* text : {"2026-03-01", "2026-3-1", "2026/3/1", "2026/03/01", "2026.3.1", "2026.03.01",
                           "2026年3月1日", "2026年03月01日", "２０２６－０３－０１", "２０２６年３月１日",
                           "  2026-03-01 ", "\u30002026/3/1\u3000", "2026/3/1 0:00", "2026-03-01 00:00:00",
                           "2026-03-01 00:00:00.000", "2026年3月1日 0:00", "2026-03-01\t00:00", "20260301"}) {
    INFO(text);
    const auto r = parse_date(text);
    REQUIRE(r.ok());
    CHECK(*r == march_first);
  }
}

TEST_CASE("malformed dates are refused with a reason", "[date]") {
  CHECK(code_of("") == "date.empty");
  CHECK(code_of("   ") == "date.empty");
  CHECK(code_of("\u3000") == "date.empty");
  CHECK(code_of("2026-02-30") == "date.impossible");
  CHECK(code_of("2026-13-01") == "date.impossible");
  CHECK(code_of("2026-00-10") == "date.impossible");
  CHECK(code_of("2026-04-31") == "date.impossible");
  CHECK(code_of("2026-04-00") == "date.impossible");
  CHECK(code_of("26-3-1") == "date.garbage");  // two-digit years are ambiguous
  CHECK(code_of("2026031") == "date.garbage");    // seven digits: not the compact form
  CHECK(code_of("202603011") == "date.garbage");
  CHECK(code_of("20260230") == "date.impossible");
  CHECK(code_of("18991231") == "date.out_of_range");
  CHECK(code_of("2026-03-01x") == "date.garbage");
  CHECK(code_of("2026-3/1") == "date.garbage");
  CHECK(code_of("2026-003-01") == "date.garbage");
  CHECK(code_of("2026-03-011") == "date.garbage");
  CHECK(code_of("2026年3月1") == "date.garbage");
  CHECK(code_of("2026年3-1") == "date.garbage");
  CHECK(code_of("2026-03-0100:00") == "date.garbage");
  CHECK(code_of("2026-03-01 24:00") == "date.garbage");
  CHECK(code_of("2026-03-01 0:0") == "date.garbage");
  CHECK(code_of("March 1, 2026") == "date.garbage");
  CHECK(code_of("\xFF\xFE") == "date.garbage");
  CHECK(code_of("1899-12-31") == "date.out_of_range");
  CHECK(code_of("2201-01-01") == "date.out_of_range");
  CHECK(code_of("1900-01-01") == "ok");
  CHECK(code_of("2200-12-31") == "ok");
  CHECK(code_of("2026/3/1 9:30") == "date.time_not_midnight");
  CHECK(code_of("2026-03-01 00:00:01") == "date.time_not_midnight");
}

TEST_CASE("every date problem carries the input, trimmed and cut short", "[date]") {
  CHECK(parse_date("").problem().arg("input") == "");
  CHECK(parse_date(" 2026-02-30 ").problem().arg("input") == "2026-02-30");
  const auto long_input = parse_date(std::string(100, '9'));
  CHECK(long_input.problem().arg("input") == std::string(40, '9') + "…");
  // Malformed bytes and control characters never reach a message (or a JSON error body).
  CHECK(parse_date("2026\x01\xFF").problem().arg("input") == "2026\uFFFD\uFFFD");
  for (const char* text : {"", "x", "2026-02-30", "1899-01-01", "2026/3/1 9:30"}) {
    const auto r = parse_date(text);
    REQUIRE_FALSE(r.ok());
    const auto& args = r.problem().args;
    CHECK(std::any_of(args.begin(), args.end(), [](const auto& a) { return a.first == "input"; }));
  }
}

TEST_CASE("leap years follow the Gregorian rules", "[date]") {
  CHECK(code_of("2024-02-29") == "ok");
  CHECK(code_of("2025-02-29") == "date.impossible");
  CHECK(code_of("1900-02-29") == "date.impossible");
  CHECK(code_of("2000-02-29") == "ok");
  CHECK(code_of("2100-02-29") == "date.impossible");
  CHECK(CivilDate::is_valid(2024, 2, 29));
  CHECK_FALSE(CivilDate::is_valid(2023, 2, 29));
}

TEST_CASE("days since the epoch round-trip over the whole supported range", "[date]") {
  CHECK(CivilDate{1970, 1, 1}.days_since_epoch() == 0);
  CHECK(CivilDate{1969, 12, 31}.days_since_epoch() == -1);
  CHECK(CivilDate{2000, 3, 1}.days_since_epoch() == 11017);
  CHECK(CivilDate{1900, 1, 1}.days_since_epoch() == -25567);
  const std::int64_t first = CivilDate{1900, 1, 1}.days_since_epoch();
  const std::int64_t last = CivilDate{2200, 12, 31}.days_since_epoch();
  CivilDate expected{1900, 1, 1};
  std::int64_t mismatches = 0;
  for (std::int64_t days = first; days <= last; ++days) {
    const CivilDate d = CivilDate::from_days(days);
    if (d != expected || d.days_since_epoch() != days || !CivilDate::is_valid(d.year, d.month, d.day)) ++mismatches;
    // The next day, by counting: either day+1, or the 1st of the next month or year.
    expected = CivilDate::is_valid(d.year, d.month, d.day + 1) ? CivilDate{d.year, d.month, d.day + 1}
               : d.month < 12                                  ? CivilDate{d.year, d.month + 1, 1}
                                                               : CivilDate{d.year + 1, 1, 1};
  }
  CHECK(mismatches == 0);
  CHECK(last - first + 1 == 109938);  // 301 years, 73 of them leap
}

TEST_CASE("dates format as ISO and as Chinese", "[date]") {
  CHECK(CivilDate{2026, 3, 1}.iso() == "2026-03-01");
  CHECK(CivilDate{2026, 3, 1}.zh() == "2026年3月1日");
  CHECK(CivilDate{2026, 12, 31}.zh() == "2026年12月31日");
  CHECK(parsed(CivilDate{1956, 3, 12}.iso()) == CivilDate{1956, 3, 12});
  CHECK(parsed(CivilDate{1956, 3, 12}.zh()) == CivilDate{1956, 3, 12});
}

TEST_CASE("Shanghai time is UTC+8 across day boundaries", "[date]") {
  const Timestamp t = utc(2026, 2, 28, 16, 0, 0);
  const LocalDateTime l = to_shanghai(t);
  CHECK(l.date == CivilDate{2026, 3, 1});
  CHECK(l.hour == 0);
  CHECK(l.minute == 0);
  CHECK(l.second == 0);
  CHECK(shanghai_date(t - seconds{1}) == CivilDate{2026, 2, 28});
  CHECK(to_shanghai(t - seconds{1}).hour == 23);
  CHECK(from_shanghai(l) == t);
  CHECK(from_shanghai(LocalDateTime{{2026, 3, 1}, 14, 5, 0}) == utc(2026, 3, 1, 6, 5, 0));
  // Year end and before the epoch, where floor division matters.
  CHECK(shanghai_date(utc(2025, 12, 31, 16, 0, 0)) == CivilDate{2026, 1, 1});
  CHECK(shanghai_date(utc(1969, 12, 31, 15, 59, 59)) == CivilDate{1969, 12, 31});
  CHECK(shanghai_date(utc(1969, 12, 31, 16, 0, 0)) == CivilDate{1970, 1, 1});
  CHECK(to_shanghai(Timestamp{seconds{-1}}).hour == 7);
  for (std::int64_t s = -200000; s <= 200000; s += 7919) {
    const Timestamp ts{seconds{s}};
    CHECK(from_shanghai(to_shanghai(ts)) == ts);
  }
  const CivilDate today = today_shanghai();
  CHECK(today >= CivilDate{2025, 1, 1});
  CHECK(today <= CivilDate{2200, 12, 31});
}

TEST_CASE("timestamps format for screens and for the wire", "[date]") {
  const Timestamp t = utc(2026, 3, 1, 6, 5, 0);
  CHECK(format_shanghai_datetime(t) == "2026-03-01 14:05");
  CHECK(format_shanghai_time(t) == "14:05");
  CHECK(format_utc_iso(t) == "2026-03-01T06:05:00Z");
  CHECK(format_shanghai_datetime(utc(2026, 2, 28, 16, 0, 0)) == "2026-03-01 00:00");
  CHECK(format_utc_iso(Timestamp{seconds{-1}}) == "1969-12-31T23:59:59Z");
}

TEST_CASE("UTC ISO stamps parse strictly and round-trip", "[date]") {
  CHECK(parse_utc_iso("2026-03-01T06:05:00Z").value() == utc(2026, 3, 1, 6, 5, 0));
  CHECK(parse_utc_iso("2026-03-01T06:05:00+00:00").value() == utc(2026, 3, 1, 6, 5, 0));
  for (std::int64_t s = -3'000'000'000; s <= 7'000'000'000; s += 86'399'937) {
    const Timestamp ts{seconds{s}};
    INFO(s);
    CHECK(parse_utc_iso(format_utc_iso(ts)).value() == ts);
  }
  for (const char* text : {"", "2026-03-01", "2026-03-01T06:05:00", "2026-03-01 06:05:00Z", "2026-03-01t06:05:00z",
                           "2026-03-01T06:05:00+08:00", "2026-03-01T06:05:00.000Z", " 2026-03-01T06:05:00Z",
                           "2026-02-30T06:05:00Z", "2026-03-01T24:00:00Z", "2026-03-01T06:60:00Z",
                           "2026-03-01T06:05:60Z", "2026-3-01T06:05:00Z", "２０２６-03-01T06:05:00Z"}) {
    INFO(text);
    const auto r = parse_utc_iso(text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.problem().code == "time.garbage");
  }
}

TEST_CASE("date problems read plainly in both languages", "[date]") {
  const Problem p = parse_date("2026-02-30").problem();
  CHECK(describe(p) == "没有这一天：2026-02-30");
  CHECK(describe(p, Lang::En) == "There is no such day: 2026-02-30");
  CHECK(describe(parse_date("1899-12-31").problem()) == "日期 1899-12-31 不在1900年到2200年之间");
}
