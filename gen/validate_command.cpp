// The validate subcommand: argument handling, progress on a terminal, and the printed report.
#include "gen/validate_command.hpp"

#include <cstdio>
#include <filesystem>
#include <unistd.h>

#include <fmt/format.h>

#include "core/import_files.hpp"
#include "core/text.hpp"

namespace sunlight::gen {
namespace {

namespace fs = std::filesystem;
using core::Lang;

constexpr const char* kUsage =
    "usage: sunlight-data validate DIR [options]\n"
    "       sunlight-data validate KIND FILE [options]\n"
    "\n"
    "Checks import files exactly as the feed's importer will and lists every bad row with its\n"
    "line, column and reason. DIR holds any of regions.csv, funds.csv, stages.csv, payments.csv,\n"
    "notices.csv; their references to each other are checked too. KIND is regions, funds, stages,\n"
    "payments or notices.\n"
    "\n"
    "options:\n"
    "  --encoding auto|utf-8|gb18030   the files' encoding (default auto: detected per file)\n"
    "  --lang zh-CN|en                 language of the report (default zh-CN)\n"
    "  --max-errors N                  list at most N errors per file (default: all)\n"
    "  --today YYYY-MM-DD              the day dates may not be after (default: today in China)\n"
    "\n"
    "exit status: 0 all clean, 1 some rows are bad, 2 bad arguments\n";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "sunlight-data validate: %s\n(see sunlight-data validate --help)\n", message.c_str());
  return 2;
}

void print_file(const core::FileReport& file, Lang lang, std::size_t max_errors) {
  const auto& report = file.report;
  const std::string name = file.path.filename().string();
  const std::string encoding(core::encoding_name(report.encoding()));
  if (report.ok()) {
    std::printf(lang == Lang::En ? "OK    %-13s %s rows, %s\n" : "通过  %-13s %s 行，编码 %s\n", name.c_str(),
                core::text::group_thousands(report.good_rows()).c_str(), encoding.c_str());
    return;
  }
  std::printf(lang == Lang::En ? "ERROR %-13s %s good rows, %s bad rows, %s problems — nothing would be imported\n"
                               : "有错  %-13s %s 行正确，%s 行有错，共 %s 处问题——整个文件不会导入\n",
              name.c_str(), core::text::group_thousands(report.good_rows()).c_str(), core::text::group_thousands(report.bad_rows()).c_str(),
              core::text::group_thousands(report.errors().size()).c_str());
  const std::string lines = report.render(lang, max_errors);
  std::fputs(lines.c_str(), stdout);
}

}  // namespace

int validate_command(const std::vector<std::string>& args) {
  core::ImportOptions options;
  Lang lang = Lang::ZhCn;
  std::size_t max_errors = SIZE_MAX;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--encoding") {
      const auto* v = value();
      if (!v) return usage_error("--encoding needs a value");
      const auto e = core::parse_encoding(*v);
      if (!e) return usage_error(core::describe(e.problem(), Lang::En));
      options.encoding = *e;
    } else if (a == "--lang") {
      const auto* v = value();
      if (!v) return usage_error("--lang needs a value");
      const auto l = core::parse_lang(*v);
      if (!l) return usage_error(core::describe(l.problem(), Lang::En));
      lang = *l;
    } else if (a == "--max-errors") {
      const auto* v = value();
      if (!v || v->empty() || v->find_first_not_of("0123456789") != std::string::npos || v->size() > 9)
        return usage_error("--max-errors needs a whole number");
      max_errors = std::stoul(*v);
    } else if (a == "--today") {
      const auto* v = value();
      if (!v) return usage_error("--today needs a date");
      const auto d = core::parse_date(*v);
      if (!d) return usage_error(core::describe(d.problem(), Lang::En));
      options.today = *d;
    } else if (a.starts_with("--")) {
      return usage_error("unknown option " + a);
    } else {
      positional.push_back(a);
    }
  }

  // Progress only where a person watches: a terminal, not a CI log.
  std::uintmax_t total = 0;
  if (isatty(STDERR_FILENO)) {
    options.progress = [&total](std::uint64_t bytes) {
      if (total > (64u << 20)) std::fprintf(stderr, "\r%3.0f%%", 100.0 * static_cast<double>(bytes) / static_cast<double>(total));
    };
  }

  std::vector<core::FileReport> files;
  if (positional.size() == 1) {
    const fs::path dir = positional[0];
    if (!fs::is_directory(dir)) return usage_error("not a directory: " + dir.string());
    files = core::validate_directory(dir, options);
    std::erase_if(files, [](const core::FileReport& f) { return !f.present; });
    if (files.empty()) return usage_error("no import files (regions.csv, funds.csv, …) in " + dir.string());
  } else if (positional.size() == 2) {
    const auto kind = core::parse_import_kind(positional[0]);
    if (!kind) return usage_error(core::describe(kind.problem(), Lang::En));
    const fs::path path = positional[1];
    if (!fs::is_regular_file(path)) return usage_error("not a file: " + path.string());
    std::error_code ec;
    total = fs::file_size(path, ec);
    core::FileReport file;
    file.kind = *kind;
    file.path = path;
    file.present = true;
    file.report = core::validate_file(*kind, path, options, {});
    files.push_back(std::move(file));
  } else {
    return usage_error("expected DIR, or KIND FILE");
  }
  if (isatty(STDERR_FILENO)) std::fputs("\r     \r", stderr);

  bool all_ok = true;
  for (const auto& file : files) {
    print_file(file, lang, max_errors);
    all_ok = all_ok && file.report.ok();
  }
  return all_ok ? 0 : 1;
}

}  // namespace sunlight::gen
