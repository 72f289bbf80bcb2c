// Sealing person records (DESIGN "Sealed person records"): derive, seal, append to the people stream.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "core/seal.hpp"
#include "feed/store.hpp"

namespace sunlight::feed {

struct SealOptions {
  unsigned threads = 0;      // Argon2id workers; 0 = one per core
  std::size_t batch = 2000;  // persons per write transaction
  core::Timestamp now;
  std::function<void(std::size_t done, std::size_t total)> progress;
  const std::atomic<bool>* stop = nullptr;  // checked between batches
};

struct SealOutcome {
  std::size_t sealed = 0;   // records appended to the log
  std::size_t derived = 0;  // Argon2id derivations paid (the rest came from the cache)
};

// The deployment's seal parameters, stored by `init` in meta "seal_params". Throws StoreError
// when missing or damaged.
[[nodiscard]] core::SealParams load_seal_params(Store& store);
void save_seal_params(Store& store, const core::SealParams& params);

// Seals every person marked dirty by an import, in batches: Argon2id runs outside any
// transaction on `threads` workers (each derivation is cached in persons.key, so a person's next
// payment costs only the sealing); each batch commits its records, their log entries and the
// cleared marks together. A person marked again meanwhile stays dirty for the next pass. Safe to
// interrupt at any point: what committed is consistent, the rest is still marked. Runs on the
// calling thread with its own Store connection.
SealOutcome seal_pending(Store& store, const SealOptions& options);

// How many persons wait for sealing.
[[nodiscard]] std::size_t pending_persons(Store& store);

}  // namespace sunlight::feed
