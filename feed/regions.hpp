// The region tree as the cadre console sees it: which regions a user may pick, and their names.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "feed/users.hpp"

namespace sunlight::feed {

// Functions here only read, on the connection they are given, one thread at a time.

struct RegionChoice {
  std::string code;
  std::string name;    // 龙兴镇, 柏树村
  std::string level;   // "district", "town" or "village"
  std::string parent;  // "" for the district
  bool writable = false;  // may_write(user, code)
};

// The user's region and every region below it except groups, by code.
[[nodiscard]] std::vector<RegionChoice> regions_for(SQLite::Database& db, const User& user);

// Every region's name by code (groups included): for naming terminals' scopes.
[[nodiscard]] std::map<std::string, std::string, std::less<>> region_names(SQLite::Database& db);

}  // namespace sunlight::feed
