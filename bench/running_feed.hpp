// A feed server in the benchmark's own process, on 127.0.0.1 and a free port, for as long as it lives.
#pragma once

#include <filesystem>
#include <string>
#include <thread>

#include <fmt/core.h>

#include "feed/server.hpp"

namespace sunlight::bench {

struct RunningFeed {
  feed::FeedServer server;
  int port;
  std::thread thread;
  explicit RunningFeed(const std::filesystem::path& data_dir, int threads = 8)
      : server(config(data_dir, threads)), port(server.bind()) {
    thread = std::thread([this] { server.run(); });
  }
  ~RunningFeed() {
    server.stop();
    thread.join();
  }
  RunningFeed(const RunningFeed&) = delete;
  RunningFeed& operator=(const RunningFeed&) = delete;
  static feed::FeedConfig config(const std::filesystem::path& data_dir, int threads) {
    feed::FeedConfig c;
    c.data_dir = data_dir;
    c.port = 0;
    c.threads = threads;
    return c;
  }
  [[nodiscard]] std::string url() const { return fmt::format("http://127.0.0.1:{}", port); }
};

}  // namespace sunlight::bench
