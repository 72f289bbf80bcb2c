// Sealed person records (DESIGN "Sealed person records"): Argon2id keys from resident IDs, XChaCha20-Poly1305 boxes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/problem.hpp"
#include "core/resident_id.hpp"

// The server seals each beneficiary's payments under a key derived from their resident ID; a
// kiosk derives the same key from the ID a villager types and opens only that record. Stealing
// a kiosk's replica therefore yields nothing without paying the Argon2id cost per guessed ID.
// Every function here is safe to call from several threads at once (see crypto.hpp).
namespace sunlight::core {

inline constexpr std::size_t kSealSaltBytes = 16;  // crypto_pwhash_SALTBYTES

// Argon2id v1.3 cost and per-deployment salt. They travel in the feed, so server and terminals
// always derive with the same values. Plain value type.
struct SealParams {
  std::uint64_t opslimit = 0;
  std::uint64_t memlimit_bytes = 0;
  std::string salt;  // kSealSaltBytes raw bytes

  // The cheapest cost libsodium allows (1 pass, 8 KiB): for tests and the demo only.
  [[nodiscard]] static SealParams minimum(std::string salt);
  // 3 passes over 64 MiB: about 0.1 s per derivation on the 2-core build machine (bench_seal),
  // so a slower kiosk CPU still answers a lookup in well under a second, and the server's one
  // derivation per beneficiary stays affordable at district scale.
  [[nodiscard]] static SealParams production(std::string salt);

  // {"alg":"argon2id13","opslimit":N,"memlimit":N,"salt":"<base64>"}
  [[nodiscard]] nlohmann::json to_json() const;
  // Refuses, with crypto.bad_seal_params and arg "field" ("params", "alg", "opslimit",
  // "memlimit" or "salt"): a non-object, another algorithm, opslimit outside [1, 16], memlimit
  // outside [8 KiB, 1 GiB], a salt that is not base64 of 16 bytes. Unknown keys are ignored.
  [[nodiscard]] static Parsed<SealParams> from_json(const nlohmann::json& json);

  friend bool operator==(const SealParams&, const SealParams&) = default;
};

// What Argon2id gives for one person. Move-only, because the key is.
struct PersonKey {
  std::string tag;  // 32 raw bytes: the public lookup tag, the record's name in the replica
  SecretBytes key;  // 32 raw bytes: opens that record
};

// Argon2id over the 18-character normalised ID (ResidentId::digits()) → 64 bytes: first 32 the
// tag, last 32 the key; the 64 bytes are wiped. Throws std::invalid_argument when the ID is not
// 18 characters of digits with an optional final 'X' (an unnormalised ID would derive a key that
// silently matches nothing) or the params are out of the ranges from_json accepts, and
// std::runtime_error when Argon2id fails (out of memory).
[[nodiscard]] PersonKey derive_person_key(std::string_view normalized_resident_id, const SealParams& params);
[[nodiscard]] PersonKey derive_person_key(const ResidentId& id, const SealParams& params);

// XChaCha20-Poly1305-IETF with a random 24-byte nonce and the tag as associated data, which
// binds the box to its tag: moving it under another tag makes it fail to open. Returns raw bytes
// nonce || ciphertext || 16-byte MAC. Throws std::invalid_argument for a key that is not 32 bytes.
[[nodiscard]] std::string seal_record(const PersonKey& key, std::string_view plaintext);

// The plaintext, or nullopt when the input is too short, altered anywhere, or was sealed for
// another person. Throws std::invalid_argument for a key that is not 32 bytes.
[[nodiscard]] std::optional<std::string> open_record(const PersonKey& key, std::string_view sealed);

// Opens a person entry's `record` as it travels in the feed (docs/feed-protocol.md §6.3): base64
// of a sealed gzip stream of the sunlight-person/1 JSON. The JSON object, or nullopt when the
// record is not base64, altered, sealed for someone else, does not decompress (capped at 16 MiB)
// or is not that format: a kiosk then shows an error, never partial data.
[[nodiscard]] std::optional<nlohmann::json> open_person_record(const PersonKey& key, std::string_view record_base64);

}  // namespace sunlight::core
