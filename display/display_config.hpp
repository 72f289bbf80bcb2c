// sunlight-display's config file: [terminal] and [feed] as every terminal reads them, plus [display].
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "core/config_file.hpp"
#include "core/problem.hpp"
#include "display/scene.hpp"
#include "sync/config.hpp"

namespace sunlight::display {

// Plain value type; read once at start-up.
struct DisplayConfig {
  sync::SyncConfig sync;  // [terminal] + [feed]; sync.name is the screen's name in heartbeats
  // [display] scenes: which scenes, in which order, for how many seconds each, as words with an
  // optional ":seconds" (5..600), separated by spaces or commas:
  //   scenes = "overview:30 stages:40 towns:30 trend:20 notices:30"
  // A word without seconds gets scene_seconds. At least one scene; a scene may appear twice.
  std::vector<SceneSlot> scenes{{Scene::Overview, 30}, {Scene::Stages, 40}, {Scene::Towns, 30},
                                {Scene::Trend, 20},    {Scene::Notices, 30}};
  int scene_seconds = 20;     // [display] scene_seconds (5..600)
  int transition_ms = 800;    // [display] transition_ms (0..5000): the cross-fade between scenes
  int late_days = 30;         // [display] late_days (1..365): a stage not reached this many days
                              // after the one before it is flagged late
  int trend_months = 12;      // [display] trend_months (12..24)
  std::string title = "惠民资金阳光公开";  // [display] title: the header's first words (1..40 characters)
  int display = 0;            // [display] display (0..15): which monitor, as SDL numbers them
  bool fullscreen = true;     // [display] fullscreen
  bool hide_cursor = true;    // [display] hide_cursor
  int width = 1920;           // [display] width, height (320..7680): window / headless size
  int height = 1080;
};

// Every key the display's file may hold: sync_config_keys() and [display]'s own.
[[nodiscard]] std::span<const core::ConfigKey> display_config_keys();

// Reads [display] from a loaded file, recording faults in it: config.bad_type, config.out_of_range,
// config.empty, and config.bad_scenes {key, line, word} for a word that is no scene (or bad seconds).
[[nodiscard]] DisplayConfig read_display_config(core::ConfigFile& file);

// Loads and checks the whole file: [terminal] kind must be "display" when given (config.bad_kind).
[[nodiscard]] core::Parsed<DisplayConfig> load_display_config(const std::filesystem::path& file);
[[nodiscard]] core::Parsed<DisplayConfig> parse_display_config(std::string_view text,
                                                               const std::filesystem::path& base_dir);

}  // namespace sunlight::display
