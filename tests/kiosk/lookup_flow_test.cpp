// Tests for kiosk/lookup_flow: every state and transition, the worker, the rate limit, wiping.
#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <stdexcept>

#include "kiosk/lookup_flow.hpp"
#include "kiosk_test_support.hpp"

using namespace kiosk_test;
using sunlight::kiosk::LookupFlow;
using State = LookupFlow::State;
using Outcome = sync::LookupResult::Outcome;

TEST_CASE("a valid ID is looked up on a worker and the statement shown", "[kiosk][lookup_flow]") {
  std::atomic<int> calls{0};
  std::string seen;
  LookupFlow flow([&](std::string& typed) {
    ++calls;
    seen = typed;
    return found_result();
  });
  CHECK(flow.state() == State::Entering);
  type(flow, valid_id(), kT0);
  CHECK(flow.entry().grouped() == "500112 19900307 093" + valid_id().substr(17));
  REQUIRE(flow.submit(kT0));
  CHECK(flow.state() == State::Searching);
  CHECK(flow.entry().empty());  // handed to the worker, wiped here
  settle(flow, kT0);
  REQUIRE(flow.state() == State::Found);
  CHECK(calls == 1);
  CHECK(seen == valid_id());
  REQUIRE(flow.statement());
  CHECK(flow.statement()->masked_name == "肖*启");
  CHECK(flow.workers() == 0);
  // A result on screen takes no keys until 再查一次.
  CHECK_FALSE(flow.press('1', kT0));
  CHECK_FALSE(flow.submit(kT0));
  flow.restart();
  CHECK(flow.state() == State::Entering);
  CHECK_FALSE(flow.statement());
  CHECK(flow.press('1', kT0));
}

TEST_CASE("incomplete and mistyped numbers are refused before any lookup, and do not count", "[kiosk][lookup_flow]") {
  std::atomic<int> calls{0};
  LookupFlow flow([&](std::string&) {
    ++calls;
    return outcome(Outcome::NotFound);
  });
  CHECK_FALSE(flow.submit(kT0));  // nothing typed
  CHECK(flow.state() == State::Invalid);
  REQUIRE(flow.problem());
  CHECK(flow.problem()->code == "id.empty");

  type(flow, "50011219", kT0);
  CHECK(flow.state() == State::Entering);  // a key clears the message, keeps the digits
  CHECK_FALSE(flow.submit(kT0));
  CHECK(flow.problem()->code == "id.bad_length");
  CHECK(flow.entry().size() == 8);

  flow.clear(kT0);
  for (int i = 0; i < 10; ++i) {
    type(flow, wrong_check_id(), kT0);
    CHECK_FALSE(flow.submit(kT0));
    CHECK(flow.state() == State::Invalid);
    CHECK(flow.problem()->code == "id.check_digit");
    CHECK(flow.entry().size() == 18);  // still there to correct the last character
    flow.clear(kT0);
  }
  CHECK(calls == 0);
  CHECK(flow.rate_limit().recent_failures(kT0) == 0);
}

TEST_CASE("the invalid number can be corrected with backspace", "[kiosk][lookup_flow]") {
  LookupFlow flow(answering(found_result()));
  type(flow, wrong_check_id(), kT0);
  flow.submit(kT0);
  REQUIRE(flow.state() == State::Invalid);
  CHECK(flow.backspace(kT0));
  CHECK(flow.state() == State::Entering);
  CHECK_FALSE(flow.problem());
  flow.press(valid_id().back(), kT0);
  CHECK(flow.submit(kT0));
  settle(flow, kT0);
  CHECK(flow.state() == State::Found);
}

TEST_CASE("not found, not ready and damaged each have their state and a key starts over", "[kiosk][lookup_flow]") {
  for (const auto& [result, expected] : {std::pair{Outcome::NotFound, State::NotFound},
                                        std::pair{Outcome::NotReady, State::NotReady},
                                        std::pair{Outcome::Damaged, State::Damaged}}) {
    LookupFlow flow(answering(outcome(result)));
    type(flow, valid_id(), kT0);
    REQUIRE(flow.submit(kT0));
    settle(flow, kT0);
    CHECK(flow.state() == expected);
    CHECK_FALSE(flow.statement());
    CHECK(flow.rate_limit().recent_failures(kT0) == (expected == State::NotFound ? 1 : 0));
    CHECK(flow.press('5', kT0));
    CHECK(flow.state() == State::Entering);
    CHECK(flow.entry().grouped() == "5");
  }
}

TEST_CASE("a Found answer without a statement is Damaged, not an empty page", "[kiosk][lookup_flow]") {
  LookupFlow flow(answering(outcome(Outcome::Found)));
  type(flow, valid_id(), kT0);
  flow.submit(kT0);
  settle(flow, kT0);
  CHECK(flow.state() == State::Damaged);
}

TEST_CASE("a lookup that throws shows Damaged and never crashes the kiosk", "[kiosk][lookup_flow]") {
  LookupFlow flow([](std::string&) -> sync::LookupResult { throw std::runtime_error("disk on fire"); });
  type(flow, valid_id(), kT0);
  REQUIRE(flow.submit(kT0));
  settle(flow, kT0);
  CHECK(flow.state() == State::Damaged);
}

TEST_CASE("InvalidId from the worker shows the reason, without the input", "[kiosk][lookup_flow]") {
  sync::LookupResult r;
  r.outcome = Outcome::InvalidId;
  r.problem = core::Problem{"id.check_digit", {{"input", "500112********0934"}}};
  LookupFlow flow(answering(r));
  type(flow, valid_id(), kT0);
  flow.submit(kT0);
  settle(flow, kT0);
  CHECK(flow.state() == State::Invalid);
  REQUIRE(flow.problem());
  CHECK(flow.problem()->code == "id.check_digit");
  CHECK(flow.problem()->args.empty());
}

TEST_CASE("while searching, keys and 查询 do nothing and only one lookup runs", "[kiosk][lookup_flow]") {
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<int> calls{0};
  LookupFlow flow([&, released](std::string&) {
    ++calls;
    released.wait();
    return found_result();
  });
  type(flow, valid_id(), kT0);
  REQUIRE(flow.submit(kT0));
  for (int i = 0; i < 5; ++i) {
    CHECK_FALSE(flow.submit(kT0));
    CHECK_FALSE(flow.press('1', kT0));
    CHECK_FALSE(flow.backspace(kT0));
    CHECK_FALSE(flow.clear(kT0));
    flow.poll(kT0);  // never blocks
    CHECK(flow.state() == State::Searching);
  }
  release.set_value();
  settle(flow, kT0);
  CHECK(flow.state() == State::Found);
  CHECK(calls == 1);
}

TEST_CASE("wipe() while searching discards the late answer", "[kiosk][lookup_flow]") {
  std::promise<void> release;
  auto released = release.get_future().share();
  LookupFlow flow([released](std::string&) {
    released.wait();
    return found_result();
  });
  type(flow, valid_id(), kT0);
  REQUIRE(flow.submit(kT0));
  flow.wipe();
  CHECK(flow.state() == State::Entering);
  release.set_value();
  for (int i = 0; i < 300 && flow.workers() > 0; ++i) {
    std::this_thread::sleep_for(10ms);
    flow.poll(kT0);
  }
  CHECK(flow.workers() == 0);
  CHECK(flow.state() == State::Entering);
  CHECK_FALSE(flow.statement());
}

TEST_CASE("a new lookup may start while an abandoned one is still running", "[kiosk][lookup_flow]") {
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<int> calls{0};
  const std::string first17 = "11010519491231002";
  const std::string other_id = first17 + core::resident_id_check_digit(first17);
  LookupFlow flow([&, released](std::string& typed) {
    ++calls;
    if (typed == valid_id()) released.wait();  // the first one hangs until released
    return outcome(Outcome::NotReady);
  });
  type(flow, valid_id(), kT0);
  REQUIRE(flow.submit(kT0));
  flow.wipe();
  type(flow, other_id, kT0);
  REQUIRE(flow.submit(kT0));
  settle(flow, kT0);
  CHECK(flow.state() == State::NotReady);
  CHECK(flow.workers() == 1);  // the abandoned one, joined by the destructor
  release.set_value();
}

TEST_CASE("the destructor waits for a slow lookup instead of leaving it running", "[kiosk][lookup_flow]") {
  std::atomic<bool> finished{false};
  {
    LookupFlow flow([&](std::string&) {
      std::this_thread::sleep_for(100ms);
      finished = true;
      return found_result();
    });
    type(flow, valid_id(), kT0);
    flow.submit(kT0);
  }
  CHECK(finished);
}

TEST_CASE("the fifth not-found within two minutes pauses the keypad for 60 s", "[kiosk][lookup_flow]") {
  LookupFlow flow(answering(outcome(Outcome::NotFound)));
  auto now = kT0;
  for (int i = 0; i < 4; ++i) {
    type(flow, valid_id(), now);
    REQUIRE(flow.submit(now));
    settle(flow, now);
    CHECK(flow.state() == State::NotFound);
    now += 10s;
  }
  // Invalid numbers in between change nothing.
  type(flow, wrong_check_id(), now);
  flow.submit(now);
  flow.clear(now);
  type(flow, valid_id(), now);
  REQUIRE(flow.submit(now));
  settle(flow, now);
  CHECK(flow.state() == State::Paused);
  CHECK(flow.pause_seconds_left(now) == 60);
  CHECK_FALSE(flow.press('1', now + 30s));
  CHECK_FALSE(flow.submit(now + 30s));
  CHECK(flow.state() == State::Paused);
  // Going home does not lift the pause.
  flow.wipe();
  CHECK(flow.state() == State::Paused);
  flow.poll(now + 59s);
  CHECK(flow.state() == State::Paused);
  CHECK(flow.pause_seconds_left(now + 59s) == 1);
  flow.poll(now + 60s);
  CHECK(flow.state() == State::Entering);
  CHECK(flow.press('1', now + 60s));
}

TEST_CASE("wipe() empties entry, result and statement", "[kiosk][lookup_flow]") {
  LookupFlow flow(answering(found_result()));
  type(flow, valid_id(), kT0);
  flow.submit(kT0);
  settle(flow, kT0);
  REQUIRE(flow.statement());
  flow.wipe();
  CHECK(flow.state() == State::Entering);
  CHECK_FALSE(flow.statement());
  type(flow, "5001", kT0);
  flow.wipe();
  CHECK(flow.entry().empty());
}
