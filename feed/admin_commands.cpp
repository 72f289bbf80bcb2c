// The user and terminal subcommands: argument parsing, the store, and tables a person can read.
#include "feed/admin_commands.hpp"

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include <SQLiteCpp/Exception.h>
#include <fmt/format.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include "core/text.hpp"
#include "feed/errors.hpp"
#include "feed/store.hpp"
#include "feed/terminals.hpp"
#include "feed/users.hpp"

namespace sunlight::feed {
namespace {

constexpr int kOk = 0;
constexpr int kRefused = 1;
constexpr int kUsage = 2;

// ───────────────────────── usage texts ─────────────────────────

constexpr std::string_view kUserUsage =
    "usage: sunlight-feed user add --data-dir DIR --role ROLE --region CODE [--name DISPLAY_NAME]\n"
    "                              [--password-cost interactive|minimum] USERNAME\n"
    "       sunlight-feed user list --data-dir DIR\n"
    "       sunlight-feed user disable --data-dir DIR USERNAME\n"
    "       sunlight-feed user unlock --data-dir DIR USERNAME\n"
    "\n"
    "Roles: village_cadre (村干部, region a village), town_admin (镇街管理员, a town),\n"
    "       district_admin (区管理员, the district), auditor (审计员, any region; reads only).\n"
    "The password is read from standard input (typed twice when it is a terminal), never from\n"
    "the command line. Use --password-cost minimum only for tests and demos.\n"
    "unlock ends at once the lock that wrong passwords put on a username (see [cadre]\n"
    "lockout_failures in feed.toml).\n";

constexpr std::string_view kTerminalUsage =
    "usage: sunlight-feed terminal enroll --data-dir DIR --kind kiosk|display --scope CODE NAME\n"
    "       sunlight-feed terminal list --data-dir DIR [--stale-after SECONDS] [--offline-after SECONDS]\n"
    "       sunlight-feed terminal revoke --data-dir DIR ID\n"
    "\n"
    "A kiosk's scope is a village or a town; a display's any region. enroll prints the terminal's\n"
    "device token once: put it in the terminal's config. list shows each terminal's health\n"
    "(stale after 120 s without a heartbeat, offline after 900 s, unless told otherwise).\n";

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ───────────────────────── arguments ─────────────────────────

struct Args {
  std::map<std::string, std::string, std::less<>> options;
  std::vector<std::string> positional;
  bool help = false;

  [[nodiscard]] std::optional<std::string> get(std::string_view name) const {
    const auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
  }
  [[nodiscard]] std::string required(std::string_view name) const {
    auto v = get(name);
    if (!v) throw UsageError(fmt::format("--{} is required", name));
    return *v;
  }
};

// Options all take a value ("--name V" or "--name=V"); "--" ends them.
Args parse_args(std::span<const std::string> args, const std::set<std::string, std::less<>>& known) {
  Args out;
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (options_done || !a.starts_with("-") || a == "-") {
      out.positional.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    if (a == "--help" || a == "-h") {
      out.help = true;
      continue;
    }
    if (!a.starts_with("--")) throw UsageError(fmt::format("unknown option {}", a));
    std::string name = a.substr(2);
    std::optional<std::string> value;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (!known.contains(name)) throw UsageError(fmt::format("unknown option --{}", name));
    if (!value) {
      if (i + 1 >= args.size()) throw UsageError(fmt::format("--{} needs a value", name));
      value = args[++i];
    }
    if (out.options.contains(name)) throw UsageError(fmt::format("--{} is given twice", name));
    out.options.emplace(std::move(name), std::move(*value));
  }
  return out;
}

void expect_positional(const Args& args, std::size_t n, std::string_view what) {
  if (args.positional.size() < n) throw UsageError(fmt::format("missing {}", what));
  if (args.positional.size() > n)
    throw UsageError(fmt::format("unexpected argument {}", args.positional[n]));
}

std::int64_t parse_positive(std::string_view text, std::string_view what) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v <= 0)
    throw UsageError(fmt::format("{} must be a positive whole number, not \"{}\"", what, text));
  return v;
}

// ───────────────────────── environment ─────────────────────────

std::string cli_actor() {
  const char* user = std::getenv("USER");
  std::string_view name = user ? user : "";
  const auto scan = core::text::scan(name);
  if (name.empty() || !scan.valid_utf8 || scan.control || scan.line_break) name = "unknown";
  return "cli:" + core::text::ellipsize(name, 32);
}

// Opens the data dir's store; never creates one (that is `sunlight-feed init`).
std::unique_ptr<Store> open_store(const std::string& data_dir) {
  const auto file = store_file(data_dir);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw StoreError(fmt::format("{} holds no store: run sunlight-feed init --data-dir {} first", data_dir, data_dir));
  return std::make_unique<Store>(file.string());
}

// Turns off echo on standard input while a password is typed; restores it however we leave.
class EchoOff {
 public:
  EchoOff() {
    if (tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

void wipe(std::string& secret) noexcept {
  if (!secret.empty()) sodium_memzero(secret.data(), secret.size());
  secret.clear();
}

bool read_line(std::istream& in, std::string& line) {
  if (!std::getline(in, line)) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

// The password for `username`: typed twice without echo on a terminal, else the first line of `in`.
std::string read_password(std::istream& in, std::ostream& err, std::string_view username) {
  std::string first;
  if (&in == &std::cin && isatty(STDIN_FILENO) == 1) {
    std::string second;
    {
      EchoOff quiet;
      err << "Password for " << username << ": " << std::flush;
      const bool got_first = read_line(in, first);
      err << "\nAgain: " << std::flush;
      const bool got_second = got_first && read_line(in, second);
      err << '\n';
      if (!got_second) throw ApiError(400, "bad_field", "password: none was typed");
    }
    const bool same = first == second;
    wipe(second);
    if (!same) {
      wipe(first);
      throw ApiError(400, "bad_field", "password: the two entries differ");
    }
  } else if (!read_line(in, first)) {
    throw ApiError(400, "bad_field", "password: standard input is empty (give the password on its first line)");
  }
  if (first.empty()) throw ApiError(400, "bad_field", "password: an empty password is refused");
  return first;
}

// ───────────────────────── tables ─────────────────────────

// Columns a terminal shows two cells wide (East Asian Wide and Fullwidth), so CJK names line up.
int cell_width(char32_t cp) noexcept {
  const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0xA4CF) ||
                    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
                    (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
  return wide ? 2 : 1;
}

// What may be printed to an administrator's terminal: control characters (escape sequences,
// bidi overrides) become '?', line breaks and tabs a space, and long text is cut.
std::string printable(std::string_view s, std::size_t max_chars = 60) {
  std::string out;
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t start = pos;
    const char32_t cp = core::text::next_code_point(s, pos);
    if (cp == '\n' || cp == '\r' || cp == '\t') out.push_back(' ');
    else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
      out.push_back('?');
    else out.append(s.substr(start, pos - start));
  }
  return core::text::ellipsize(out, max_chars);
}

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t pos = 0; pos < s.size();) w += static_cast<std::size_t>(cell_width(core::text::next_code_point(s, pos)));
  return w;
}

void print_table(std::ostream& out, const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) widths[c] = display_width(header[c]);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], display_width(row[c]));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      text += cells[c];
      if (c + 1 < cells.size()) text.append(widths[c] - display_width(cells[c]) + 2, ' ');
    }
    out << text << '\n';
  };
  line(header);
  for (const auto& row : rows) line(row);
}

// ───────────────────────── user ─────────────────────────

int user_add(const Args& args, std::istream& in, std::ostream& out, std::ostream& err) {
  expect_positional(args, 1, "USERNAME");
  const std::string data_dir = args.required("data-dir");
  const auto role = parse_role(args.required("role"));
  if (!role) throw UsageError(fmt::format("unknown role \"{}\" (village_cadre, town_admin, district_admin, auditor)",
                                          printable(args.required("role"), 30)));
  const std::string region = args.required("region");
  PasswordCost cost = PasswordCost::Interactive;
  if (const auto c = args.get("password-cost")) {
    if (*c == "minimum") cost = PasswordCost::Minimum;
    else if (*c != "interactive") throw UsageError("--password-cost is interactive or minimum");
  }
  const std::string& username = args.positional[0];
  auto store = open_store(data_dir);  // before the password: no store, nothing to type
  NewUser nu{username, args.get("name").value_or(username), *role, region, read_password(in, err, username)};
  try {
    const User u = add_user(store->db(), nu, cli_actor(), core::now_utc(), cost);
    wipe(nu.password);
    out << fmt::format("added user {} ({}, {} of {})\n", u.username, u.display_name, role_name(u.role), u.region_code);
  } catch (...) {
    wipe(nu.password);
    throw;
  }
  return kOk;
}

int user_list(const Args& args, std::ostream& out) {
  expect_positional(args, 0, "");
  auto store = open_store(args.required("data-dir"));
  const auto users = list_users(store->db());
  if (users.empty()) {
    out << "no users yet: add one with sunlight-feed user add\n";
    return kOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& u : users)
    rows.push_back({printable(u.username), printable(u.display_name),
                    fmt::format("{} ({})", role_name(u.role), role_name(u.role, core::Lang::ZhCn)), printable(u.region_code),
                    u.disabled ? "disabled" : "active"});
  print_table(out, {"USERNAME", "NAME", "ROLE", "REGION", "STATUS"}, rows);
  return kOk;
}

int user_disable(const Args& args, std::ostream& out) {
  expect_positional(args, 1, "USERNAME");
  auto store = open_store(args.required("data-dir"));
  disable_user(store->db(), args.positional[0], cli_actor(), core::now_utc());
  out << fmt::format("disabled user {}; their sessions have ended\n", printable(args.positional[0]));
  return kOk;
}

int user_unlock(const Args& args, std::ostream& out) {
  expect_positional(args, 1, "USERNAME");
  auto store = open_store(args.required("data-dir"));
  const bool was_locked = unlock_user(store->db(), args.positional[0], cli_actor(), core::now_utc());
  if (was_locked)
    out << fmt::format("unlocked {}: they may log in again\n", printable(args.positional[0]));
  else
    out << fmt::format("{} was not locked; nothing to do\n", printable(args.positional[0]));
  return kOk;
}

// ───────────────────────── terminal ─────────────────────────

int terminal_enroll(const Args& args, std::ostream& out) {
  expect_positional(args, 1, "NAME");
  const std::string data_dir = args.required("data-dir");
  const auto kind = parse_terminal_kind(args.required("kind"));
  if (!kind) throw UsageError("--kind is kiosk or display");
  const std::string scope = args.required("scope");
  auto store = open_store(data_dir);
  const Enrolment e = enroll_terminal(store->db(), *kind, scope, args.positional[0], cli_actor(), core::now_utc());
  out << fmt::format("enrolled terminal {}: {} \"{}\" for {}\n", e.id, terminal_kind_name(*kind),
                     printable(args.positional[0]), printable(scope));
  out << fmt::format("device token: {}\n", e.token);
  out << "This token is shown only once: put it in the terminal's config now. If it is lost, revoke\n"
         "the terminal and enrol it again.\n";
  return kOk;
}

int terminal_list(const Args& args, std::ostream& out) {
  expect_positional(args, 0, "");
  const std::chrono::seconds stale{args.get("stale-after") ? parse_positive(*args.get("stale-after"), "--stale-after") : 120};
  const std::chrono::seconds offline{
      args.get("offline-after") ? parse_positive(*args.get("offline-after"), "--offline-after") : 900};
  if (offline <= stale) throw UsageError("--offline-after must be more than --stale-after");
  auto store = open_store(args.required("data-dir"));
  const auto terminals = list_terminals(store->db());
  if (terminals.empty()) {
    out << "no terminals enrolled yet: enrol one with sunlight-feed terminal enroll\n";
    return kOk;
  }
  const core::Timestamp t = core::now_utc();
  std::vector<std::vector<std::string>> rows;
  for (const auto& term : terminals) {
    const bool seen = term.last_seen_at.has_value();
    rows.push_back({std::to_string(term.id), printable(term.name, 40), std::string(terminal_kind_name(term.kind)),
                    printable(term.scope), std::string(terminal_state_name(state_of(term, t, stale, offline))),
                    seen ? core::format_shanghai_datetime(*term.last_seen_at) : "never",
                    seen ? printable(term.version, 20) : "-", seen ? std::to_string(term.data_seq) : "-",
                    term.last_error.empty() ? "-" : printable(term.last_error, 60)});
  }
  print_table(out, {"ID", "NAME", "KIND", "SCOPE", "STATE", "LAST SEEN (UTC+8)", "VERSION", "DATA SEQ", "LAST ERROR"},
              rows);
  return kOk;
}

int terminal_revoke(const Args& args, std::ostream& out) {
  expect_positional(args, 1, "ID");
  const std::int64_t id = parse_positive(args.positional[0], "ID");
  auto store = open_store(args.required("data-dir"));
  revoke_terminal(store->db(), id, cli_actor(), core::now_utc());
  out << fmt::format("revoked terminal {}: its token no longer works\n", id);
  return kOk;
}

// ───────────────────────── dispatch ─────────────────────────

struct Subcommand {
  std::string_view name;
  std::set<std::string, std::less<>> options;
};

template <class Run>
int dispatch(std::string_view group, std::string_view usage, std::span<const Subcommand> subs,
             std::span<const std::string> args, std::ostream& out, std::ostream& err, Run run) {
  const std::string names = [&] {
    std::string s;
    for (const auto& sub : subs) s += (s.empty() ? "" : ", ") + std::string(sub.name);
    return s;
  }();
  if (args.empty()) {
    err << fmt::format("sunlight-feed {}: missing subcommand ({})\n", group, names)
        << fmt::format("run 'sunlight-feed {} --help' for usage\n", group);
    return kUsage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    out << usage;
    return kOk;
  }
  const Subcommand* sub = nullptr;
  for (const auto& s : subs)
    if (args[0] == s.name) sub = &s;
  if (!sub) {
    err << fmt::format("sunlight-feed {}: unknown subcommand \"{}\" ({})\n", group, printable(args[0], 30), names)
        << fmt::format("run 'sunlight-feed {} --help' for usage\n", group);
    return kUsage;
  }
  const std::string where = fmt::format("sunlight-feed {} {}", group, sub->name);
  try {
    const Args parsed = parse_args(args.subspan(1), sub->options);
    if (parsed.help) {
      out << usage;  // the group's usage: short enough to show whole, and it explains the words
      return kOk;
    }
    return run(sub->name, parsed);
  } catch (const UsageError& e) {
    err << where << ": " << e.what() << '\n' << fmt::format("run '{} --help' for usage\n", where);
    return kUsage;
  } catch (const ApiError& e) {
    err << where << ": " << printable(e.detail(), 300) << '\n';
    return kRefused;
  } catch (const StoreError& e) {
    err << where << ": " << e.what() << '\n';
    return kRefused;
  } catch (const SQLite::Exception& e) {
    err << where << ": the store failed: " << e.what() << '\n';
    return kRefused;
  } catch (const std::exception& e) {
    err << where << ": " << e.what() << '\n';
    return kRefused;
  }
}

}  // namespace

int run_user_command(std::span<const std::string> args, std::istream& in, std::ostream& out, std::ostream& err) {
  static const std::vector<Subcommand> subs{
      {"add", {"data-dir", "role", "region", "name", "password-cost"}},
      {"list", {"data-dir"}},
      {"disable", {"data-dir"}},
      {"unlock", {"data-dir"}},
  };
  return dispatch("user", kUserUsage, subs, args, out, err, [&](std::string_view sub, const Args& a) {
    if (sub == "add") return user_add(a, in, out, err);
    if (sub == "list") return user_list(a, out);
    if (sub == "unlock") return user_unlock(a, out);
    return user_disable(a, out);
  });
}

// No terminal command reads input; the signature matches run_user_command so main() dispatches alike.
int run_terminal_command(std::span<const std::string> args, std::istream& /*in*/, std::ostream& out, std::ostream& err) {
  static const std::vector<Subcommand> subs{
      {"enroll", {"data-dir", "kind", "scope"}},
      {"list", {"data-dir", "stale-after", "offline-after"}},
      {"revoke", {"data-dir"}},
  };
  return dispatch("terminal", kTerminalUsage, subs, args, out, err, [&](std::string_view sub, const Args& a) {
    if (sub == "enroll") return terminal_enroll(a, out);
    if (sub == "list") return terminal_list(a, out);
    return terminal_revoke(a, out);
  });
}

}  // namespace sunlight::feed
