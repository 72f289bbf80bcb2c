// Tests for core/resident_id: normalising, every refusal and its message, masking, legacy upgrade.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "core/i18n.hpp"
#include "core/resident_id.hpp"

using namespace sunlight::core;

namespace {

// Tests never depend on the real clock.
const CivilDate kToday{2026, 3, 1};

std::string with_check(std::string first17) {
  first17.push_back(resident_id_check_digit(first17));
  return first17;
}

const std::string kValid = with_check("50011219560312123");  // 渝北区, born 1956-03-12, male

Problem problem_of(std::string_view text) {
  const auto r = ResidentId::parse(text, kToday);
  REQUIRE_FALSE(r.ok());
  return r.problem();
}

// splitmix64: deterministic across platforms, unlike std::uniform_int_distribution.
struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  unsigned below(unsigned n) { return static_cast<unsigned>(next() % n); }
};

}  // namespace

TEST_CASE("a well-formed ID is accepted and describes its holder", "[id]") {
  REQUIRE(kValid == "500112195603121234");
  const auto r = ResidentId::parse(kValid, kToday);
  REQUIRE(r.ok());
  CHECK(r->digits() == kValid);
  CHECK(r->region_prefix() == "500112");
  CHECK(r->birth_date() == CivilDate{1956, 3, 12});
  CHECK(r->sex() == Sex::Male);
  CHECK(r->masked() == "500112********1234");

  const auto female = ResidentId::parse(with_check("50011219560312124"), kToday);
  REQUIRE(female.ok());
  CHECK(female->sex() == Sex::Female);

  // The standard's own example, with X as check character.
  const auto x = ResidentId::parse("11010519491231002X", kToday);
  REQUIRE(x.ok());
  CHECK(x->masked() == "110105********002X");
  CHECK(x->sex() == Sex::Female);

  // The one-argument form bounds the birth date by the real clock.
  CHECK(ResidentId::parse(kValid).ok());
}

TEST_CASE("age counts completed years from the birthday", "[id]") {
  const auto id = ResidentId::parse(kValid, kToday).value();
  CHECK(id.age_on(CivilDate{2026, 3, 11}) == 69);
  CHECK(id.age_on(CivilDate{2026, 3, 12}) == 70);
  CHECK(id.age_on(CivilDate{2026, 12, 31}) == 70);
  CHECK(id.age_on(CivilDate{1956, 3, 12}) == 0);
  const auto leap = ResidentId::parse(with_check("50011220000229001"), kToday).value();
  CHECK(leap.age_on(CivilDate{2025, 2, 28}) == 24);
  CHECK(leap.age_on(CivilDate{2025, 3, 1}) == 25);
  CHECK(leap.age_on(CivilDate{2024, 2, 29}) == 24);
}

TEST_CASE("what people type is normalised before it is checked", "[id]") {
  for (const std::string& text : {std::string("500112 19560312 1234"), std::string("500112-19560312-1234"),
                                 std::string("  500112195603121234\t"), std::string("500112\u300019560312\u30001234"),
                                 std::string("５００１１２１９５６０３１２１２３４"), std::string("500112－19560312－1234")}) {
    INFO(text);
    const auto r = ResidentId::parse(text, kToday);
    REQUIRE(r.ok());
    CHECK(r->digits() == kValid);
  }
  for (const std::string& text : {std::string("11010519491231002x"), std::string("110105 19491231 002x"),
                                 std::string("１１０１０５１９４９１２３１００２Ｘ"), std::string("１１０１０５１９４９１２３１００２ｘ")}) {
    INFO(text);
    const auto r = ResidentId::parse(text, kToday);
    REQUIRE(r.ok());
    CHECK(r->digits() == "11010519491231002X");
  }
}

TEST_CASE("a 15-digit legacy ID is upgraded to 18", "[id]") {
  const auto r = ResidentId::parse("110105491231002", kToday);
  REQUIRE(r.ok());
  CHECK(r->digits() == "11010519491231002X");
  CHECK(r->birth_date() == CivilDate{1949, 12, 31});
  CHECK(*r == ResidentId::parse("11010519491231002X", kToday).value());
  CHECK(ResidentId::parse("500112 560312 123", kToday)->digits() == kValid);
  // The upgrade still validates what it was given.
  CHECK(problem_of("990105491231002").code == "id.bad_region");
  CHECK(problem_of("110105491331002").code == "id.bad_birth_date");
  // A 15-character input with a letter is not a legacy ID, just a short one.
  CHECK(problem_of("11010549123100X").code == "id.bad_length");
}

TEST_CASE("every malformed ID is refused with its own reason", "[id]") {
  CHECK(problem_of("").code == "id.empty");
  CHECK(problem_of("  - \u3000").code == "id.empty");

  const Problem short_one = problem_of(kValid.substr(0, 17));
  CHECK(short_one.code == "id.bad_length");
  CHECK(short_one.arg("length") == "17");
  CHECK(problem_of(kValid + "1").arg("length") == "19");
  CHECK(problem_of("1234").arg("length") == "4");
  CHECK(problem_of("张三").arg("length") == "2");

  const Problem letter = problem_of("5001121956O3121234");  // letter O for zero
  CHECK(letter.code == "id.bad_char");
  CHECK(letter.arg("char") == "O");
  CHECK(letter.arg("position") == "11");
  const Problem wide = problem_of("500112 1956０３１２１２３A");
  CHECK(wide.code == "id.bad_char");
  CHECK(wide.arg("position") == "18");
  const Problem han = problem_of("50011219560312123号");
  CHECK(han.arg("char") == "号");
  CHECK(problem_of("50011219560312123\x01").arg("char") == "U+0001");
  CHECK(problem_of("50011219560312123\xFF").arg("char") == "\uFFFD");

  CHECK(problem_of("5001121956X3121234").code == "id.x_not_last");
  CHECK(problem_of("X00112195603121234").code == "id.x_not_last");
  CHECK(problem_of(with_check("99011219560312123")).code == "id.bad_region");
  CHECK(problem_of(with_check("00011219560312123")).code == "id.bad_region");
  CHECK(ResidentId::parse(with_check("83000019900101123"), kToday).ok());  // Taiwan residents' permits

  const Problem feb30 = problem_of(with_check("50011219990230123"));
  CHECK(feb30.code == "id.bad_birth_date");
  CHECK(feb30.arg("date") == "1999-02-30");
  CHECK(problem_of(with_check("50011219991301123")).code == "id.bad_birth_date");
  CHECK(problem_of(with_check("50011219990100123")).code == "id.bad_birth_date");

  CHECK(problem_of(with_check("50011220260302123")).code == "id.future_birth_date");
  CHECK(ResidentId::parse(with_check("50011220260301123"), kToday).ok());  // born today
  CHECK(problem_of(with_check("50011218991231123")).code == "id.too_old");
  CHECK(problem_of("440524188001010014").code == "id.too_old");  // GB 11643's own example, born 1880

  const Problem wrong = problem_of("500112195603121235");
  CHECK(wrong.code == "id.check_digit");
  CHECK(problem_of("500112195603121230").code == "id.check_digit");
  CHECK(problem_of("50011219560312123X").code == "id.check_digit");
}

TEST_CASE("ID problems never carry the whole number", "[id]") {
  // Masked when the input had 18 characters, absent otherwise; bad_birth_date carries only the
  // date, since date plus masked form would spell out every digit.
  CHECK(problem_of("").arg("input") == "");
  CHECK(problem_of(kValid.substr(0, 17)).arg("input") == "");
  CHECK(problem_of(kValid + "1").arg("input") == "");
  CHECK(problem_of("500112195603121235").arg("input") == "500112********1235");
  CHECK(problem_of("500112 19560312 1235").arg("input") == "500112********1235");
  CHECK(problem_of("5001121956X3121234").arg("input") == "500112********1234");
  CHECK(problem_of(with_check("99011219560312123")).arg("input") == "990112********1235");
  CHECK(problem_of("50011219560312123号").arg("input") == "500112********123号");
  CHECK(problem_of(with_check("50011219990230123")).arg("input") == "");
  CHECK(problem_of(with_check("50011218991231123")).arg("input").size() == 18);
  CHECK(problem_of(with_check("50011220260302123")).arg("input").size() == 18);

  for (const std::string& text : {kValid.substr(0, 17), kValid + "1", std::string("500112195603121235"),
                                 with_check("50011219990230123"), with_check("50011218991231123")}) {
    for (const auto& [name, value] : problem_of(text).args) {
      INFO(name << " = " << value);
      CHECK(value.find(text.substr(6, 8)) == std::string::npos);
      CHECK(value.find(text.substr(0, 14)) == std::string::npos);
    }
  }
}

TEST_CASE("ID messages are plain in both languages", "[id]") {
  const Problem wrong = problem_of("500112195603121235");
  CHECK(describe(wrong) == "号码有误，请核对最后一位");
  CHECK(describe(wrong, Lang::En) == "The number is not right; please check the last character");
  CHECK(describe(problem_of("12345678901234567")) == "身份证号应为18位，您输入了17位");
  CHECK(describe(problem_of("12345678901234567"), Lang::En) == "An ID number has 18 characters; you entered 17");
  CHECK(describe(problem_of(with_check("50011219990230123"))) == "号码中的出生日期1999-02-30不存在，请核对");
  CHECK(describe(problem_of("5001121956O3121234")) == "号码第11位的“O”不对，身份证号只有数字，最后一位可能是X");
  for (const char* code : {"id.empty", "id.bad_length", "id.bad_char", "id.x_not_last", "id.bad_region",
                           "id.bad_birth_date", "id.future_birth_date", "id.too_old", "id.check_digit"}) {
    INFO(code);
    CHECK(tr(Lang::ZhCn, code) != code);
    CHECK(tr(Lang::En, code) != code);
    CHECK(tr(Lang::En, code) != tr(Lang::ZhCn, code));
  }
}

TEST_CASE("MOD 11-2 catches every single-digit error", "[id]") {
  static constexpr unsigned kProvinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                                            43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
  Rng rng{20260301};
  std::size_t ids = 0, mutations = 0, survivors = 0;
  std::string first_survivor;
  while (ids < 10'000) {
    const int year = 1900 + static_cast<int>(rng.below(126));
    const unsigned month = 1 + rng.below(12), day = 1 + rng.below(31);
    if (!CivilDate::is_valid(year, month, day) || CivilDate{year, month, day} > kToday) continue;
    const std::string first17 = fmt::format("{:02}{:04}{:04}{:02}{:02}{:03}", kProvinces[rng.below(35)],
                                            rng.below(10'000), year, month, day, rng.below(1000));
    const std::string id = with_check(first17);
    const auto ok = ResidentId::parse(id, kToday);
    if (!ok.ok()) {
      FAIL_CHECK(id << " should be valid: " << ok.problem().code);
      continue;
    }
    ++ids;
    for (std::size_t pos = 0; pos < 18; ++pos) {
      for (const char c : std::string_view("0123456789X")) {
        if (c == id[pos] || (c == 'X' && pos != 17)) continue;
        std::string changed = id;
        changed[pos] = c;
        ++mutations;
        if (ResidentId::parse(changed, kToday).ok()) {
          ++survivors;
          if (first_survivor.empty()) first_survivor = changed;
        }
      }
    }
  }
  INFO("first survivor: " << first_survivor);
  CHECK(survivors == 0);
  CHECK(mutations == 10'000 * (17 * 9 + 10));
}
