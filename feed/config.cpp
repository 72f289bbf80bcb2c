// Reading config/feed.toml: toml++ checks the syntax, this file decides which keys exist and what they may hold.
#include "feed/config.hpp"

#include <array>
#include <cstdint>
#include <fstream>
#include <limits>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/text.hpp"

namespace sunlight::feed {
namespace {

namespace fs = std::filesystem;
using core::Parsed;
using core::Problem;

// A config file is a few dozen lines. Anything this big is the wrong file (a log, a database,
// /dev/zero) and is refused before it is read into memory whole.
constexpr std::size_t kMaxFileBytes = std::size_t{1} << 20;
// Paths and toml++'s reasons are shown in messages; cut them so one message stays one line.
constexpr std::size_t kShownChars = 200;

// Every key the file may hold. Anything else is refused: a misspelt key silently left at its
// default (say `thread = 8` for `threads`) is worse than a server that does not start.
struct KnownKey {
  std::string_view section;
  std::string_view key;
};
constexpr std::array<KnownKey, 9> kKnownKeys{{
    {"server", "listen"},
    {"server", "port"},
    {"server", "threads"},
    {"server", "max_body_bytes"},
    {"store", "data_dir"},
    {"cadre", "session_hours"},
    {"terminals", "stale_after_seconds"},
    {"terminals", "offline_after_seconds"},
    {"sealing", "threads"},
}};

bool is_known_section(std::string_view section) noexcept {
  for (const auto& known : kKnownKeys)
    if (known.section == section) return true;
  return false;
}

bool is_known_key(std::string_view section, std::string_view key) noexcept {
  for (const auto& known : kKnownKeys)
    if (known.section == section && known.key == key) return true;
  return false;
}

// The section a key written above every [section] most likely belongs to ("" when none).
std::string_view section_of(std::string_view key) noexcept {
  for (const auto& known : kKnownKeys)
    if (known.key == key) return known.section;
  return {};
}

// Text as a person should see it in a message: valid UTF-8, no control characters, short.
std::string printable(std::string_view original) {
  std::string clean;
  std::size_t count = 0;
  // One character past the limit is enough for ellipsize to know it must cut.
  for (std::size_t pos = 0; pos < original.size() && count <= kShownChars; ++count) {
    char32_t cp = core::text::next_code_point(original, pos);
    if (cp < 0x20 || cp == 0x7F) cp = 0xFFFD;
    core::text::append_utf8(clean, cp);
  }
  return core::text::ellipsize(clean, kShownChars);
}

// The byte offset of the first malformed UTF-8 sequence, if any. A genuine U+FFFD takes three
// bytes; next_code_point returns it after one byte only for a malformed sequence.
std::optional<std::size_t> first_bad_utf8(std::string_view text) noexcept {
  if (core::text::is_valid_utf8(text)) return std::nullopt;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t start = pos;
    if (core::text::next_code_point(text, pos) == 0xFFFD && pos - start == 1) return start;
  }
  return std::nullopt;
}

std::size_t line_at(std::string_view text, std::size_t offset) noexcept {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') ++line;
  return line;
}

std::uint32_t line_of(const toml::node& node) noexcept { return node.source().begin.line; }

std::string dotted(std::string_view section, std::string_view key) { return fmt::format("{}.{}", section, key); }

// Collects faults and keeps the one nearest the top of the file, so an administrator who fixes
// them in the order reported never meets a fault above one already fixed. A missing key has
// no line and comes last.
class Faults {
 public:
  void add(std::string code, std::vector<std::pair<std::string, std::string>> args, std::uint32_t line) {
    const std::uint32_t rank = line == 0 ? std::numeric_limits<std::uint32_t>::max() : line;
    if (line != 0) args.emplace_back("line", std::to_string(line));
    if (!first_ || rank < rank_) {
      first_ = Problem{std::move(code), std::move(args)};
      rank_ = rank;
    }
  }
  [[nodiscard]] const std::optional<Problem>& first() const noexcept { return first_; }

 private:
  std::optional<Problem> first_;
  std::uint32_t rank_ = 0;
};

// Refuses sections and keys this program does not know, and sections that are not tables.
void check_layout(const toml::table& root, Faults& faults) {
  for (const auto& [name_key, node] : root) {
    const std::string_view name = name_key.str();
    const std::uint32_t line = line_of(node);
    if (is_known_section(name)) {
      const auto* section = node.as_table();
      if (section == nullptr) {
        faults.add("config.bad_type", {{"key", std::string(name)}, {"expected", "table"}}, line);
        continue;
      }
      for (const auto& [key, value] : *section)
        if (!is_known_key(name, key.str()))
          faults.add("config.unknown_key", {{"key", printable(dotted(name, key.str()))}}, line_of(value));
    } else if (node.is_table()) {
      faults.add("config.unknown_section", {{"key", printable(name)}}, line);
    } else if (const auto section = section_of(name); !section.empty()) {
      faults.add("config.outside_section", {{"key", std::string(name)}, {"section", std::string(section)}}, line);
    } else {
      faults.add("config.unknown_key", {{"key", printable(name)}}, line);
    }
  }
}

// Reads one section's values, each checked for type and range. A value that fails leaves the
// default in place and records a fault; the caller returns the fault, never the half-read config.
class SectionReader {
 public:
  SectionReader(const toml::table& root, std::string_view section, Faults& faults)
      : table_(root[section].as_table()), section_(section), faults_(faults) {}

  [[nodiscard]] const toml::node* node(std::string_view key) const {
    return table_ == nullptr ? nullptr : table_->get(key);
  }

  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max) {
    const auto* found = node(key);
    if (found == nullptr) return std::nullopt;
    const auto* value = found->as_integer();
    if (value == nullptr) {
      faults_.add("config.bad_type", {{"key", dotted(section_, key)}, {"expected", "integer"}}, line_of(*found));
      return std::nullopt;
    }
    if (value->get() < min || value->get() > max) {
      out_of_range(key, min, max);
      return std::nullopt;
    }
    return value->get();
  }

  std::optional<std::string> text(std::string_view key) {
    const auto* found = node(key);
    if (found == nullptr) return std::nullopt;
    const auto* value = found->as_string();
    if (value == nullptr) {
      faults_.add("config.bad_type", {{"key", dotted(section_, key)}, {"expected", "string"}}, line_of(*found));
      return std::nullopt;
    }
    const std::string& s = value->get();
    if (s.empty()) {
      faults_.add("config.empty", {{"key", dotted(section_, key)}}, line_of(*found));
      return std::nullopt;
    }
    // TOML escapes can put a NUL or a newline in a string; neither belongs in an address or path.
    const auto scan = core::text::scan(s);
    if (scan.control || scan.line_break) {
      faults_.add("config.control_chars", {{"key", dotted(section_, key)}}, line_of(*found));
      return std::nullopt;
    }
    return s;
  }

  void out_of_range(std::string_view key, std::int64_t min, std::int64_t max) {
    const auto* found = node(key);
    faults_.add("config.out_of_range",
                {{"key", dotted(section_, key)}, {"min", std::to_string(min)}, {"max", std::to_string(max)}},
                found == nullptr ? 0 : line_of(*found));
  }

 private:
  const toml::table* table_;
  std::string_view section_;
  Faults& faults_;
};

// Limits. Each says what would go wrong beyond it.
constexpr std::int64_t kMaxThreads = 1024;                   // more threads than this only thrash
constexpr std::int64_t kMinBodyBytes = 1024;                 // below this a login form does not fit
constexpr std::int64_t kMaxBodyBytes = std::int64_t{64} << 20;  // bodies sit in memory: 64 workers × this
constexpr std::int64_t kMaxSessionHours = 72;                // a stolen session should not outlive a weekend
constexpr std::int64_t kMinStaleSeconds = 10;                // below a heartbeat interval every terminal flaps
constexpr std::int64_t kMaxStaleSeconds = 86'400;
constexpr std::int64_t kMaxOfflineSeconds = 7 * 86'400;
constexpr std::int64_t kMaxSealerThreads = 64;

FeedConfig read_config(const toml::table& root, const fs::path& base_dir, Faults& faults) {
  FeedConfig config;

  SectionReader server(root, "server", faults);
  if (auto v = server.text("listen")) config.listen_address = std::move(*v);
  if (auto v = server.integer("port", 0, 65535)) config.port = static_cast<int>(*v);
  if (auto v = server.integer("threads", 1, kMaxThreads)) config.threads = static_cast<int>(*v);
  if (auto v = server.integer("max_body_bytes", kMinBodyBytes, kMaxBodyBytes))
    config.max_body_bytes = static_cast<std::size_t>(*v);

  SectionReader store(root, "store", faults);
  if (store.node("data_dir") == nullptr) {
    faults.add("config.missing", {{"key", "store.data_dir"}}, 0);
  } else if (auto v = store.text("data_dir")) {
    const fs::path dir(*v);
    config.data_dir = dir.is_relative() ? (base_dir / dir).lexically_normal() : dir.lexically_normal();
  }

  SectionReader cadre(root, "cadre", faults);
  if (auto v = cadre.integer("session_hours", 1, kMaxSessionHours)) config.session_hours = static_cast<int>(*v);

  SectionReader terminals(root, "terminals", faults);
  const auto stale = terminals.integer("stale_after_seconds", kMinStaleSeconds, kMaxStaleSeconds);
  const auto offline = terminals.integer("offline_after_seconds", kMinStaleSeconds + 1, kMaxOfflineSeconds);
  if (stale) config.stale_after_seconds = static_cast<int>(*stale);
  if (offline) config.offline_after_seconds = static_cast<int>(*offline);
  // Offline must come after stale, or a terminal would skip the stale state. Blame the key the
  // administrator wrote: offline when given, else the stale value that overtook its default.
  const bool both_read = (stale || terminals.node("stale_after_seconds") == nullptr) &&
                         (offline || terminals.node("offline_after_seconds") == nullptr);
  if (both_read && config.offline_after_seconds <= config.stale_after_seconds) {
    if (offline)
      terminals.out_of_range("offline_after_seconds", config.stale_after_seconds + 1, kMaxOfflineSeconds);
    else
      terminals.out_of_range("stale_after_seconds", kMinStaleSeconds, config.offline_after_seconds - 1);
  }

  SectionReader sealing(root, "sealing", faults);
  if (auto v = sealing.integer("threads", 0, kMaxSealerThreads)) config.sealer_threads = static_cast<int>(*v);

  return config;
}

}  // namespace

Parsed<FeedConfig> parse_feed_config(std::string_view toml_text, const fs::path& base_dir) {
  // toml++ refuses bad UTF-8 too, but only as a syntax error; a file saved as GBK by a Windows
  // editor deserves a message that says what to do about it.
  if (const auto bad = first_bad_utf8(toml_text))
    return Problem{"config.not_utf8", {{"line", std::to_string(line_at(toml_text, *bad))}}};

  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    return Problem{"config.syntax",
                   {{"line", std::to_string(e.source().begin.line)},
                    {"column", std::to_string(e.source().begin.column)},
                    {"reason", printable(e.description())}}};
  }

  Faults faults;
  check_layout(root, faults);
  FeedConfig config = read_config(root, base_dir, faults);
  if (faults.first()) return *faults.first();
  return config;
}

Parsed<FeedConfig> load_feed_config(const fs::path& file) {
  const auto unreadable = [&] { return Problem{"config.unreadable", {{"path", printable(file.string())}}}; };
  std::error_code ec;
  // Opening a folder succeeds on Linux and only the read fails; say so plainly instead.
  if (fs::is_directory(file, ec)) return unreadable();
  std::ifstream in(file, std::ios::binary);
  if (!in) return unreadable();
  std::string text(kMaxFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return unreadable();
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxFileBytes)
    return Problem{"config.too_large", {{"path", printable(file.string())}, {"max", "1 MiB"}}};

  fs::path folder = fs::absolute(file, ec).parent_path();
  if (ec) folder = file.parent_path();
  return parse_feed_config(text, folder);
}

}  // namespace sunlight::feed
