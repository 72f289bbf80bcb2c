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
  std::string name;          // [terminal] name: 柏树村村委会大厅, for status lines (optional)
  std::string feed_url;      // [feed] url: "https://feed.yubei.example.cn", no trailing slash
  std::string scope;         // [feed] scope: the region code this terminal shows
  std::string device_token;  // [feed] device_token: slt_… from `sunlight-feed terminal enroll`
  std::string public_key;    // [feed] public_key: ed25519:… from `sunlight-feed init` (checked when read)
  std::filesystem::path data_dir;  // [terminal] data_dir: holds replica.sqlite
  std::string ca_file;       // [feed] ca_file: "" = the system's CA certificates
  std::chrono::milliseconds poll_interval{5'000};           // [feed] poll_seconds: kiosk 5, display 2
  std::chrono::milliseconds people_poll_interval{60'000};   // [feed] people_poll_seconds (kiosks)
  std::chrono::milliseconds heartbeat_interval{60'000};     // [feed] heartbeat_seconds
  int page_entries = 1000;   // [feed] page_entries: entries per changes page, 1..5000
  std::chrono::milliseconds connect_timeout{5'000};         // [feed] connect_timeout_seconds
  std::chrono::milliseconds total_timeout{120'000};         // [feed] timeout_seconds: a whole snapshot
  std::string version;       // the program and version heartbeats report, set by the program
};

// The keys read_sync_config understands, for a program to list with its own in ConfigFile::load.
[[nodiscard]] std::span<const core::ConfigKey> sync_config_keys();

// Reads [terminal] data_dir and the [feed] section from an already loaded file, with the
// program's defaults for `kind`. Records faults in `file`: config.missing, config.out_of_range,
// and, each with {key, line}, config.bad_url (not http(s)://host[:port][/path]), config.bad_scope
// (not a region code), config.bad_device_token (not slt_ + 64 hex), config.bad_public_key (not
// ed25519: + a valid key). The caller returns file.first_fault() when there is one.
[[nodiscard]] SyncConfig read_sync_config(core::ConfigFile& file, TerminalKind kind);

// For a terminal program's own file: config.bad_kind {key} when [terminal] kind is given and is
// not this program's ("kiosk" or "display"), so the kiosk refuses a big screen's file and back.
void refuse_other_kind(core::ConfigFile& file, TerminalKind kind);

// For the sunlight-sync command: a file holding [terminal] (kind, name, data_dir) and [feed]
// only; kind is "kiosk" or "display" (config.bad_kind).
[[nodiscard]] core::Parsed<SyncConfig> load_sync_config(const std::filesystem::path& file);

}  // namespace sunlight::sync
