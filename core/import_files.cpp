// File-level validation driver shared by sunlight-data, the benchmarks and (later) the feed's importer.
#include "core/import_files.hpp"

#include <fstream>

namespace sunlight::core {
namespace {

template <class T>
void ignore_row(T&&) {}

ImportReport read_any(ImportKind kind, std::istream& in, const ImportOptions& options, const ImportReferences& refs,
                      RegionTree* regions_out, std::set<std::string, std::less<>>* funds_out) {
  switch (kind) {
    case ImportKind::Regions:
      return read_regions(in, options, refs, [&](Region&& r) { if (regions_out) regions_out->add(std::move(r)); });
    case ImportKind::Funds:
      return read_funds(in, options, refs, [&](Fund&& f) { if (funds_out) funds_out->insert(std::move(f.code)); });
    case ImportKind::Stages: return read_stages(in, options, refs, ignore_row<StageRecord>);
    case ImportKind::Payments: return read_payments(in, options, refs, nullptr);
    case ImportKind::Notices: return read_notices(in, options, refs, ignore_row<Notice>);
  }
  return {};
}

ImportReport open_and_read(ImportKind kind, const std::filesystem::path& path, const ImportOptions& options,
                           const ImportReferences& refs, RegionTree* regions_out,
                           std::set<std::string, std::less<>>* funds_out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ImportReport report;
    report.add_error(0, "", Problem{"import.cannot_open", {{"path", path.string()}}});
    return report;
  }
  return read_any(kind, in, options, refs, regions_out, funds_out);
}

}  // namespace

ImportReport validate_file(ImportKind kind, const std::filesystem::path& path, const ImportOptions& options,
                           const ImportReferences& refs) {
  return open_and_read(kind, path, options, refs, nullptr, nullptr);
}

std::vector<FileReport> validate_directory(const std::filesystem::path& dir, const ImportOptions& options) {
  RegionTree regions;
  std::set<std::string, std::less<>> funds;
  bool have_regions = false;
  bool have_funds = false;
  std::vector<FileReport> out;
  for (const ImportKind kind : {ImportKind::Regions, ImportKind::Funds, ImportKind::Stages, ImportKind::Payments,
                                ImportKind::Notices}) {
    FileReport file;
    file.kind = kind;
    file.path = dir / import_file_name(kind);
    file.present = std::filesystem::exists(file.path);
    if (file.present) {
      // References are checked only against files that are here: a directory holding just
      // payments.csv is validated on its own, as validate_file would.
      const ImportReferences refs{have_regions ? &regions : nullptr, have_funds ? &funds : nullptr};
      file.report = open_and_read(kind, file.path, options, refs, &regions, &funds);
      have_regions = have_regions || kind == ImportKind::Regions;
      have_funds = have_funds || kind == ImportKind::Funds;
    }
    out.push_back(std::move(file));
  }
  return out;
}

}  // namespace sunlight::core
