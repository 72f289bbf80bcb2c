// A ready feed data dir for tests: the village-scale demo district imported and sealed at the
// minimum cost, with terminals and cadres enrolled. Built in a fresh temp dir per test case.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/signing.hpp"

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

}  // namespace sunlight::feed::testing
