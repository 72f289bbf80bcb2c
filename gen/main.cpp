// sunlight-data: the command-line front of the demo-data tools, one subcommand per job.
#include <array>
#include <charconv>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "core/date.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "core/version.hpp"
#include "gen/district_generator.hpp"
#include "gen/lookup_command.hpp"
#include "gen/validate_command.hpp"

namespace {

using Args = std::span<const std::string_view>;

// Wrong use of the command line: one line on stderr, exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Command {
  std::string_view name;
  std::string_view usage;
  std::string_view summary;
  int (*run)(Args args);
};

int run_generate(Args args);

int run_validate(Args args) { return sunlight::gen::validate_command({args.begin(), args.end()}); }
int run_lookup(Args args) { return sunlight::gen::lookup_command({args.begin(), args.end()}); }

constexpr std::array kCommands{
    Command{"generate", "generate --out DIR [--scale village|town|district] [--seed N] [--as-of YYYY-MM-DD]",
            "write a deterministic demo district (regions, funds, stages, payments, notices) as import CSVs",
            run_generate},
    Command{"validate", "validate DIR | validate KIND FILE [--encoding E] [--lang L] [--max-errors N] [--today D]",
            "check import files exactly as the importer will: every bad row with line, column and reason",
            run_validate},
    Command{"lookup", "lookup DIR RESIDENT_ID [--lang zh-CN|en]",
            "print what the kiosk will show for one resident ID: every payment, grouped by year and programme, masked",
            run_lookup},
};

void print_help() {
  fmt::print("sunlight-data {} — demo data for Sunlight (阳光)\n\nUsage:\n", sunlight::core::kVersion);
  for (const auto& c : kCommands) fmt::print("  sunlight-data {}\n      {}\n", c.usage, c.summary);
  fmt::print(
      "  sunlight-data --help | --version\n\n"
      "generate options:\n"
      "  --out DIR        directory to write regions.csv, funds.csv, stages.csv, payments.csv,\n"
      "                   notices.csv and samples.txt into (created if missing)\n"
      "  --scale S        village (~1,000 people), town (~15,000) or district (~400,000);\n"
      "                   default village\n"
      "  --seed N         any unsigned 64-bit number; default {}\n"
      "  --as-of DATE     the day the data ends; default {} (fixed, never today)\n\n"
      "The same options always give byte-identical files. See docs/data-generator.md.\n"
      "validate: see sunlight-data validate --help, and docs/import-formats.md.\n",
      sunlight::gen::kDefaultSeed, sunlight::gen::kDefaultAsOf.iso());
}

// "--name value" or "--name=value"; advances i past what it used.
std::string_view option_value(Args args, std::size_t& i, std::string_view name) {
  const std::string_view arg = args[i];
  if (arg.size() > name.size() && arg[name.size()] == '=') return arg.substr(name.size() + 1);
  if (i + 1 >= args.size()) throw UsageError(fmt::format("{} needs a value", name));
  return args[++i];
}

std::uint64_t parse_seed(std::string_view text) {
  std::uint64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end) {
    throw UsageError(fmt::format("--seed '{}' is not an unsigned 64-bit number", text));
  }
  return value;
}

sunlight::core::CivilDate parse_as_of(std::string_view text) {
  const auto parsed = sunlight::core::parse_date(text);
  if (!parsed.ok()) throw UsageError(fmt::format("--as-of '{}' is not a date (expected YYYY-MM-DD)", text));
  const auto day = parsed.value();
  if (day.year < 2005 || day.year > 2099) throw UsageError(fmt::format("--as-of '{}' must lie in 2005..2099", text));
  return day;
}

int run_generate(Args args) {
  sunlight::gen::GeneratorOptions options;
  std::filesystem::path out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    const auto is = [&](std::string_view name) {
      return arg == name || (arg.size() > name.size() && arg.substr(0, name.size()) == name && arg[name.size()] == '=');
    };
    if (is("--out")) {
      out = std::filesystem::path(std::string(option_value(args, i, "--out")));
    } else if (is("--scale")) {
      const std::string_view value = option_value(args, i, "--scale");
      const auto scale = sunlight::gen::parse_scale(value);
      if (!scale) throw UsageError(fmt::format("--scale '{}' is not one of village, town, district", value));
      options.scale = *scale;
    } else if (is("--seed")) {
      options.seed = parse_seed(option_value(args, i, "--seed"));
    } else if (is("--as-of")) {
      options.as_of = parse_as_of(option_value(args, i, "--as-of"));
    } else {
      throw UsageError(fmt::format("generate: unknown argument '{}'", arg));
    }
  }
  if (out.empty()) throw UsageError("generate needs --out DIR");
  if (options.scale == sunlight::gen::Scale::District) {
    options.progress = [](std::string_view line) { fmt::print(stderr, "{}\n", line); };
  }

  const auto summary = sunlight::gen::generate_district(options, out);
  fmt::print("Generated the {} scale (seed {}, as of {}) into {}\n", sunlight::gen::scale_name(options.scale), options.seed,
             options.as_of.iso(), out.string());
  fmt::print("  regions.csv   {:>12} regions\n", sunlight::core::text::group_thousands(summary.regions));
  fmt::print("  funds.csv     {:>12} funds\n", sunlight::core::text::group_thousands(summary.funds));
  fmt::print("  stages.csv    {:>12} stages\n", sunlight::core::text::group_thousands(summary.stages));
  fmt::print("  payments.csv  {:>12} payments to {} people in {} households, {} in all\n", sunlight::core::text::group_thousands(summary.payments),
             sunlight::core::text::group_thousands(summary.people), sunlight::core::text::group_thousands(summary.households),
             sunlight::core::Money::from_fen(summary.total_paid_fen).format());
  fmt::print("  notices.csv   {:>12} notices\n", sunlight::core::text::group_thousands(summary.notices));
  fmt::print("Sample resident IDs (also in {}):\n", (out / "samples.txt").string());
  for (const auto& s : summary.samples) fmt::print("  {}  {}\n", s.resident_id, s.description);
  return 0;
}

int dispatch(Args args) {
  if (args.empty()) throw UsageError("missing command; try 'sunlight-data --help'");
  const std::string_view first = args.front();
  if (first == "--help" || first == "-h" || first == "help") {
    print_help();
    return 0;
  }
  if (first == "--version") {
    fmt::print("sunlight-data {}\n", sunlight::core::kVersion);
    return 0;
  }
  for (const auto& c : kCommands) {
    if (first == c.name) {
      const Args rest = args.subspan(1);
      for (const auto a : rest) {
        if (a == "--help" || a == "-h") {
          print_help();
          return 0;
        }
      }
      return c.run(rest);
    }
  }
  throw UsageError(fmt::format("unknown command '{}'; try 'sunlight-data --help'", first));
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  try {
    return dispatch(args);
  } catch (const UsageError& e) {
    fmt::print(stderr, "sunlight-data: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "sunlight-data: error: {}\n", e.what());
    return 1;
  }
}
