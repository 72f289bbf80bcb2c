// lookup_person: the one place a kiosk handles a resident ID in clear, for as short a time as possible.
#include "sync/person_lookup.hpp"

#include <sodium.h>

#include "core/crypto.hpp"
#include "core/resident_id.hpp"
#include "core/seal.hpp"
#include "sync/replica.hpp"

namespace sunlight::sync {
namespace {

// Wipes the caller's buffer on every path out, exceptions included.
class Wipe {
 public:
  explicit Wipe(std::string& s) : s_(s) {}
  ~Wipe() {
    // The whole capacity: a longer ID typed into the same buffer earlier may linger past size().
    if (s_.capacity() != 0) sodium_memzero(s_.data(), s_.capacity());
    s_.clear();
  }
  Wipe(const Wipe&) = delete;
  Wipe& operator=(const Wipe&) = delete;

 private:
  std::string& s_;
};

}  // namespace

LookupResult lookup_person(const std::filesystem::path& replica_path, std::string& typed_id) {
  Wipe wipe(typed_id);
  LookupResult result;
  auto id = core::ResidentId::parse(typed_id);  // ResidentId wipes its own digits when destroyed
  if (!id) {
    result.outcome = LookupResult::Outcome::InvalidId;
    result.problem = id.problem();
    return result;
  }

  std::optional<core::SealParams> params;
  std::optional<std::string> record;
  try {
    Replica replica(replica_path.string(), Replica::Options{Replica::Mode::ReadOnly, 0});
    const auto people = replica.stream_state(Stream::People);
    if (!people.bootstrapped) {
      result.outcome = LookupResult::Outcome::NotReady;
      return result;
    }
    auto parsed = core::SealParams::from_json(nlohmann::json::parse(people.seal));
    if (!parsed) {
      result.outcome = LookupResult::Outcome::NotReady;
      return result;
    }
    params = parsed.value();
    // Argon2id runs while no connection is open: a lookup never holds the replica for 0.1 s.
  } catch (const std::exception&) {
    result.outcome = LookupResult::Outcome::NotReady;
    return result;
  }

  const auto key = core::derive_person_key(id.value(), *params);
  const auto tag_hex = core::to_hex(key.tag);
  try {
    Replica replica(replica_path.string(), Replica::Options{Replica::Mode::ReadOnly, 0});
    record = replica.person_record(tag_hex);
  } catch (const std::exception&) {
    result.outcome = LookupResult::Outcome::NotReady;
    return result;
  }
  if (!record) {
    result.outcome = LookupResult::Outcome::NotFound;
    return result;
  }
  const auto opened = core::open_person_record(key, *record);  // key.key is SecretBytes: wiped when destroyed
  if (!opened || !opened->contains("statement")) {
    result.outcome = LookupResult::Outcome::Damaged;
    return result;
  }
  auto statement = core::statement_from_json(opened->at("statement"));
  if (!statement) {
    result.outcome = LookupResult::Outcome::Damaged;
    return result;
  }
  result.outcome = LookupResult::Outcome::Found;
  result.statement = std::move(statement).value();
  return result;
}

}  // namespace sunlight::sync
