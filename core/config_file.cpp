// Reading a TOML config file: toml++ checks the syntax, the program's key table decides what may be in it.
#include "core/config_file.hpp"

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <limits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/text.hpp"

namespace sunlight::core {
namespace {

namespace fs = std::filesystem;

// A config file is a few dozen lines. Anything this big is the wrong file (a log, a database,
// /dev/zero) and is refused before it is read into memory whole.
constexpr std::size_t kMaxFileBytes = std::size_t{1} << 20;
// Paths and toml++'s reasons are shown in messages; cut them so one message stays one line.
constexpr std::size_t kShownChars = 200;
// toml++ recurses once per level of a dotted key or [table.header] and overflows the stack
// somewhere past 20,000 levels, which a 1 MiB file can hold many times over. Key paths sit on
// one line and inline tables too, and toml++ caps nested arrays and inline tables at 256 itself,
// so a cap on the dots per line outside strings and comments bounds the depth. No config key
// has more than a few; a value has at most one (a float, a time's fraction of a second).
constexpr std::size_t kMaxDotsPerLine = 64;

// Text as a person should see it in a message: valid UTF-8, no control characters, short.
std::string printable(std::string_view original) {
  std::string clean;
  std::size_t count = 0;
  // One character past the limit is enough for ellipsize to know it must cut.
  for (std::size_t pos = 0; pos < original.size() && count <= kShownChars; ++count) {
    char32_t cp = text::next_code_point(original, pos);
    if (cp < 0x20 || cp == 0x7F) cp = 0xFFFD;
    text::append_utf8(clean, cp);
  }
  return text::ellipsize(clean, kShownChars);
}

// The byte offset of the first malformed UTF-8 sequence, if any. A genuine U+FFFD takes three
// bytes; next_code_point returns it after one byte only for a malformed sequence.
std::optional<std::size_t> first_bad_utf8(std::string_view s) noexcept {
  if (text::is_valid_utf8(s)) return std::nullopt;
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t start = pos;
    if (text::next_code_point(s, pos) == 0xFFFD && pos - start == 1) return start;
  }
  return std::nullopt;
}

std::size_t line_at(std::string_view s, std::size_t offset) noexcept {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < s.size(); ++i)
    if (s[i] == '\n') ++line;
  return line;
}

// The first line with more than kMaxDotsPerLine dots outside strings and comments, if any.
// A small TOML lexer: it only needs to know where strings and comments start and end. Where
// the text is not TOML it may guess wrong, and toml++ refuses it a moment later anyway.
std::optional<std::size_t> first_too_deep_line(std::string_view s) noexcept {
  std::size_t line = 1;
  std::size_t dots = 0;
  std::size_t i = 0;
  const auto starts = [&](std::string_view token) { return s.substr(i, token.size()) == token; };
  // Skips to just past `close`, counting lines; `escapes` for basic strings, where \" is no end.
  const auto skip_to = [&](std::string_view close, bool escapes, bool multi_line) {
    while (i < s.size()) {
      if (escapes && s[i] == '\\') {
        if (i + 1 < s.size() && s[i + 1] == '\n') ++line;
        i += 2;
        continue;
      }
      if (s[i] == '\n') {
        if (!multi_line) return;  // an unterminated string; toml++ says so
        ++line;
      }
      if (starts(close)) {
        i += close.size();
        // A multi-line string may end with one or two quotes of its own before the delimiter.
        for (int extra = 0; multi_line && extra < 2 && i < s.size() && s[i] == close[0]; ++extra) ++i;
        return;
      }
      ++i;
    }
  };
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\n') {
      ++line;
      dots = 0;
      ++i;
    } else if (c == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (starts("\"\"\"")) {
      i += 3;
      skip_to("\"\"\"", true, true);
    } else if (starts("'''")) {
      i += 3;
      skip_to("'''", false, true);
    } else if (c == '"') {
      ++i;
      skip_to("\"", true, false);
    } else if (c == '\'') {
      ++i;
      skip_to("'", false, false);
    } else {
      if (c == '.' && ++dots > kMaxDotsPerLine) return line;
      ++i;
    }
  }
  return std::nullopt;
}

std::uint32_t line_of_node(const toml::node& node) noexcept { return node.source().begin.line; }

std::string dotted(std::string_view section, std::string_view key) { return fmt::format("{}.{}", section, key); }

}  // namespace

struct ConfigFile::Impl {
  toml::table root;
  fs::path base_dir;
  std::span<const ConfigKey> known;
  std::string_view example;
  std::optional<Problem> first;
  std::uint32_t first_rank = 0;

  bool is_known_section(std::string_view section) const noexcept {
    for (const auto& k : known)
      if (k.section == section) return true;
    return false;
  }

  bool is_known_key(std::string_view section, std::string_view key) const noexcept {
    for (const auto& k : known)
      if (k.section == section && (k.key == key || k.key == kAnyKey)) return true;
    return false;
  }

  // The section a key written above every [section] most likely belongs to ("" when none).
  std::string_view section_of(std::string_view key) const noexcept {
    for (const auto& k : known)
      if (k.key == key) return k.section;
    return {};
  }

  const toml::node* node(std::string_view section, std::string_view key) const {
    if (!is_known_key(section, key)) return nullptr;
    const auto* table = root[section].as_table();
    return table == nullptr ? nullptr : table->get(key);
  }

  void add(std::string code, std::vector<std::pair<std::string, std::string>> args, std::uint32_t line) {
    const std::uint32_t rank = line == 0 ? std::numeric_limits<std::uint32_t>::max() : line;
    // A program's own fault may carry its line already; a message has one place for it.
    const bool has_line = std::any_of(args.begin(), args.end(), [](const auto& arg) { return arg.first == "line"; });
    if (line != 0 && !has_line) args.emplace_back("line", std::to_string(line));
    if (!first || rank < first_rank) {
      first = Problem{std::move(code), std::move(args)};
      first_rank = rank;
    }
  }

  void bad_type(std::string_view section, std::string_view key, std::string_view expected, const toml::node& found) {
    add("config.bad_type", {{"key", dotted(section, key)}, {"expected", std::string(expected)}}, line_of_node(found));
  }

  void out_of_range(std::string_view section, std::string_view key, std::string min, std::string max) {
    const auto* found = node(section, key);
    add("config.out_of_range", {{"key", dotted(section, key)}, {"min", std::move(min)}, {"max", std::move(max)}},
        found == nullptr ? 0 : line_of_node(*found));
  }

  // Refuses sections and keys the program does not know, and sections that are not tables.
  void check_layout() {
    for (const auto& [name_key, value] : root) {
      const std::string_view name = name_key.str();
      const std::uint32_t line = line_of_node(value);
      if (is_known_section(name)) {
        const auto* section = value.as_table();
        if (section == nullptr) {
          add("config.bad_type", {{"key", std::string(name)}, {"expected", "table"}}, line);
          continue;
        }
        for (const auto& [key, inner] : *section)
          if (!is_known_key(name, key.str()))
            add("config.unknown_key", {{"key", printable(dotted(name, key.str()))}, {"example", std::string(example)}},
                line_of_node(inner));
      } else if (value.is_table()) {
        add("config.unknown_section", {{"key", printable(name)}, {"example", std::string(example)}}, line);
      } else if (const auto section = section_of(name); !section.empty()) {
        add("config.outside_section", {{"key", std::string(name)}, {"section", std::string(section)}}, line);
      } else {
        add("config.unknown_key", {{"key", printable(name)}, {"example", std::string(example)}}, line);
      }
    }
  }
};

ConfigFile::ConfigFile(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ConfigFile::ConfigFile(ConfigFile&&) noexcept = default;
ConfigFile& ConfigFile::operator=(ConfigFile&&) noexcept = default;
ConfigFile::~ConfigFile() = default;

Parsed<ConfigFile> ConfigFile::parse(std::string_view text, const fs::path& base_dir, std::span<const ConfigKey> known,
                                     std::string_view example) {
  // toml++ refuses bad UTF-8 too, but only as a syntax error; a file saved as GBK by a Windows
  // editor deserves a message that says what to do about it.
  if (const auto bad = first_bad_utf8(text))
    return Problem{"config.not_utf8", {{"line", std::to_string(line_at(text, *bad))}}};
  if (const auto line = first_too_deep_line(text)) return Problem{"config.too_deep", {{"line", std::to_string(*line)}}};

  auto impl = std::make_unique<Impl>();
  try {
    impl->root = toml::parse(text);
  } catch (const toml::parse_error& e) {
    return Problem{"config.syntax",
                   {{"line", std::to_string(e.source().begin.line)},
                    {"column", std::to_string(e.source().begin.column)},
                    {"reason", printable(e.description())}}};
  }
  impl->base_dir = base_dir;
  impl->known = known;
  impl->example = example;
  impl->check_layout();
  return ConfigFile(std::move(impl));
}

Parsed<ConfigFile> ConfigFile::load(const fs::path& file, std::span<const ConfigKey> known, std::string_view example) {
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
  return parse(text, folder, known, example);
}

const fs::path& ConfigFile::base_dir() const noexcept { return impl_->base_dir; }

bool ConfigFile::has(std::string_view section, std::string_view key) const {
  return impl_->node(section, key) != nullptr;
}

std::uint32_t ConfigFile::line_of(std::string_view section, std::string_view key) const {
  const auto* found = impl_->node(section, key);
  return found == nullptr ? 0 : line_of_node(*found);
}

std::optional<std::int64_t> ConfigFile::integer(std::string_view section, std::string_view key, std::int64_t min,
                                                std::int64_t max) {
  const auto* found = impl_->node(section, key);
  if (found == nullptr) return std::nullopt;
  const auto* value = found->as_integer();
  if (value == nullptr) {
    impl_->bad_type(section, key, "integer", *found);
    return std::nullopt;
  }
  if (value->get() < min || value->get() > max) {
    out_of_range(section, key, min, max);
    return std::nullopt;
  }
  return value->get();
}

std::optional<double> ConfigFile::number(std::string_view section, std::string_view key, double min, double max) {
  const auto* found = impl_->node(section, key);
  if (found == nullptr) return std::nullopt;
  double number = 0;
  if (const auto* i = found->as_integer()) {
    number = static_cast<double>(i->get());
  } else if (const auto* f = found->as_floating_point()) {
    number = f->get();
  } else {
    impl_->bad_type(section, key, "number", *found);
    return std::nullopt;
  }
  // Written so that NaN, which compares false with everything, fails it too.
  if (!(number >= min && number <= max)) {
    impl_->out_of_range(section, key, fmt::format("{}", min), fmt::format("{}", max));
    return std::nullopt;
  }
  return number;
}

std::optional<bool> ConfigFile::boolean(std::string_view section, std::string_view key) {
  const auto* found = impl_->node(section, key);
  if (found == nullptr) return std::nullopt;
  const auto* value = found->as_boolean();
  if (value == nullptr) {
    impl_->bad_type(section, key, "boolean", *found);
    return std::nullopt;
  }
  return value->get();
}

std::optional<std::string> ConfigFile::text(std::string_view section, std::string_view key) {
  const auto* found = impl_->node(section, key);
  if (found == nullptr) return std::nullopt;
  const auto* value = found->as_string();
  if (value == nullptr) {
    impl_->bad_type(section, key, "string", *found);
    return std::nullopt;
  }
  const std::string& s = value->get();
  if (s.empty()) {
    impl_->add("config.empty", {{"key", dotted(section, key)}}, line_of_node(*found));
    return std::nullopt;
  }
  // TOML escapes can put a NUL or a newline in a string; neither belongs in an address or path.
  const auto scan = text::scan(s);
  if (scan.control || scan.line_break) {
    impl_->add("config.control_chars", {{"key", dotted(section, key)}}, line_of_node(*found));
    return std::nullopt;
  }
  return s;
}

std::optional<std::vector<std::string>> ConfigFile::text_list(std::string_view section, std::string_view key) {
  const auto* found = impl_->node(section, key);
  if (found == nullptr) return std::nullopt;
  const auto* array = found->as_array();
  constexpr std::string_view kExpected = "array of strings";
  if (array == nullptr) {
    impl_->bad_type(section, key, kExpected, *found);
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : *array) {
    const auto* value = item.as_string();
    if (value == nullptr) {
      impl_->bad_type(section, key, kExpected, item);
      return std::nullopt;
    }
    const std::string& s = value->get();
    if (s.empty()) {
      impl_->add("config.empty", {{"key", dotted(section, key)}}, line_of_node(item));
      return std::nullopt;
    }
    const auto scan = text::scan(s);
    if (scan.control || scan.line_break) {
      impl_->add("config.control_chars", {{"key", dotted(section, key)}}, line_of_node(item));
      return std::nullopt;
    }
    out.push_back(s);
  }
  return out;
}

std::optional<fs::path> ConfigFile::path(std::string_view section, std::string_view key) {
  auto written = text(section, key);
  if (!written) return std::nullopt;
  const fs::path p(std::move(*written));
  return p.is_relative() ? (impl_->base_dir / p).lexically_normal() : p.lexically_normal();
}

void ConfigFile::require(std::string_view section, std::string_view key) {
  if (!has(section, key)) impl_->add("config.missing", {{"key", dotted(section, key)}}, 0);
}

void ConfigFile::out_of_range(std::string_view section, std::string_view key, std::int64_t min, std::int64_t max) {
  impl_->out_of_range(section, key, std::to_string(min), std::to_string(max));
}

void ConfigFile::fault(Problem problem, std::uint32_t line) {
  impl_->add(std::move(problem.code), std::move(problem.args), line);
}

const std::optional<Problem>& ConfigFile::first_fault() const noexcept { return impl_->first; }

}  // namespace sunlight::core
