// Tests for gen/: determinism, valid IDs, referential integrity, stage sums, dates, samples, import-readiness.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/csv.hpp"
#include "core/date.hpp"
#include "core/import_files.hpp"
#include "core/money.hpp"
#include "core/resident_id.hpp"
#include "gen/district_generator.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace sunlight;

namespace {

// A fresh directory under the system temp dir, removed when the test ends. The process ID keeps
// test processes that ctest runs side by side out of each other's way.
using sunlight::testing::TempDir;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The rows of a generated CSV as maps from header name to value.
using Row = std::map<std::string, std::string>;
std::vector<Row> read_csv(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  core::CsvReader reader(in, core::Encoding::Utf8);
  core::CsvRecord record;
  std::vector<std::string> header;
  std::vector<Row> rows;
  while (reader.next(record)) {
    REQUIRE_FALSE(record.problem);
    if (header.empty()) {
      for (const auto f : record.fields) header.emplace_back(f);
      continue;
    }
    REQUIRE(record.fields.size() == header.size());
    Row row;
    for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = std::string(record.fields[i]);
    rows.push_back(std::move(row));
  }
  return rows;
}

constexpr const char* kFiles[] = {"regions.csv", "funds.csv", "stages.csv", "payments.csv", "notices.csv", "samples.txt"};

gen::GeneratorOptions village_options(std::uint64_t seed = gen::kDefaultSeed) {
  gen::GeneratorOptions o;
  o.scale = gen::Scale::Village;
  o.seed = seed;
  return o;
}

std::int64_t fen_of(const std::string& text) { return core::Money::parse(text).value().fen(); }
core::CivilDate date_of(const std::string& text) { return core::parse_date(text).value(); }

bool has_two_decimals_at_most(const std::string& s) {
  const auto dot = s.find('.');
  return dot == std::string::npos || s.size() - dot - 1 <= 2;
}

// One village-scale generation shared by the read-only checks below: generating is cheap, but
// reading the same files into maps in every test would not be.
struct VillageData {
  TempDir dir{"shared"};
  gen::GenerationSummary summary;
  std::vector<Row> regions, funds, stages, payments, notices;

  VillageData() {
    summary = gen::generate_district(village_options(), dir.path());
    regions = read_csv(dir.path() / "regions.csv");
    funds = read_csv(dir.path() / "funds.csv");
    stages = read_csv(dir.path() / "stages.csv");
    payments = read_csv(dir.path() / "payments.csv");
    notices = read_csv(dir.path() / "notices.csv");
  }
};

const VillageData& village() {
  static const VillageData data;
  return data;
}

}  // namespace

TEST_CASE("the same options give byte-identical files", "[gen]") {
  TempDir a("same-a"), b("same-b");
  const auto first = gen::generate_district(village_options(), a.path());
  const auto second = gen::generate_district(village_options(), b.path());
  for (const char* name : kFiles) {
    INFO(name);
    CHECK(slurp(a.path() / name) == slurp(b.path() / name));
  }
  CHECK(first.payments == second.payments);
  CHECK(first.total_paid_fen == second.total_paid_fen);
}

TEST_CASE("a different seed gives different data", "[gen]") {
  TempDir a("seed-a"), b("seed-b");
  gen::generate_district(village_options(1), a.path());
  gen::generate_district(village_options(2), b.path());
  CHECK(slurp(a.path() / "payments.csv") != slurp(b.path() / "payments.csv"));
  CHECK(slurp(a.path() / "notices.csv") != slurp(b.path() / "notices.csv"));
}

TEST_CASE("the village scale is one village of about 1,000 people with its groups", "[gen]") {
  const auto& d = village();
  CHECK(d.summary.people >= 900);
  CHECK(d.summary.people <= 1200);
  CHECK(d.summary.payments == d.payments.size());
  CHECK(d.summary.notices == d.notices.size());
  std::map<std::string, int> levels;
  for (const auto& r : d.regions) ++levels[r.at("级别")];
  CHECK(levels["区县"] == 1);
  CHECK(levels["镇街"] == 1);
  CHECK(levels["村居"] == 1);
  CHECK(levels["社"] >= 4);
  for (const auto& r : d.regions) {
    const std::string& code = r.at("区划代码");
    if (code.size() > 6) CHECK(r.at("上级代码") == code.substr(0, code.size() - 3));
  }
  CHECK(d.funds.size() >= 60);  // 20+ programmes × 3 years
}

TEST_CASE("every resident ID is valid and belongs to one person", "[gen]") {
  const auto& d = village();
  const core::CivilDate as_of = gen::kDefaultAsOf;
  std::map<std::string, std::pair<std::string, std::string>> person;  // ID → (name, address)
  for (const auto& p : d.payments) {
    const std::string& id = p.at("身份证号");
    REQUIRE(id.size() == 18);
    CHECK(id.substr(0, 6) == "500112");
    CHECK(core::resident_id_check_digit(std::string_view(id).substr(0, 17)) == id[17]);
    const auto [it, inserted] = person.emplace(id, std::make_pair(p.at("姓名"), p.at("住址")));
    if (!inserted) {
      CHECK(it->second.first == p.at("姓名"));
    }
  }
  for (const auto& [id, who] : person) {
    INFO(id);
    CHECK(core::ResidentId::parse(id, as_of).ok());
  }
  // Different people never share an ID: names and IDs pair one to one within a household
  // address, so no (name, address) pair shows up under two IDs.
  std::map<std::pair<std::string, std::string>, std::string> by_person;
  for (const auto& [id, who] : person) {
    const auto [it, inserted] = by_person.emplace(who, id);
    CHECK((inserted || it->second == id));
  }
}

TEST_CASE("every payment refers to a known group and fund, with a positive two-decimal amount", "[gen]") {
  const auto& d = village();
  std::set<std::string> regions, funds, payment_ids;
  for (const auto& r : d.regions) regions.insert(r.at("区划代码"));
  for (const auto& f : d.funds) funds.insert(f.at("项目代码"));
  for (const auto& p : d.payments) {
    CHECK(regions.count(p.at("区划代码")) == 1);
    CHECK(p.at("区划代码").size() == 15);
    CHECK(funds.count(p.at("项目代码")) == 1);
    CHECK(payment_ids.insert(p.at("流水号")).second);
    const std::string& amount = p.at("发放金额");
    CHECK(has_two_decimals_at_most(amount));
    CHECK(fen_of(amount) > 0);
    const std::string& method = p.at("发放方式");
    CHECK((method == "一卡通" || method == "银行转账" || method == "现金" || method == "社保卡"));
  }
  for (const auto& s : d.stages) {
    CHECK(regions.count(s.at("区划代码")) == 1);
    CHECK(funds.count(s.at("项目代码")) == 1);
  }
  for (const auto& n : d.notices) CHECK(regions.count(n.at("区划代码")) == 1);
}

TEST_CASE("per fund and town, 资金发放 equals the payments and the chain never grows", "[gen]") {
  const auto& d = village();
  std::map<std::pair<std::string, std::string>, std::int64_t> paid;  // (fund, town) → fen
  std::map<std::pair<std::string, std::string>, std::string> last_day;
  for (const auto& p : d.payments) {
    const auto key = std::make_pair(p.at("项目代码"), p.at("区划代码").substr(0, 9));
    paid[key] += fen_of(p.at("发放金额"));
    last_day[key] = std::max(last_day[key], p.at("发放日期"));
  }
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::pair<std::int64_t, std::string>>> chain;
  for (const auto& s : d.stages) {
    auto& stages = chain[{s.at("项目代码"), s.at("区划代码")}];
    CHECK(stages.emplace(s.at("环节"), std::make_pair(fen_of(s.at("金额")), s.at("日期"))).second);
  }
  for (const auto& [key, fen] : paid) {
    INFO(key.first << " " << key.second);
    REQUIRE(chain.count(key) == 1);
    const auto& stages = chain.at(key);
    REQUIRE(stages.count("资金发放") == 1);
    CHECK(stages.at("资金发放").first == fen);
    CHECK(stages.at("资金发放").second == last_day.at(key));
  }
  std::size_t incomplete = 0;
  const char* order[] = {"用款计划申请", "资金使用审批", "资金拨付", "资金发放"};
  for (const auto& [key, stages] : chain) {
    INFO(key.first << " " << key.second);
    if (stages.count("资金发放") == 1) CHECK(paid.count(key) == 1);
    if (stages.count("资金发放") == 0) ++incomplete;
    const std::pair<std::int64_t, std::string>* previous = nullptr;
    for (const char* name : order) {
      if (stages.count(name) == 0) continue;
      const auto& s = stages.at(name);
      if (previous != nullptr) {
        CHECK(s.first <= previous->first);
        CHECK(s.second >= previous->second);
      }
      previous = &s;
    }
  }
  CHECK(incomplete >= 1);  // something for the big screen to flag
}

TEST_CASE("nothing is dated after as_of", "[gen]") {
  const auto& d = village();
  const core::CivilDate as_of = gen::kDefaultAsOf;
  for (const auto& p : d.payments) {
    const auto day = date_of(p.at("发放日期"));
    CHECK(day <= as_of);
    CHECK(day.year >= as_of.year - 2);
    const std::string& id = p.at("身份证号");
    CHECK(date_of(id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2)) <= as_of);
  }
  for (const auto& s : d.stages) CHECK(date_of(s.at("日期")) <= as_of);
  bool some_expired = false, some_current = false;
  for (const auto& n : d.notices) {
    const auto published = date_of(n.at("发布日期"));
    CHECK(published <= as_of);
    if (!n.at("有效期至").empty()) {
      const auto expires = date_of(n.at("有效期至"));
      CHECK(expires >= published);
      (expires < as_of ? some_expired : some_current) = true;
    }
  }
  CHECK(some_expired);
  for (const auto& f : d.funds) {
    const int year = std::stoi(f.at("年度"));
    CHECK(year >= as_of.year - 2);
    CHECK(year <= as_of.year);
  }
  (void)some_current;
}

TEST_CASE("budgets cover what was paid", "[gen]") {
  const auto& d = village();
  std::map<std::string, std::int64_t> paid;
  for (const auto& p : d.payments) paid[p.at("项目代码")] += fen_of(p.at("发放金额"));
  std::int64_t total = 0;
  for (const auto& f : d.funds) {
    INFO(f.at("项目代码"));
    CHECK(fen_of(f.at("预算金额")) >= paid[f.at("项目代码")]);
    total += paid[f.at("项目代码")];
  }
  CHECK(total == d.summary.total_paid_fen);
}

TEST_CASE("notices are varied, multi-paragraph and carry no resident IDs", "[gen]") {
  const auto& d = village();
  std::set<std::string> titles, categories;
  std::size_t with_list = 0;
  for (const auto& n : d.notices) {
    titles.insert(n.at("标题"));
    categories.insert(n.at("类别"));
    const std::string& body = n.at("正文");
    CHECK(body.find("\n\n") != std::string::npos);
    if (body.find("\n- ") != std::string::npos) ++with_list;
    std::size_t run = 0;
    for (const char c : body) {
      run = std::isdigit(static_cast<unsigned char>(c)) ? run + 1 : 0;
      CHECK(run < 17);
    }
  }
  CHECK(categories == std::set<std::string>{"党务", "公示", "村务", "财务"});
  CHECK(titles.size() * 10 >= d.notices.size() * 7);
  CHECK(with_list * 2 >= d.notices.size());
  std::size_t village_notices = 0;
  for (const auto& n : d.notices) village_notices += n.at("区划代码").size() == 12 ? 1U : 0U;
  CHECK(village_notices >= 10);
  CHECK(village_notices <= 30);
}

TEST_CASE("samples.txt names real recipients and one valid ID with no payments", "[gen]") {
  const auto& d = village();
  std::ifstream in(d.dir.path() / "samples.txt");
  std::vector<std::pair<std::string, std::string>> samples;
  for (std::string line; std::getline(in, line);) {
    const auto tab = line.find('\t');
    REQUIRE(tab != std::string::npos);
    samples.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  REQUIRE(samples.size() == 5);
  REQUIRE(samples.size() == d.summary.samples.size());
  std::set<std::string> paid_ids;
  for (const auto& p : d.payments) paid_ids.insert(p.at("身份证号"));
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto& [id, description] = samples[i];
    INFO(id << " " << description);
    CHECK(core::ResidentId::parse(id, gen::kDefaultAsOf).ok());
    CHECK(!description.empty());
    CHECK(paid_ids.count(id) == (i + 1 < samples.size() ? 1U : 0U));
  }
}

TEST_CASE("the generated files pass the importer's own validation", "[gen]") {
  const auto& d = village();
  core::ImportOptions options;
  options.today = gen::kDefaultAsOf;
  for (const auto& file : core::validate_directory(d.dir.path(), options)) {
    INFO(file.path.string() << "\n" << file.report.render(core::Lang::ZhCn, 10));
    CHECK(file.present);
    CHECK(file.report.ok());
  }
}

TEST_CASE("the town scale holds the village scale's village unchanged", "[gen]") {
  TempDir town("town");
  gen::GeneratorOptions options;
  options.scale = gen::Scale::Town;
  const auto summary = gen::generate_district(options, town.path());
  CHECK(summary.people >= 12000);
  CHECK(summary.people <= 18000);
  // The first village's people and payments are the same at every scale.
  const std::string village_payments = slurp(village().dir.path() / "payments.csv");
  const std::string town_payments = slurp(town.path() / "payments.csv");
  std::istringstream lines(village_payments);
  std::string line;
  std::getline(lines, line);  // header
  std::size_t checked = 0;
  while (std::getline(lines, line) && checked < 200) {
    if (line.find("YB") != 0) continue;
    CHECK(town_payments.find(line) != std::string::npos);
    ++checked;
  }
  CHECK(slurp(village().dir.path() / "samples.txt") == slurp(town.path() / "samples.txt"));
}

TEST_CASE("options out of range are refused", "[gen]") {
  TempDir dir("bad");
  gen::GeneratorOptions options = village_options();
  options.as_of = core::CivilDate{1999, 1, 1};
  CHECK_THROWS_AS(gen::generate_district(options, dir.path()), std::invalid_argument);
  options.as_of = core::CivilDate{2026, 2, 30};
  CHECK_THROWS_AS(gen::generate_district(options, dir.path()), std::invalid_argument);
  CHECK(gen::parse_scale("district") == gen::Scale::District);
  CHECK_FALSE(gen::parse_scale("city"));
}
