// Problem helpers; rendering lives in i18n.cpp so this file needs no catalog.
#include "core/problem.hpp"

#include "core/i18n.hpp"

namespace sunlight::core {

std::string Problem::arg(std::string_view name) const {
  for (const auto& [key, value] : args)
    if (key == name) return value;
  return {};
}

ProblemError::ProblemError(Problem problem)
    : std::runtime_error(describe(problem, Lang::ZhCn)), problem_(std::move(problem)) {}

}  // namespace sunlight::core
