// libsodium start-up, encodings, random bytes, token hashes and the wiped buffer for secret keys.
#include "core/crypto.hpp"

#include <cstring>
#include <mutex>
#include <stdexcept>

#include <sodium.h>

namespace sunlight::core {
namespace {

const unsigned char* as_bytes(std::string_view s) noexcept {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

void crypto_init() {
  // A failed init is not remembered by call_once (the exception propagates), so the next call
  // tries again; sodium_init() itself is idempotent and returns 1 when already done.
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  });
}

std::string to_base64(std::span<const unsigned char> bytes) {
  crypto_init();
  constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
  // sodium_base64_ENCODED_LEN counts the terminating NUL, which the string then drops.
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), kVariant);
  out.pop_back();
  return out;
}

std::string to_base64(std::string_view bytes) { return to_base64(std::span{as_bytes(bytes), bytes.size()}); }

std::optional<std::string> from_base64(std::string_view text) {
  crypto_init();
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  // No ignore set and no end pointer: libsodium then refuses whitespace, trailing text, missing
  // padding and non-zero leftover bits, which is the strictness a key or signature deserves.
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  out.resize(length);
  return out;
}

std::string to_hex(std::span<const unsigned char> bytes) {
  crypto_init();
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

std::string to_hex(std::string_view bytes) { return to_hex(std::span{as_bytes(bytes), bytes.size()}); }

std::optional<std::string> from_hex(std::string_view text) {
  crypto_init();
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out(text.size() / 2, '\0');
  std::size_t length = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                     &length, nullptr) != 0 ||
      length != out.size())
    return std::nullopt;
  return out;
}

std::string random_bytes(std::size_t n) {
  crypto_init();
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

bool is_device_token_shape(std::string_view token) noexcept {
  if (token.size() != kDeviceTokenPrefix.size() + kDeviceTokenBytes * 2 || !token.starts_with(kDeviceTokenPrefix))
    return false;
  for (const char c : token.substr(kDeviceTokenPrefix.size()))
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string generic_hash_hex(std::string_view data) {
  crypto_init();
  unsigned char hash[32];
  static_assert(sizeof(hash) >= crypto_generichash_BYTES_MIN && sizeof(hash) <= crypto_generichash_BYTES_MAX);
  crypto_generichash(hash, sizeof(hash), as_bytes(data), data.size(), nullptr, 0);
  return to_hex(std::span<const unsigned char>{hash, sizeof(hash)});
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  // sodium_memcmp needs no sodium_init(), so this stays noexcept.
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

SecretBytes::SecretBytes(std::size_t size) : data_(size ? new unsigned char[size]() : nullptr), size_(size) {}

SecretBytes::SecretBytes(std::string_view bytes) : SecretBytes(bytes.size()) {
  if (!bytes.empty()) std::memcpy(data_, bytes.data(), bytes.size());
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept : data_(other.data_), size_(other.size_) {
  other.data_ = nullptr;
  other.size_ = 0;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    clear();
    data_ = other.data_;
    size_ = other.size_;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

SecretBytes::~SecretBytes() { clear(); }

std::string_view SecretBytes::view() const noexcept {
  return {reinterpret_cast<const char*>(data_), size_};
}

void SecretBytes::clear() noexcept {
  if (data_ != nullptr) {
    sodium_memzero(data_, size_);
    delete[] data_;
  }
  data_ = nullptr;
  size_ = 0;
}

}  // namespace sunlight::core
