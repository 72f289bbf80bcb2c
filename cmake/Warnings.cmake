# Warnings as an INTERFACE target; -Werror only when SUNLIGHT_WERROR is on (CI builds).
add_library(sunlight_warnings INTERFACE)
add_library(sunlight::warnings ALIAS sunlight_warnings)
target_compile_options(sunlight_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough -Wmisleading-indentation
  -Wduplicated-cond -Wduplicated-branches -Wlogical-op
  # g++ 12 at -O2 reports std::optional members as "maybe uninitialized" where they are not
  # (GCC PR 80635 and relatives); -Wuninitialized still catches the real cases.
  -Wno-maybe-uninitialized
  $<$<BOOL:${SUNLIGHT_WERROR}>:-Werror>)
