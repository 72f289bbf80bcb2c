// Ed25519 keys in text form, detached signatures and their verification (libsodium crypto_sign).
#include "core/signing.hpp"

#include <algorithm>
#include <stdexcept>

#include <sodium.h>

#include "core/text.hpp"

namespace sunlight::core {
namespace {

constexpr std::string_view kPublicPrefix = "ed25519:";
constexpr std::string_view kSecretPrefix = "ed25519-secret:";

static_assert(crypto_sign_PUBLICKEYBYTES == 32);
static_assert(crypto_sign_SECRETKEYBYTES == 64);
static_assert(crypto_sign_BYTES == 64);

const unsigned char* as_bytes(std::string_view s) noexcept {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// Decodes base64 straight into wiped memory, so the secret key never sits in a std::string.
// Empty on any invalid input.
SecretBytes secret_from_base64(std::string_view text) {
  SecretBytes out(text.size() / 4 * 3 + 3);
  std::size_t length = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return {};
  SecretBytes exact(out.view().substr(0, length));
  return exact;
}

}  // namespace

const unsigned char* SigningKey::secret() const {
  // Only a moved-from key lacks its bytes; signing with it must not read a null pointer.
  if (secret_.size() != crypto_sign_SECRETKEYBYTES) throw std::logic_error("SigningKey used after being moved from");
  return secret_.data();
}

Parsed<PublicKey> PublicKey::parse(std::string_view text) {
  crypto_init();
  const Problem bad{"crypto.bad_public_key"};
  text = text::trim(text);
  if (!text.starts_with(kPublicPrefix)) return bad;
  const auto raw = from_base64(text.substr(kPublicPrefix.size()));
  if (!raw || raw->size() != crypto_sign_PUBLICKEYBYTES) return bad;
  // Refuses small-order and non-canonical encodings, which no honest key generator produces and
  // which would make verification meaningless or always fail.
  if (crypto_core_ed25519_is_valid_point(as_bytes(*raw)) != 1) return bad;
  PublicKey key;
  std::copy(raw->begin(), raw->end(), reinterpret_cast<char*>(key.bytes_.data()));
  return key;
}

std::string PublicKey::to_text() const { return std::string(kPublicPrefix) + to_base64(std::span{bytes_}); }

bool PublicKey::verify(std::string_view message, std::string_view signature_bytes) const {
  crypto_init();
  if (signature_bytes.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(as_bytes(signature_bytes), as_bytes(message), message.size(), bytes_.data()) == 0;
}

SigningKey SigningKey::generate() {
  crypto_init();
  SigningKey key;
  key.secret_ = SecretBytes(crypto_sign_SECRETKEYBYTES);
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_keypair(public_key, key.secret_.data());
  return key;
}

Parsed<SigningKey> SigningKey::parse(std::string_view text) {
  crypto_init();
  const Problem bad{"crypto.bad_secret_key"};
  text = text::trim(text);
  if (!text.starts_with(kSecretPrefix)) return bad;
  SecretBytes raw = secret_from_base64(text.substr(kSecretPrefix.size()));
  if (raw.size() != crypto_sign_SECRETKEYBYTES) return bad;
  // libsodium's secret key is seed || public key; recompute the public half from the seed.
  SecretBytes again(crypto_sign_SECRETKEYBYTES);
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_seed_keypair(public_key, again.data(), raw.data());
  if (sodium_memcmp(public_key, raw.data() + crypto_sign_SEEDBYTES, sizeof(public_key)) != 0) return bad;
  SigningKey key;
  key.secret_ = std::move(raw);
  return key;
}

std::string SigningKey::to_text() const {
  return std::string(kSecretPrefix) + to_base64(std::span{secret(), crypto_sign_SECRETKEYBYTES});
}

PublicKey SigningKey::public_key() const {
  crypto_init();
  PublicKey key;
  crypto_sign_ed25519_sk_to_pk(key.bytes_.data(), secret());
  return key;
}

std::string SigningKey::sign(std::string_view message) const {
  crypto_init();
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr, as_bytes(message), message.size(),
                       secret());
  return signature;
}

std::string SigningKey::sign_base64(std::string_view message) const { return to_base64(sign(message)); }

bool verify_base64(const PublicKey& key, std::string_view message, std::string_view signature_base64) {
  const auto signature = from_base64(signature_base64);
  return signature && key.verify(message, *signature);
}

}  // namespace sunlight::core
