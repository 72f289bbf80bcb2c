// One villager's subsidy lookup at the kiosk: keypad entry, validation, the lookup on a worker, the result, the rate limit.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/problem.hpp"
#include "core/statement.hpp"
#include "kiosk/clock.hpp"
#include "kiosk/id_entry.hpp"
#include "kiosk/rate_limit.hpp"
#include "sync/person_lookup.hpp"

namespace sunlight::kiosk {

// The lookup screen's state machine. Every method is for the UI thread and never blocks on the
// lookup itself: submit() starts a worker thread, poll() (each frame) picks its answer up.
//
//   Entering ──submit: incomplete / bad check digit──> Invalid ──key──> Entering
//   Entering ──submit: valid──> Searching ──poll──> Found | NotFound | NotReady | Damaged
//   NotFound (the failure that fills the rate limit) ──> Paused ──pause over (poll)──> Entering
//   any ──wipe()──> Entering, with entry, result and statement wiped
//
// Keys are refused while Searching, Paused and Found (a result on screen: restart() first);
// in Invalid, NotFound, NotReady and Damaged the first key starts a new entry.
class LookupFlow {
 public:
  enum class State { Entering, Invalid, Searching, Found, NotFound, NotReady, Damaged, Paused };
  // Runs on a worker thread; must wipe `typed_id` (sync::lookup_person does). An exception it
  // throws is shown as Damaged.
  using LookupFn = std::function<sync::LookupResult(std::string& typed_id)>;

  explicit LookupFlow(LookupFn lookup, LookupRateLimit limit = LookupRateLimit{});
  LookupFlow(const LookupFlow&) = delete;
  LookupFlow& operator=(const LookupFlow&) = delete;
  ~LookupFlow();  // joins every worker still running (at most a lookup's time)

  // Keypad. Each returns false when the key was refused (see the class comment and IdEntry).
  bool press(char c, SteadyTime now);  // '0'..'9', 'X'
  bool backspace(SteadyTime now);
  bool clear(SteadyTime now);
  // 查询: validates, then starts the lookup. False when nothing started (already searching,
  // paused, or invalid — the last sets Invalid with the reason).
  bool submit(SteadyTime now);
  // Picks up a finished lookup and ends a pause that is over. Never blocks.
  void poll(SteadyTime now);
  // From a result page back to an empty keypad (再查一次); the result wiped.
  void restart();
  // Everything personal wiped: entry, result, statement; a lookup still running is abandoned
  // and its answer wiped when it arrives. The rate limit is kept: going home must not reset it.
  void wipe();

  [[nodiscard]] State state() const noexcept { return state_; }
  [[nodiscard]] const IdEntry& entry() const noexcept { return entry_; }
  // Invalid: why the typed number was refused (core codes id.*); InvalidId from the worker too.
  [[nodiscard]] const std::optional<core::Problem>& problem() const noexcept { return problem_; }
  // Found: the person's statement (already masked at the source).
  [[nodiscard]] const core::Statement* statement() const noexcept { return statement_ ? &*statement_ : nullptr; }
  // Found: the lookup tag that opened the record, for a complaint about one of its payments;
  // wiped with the statement.
  [[nodiscard]] const std::string& person_tag() const noexcept { return person_tag_; }
  [[nodiscard]] int pause_seconds_left(SteadyTime now) const noexcept { return limit_.remaining(now); }
  [[nodiscard]] const LookupRateLimit& rate_limit() const noexcept { return limit_; }
  // Workers started and not yet reaped (the current one and abandoned ones): for tests.
  [[nodiscard]] std::size_t workers() const noexcept { return jobs_.size(); }

 private:
  struct Slot;  // shared with one worker: its answer and a done flag
  struct Job {
    std::thread thread;
    std::shared_ptr<Slot> slot;
    std::uint64_t generation = 0;
  };

  bool accepts_keys(SteadyTime now);
  void drop_result() noexcept;
  void apply(sync::LookupResult& result, SteadyTime now);

  LookupFn lookup_;
  LookupRateLimit limit_;
  IdEntry entry_;
  State state_ = State::Entering;
  std::optional<core::Problem> problem_;
  std::optional<core::Statement> statement_;
  std::string person_tag_;
  std::uint64_t generation_ = 0;  // bumped by wipe(): answers from older workers are discarded
  std::vector<Job> jobs_;
};

[[nodiscard]] std::string_view state_word(LookupFlow::State state) noexcept;  // "entering", "found", …

}  // namespace sunlight::kiosk
