// Wiping personal text: sodium_memzero over each buffer, because a plain clear() leaves the bytes in freed memory.
#include "kiosk/wipe.hpp"

#include <sodium.h>

namespace sunlight::kiosk {

void wipe_string(std::string& s) noexcept {
  if (s.capacity() != 0) sodium_memzero(s.data(), s.capacity());
  s.clear();
}

void wipe_statement(core::Statement& st) noexcept {
  wipe_string(st.masked_id);
  wipe_string(st.masked_name);
  wipe_string(st.region_name);
  wipe_string(st.masked_address);
  for (auto& year : st.years) {
    year.year = 0;
    year.total = core::Money{};
    for (auto& programme : year.programmes) {
      wipe_string(programme.name);
      wipe_string(programme.department);
      programme.total = core::Money{};
      for (auto& line : programme.lines) {
        wipe_string(line.standard);
        line = core::Statement::Line{};
      }
      programme.lines.clear();
    }
    year.programmes.clear();
  }
  st.years.clear();
  st.total = core::Money{};
  st.payment_count = 0;
}

void wipe_problem(core::Problem& problem) noexcept {
  wipe_string(problem.code);
  for (auto& [name, value] : problem.args) {
    wipe_string(name);
    wipe_string(value);
  }
  problem.args.clear();
}

void wipe_result(sync::LookupResult& result) noexcept {
  if (result.statement) wipe_statement(*result.statement);
  result.statement.reset();
  wipe_string(result.person_tag);
  wipe_problem(result.problem);
  result.outcome = sync::LookupResult::Outcome::NotFound;
}

}  // namespace sunlight::kiosk
