// lookup_person: the one place a kiosk handles a resident ID in clear, for as short a time as possible.
#include "sync/person_lookup.hpp"

#include <SQLiteCpp/Transaction.h>
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

  // The seal parameters are read, Argon2id runs with no connection open (a lookup never holds
  // the replica for 0.1 s), then the record is read together with the parameters again: if the
  // people stream was re-bootstrapped with new parameters meanwhile, derive once more.
  std::string seal;
  std::optional<core::PersonKey> key;
  std::optional<std::string> record;
  bool settled = false;
  for (int attempt = 0; attempt < 3 && !settled; ++attempt) {
    try {
      if (seal.empty()) {
        Replica replica(replica_path.string(), Replica::Options{Replica::Mode::ReadOnly, 0});
        const auto people = replica.stream_state(Stream::People);
        if (!people.bootstrapped) {
          result.outcome = LookupResult::Outcome::NotReady;
          return result;
        }
        seal = people.seal;
      }
      auto params = core::SealParams::from_json(nlohmann::json::parse(seal));
      if (!params) {
        result.outcome = LookupResult::Outcome::NotReady;
        return result;
      }
      key = core::derive_person_key(id.value(), params.value());
      Replica replica(replica_path.string(), Replica::Options{Replica::Mode::ReadOnly, 0});
      SQLite::Transaction read(replica.db());  // one snapshot of the file for both reads
      const auto now = replica.stream_state(Stream::People).seal;
      if (now != seal) {
        seal = now;
        continue;
      }
      record = replica.person_record(core::to_hex(key->tag));
      settled = true;
    } catch (const std::exception&) {
      result.outcome = LookupResult::Outcome::NotReady;
      return result;
    }
  }
  if (!settled || !key) {  // the parameters kept changing under us: a re-bootstrap is under way
    result.outcome = LookupResult::Outcome::NotReady;
    return result;
  }
  if (!record) {
    result.outcome = LookupResult::Outcome::NotFound;
    return result;
  }
  const auto opened = core::open_person_record(*key, *record);  // key.key is SecretBytes: wiped when destroyed
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
  result.person_tag = core::to_hex(key->tag);
  return result;
}

}  // namespace sunlight::sync
