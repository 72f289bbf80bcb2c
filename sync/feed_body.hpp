// A feed response as a terminal accepts it: signature first, then the body's shape, then its sequence rules.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/signing.hpp"

namespace sunlight::sync {

enum class Stream { Public, People };
[[nodiscard]] std::string_view stream_word(Stream stream) noexcept;  // "public" / "people"

// One entry of a body (docs/feed-protocol.md §5.2).
struct FeedEntry {
  std::int64_t seq = 0;
  std::string kind;
  std::string key;
  std::string op;
  std::string region;
  std::string at;
  nlohmann::json data;
};

// A verified and checked body (§5.1). `after`, `next`, `head`, `more` belong to changes;
// `as_of` to snapshots; `seal` to the people stream.
struct FeedBody {
  bool snapshot = false;
  Stream stream = Stream::Public;
  std::string scope;
  std::string log_id;  // "" from a server that does not publish one
  std::int64_t after = 0;
  std::int64_t next = 0;
  std::int64_t head = 0;
  std::int64_t as_of = 0;
  bool more = false;
  std::optional<nlohmann::json> seal;
  std::vector<FeedEntry> entries;

  // The cursor to store once this body is applied: `as_of` or `next`.
  [[nodiscard]] std::int64_t cursor() const noexcept { return snapshot ? as_of : next; }
};

// Why a response was refused. what() is one English line for the status and heartbeat.
class BodyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What the terminal asked for, which the signed body must repeat (§5.6: a signed body for another
// URL must not be accepted in place of this one).
struct Expected {
  bool snapshot = false;
  Stream stream = Stream::Public;
  std::string scope;
  std::int64_t after = 0;  // changes only
};

// Verifies `signature_base64` over the exact `bytes` with the pinned key, then parses and checks
// everything §5.5 lists: format, type, stream, scope, after; entries with seq strictly
// increasing, above `after` and not above `head`; next ≥ after; next = the last seq when more is
// true; a snapshot's entries not above as_of; the people stream's seal present. Throws BodyError
// naming the first fault; nothing of a refused body is returned.
[[nodiscard]] FeedBody accept_body(const core::PublicKey& key, std::string_view bytes, std::string_view signature_base64,
                                   const Expected& expected);

}  // namespace sunlight::sync
