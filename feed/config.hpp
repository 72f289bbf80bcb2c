// The feed server's config file (config/feed.toml): what it may say, its defaults, and why a file is refused.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/problem.hpp"

namespace sunlight::feed {

// Everything sunlight-feed reads from its config file. Defaults are what a key left out means;
// only [store] data_dir is required. Plain value type; safe to copy across threads.
struct FeedConfig {
  std::string listen_address = "127.0.0.1";  // [server] listen: nginx in front terminates TLS
  int port = 8480;                           // [server] port, 1..65535; 0 = any free port (tests)
  int threads = 64;                          // [server] threads, 1..1024: the worker pool
  std::size_t max_body_bytes = 1 << 20;      // [server] max_body_bytes, 1 KiB..64 MiB; bigger gets 413
  std::filesystem::path data_dir;            // [store] data_dir, required; relative to the file's folder
  int session_hours = 8;                     // [cadre] session_hours, 1..72
  int lockout_failures = 5;                  // [cadre] lockout_failures, 3..20 wrong passwords in a row lock…
  int lockout_minutes = 15;                  // [cadre] lockout_minutes, 1..1440: …a username this long
  int stale_after_seconds = 120;             // [terminals] a heartbeat older than this is stale
  int offline_after_seconds = 900;           // [terminals] older than this is offline; > stale
  int sealer_threads = 0;                    // [sealing] threads, 0 = one per core, at most 64
  int complaint_reply_working_days = 5;      // [complaints] reply_working_days, 1..30
  std::vector<core::CivilDate> complaint_holidays;  // [complaints] holidays: ["2026-10-01", …]
  int complaints_per_terminal_per_hour = 20;  // [complaints] per_terminal_per_hour, 1..1000
};

// Reads and checks a config file. Refusals (core::Problem codes, messages in assets/i18n/*/config.json):
//   config.unreadable {path}             cannot be opened or read, or is a folder
//   config.too_large {path, max}         more than 1 MiB: not a config file
//   config.not_utf8 {line}               not UTF-8 (e.g. saved as GBK); line of the first bad byte
//   config.too_deep {line}               keys nested deeper than any config could need
//   config.syntax {line, column, reason} not TOML; `reason` is toml++'s English sentence
//   config.unknown_section {key, line}   a [section] this program does not know (a typo)
//   config.unknown_key {key, line}       a key this program does not know, as "server.prot"
//   config.outside_section {key, section, line}  a known key written above every [section]
//   config.bad_type {key, expected, line}        `expected` is "integer", "string" or "table"
//   config.out_of_range {key, min, max, line}    also offline_after_seconds not above stale_after_seconds
//   config.empty {key, line} / config.control_chars {key, line}   unusable text values
//   config.missing {key}                 data_dir is absent (an empty file says this)
//   config.bad_date {key, word, line}    a [complaints] holidays item that is not a date
// When a file has several faults, the one nearest its top is reported, so fixing them in
// order works. Called once at start-up, from any one thread.
[[nodiscard]] core::Parsed<FeedConfig> load_feed_config(const std::filesystem::path& file);

// The same checks on text already in memory; a relative data_dir resolves against `base_dir`
// (load_feed_config passes the file's absolute folder).
[[nodiscard]] core::Parsed<FeedConfig> parse_feed_config(std::string_view toml_text,
                                                         const std::filesystem::path& base_dir);

}  // namespace sunlight::feed
