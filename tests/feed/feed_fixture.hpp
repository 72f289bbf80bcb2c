// A ready feed data dir for tests: the village-scale demo district imported and sealed at the
// minimum cost, with terminals and cadres enrolled. Built in a fresh temp dir per test case.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/signing.hpp"
#include "feed/server.hpp"

namespace sunlight::feed::testing {

struct FeedFixture {
  FeedFixture();
  ~FeedFixture();
  FeedFixture(const FeedFixture&) = delete;
  FeedFixture& operator=(const FeedFixture&) = delete;

  std::filesystem::path dir;         // the data dir (store, signing.key)
  std::filesystem::path import_dir;  // the five generated CSVs
  std::string district, town, village, group;  // codes
  std::string kiosk_token;        // a kiosk enrolled for the village
  std::string other_village;      // a sibling of `village`
  std::string other_kiosk_token;  // a kiosk enrolled for it
  std::string display_token;      // a display for the town
  std::string cadre = "lijun", cadre_password = "correct horse 7";  // village cadre of `village`
  std::string town_admin = "wangfang", town_admin_password = "battery staple 9";
  std::vector<std::string> sample_ids;  // generator samples; the last has no payments
  std::string public_key;               // "ed25519:…"
};

// sunlight-feed serving a data dir on 127.0.0.1, in this process. stop() and start() again reuse
// the port (a terminal's config names one), so a test can take the server away and bring it back.
class RunningFeed {
 public:
  explicit RunningFeed(std::filesystem::path data_dir, int port = 0, std::size_t max_body_bytes = 1 << 20);
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
  std::size_t max_body_bytes_;
  std::unique_ptr<FeedServer> server_;
  std::thread thread_;
};

}  // namespace sunlight::feed::testing

