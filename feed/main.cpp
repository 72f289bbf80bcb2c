// sunlight-feed: the central feed server and the administrator's command line over its store.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "core/crypto.hpp"
#include "core/i18n.hpp"
#include "core/import.hpp"
#include "core/seal.hpp"
#include "core/signing.hpp"
#include "core/text.hpp"
#include "core/version.hpp"
#include "feed/admin_commands.hpp"
#include "feed/audit.hpp"
#include "feed/config.hpp"
#include "feed/errors.hpp"
#include "feed/importer.hpp"
#include "feed/sealer.hpp"
#include "feed/server.hpp"
#include "feed/store.hpp"
#include "feed/terminals.hpp"
#include "feed/users.hpp"
#include "gen/district_generator.hpp"

namespace {

namespace fs = std::filesystem;
using namespace sunlight;
using Args = std::span<const std::string>;

constexpr int kOk = 0;
constexpr int kRefused = 1;
constexpr int kUsage = 2;

// Wrong use of the command line: one line on stderr and exit 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The store or the data said no: one line on stderr and exit 1.
class Refused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string actor() {
  const char* user = std::getenv("USER");
  return fmt::format("cli:{}", user && *user ? user : "unknown");
}

// Options of the form "--name value" or "--name=value", flags, and positional arguments.
class Options {
 public:
  Options(Args args, std::initializer_list<std::string_view> with_value, std::initializer_list<std::string_view> flags) {
    for (std::size_t i = 0; i < args.size(); ++i) {
      const std::string& a = args[i];
      if (a == "--help" || a == "-h") {
        help_ = true;
        continue;
      }
      if (!a.starts_with("--")) {
        positional_.push_back(a);
        continue;
      }
      const auto eq = a.find('=');
      const std::string name = a.substr(0, eq);
      if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
        if (eq != std::string::npos) throw UsageError(fmt::format("{} takes no value", name));
        values_.emplace_back(name, "");
        continue;
      }
      if (std::find(with_value.begin(), with_value.end(), name) == with_value.end())
        throw UsageError(fmt::format("unknown option {}", core::text::ellipsize(name, 40)));
      if (eq != std::string::npos) {
        values_.emplace_back(name, a.substr(eq + 1));
      } else {
        if (i + 1 >= args.size()) throw UsageError(fmt::format("{} needs a value", name));
        values_.emplace_back(name, args[++i]);
      }
    }
  }
  [[nodiscard]] bool help() const { return help_; }
  [[nodiscard]] bool flag(std::string_view name) const { return get(name).has_value(); }
  [[nodiscard]] std::optional<std::string> get(std::string_view name) const {
    std::optional<std::string> out;
    for (const auto& [k, v] : values_)
      if (k == name) out = v;
    return out;
  }
  [[nodiscard]] std::string require(std::string_view name) const {
    auto v = get(name);
    if (!v || v->empty()) throw UsageError(fmt::format("{} is required", name));
    return *v;
  }
  [[nodiscard]] const std::vector<std::string>& positional() const { return positional_; }

 private:
  bool help_ = false;
  std::vector<std::pair<std::string, std::string>> values_;
  std::vector<std::string> positional_;
};

int parse_int(std::string_view name, const std::string& text, int min, int max) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min || value > max)
    throw UsageError(fmt::format("{} must be a whole number from {} to {}", name, min, max));
  return value;
}

// Opens the store of a data dir made by `init`; never creates one.
std::unique_ptr<feed::Store> open_store(const fs::path& data_dir) {
  if (!fs::is_regular_file(feed::store_file(data_dir)))
    throw Refused(fmt::format("{} holds no feed store: run `sunlight-feed init --data-dir {}` first", data_dir.string(),
                              data_dir.string()));
  return std::make_unique<feed::Store>(feed::store_file(data_dir).string());
}

// ───────────────────────────── init ─────────────────────────────

constexpr std::string_view kInitUsage =
    "usage: sunlight-feed init --data-dir DIR [--cost production|minimum]\n"
    "\n"
    "Creates the feed's store (DIR/feed.sqlite) with a new change-log identity and the\n"
    "deployment's sealing salt, and its Ed25519 signing key (DIR/signing.key, mode 0600: back it\n"
    "up, never share it), then prints the public key every terminal must pin. Refuses when\n"
    "DIR/feed.sqlite exists. A DIR/signing.key already there is kept, not replaced, so that a\n"
    "deployment rebuilt from scratch keeps the key its terminals pinned. --cost minimum makes\n"
    "person records cheap to open: for tests and demos only; production (the default) costs each\n"
    "lookup ~0.1 s of Argon2id.\n";

struct Initialised {
  std::string public_key;  // "ed25519:…"
  bool key_kept = false;   // DIR/signing.key was there already and is used as it is
};

// The signing key already in a data dir, or a refusal that says why it cannot be used.
core::SigningKey existing_key(const fs::path& path) {
  if (!fs::is_regular_file(path))
    throw Refused(fmt::format("{} exists but is not a file; move it away or make it a signing key", path.string()));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Refused(fmt::format("cannot read {}: {}", path.string(), std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = core::SigningKey::parse(core::text::trim(text.str()));
  if (!parsed)
    throw Refused(fmt::format("{} is not a Sunlight signing key; init keeps an existing key and never replaces one: "
                              "restore the right file or move it away",
                              path.string()));
  return std::move(parsed).value();
}

Initialised initialise(const fs::path& dir, bool minimum_cost) {
  if (fs::exists(dir) && !fs::is_directory(dir)) throw Refused(fmt::format("{} is not a folder", dir.string()));
  if (fs::exists(feed::store_file(dir)))
    throw Refused(fmt::format("{} already holds a feed store (feed.sqlite); init never overwrites one", dir.string()));
  const auto key_path = dir / "signing.key";
  Initialised out;
  if (fs::exists(fs::symlink_status(key_path))) {
    out.public_key = existing_key(key_path).public_key().to_text();
    out.key_kept = true;
  } else {
    fs::create_directories(dir);
    auto key = core::SigningKey::generate();
    const auto path = key_path.string();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) throw Refused(fmt::format("cannot create {}: {}", path, std::strerror(errno)));
    const std::string text = key.to_text() + "\n";
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) throw Refused(fmt::format("cannot write {}", path));
    out.public_key = key.public_key().to_text();
  }
  feed::Store store(feed::store_file(dir).string());  // a new log id comes with the schema
  const auto salt = core::random_bytes(core::kSealSaltBytes);
  feed::save_seal_params(store, minimum_cost ? core::SealParams::minimum(salt) : core::SealParams::production(salt));
  store.set_meta("created_at", core::format_utc_iso(core::now_utc()));
  return out;
}

int run_init(Args args) {
  Options o(args, {"--data-dir", "--cost"}, {});
  if (o.help()) return fmt::print("{}", kInitUsage), kOk;
  if (!o.positional().empty()) throw UsageError("init takes no arguments besides its options");
  const fs::path dir = o.require("--data-dir");
  const auto cost = o.get("--cost").value_or("production");
  if (cost != "production" && cost != "minimum") throw UsageError("--cost must be production or minimum");
  const auto made = initialise(dir, cost == "minimum");
  fmt::print("Created the feed in {} (sealing cost: {}).\n", dir.string(), cost);
  if (made.key_kept) {
    fmt::print("Kept the existing signing key {}: terminals stay pinned to the same key,\n"
               "and load a fresh snapshot because this is a new change log.\n",
               (dir / "signing.key").string());
    fmt::print("Public key (unchanged; every kiosk's and display's feed_public_key):\n  {}\n", made.public_key);
  } else {
    fmt::print("Public key — put it in every kiosk's and display's config as feed_public_key:\n  {}\n", made.public_key);
    fmt::print("The signing key is {}: keep it safe and backed up.\n", (dir / "signing.key").string());
  }
  return kOk;
}

// ───────────────────────────── restored ─────────────────────────────

constexpr std::string_view kRestoredUsage =
    "usage: sunlight-feed restored --data-dir DIR\n"
    "\n"
    "Run it after putting DIR/feed.sqlite back from a backup, with the server stopped (a running\n"
    "server goes on naming the old identity until it is restarted). Gives the store's change log\n"
    "a new identity (log_id), so that every kiosk and display sees that the log it followed is\n"
    "gone and loads a fresh snapshot instead of carrying on from its cursor. Nothing else\n"
    "changes: the data, the signing key and the terminals' tokens stay as they are. Written to\n"
    "the audit log.\n";

int run_restored(Args args) {
  Options o(args, {"--data-dir"}, {});
  if (o.help()) return fmt::print("{}", kRestoredUsage), kOk;
  if (!o.positional().empty()) throw UsageError("restored takes no arguments besides its options");
  const fs::path dir = o.require("--data-dir");
  auto store = open_store(dir);
  std::string old_id, new_id;
  {
    feed::WriteTransaction tx(store->db());
    old_id = store->meta("log_id");
    new_id = store->renew_log_id();
    feed::record_audit(store->db(), feed::AuditEntry{core::now_utc(), actor(), "", "store.restored", "store",
                                                     {{"old_log_id", old_id}, {"new_log_id", new_id}}, ""});
    tx.commit();
  }
  fmt::print("The change log in {} has a new identity: log_id {} (was {}).\n", dir.string(), new_id, old_id);
  fmt::print("Every kiosk and display will load a fresh snapshot instead of continuing from its cursor, once\n"
             "it polls the restarted server and gets a body. Start (or restart) the server now.\n");
  return kOk;
}

// ───────────────────────────── import / seal ─────────────────────────────

constexpr std::string_view kImportUsage =
    "usage: sunlight-feed import KIND FILE.csv --data-dir DIR [--encoding auto|utf-8|gb18030]\n"
    "                            [--lang zh-CN|en] [--no-seal]\n"
    "\n"
    "KIND is regions, funds, stages, payments or notices (import them in that order the first\n"
    "time). The whole file goes in, or — when any row is wrong — nothing does, and every bad row\n"
    "is listed with its line, column and reason. Importing the same payments again never\n"
    "duplicates them. After payments, the records of everyone paid are sealed for the kiosks\n"
    "(skip with --no-seal; `sunlight-feed seal` or the running server does it later).\n"
    "The formats: docs/import-formats.md.\n";

constexpr std::string_view kSealUsage =
    "usage: sunlight-feed seal --data-dir DIR [--threads N]\n"
    "\n"
    "Seals the person records an import left pending (after --no-seal or an interrupted run).\n"
    "Safe to stop at any time: what is done stays done.\n";

void seal_now(feed::Store& store, unsigned threads) {
  const auto pending = feed::pending_persons(store);
  if (pending == 0) return;
  fmt::print(stderr, "sealing {} person records…\n", core::text::group_thousands(pending));
  feed::SealOptions options;
  options.threads = threads;
  options.now = core::now_utc();
  int last_percent = -1;
  options.progress = [&](std::size_t done, std::size_t total) {
    const int percent = total ? static_cast<int>(100 * done / total) : 100;
    if (percent / 10 != last_percent / 10) {
      fmt::print(stderr, "sealing: {:3d}% ({} of {})\n", percent, core::text::group_thousands(done),
                 core::text::group_thousands(total));
      last_percent = percent;
    }
  };
  const auto outcome = feed::seal_pending(store, options);
  fmt::print("sealed {} person records ({} keys derived, the rest from the cache)\n",
             core::text::group_thousands(outcome.sealed), core::text::group_thousands(outcome.derived));
}

// Imports one file; prints the report. Returns whether it went in.
bool import_file(feed::Store& store, core::ImportKind kind, const fs::path& file, core::ImportOptions read,
                 core::Lang lang) {
  if (!fs::exists(file)) throw Refused(fmt::format("{}: no such file", file.string()));
  if (!fs::is_regular_file(file)) throw Refused(fmt::format("{}: not a file", file.string()));
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Refused(fmt::format("cannot read {}: {}", file.string(), std::strerror(errno)));
  const auto size = fs::file_size(file);
  int last_percent = -1;
  if (size >= (1u << 20)) {
    read.progress = [&, size](std::uint64_t bytes) {
      const int percent = static_cast<int>(100 * std::min<std::uint64_t>(bytes, size) / size);
      if (percent / 10 != last_percent / 10) {
        fmt::print(stderr, "{}: {:3d}%\n", file.filename().string(), percent);
        last_percent = percent;
      }
    };
  }
  feed::ImportRun run;
  run.read = read;
  run.actor = actor();
  run.file_name = file.filename().string();
  run.now = core::now_utc();
  const auto outcome = feed::import_csv(store, kind, in, run);
  const auto& report = outcome.report;
  if (!report.ok()) {
    fmt::print("{}", report.render(lang, SIZE_MAX));
    fmt::print(stderr,
               fmt::runtime(lang == core::Lang::En ? "{}: {} bad rows, {} problems — nothing was imported\n"
                                                   : "{}：{} 行有错，共 {} 处问题——整个文件没有导入\n"),
               file.filename().string(), core::text::group_thousands(report.bad_rows()),
               core::text::group_thousands(report.errors().size()));
    return false;
  }
  fmt::print("{}: {} rows — {} new or changed, {} already there; {} feed entries; {} person records to seal\n",
             file.filename().string(), core::text::group_thousands(report.good_rows()),
             core::text::group_thousands(outcome.new_rows), core::text::group_thousands(outcome.unchanged_rows),
             core::text::group_thousands(outcome.changes), core::text::group_thousands(outcome.persons_marked));
  return true;
}

int run_import(Args args) {
  Options o(args, {"--data-dir", "--encoding", "--lang"}, {"--no-seal"});
  if (o.help()) return fmt::print("{}", kImportUsage), kOk;
  if (o.positional().size() != 2) throw UsageError("import needs KIND and FILE");
  const auto kind = core::parse_import_kind(o.positional()[0]);
  if (!kind) throw UsageError(core::describe(kind.problem(), core::Lang::En));
  core::ImportOptions read;
  if (auto e = o.get("--encoding")) {
    auto parsed = core::parse_encoding(*e);
    if (!parsed) throw UsageError(core::describe(parsed.problem(), core::Lang::En));
    read.encoding = *parsed;
  }
  core::Lang lang = core::Lang::ZhCn;
  if (auto l = o.get("--lang")) {
    auto parsed = core::parse_lang(*l);
    if (!parsed) throw UsageError(core::describe(parsed.problem(), core::Lang::En));
    lang = *parsed;
  }
  const fs::path file = o.positional()[1];
  auto store = open_store(o.require("--data-dir"));
  if (!import_file(*store, *kind, file, read, lang)) return kRefused;
  if (!o.flag("--no-seal")) seal_now(*store, 0);
  return kOk;
}

int run_seal(Args args) {
  Options o(args, {"--data-dir", "--threads"}, {});
  if (o.help()) return fmt::print("{}", kSealUsage), kOk;
  if (!o.positional().empty()) throw UsageError("seal takes no arguments besides its options");
  const unsigned threads = o.get("--threads") ? static_cast<unsigned>(parse_int("--threads", *o.get("--threads"), 1, 64)) : 0;
  auto store = open_store(o.require("--data-dir"));
  if (feed::pending_persons(*store) == 0) {
    fmt::print("nothing to seal: every person record is up to date\n");
    return kOk;
  }
  seal_now(*store, threads);
  return kOk;
}

// ───────────────────────────── serve ─────────────────────────────

constexpr std::string_view kServeUsage =
    "usage: sunlight-feed serve [--config FILE] [--data-dir DIR] [--port N] [--listen ADDRESS]\n"
    "\n"
    "Serves the feed (docs/feed-protocol.md) until SIGTERM or Ctrl-C. Settings come from the\n"
    "config file (example: config/feed.toml); the options override it. Without --config,\n"
    "--data-dir is required and everything else has its default: 127.0.0.1, port 8480.\n"
    "--port 0 takes any free port. Prints `listening on http://ADDRESS:PORT` once ready.\n";

int run_serve(Args args) {
  Options o(args, {"--config", "--data-dir", "--port", "--listen"}, {});
  if (o.help()) return fmt::print("{}", kServeUsage), kOk;
  if (!o.positional().empty()) throw UsageError("serve takes no arguments besides its options");
  feed::FeedConfig config;
  if (auto file = o.get("--config")) {
    auto loaded = feed::load_feed_config(*file);
    if (!loaded) throw Refused(fmt::format("{}: {}", *file, core::describe(loaded.problem(), core::Lang::En)));
    config = *loaded;
  } else if (!o.get("--data-dir")) {
    throw UsageError("serve needs --config FILE or --data-dir DIR");
  }
  if (auto dir = o.get("--data-dir")) config.data_dir = fs::absolute(*dir);
  if (auto port = o.get("--port")) config.port = parse_int("--port", *port, 0, 65535);
  if (auto listen = o.get("--listen")) config.listen_address = *listen;

  // SIGTERM and SIGINT are taken by one thread that stops the server; every other thread
  // (the server's workers inherit this mask) never sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  feed::FeedServer server(config);
  const int port = server.bind();
  // The stopper keeps asking until run() has returned: a signal that arrives before the server
  // is listening would otherwise be lost (stop() does nothing until then).
  std::atomic<bool> returned{false};
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    while (!returned.load()) {
      server.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  const auto finish = [&] {
    returned.store(true);
    ::kill(::getpid(), SIGTERM);  // wakes the stopper when no signal came (listening failed)
    stopper.join();
  };
  fmt::print("listening on http://{}:{}\n", config.listen_address, port);
  std::fflush(stdout);
  try {
    server.run();
  } catch (...) {
    finish();
    throw;
  }
  finish();
  return kOk;
}

// ───────────────────────────── demo ─────────────────────────────

constexpr std::string_view kDemoUsage =
    "usage: sunlight-feed demo --data-dir DIR [--scale village|town|district] [--force]\n"
    "\n"
    "Builds a complete demo feed in DIR: init (minimum sealing cost), generates the demo\n"
    "district, imports all five files, seals the person records, enrols a kiosk and two\n"
    "displays, creates a village cadre and a district administrator, then prints the tokens,\n"
    "both logins (for the console at /console/) and resident IDs worth trying. --force first\n"
    "deletes DIR, but only when DIR is a feed data dir.\n";

std::string readable_password() {
  constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";  // no 0/o, 1/l/i
  const auto bytes = core::random_bytes(14);
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 5 || i == 10) out += '-';
    out += kAlphabet[static_cast<unsigned char>(bytes[i]) % kAlphabet.size()];
  }
  return out;
}

std::string first_code(SQLite::Database& db, int length) {
  SQLite::Statement q(db, "SELECT min(code) FROM regions WHERE length(code) = ?");
  q.bind(1, length);
  q.executeStep();
  return q.getColumn(0).isNull() ? std::string{} : q.getColumn(0).getString();
}

int run_demo(Args args) {
  Options o(args, {"--data-dir", "--scale"}, {"--force"});
  if (o.help()) return fmt::print("{}", kDemoUsage), kOk;
  if (!o.positional().empty()) throw UsageError("demo takes no arguments besides its options");
  const fs::path dir = o.require("--data-dir");
  gen::GeneratorOptions gen_options;
  if (auto s = o.get("--scale")) {
    auto scale = gen::parse_scale(*s);
    if (!scale) throw UsageError("--scale must be village, town or district");
    gen_options.scale = *scale;
  }
  if (fs::exists(dir)) {
    const bool is_feed = fs::is_regular_file(feed::store_file(dir));
    const bool empty = fs::is_directory(dir) && fs::is_empty(dir);
    if (is_feed && o.flag("--force"))
      fs::remove_all(dir);
    else if (is_feed)
      throw Refused(fmt::format("{} already holds a feed; add --force to replace it", dir.string()));
    else if (!empty)
      throw Refused(fmt::format("{} exists and is not a feed data dir; choose a new folder", dir.string()));
  }

  const auto public_key = initialise(dir, true).public_key;
  const auto csv = dir / "import";
  fmt::print("generating the demo district ({} scale)…\n", gen::scale_name(gen_options.scale));
  const auto summary = gen::generate_district(gen_options, csv);
  auto store = open_store(dir);
  for (const auto kind : {core::ImportKind::Regions, core::ImportKind::Funds, core::ImportKind::Stages,
                          core::ImportKind::Payments, core::ImportKind::Notices}) {
    if (!import_file(*store, kind, csv / std::string(core::import_file_name(kind)), {}, core::Lang::En))
      throw Refused("the generated demo data did not import (a bug: please report it)");
  }
  seal_now(*store, 0);

  auto& db = store->db();
  const auto town = first_code(db, 9);
  const auto village = first_code(db, 12);
  const auto kiosk = feed::enroll_terminal(db, feed::TerminalKind::Kiosk, village, "演示触摸屏（村委会）", actor(), core::now_utc());
  const auto village_display =
      feed::enroll_terminal(db, feed::TerminalKind::Display, village, "演示大屏（村委会）", actor(), core::now_utc());
  const auto town_display = feed::enroll_terminal(db, feed::TerminalKind::Display, town, "演示大屏（镇便民服务中心）", actor(), core::now_utc());
  const std::string password = readable_password();
  feed::add_user(db, feed::NewUser{"cadre", "演示村干部", feed::Role::VillageCadre, village, password}, actor(), core::now_utc(),
                 feed::PasswordCost::Minimum);
  const std::string admin_password = readable_password();
  feed::add_user(db, feed::NewUser{"admin", "演示区管理员", feed::Role::DistrictAdmin, first_code(db, 6), admin_password}, actor(),
                 core::now_utc(), feed::PasswordCost::Minimum);

  fmt::print("\nThe demo feed is ready in {}.\n\n", dir.string());
  fmt::print("public key (terminals pin it):  {}\n", public_key);
  fmt::print("village {} · town {}\n", village, town);
  fmt::print("kiosk token ({}):            {}\n", village, kiosk.token);
  fmt::print("display token ({}):          {}\n", village, village_display.token);
  fmt::print("display token ({}):             {}\n", town, town_display.token);
  fmt::print("cadre login:  user cadre  password {}  (village cadre of {})\n", password, village);
  fmt::print("admin login:  user admin  password {}  (district administrator: terminals, audit)\n", admin_password);
  fmt::print("\nresident IDs to try at the kiosk:\n");
  for (const auto& s : summary.samples) fmt::print("  {}  {}\n", s.resident_id, s.description);
  fmt::print("\nserve it:  sunlight-feed serve --data-dir {}\n", dir.string());
  return kOk;
}

// ───────────────────────────── main ─────────────────────────────

int run_user(Args args) { return feed::run_user_command(args, std::cin, std::cout, std::cerr); }
int run_terminal(Args args) { return feed::run_terminal_command(args, std::cin, std::cout, std::cerr); }

struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(Args);
};

constexpr std::array kCommands{
    Command{"init", "create a feed: store, signing key, sealing salt; print the public key", run_init},
    Command{"import", "import regions|funds|stages|payments|notices from a CSV file, all or nothing", run_import},
    Command{"seal", "seal the person records an import left pending", run_seal},
    Command{"user", "add, list, disable or unlock cadres and administrators", run_user},
    Command{"terminal", "enrol, list or revoke kiosks and displays", run_terminal},
    Command{"serve", "serve the feed over HTTP", run_serve},
    Command{"restored", "after restoring feed.sqlite from a backup: make every terminal load a snapshot again", run_restored},
    Command{"demo", "build a complete demo feed with terminals and a cadre", run_demo},
};

void print_help() {
  fmt::print("sunlight-feed {} — the central feed of Sunlight (阳光)\n\nUsage: sunlight-feed COMMAND [OPTIONS]\n\n",
             core::kVersion);
  for (const auto& c : kCommands) fmt::print("  {:<9} {}\n", c.name, c.summary);
  fmt::print(
      "\n`sunlight-feed COMMAND --help` explains each. The protocol: docs/feed-protocol.md.\n"
      "Exit status: 0 done, 1 refused (the reason is printed), 2 wrong use of the command line.\n");
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> all(argv + 1, argv + argc);
  if (all.empty() || all[0] == "--help" || all[0] == "-h" || all[0] == "help") {
    print_help();
    return all.empty() ? kUsage : kOk;
  }
  if (all[0] == "--version") {
    fmt::print("sunlight-feed {}\n", core::kVersion);
    return kOk;
  }
  const auto command = std::find_if(kCommands.begin(), kCommands.end(), [&](const Command& c) { return c.name == all[0]; });
  if (command == kCommands.end()) {
    fmt::print(stderr, "sunlight-feed: unknown command {} (see sunlight-feed --help)\n", core::text::ellipsize(all[0], 40));
    return kUsage;
  }
  try {
    core::crypto_init();
    return command->run(Args(all).subspan(1));
  } catch (const UsageError& e) {
    fmt::print(stderr, "sunlight-feed {}: {} (see sunlight-feed {} --help)\n", command->name, e.what(), command->name);
    return kUsage;
  } catch (const feed::ApiError& e) {
    fmt::print(stderr, "sunlight-feed {}: {}\n", command->name, e.detail());
    return kRefused;
  } catch (const SQLite::Exception& e) {
    fmt::print(stderr, "sunlight-feed {}: the store failed: {}\n", command->name, e.what());
    return kRefused;
  } catch (const std::exception& e) {
    fmt::print(stderr, "sunlight-feed {}: {}\n", command->name, e.what());
    return kRefused;
  }
}
