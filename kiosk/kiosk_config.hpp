// sunlight-kiosk's config file: [terminal] and [feed] as every terminal reads them, plus [kiosk].
#pragma once

#include <filesystem>
#include <span>
#include <string>

#include "core/config_file.hpp"
#include "core/i18n.hpp"
#include "core/problem.hpp"
#include "sync/config.hpp"

namespace sunlight::kiosk {

// Plain value type; read once at start-up, then copied where needed.
struct KioskConfig {
  sync::SyncConfig sync;      // [terminal] + [feed]; sync.name is the kiosk's name on the status line
  core::Lang language = core::Lang::ZhCn;  // [kiosk] language: "zh-CN" or "en", also after each idle reset
  int idle_seconds = 60;      // [kiosk] idle_seconds (10..3600): no touch this long starts the countdown
  int countdown_seconds = 10; // [kiosk] countdown_seconds (3..60): then back home, everything wiped
  // [kiosk] admin_pin: 4..12 digits for the hidden exit gesture; empty = admin exit disabled,
  // the kiosk can only be stopped by the OS (systemd). A string, so leading zeros survive.
  std::string admin_pin;
  int display = 0;            // [kiosk] display (0..15): which monitor, as SDL numbers them
  bool fullscreen = true;     // [kiosk] fullscreen: borderless fullscreen on that display
  bool hide_cursor = true;    // [kiosk] hide_cursor: touchscreens need no pointer
  int width = 1080;           // [kiosk] width, height (320..7680): window / headless size
  int height = 1920;
  int lookup_failures = 5;          // [kiosk] lookup_failures (1..100): failed lookups that pause lookups
  int lookup_window_seconds = 120;  // [kiosk] lookup_window_seconds (10..3600): within this time
  int lookup_pause_seconds = 60;    // [kiosk] lookup_pause_seconds (5..3600): for this long
};

// Every key the kiosk's file may hold: sync_config_keys() and [kiosk]'s own.
[[nodiscard]] std::span<const core::ConfigKey> kiosk_config_keys();

// Reads [kiosk] from an already loaded file, recording faults in it: config.bad_type,
// config.out_of_range, and, with {key, line}, config.bad_language and config.bad_pin.
[[nodiscard]] KioskConfig read_kiosk_config(core::ConfigFile& file);

// Loads and checks the whole file: [terminal] kind must be "kiosk" when given (config.bad_kind),
// and the first fault nearest the top of the file is the one returned (see core::ConfigFile).
[[nodiscard]] core::Parsed<KioskConfig> load_kiosk_config(const std::filesystem::path& file);
// The same on text in memory, relative paths resolved against `base_dir` (tests).
[[nodiscard]] core::Parsed<KioskConfig> parse_kiosk_config(std::string_view text, const std::filesystem::path& base_dir);

}  // namespace sunlight::kiosk
