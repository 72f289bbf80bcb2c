// The lookup flow: validation before any lookup, one worker at a time, answers tagged by generation so a wiped lookup stays wiped.
#include "kiosk/lookup_flow.hpp"

#include <atomic>
#include <exception>
#include <mutex>

#include "kiosk/wipe.hpp"

namespace sunlight::kiosk {

struct LookupFlow::Slot {
  std::mutex mutex;
  std::atomic<bool> done{false};
  sync::LookupResult result;  // under mutex until done
};

LookupFlow::LookupFlow(LookupFn lookup, LookupRateLimit limit) : lookup_(std::move(lookup)), limit_(limit) {}

LookupFlow::~LookupFlow() {
  for (auto& job : jobs_) {
    if (job.thread.joinable()) job.thread.join();
    const std::lock_guard lock(job.slot->mutex);
    wipe_result(job.slot->result);
  }
  drop_result();
}

bool LookupFlow::accepts_keys(SteadyTime now) {
  poll(now);
  switch (state_) {
    case State::Searching:
    case State::Paused:
    case State::Found:
      return false;
    case State::Invalid:
      // The typed number stays so it can be corrected; only the message goes.
      drop_result();
      state_ = State::Entering;
      return true;
    case State::NotFound:
    case State::NotReady:
    case State::Damaged:
      drop_result();
      state_ = State::Entering;
      return true;
    case State::Entering:
      return true;
  }
  return false;
}

bool LookupFlow::press(char c, SteadyTime now) { return accepts_keys(now) && entry_.push(c); }

bool LookupFlow::backspace(SteadyTime now) {
  if (!accepts_keys(now) || entry_.empty()) return false;
  entry_.backspace();
  return true;
}

bool LookupFlow::clear(SteadyTime now) {
  if (!accepts_keys(now)) return false;
  entry_.clear();
  return true;
}

bool LookupFlow::submit(SteadyTime now) {
  poll(now);
  if (state_ == State::Searching || state_ == State::Paused || state_ == State::Found) return false;
  if (state_ != State::Entering && state_ != State::Invalid) drop_result();
  if (auto problem = entry_.check()) {
    // Refused before any lookup, and not a failure: a typo must not count toward the pause.
    if (problem_) wipe_problem(*problem_);
    problem_ = std::move(problem);
    state_ = State::Invalid;
    return false;
  }
  drop_result();
  auto slot = std::make_shared<Slot>();
  std::string typed = entry_.take();
  Job job;
  job.slot = slot;
  job.generation = generation_;
  job.thread = std::thread([lookup = lookup_, slot, typed = std::move(typed)]() mutable {
    sync::LookupResult result;
    try {
      result = lookup(typed);
    } catch (...) {
      result = sync::LookupResult{};
      result.outcome = sync::LookupResult::Outcome::Damaged;
    }
    wipe_string(typed);  // whatever the function did with it
    const std::lock_guard lock(slot->mutex);
    slot->result = std::move(result);
    slot->done = true;
  });
  jobs_.push_back(std::move(job));
  state_ = State::Searching;
  return true;
}

void LookupFlow::poll(SteadyTime now) {
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    if (!it->slot->done) {
      ++it;
      continue;
    }
    it->thread.join();  // done is set last: the thread is finishing, not waiting
    sync::LookupResult result;
    {
      const std::lock_guard lock(it->slot->mutex);
      result = std::move(it->slot->result);
      wipe_result(it->slot->result);
    }
    if (it->generation == generation_ && state_ == State::Searching) apply(result, now);
    wipe_result(result);
    it = jobs_.erase(it);
  }
  if (state_ == State::Paused && !limit_.paused(now)) state_ = State::Entering;
}

void LookupFlow::apply(sync::LookupResult& result, SteadyTime now) {
  using Outcome = sync::LookupResult::Outcome;
  switch (result.outcome) {
    case Outcome::Found:
      if (result.statement) {
        statement_ = std::move(result.statement);
        result.statement.reset();
        person_tag_ = result.person_tag;
        state_ = State::Found;
      } else {
        state_ = State::Damaged;  // "found" with nothing to show is not an answer
      }
      return;
    case Outcome::NotFound:
      state_ = limit_.record_failure(now) ? State::Paused : State::NotFound;
      return;
    case Outcome::InvalidId:
      problem_ = core::Problem{result.problem.code};  // the code only: its args hold the masked input
      state_ = State::Invalid;
      return;
    case Outcome::NotReady:
      state_ = State::NotReady;
      return;
    case Outcome::Damaged:
      state_ = State::Damaged;
      return;
  }
  state_ = State::Damaged;
}

void LookupFlow::drop_result() noexcept {
  if (statement_) wipe_statement(*statement_);
  statement_.reset();
  wipe_string(person_tag_);
  if (problem_) wipe_problem(*problem_);
  problem_.reset();
}

void LookupFlow::restart() {
  if (state_ == State::Searching || state_ == State::Paused) return;
  drop_result();
  entry_.clear();
  state_ = State::Entering;
}

void LookupFlow::wipe() {
  ++generation_;
  entry_.clear();
  drop_result();
  // A pause outlives a wipe (going home must not reset the limit); poll() ends it on time.
  if (state_ != State::Paused) state_ = State::Entering;
}

std::string_view state_word(LookupFlow::State state) noexcept {
  switch (state) {
    case LookupFlow::State::Entering: return "entering";
    case LookupFlow::State::Invalid: return "invalid";
    case LookupFlow::State::Searching: return "searching";
    case LookupFlow::State::Found: return "found";
    case LookupFlow::State::NotFound: return "not_found";
    case LookupFlow::State::NotReady: return "not_ready";
    case LookupFlow::State::Damaged: return "damaged";
    case LookupFlow::State::Paused: return "paused";
  }
  return "entering";
}

}  // namespace sunlight::kiosk
