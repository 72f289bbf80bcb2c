// Tests for core/signing and the crypto.hpp plumbing under it: encodings, key text forms, sign and verify.
#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "core/crypto.hpp"
#include "core/i18n.hpp"
#include "core/signing.hpp"

using namespace sunlight::core;

namespace {

std::string all_bytes() {
  std::string s;
  for (int i = 0; i < 256; ++i) s.push_back(static_cast<char>(i));
  return s;
}

std::string flipped(std::string s, std::size_t at) {
  s[at] = static_cast<char>(s[at] ^ 0x01);
  return s;
}

}  // namespace

TEST_CASE("base64 round-trips and refuses anything not canonical", "[signing][crypto]") {
  CHECK(to_base64(std::string_view{}) == "");
  CHECK(to_base64("f") == "Zg==");
  CHECK(to_base64("fo") == "Zm8=");
  CHECK(to_base64("foo") == "Zm9v");
  CHECK(to_base64(std::string_view{"\xfb\xff", 2}) == "+/8=");  // standard alphabet, not URL-safe
  const std::vector<unsigned char> v{0xde, 0xad, 0xbe, 0xef};
  CHECK(to_base64(v) == "3q2+7w==");

  for (std::size_t n = 0; n <= 256; n += 1) {
    const auto bytes = all_bytes().substr(0, n);
    const auto back = from_base64(to_base64(bytes));
    REQUIRE(back);
    CHECK(*back == bytes);
  }
  CHECK(from_base64("") == std::string{});

  CHECK_FALSE(from_base64("Zg="));       // padding short
  CHECK_FALSE(from_base64("Zg"));        // padding missing
  CHECK_FALSE(from_base64("Zg==="));     // padding extra
  CHECK_FALSE(from_base64("Zm9v="));     // padding where none belongs
  CHECK_FALSE(from_base64("Zh=="));      // non-zero leftover bits: not the canonical form
  CHECK_FALSE(from_base64("Z"));         // a lone character
  CHECK_FALSE(from_base64("===="));
  CHECK_FALSE(from_base64("Zm9v\n"));    // no whitespace tolerance
  CHECK_FALSE(from_base64(" Zm9v"));
  CHECK_FALSE(from_base64("Zm 9v"));
  CHECK_FALSE(from_base64("Zm9v!"));
  CHECK_FALSE(from_base64("-_8="));      // URL-safe alphabet
  CHECK_FALSE(from_base64(std::string_view{"Zm9v\0", 5}));
  CHECK_FALSE(from_base64(std::string_view{"Zm\0v", 4}));
  CHECK_FALSE(from_base64("Zg==Zg=="));  // text after the padding
  CHECK_FALSE(from_base64("５ｇ=="));    // full-width look-alikes
}

TEST_CASE("hex round-trips, accepts either case in and refuses the rest", "[signing][crypto]") {
  CHECK(to_hex(std::string_view{"\x01\xab\xff", 3}) == "01abff");
  CHECK(to_hex(std::string_view{}) == "");
  const auto bytes = all_bytes();
  CHECK(from_hex(to_hex(bytes)) == bytes);
  CHECK(from_hex("01ABff") == std::string{"\x01\xab\xff", 3});
  CHECK(from_hex("") == std::string{});
  CHECK_FALSE(from_hex("abc"));   // odd length
  CHECK_FALSE(from_hex("0g"));
  CHECK_FALSE(from_hex("0x01"));
  CHECK_FALSE(from_hex("01 02"));
  CHECK_FALSE(from_hex("01\n"));
  CHECK_FALSE(from_hex(std::string_view{"0\0", 2}));
}

TEST_CASE("random bytes, token hashes and constant-time comparison", "[signing][crypto]") {
  CHECK(random_bytes(0).empty());
  const auto a = random_bytes(32), b = random_bytes(32);
  CHECK(a.size() == 32);
  CHECK(a != b);

  // BLAKE2b-256 of the empty string (RFC 7693 parameters, 32-byte output).
  CHECK(generic_hash_hex("") == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  CHECK(generic_hash_hex("abc").size() == 64);
  CHECK(generic_hash_hex("abc") == generic_hash_hex("abc"));
  CHECK(generic_hash_hex("abc") != generic_hash_hex("abd"));

  CHECK(constant_time_equal("", ""));
  CHECK(constant_time_equal("token", "token"));
  CHECK_FALSE(constant_time_equal("token", "tokeN"));
  CHECK_FALSE(constant_time_equal("token", "token2"));
  CHECK_FALSE(constant_time_equal("", "x"));
}

TEST_CASE("SecretBytes moves its buffer and empties the source", "[signing][crypto]") {
  SecretBytes a(std::string_view{"secret"});
  CHECK(a.view() == "secret");
  const unsigned char* buffer = a.data();
  SecretBytes b(std::move(a));
  CHECK(b.data() == buffer);  // handed over, not copied
  CHECK(a.empty());           // NOLINT: checking the moved-from state is the point
  SecretBytes c(4);
  CHECK(c.view() == std::string(4, '\0'));
  c = std::move(b);
  CHECK(c.view() == "secret");
  c.clear();
  CHECK(c.empty());
  CHECK(c.view().empty());
}

TEST_CASE("a public key's text form parses back to the same key", "[signing]") {
  const auto signer = SigningKey::generate();
  const auto key = signer.public_key();
  const auto text = key.to_text();
  CHECK(text.starts_with("ed25519:"));
  CHECK(text.size() == 8 + 44);

  const auto back = PublicKey::parse(text);
  REQUIRE(back.ok());
  CHECK(*back == key);
  CHECK(std::equal(back->bytes().begin(), back->bytes().end(), key.bytes().begin()));
  // Pasted into a config file with its surroundings.
  CHECK(PublicKey::parse("  " + text + "\n").ok());
  CHECK(PublicKey::parse("\t" + text + "\r\n").value() == key);
}

TEST_CASE("malformed public keys are refused with crypto.bad_public_key", "[signing]") {
  const auto text = SigningKey::generate().public_key().to_text();
  const auto b64 = text.substr(8);
  const std::vector<std::string> bad = {
      "",
      "   ",
      "ed25519:",
      b64,                                    // no prefix
      "ED25519:" + b64,                       // prefix is case-sensitive
      "ed25519-secret:" + b64,                // wrong prefix
      "x25519:" + b64,
      "ed25519: " + b64,                      // space inside
      text.substr(0, text.size() - 4),        // too short
      text + "AAAA",                          // too long
      "ed25519:" + to_base64(std::string(31, 'k')),
      "ed25519:" + to_base64(std::string(33, 'k')),
      "ed25519:" + std::string(44, '!'),
      "ed25519:" + std::string(43, 'A'),      // no padding
      "ed25519:" + to_base64(std::string(32, '\0')),  // small-order point: never a real key
      "garbage",
      std::string("ed25519:\0", 9) + b64,
  };
  for (const auto& input : bad) {
    INFO(input);
    const auto r = PublicKey::parse(input);
    REQUIRE_FALSE(r.ok());
    CHECK(r.problem().code == "crypto.bad_public_key");
  }
  CHECK(describe(PublicKey::parse("x").problem(), Lang::En).starts_with("The public key is not valid"));
  CHECK(describe(PublicKey::parse("x").problem()).starts_with("公钥无效"));
}

TEST_CASE("sign and verify round trip; any change fails", "[signing]") {
  const auto signer = SigningKey::generate();
  const auto key = signer.public_key();
  const std::string message = R"({"scope":"500112","after":41,"changes":[]})";
  const auto signature = signer.sign(message);
  REQUIRE(signature.size() == 64);
  CHECK(key.verify(message, signature));
  CHECK(signer.sign(message) == signature);  // Ed25519 is deterministic
  CHECK(key.verify("", signer.sign("")));

  for (std::size_t i = 0; i < message.size(); ++i) CHECK_FALSE(key.verify(flipped(message, i), signature));
  for (std::size_t i = 0; i < signature.size(); ++i) CHECK_FALSE(key.verify(message, flipped(signature, i)));
  CHECK_FALSE(key.verify(message + " ", signature));
  CHECK_FALSE(key.verify(message.substr(1), signature));
  CHECK_FALSE(key.verify(message, signature.substr(0, 63)));
  CHECK_FALSE(key.verify(message, signature + '\0'));
  CHECK_FALSE(key.verify(message, ""));
  CHECK_FALSE(key.verify(message, std::string(64, '\0')));
  CHECK_FALSE(SigningKey::generate().public_key().verify(message, signature));  // wrong key
}

TEST_CASE("base64 signatures verify; malformed ones are simply false", "[signing]") {
  const auto signer = SigningKey::generate();
  const auto key = signer.public_key();
  const std::string message = "seq 1..40";
  const auto sig = signer.sign_base64(message);
  CHECK(sig == to_base64(signer.sign(message)));
  CHECK(sig.size() == 88);
  CHECK(verify_base64(key, message, sig));
  CHECK_FALSE(verify_base64(key, "seq 1..41", sig));
  CHECK_FALSE(verify_base64(SigningKey::generate().public_key(), message, sig));
  CHECK_FALSE(verify_base64(key, message, ""));
  CHECK_FALSE(verify_base64(key, message, sig.substr(0, 84)));       // valid base64, 63 bytes
  CHECK_FALSE(verify_base64(key, message, sig.substr(0, sig.size() - 1)));
  CHECK_FALSE(verify_base64(key, message, sig + "\n"));
  CHECK_FALSE(verify_base64(key, message, "not base64 at all"));
  std::string altered = sig;
  altered[10] = altered[10] == 'A' ? 'B' : 'A';
  CHECK_FALSE(verify_base64(key, message, altered));
}

TEST_CASE("a signing key's text form round-trips and refuses damage", "[signing]") {
  const auto signer = SigningKey::generate();
  const auto text = signer.to_text();
  CHECK(text.starts_with("ed25519-secret:"));
  CHECK(text.size() == 15 + 88);
  const auto back = SigningKey::parse(text + "\n");
  REQUIRE(back.ok());
  CHECK(back->public_key() == signer.public_key());
  CHECK(back->to_text() == text);
  CHECK(signer.public_key().verify("m", back->sign("m")));
  CHECK(SigningKey::generate().public_key() != signer.public_key());

  const auto b64 = text.substr(15);
  auto raw = *from_base64(b64);
  const std::vector<std::string> bad = {
      "",
      b64,
      "ed25519:" + b64,
      signer.public_key().to_text(),
      "ed25519-secret:" + b64.substr(0, 44),
      "ed25519-secret:" + b64 + "AAAA",
      "ed25519-secret:" + b64.substr(0, b64.size() - 1),
      "ed25519-secret:" + to_base64(flipped(raw, 3)),   // seed no longer matches its public half
      "ed25519-secret:" + to_base64(flipped(raw, 40)),  // public half altered
      "ed25519-secret:" + std::string(88, '*'),
  };
  for (const auto& input : bad) {
    const auto r = SigningKey::parse(input);
    REQUIRE_FALSE(r.ok());
    CHECK(r.problem().code == "crypto.bad_secret_key");
    CHECK(r.problem().args.empty());  // the input is the secret; it never goes into a message
  }
}

TEST_CASE("one key signs and verifies from several threads at once", "[signing]") {
  const auto signer = SigningKey::generate();
  const auto key = signer.public_key();
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (std::size_t t = 0; t < ok.size(); ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const auto message = std::to_string(t) + ":" + std::to_string(i);
        if (verify_base64(key, message, signer.sign_base64(message))) ++ok[t];
      }
    });
  for (auto& th : threads) th.join();
  for (const int n : ok) CHECK(n == 50);
}
