// libsodium plumbing shared by signing and sealing: start-up, encodings, random bytes, hashes, wiped buffers.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sunlight::core {

// Every function in crypto.hpp, signing.hpp and seal.hpp may be called from several threads at
// once: libsodium is thread-safe once initialised, and initialisation happens exactly once.

// Calls sodium_init() once per process (std::call_once); throws std::runtime_error if libsodium
// cannot start (no entropy source). Every function below calls it, so callers need not.
void crypto_init();

// Standard alphabet, padded (RFC 4648 §4): the form in config files and HTTP headers.
[[nodiscard]] std::string to_base64(std::span<const unsigned char> bytes);
[[nodiscard]] std::string to_base64(std::string_view bytes);
// The raw bytes, or nullopt for anything that is not canonical padded base64: a character
// outside the alphabet (whitespace included), missing or extra '=', non-zero trailing bits.
// "" decodes to "", so every to_base64 output round-trips; callers check the length they need.
[[nodiscard]] std::optional<std::string> from_base64(std::string_view text);

// Lowercase out; either case in. nullopt for an odd length or a non-hex character.
[[nodiscard]] std::string to_hex(std::span<const unsigned char> bytes);
[[nodiscard]] std::string to_hex(std::string_view bytes);
[[nodiscard]] std::optional<std::string> from_hex(std::string_view text);

// n bytes from the operating system's CSPRNG (randombytes_buf).
[[nodiscard]] std::string random_bytes(std::size_t n);

// A terminal's device token: "slt_" + 64 lowercase hex (32 random bytes), as `sunlight-feed
// terminal enroll` makes it and a kiosk's or display's config holds it.
inline constexpr std::string_view kDeviceTokenPrefix = "slt_";
inline constexpr std::size_t kDeviceTokenBytes = 32;
// Whether `token` has that shape: the server checks it before any lookup, a terminal before it
// starts with a mistyped token.
[[nodiscard]] bool is_device_token_shape(std::string_view token) noexcept;

// BLAKE2b-256 of data as 64 lowercase hex characters. For storing device and session tokens:
// a leaked database then holds no usable token, and the tokens are random, so no salt is needed.
[[nodiscard]] std::string generic_hash_hex(std::string_view data);

// Compares in time that depends only on the length, so a token check leaks no prefix.
// Different lengths are simply unequal (lengths are not secret here).
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

// Secret key material on the heap, wiped with sodium_memzero when destroyed or overwritten.
// Move-only, and moving hands over the buffer rather than copying it, so no stray copy of a key
// is left in freed memory (std::string's small-buffer moves would leave one). Not sodium_malloc:
// its guard pages cost several pages and syscalls per key, and the server caches many keys.
// Plain value type; no shared state.
class SecretBytes {
 public:
  SecretBytes() noexcept = default;
  explicit SecretBytes(std::size_t size);       // zero-filled
  explicit SecretBytes(std::string_view bytes);  // a copy; wiping the source is the caller's job
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes();

  [[nodiscard]] unsigned char* data() noexcept { return data_; }
  [[nodiscard]] const unsigned char* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::span<const unsigned char> bytes() const noexcept { return {data_, size_}; }
  [[nodiscard]] std::string_view view() const noexcept;

  // Wipes and frees now; empty afterwards.
  void clear() noexcept;

 private:
  unsigned char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace sunlight::core
