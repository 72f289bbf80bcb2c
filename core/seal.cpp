// Argon2id person keys and XChaCha20-Poly1305 sealed records (libsodium crypto_pwhash and crypto_aead).
#include "core/seal.hpp"

#include <stdexcept>

#include <sodium.h>

#include "core/gzip.hpp"

namespace sunlight::core {
namespace {

constexpr std::string_view kAlg = "argon2id13";
constexpr std::uint64_t kMaxOpslimit = 16;
constexpr std::uint64_t kMaxMemlimit = std::uint64_t{1} << 30;
constexpr std::size_t kTagBytes = 32;
constexpr std::size_t kKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kMacBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

static_assert(kSealSaltBytes == crypto_pwhash_SALTBYTES);
static_assert(kKeyBytes == 32 && kNonceBytes == 24 && kMacBytes == 16);

// The production cost; see SealParams::production and bench_seal for the measurement.
constexpr std::uint64_t kProductionOpslimit = 3;
constexpr std::uint64_t kProductionMemlimit = std::uint64_t{64} << 20;

const unsigned char* as_bytes(std::string_view s) noexcept {
  return reinterpret_cast<const unsigned char*>(s.data());
}

bool opslimit_ok(std::uint64_t v) noexcept { return v >= crypto_pwhash_argon2id_OPSLIMIT_MIN && v <= kMaxOpslimit; }
bool memlimit_ok(std::uint64_t v) noexcept { return v >= crypto_pwhash_argon2id_MEMLIMIT_MIN && v <= kMaxMemlimit; }

Problem bad_field(const char* field) { return Problem{"crypto.bad_seal_params", {{"field", field}}}; }

// A non-negative JSON integer; floats, booleans, strings and negatives are not.
std::optional<std::uint64_t> as_count(const nlohmann::json& v) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(v.get<std::int64_t>());
  return std::nullopt;
}

bool is_normalised_id(std::string_view id) noexcept {
  if (id.size() != 18) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    if (!((c >= '0' && c <= '9') || (i == 17 && c == 'X'))) return false;
  }
  return true;
}

void require_key(const PersonKey& key) {
  if (key.key.size() != kKeyBytes) throw std::invalid_argument("PersonKey has no 32-byte key");
}

}  // namespace

SealParams SealParams::minimum(std::string salt) {
  return SealParams{crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN, std::move(salt)};
}

SealParams SealParams::production(std::string salt) {
  return SealParams{kProductionOpslimit, kProductionMemlimit, std::move(salt)};
}

nlohmann::json SealParams::to_json() const {
  return nlohmann::json{{"alg", kAlg}, {"opslimit", opslimit}, {"memlimit", memlimit_bytes}, {"salt", to_base64(salt)}};
}

Parsed<SealParams> SealParams::from_json(const nlohmann::json& json) {
  if (!json.is_object()) return bad_field("params");
  const auto alg = json.find("alg");
  if (alg == json.end() || !alg->is_string() || alg->get_ref<const std::string&>() != kAlg) return bad_field("alg");
  SealParams params;
  const auto ops = json.find("opslimit");
  const auto ops_value = ops == json.end() ? std::nullopt : as_count(*ops);
  if (!ops_value || !opslimit_ok(*ops_value)) return bad_field("opslimit");
  params.opslimit = *ops_value;
  const auto mem = json.find("memlimit");
  const auto mem_value = mem == json.end() ? std::nullopt : as_count(*mem);
  if (!mem_value || !memlimit_ok(*mem_value)) return bad_field("memlimit");
  params.memlimit_bytes = *mem_value;
  const auto salt = json.find("salt");
  if (salt == json.end() || !salt->is_string()) return bad_field("salt");
  auto raw = from_base64(salt->get_ref<const std::string&>());
  if (!raw || raw->size() != kSealSaltBytes) return bad_field("salt");
  params.salt = std::move(*raw);
  return params;
}

PersonKey derive_person_key(std::string_view normalized_resident_id, const SealParams& params) {
  crypto_init();
  if (!is_normalised_id(normalized_resident_id))
    throw std::invalid_argument("derive_person_key needs an 18-character normalised resident ID");
  if (!opslimit_ok(params.opslimit) || !memlimit_ok(params.memlimit_bytes) || params.salt.size() != kSealSaltBytes)
    throw std::invalid_argument("derive_person_key: seal parameters out of range");
  SecretBytes out(kTagBytes + kKeyBytes);
  if (crypto_pwhash(out.data(), out.size(), normalized_resident_id.data(), normalized_resident_id.size(),
                    as_bytes(params.salt), params.opslimit, static_cast<std::size_t>(params.memlimit_bytes),
                    crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("Argon2id failed (out of memory?)");
  return PersonKey{std::string(out.view().substr(0, kTagBytes)), SecretBytes(out.view().substr(kTagBytes))};
}

PersonKey derive_person_key(const ResidentId& id, const SealParams& params) {
  return derive_person_key(id.digits(), params);
}

std::string seal_record(const PersonKey& key, std::string_view plaintext) {
  crypto_init();
  require_key(key);
  std::string sealed(kNonceBytes + plaintext.size() + kMacBytes, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(sealed.data());
  // 24-byte random nonces never repeat in practice, so a key may seal any number of records.
  randombytes_buf(nonce, kNonceBytes);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonceBytes, &length, as_bytes(plaintext), plaintext.size(),
                                             as_bytes(key.tag), key.tag.size(), nullptr, nonce, key.key.data());
  sealed.resize(kNonceBytes + static_cast<std::size_t>(length));
  return sealed;
}

std::optional<std::string> open_record(const PersonKey& key, std::string_view sealed) {
  crypto_init();
  require_key(key);
  if (sealed.size() < kNonceBytes + kMacBytes) return std::nullopt;
  const auto* nonce = as_bytes(sealed);
  const std::size_t cipher_size = sealed.size() - kNonceBytes;
  std::string plain(cipher_size - kMacBytes, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &length, nullptr,
                                                 nonce + kNonceBytes, cipher_size, as_bytes(key.tag), key.tag.size(),
                                                 nonce, key.key.data()) != 0)
    return std::nullopt;
  plain.resize(static_cast<std::size_t>(length));
  return plain;
}

std::optional<nlohmann::json> open_person_record(const PersonKey& key, std::string_view record_base64) {
  const auto sealed = from_base64(record_base64);
  if (!sealed) return std::nullopt;
  auto compressed = open_record(key, *sealed);
  if (!compressed) return std::nullopt;
  try {
    auto json = nlohmann::json::parse(gzip_decompress(*compressed, std::size_t{16} << 20));
    sodium_memzero(compressed->data(), compressed->size());
    if (!json.is_object() || json.value("format", "") != "sunlight-person/1") return std::nullopt;
    return json;
  } catch (const std::exception&) {
    sodium_memzero(compressed->data(), compressed->size());
    return std::nullopt;
  }
}

}  // namespace sunlight::core
