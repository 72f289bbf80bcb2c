// Ed25519 signatures on feed responses: the server signs, terminals verify against a pinned key.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "core/crypto.hpp"
#include "core/problem.hpp"

namespace sunlight::core {

// A verifying key. Text form "ed25519:" + base64 of the 32 bytes (44 characters): what
// `sunlight-feed init` prints and what a terminal pins in its config (DESIGN invariant 3).
// Plain value type; const methods are safe from any number of threads.
class PublicKey {
 public:
  // Trims surrounding whitespace (a key pasted into a config file often brings some), then
  // requires the prefix, canonical base64 of exactly 32 bytes, and a point of the curve's main
  // subgroup, so a mistyped key is refused at start-up rather than failing every verification.
  // Problem: crypto.bad_public_key (no args).
  [[nodiscard]] static Parsed<PublicKey> parse(std::string_view text);

  [[nodiscard]] std::string to_text() const;

  // True only for a valid 64-byte detached signature of exactly `message` by this key.
  [[nodiscard]] bool verify(std::string_view message, std::string_view signature_bytes) const;

  [[nodiscard]] std::span<const unsigned char, 32> bytes() const noexcept { return bytes_; }

  friend bool operator==(const PublicKey&, const PublicKey&) = default;

 private:
  friend class SigningKey;
  PublicKey() = default;
  std::array<unsigned char, 32> bytes_{};
};

// The server's signing key. Text form "ed25519-secret:" + base64 of libsodium's 64-byte secret
// key (seed then public key), kept in a 0600 file. The bytes live in SecretBytes, so the key is
// move-only; share one between threads by const reference or pointer.
class SigningKey {
 public:
  [[nodiscard]] static SigningKey generate();

  // Trims surrounding whitespace, requires the prefix and 64 bytes whose second half is the
  // public key of the first (which catches a truncated or hand-edited file). Problem:
  // crypto.bad_secret_key, never with the input in it: the input is the secret.
  [[nodiscard]] static Parsed<SigningKey> parse(std::string_view text);

  // The secret in text form, for writing the key file. Callers should not keep or log it.
  [[nodiscard]] std::string to_text() const;
  [[nodiscard]] PublicKey public_key() const;

  // 64 raw bytes (Ed25519 is deterministic: the same message always gives the same signature).
  [[nodiscard]] std::string sign(std::string_view message) const;
  // The same, as padded base64, for a response header.
  [[nodiscard]] std::string sign_base64(std::string_view message) const;

 private:
  SigningKey() = default;
  [[nodiscard]] const unsigned char* secret() const;  // throws std::logic_error when moved from
  SecretBytes secret_;
};

// Verifies a base64 signature; false for any malformed signature (bad base64, wrong length)
// as for a wrong one, since a terminal treats both the same: refuse and keep the last good state.
[[nodiscard]] bool verify_base64(const PublicKey& key, std::string_view message, std::string_view signature_base64);

}  // namespace sunlight::core
