// The five import files: their columns and the rules for every value (docs/import-formats.md).
#include "core/import.hpp"

#include <array>
#include <deque>
#include <optional>
#include <algorithm>
#include <utility>

#include "core/enum_words.hpp"
#include "core/table_reader.hpp"
#include "core/text.hpp"

namespace sunlight::core {
namespace {

// ---------------------------------------------------------------------------------------------
// Value checks shared by the readers. Each reports into the table and returns nullopt on failure.

template <class T>
std::optional<T> take(TableReader& table, std::size_t column, Parsed<T> parsed) {
  if (!parsed) {
    table.fail(column, parsed.problem());
    return std::nullopt;
  }
  return std::move(parsed).value();
}

// Free text of min..max characters, as a view into the current row (valid until the next row).
// An empty optional column gives "".
std::optional<std::string_view> text_value(TableReader& table, std::size_t column, std::size_t min_chars,
                                      std::size_t max_chars) {
  const std::string_view value = table.get(column);
  if (value.empty()) {
    if (min_chars == 0) return std::string_view{};
    table.fail(column, Problem{"import.required"});
    return std::nullopt;
  }
  const std::size_t length = text::length(value);
  if (length > max_chars) {
    table.fail(column, Problem{"import.too_long", {{"max", std::to_string(max_chars)}, {"length", std::to_string(length)}}});
    return std::nullopt;
  }
  if (length < min_chars) {
    table.fail(column, Problem{"import.too_short", {{"min", std::to_string(min_chars)}}});
    return std::nullopt;
  }
  return value;
}

// Identifiers people copy between systems (项目代码, 流水号): 1..max of A-Z a-z 0-9 - _.
std::optional<std::string> code_value(TableReader& table, std::size_t column, std::size_t max_chars) {
  const std::string_view raw = table.get(column);
  if (raw.empty()) {
    table.fail(column, Problem{"import.required"});
    return std::nullopt;
  }
  std::string code = text::fold_width(raw);
  const bool clean = code.size() <= max_chars && std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
  if (!clean) {
    table.fail(column, Problem{"import.bad_code", {{"input", text::ellipsize(raw, 40)}, {"max", std::to_string(max_chars)}}});
    return std::nullopt;
  }
  return code;
}

// The last code found among the references. Rows come grouped by household and programme, so
// most lookups repeat the previous one and skip the tree search.
struct KnownCode {
  std::string last;
  template <class Lookup>
  bool check(const std::string& code, Lookup&& lookup) {
    if (!last.empty() && code == last) return true;
    if (!lookup(code)) return false;
    last = code;
    return true;
  }
};

std::optional<std::string> region_value(TableReader& table, std::size_t column, const ImportReferences& refs,
                                        KnownCode& known) {
  auto code = take(table, column, normalize_region_code(table.get(column)));
  if (code && refs.regions && !known.check(*code, [&](const std::string& c) { return refs.regions->contains(c); })) {
    table.fail(column, Problem{"import.unknown_region", {{"input", *code}}});
    return std::nullopt;
  }
  return code;
}

std::optional<std::string> fund_value(TableReader& table, std::size_t column, const ImportReferences& refs,
                                      KnownCode& known) {
  auto code = code_value(table, column, 32);
  if (code && refs.fund_codes && !known.check(*code, [&](const std::string& c) { return refs.fund_codes->contains(c); })) {
    table.fail(column, Problem{"import.unknown_fund", {{"input", *code}}});
    return std::nullopt;
  }
  return code;
}

enum class Sign { NonNegative, Positive };

std::optional<Money> amount_value(TableReader& table, std::size_t column, Sign sign) {
  auto amount = take(table, column, Money::parse(table.get(column)));
  if (!amount) return std::nullopt;
  if (amount->fen() < 0 || (sign == Sign::Positive && amount->fen() == 0)) {
    table.fail(column, Problem{amount->fen() < 0 ? "import.amount_negative" : "import.amount_not_positive",
                               {{"input", text::ellipsize(table.get(column), 40)}}});
    return std::nullopt;
  }
  return amount;
}

std::optional<CivilDate> past_date_value(TableReader& table, std::size_t column, const ImportOptions& options) {
  auto date = take(table, column, parse_date(table.get(column)));
  if (date && *date > options.today) {
    table.fail(column, Problem{"import.future_date", {{"input", date->iso()}, {"today", options.today.iso()}}});
    return std::nullopt;
  }
  return date;
}

// Remembers keys that must be unique in a file and where each was first seen. Keys are copied
// into large blocks and indexed by an open-addressing table of (hash, key, line): three million
// payment IDs cost three million small copies and no per-key allocation.
class SeenKeys {
 public:
  // The line where `key` was seen before, or 0 when it is new (and now remembered at `line`).
  std::size_t remember(std::string_view key, std::size_t line) {
    if ((keys_.size() + 1) * 10 > slots_.size() * 7) grow();
    const std::uint64_t hash = std::hash<std::string_view>{}(key) | 1;  // 0 marks an empty slot
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.hash == 0) {
        slot = Slot{hash, static_cast<std::uint32_t>(keys_.size()), static_cast<std::uint32_t>(line)};
        keys_.push_back(store(key));
        return 0;
      }
      if (slot.hash == hash && keys_[slot.key] == key) return slot.line;
    }
  }

 private:
  // 16 bytes, so the table of a three-million-row file stays in tens of megabytes.
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t key = 0;   // index into keys_
    std::uint32_t line = 0;
  };

  void grow() {
    std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(std::max<std::size_t>(1024, slots_.size() * 2)));
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.hash == 0) continue;
      std::size_t i = slot.hash & mask_;
      while (slots_[i].hash != 0) i = (i + 1) & mask_;
      slots_[i] = slot;
    }
  }

  std::string_view store(std::string_view key) {
    if (blocks_.empty() || blocks_.back().capacity() - blocks_.back().size() < key.size()) {
      blocks_.emplace_back();
      blocks_.back().reserve(std::max<std::size_t>(1 << 20, key.size()));
    }
    std::string& block = blocks_.back();
    const std::size_t at = block.size();
    block.append(key);  // never reallocates: capacity was reserved above
    return std::string_view(block).substr(at, key.size());
  }

  std::deque<std::string> blocks_;
  std::vector<std::string_view> keys_;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

bool check_unique(TableReader& table, std::size_t column, SeenKeys& seen, std::string_view key) {
  if (const std::size_t first = seen.remember(key, table.line()); first != 0) {
    table.fail(column, Problem{"import.duplicate", {{"input", text::ellipsize(key, 40)}, {"other_line", std::to_string(first)}}});
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The five files.

enum RegionColumn : std::size_t { kRegionCode, kRegionName, kRegionParent, kRegionLevel };
constexpr std::array<ColumnSpec, 4> kRegionColumns{{
    {"区划代码", "code"}, {"名称", "name"}, {"上级代码", "parent_code"}, {"级别", "level"}}};

enum FundColumn : std::size_t { kFundCode, kFundName, kFundCategory, kFundDepartment, kFundLevel, kFundYear,
                                kFundBudget, kFundStandard, kFundPolicy };
constexpr std::array<ColumnSpec, 9> kFundColumns{{
    {"项目代码", "fund_code"}, {"项目名称", "name"}, {"类别", "category"}, {"主管部门", "department"},
    {"资金级次", "level"}, {"年度", "year"}, {"预算金额", "budget"}, {"补助标准", "standard", false},
    {"政策依据", "policy_basis", false}}};

enum StageColumn : std::size_t { kStageFund, kStageRegion, kStageStage, kStageAmount, kStageDate, kStageDocNo };
constexpr std::array<ColumnSpec, 6> kStageColumns{{
    {"项目代码", "fund_code"}, {"区划代码", "region_code"}, {"环节", "stage"}, {"金额", "amount"},
    {"日期", "date"}, {"文号", "doc_no", false}}};

enum PaymentColumn : std::size_t { kPayId, kPayResident, kPayName, kPayRegion, kPayFund, kPayAmount, kPayDate,
                                   kPayMethod, kPayStandard, kPayAddress };
constexpr std::array<ColumnSpec, 10> kPaymentColumns{{
    {"流水号", "payment_id"}, {"身份证号", "resident_id"}, {"姓名", "name"}, {"区划代码", "region_code"},
    {"项目代码", "fund_code"}, {"发放金额", "amount"}, {"发放日期", "paid_on"}, {"发放方式", "method"},
    {"补助标准", "standard", false}, {"住址", "address", false}}};

enum NoticeColumn : std::size_t { kNoticeRegion, kNoticeCategory, kNoticeTitle, kNoticeBody, kNoticePublished,
                                  kNoticeExpires };
constexpr std::array<ColumnSpec, 6> kNoticeColumns{{
    {"区划代码", "region_code"}, {"类别", "category"}, {"标题", "title"}, {"正文", "body", true, true},
    {"发布日期", "published_on"}, {"有效期至", "expires_on", false}}};

// A person's name: letters of any script and the separators of minority names; no digits,
// punctuation or pictographs, and at least one letter.
bool plausible_name(std::string_view name) {
  bool letter = false;
  for (std::size_t pos = 0; pos < name.size();) {
    char32_t cp = text::next_code_point(name, pos);
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width forms count as their ASCII twins
    const bool separator = cp == U'·' || cp == U'•' || cp == U'.' || cp == U' ' || cp == U'-';
    const bool ascii_other = cp < 0x80 && !((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'));
    const bool cjk_punctuation = (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0x2000 && cp <= 0x2BFF);
    const bool pictograph = cp >= 0x1F000;
    if (separator) continue;
    if (ascii_other || cjk_punctuation || pictograph) return false;
    letter = true;
  }
  return letter;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

void ImportReport::add_error(std::size_t line, std::string column, Problem problem) {
  errors_.push_back(RowError{line, std::move(column), std::move(problem)});
}

std::string ImportReport::render_error(const RowError& error, Lang lang) {
  const std::string reason = describe(error.problem, lang);
  if (error.line == 0) return tr_format(lang, "import.at_file", {{"reason", reason}});
  if (error.column.empty())
    return tr_format(lang, "import.at_line", {{"line", std::to_string(error.line)}, {"reason", reason}});
  return tr_format(lang, "import.at_line_column",
                   {{"line", std::to_string(error.line)}, {"column", error.column}, {"reason", reason}});
}

std::string ImportReport::render(Lang lang, std::size_t max_lines) const {
  std::string out;
  std::size_t shown = 0;
  for (const auto& error : errors_) {
    if (shown == max_lines) {
      out += tr_format(lang, "import.more_errors", {{"count", std::to_string(errors_.size() - shown)}});
      out += '\n';
      break;
    }
    out += render_error(error, lang);
    out += '\n';
    ++shown;
  }
  return out;
}

namespace {
constexpr std::array<EnumWord<ImportKind>, 5> kKindWords{{
    {ImportKind::Regions, {"区划"}, "regions"},
    {ImportKind::Funds, {"资金项目", "项目"}, "funds"},
    {ImportKind::Stages, {"资金环节", "环节"}, "stages"},
    {ImportKind::Payments, {"发放明细", "发放"}, "payments"},
    {ImportKind::Notices, {"村务公开", "公告"}, "notices"},
}};
}  // namespace

Parsed<ImportKind> parse_import_kind(std::string_view text) {
  return parse_enum_word<ImportKind>(kKindWords, text, "import.unknown_kind");
}
std::string_view import_kind_name(ImportKind kind) noexcept { return enum_word_name<ImportKind>(kKindWords, kind, Lang::En); }
std::string_view import_file_name(ImportKind kind) noexcept {
  switch (kind) {
    case ImportKind::Regions: return "regions.csv";
    case ImportKind::Funds: return "funds.csv";
    case ImportKind::Stages: return "stages.csv";
    case ImportKind::Payments: return "payments.csv";
    case ImportKind::Notices: return "notices.csv";
  }
  return "";
}

namespace {

// Hands a good row to the sink, turning a RowRefused into a row error.
template <class T, std::size_t N>
void deliver(TableReader& table, const std::array<ColumnSpec, N>& columns, const RowSink<T>& sink, T&& value) {
  try {
    sink(std::move(value));
  } catch (RowRefused& refused) {
    for (std::size_t i = 0; i < N; ++i) {
      if (columns[i].en == refused.column) {
        table.fail(i, std::move(refused.problem));
        return;
      }
    }
    table.fail_row(std::move(refused.problem));
  }
}

}  // namespace

ImportReport read_regions(std::istream& in, const ImportOptions& options, const ImportReferences& refs,
                          const RowSink<Region>& sink) {
  ImportReport report;
  TableReader table(in, kRegionColumns, options, report);
  SeenKeys seen;
  RegionTree in_file;
  struct Pending { std::string parent; std::size_t line; std::string column; };
  std::vector<Pending> pending_parents;  // a parent may come later in the file
  while (table.next()) {
    auto code = take(table, kRegionCode, normalize_region_code(table.get(kRegionCode)));
    auto name = text_value(table, kRegionName, 1, 40);
    auto level = take(table, kRegionLevel, parse_region_level(table.get(kRegionLevel)));
    std::optional<std::string> parent;
    if (!table.get(kRegionParent).empty()) parent = take(table, kRegionParent, normalize_region_code(table.get(kRegionParent)));
    else parent = std::string{};
    if (code && level && *level != level_of_code(*code)) {
      table.fail(kRegionLevel, Problem{"import.level_mismatch",
                                       {{"input", std::string(table.get(kRegionLevel))}, {"code", *code},
                                        {"expected", std::string(region_level_name(level_of_code(*code)))}}});
      level.reset();
    }
    if (code && parent && *parent != parent_of_code(*code)) {
      const std::string expected(parent_of_code(*code));
      table.fail(kRegionParent, Problem{expected.empty() ? "import.parent_not_empty" : "import.bad_parent",
                                        {{"input", *parent}, {"expected", expected}}});
      parent.reset();
    }
    if (code && !check_unique(table, kRegionCode, seen, *code)) code.reset();
    if (code && name && level && parent && !table.row_failed()) {
      // Without references (a file checked on its own) a parent outside the file is not ours to judge.
      if (refs.regions && !parent->empty() && !in_file.contains(*parent) && !refs.regions->contains(*parent))
        pending_parents.push_back({*parent, table.line(), std::string(kRegionColumns[kRegionParent].zh)});
      Region region{*code, std::string(*name), *parent, *level};
      in_file.add(region);
      deliver(table, kRegionColumns, sink, std::move(region));
    }
    table.finish_row();
  }
  for (const auto& p : pending_parents) {
    if (in_file.contains(p.parent)) continue;
    report.add_error(p.line, p.column, Problem{"import.unknown_parent", {{"input", p.parent}}});
    report.mark_good_row_bad();
  }
  return report;
}

ImportReport read_funds(std::istream& in, const ImportOptions& options, const ImportReferences&,
                        const RowSink<Fund>& sink) {
  ImportReport report;
  TableReader table(in, kFundColumns, options, report);
  SeenKeys seen;
  while (table.next()) {
    Fund fund;
    auto code = code_value(table, kFundCode, 32);
    if (code && check_unique(table, kFundCode, seen, *code)) fund.code = std::move(*code);
    if (auto v = text_value(table, kFundName, 1, 60)) fund.name = std::string(*v);
    if (auto v = text_value(table, kFundCategory, 1, 20)) fund.category = std::string(*v);
    if (auto v = text_value(table, kFundDepartment, 1, 40)) fund.department = std::string(*v);
    if (auto v = take(table, kFundLevel, parse_fund_level(table.get(kFundLevel)))) fund.level = *v;
    const std::string year = text::fold_width(table.get(kFundYear));
    if (year.empty()) {
      table.fail(kFundYear, Problem{"import.required"});
    } else if (year.size() == 4 && year.find_first_not_of("0123456789") == std::string::npos &&
        std::stoi(year) >= 2000 && std::stoi(year) <= 2100) {
      fund.year = std::stoi(year);
    } else {
      table.fail(kFundYear, Problem{"import.bad_year", {{"input", text::ellipsize(table.get(kFundYear), 40)}}});
    }
    if (auto v = amount_value(table, kFundBudget, Sign::NonNegative)) fund.budget = *v;
    if (auto v = text_value(table, kFundStandard, 0, 200)) fund.standard = std::string(*v);
    if (auto v = text_value(table, kFundPolicy, 0, 200)) fund.policy_basis = std::string(*v);
    if (!table.row_failed()) deliver(table, kFundColumns, sink, std::move(fund));
    table.finish_row();
  }
  return report;
}

ImportReport read_stages(std::istream& in, const ImportOptions& options, const ImportReferences& refs,
                         const RowSink<StageRecord>& sink) {
  ImportReport report;
  TableReader table(in, kStageColumns, options, report);
  SeenKeys seen;
  KnownCode known_region, known_fund;
  while (table.next()) {
    StageRecord record;
    auto fund = fund_value(table, kStageFund, refs, known_fund);
    auto region = region_value(table, kStageRegion, refs, known_region);
    if (region && level_of_code(*region) == RegionLevel::Group) {
      table.fail(kStageRegion, Problem{"import.group_not_allowed", {{"input", *region}}});
      region.reset();
    }
    auto stage = take(table, kStageStage, parse_fund_stage(table.get(kStageStage)));
    if (auto v = amount_value(table, kStageAmount, Sign::NonNegative)) record.amount = *v;
    if (auto v = past_date_value(table, kStageDate, options)) record.date = *v;
    if (auto v = text_value(table, kStageDocNo, 0, 64)) record.doc_no = std::string(*v);
    if (fund && region && stage) {
      const std::string key = *fund + '|' + *region + '|' + std::string(fund_stage_name(*stage, Lang::En));
      if (check_unique(table, kStageStage, seen, key)) {
        record.fund_code = std::move(*fund);
        record.region_code = std::move(*region);
        record.stage = *stage;
      }
    }
    if (!table.row_failed()) deliver(table, kStageColumns, sink, std::move(record));
    table.finish_row();
  }
  return report;
}

ImportReport read_payments(std::istream& in, const ImportOptions& options, const ImportReferences& refs,
                           const RowSink<Payment>& sink) {
  ImportReport report;
  TableReader table(in, kPaymentColumns, options, report);
  SeenKeys seen;
  KnownCode known_region, known_fund;
  while (table.next()) {
    auto id = code_value(table, kPayId, 40);
    if (id && !check_unique(table, kPayId, seen, *id)) id.reset();
    auto resident = take(table, kPayResident, ResidentId::parse(table.get(kPayResident), options.today));
    auto name = text_value(table, kPayName, 2, 20);
    if (name && !plausible_name(*name)) {
      table.fail(kPayName, Problem{"import.bad_name", {{"input", std::string(*name)}}});
      name.reset();
    }
    auto region = region_value(table, kPayRegion, refs, known_region);
    if (region && level_of_code(*region) != RegionLevel::Village && level_of_code(*region) != RegionLevel::Group) {
      table.fail(kPayRegion, Problem{"import.payment_region_level", {{"input", *region}}});
      region.reset();
    }
    auto fund = fund_value(table, kPayFund, refs, known_fund);
    auto amount = amount_value(table, kPayAmount, Sign::Positive);
    auto paid_on = past_date_value(table, kPayDate, options);
    auto method = take(table, kPayMethod, parse_payment_method(table.get(kPayMethod)));
    auto standard = text_value(table, kPayStandard, 0, 200);
    auto address = text_value(table, kPayAddress, 0, 100);
    if (!table.row_failed() && sink) {  // a validation run passes no sink: nothing to build
      deliver(table, kPaymentColumns, sink,
              Payment{std::move(*id), std::move(*resident), std::string(*name), std::move(*region), std::move(*fund),
                      *amount, *paid_on, *method, std::string(*standard), std::string(*address)});
    }
    table.finish_row();
  }
  return report;
}

ImportReport read_notices(std::istream& in, const ImportOptions& options, const ImportReferences& refs,
                          const RowSink<Notice>& sink) {
  ImportReport report;
  TableReader table(in, kNoticeColumns, options, report);
  KnownCode known_region, known_fund;
  while (table.next()) {
    Notice notice;
    if (auto v = region_value(table, kNoticeRegion, refs, known_region)) {
      if (level_of_code(*v) == RegionLevel::Group)
        table.fail(kNoticeRegion, Problem{"import.group_not_allowed", {{"input", *v}}});
      notice.region_code = std::string(*v);
    }
    if (auto v = take(table, kNoticeCategory, parse_notice_category(table.get(kNoticeCategory)))) notice.category = *v;
    if (auto v = text_value(table, kNoticeTitle, 1, 80)) notice.title = std::string(*v);
    if (auto v = text_value(table, kNoticeBody, 1, 20000)) notice.body = std::string(*v);
    auto published = take(table, kNoticePublished, parse_date(table.get(kNoticePublished)));
    if (published) notice.published_on = *published;
    if (!table.get(kNoticeExpires).empty()) {
      auto expires = take(table, kNoticeExpires, parse_date(table.get(kNoticeExpires)));
      if (expires && published && *expires < *published) {
        table.fail(kNoticeExpires, Problem{"import.expires_before_published",
                                           {{"input", expires->iso()}, {"published", published->iso()}}});
      }
      notice.expires_on = expires;
    }
    if (!table.row_failed()) deliver(table, kNoticeColumns, sink, std::move(notice));
    table.finish_row();
  }
  return report;
}

}  // namespace sunlight::core
