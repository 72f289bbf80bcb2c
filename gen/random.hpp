// The generator's own PRNG and integer helpers, so the same seed gives the same bytes on any platform.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace sunlight::gen {

// splitmix64: turns any 64-bit value into a well-mixed one. Used to seed and to derive
// independent sub-streams (per town, per village) from the user's seed.
[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  state += 0x9E3779B97F4A7C15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// A stable seed for a named sub-stream: the same (seed, a, b) always gives the same stream, and
// adding a town or a programme elsewhere does not shift anyone else's numbers.
[[nodiscard]] constexpr std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0) noexcept {
  std::uint64_t s = seed ^ 0x5A17C0DE5A17C0DEULL;
  std::uint64_t x = splitmix64(s) ^ a;
  x = splitmix64(x) ^ b;
  return splitmix64(x);
}

// FNV-1a of a text, to key sub-streams by region code.
[[nodiscard]] constexpr std::uint64_t text_key(std::string_view s) noexcept {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

// xoshiro256** (Blackman & Vigna). Every distribution below is integer-only and written here:
// std::uniform_int_distribution and friends are implementation-defined, and floating point would
// make output depend on the compiler. Plain value type; one per thread.
class Rng {
 public:
  explicit constexpr Rng(std::uint64_t seed) noexcept {
    for (auto& word : s_) word = splitmix64(seed);
  }

  constexpr std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n); n > 0. Rejection keeps it unbiased.
  constexpr std::uint64_t below(std::uint64_t n) noexcept {
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    for (;;) {
      const std::uint64_t r = next();
      if (r >= threshold) return r % n;
    }
  }

  // Uniform in [lo, hi], both inclusive; lo <= hi.
  constexpr std::int64_t range(std::int64_t lo, std::int64_t hi) noexcept {
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<std::int64_t>(below(span));
  }
  constexpr int range_int(int lo, int hi) noexcept { return static_cast<int>(range(lo, hi)); }

  // True with probability num/den.
  constexpr bool chance(std::uint64_t num, std::uint64_t den) noexcept { return below(den) < num; }

  // An index chosen with the given integer weights (not all zero).
  std::size_t weighted(std::span<const std::uint32_t> weights) noexcept {
    std::uint64_t total = 0;
    for (const auto w : weights) total += w;
    std::uint64_t r = below(total);
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return weights.size() - 1;
  }

  // An index into a container of `size` elements.
  constexpr std::size_t index(std::size_t size) noexcept { return static_cast<std::size_t>(below(size)); }

  template <class T>
  const T& pick(std::span<const T> items) noexcept {
    return items[index(items.size())];
  }

  template <class T>
  void shuffle(std::span<T> items) noexcept {
    for (std::size_t i = items.size(); i > 1; --i) {
      const std::size_t j = index(i);
      std::swap(items[i - 1], items[j]);
    }
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

// Picks by precomputed cumulative weights in O(log n): for the long surname and name lists.
class WeightedTable {
 public:
  explicit WeightedTable(std::span<const std::uint32_t> weights) {
    cumulative_.reserve(weights.size());
    std::uint64_t total = 0;
    for (const auto w : weights) cumulative_.push_back(total += w);
  }
  [[nodiscard]] std::size_t pick(Rng& rng) const noexcept {
    const std::uint64_t r = rng.below(cumulative_.back());
    const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), r);
    return static_cast<std::size_t>(it - cumulative_.begin());
  }

 private:
  std::vector<std::uint64_t> cumulative_;
};

}  // namespace sunlight::gen
