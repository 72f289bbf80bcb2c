// `sunlight-data lookup`: what the kiosk will show for one resident ID, from import files.
#pragma once

#include <string>
#include <vector>

namespace sunlight::gen {

// args are what follows "lookup": DIR RESIDENT_ID [--lang zh-CN|en]. Prints the masked
// statement. Returns 0 when payments were found, 1 for an invalid ID or none found, 2 on a
// usage error or unreadable files.
int lookup_command(const std::vector<std::string>& args);

}  // namespace sunlight::gen
