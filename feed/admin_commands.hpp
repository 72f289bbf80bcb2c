// `sunlight-feed user …` and `sunlight-feed terminal …`: the administrator's command line for accounts and terminals.
#pragma once

#include <iosfwd>
#include <span>
#include <string>

namespace sunlight::feed {

// `args` are what follows "user" / "terminal" on the command line. Reads a password from `in`
// (user add only: the first line, or typed twice without echo when `in` is std::cin on a
// terminal; never from argv). Writes results on `out`, errors as one line on `err`.
// Returns 0 on success or --help, 1 when the store or the domain refuses (no store yet, unknown
// user, bad field …), 2 for a usage error. Each command's writes commit in one transaction.
// The audit actor is "cli:" + $USER. Call from the main thread; it opens its own Store.
//
//   user add --data-dir DIR --role ROLE --region CODE [--name DISPLAY_NAME] [--password-cost minimum] USERNAME
//   user list --data-dir DIR
//   user disable --data-dir DIR USERNAME
//   user unlock --data-dir DIR USERNAME     (0 also when the name was not locked)
int run_user_command(std::span<const std::string> args, std::istream& in, std::ostream& out, std::ostream& err);

//   terminal enroll --data-dir DIR --kind kiosk|display --scope CODE NAME
//   terminal list --data-dir DIR [--stale-after SECONDS] [--offline-after SECONDS]
//   terminal revoke --data-dir DIR ID
int run_terminal_command(std::span<const std::string> args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace sunlight::feed
