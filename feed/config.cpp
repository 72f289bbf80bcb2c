// Reading config/feed.toml: which keys the feed server knows, their limits, and the rules across keys.
#include "feed/config.hpp"

#include <array>
#include <cstdint>
#include <utility>

#include "core/config_file.hpp"

namespace sunlight::feed {
namespace {

namespace fs = std::filesystem;
using core::ConfigFile;
using core::Parsed;

// The example administrators copy; unknown-key messages send them to it.
constexpr std::string_view kExample = "config/feed.toml";

// Every key the file may hold; ConfigFile refuses anything else.
constexpr std::array<core::ConfigKey, 14> kKnownKeys{{
    {"server", "listen"},
    {"server", "port"},
    {"server", "threads"},
    {"server", "max_body_bytes"},
    {"store", "data_dir"},
    {"cadre", "session_hours"},
    {"cadre", "lockout_failures"},
    {"cadre", "lockout_minutes"},
    {"terminals", "stale_after_seconds"},
    {"terminals", "offline_after_seconds"},
    {"sealing", "threads"},
    {"complaints", "reply_working_days"},
    {"complaints", "holidays"},
    {"complaints", "per_terminal_per_hour"},
}};

// Limits. Each says what would go wrong beyond it.
constexpr std::int64_t kMaxThreads = 1024;                   // more threads than this only thrash
constexpr std::int64_t kMinBodyBytes = 1024;                 // below this a login form does not fit
constexpr std::int64_t kMaxBodyBytes = std::int64_t{64} << 20;  // bodies sit in memory: 64 workers × this
constexpr std::int64_t kMaxSessionHours = 72;                // a stolen session should not outlive a weekend
constexpr std::int64_t kMinLockoutFailures = 3;              // fewer locks people out over typos
constexpr std::int64_t kMaxLockoutFailures = 20;             // more gives a guesser too many tries per lock
constexpr std::int64_t kMaxLockoutMinutes = 1440;            // a day: longer, and an attacker locks cadres out for good
constexpr std::int64_t kMinStaleSeconds = 10;                // below a heartbeat interval every terminal flaps
constexpr std::int64_t kMaxStaleSeconds = 86'400;
constexpr std::int64_t kMaxOfflineSeconds = 7 * 86'400;
constexpr std::int64_t kMaxSealerThreads = 64;
constexpr std::int64_t kMaxReplyWorkingDays = 30;        // six weeks: longer is no promise to a villager
constexpr std::int64_t kMaxComplaintsPerHour = 1000;     // beyond this a flood is no longer held back

// A value that fails leaves the default in place and records a fault in `file`; the caller
// returns the fault, never the half-read config.
FeedConfig read_config(ConfigFile& file) {
  FeedConfig config;

  if (auto v = file.text("server", "listen")) config.listen_address = std::move(*v);
  if (auto v = file.integer("server", "port", 0, 65535)) config.port = static_cast<int>(*v);
  if (auto v = file.integer("server", "threads", 1, kMaxThreads)) config.threads = static_cast<int>(*v);
  if (auto v = file.integer("server", "max_body_bytes", kMinBodyBytes, kMaxBodyBytes))
    config.max_body_bytes = static_cast<std::size_t>(*v);

  file.require("store", "data_dir");
  if (auto v = file.path("store", "data_dir")) config.data_dir = std::move(*v);

  if (auto v = file.integer("cadre", "session_hours", 1, kMaxSessionHours)) config.session_hours = static_cast<int>(*v);
  if (auto v = file.integer("cadre", "lockout_failures", kMinLockoutFailures, kMaxLockoutFailures))
    config.lockout_failures = static_cast<int>(*v);
  if (auto v = file.integer("cadre", "lockout_minutes", 1, kMaxLockoutMinutes)) config.lockout_minutes = static_cast<int>(*v);

  const auto stale = file.integer("terminals", "stale_after_seconds", kMinStaleSeconds, kMaxStaleSeconds);
  const auto offline = file.integer("terminals", "offline_after_seconds", kMinStaleSeconds + 1, kMaxOfflineSeconds);
  if (stale) config.stale_after_seconds = static_cast<int>(*stale);
  if (offline) config.offline_after_seconds = static_cast<int>(*offline);
  // Offline must come after stale, or a terminal would skip the stale state. Blame the key the
  // administrator wrote: offline when given, else the stale value that overtook its default.
  const bool both_read = (stale || !file.has("terminals", "stale_after_seconds")) &&
                         (offline || !file.has("terminals", "offline_after_seconds"));
  if (both_read && config.offline_after_seconds <= config.stale_after_seconds) {
    if (offline)
      file.out_of_range("terminals", "offline_after_seconds", config.stale_after_seconds + 1, kMaxOfflineSeconds);
    else
      file.out_of_range("terminals", "stale_after_seconds", kMinStaleSeconds, config.offline_after_seconds - 1);
  }

  if (auto v = file.integer("sealing", "threads", 0, kMaxSealerThreads)) config.sealer_threads = static_cast<int>(*v);

  if (auto v = file.integer("complaints", "reply_working_days", 1, kMaxReplyWorkingDays))
    config.complaint_reply_working_days = static_cast<int>(*v);
  if (auto v = file.text_list("complaints", "holidays")) {
    for (const auto& item : *v) {
      // Strictly 2026-10-01: a holiday list is read by people comparing it with a calendar.
      const auto date = core::parse_date(item);
      if (item.size() != 10 || !date || date->iso() != item) {
        file.fault(core::Problem{"config.bad_date", {{"key", "complaints.holidays"}, {"word", item}}},
                   file.line_of("complaints", "holidays"));
        break;
      }
      config.complaint_holidays.push_back(*date);
    }
  }
  if (auto v = file.integer("complaints", "per_terminal_per_hour", 1, kMaxComplaintsPerHour))
    config.complaints_per_terminal_per_hour = static_cast<int>(*v);

  return config;
}

Parsed<FeedConfig> checked(Parsed<ConfigFile> parsed) {
  if (!parsed) return parsed.problem();
  ConfigFile file = std::move(parsed).value();
  FeedConfig config = read_config(file);
  if (file.first_fault()) return *file.first_fault();
  return config;
}

}  // namespace

Parsed<FeedConfig> parse_feed_config(std::string_view toml_text, const fs::path& base_dir) {
  return checked(ConfigFile::parse(toml_text, base_dir, kKnownKeys, kExample));
}

Parsed<FeedConfig> load_feed_config(const fs::path& file) {
  return checked(ConfigFile::load(file, kKnownKeys, kExample));
}

}  // namespace sunlight::feed
