// Synthetic villagers: households of 1-6 people with names, valid resident IDs and entitlements.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "gen/model.hpp"

namespace sunlight::gen {

// Hands out the 3-digit sequence part of resident IDs (digits 15-17, odd for men, even for women)
// so that no two people share an ID. One per generation run; not thread-safe.
class IdAllocator {
 public:
  IdAllocator();
  // Throws std::runtime_error if 500 people of one sex were born on one day (never at our sizes).
  [[nodiscard]] std::array<char, 18> allocate(std::int32_t birth_days, bool male);
  // A valid ID for the given birthday that allocate() has not handed out and never will in this
  // run (it uses the last sequence slot): for a "no payments" sample.
  [[nodiscard]] static std::array<char, 18> unused_id(std::int32_t birth_days, bool male);

 private:
  std::int32_t base_days_;
  std::vector<std::uint16_t> used_;  // per (day, sex)
};

// Generates one village's people. `showcase` makes its first four households the ones the
// samples point at (see Showcase). Draws only from a sub-stream keyed by the village's code.
[[nodiscard]] VillagePeople generate_village(const Town& town, const Village& village, bool showcase,
                                             const Period& period, std::uint64_t seed, IdAllocator& ids);

}  // namespace sunlight::gen
