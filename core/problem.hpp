// Why an input was refused: a stable code plus named values, rendered in zh-CN or English at the edge.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace sunlight::core {

// A refusal reason. `code` is a key of the i18n catalogs (assets/i18n/*.json), e.g.
// "money.too_many_decimals"; `args` fill the message's {placeholders}. Tests compare codes,
// people read describe(problem, lang) (i18n.hpp). Plain value type; safe to copy across threads.
struct Problem {
  std::string code;
  std::vector<std::pair<std::string, std::string>> args;

  Problem() = default;
  explicit Problem(std::string c, std::vector<std::pair<std::string, std::string>> a = {})
      : code(std::move(c)), args(std::move(a)) {}

  // The value of a named argument, or "" when absent.
  [[nodiscard]] std::string arg(std::string_view name) const;
  bool operator==(const Problem&) const = default;
};

// Thrown inside a component when a Problem must unwind; what() is the zh-CN rendering.
class ProblemError : public std::runtime_error {
 public:
  explicit ProblemError(Problem problem);
  [[nodiscard]] const Problem& problem() const noexcept { return problem_; }

 private:
  Problem problem_;
};

// Either a parsed value or the Problem that prevented it. Used on hot validation paths where
// throwing per bad row would be costly, and where the caller wants every reason, not the first.
template <class T>
class Parsed {
 public:
  Parsed(T value) : state_(std::move(value)) {}           // NOLINT: implicit by design
  Parsed(Problem problem) : state_(std::move(problem)) {} // NOLINT: implicit by design

  [[nodiscard]] bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  // The value; throws ProblemError when this holds a Problem.
  [[nodiscard]] const T& value() const& {
    if (!ok()) throw ProblemError(std::get<1>(state_));
    return std::get<0>(state_);
  }
  [[nodiscard]] T&& value() && {
    if (!ok()) throw ProblemError(std::get<1>(state_));
    return std::get<0>(std::move(state_));
  }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  // The Problem; only meaningful when !ok().
  [[nodiscard]] const Problem& problem() const {
    static const Problem none{"ok"};
    return ok() ? none : std::get<1>(state_);
  }

 private:
  std::variant<T, Problem> state_;
};

}  // namespace sunlight::core
