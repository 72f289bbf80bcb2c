// Reading the big screen's [display] section with ranges checked, on top of the terminal's shared [terminal]/[feed].
#include "display/display_config.hpp"

#include <array>
#include <charconv>
#include <vector>

#include "core/text.hpp"

namespace sunlight::display {
namespace {

constexpr std::string_view kExample = "config/display.toml";

constexpr std::array<core::ConfigKey, 11> kOwnKeys{{
    {"display", "scenes"},
    {"display", "scene_seconds"},
    {"display", "transition_ms"},
    {"display", "late_days"},
    {"display", "trend_months"},
    {"display", "title"},
    {"display", "display"},
    {"display", "fullscreen"},
    {"display", "hide_cursor"},
    {"display", "width"},
    {"display", "height"},
}};

constexpr int kMinSceneSeconds = 5;
constexpr int kMaxSceneSeconds = 600;
constexpr std::size_t kMaxTitleChars = 40;
constexpr std::size_t kMaxSlots = 100;

const std::vector<core::ConfigKey>& all_keys() {
  static const std::vector<core::ConfigKey> keys = [] {
    std::vector<core::ConfigKey> k(sync::sync_config_keys().begin(), sync::sync_config_keys().end());
    k.insert(k.end(), kOwnKeys.begin(), kOwnKeys.end());
    return k;
  }();
  return keys;
}

void read_int(core::ConfigFile& file, std::string_view key, std::int64_t min, std::int64_t max, int& out) {
  if (const auto v = file.integer("display", key, min, max)) out = static_cast<int>(*v);
}

void read_bool(core::ConfigFile& file, std::string_view key, bool& out) {
  if (const auto v = file.boolean("display", key)) out = *v;
}

void bad_scenes(core::ConfigFile& file, std::string_view word) {
  std::vector<std::pair<std::string, std::string>> args{{"key", "display.scenes"},
                                                        {"word", core::text::ellipsize(word, 40)}};
  file.fault(core::Problem{"config.bad_scenes", std::move(args)}, file.line_of("display", "scenes"));
}

// "overview:30 stages, towns:20": full-width commas, colons and spaces (an input method's) are
// folded to ASCII first; words are matched ignoring ASCII case. nullopt after recording a fault.
std::optional<std::vector<SceneSlot>> parse_scenes(core::ConfigFile& file, std::string_view text, int default_seconds) {
  const std::string folded = core::text::fold_width(text);
  std::vector<SceneSlot> slots;
  std::size_t pos = 0;
  auto is_sep = [](char c) { return c == ' ' || c == ',' || c == '\t'; };
  while (pos < folded.size()) {
    while (pos < folded.size() && is_sep(folded[pos])) ++pos;
    if (pos == folded.size()) break;
    std::size_t end = pos;
    while (end < folded.size() && !is_sep(folded[end])) ++end;
    const std::string_view token = std::string_view(folded).substr(pos, end - pos);
    pos = end;

    const auto colon = token.find(':');
    const auto scene = parse_scene(core::text::ascii_lower(token.substr(0, colon)));
    if (!scene) {
      bad_scenes(file, token);
      return std::nullopt;
    }
    int seconds = default_seconds;
    if (colon != std::string_view::npos) {
      const auto digits = token.substr(colon + 1);
      int value = 0;
      const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (digits.empty() || ec != std::errc{} || ptr != digits.data() + digits.size() || value < kMinSceneSeconds ||
          value > kMaxSceneSeconds) {
        bad_scenes(file, token);
        return std::nullopt;
      }
      seconds = value;
    }
    slots.push_back(SceneSlot{*scene, seconds});
  }
  if (slots.empty()) {
    file.fault(core::Problem{"config.empty", {{"key", "display.scenes"}}}, file.line_of("display", "scenes"));
    return std::nullopt;
  }
  // More than a screen could ever want, and the rotation walks the list on every frame.
  if (slots.size() > kMaxSlots) {
    file.out_of_range("display", "scenes", 1, static_cast<std::int64_t>(kMaxSlots));
    return std::nullopt;
  }
  return slots;
}

core::Parsed<DisplayConfig> finish(core::Parsed<core::ConfigFile> loaded) {
  if (!loaded) return loaded.problem();
  auto file = std::move(loaded).value();
  sync::refuse_other_kind(file, sync::TerminalKind::Display);
  DisplayConfig config = read_display_config(file);
  if (file.first_fault()) return *file.first_fault();
  return config;
}

}  // namespace

std::span<const core::ConfigKey> display_config_keys() { return all_keys(); }

DisplayConfig read_display_config(core::ConfigFile& file) {
  DisplayConfig config;
  config.sync = sync::read_sync_config(file, sync::TerminalKind::Display);

  // scene_seconds first: scene words without their own seconds take it, wherever the keys stand.
  read_int(file, "scene_seconds", kMinSceneSeconds, kMaxSceneSeconds, config.scene_seconds);
  if (auto text = file.text("display", "scenes")) {
    if (auto slots = parse_scenes(file, *text, config.scene_seconds)) config.scenes = std::move(*slots);
  }
  // Above 5 s a fade reads as a stuck screen; 0 cuts straight over.
  read_int(file, "transition_ms", 0, 5000, config.transition_ms);
  read_int(file, "late_days", 1, 365, config.late_days);
  // Under a year the trend hides the yearly batches; the replica keeps 24 months.
  read_int(file, "trend_months", 12, 24, config.trend_months);
  if (auto title = file.text("display", "title")) {
    // The header has room for one line of big type.
    if (core::text::length(*title) <= kMaxTitleChars) config.title = *title;
    else file.out_of_range("display", "title", 1, static_cast<std::int64_t>(kMaxTitleChars));
  }
  read_int(file, "display", 0, 15, config.display);
  read_bool(file, "fullscreen", config.fullscreen);
  read_bool(file, "hide_cursor", config.hide_cursor);
  read_int(file, "width", 320, 7680, config.width);
  read_int(file, "height", 320, 7680, config.height);
  return config;
}

core::Parsed<DisplayConfig> load_display_config(const std::filesystem::path& file) {
  return finish(core::ConfigFile::load(file, all_keys(), kExample));
}

core::Parsed<DisplayConfig> parse_display_config(std::string_view text, const std::filesystem::path& base_dir) {
  return finish(core::ConfigFile::parse(text, base_dir, all_keys(), kExample));
}

}  // namespace sunlight::display
