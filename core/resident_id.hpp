// Resident identity numbers (公民身份号码, GB 11643-1999): validation, normalisation, masking.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/date.hpp"
#include "core/problem.hpp"

namespace sunlight::core {

enum class Sex { Female, Male };

// ISO 7064 MOD 11-2 check character for the first 17 digits: '0'..'9' or 'X'.
// Precondition: first17 is exactly 17 ASCII digits.
[[nodiscard]] char resident_id_check_digit(std::string_view first17) noexcept;

// A validated 18-character ID. Holds its digits in a fixed buffer that is wiped with
// sodium_memzero when destroyed (DESIGN invariant 7), so copies do not linger in freed heap.
// Plain value type; no shared state.
class ResidentId {
 public:
  // Normalises then validates. Normalising removes spaces (ASCII, U+3000) and hyphens, folds
  // full-width digits and 'Ｘ', upper-cases 'x', and upgrades a 15-digit legacy ID (inserting
  // "19" before the year and computing the check digit). Problems: id.empty; id.bad_length
  // (arg "length"); id.bad_char (args "char", "position" 1-based); id.x_not_last; id.bad_region
  // (no such province code); id.bad_birth_date (no such date, arg "date"); id.future_birth_date;
  // id.too_old (born before 1900); id.check_digit. Arg "input" is only ever the MASKED form, and
  // is left out where even that would give the number away (bad length, bad birth date).
  // `today` (Asia/Shanghai) bounds the birth date; the one-argument form uses today_shanghai().
  [[nodiscard]] static Parsed<ResidentId> parse(std::string_view text);
  [[nodiscard]] static Parsed<ResidentId> parse(std::string_view text, CivilDate today);

  ResidentId(const ResidentId&) = default;
  ResidentId& operator=(const ResidentId&) = default;
  ~ResidentId();

  [[nodiscard]] std::string_view digits() const noexcept { return {digits_.data(), digits_.size()}; }
  [[nodiscard]] std::string masked() const;  // "500112********123X": 6 shown, 8 masked, 4 shown
  [[nodiscard]] std::string_view region_prefix() const noexcept { return digits().substr(0, 6); }
  [[nodiscard]] CivilDate birth_date() const noexcept;
  [[nodiscard]] Sex sex() const noexcept;  // 17th digit: odd male, even female
  [[nodiscard]] int age_on(CivilDate day) const noexcept;

  friend bool operator==(const ResidentId& a, const ResidentId& b) noexcept { return a.digits_ == b.digits_; }

 private:
  ResidentId() = default;
  std::array<char, 18> digits_{};
};

}  // namespace sunlight::core
