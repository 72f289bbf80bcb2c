// A villager's lookup at the kiosk: typed ID → validated → Argon2id → tag → the sealed record opened, with every secret wiped.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/problem.hpp"
#include "core/statement.hpp"

namespace sunlight::sync {

struct LookupResult {
  enum class Outcome {
    Found,       // statement holds the person's payments
    NotFound,    // nothing paid to this ID in this kiosk's scope (or a typo that still passes the check)
    InvalidId,   // problem says why (id.check_digit, id.bad_length, …), before any Argon2id is spent
    NotReady,    // the kiosk has no person records yet (first sync not done, or token refused)
    Damaged,     // a record that does not open or parse: never partial data
  };
  Outcome outcome = Outcome::NotFound;
  std::optional<core::Statement> statement;
  core::Problem problem;  // for InvalidId; masked input only (core::ResidentId::parse)
  // Found: the lookup tag (64 lowercase hex) that named the record — how a complaint about one of
  // these payments names the person to the server (docs/complaints.md), never by the ID.
  std::string person_tag;
};

// Looks up one person in the replica at `replica_path`, with the seal parameters the people
// stream delivered. `typed_id` is wiped with sodium_memzero before this returns, whatever the
// outcome; so are the normalised ID and the derived key. Nothing here writes the ID anywhere.
// Opens its own read-only connection: call it from a worker thread (at production cost it takes
// about 0.1–0.2 s and 64 MiB), never from the frame.
[[nodiscard]] LookupResult lookup_person(const std::filesystem::path& replica_path, std::string& typed_id);

}  // namespace sunlight::sync
