// Resident ID rules (GB 11643-1999). Being completed: only the check digit is here so far.
#include "core/resident_id.hpp"

namespace sunlight::core {

char resident_id_check_digit(std::string_view first17) noexcept {
  // ISO 7064 MOD 11-2: weights 2^(17-i) mod 11.
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

}  // namespace sunlight::core
