// The sync tests' helpers: a terminal config pointing at a feed on 127.0.0.1, a port nobody listens on, waiting.
#pragma once

#include <filesystem>
#include <string>
#include <thread>

#include "../feed/feed_fixture.hpp"
#include "sync/config.hpp"

namespace sunlight::sync::testing {

using feed::testing::RunningFeed;

// A port nothing listens on (bound once and released): "the server is down".
[[nodiscard]] int unused_port();

// A kiosk (or display) config for the fixture's village, talking to `url`, keeping its replica in
// `data_dir`. Short intervals so the thread-driven tests run quickly.
[[nodiscard]] SyncConfig terminal_config(const feed::testing::FeedFixture& fixture, const std::string& url,
                                         const std::filesystem::path& data_dir, TerminalKind kind = TerminalKind::Kiosk);

// Polls `done` every 20 ms for up to `seconds`; true when it became true.
template <class F>
bool eventually(F&& done, double seconds = 10.0) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long>(seconds * 1000));
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

}  // namespace sunlight::sync::testing
