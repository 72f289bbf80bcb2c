// Tests for core/seal: person-key derivation, sealing and opening records, and the cost parameters' JSON.
#include <catch2/catch.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/i18n.hpp"
#include "core/seal.hpp"

using namespace sunlight::core;

namespace {

const std::string kSalt(16, 's');
const std::string kId = "500112195603121234";     // valid, see resident_id_test
const std::string kOtherId = "11010519491231002X";  // the standard's own example

// Tests use the minimum cost, as DESIGN asks, so the suite stays fast.
const SealParams kParams = SealParams::minimum(kSalt);

const std::string kRecord =
    R"({"payments":[{"fund":"耕地地力保护补贴","date":"2025-03-12","amount_fen":12345,"form":"一卡通"}]})";

std::string flipped(std::string s, std::size_t at) {
  s[at] = static_cast<char>(s[at] ^ 0x01);
  return s;
}

Problem problem_of(const nlohmann::json& json) {
  const auto r = SealParams::from_json(json);
  REQUIRE_FALSE(r.ok());
  return r.problem();
}

}  // namespace

TEST_CASE("person keys are deterministic per ID and salt", "[seal]") {
  const auto a = derive_person_key(kId, kParams);
  const auto b = derive_person_key(kId, kParams);
  REQUIRE(a.tag.size() == 32);
  REQUIRE(a.key.size() == 32);
  CHECK(a.tag == b.tag);
  CHECK(a.key.view() == b.key.view());
  CHECK(a.tag != a.key.view());

  const auto other_salt = derive_person_key(kId, SealParams::minimum(std::string(16, 't')));
  CHECK(other_salt.tag != a.tag);
  CHECK(other_salt.key.view() != a.key.view());
  const auto other_id = derive_person_key(kOtherId, kParams);
  CHECK(other_id.tag != a.tag);
  CHECK(other_id.key.view() != a.key.view());
  auto costlier = kParams;
  costlier.opslimit = 2;
  CHECK(derive_person_key(kId, costlier).tag != a.tag);

  // The ResidentId overload derives from the normalised digits, whatever the person typed.
  const auto typed = ResidentId::parse("500112 19560312 123 4", CivilDate{2026, 3, 1});
  REQUIRE(typed.ok());
  CHECK(derive_person_key(*typed, kParams).tag == a.tag);
}

TEST_CASE("derivation refuses unnormalised IDs and out-of-range params", "[seal]") {
  CHECK_THROWS_AS(derive_person_key("", kParams), std::invalid_argument);
  CHECK_THROWS_AS(derive_person_key("50011219560312123", kParams), std::invalid_argument);
  CHECK_THROWS_AS(derive_person_key("11010519491231002x", kParams), std::invalid_argument);
  CHECK_THROWS_AS(derive_person_key("500112-19560312123", kParams), std::invalid_argument);
  CHECK_THROWS_AS(derive_person_key("X00112195603121234", kParams), std::invalid_argument);
  CHECK_THROWS_AS(derive_person_key(kId, SealParams::minimum("short")), std::invalid_argument);
  auto p = kParams;
  p.opslimit = 0;
  CHECK_THROWS_AS(derive_person_key(kId, p), std::invalid_argument);
  p = kParams;
  p.memlimit_bytes = 1024;
  CHECK_THROWS_AS(derive_person_key(kId, p), std::invalid_argument);
}

TEST_CASE("minimum-cost derivation is fast", "[seal]") {
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 10; ++i) (void)derive_person_key(kId, kParams);
  const auto each = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 10;
  CHECK(each < 0.1);
}

TEST_CASE("a sealed record opens with its key and nothing else", "[seal]") {
  const auto key = derive_person_key(kId, kParams);
  const auto sealed = seal_record(key, kRecord);
  CHECK(sealed.size() == 24 + kRecord.size() + 16);
  CHECK(sealed.find("耕地") == std::string::npos);
  CHECK(open_record(key, sealed) == kRecord);

  CHECK(seal_record(key, kRecord) != sealed);  // a fresh random nonce each time
  CHECK(open_record(key, seal_record(key, kRecord)) == kRecord);
  CHECK(open_record(key, seal_record(key, "")) == std::string{});

  // A flipped bit anywhere — nonce, ciphertext or MAC — and the box stays shut.
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    INFO(i);
    CHECK_FALSE(open_record(key, flipped(sealed, i)));
  }
  // Another person's key, or the right key under another tag (a box moved to another name).
  CHECK_FALSE(open_record(derive_person_key(kOtherId, kParams), sealed));
  PersonKey moved{derive_person_key(kOtherId, kParams).tag, SecretBytes(key.key.view())};
  CHECK_FALSE(open_record(moved, sealed));
  PersonKey same_tag_other_key{key.tag, SecretBytes(std::string(32, 'k'))};
  CHECK_FALSE(open_record(same_tag_other_key, sealed));

  // Truncated, extended, empty.
  for (std::size_t n = 0; n < sealed.size(); n += 7) CHECK_FALSE(open_record(key, sealed.substr(0, n)));
  CHECK_FALSE(open_record(key, sealed.substr(0, sealed.size() - 1)));
  CHECK_FALSE(open_record(key, sealed + '\0'));
  CHECK_FALSE(open_record(key, ""));
  CHECK_FALSE(open_record(key, std::string(40, '\0')));  // exactly nonce + MAC, all zero
}

TEST_CASE("a PersonKey without a key is a programming error", "[seal]") {
  const PersonKey empty;
  CHECK_THROWS_AS(seal_record(empty, "x"), std::invalid_argument);
  CHECK_THROWS_AS(open_record(empty, std::string(64, 'x')), std::invalid_argument);
}

TEST_CASE("sealing and opening from several threads at once", "[seal]") {
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (std::size_t t = 0; t < ok.size(); ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        const auto key = derive_person_key(i % 2 ? kId : kOtherId, kParams);
        const auto text = kRecord + std::to_string(t);
        if (open_record(key, seal_record(key, text)) == text) ++ok[t];
      }
    });
  for (auto& th : threads) th.join();
  for (const int n : ok) CHECK(n == 20);
}

TEST_CASE("seal params round-trip through JSON", "[seal]") {
  const auto json = kParams.to_json();
  CHECK(json["alg"] == "argon2id13");
  CHECK(json["opslimit"] == 1);
  CHECK(json["memlimit"] == 8192);
  CHECK(json["salt"] == "c3Nzc3Nzc3Nzc3Nzc3Nzcw==");
  const auto back = SealParams::from_json(json);
  REQUIRE(back.ok());
  CHECK(*back == kParams);

  const auto production = SealParams::production(std::string(16, '\x01'));
  CHECK(production.opslimit >= 2);
  CHECK(production.memlimit_bytes >= (std::uint64_t{16} << 20));
  CHECK(SealParams::from_json(production.to_json()).value() == production);
  // As a terminal receives it: parsed from text, where integers are unsigned.
  CHECK(SealParams::from_json(nlohmann::json::parse(production.to_json().dump())).value() == production);
  auto extra = json;
  extra["note"] = "unknown keys are for later versions";
  CHECK(SealParams::from_json(extra).ok());
}

TEST_CASE("each invalid seal-params field is refused by name", "[seal]") {
  const auto good = kParams.to_json();
  auto with = [&](const char* field, nlohmann::json value) {
    auto j = good;
    j[field] = std::move(value);
    return j;
  };
  auto without = [&](const char* field) {
    auto j = good;
    j.erase(field);
    return j;
  };
  CHECK(problem_of(nlohmann::json::array()).arg("field") == "params");
  CHECK(problem_of(nullptr).arg("field") == "params");
  CHECK(problem_of("argon2id13").arg("field") == "params");

  for (const auto& v : {nlohmann::json("argon2i13"), nlohmann::json("ARGON2ID13"), nlohmann::json(""),
                        nlohmann::json(13), nlohmann::json(nullptr)})
    CHECK(problem_of(with("alg", v)).arg("field") == "alg");
  CHECK(problem_of(without("alg")).arg("field") == "alg");

  for (const auto& v : {nlohmann::json(0), nlohmann::json(17), nlohmann::json(-1), nlohmann::json(2.0),
                        nlohmann::json("2"), nlohmann::json(true), nlohmann::json(UINT64_MAX)})
    CHECK(problem_of(with("opslimit", v)).arg("field") == "opslimit");
  CHECK(problem_of(without("opslimit")).arg("field") == "opslimit");
  CHECK(SealParams::from_json(with("opslimit", 16)).ok());

  for (const auto& v : {nlohmann::json(8191), nlohmann::json((std::uint64_t{1} << 30) + 1), nlohmann::json(-8192),
                        nlohmann::json(65536.0), nlohmann::json("65536"), nlohmann::json(nullptr)})
    CHECK(problem_of(with("memlimit", v)).arg("field") == "memlimit");
  CHECK(problem_of(without("memlimit")).arg("field") == "memlimit");
  CHECK(SealParams::from_json(with("memlimit", std::uint64_t{1} << 30)).ok());

  for (const auto& v : {nlohmann::json(""), nlohmann::json(to_base64(std::string(15, 's'))),
                        nlohmann::json(to_base64(std::string(17, 's'))), nlohmann::json("c3Nzc3Nzc3Nzc3Nzc3Nzcw"),
                        nlohmann::json("c3Nzc3Nzc3Nzc3Nzc3Nzcw==\n"), nlohmann::json(to_hex(kSalt)),
                        nlohmann::json(16)})
    CHECK(problem_of(with("salt", v)).arg("field") == "salt");
  CHECK(problem_of(without("salt")).arg("field") == "salt");

  const auto p = problem_of(with("salt", ""));
  CHECK(p.code == "crypto.bad_seal_params");
  CHECK(describe(p, Lang::En) == "The sealing parameters in the feed are not valid (field “salt”)");
}
