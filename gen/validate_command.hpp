// `sunlight-data validate`: checks import files exactly as the importer will, for administrators.
#pragma once

#include <string>
#include <vector>

namespace sunlight::gen {

// args are what follows "validate". Prints every bad row (stdout) and a summary per file.
// Returns 0 when all files are clean, 1 when any row is bad, 2 on a usage error.
int validate_command(const std::vector<std::string>& args);

}  // namespace sunlight::gen
