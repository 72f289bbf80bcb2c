// A program's TOML config file: read with limits, checked against the keys the program knows, faults by line.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/problem.hpp"

namespace sunlight::core {

// One key a program reads, as it appears in the file: `[section]` then `key = …`. Every program
// lists all of its keys; anything else in the file is refused, because a misspelt key silently
// left at its default (say `thread = 8` for `threads`) is worse than a program that does not start.
// A key of "*" accepts every key of its section unread: a section that belongs to another
// program sharing the file (sunlight-sync reads a kiosk's file and leaves [kiosk] to the kiosk).
struct ConfigKey {
  std::string_view section;
  std::string_view key;
};
inline constexpr std::string_view kAnyKey = "*";

// A parsed config file. The program reads each value through it; a value of the wrong type or
// out of range is recorded as a fault and read as nullopt, so the program keeps its default and
// reads on. Once every value is read, first_fault() is the one to report: the fault nearest the
// top of the file, so an administrator who fixes faults in the order reported never meets one
// above a fault already fixed. A missing key has no line and comes after every other fault.
//
// Problem codes (messages in assets/i18n/*/config.json); every fault with a line has a `line` arg:
//   config.unreadable {path}             cannot be opened or read, or is a folder       (load)
//   config.too_large {path, max}         more than 1 MiB: not a config file             (load)
//   config.not_utf8 {line}               not UTF-8 (e.g. saved as GBK)                  (parse)
//   config.too_deep {line}               keys nested deeper than any config could need  (parse)
//   config.syntax {line, column, reason} not TOML; `reason` is toml++'s English sentence (parse)
//   config.unknown_section {key, example}          a [section] not in `known`       (fault)
//   config.unknown_key {key, example}              as "server.prot"                 (fault)
//   config.outside_section {key, section}          a known key above every [section] (fault)
//   config.bad_type {key, expected}   `expected`: integer, string, boolean, number, table (fault)
//   config.out_of_range {key, min, max}                                              (fault)
//   config.empty {key} / config.control_chars {key}   unusable text values            (fault)
//   config.missing {key}                            from require()                   (fault)
// `example` is the example file the program ships (e.g. "config/feed.toml"), named in the
// unknown_section and unknown_key messages as the place to check spelling against.
//
// Keys are read as (section, key); a pair not in `known` is never found, since the file could
// not hold it without a fault. Not thread-safe: one thread reads a file, usually at start-up.
class ConfigFile {
 public:
  // Reads `file` (at most 1 MiB) and parses it; relative paths in it resolve against the
  // file's absolute folder. `known` and `example` must outlive the ConfigFile.
  [[nodiscard]] static Parsed<ConfigFile> load(const std::filesystem::path& file, std::span<const ConfigKey> known,
                                               std::string_view example);
  // The same on text already in memory, with relative paths resolved against `base_dir`.
  // Returns only the problems that stop parsing; layout faults (unknown sections and keys, keys
  // outside their section, a section that is not a table) are recorded as faults, so that the
  // program's own faults compete with them for the one nearest the top.
  [[nodiscard]] static Parsed<ConfigFile> parse(std::string_view text, const std::filesystem::path& base_dir,
                                                std::span<const ConfigKey> known, std::string_view example);

  ConfigFile(ConfigFile&&) noexcept;
  ConfigFile& operator=(ConfigFile&&) noexcept;
  ConfigFile(const ConfigFile&) = delete;
  ConfigFile& operator=(const ConfigFile&) = delete;
  ~ConfigFile();

  // The folder relative paths resolve against: the file's absolute folder for load().
  [[nodiscard]] const std::filesystem::path& base_dir() const noexcept;

  // True when the file holds the key, whatever its value.
  [[nodiscard]] bool has(std::string_view section, std::string_view key) const;
  // The key's line in the file, 0 when absent.
  [[nodiscard]] std::uint32_t line_of(std::string_view section, std::string_view key) const;

  // Each reader returns nullopt when the key is absent or its value is refused (a fault).
  std::optional<std::int64_t> integer(std::string_view section, std::string_view key, std::int64_t min,
                                      std::int64_t max);
  // Integers or floats; NaN and ±inf are out of range.
  std::optional<double> number(std::string_view section, std::string_view key, double min, double max);
  std::optional<bool> boolean(std::string_view section, std::string_view key);
  // Non-empty, without control characters or line breaks (TOML escapes can put them in).
  std::optional<std::string> text(std::string_view section, std::string_view key);
  // An array of strings, each as text() takes it (an empty array is fine). Anything else is
  // config.bad_type "array of strings"; an empty string or one with control characters is
  // config.empty / config.control_chars.
  std::optional<std::vector<std::string>> text_list(std::string_view section, std::string_view key);
  // text(), made absolute against base_dir() when relative, then lexically normalised.
  std::optional<std::filesystem::path> path(std::string_view section, std::string_view key);

  // Records config.missing when the key is absent.
  void require(std::string_view section, std::string_view key);
  // Records config.out_of_range for a rule across keys (offline after stale, say).
  void out_of_range(std::string_view section, std::string_view key, std::int64_t min, std::int64_t max);
  // Records a program's own fault (e.g. config.bad_url {key}), adding the `line` arg unless it
  // has one; `line` 0 means none, and the fault then ranks with missing keys.
  void fault(Problem problem, std::uint32_t line);

  // The fault to report, if any: nearest the top, ties to the first recorded.
  [[nodiscard]] const std::optional<Problem>& first_fault() const noexcept;

 private:
  struct Impl;
  explicit ConfigFile(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sunlight::core
