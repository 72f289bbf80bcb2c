// Regions for the cadre console: the picker's list and the names of scopes.
#include "feed/regions.hpp"

#include <SQLiteCpp/Statement.h>

namespace sunlight::feed {

std::vector<RegionChoice> regions_for(SQLite::Database& db, const User& user) {
  // Codes nest by prefix and are all digits: the region and everything below is [S, S + ":").
  SQLite::Statement q(db, "SELECT code, name, level, parent_code FROM regions "
                          "WHERE code >= ? AND code < ? AND level <> 'group' ORDER BY code");
  q.bind(1, user.region_code);
  q.bind(2, user.region_code + ":");
  std::vector<RegionChoice> out;
  while (q.executeStep()) {
    RegionChoice r{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                   q.getColumn(3).getString(), false};
    r.writable = may_write(user, r.code);
    out.push_back(std::move(r));
  }
  return out;
}

std::map<std::string, std::string, std::less<>> region_names(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT code, name FROM regions");
  std::map<std::string, std::string, std::less<>> out;
  while (q.executeStep()) out.emplace(q.getColumn(0).getString(), q.getColumn(1).getString());
  return out;
}

}  // namespace sunlight::feed
