// Wiping personal text from memory (DESIGN invariant 7): strings and statements zeroed before they are freed.
#pragma once

#include <string>

#include "core/statement.hpp"
#include "sync/person_lookup.hpp"

namespace sunlight::kiosk {

// Zeroes the whole buffer (to its capacity, so a longer value once held there goes too), then
// empties the string. Safe on any thread for a string that thread owns.
void wipe_string(std::string& s) noexcept;
// Every text field of the statement wiped, every amount zeroed, then the statement emptied.
void wipe_statement(core::Statement& statement) noexcept;
// The code and every argument (a masked ID, a birth date) wiped; the problem left empty.
void wipe_problem(core::Problem& problem) noexcept;
// The statement (if any) and the problem's arguments wiped; the result left NotFound and empty.
void wipe_result(sync::LookupResult& result) noexcept;

}  // namespace sunlight::kiosk
