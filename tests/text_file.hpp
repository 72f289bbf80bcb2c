// Whole files as strings, for tests that write configs and scripts and read back dumps.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace sunlight::testing {

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::filesystem::path write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
  return p;
}

}  // namespace sunlight::testing
