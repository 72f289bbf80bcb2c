// Reading the kiosk's [kiosk] section with ranges checked, on top of the terminal's shared [terminal]/[feed].
#include "kiosk/kiosk_config.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace sunlight::kiosk {
namespace {

constexpr std::string_view kExample = "config/kiosk.toml";

constexpr std::array<core::ConfigKey, 12> kOwnKeys{{
    {"kiosk", "language"},
    {"kiosk", "idle_seconds"},
    {"kiosk", "countdown_seconds"},
    {"kiosk", "admin_pin"},
    {"kiosk", "display"},
    {"kiosk", "fullscreen"},
    {"kiosk", "hide_cursor"},
    {"kiosk", "width"},
    {"kiosk", "height"},
    {"kiosk", "lookup_failures"},
    {"kiosk", "lookup_window_seconds"},
    {"kiosk", "lookup_pause_seconds"},
}};

const std::vector<core::ConfigKey>& all_keys() {
  static const std::vector<core::ConfigKey> keys = [] {
    std::vector<core::ConfigKey> k(sync::sync_config_keys().begin(), sync::sync_config_keys().end());
    k.insert(k.end(), kOwnKeys.begin(), kOwnKeys.end());
    return k;
  }();
  return keys;
}

core::Problem at(const core::ConfigFile& file, std::string code, std::string_view key) {
  std::vector<std::pair<std::string, std::string>> args{{"key", "kiosk." + std::string(key)}};
  if (const auto line = file.line_of("kiosk", key); line != 0) args.emplace_back("line", std::to_string(line));
  return core::Problem{std::move(code), std::move(args)};
}

void read_int(core::ConfigFile& file, std::string_view key, std::int64_t min, std::int64_t max, int& out) {
  if (const auto v = file.integer("kiosk", key, min, max)) out = static_cast<int>(*v);
}

void read_bool(core::ConfigFile& file, std::string_view key, bool& out) {
  if (const auto v = file.boolean("kiosk", key)) out = *v;
}

core::Parsed<KioskConfig> finish(core::Parsed<core::ConfigFile> loaded) {
  if (!loaded) return loaded.problem();
  auto file = std::move(loaded).value();
  sync::refuse_other_kind(file, sync::TerminalKind::Kiosk);
  KioskConfig config = read_kiosk_config(file);
  if (file.first_fault()) return *file.first_fault();
  return config;
}

}  // namespace

std::span<const core::ConfigKey> kiosk_config_keys() { return all_keys(); }

KioskConfig read_kiosk_config(core::ConfigFile& file) {
  KioskConfig config;
  config.sync = sync::read_sync_config(file, sync::TerminalKind::Kiosk);

  if (auto tag = file.text("kiosk", "language")) {
    if (auto lang = core::parse_lang(*tag)) config.language = lang.value();
    else file.fault(at(file, "config.bad_language", "language"), file.line_of("kiosk", "language"));
  }
  // Under 10 s a villager reading a result would lose it; over an hour a result left on screen
  // waits too long for the next person. The countdown must be readable, and not a wait.
  read_int(file, "idle_seconds", 10, 3600, config.idle_seconds);
  read_int(file, "countdown_seconds", 3, 60, config.countdown_seconds);
  if (auto pin = file.text("kiosk", "admin_pin")) {
    const bool digits = std::all_of(pin->begin(), pin->end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits && pin->size() >= 4 && pin->size() <= 12) config.admin_pin = *pin;
    else file.fault(at(file, "config.bad_pin", "admin_pin"), file.line_of("kiosk", "admin_pin"));
  }
  read_int(file, "display", 0, 15, config.display);
  read_bool(file, "fullscreen", config.fullscreen);
  read_bool(file, "hide_cursor", config.hide_cursor);
  read_int(file, "width", 320, 7680, config.width);
  read_int(file, "height", 320, 7680, config.height);
  read_int(file, "lookup_failures", 1, 100, config.lookup_failures);
  read_int(file, "lookup_window_seconds", 10, 3600, config.lookup_window_seconds);
  read_int(file, "lookup_pause_seconds", 5, 3600, config.lookup_pause_seconds);
  return config;
}

core::Parsed<KioskConfig> load_kiosk_config(const std::filesystem::path& file) {
  return finish(core::ConfigFile::load(file, all_keys(), kExample));
}

core::Parsed<KioskConfig> parse_kiosk_config(std::string_view text, const std::filesystem::path& base_dir) {
  return finish(core::ConfigFile::parse(text, base_dir, all_keys(), kExample));
}

}  // namespace sunlight::kiosk
