// When each town pays each programme (its batch days), and which current-year funds are held up.
#pragma once

#include <array>
#include <cstdint>

#include "gen/model.hpp"
#include "gen/random.hpp"

namespace sunlight::gen {

// A current-year fund that a town has not paid although its batch day has passed, so the big
// screen has something to flag. Its payments are computed but not written.
enum class Hold : std::uint8_t {
  None,
  AwaitingAllocation,    // planned and approved, never allocated (资金拨付 missing)
  AwaitingDisbursement,  // allocated, never paid out (资金发放 missing)
};

// Not thread-safe; one per town.
class TownSchedule {
 public:
  TownSchedule(const Town& town, const Period& period, std::uint64_t seed);

  // The batch day of a Monthly/Quarterly/PerTerm programme in `month` (1-12) of year index
  // `yi`, or kNever when it does not pay that month.
  [[nodiscard]] std::int32_t batch(Programme p, int yi, unsigned month) const noexcept {
    return batch_[index_of(p)][static_cast<std::size_t>(yi)][month - 1];
  }
  // The one batch day of a Yearly programme.
  [[nodiscard]] std::int32_t yearly(Programme p, int yi) const noexcept {
    return yearly_[index_of(p)][static_cast<std::size_t>(yi)];
  }
  [[nodiscard]] Hold hold(Programme p, int yi) const noexcept { return hold_[index_of(p)][static_cast<std::size_t>(yi)]; }

  // A random working day inside a OneOff programme's window in year index `yi`.
  [[nodiscard]] std::int32_t one_off_day(Programme p, int yi, Rng& rng) const;

  // Saturdays and Sundays move to the Monday after: nobody pays out at weekends.
  [[nodiscard]] static std::int32_t working_day(std::int32_t days) noexcept;

 private:
  const Period& period_;
  std::array<std::array<std::array<std::int32_t, 12>, kYears>, kProgrammeCount> batch_{};
  std::array<std::array<std::int32_t, kYears>, kProgrammeCount> yearly_{};
  std::array<std::array<Hold, kYears>, kProgrammeCount> hold_{};
};

}  // namespace sunlight::gen
