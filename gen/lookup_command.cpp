// The lookup subcommand: reads regions, funds and payments from a directory and prints one statement.
#include "gen/lookup_command.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "core/import.hpp"
#include "core/statement.hpp"

namespace sunlight::gen {
namespace {

namespace fs = std::filesystem;
using core::Lang;

int usage_error(const std::string& message) {
  std::fprintf(stderr, "sunlight-data lookup: %s\n(usage: sunlight-data lookup DIR RESIDENT_ID [--lang zh-CN|en])\n",
               message.c_str());
  return 2;
}

// Reads one import file with the importer's rules; a bad file is reported and stops the lookup.
template <class T, class Reader>
bool read_file(const fs::path& path, Reader reader, const core::RowSink<T>& sink, Lang lang) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "sunlight-data lookup: %s\n",
                 core::describe(core::Problem{"import.cannot_open", {{"path", path.string()}}}, lang).c_str());
    return false;
  }
  core::ImportOptions options;
  options.today = core::CivilDate{2200, 1, 1};  // reading what is there, not judging dates
  const auto report = reader(in, options, core::ImportReferences{}, sink);
  if (!report.ok()) {
    std::fprintf(stderr, "sunlight-data lookup: %s:\n%s", path.string().c_str(), report.render(lang, 5).c_str());
    return false;
  }
  return true;
}

}  // namespace

int lookup_command(const std::vector<std::string>& args) {
  Lang lang = Lang::ZhCn;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--lang") {
      if (i + 1 >= args.size()) return usage_error("--lang needs a value");
      const auto l = core::parse_lang(args[++i]);
      if (!l) return usage_error(core::describe(l.problem(), Lang::En));
      lang = *l;
    } else if (args[i].starts_with("--")) {
      return usage_error("unknown option " + args[i]);
    } else {
      positional.push_back(args[i]);
    }
  }
  if (positional.size() != 2) return usage_error("expected DIR and RESIDENT_ID");
  const fs::path dir = positional[0];
  if (!fs::is_directory(dir)) return usage_error("not a directory: " + dir.string());

  const auto id = core::ResidentId::parse(positional[1]);
  if (!id) {
    std::printf("%s\n", core::describe(id.problem(), lang).c_str());
    return 1;
  }

  core::RegionTree regions;
  core::FundIndex funds;
  std::vector<core::Payment> mine;  // only this person's rows are kept, however large the file
  const bool read = read_file<core::Region>(dir / "regions.csv", core::read_regions,
                                            [&](core::Region&& r) { regions.add(std::move(r)); }, lang) &&
                    read_file<core::Fund>(dir / "funds.csv", core::read_funds,
                                          [&](core::Fund&& f) { auto code = f.code; funds.emplace(std::move(code), std::move(f)); }, lang) &&
                    read_file<core::Payment>(dir / "payments.csv", core::read_payments,
                                             [&](core::Payment&& p) { if (p.resident_id == *id) mine.push_back(std::move(p)); }, lang);
  if (!read) return 2;

  const auto statement = core::build_statement(*id, mine, funds, regions);
  if (statement.payment_count == 0) {
    std::printf("%s\n", core::tr_format(lang, "statement.not_found", {{"id", id->masked()}}).c_str());
    return 1;
  }
  fmt::print("{}", core::statement_text(statement, lang));
  return 0;
}

}  // namespace sunlight::gen
