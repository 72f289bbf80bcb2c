// The typed resident ID: keypad rules (X only last), 6-8-4 grouping, validation through core, wiping.
#include "kiosk/id_entry.hpp"

#include <sodium.h>

#include "core/resident_id.hpp"

namespace sunlight::kiosk {

IdEntry::~IdEntry() { clear(); }

bool IdEntry::push(char c) noexcept {
  if (size_ >= kLength) return false;
  if (c == 'x') c = 'X';
  const bool digit = c >= '0' && c <= '9';
  if (!digit && !(c == 'X' && size_ == kLength - 1)) return false;
  chars_[size_++] = c;
  return true;
}

void IdEntry::backspace() noexcept {
  if (size_ == 0) return;
  chars_[--size_] = '\0';
}

void IdEntry::clear() noexcept {
  sodium_memzero(chars_.data(), chars_.size());
  size_ = 0;
}

std::string IdEntry::grouped() const {
  std::string out;
  out.reserve(kLength + 2);
  for (std::size_t i = 0; i < size_; ++i) {
    if (i == 6 || i == 14) out += ' ';
    out += chars_[i];
  }
  return out;
}

std::optional<core::Problem> IdEntry::check() const {
  // The parsed ResidentId wipes its own digits when this temporary goes.
  const auto parsed = core::ResidentId::parse(std::string_view(chars_.data(), size_));
  if (parsed) return std::nullopt;
  return parsed.problem();
}

std::string IdEntry::take() {
  // Reserved past the small-string buffer, so the heap block the worker wipes is the only copy.
  std::string out;
  out.reserve(32);
  out.assign(chars_.data(), size_);
  clear();
  return out;
}

}  // namespace sunlight::kiosk
