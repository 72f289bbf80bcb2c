// Reading [terminal] and [feed]: the settings every terminal program shares, checked before anything starts.
#include "sync/config.hpp"

#include <array>
#include <cctype>
#include <vector>

#include "core/config_file.hpp"
#include "core/crypto.hpp"
#include "core/region.hpp"
#include "core/signing.hpp"

namespace sunlight::sync {
namespace {

using namespace std::chrono_literals;

constexpr std::array<core::ConfigKey, 14> kKeys{{
    {"terminal", "kind"},
    {"terminal", "name"},
    {"terminal", "data_dir"},
    {"feed", "url"},
    {"feed", "scope"},
    {"feed", "device_token"},
    {"feed", "public_key"},
    {"feed", "ca_file"},
    {"feed", "poll_seconds"},
    {"feed", "people_poll_seconds"},
    {"feed", "heartbeat_seconds"},
    {"feed", "page_entries"},
    {"feed", "connect_timeout_seconds"},
    {"feed", "timeout_seconds"},
}};

std::vector<std::pair<std::string, std::string>> at(const core::ConfigFile& file, std::string_view section,
                                                    std::string_view key) {
  std::vector<std::pair<std::string, std::string>> args{{"key", std::string(section) + "." + std::string(key)}};
  if (const auto line = file.line_of(section, key); line != 0) args.emplace_back("line", std::to_string(line));
  return args;
}

// http(s)://host[:port][/path], nothing else: no spaces, no query, no user:password@.
bool plausible_url(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("https://")) rest = url.substr(8);
  else if (url.starts_with("http://")) rest = url.substr(7);
  else return false;
  if (rest.empty() || rest.front() == '/' || rest.front() == ':') return false;
  for (const char c : rest)
    if (std::isspace(static_cast<unsigned char>(c)) || c == '?' || c == '#' || c == '@') return false;
  return true;
}

std::chrono::milliseconds seconds_or(core::ConfigFile& file, std::string_view key, std::int64_t min, std::int64_t max,
                                     std::chrono::milliseconds fallback) {
  if (const auto v = file.integer("feed", key, min, max)) return std::chrono::seconds(*v);
  return fallback;
}

}  // namespace

std::span<const core::ConfigKey> sync_config_keys() { return kKeys; }

SyncConfig read_sync_config(core::ConfigFile& file, TerminalKind kind) {
  SyncConfig config;
  config.kind = kind;
  config.poll_interval = kind == TerminalKind::Kiosk ? 5s : 2s;

  if (auto name = file.text("terminal", "name")) config.name = *name;
  file.require("terminal", "data_dir");
  if (auto dir = file.path("terminal", "data_dir")) config.data_dir = *dir;

  file.require("feed", "url");
  if (auto url = file.text("feed", "url")) {
    while (!url->empty() && url->back() == '/') url->pop_back();
    if (plausible_url(*url)) config.feed_url = *url;
    else file.fault(core::Problem{"config.bad_url", at(file, "feed", "url")}, file.line_of("feed", "url"));
  }
  file.require("feed", "scope");
  if (auto scope = file.text("feed", "scope")) {
    if (auto code = core::normalize_region_code(*scope)) config.scope = code.value();
    else file.fault(core::Problem{"config.bad_scope", at(file, "feed", "scope")}, file.line_of("feed", "scope"));
  }
  file.require("feed", "device_token");
  if (auto token = file.text("feed", "device_token")) {
    if (core::is_device_token_shape(*token)) config.device_token = *token;
    else file.fault(core::Problem{"config.bad_device_token", at(file, "feed", "device_token")},
                    file.line_of("feed", "device_token"));
  }
  file.require("feed", "public_key");
  if (auto key = file.text("feed", "public_key")) {
    if (core::PublicKey::parse(*key)) config.public_key = *key;
    else file.fault(core::Problem{"config.bad_public_key", at(file, "feed", "public_key")},
                    file.line_of("feed", "public_key"));
  }
  if (auto ca = file.path("feed", "ca_file")) config.ca_file = ca->string();

  // Below a second a poll is a load test; above an hour a kiosk is not "live". People records
  // change with imports only, so they are polled less often.
  config.poll_interval = seconds_or(file, "poll_seconds", 1, 3600, config.poll_interval);
  config.people_poll_interval = seconds_or(file, "people_poll_seconds", 5, 3600, config.people_poll_interval);
  config.heartbeat_interval = seconds_or(file, "heartbeat_seconds", 10, 3600, config.heartbeat_interval);
  config.connect_timeout = seconds_or(file, "connect_timeout_seconds", 1, 120, config.connect_timeout);
  config.total_timeout = seconds_or(file, "timeout_seconds", 5, 3600, config.total_timeout);
  // Smaller pages commit progress more often on a line that drops every few seconds.
  if (const auto v = file.integer("feed", "page_entries", 1, 5000)) config.page_entries = static_cast<int>(*v);
  return config;
}

void refuse_other_kind(core::ConfigFile& file, TerminalKind kind) {
  const std::string_view mine = kind == TerminalKind::Display ? "display" : "kiosk";
  if (auto word = file.text("terminal", "kind"); word && *word != mine)
    file.fault(core::Problem{"config.bad_kind", {{"key", "terminal.kind"}}}, file.line_of("terminal", "kind"));
}

core::Parsed<SyncConfig> load_sync_config(const std::filesystem::path& path) {
  // The terminal program's own section is its to check: this command only needs the feed.
  std::vector<core::ConfigKey> known(kKeys.begin(), kKeys.end());
  known.push_back({"kiosk", core::kAnyKey});
  known.push_back({"display", core::kAnyKey});
  auto loaded = core::ConfigFile::load(path, known, "config/kiosk.toml");
  if (!loaded) return loaded.problem();
  auto file = std::move(loaded).value();
  TerminalKind kind = TerminalKind::Kiosk;
  file.require("terminal", "kind");
  if (auto word = file.text("terminal", "kind")) {
    if (*word == "display") kind = TerminalKind::Display;
    else if (*word != "kiosk")
      file.fault(core::Problem{"config.bad_kind", at(file, "terminal", "kind")}, file.line_of("terminal", "kind"));
  }
  auto config = read_sync_config(file, kind);
  if (file.first_fault()) return *file.first_fault();
  return config;
}

}  // namespace sunlight::sync
