// The feed's HTTP server (`sunlight-feed serve`): routes, signing, caching, metrics, background work.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "feed/config.hpp"

namespace sunlight::feed {

// One running server. Construct it (opens the store, loads the signing key), bind(), then run()
// blocks on the calling thread until stop() is called from another thread or a signal handler
// thread. Also runs two background threads: one watches the log's head (writes from the command
// line land in the same store), one seals person records an import left pending.
class FeedServer {
 public:
  explicit FeedServer(FeedConfig config);
  ~FeedServer();
  FeedServer(const FeedServer&) = delete;
  FeedServer& operator=(const FeedServer&) = delete;

  // Binds the listening socket; returns the port (useful with port 0). Throws on failure.
  int bind();
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sunlight::feed
