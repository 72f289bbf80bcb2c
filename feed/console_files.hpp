// The cadre console's static files (console/*), compiled into the server by cmake/embed_files.cmake.
#pragma once

#include <span>
#include <string_view>

namespace sunlight::feed {

// One file. Everything points into static storage; safe from any thread.
struct ConsoleFile {
  std::string_view name;          // "index.html": the file's name in console/, no folders
  std::string_view content_type;  // "text/html; charset=utf-8"
  std::string_view etag;          // "\"<32 hex of its SHA-256>\"", quotes included
  std::string_view bytes;
};

// Every file, by name. Defined in the generated console_files.cpp.
[[nodiscard]] std::span<const ConsoleFile> console_files();

// The file called exactly `name`, or nullptr: a path with a '/', '..' or anything else that is
// no file's name simply matches nothing, and nothing is ever read from disk.
[[nodiscard]] inline const ConsoleFile* find_console_file(std::string_view name) noexcept {
  for (const auto& f : console_files())
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace sunlight::feed
