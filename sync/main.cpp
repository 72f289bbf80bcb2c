// sunlight-sync: the operator's view of a terminal's feed client — one sync, the replica's status, a lookup, or a plain sync loop.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/i18n.hpp"
#include "core/text.hpp"
#include "core/version.hpp"
#include "sync/feed_sync.hpp"
#include "sync/person_lookup.hpp"

namespace {

using namespace sunlight;
using sync::FeedSync;
using sync::SyncStatus;

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsage = 2;

constexpr const char* kHelp =
    "sunlight-sync — a terminal's feed client, for operators and tests\n"
    "\n"
    "usage: sunlight-sync COMMAND --config FILE [--json]\n"
    "\n"
    "  once     sync now (bootstrap or poll until current, heartbeat, outbox), then print the\n"
    "           replica's status; exit 0 when the sync succeeded, 1 when it did not\n"
    "  status   print the replica's status without touching the network or writing anything\n"
    "  run      sync every poll interval until SIGTERM or Ctrl-C, a line per change\n"
    "  lookup   read one resident ID from standard input and print that person's payments as the\n"
    "           kiosk would; the ID is never taken as an argument (shell history, ps) and is\n"
    "           wiped after use\n"
    "\n"
    "FILE is a kiosk's or display's config ([terminal] kind, name, data_dir and [feed]); see\n"
    "config/kiosk.toml. --json prints the status as one JSON object. --help, --version.\n";

struct Usage : std::runtime_error {
  using std::runtime_error::runtime_error;
};

nlohmann::json status_json(const sync::SyncConfig& config, const SyncStatus& s, const sync::TerminalData& d) {
  return {{"terminal", config.name},
          {"kind", config.kind == sync::TerminalKind::Kiosk ? "kiosk" : "display"},
          {"scope", config.scope},
          {"scope_name", d.regions.full_name()},
          {"feed", config.feed_url},
          {"connection", std::string(sync::connection_word(s.connection))},
          {"has_data", s.has_data},
          {"people_ready", s.people_ready},
          {"public_seq", s.public_seq},
          {"people_seq", s.people_seq},
          {"last_success", s.last_success},
          {"data_time", s.data_time},
          {"problem", s.problem},
          {"last_error", s.last_error},
          {"rounds", s.rounds},
          {"failed_rounds", s.failed_rounds},
          {"rejected_responses", s.rejected_responses},
          {"bootstraps", s.bootstraps},
          {"entries_applied", s.entries_applied},
          {"clock_skew_seconds", s.clock_skew_seconds},
          {"notices", d.notices.size()},
          {"funds", d.fund_totals.size()},
          {"person_records", d.person_count},
          {"outbox_pending", s.outbox.pending},
          {"outbox_sent", s.outbox.sent},
          {"outbox_refused", s.outbox.refused},
          {"terminal_id", s.terminal_id}};
}

void print_status(const sync::SyncConfig& config, const SyncStatus& s, const sync::TerminalData& d, bool json) {
  if (json) {
    fmt::print("{}\n", status_json(config, s, d).dump());
    return;
  }
  const bool kiosk = config.kind == sync::TerminalKind::Kiosk;
  fmt::print("terminal   {} {} — scope {} {}\n", kiosk ? "kiosk" : "display", config.name, config.scope,
             d.regions.full_name());
  fmt::print("feed       {}  {}{}\n", config.feed_url,
             s.connection == SyncStatus::Connection::Starting ? "not contacted (status reads the replica only)"
                                                              : sync::connection_word(s.connection),
             s.last_success.empty() ? "" : fmt::format(" (last reached {})", s.last_success));
  if (!s.has_data) {
    fmt::print("data       none yet: screens show \"no data yet\"\n");
  } else {
    fmt::print("data       public seq {}{}, updated {}\n", s.public_seq,
               kiosk ? fmt::format(", people seq {}", s.people_seq) : "", s.data_time);
    fmt::print("holds      {} notices, {} funds{}\n", d.notices.size(), d.fund_totals.size(),
               kiosk ? fmt::format(", {} person records", d.person_count) : "");
  }
  fmt::print("outbox     {} pending, {} sent, {} refused\n", s.outbox.pending, s.outbox.sent, s.outbox.refused);
  if (kiosk)
    fmt::print("complaints {}\n", s.terminal_id > 0
                                     ? fmt::format("terminal id {}: tracking numbers begin {:04}", s.terminal_id, s.terminal_id)
                                     : std::string("no terminal id yet: complaints are taken once the kiosk reached the feed"));
  fmt::print("problem    {}\n", s.problem.empty() ? "none" : fmt::format("{}: {}", s.problem, s.last_error));
  if (s.clock_skew_seconds > 120 || s.clock_skew_seconds < -120)
    fmt::print("clock      this terminal's clock is {} s off the feed's: scheduled notices will show at the wrong time\n",
               -s.clock_skew_seconds);
}

sync::SyncConfig read_config(const std::string& path, const char* program) {
  auto config = sync::load_sync_config(path);
  if (!config) throw Usage(fmt::format("{}: {}", path, core::describe(config.problem(), core::Lang::En)));
  auto value = std::move(config).value();
  value.version = fmt::format("{} {}", program, core::kVersion);
  return value;
}

int run_loop(FeedSync& sync, bool json) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sync.start();
  std::int64_t shown_public = -1, shown_people = -1;
  std::string shown_problem = "-";
  for (;;) {
    const timespec second{1, 0};
    const int signal = sigtimedwait(&signals, nullptr, &second);
    if (signal == SIGTERM || signal == SIGINT) break;
    const auto s = sync.status();
    if (s->public_seq != shown_public || s->people_seq != shown_people || s->problem != shown_problem) {
      shown_public = s->public_seq;
      shown_people = s->people_seq;
      shown_problem = s->problem;
      if (json) {
        fmt::print("{}\n", status_json(sync.config(), *s, *sync.data()).dump());
      } else {
        fmt::print("{}  {}  public seq {}  people seq {}  {}\n", s->last_success.empty() ? "-" : s->last_success,
                   sync::connection_word(s->connection), s->public_seq, s->people_seq,
                   s->problem.empty() ? "ok" : s->problem + ": " + s->last_error);
      }
      std::fflush(stdout);
    }
  }
  sync.stop();
  return kOk;
}

int lookup(const sync::SyncConfig& config) {
  std::string typed;
  typed.reserve(256);  // read in place: a growing string would leave copies of the ID in freed memory
  if (!std::getline(std::cin, typed)) {
    fmt::print(stderr, "sunlight-sync lookup: type the resident ID on standard input\n");
    return kUsage;
  }
  const auto result = sync::lookup_person(sync::replica_file(config.data_dir), typed);
  using Outcome = sync::LookupResult::Outcome;
  switch (result.outcome) {
    case Outcome::Found:
      fmt::print("{}", core::statement_text(*result.statement, core::Lang::ZhCn));
      return kOk;
    case Outcome::NotFound:
      fmt::print("no payments to this ID are recorded in scope {}\n", config.scope);
      return kFailed;
    case Outcome::InvalidId:
      fmt::print("{}\n", core::describe(result.problem, core::Lang::En));
      return kFailed;
    case Outcome::NotReady:
      fmt::print("this terminal holds no person records yet: run `sunlight-sync once` first\n");
      return kFailed;
    case Outcome::Damaged:
      fmt::print("the record for this ID is damaged: sync again from a snapshot\n");
      return kFailed;
  }
  return kFailed;
}

int run(const std::vector<std::string>& args) {
  if (args.empty()) throw Usage("a command is needed");
  const std::string command = args[0];
  std::string config_path;
  bool json = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) config_path = args[++i];
    else if (args[i] == "--json") json = true;
    else throw Usage(fmt::format("unknown argument {}", core::text::ellipsize(args[i], 40)));
  }
  if (command != "once" && command != "status" && command != "run" && command != "lookup")
    throw Usage(fmt::format("unknown command {}", core::text::ellipsize(command, 40)));
  if (config_path.empty()) throw Usage("--config FILE is needed");
  const auto config = read_config(config_path, "sunlight-sync");
  if (command == "lookup") return lookup(config);

  // `run` waits for signals with sigtimedwait: block them before any thread starts, so every
  // thread inherits the mask and the signal is only ever taken here.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  FeedSync::Options options;
  options.heartbeats = command != "status";
  options.read_only = command == "status";
  FeedSync sync(config, options);
  if (command == "run") return run_loop(sync, json);
  bool ok = true;
  if (command == "once") ok = sync.run_round().ok;
  print_status(config, *sync.status(), *sync.data(), json);
  return ok ? kOk : kFailed;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    fmt::print("{}", kHelp);
    return args.empty() ? kUsage : kOk;
  }
  if (args[0] == "--version") {
    fmt::print("sunlight-sync {}\n", core::kVersion);
    return kOk;
  }
  try {
    core::crypto_init();
    return run(args);
  } catch (const Usage& e) {
    fmt::print(stderr, "sunlight-sync: {} (see sunlight-sync --help)\n", e.what());
    return kUsage;
  } catch (const std::exception& e) {
    fmt::print(stderr, "sunlight-sync: {}\n", e.what());
    return kFailed;
  }
}
