// Tests for feed/importer: the village demo imported as an administrator would; all or nothing; re-imports idempotent.
#include <catch2/catch.hpp>

#include <iconv.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "core/csv.hpp"
#include "feed/importer.hpp"
#include "feed/notices.hpp"
#include "feed/store.hpp"
#include "feed/users.hpp"
#include "gen/district_generator.hpp"

using namespace sunlight;
using namespace sunlight::feed;
using core::ImportKind;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const core::Timestamp t0 = core::parse_utc_iso("2026-11-20T02:00:00Z").value();
constexpr std::array<ImportKind, 5> kAllKinds{ImportKind::Regions, ImportKind::Funds, ImportKind::Stages,
                                              ImportKind::Payments, ImportKind::Notices};

// The village-scale demo district, generated once per test run and removed at exit.
const fs::path& demo_dir() {
  static const struct Demo {
    fs::path dir = fs::temp_directory_path() / fmt::format("sunlight-importer-test-{}", ::getpid());
    Demo() {
      fs::remove_all(dir);
      (void)gen::generate_district(gen::GeneratorOptions{}, dir);
    }
    ~Demo() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } demo;
  return demo.dir;
}

std::string demo_file(ImportKind kind) {
  std::ifstream in(demo_dir() / std::string(core::import_file_name(kind)), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

ImportOutcome import_bytes(Store& store, ImportKind kind, const std::string& bytes,
                           core::Encoding encoding = core::Encoding::Auto) {
  std::istringstream in(bytes);
  ImportRun run;
  run.read.encoding = encoding;
  run.read.today = gen::kDefaultAsOf;  // the demo's "today", whatever the clock says
  run.actor = "cli:root";
  run.file_name = std::string(core::import_file_name(kind));
  run.now = t0;
  return import_csv(store, kind, in, run);
}

ImportOutcome import_demo(Store& store, ImportKind kind) { return import_bytes(store, kind, demo_file(kind)); }

void import_all(Store& store) {
  for (const auto kind : kAllKinds) {
    INFO(core::import_kind_name(kind));
    const auto outcome = import_demo(store, kind);
    REQUIRE(outcome.report.ok());
  }
}

// The records of a CSV, header first, split by core's tokenizer only (no import validation).
std::vector<std::vector<std::string>> csv_records(const std::string& bytes) {
  std::istringstream in(bytes);
  core::CsvReader reader(in);
  core::CsvRecord record;
  std::vector<std::vector<std::string>> out;
  while (reader.next(record)) out.emplace_back(record.fields.begin(), record.fields.end());
  return out;
}

std::size_t column(const std::vector<std::string>& header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  FAIL("no column " << name);
  return 0;
}

// "332.80" → 33280, written here rather than with core::Money so the check is independent.
std::int64_t fen_of(std::string_view yuan) {
  const auto dot = yuan.find('.');
  const std::string whole(yuan.substr(0, dot));
  std::string frac = dot == std::string_view::npos ? "" : std::string(yuan.substr(dot + 1));
  REQUIRE(frac.size() <= 2);
  frac.resize(2, '0');
  return std::stoll(whole) * 100 + std::stoll(frac);
}

std::int64_t count(SQLite::Database& db, const std::string& sql) { return db.execAndGet(sql).getInt64(); }

// Everything an import may change; compared before and after to prove a refused file changed nothing.
struct StoreState {
  std::int64_t head = 0;
  std::map<std::string, std::int64_t> figures;
  bool operator==(const StoreState&) const = default;
};

StoreState state_of(Store& store, bool with_records = true) {
  StoreState s;
  s.head = store.head_seq();
  auto& db = store.db();
  for (const char* table : {"regions", "funds", "stages", "payments", "persons", "aggregates", "notices",
                            "notice_revisions", "changes", "current"})
    s.figures[table] = count(db, fmt::format("SELECT count(*) FROM {}", table));
  s.figures["paid_fen"] = count(db, "SELECT coalesce(sum(amount_fen), 0) FROM payments");
  s.figures["dirty"] = count(db, "SELECT coalesce(sum(dirty), 0) FROM persons");
  s.figures["generations"] = count(db, "SELECT coalesce(sum(generation), 0) FROM persons");
  s.figures["aggregate_fen"] = count(db, "SELECT coalesce(sum(paid_fen + plan_fen + disburse_fen), 0) FROM aggregates");
  if (with_records) {  // a file that imports nothing, but imports fine, still leaves its record
    s.figures["imports"] = count(db, "SELECT count(*) FROM imports");
    s.figures["audit"] = count(db, "SELECT count(*) FROM audit");
  }
  return s;
}

}  // namespace

namespace Catch {
template <>
struct StringMaker<StoreState> {
  static std::string convert(const StoreState& s) {
    std::string out = fmt::format("head {}", s.head);
    for (const auto& [name, value] : s.figures) out += fmt::format(", {} {}", name, value);
    return out;
  }
};
}  // namespace Catch

namespace {

std::string to_gb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in_ptr = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  const std::size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  iconv_close(cd);
  REQUIRE(rc != static_cast<std::size_t>(-1));
  out.resize(out.size() - out_left);
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::vector<std::string> split_commas(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

std::string join_commas(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + fields[i];
  return out;
}

std::vector<std::string> public_bodies(SQLite::Database& db) {
  std::vector<std::string> bodies;
  SQLite::Statement q(db, "SELECT body FROM changes WHERE stream = 0");
  while (q.executeStep()) bodies.push_back(q.getColumn(0).getString());
  return bodies;
}

}  // namespace

TEST_CASE("the village demo imports in order and the store matches the files", "[importer]") {
  Store store(":memory:");
  auto& db = store.db();
  CHECK(district_code(db).empty());

  std::map<ImportKind, std::size_t> rows;
  for (const auto kind : kAllKinds) {
    INFO(core::import_kind_name(kind));
    const std::string bytes = demo_file(kind);
    rows[kind] = csv_records(bytes).size() - 1;
    REQUIRE(rows[kind] > 0);
    const auto outcome = import_bytes(store, kind, bytes);
    REQUIRE(outcome.report.ok());
    CHECK(outcome.report.encoding() == core::Encoding::Utf8);
    CHECK(outcome.report.good_rows() == rows[kind]);
    CHECK(outcome.report.bad_rows() == 0);
    CHECK(outcome.new_rows == rows[kind]);
    CHECK(outcome.unchanged_rows == 0);
  }
  CHECK(district_code(db) == "500112");
  CHECK(count(db, "SELECT count(*) FROM regions") == static_cast<std::int64_t>(rows[ImportKind::Regions]));
  CHECK(count(db, "SELECT count(*) FROM funds") == static_cast<std::int64_t>(rows[ImportKind::Funds]));
  CHECK(count(db, "SELECT count(*) FROM stages") == static_cast<std::int64_t>(rows[ImportKind::Stages]));
  CHECK(count(db, "SELECT count(*) FROM payments") == static_cast<std::int64_t>(rows[ImportKind::Payments]));
  CHECK(count(db, "SELECT count(*) FROM notices") == static_cast<std::int64_t>(rows[ImportKind::Notices]));
  CHECK(count(db, "SELECT count(*) FROM notices WHERE source = 'import' AND revision = 1") ==
        static_cast<std::int64_t>(rows[ImportKind::Notices]));

  // The money adds up to the file's, fen for fen, and per person.
  const auto payments = csv_records(demo_file(ImportKind::Payments));
  const std::size_t amount = column(payments[0], "发放金额"), resident = column(payments[0], "身份证号");
  std::int64_t total = 0;
  std::set<std::string> people;
  for (std::size_t i = 1; i < payments.size(); ++i) {
    total += fen_of(payments[i][amount]);
    people.insert(payments[i][resident]);
  }
  CHECK(count(db, "SELECT sum(amount_fen) FROM payments") == total);
  CHECK(count(db, "SELECT count(DISTINCT resident_id) FROM payments") == static_cast<std::int64_t>(people.size()));

  // Each file left one record in the imports table and one audit row naming the administrator.
  CHECK(count(db, "SELECT count(*) FROM imports WHERE actor = 'cli:root'") == 5);
  CHECK(count(db, "SELECT rows FROM imports WHERE kind = 'payments'") ==
        static_cast<std::int64_t>(rows[ImportKind::Payments]));
  for (const auto kind : kAllKinds)
    CHECK(count(db, fmt::format("SELECT count(*) FROM audit WHERE action = 'import.{}' AND actor = 'cli:root'",
                                core::import_kind_name(kind))) == 1);
}

TEST_CASE("imports append public change-log entries with nothing personal in them", "[importer]") {
  Store store(":memory:");
  auto& db = store.db();
  std::size_t changes = 0;
  for (const auto kind : kAllKinds) {
    const auto outcome = import_demo(store, kind);
    REQUIRE(outcome.report.ok());
    changes += outcome.changes;
  }
  CHECK(static_cast<std::int64_t>(changes) == store.head_seq());
  CHECK(count(db, "SELECT count(*) FROM changes") == store.head_seq());
  CHECK(count(db, "SELECT count(*) FROM changes WHERE stream <> 0") == 0);  // people only once sealed

  CHECK(count(db, "SELECT count(*) FROM changes WHERE kind = 'region'") == count(db, "SELECT count(*) FROM regions"));
  CHECK(count(db, "SELECT count(*) FROM changes WHERE kind = 'fund'") == count(db, "SELECT count(*) FROM funds"));
  CHECK(count(db, "SELECT count(*) FROM changes WHERE kind = 'notice' AND op = 'publish'") ==
        count(db, "SELECT count(*) FROM notices"));
  CHECK(count(db, "SELECT count(*) FROM current WHERE kind = 'aggregate'") ==
        count(db, "SELECT count(*) FROM aggregates"));
  CHECK(count(db, "SELECT count(*) FROM aggregates") > 0);
  CHECK(count(db, "SELECT count(*) FROM changes WHERE kind NOT IN ('region', 'fund', 'notice', 'aggregate')") == 0);

  // A terminal of the village gets the district's funds, its regions and notices, and aggregates.
  const std::string village = db.execAndGet("SELECT min(code) FROM regions WHERE length(code) = 12").getString();
  const Snapshot snapshot = read_snapshot(db, Stream::Public, village);
  std::set<std::string> kinds;
  for (const auto& entry : snapshot.entries) kinds.insert(json::parse(entry).at("kind").get<std::string>());
  CHECK(kinds == std::set<std::string>{"aggregate", "fund", "notice", "region"});

  // No resident ID, name or full address of any payment appears in any public entry.
  const auto payments = csv_records(demo_file(ImportKind::Payments));
  std::set<std::string> secrets;
  for (const char* name : {"身份证号", "姓名", "住址"}) {
    const std::size_t c = column(payments[0], name);
    for (std::size_t i = 1; i < payments.size(); ++i)
      if (!payments[i][c].empty()) secrets.insert(payments[i][c]);
  }
  std::string all_public;
  for (const auto& body : public_bodies(db)) all_public += body + '\n';
  REQUIRE(all_public.size() > 1000);
  std::size_t leaks = 0;
  for (const auto& secret : secrets)
    if (all_public.find(secret) != std::string::npos) {
      UNSCOPED_INFO("found in the public stream: " << secret);
      ++leaks;
    }
  CHECK(leaks == 0);
}

TEST_CASE("re-importing the same files changes nothing", "[importer]") {
  Store store(":memory:");
  auto& db = store.db();
  import_all(store);
  const StoreState before = state_of(store, false);
  const auto aggregate_entries = count(db, "SELECT count(*) FROM changes WHERE kind = 'aggregate'");

  SECTION("payments") {
    const auto rows = csv_records(demo_file(ImportKind::Payments)).size() - 1;
    const auto outcome = import_demo(store, ImportKind::Payments);
    REQUIRE(outcome.report.ok());
    CHECK(outcome.new_rows == 0);
    CHECK(outcome.unchanged_rows == rows);
    CHECK(outcome.changes == 0);
    CHECK(outcome.persons_marked == 0);
    CHECK(count(db, "SELECT count(*) FROM payments") == static_cast<std::int64_t>(rows));
    // The import itself is on record, with nothing new.
    CHECK(count(db, "SELECT new_rows FROM imports ORDER BY id DESC LIMIT 1") == 0);
  }
  SECTION("every kind, twice") {
    for (int round = 0; round < 2; ++round)
      for (const auto kind : kAllKinds) {
        INFO(core::import_kind_name(kind));
        const auto outcome = import_demo(store, kind);
        REQUIRE(outcome.report.ok());
        CHECK(outcome.new_rows == 0);
        CHECK(outcome.changes == 0);
      }
  }
  CHECK(state_of(store, false) == before);
  CHECK(count(db, "SELECT count(*) FROM changes WHERE kind = 'aggregate'") == aggregate_entries);
}

TEST_CASE("a payments file with one bad row among thousands imports nothing", "[importer]") {
  Store store(":memory:");
  auto& db = store.db();
  for (const auto kind : {ImportKind::Regions, ImportKind::Funds, ImportKind::Stages})
    REQUIRE(import_demo(store, kind).report.ok());

  const std::string original = demo_file(ImportKind::Payments);
  auto lines = lines_of(original);
  REQUIRE(lines.size() > 5000);
  const auto header = split_commas(lines[0]);
  // A row near the end; the file has no quoted fields there, so splitting at commas is exact.
  const std::size_t index = lines.size() - 7;
  REQUIRE(lines[index].find('"') == std::string::npos);
  const std::size_t line_number = index + 1;  // the header is line 1
  auto fields = split_commas(lines[index]);
  REQUIRE(fields.size() == header.size());

  std::string column_name, code;
  SECTION("an amount with three decimals") {
    fields[column(header, "发放金额")] = "12.345";
    column_name = "发放金额";
    code = "money.too_many_decimals";
  }
  SECTION("a resident ID with a wrong check digit") {
    auto& id = fields[column(header, "身份证号")];
    id.back() = id.back() == '0' ? '1' : '0';
    column_name = "身份证号";
    code = "id.check_digit";
  }
  SECTION("an unknown fund") {
    fields[column(header, "项目代码")] = "NO-SUCH-FUND";
    column_name = "项目代码";
    code = "import.unknown_fund";
  }
  SECTION("a date in the future") {
    fields[column(header, "发放日期")] = "2099-01-01";
    column_name = "发放日期";
    code = "import.future_date";
  }
  SECTION("a 流水号 already used in the file") {
    fields[column(header, "流水号")] = split_commas(lines[1])[column(header, "流水号")];
    column_name = "流水号";
    code = "import.duplicate";
  }
  SECTION("a row with a field missing") {
    fields.pop_back();
    column_name = "";
    code = "import.field_count";
  }
  lines[index] = join_commas(fields);

  const StoreState before = state_of(store);
  const auto outcome = import_bytes(store, ImportKind::Payments, join_lines(lines));
  const auto& report = outcome.report;
  REQUIRE_FALSE(report.ok());
  REQUIRE(report.errors().size() == 1);
  CHECK(report.errors()[0].line == line_number);
  CHECK(report.errors()[0].column == column_name);
  CHECK(report.errors()[0].problem.code == code);
  CHECK(report.bad_rows() == 1);
  CHECK(report.good_rows() == lines.size() - 2);
  if (code == "import.duplicate") CHECK(report.errors()[0].problem.arg("other_line") == "2");
  // What the administrator reads names the line and the column.
  const std::string zh = report.render(core::Lang::ZhCn);
  CHECK_THAT(zh, Catch::Contains(fmt::format("第 {} 行", line_number)));
  if (!column_name.empty()) CHECK_THAT(zh, Catch::Contains(column_name));

  // Nothing went in: no payment, no person, no aggregate, no log entry, no import record.
  CHECK(outcome.new_rows == 0);
  CHECK(outcome.changes == 0);
  CHECK(outcome.persons_marked == 0);
  CHECK(state_of(store) == before);
  CHECK(count(db, "SELECT count(*) FROM payments") == 0);

  // Once the row is corrected the whole file goes in.
  const auto fixed = import_bytes(store, ImportKind::Payments, original);
  REQUIRE(fixed.report.ok());
  CHECK(fixed.new_rows == lines.size() - 1);
}

TEST_CASE("a bad row in a later file leaves what earlier files imported untouched", "[importer]") {
  Store store(":memory:");
  import_all(store);
  const StoreState before = state_of(store);
  auto lines = lines_of(demo_file(ImportKind::Payments));
  const auto header = split_commas(lines[0]);
  // One new good payment and one bad one: the good one must not slip in either.
  auto good = split_commas(lines[1]);
  good[column(header, "流水号")] = "NEW-0001";
  auto bad = good;
  bad[column(header, "流水号")] = "NEW-0002";
  bad[column(header, "发放金额")] = "-5";
  lines.push_back(join_commas(good));
  lines.push_back(join_commas(bad));
  const auto outcome = import_bytes(store, ImportKind::Payments, join_lines(lines));
  REQUIRE_FALSE(outcome.report.ok());
  REQUIRE(outcome.report.errors().size() == 1);
  CHECK(outcome.report.errors()[0].line == lines.size());
  CHECK(outcome.report.errors()[0].problem.code == "import.amount_negative");
  CHECK(state_of(store) == before);
  CHECK(count(store.db(), "SELECT count(*) FROM payments WHERE payment_id LIKE 'NEW-%'") == 0);
}

TEST_CASE("a payment whose 流水号 is stored with a different amount is refused", "[importer]") {
  Store store(":memory:");
  import_all(store);
  auto& db = store.db();
  const auto lines = lines_of(demo_file(ImportKind::Payments));
  const auto header = split_commas(lines[0]);
  const std::size_t id_col = column(header, "流水号"), amount_col = column(header, "发放金额");

  // The administrator re-sends three rows, the middle one with another amount.
  auto changed = split_commas(lines[2]);
  const std::string payment_id = changed[id_col];
  const std::int64_t stored =
      count(db, fmt::format("SELECT amount_fen FROM payments WHERE payment_id = '{}'", payment_id));
  changed[amount_col] = fmt::format("{}.{:02}", stored / 100 + 1, stored % 100);

  std::string file;
  std::string expected_column = "流水号";
  SECTION("Chinese header") { file = join_lines({lines[0], lines[1], join_commas(changed), lines[3]}); }
  SECTION("English header") {
    file = join_lines({"payment_id,resident_id,name,region_code,fund_code,amount,paid_on,method,standard,address",
                       lines[1], join_commas(changed), lines[3]});
    expected_column = "payment_id";
  }
  const StoreState before = state_of(store);
  const auto outcome = import_bytes(store, ImportKind::Payments, file);
  REQUIRE_FALSE(outcome.report.ok());
  REQUIRE(outcome.report.errors().size() == 1);
  const auto& error = outcome.report.errors()[0];
  CHECK(error.line == 3);
  CHECK(error.column == expected_column);
  CHECK(error.problem.code == "import.payment_conflict");
  CHECK(error.problem.arg("input") == payment_id);
  CHECK_THAT(outcome.report.render(core::Lang::ZhCn), Catch::Contains("第 3 行") && Catch::Contains(payment_id));
  CHECK(outcome.report.good_rows() == 2);
  CHECK(outcome.report.bad_rows() == 1);
  CHECK(state_of(store) == before);
  CHECK(count(db, fmt::format("SELECT amount_fen FROM payments WHERE payment_id = '{}'", payment_id)) == stored);
}

TEST_CASE("files that need regions or funds are refused before those are imported", "[importer]") {
  Store store(":memory:");
  auto& db = store.db();
  const StoreState empty = state_of(store);

  SECTION("funds before regions") {
    const auto outcome = import_demo(store, ImportKind::Funds);
    REQUIRE_FALSE(outcome.report.ok());
    REQUIRE(outcome.report.errors().size() == 1);
    CHECK(outcome.report.errors()[0].line == 0);
    CHECK(outcome.report.errors()[0].problem.code == "import.regions_first");
    CHECK_THAT(outcome.report.render(core::Lang::En), Catch::Contains("import the regions first"));
    CHECK_THAT(outcome.report.render(core::Lang::ZhCn), Catch::Contains("请先导入区划"));
  }
  SECTION("payments before funds") {
    REQUIRE(import_demo(store, ImportKind::Regions).report.ok());
    const StoreState regions_only = state_of(store);
    const auto lines = lines_of(demo_file(ImportKind::Payments));
    const auto outcome = import_bytes(store, ImportKind::Payments, join_lines({lines[0], lines[1], lines[2]}));
    REQUIRE_FALSE(outcome.report.ok());
    REQUIRE(outcome.report.errors().size() == 2);
    CHECK(outcome.report.errors()[0].line == 2);
    CHECK(outcome.report.errors()[0].problem.code == "import.unknown_fund");
    CHECK(outcome.report.errors()[1].line == 3);
    CHECK(state_of(store) == regions_only);
    return;
  }
  SECTION("stages before regions and funds") {
    const auto outcome = import_demo(store, ImportKind::Stages);
    REQUIRE_FALSE(outcome.report.ok());
    std::set<std::string> codes;
    for (const auto& e : outcome.report.errors()) codes.insert(e.problem.code);
    CHECK(codes == std::set<std::string>{"import.unknown_fund", "import.unknown_region"});
  }
  CHECK(state_of(store) == empty);
  CHECK(count(db, "SELECT count(*) FROM funds") == 0);
}

TEST_CASE("hostile files change nothing and never throw", "[importer]") {
  Store store(":memory:");
  import_all(store);
  StoreState before = state_of(store);
  const StoreState state_of_data = state_of(store, false);

  std::string junk;
  for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919 + 13) % 256);
  const std::string utf16{"\xFF\xFE\x41\x00\x2C\x00\x42\x00\x0A\x00", 10};
  struct Case {
    const char* what;
    std::string bytes;
    bool refused;  // a header with no rows is a valid, empty file
  };
  const std::vector<Case> cases{
      {"empty file", "", true},
      {"blank lines only", "\n\r\n\n", true},
      {"header only", lines_of(demo_file(ImportKind::Payments))[0] + "\n", false},
      {"wrong header", "a,b,c\n1,2,3\n", true},
      {"binary junk", junk, true},
      {"UTF-16", utf16, true},
      {"unterminated quote", "流水号,身份证号\n\"abc,1\n", true},
      {"a huge field", "区划代码,名称\n" + std::string(2 << 20, 'x') + ",y\n", true},
  };
  for (const auto& c : cases) {
    for (const auto kind : kAllKinds) {
      INFO(c.what << " as " << core::import_kind_name(kind));
      ImportOutcome outcome;
      REQUIRE_NOTHROW(outcome = import_bytes(store, kind, c.bytes));
      CHECK(outcome.new_rows == 0);
      if (outcome.report.ok()) {
        CHECK_FALSE(c.refused);
        CHECK(kind == ImportKind::Payments);
        CHECK(outcome.report.good_rows() == 0);
        // Data and log untouched; only the import's own record and audit row were added.
        CHECK(state_of(store, false) == state_of_data);
        CHECK(count(store.db(), "SELECT count(*) FROM imports") == before.figures.at("imports") + 1);
        before = state_of(store);
      } else {
        CHECK_FALSE(outcome.report.render(core::Lang::ZhCn).empty());
        CHECK(state_of(store) == before);
      }
    }
  }
}

TEST_CASE("a GB18030 file (Excel on Chinese Windows) imports exactly as its UTF-8 twin", "[importer]") {
  Store store(":memory:");
  auto& db = store.db();
  for (const auto kind : kAllKinds) {
    INFO(core::import_kind_name(kind));
    const std::string gb = to_gb18030(demo_file(kind));
    REQUIRE(gb != demo_file(kind));
    const auto outcome = import_bytes(store, kind, gb, core::Encoding::Auto);
    REQUIRE(outcome.report.ok());
    CHECK(outcome.report.encoding() == core::Encoding::Gb18030);
    CHECK(outcome.new_rows > 0);
  }
  CHECK(count(db, "SELECT count(*) FROM regions WHERE name = '龙兴镇'") == 1);
  // The UTF-8 files find every row already there, byte for byte.
  const StoreState before = state_of(store, false);
  for (const auto kind : kAllKinds) {
    INFO(core::import_kind_name(kind));
    const auto outcome = import_demo(store, kind);
    REQUIRE(outcome.report.ok());
    CHECK(outcome.new_rows == 0);
  }
  CHECK(state_of(store, false) == before);

  // Forced to UTF-8, the GB18030 bytes are refused, not imported as mojibake.
  const auto forced =
      import_bytes(store, ImportKind::Notices, to_gb18030(demo_file(ImportKind::Notices)), core::Encoding::Utf8);
  CHECK_FALSE(forced.report.ok());
  CHECK(forced.report.errors().front().problem.code == "import.invalid_text");
  CHECK(state_of(store, false) == before);
}

TEST_CASE("aggregates equal the sums of the files and a re-import appends none", "[importer]") {
  Store store(":memory:");
  auto& db = store.db();
  import_all(store);

  // fund × region × month → plan, approve, allocate, disburse, paid, payments, beneficiaries,
  // summed here from the CSV records: payments count at their village, stages where reported.
  using Key = std::tuple<std::string, std::string, std::string>;
  struct Figures {
    std::array<std::int64_t, 6> fen_and_counts{};  // plan, approve, allocate, disburse, paid, payments
    std::set<std::string> people;
  };
  auto stages = csv_records(demo_file(ImportKind::Stages));
  auto payments = csv_records(demo_file(ImportKind::Payments));
  const auto sh = stages[0], ph = payments[0];
  const std::map<std::string, std::size_t> stage_index{
      {"用款计划申请", 0}, {"资金使用审批", 1}, {"资金拨付", 2}, {"资金发放", 3}};
  auto stage_key = [&](const std::vector<std::string>& r) {
    return Key{r[column(sh, "项目代码")], r[column(sh, "区划代码")], r[column(sh, "日期")].substr(0, 7)};
  };
  auto expected_figures = [&] {
    std::map<Key, Figures> expected;
    for (std::size_t i = 1; i < stages.size(); ++i)
      expected[stage_key(stages[i])].fen_and_counts.at(stage_index.at(stages[i][column(sh, "环节")])) +=
          fen_of(stages[i][column(sh, "金额")]);
    for (std::size_t i = 1; i < payments.size(); ++i) {
      const auto& r = payments[i];
      auto& f = expected[Key{r[column(ph, "项目代码")], r[column(ph, "区划代码")].substr(0, 12),
                             r[column(ph, "发放日期")].substr(0, 7)}];
      f.fen_and_counts[4] += fen_of(r[column(ph, "发放金额")]);
      f.fen_and_counts[5] += 1;
      f.people.insert(r[column(ph, "身份证号")]);
    }
    return expected;
  };

  auto check_store = [&] {
    const auto expected = expected_figures();
    std::size_t rows = 0;
    SQLite::Statement q(
        db,
        "SELECT fund_code, region_code, month, plan_fen, approve_fen, allocate_fen, disburse_fen, paid_fen, "
        "payments, beneficiaries FROM aggregates");
    while (q.executeStep()) {
      const Key key{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()};
      INFO(std::get<0>(key) << " " << std::get<1>(key) << " " << std::get<2>(key));
      const auto it = expected.find(key);
      if (it == expected.end()) {  // a month whose figures moved away stays, at zero
        for (int i = 3; i < 10; ++i) CHECK(q.getColumn(i).getInt64() == 0);
        continue;
      }
      ++rows;
      for (int i = 0; i < 6; ++i)
        CHECK(q.getColumn(3 + i).getInt64() == it->second.fen_and_counts.at(static_cast<std::size_t>(i)));
      CHECK(q.getColumn(9).getInt64() == static_cast<std::int64_t>(it->second.people.size()));
    }
    CHECK(rows == expected.size());
    // The current log entry of every aggregate carries the same figures as the table.
    SQLite::Statement e(
        db,
        "SELECT c.body, a.paid_fen, a.payments, a.plan_fen, a.disburse_fen, a.beneficiaries FROM current cur "
        "JOIN changes c ON c.seq = cur.seq JOIN aggregates a "
        "ON cur.key = a.fund_code || '|' || a.region_code || '|' || a.month WHERE cur.kind = 'aggregate'");
    std::int64_t entries = 0;
    while (e.executeStep()) {
      ++entries;
      const json data = json::parse(e.getColumn(0).getString()).at("data");
      CHECK(data.at("paid_fen").get<std::int64_t>() == e.getColumn(1).getInt64());
      CHECK(data.at("payments").get<std::int64_t>() == e.getColumn(2).getInt64());
      CHECK(data.at("plan_fen").get<std::int64_t>() == e.getColumn(3).getInt64());
      CHECK(data.at("disburse_fen").get<std::int64_t>() == e.getColumn(4).getInt64());
      CHECK(data.at("beneficiaries").get<std::int64_t>() == e.getColumn(5).getInt64());
    }
    CHECK(entries == count(db, "SELECT count(*) FROM aggregates"));
  };
  check_store();

  const auto aggregate_entries = count(db, "SELECT count(*) FROM changes WHERE kind = 'aggregate'");
  REQUIRE(import_demo(store, ImportKind::Stages).report.ok());
  REQUIRE(import_demo(store, ImportKind::Payments).report.ok());
  CHECK(count(db, "SELECT count(*) FROM changes WHERE kind = 'aggregate'") == aggregate_entries);
  CHECK(refresh_aggregates(db, t0) == 0);  // nothing moved, nothing to say

  // One more payment changes exactly one figure, and only that one is logged.
  auto extra = payments[1];
  extra[column(ph, "流水号")] = "EXTRA-0001";
  extra[column(ph, "发放金额")] = "12.34";
  const auto outcome = import_bytes(store, ImportKind::Payments, join_lines({join_commas(ph), join_commas(extra)}));
  REQUIRE(outcome.report.ok());
  CHECK(outcome.new_rows == 1);
  CHECK(outcome.changes == 1);
  CHECK(count(db, "SELECT count(*) FROM changes WHERE kind = 'aggregate'") == aggregate_entries + 1);
  payments.push_back(extra);
  check_store();

  // A stage figure re-reported in another month: the new month gains it, the old one says zero.
  std::size_t moved = 0;
  for (std::size_t i = 1; i < stages.size() && moved == 0; ++i) {
    std::size_t same_key = 0;
    for (std::size_t j = 1; j < stages.size(); ++j) same_key += stage_key(stages[j]) == stage_key(stages[i]) ? 1U : 0U;
    if (same_key == 1 && std::get<1>(stage_key(stages[i])).size() == 9) moved = i;  // alone in its month, a town's
  }
  REQUIRE(moved != 0);
  const Key old_key = stage_key(stages[moved]);
  stages[moved][column(sh, "日期")] = "2026-11-02";
  std::vector<std::string> stage_lines;
  for (const auto& r : stages) stage_lines.push_back(join_commas(r));
  const auto before_move = count(db, "SELECT count(*) FROM changes WHERE kind = 'aggregate'");
  const auto move = import_bytes(store, ImportKind::Stages, join_lines(stage_lines));
  REQUIRE(move.report.ok());
  CHECK(move.new_rows == 1);
  CHECK(move.changes == 2);
  CHECK(count(db, "SELECT count(*) FROM changes WHERE kind = 'aggregate'") == before_move + 2);
  SQLite::Statement zero(db,
                         "SELECT plan_fen + approve_fen + allocate_fen + disburse_fen + paid_fen FROM aggregates "
                         "WHERE fund_code = ? AND region_code = ? AND month = ?");
  zero.bind(1, std::get<0>(old_key));
  zero.bind(2, std::get<1>(old_key));
  zero.bind(3, std::get<2>(old_key));
  REQUIRE(zero.executeStep());
  CHECK(zero.getColumn(0).getInt64() == 0);
  check_store();
  // Said once: the next refresh has nothing more to say about it.
  CHECK(refresh_aggregates(db, t0) == 0);
}

TEST_CASE("a payments import marks the persons paid for re-sealing", "[importer]") {
  Store store(":memory:");
  auto& db = store.db();
  for (const auto kind : {ImportKind::Regions, ImportKind::Funds, ImportKind::Stages})
    REQUIRE(import_demo(store, kind).report.ok());
  CHECK(count(db, "SELECT count(*) FROM persons") == 0);

  const auto payments = csv_records(demo_file(ImportKind::Payments));
  const auto& h = payments[0];
  std::map<std::string, std::string> village_of;  // the highest village, as the importer homes them
  for (std::size_t i = 1; i < payments.size(); ++i) {
    auto& v = village_of[payments[i][column(h, "身份证号")]];
    v = std::max(v, payments[i][column(h, "区划代码")].substr(0, 12));
  }
  const auto outcome = import_demo(store, ImportKind::Payments);
  REQUIRE(outcome.report.ok());
  CHECK(outcome.persons_marked == village_of.size());
  CHECK(count(db, "SELECT count(*) FROM persons WHERE dirty = 1 AND tag IS NULL") ==
        static_cast<std::int64_t>(village_of.size()));
  for (const auto& [id, village] : village_of) {
    SQLite::Statement q(db, "SELECT region_code FROM persons WHERE resident_id = ?");
    q.bind(1, id);
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getString() == village);
  }

  // Clear the marks as the sealer would; a file with one new payment marks that one person again.
  db.exec("UPDATE persons SET dirty = 0");
  const auto lines = lines_of(demo_file(ImportKind::Payments));
  auto extra = split_commas(lines[5]);
  extra[column(h, "流水号")] = "EXTRA-0002";
  const auto again = import_bytes(store, ImportKind::Payments, join_lines({lines[0], lines[1], join_commas(extra)}));
  REQUIRE(again.report.ok());
  CHECK(again.new_rows == 1);
  CHECK(again.unchanged_rows == 1);
  CHECK(again.persons_marked == 1);
  SQLite::Statement dirty(db, "SELECT resident_id, generation FROM persons WHERE dirty = 1");
  REQUIRE(dirty.executeStep());
  CHECK(dirty.getColumn(0).getString() == extra[column(h, "身份证号")]);
  CHECK(dirty.getColumn(1).getInt() == 2);
  CHECK_FALSE(dirty.executeStep());
}

TEST_CASE("re-importing notices after a cadre edited one neither duplicates nor refuses", "[importer]") {
  Store store(":memory:");
  auto& db = store.db();
  REQUIRE(import_demo(store, ImportKind::Regions).report.ok());
  const auto first = import_demo(store, ImportKind::Notices);
  REQUIRE(first.report.ok());
  const auto notices = count(db, "SELECT count(*) FROM notices");

  // A cadre of the notice's village corrects it: new title, body and category.
  SQLite::Statement pick(db, "SELECT id, region_code FROM notices WHERE length(region_code) = 12 ORDER BY id LIMIT 1");
  REQUIRE(pick.executeStep());
  const std::int64_t id = pick.getColumn(0).getInt64();
  const std::string village = pick.getColumn(1).getString();
  const User cadre{1, "lijun", "李军", Role::VillageCadre, village, false};
  const NoticeView original = get_notice(db, cadre, id);
  NoticeDraft draft{village,
                    core::NoticeCategory::PublicNotice,
                    original.title + "（更正）",
                    original.body + "\n\n更正：联系电话有误。",
                    std::nullopt,
                    std::nullopt};
  if (original.category == core::NoticeCategory::PublicNotice) draft.category = core::NoticeCategory::Finance;
  const NoticeView edited = edit_notice(db, cadre, id, 1, draft, "127.0.0.1", t0);
  REQUIRE(edited.revision == 2);

  const StoreState before = state_of(store, false);
  const auto again = import_demo(store, ImportKind::Notices);
  INFO(again.report.render(core::Lang::En));
  REQUIRE(again.report.ok());
  CHECK(again.new_rows == 0);
  CHECK(again.unchanged_rows == static_cast<std::size_t>(notices));
  CHECK(count(db, "SELECT count(*) FROM notices") == notices);
  CHECK(state_of(store, false) == before);
  // The cadre's correction stands.
  const NoticeView after = get_notice(db, cadre, id);
  CHECK(after.revision == 2);
  CHECK(after.title == draft.title);
  CHECK(after.body == draft.body);
}

TEST_CASE("a notice re-imported for the same day with another text is refused", "[importer]") {
  Store store(":memory:");
  auto& db = store.db();
  REQUIRE(import_demo(store, ImportKind::Regions).report.ok());
  const std::string csv =
      "区划代码,类别,标题,正文,发布日期,有效期至\n"
      "500112101,村务,关于秋季防火的通知,\"请大家注意用火安全。\n\n- 不在山林烧纸\",2026-10-01,2026-12-31\n"
      "500112,公示,区级资金公示,全区资金已按时发放。,2026-10-02,\n";
  const auto first = import_bytes(store, ImportKind::Notices, csv);
  REQUIRE(first.report.ok());
  REQUIRE(first.new_rows == 2);

  const StoreState before = state_of(store);
  std::string changed = csv;
  SECTION("another body") { changed.replace(changed.find("全区资金"), std::string("全区资金").size(), "部分资金"); }
  SECTION("another category") {
    changed.replace(changed.find("500112,公示"), std::string("500112,公示").size(), "500112,财务");
  }
  const auto again = import_bytes(store, ImportKind::Notices, changed);
  REQUIRE_FALSE(again.report.ok());
  REQUIRE(again.report.errors().size() == 1);
  CHECK(again.report.errors()[0].line == 5);  // the quoted body spans lines 2–4
  CHECK(again.report.errors()[0].column == "标题");
  CHECK(again.report.errors()[0].problem.code == "import.notice_conflict");
  CHECK(again.report.errors()[0].problem.arg("input") == "区级资金公示");
  CHECK(state_of(store) == before);

  // The same notice on another day is another notice.
  std::string next_day = csv;
  next_day.replace(next_day.find("2026-10-02"), 10, "2026-10-03");
  const auto other = import_bytes(store, ImportKind::Notices, next_day);
  REQUIRE(other.report.ok());
  CHECK(other.new_rows == 1);
  CHECK(other.unchanged_rows == 1);
  CHECK(count(db, "SELECT count(*) FROM notices") == 3);
}
