// The [feed] part of a kiosk's or display's config: where the feed is, what to trust, how often to ask.
#pragma once

#include <chrono>
#include <filesystem>
#include <span>
#include <string>

#include "core/problem.hpp"

namespace sunlight::core {
class ConfigFile;
struct ConfigKey;
}  // namespace sunlight::core

namespace sunlight::sync {

enum class TerminalKind { Kiosk, Display };

// Plain value type; safe to copy across threads.
struct SyncConfig {
  TerminalKind kind = TerminalKind::Kiosk;
  std::string feed_url;      // [feed] url: "https://feed.yubei.example.cn", no trailing slash
  std::string scope;         // [feed] scope: the region code this terminal shows
  std::string device_token;  // [feed] device_token: slt_… from `sunlight-feed terminal enroll`
  std::string public_key;    // [feed] public_key: ed25519:… from `sunlight-feed init` (checked when read)
  std::filesystem::path data_dir;  // [terminal] data_dir: holds replica.sqlite
  std::string ca_file;       // [feed] ca_file: "" = the system's CA certificates
  std::chrono::milliseconds poll_interval{5'000};           // [feed] poll_seconds: kiosk 5, display 2
  std::chrono::milliseconds people_poll_interval{60'000};   // [feed] people_poll_seconds (kiosks)
  std::chrono::milliseconds heartbeat_interval{60'000};     // [feed] heartbeat_seconds
  std::chrono::milliseconds connect_timeout{5'000};         // [feed] connect_timeout_seconds
  std::chrono::milliseconds total_timeout{120'000};         // [feed] timeout_seconds: a whole snapshot
  std::string version;       // the program and version heartbeats report, set by the program
};

// The keys read_sync_config understands, for a program to list with its own in ConfigFile::load.
[[nodiscard]] std::span<const core::ConfigKey> sync_config_keys();

// Reads [terminal] data_dir and the [feed] section from an already loaded file, with the
// program's defaults for `kind`. Records faults in `file` (config.missing, out_of_range,
// config.bad_value for a URL that is not http(s)://host, a scope that is not a region code, a
// device token of the wrong shape or a public key that does not parse); the caller returns
// file.first_fault() when there is one.
[[nodiscard]] SyncConfig read_sync_config(core::ConfigFile& file, TerminalKind kind);

// For the sunlight-sync command: a file holding [terminal] (kind, data_dir) and [feed] only.
[[nodiscard]] core::Parsed<SyncConfig> load_sync_config(const std::filesystem::path& file);

}  // namespace sunlight::sync
