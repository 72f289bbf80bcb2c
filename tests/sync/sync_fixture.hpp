// A real feed server on 127.0.0.1 for the sync tests, and a terminal config pointing at it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "../feed/feed_fixture.hpp"
#include "feed/server.hpp"
#include "sync/config.hpp"

namespace sunlight::sync::testing {

// sunlight-feed serving a data dir, on an ephemeral port, in this process. stop() and start()
// again reuse the port when they can (a terminal's config names one), so a test can take the
// server away and bring it back.
class RunningFeed {
 public:
  explicit RunningFeed(std::filesystem::path data_dir, int port = 0);
  ~RunningFeed();
  RunningFeed(const RunningFeed&) = delete;
  RunningFeed& operator=(const RunningFeed&) = delete;

  void start();
  void stop();
  [[nodiscard]] int port() const noexcept { return port_; }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  std::filesystem::path data_dir_;
  int port_;
  std::unique_ptr<feed::FeedServer> server_;
  std::thread thread_;
};

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
