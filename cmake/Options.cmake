# Language level and common compile options as an INTERFACE target, never global flags.
add_library(sunlight_options INTERFACE)
add_library(sunlight::options ALIAS sunlight_options)
target_compile_features(sunlight_options INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
