// The resident ID a villager is typing on the kiosk's keypad: one fixed buffer, wiped after use.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>

#include "core/problem.hpp"

namespace sunlight::kiosk {

// Up to 18 characters: 17 digits, then a digit or X (GB 11643). The characters live only in
// this object's fixed buffer, which is wiped with sodium_memzero on clear(), take() and
// destruction (DESIGN invariant 7); grouped() and take() hand out the only copies. Not copyable
// or movable, so no second copy of the buffer can appear by accident. UI thread only.
class IdEntry {
 public:
  static constexpr std::size_t kLength = 18;

  IdEntry() = default;
  IdEntry(const IdEntry&) = delete;
  IdEntry& operator=(const IdEntry&) = delete;
  ~IdEntry();

  // Appends a digit, or X (x too) as the 18th character only. False when refused: a 19th
  // character, an X anywhere else, anything that is not a digit or X.
  bool push(char c) noexcept;
  void backspace() noexcept;
  void clear() noexcept;

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] bool complete() const noexcept { return size_ == kLength; }

  // The typed characters in 6-8-4 groups, as printed on the card: "500112 19900307 093X";
  // partial input the same way ("500112 1990"). For the screen only.
  [[nodiscard]] std::string grouped() const;
  // Why this is not a valid ID (core::ResidentId::parse: id.empty, id.bad_length,
  // id.check_digit, …), or nullopt when it is one.
  [[nodiscard]] std::optional<core::Problem> check() const;
  // The characters moved out for the lookup worker (which wipes them); this buffer wiped.
  [[nodiscard]] std::string take();

 private:
  std::array<char, kLength> chars_{};
  std::size_t size_ = 0;
};

}  // namespace sunlight::kiosk
