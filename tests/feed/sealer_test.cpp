// Tests for feed/sealer: records sealed under each ID, opened as a kiosk would, re-sealed from the cache.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "core/crypto.hpp"
#include "core/csv.hpp"
#include "core/seal.hpp"
#include "core/statement.hpp"
#include "feed/change_log.hpp"
#include "core/gzip.hpp"
#include "feed/importer.hpp"
#include "feed/sealer.hpp"
#include "feed/store.hpp"
#include "gen/district_generator.hpp"

using namespace sunlight;
using namespace sunlight::feed;
using core::ImportKind;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const core::Timestamp t0 = core::parse_utc_iso("2026-11-20T02:00:00Z").value();

// The village-scale demo district, generated once per test run and removed at exit.
struct Demo {
  fs::path dir = fs::temp_directory_path() / fmt::format("sunlight-sealer-test-{}", ::getpid());
  gen::GenerationSummary summary;
  Demo() {
    fs::remove_all(dir);
    summary = gen::generate_district(gen::GeneratorOptions{}, dir);
  }
  ~Demo() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  Demo(const Demo&) = delete;
  Demo& operator=(const Demo&) = delete;
};

const Demo& demo() {
  static const Demo d;
  return d;
}

std::string demo_file(ImportKind kind) {
  std::ifstream in(demo().dir / std::string(core::import_file_name(kind)), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

ImportOutcome import_bytes(Store& store, ImportKind kind, const std::string& bytes) {
  std::istringstream in(bytes);
  ImportRun run;
  run.read.today = gen::kDefaultAsOf;
  run.actor = "cli:root";
  run.file_name = std::string(core::import_file_name(kind));
  run.now = t0;
  return import_csv(store, kind, in, run);
}

// One payment row of the demo file, by column name.
struct PaymentRow {
  std::map<std::string, std::string> field;
  const std::string& operator[](const std::string& name) const { return field.at(name); }
};

std::vector<std::string> payment_header() {
  std::istringstream in(demo_file(ImportKind::Payments));
  core::CsvReader reader(in);
  core::CsvRecord record;
  REQUIRE(reader.next(record));
  return {record.fields.begin(), record.fields.end()};
}

std::vector<PaymentRow> read_payment_rows() {
  std::istringstream in(demo_file(ImportKind::Payments));
  core::CsvReader reader(in);
  core::CsvRecord record;
  REQUIRE(reader.next(record));
  const std::vector<std::string> header(record.fields.begin(), record.fields.end());
  std::vector<PaymentRow> rows;
  while (reader.next(record)) {
    PaymentRow row;
    for (std::size_t i = 0; i < header.size(); ++i) row.field[header[i]] = std::string(record.fields.at(i));
    rows.push_back(std::move(row));
  }
  return rows;
}

const std::vector<PaymentRow>& payment_rows() {
  static const std::vector<PaymentRow> rows = read_payment_rows();
  return rows;
}

// "332.80" → 33280, independent of core::Money.
std::int64_t fen_of(const std::string& yuan) {
  const auto dot = yuan.find('.');
  std::string frac = dot == std::string::npos ? "" : yuan.substr(dot + 1);
  frac.resize(2, '0');
  return std::stoll(yuan.substr(0, dot)) * 100 + std::stoll(frac);
}

// What the demo file says about one person.
struct Expected {
  std::size_t payments = 0;
  std::int64_t total_fen = 0;
  std::string village;  // of the latest payment
  std::string latest_paid_on;
  std::string name;
};

Expected expected_for(const std::string& resident_id) {
  Expected e;
  for (const auto& row : payment_rows()) {
    if (row["身份证号"] != resident_id) continue;
    ++e.payments;
    e.total_fen += fen_of(row["发放金额"]);
    e.name = row["姓名"];
    if (row["发放日期"] >= e.latest_paid_on) {
      e.latest_paid_on = row["发放日期"];
      e.village = row["区划代码"].substr(0, 12);
    }
  }
  return e;
}

SealOptions seal_options() {
  SealOptions o;
  o.threads = 2;
  o.now = t0;
  return o;
}

std::int64_t count(SQLite::Database& db, const std::string& sql) { return db.execAndGet(sql).getInt64(); }

// A store with the demo imported and minimum-cost seal parameters saved, not yet sealed.
struct Imported {
  Store store{":memory:"};
  SQLite::Database& db = store.db();
  core::SealParams params = core::SealParams::minimum(core::random_bytes(core::kSealSaltBytes));
  std::size_t persons = 0;

  Imported() {
    core::crypto_init();
    for (const auto kind :
         {ImportKind::Regions, ImportKind::Funds, ImportKind::Stages, ImportKind::Payments, ImportKind::Notices}) {
      const auto outcome = import_bytes(store, kind, demo_file(kind));
      REQUIRE(outcome.report.ok());
      if (kind == ImportKind::Payments) persons = outcome.persons_marked;
    }
    save_seal_params(store, params);
  }

  // The current people-stream entry under this person's tag, as a kiosk of `scope` would get it.
  std::optional<json> entry_for(const core::PersonKey& key, const std::string& scope) {
    const std::string tag = core::to_hex(key.tag);
    for (const auto& text : read_snapshot(db, Stream::People, scope).entries) {
      json entry = json::parse(text);
      if (entry.at("key") == tag) return entry;
    }
    return std::nullopt;
  }
};

// Opens a people-stream entry's record with `key` and reads the statement inside, step by step
// as a kiosk does (base64 → XChaCha20-Poly1305 → gzip → JSON), and checks open_person_record agrees.
std::optional<core::Statement> open_statement(const json& entry, const core::PersonKey& key) {
  const std::string record_base64 = entry.at("data").at("record").get<std::string>();
  const auto sealed = core::from_base64(record_base64);
  REQUIRE(sealed.has_value());
  const auto opened = core::open_person_record(key, record_base64);
  const auto compressed = core::open_record(key, *sealed);
  CHECK(compressed.has_value() == opened.has_value());
  if (!compressed) return std::nullopt;
  const json record = json::parse(core::gzip_decompress(*compressed));
  CHECK(record == *opened);
  CHECK(record.at("format") == "sunlight-person/1");
  CHECK(record.at("sealed_at") == core::format_utc_iso(t0));
  auto statement = core::statement_from_json(record.at("statement"));
  REQUIRE(statement.ok());
  return *statement;
}

}  // namespace

TEST_CASE("seal parameters round-trip and missing or damaged ones are refused", "[sealer]") {
  Store store(":memory:");
  CHECK_THROWS_AS(load_seal_params(store), StoreError);
  const auto params = core::SealParams::minimum(core::random_bytes(core::kSealSaltBytes));
  save_seal_params(store, params);
  CHECK(load_seal_params(store) == params);
  const auto other = core::SealParams::production(core::random_bytes(core::kSealSaltBytes));
  save_seal_params(store, other);  // replaces
  CHECK(load_seal_params(store) == other);

  for (const char* damaged :
       {"not json", "[]", "{}", R"({"alg":"scrypt","opslimit":1,"memlimit":8192,"salt":"AAAAAAAAAAAAAAAAAAAAAA=="})",
        R"({"alg":"argon2id13","opslimit":1,"memlimit":8192,"salt":"c2hvcnQ="})",
        R"({"alg":"argon2id13","opslimit":0,"memlimit":8192,"salt":"AAAAAAAAAAAAAAAAAAAAAA=="})"}) {
    INFO(damaged);
    store.set_meta("seal_params", damaged);
    CHECK_THROWS_AS(load_seal_params(store), StoreError);
  }
}

TEST_CASE("the sealer refuses to run without good seal parameters and leaves everyone pending", "[sealer]") {
  Imported f;
  REQUIRE(f.persons > 0);
  SECTION("missing") { f.db.exec("DELETE FROM meta WHERE key = 'seal_params'"); }
  SECTION("damaged") { f.store.set_meta("seal_params", R"({"alg":"argon2id13","opslimit":1})"); }
  const auto head = f.store.head_seq();
  CHECK_THROWS_AS(seal_pending(f.store, seal_options()), StoreError);
  CHECK(pending_persons(f.store) == f.persons);
  CHECK(f.store.head_seq() == head);
}

TEST_CASE("seal_pending seals every person an import marked", "[sealer]") {
  Imported f;
  REQUIRE(pending_persons(f.store) == f.persons);
  REQUIRE(f.persons == static_cast<std::size_t>(count(f.db, "SELECT count(DISTINCT resident_id) FROM payments")));
  const auto head = f.store.head_seq();

  auto options = seal_options();
  options.batch = 150;  // several batches
  std::vector<std::pair<std::size_t, std::size_t>> progress;
  options.progress = [&](std::size_t done, std::size_t total) { progress.emplace_back(done, total); };
  const SealOutcome outcome = seal_pending(f.store, options);
  CHECK(outcome.sealed == f.persons);
  CHECK(outcome.derived == f.persons);
  CHECK(pending_persons(f.store) == 0);
  REQUIRE_FALSE(progress.empty());
  CHECK(progress.back() == std::pair{f.persons, f.persons});
  CHECK(progress.size() == (f.persons + 149) / 150);

  // One people-stream entry per person, appended after the imports' public entries.
  CHECK(f.store.head_seq() == head + static_cast<std::int64_t>(f.persons));
  CHECK(count(f.db, "SELECT count(*) FROM changes WHERE stream = 1 AND kind = 'person' AND op = 'seal'") ==
        static_cast<std::int64_t>(f.persons));
  CHECK(count(f.db, fmt::format("SELECT count(*) FROM changes WHERE stream = 1 AND seq <= {}", head)) == 0);
  // Each person row points at its entry, whose key is the hex of the stored tag.
  CHECK(count(f.db,
              "SELECT count(*) FROM persons p JOIN changes c ON c.seq = p.sealed_seq "
              "WHERE c.stream = 1 AND c.key = lower(hex(p.tag)) AND c.region = p.region_code "
              "AND length(p.tag) = 32 AND length(p.key) = 32 AND p.dirty = 0") == static_cast<std::int64_t>(f.persons));

  // Nothing personal is readable in the people stream either: only tags and sealed boxes.
  std::string bodies;
  SQLite::Statement q(f.db, "SELECT body FROM changes WHERE stream = 1");
  while (q.executeStep()) bodies += q.getColumn(0).getString();
  std::set<std::string> secrets;
  for (const auto& row : payment_rows()) {
    secrets.insert(row["身份证号"]);
    secrets.insert(row["姓名"]);
  }
  std::size_t leaks = 0;
  for (const auto& secret : secrets)
    if (bodies.find(secret) != std::string::npos) ++leaks;
  CHECK(leaks == 0);

  // Nothing left: a second run does nothing.
  const SealOutcome again = seal_pending(f.store, seal_options());
  CHECK(again.sealed == 0);
  CHECK(again.derived == 0);
  CHECK(f.store.head_seq() == head + static_cast<std::int64_t>(f.persons));
}

TEST_CASE("a resident's sealed record opens with their ID and lists exactly their payments", "[sealer]") {
  Imported f;
  (void)seal_pending(f.store, seal_options());
  const auto& samples = demo().summary.samples;
  REQUIRE(samples.size() >= 2);

  for (std::size_t i = 0; i + 1 < samples.size(); ++i) {  // the last sample has no payments
    const auto id = core::ResidentId::parse(samples[i].resident_id, gen::kDefaultAsOf);
    REQUIRE(id.ok());
    INFO(samples[i].description);
    const Expected expected = expected_for(samples[i].resident_id);
    REQUIRE(expected.payments > 0);

    const core::PersonKey key = core::derive_person_key(id->digits(), f.params);
    const auto entry = f.entry_for(key, expected.village);
    REQUIRE(entry.has_value());
    CHECK(entry->at("kind") == "person");
    CHECK(entry->at("op") == "seal");
    CHECK(entry->at("region") == expected.village);  // the person's village: its kiosks get it
    CHECK(entry->at("data").at("tag") == core::to_hex(key.tag));

    const auto statement = open_statement(*entry, key);
    REQUIRE(statement.has_value());
    CHECK(statement->payment_count == expected.payments);
    CHECK(statement->total.fen() == expected.total_fen);
    std::size_t lines = 0;
    std::int64_t by_line = 0;
    for (const auto& year : statement->years)
      for (const auto& programme : year.programmes)
        for (const auto& line : programme.lines) {
          ++lines;
          by_line += line.amount.fen();
        }
    CHECK(lines == expected.payments);
    CHECK(by_line == expected.total_fen);
    CHECK(statement->masked_id == id->masked());
    CHECK(statement->masked_id != samples[i].resident_id);
    CHECK(statement->masked_name != expected.name);
    const std::string village_name =
        f.db.execAndGet(fmt::format("SELECT name FROM regions WHERE code = '{}'", expected.village)).getString();
    CHECK_THAT(statement->region_name, Catch::Contains(village_name));

    // A kiosk of another village, or a display's scope elsewhere, does not receive it.
    CHECK_FALSE(f.entry_for(key, expected.village.substr(0, 9) + "999").has_value());
  }

  // A wrong ID derives another tag, and its key opens nobody's record.
  const auto first = core::ResidentId::parse(samples[0].resident_id, gen::kDefaultAsOf);
  const std::string village = expected_for(samples[0].resident_id).village;
  const auto entry = f.entry_for(core::derive_person_key(first->digits(), f.params), village);
  REQUIRE(entry.has_value());
  const core::PersonKey wrong = core::derive_person_key(samples.back().resident_id, f.params);
  CHECK_FALSE(f.entry_for(wrong, village).has_value());
  CHECK_FALSE(open_statement(*entry, wrong).has_value());
  // The right ID under another deployment's salt opens nothing either.
  const auto elsewhere = core::SealParams::minimum(core::random_bytes(core::kSealSaltBytes));
  CHECK_FALSE(open_statement(*entry, core::derive_person_key(first->digits(), elsewhere)).has_value());
}

TEST_CASE("a new payment re-seals the person from the cached key and supersedes the old record", "[sealer]") {
  Imported f;
  (void)seal_pending(f.store, seal_options());
  const std::string resident = demo().summary.samples.at(1).resident_id;
  const Expected before = expected_for(resident);
  const core::PersonKey key = core::derive_person_key(resident, f.params);
  const auto old_entry = f.entry_for(key, before.village);
  REQUIRE(old_entry.has_value());

  // Their last payment again, under a new 流水号 and amount.
  PaymentRow row;
  for (const auto& r : payment_rows())
    if (r["身份证号"] == resident) row = r;
  row.field["流水号"] = "SEAL-TEST-0001";
  row.field["发放金额"] = "88.80";
  row.field["发放日期"] = gen::kDefaultAsOf.iso();
  std::string csv;
  const auto header = payment_header();
  for (std::size_t i = 0; i < header.size(); ++i) csv += (i ? "," : "") + header[i];
  csv += "\n";
  for (std::size_t i = 0; i < header.size(); ++i) csv += (i ? "," : "") + row[header[i]];
  csv += "\n";
  const auto outcome = import_bytes(f.store, ImportKind::Payments, csv);
  REQUIRE(outcome.report.ok());
  CHECK(outcome.persons_marked == 1);
  CHECK(pending_persons(f.store) == 1);

  const SealOutcome sealed = seal_pending(f.store, seal_options());
  CHECK(sealed.sealed == 1);
  CHECK(sealed.derived == 0);  // the Argon2id output was cached
  CHECK(pending_persons(f.store) == 0);

  // The snapshot has one entry per person, this one the new record.
  const auto snapshot = read_snapshot(f.db, Stream::People, before.village);
  CHECK(snapshot.entries.size() == f.persons);
  std::set<std::string> keys;
  for (const auto& e : snapshot.entries) keys.insert(json::parse(e).at("key").get<std::string>());
  CHECK(keys.size() == f.persons);
  const auto new_entry = f.entry_for(key, before.village);
  REQUIRE(new_entry.has_value());
  CHECK(new_entry->at("seq").get<std::int64_t>() > old_entry->at("seq").get<std::int64_t>());
  const auto statement = open_statement(*new_entry, key);
  REQUIRE(statement.has_value());
  CHECK(statement->payment_count == before.payments + 1);
  CHECK(statement->total.fen() == before.total_fen + 8880);
  // The old record stays in the log (append-only), superseded.
  CHECK(count(f.db,
              fmt::format("SELECT count(*) FROM changes WHERE stream = 1 AND key = '{}'", core::to_hex(key.tag))) == 2);

  // New seal parameters (another salt) are not served from the old cache.
  const auto fresh = core::SealParams::minimum(core::random_bytes(core::kSealSaltBytes));
  save_seal_params(f.store, fresh);
  row.field["流水号"] = "SEAL-TEST-0002";
  csv = csv.substr(0, csv.find('\n') + 1);
  for (std::size_t i = 0; i < header.size(); ++i) csv += (i ? "," : "") + row[header[i]];
  csv += "\n";
  REQUIRE(import_bytes(f.store, ImportKind::Payments, csv).report.ok());
  const SealOutcome resealed = seal_pending(f.store, seal_options());
  CHECK(resealed.sealed == 1);
  CHECK(resealed.derived == 1);
  const core::PersonKey fresh_key = core::derive_person_key(resident, fresh);
  const auto fresh_entry = f.entry_for(fresh_key, before.village);
  REQUIRE(fresh_entry.has_value());
  const auto fresh_statement = open_statement(*fresh_entry, fresh_key);
  REQUIRE(fresh_statement.has_value());
  CHECK(fresh_statement->payment_count == before.payments + 2);
}

TEST_CASE("the stop flag stops the sealer between batches and leaves the rest pending", "[sealer]") {
  Imported f;
  REQUIRE(f.persons > 200);
  std::atomic<bool> stop{false};
  auto options = seal_options();
  options.batch = 100;
  options.stop = &stop;

  std::size_t left = f.persons;
  SECTION("set before it starts") {
    stop = true;
    const SealOutcome outcome = seal_pending(f.store, options);
    CHECK(outcome.sealed == 0);
    CHECK(outcome.derived == 0);
    CHECK(pending_persons(f.store) == f.persons);
    CHECK(count(f.db, "SELECT count(*) FROM changes WHERE stream = 1") == 0);
  }
  SECTION("set after the first batch") {
    options.progress = [&](std::size_t, std::size_t) { stop = true; };
    const SealOutcome outcome = seal_pending(f.store, options);
    CHECK(outcome.sealed == 100);
    CHECK(outcome.derived == 100);
    CHECK(pending_persons(f.store) == f.persons - 100);
    // What committed is consistent: exactly the sealed persons have entries and cleared marks.
    CHECK(count(f.db, "SELECT count(*) FROM changes WHERE stream = 1") == 100);
    CHECK(count(f.db, "SELECT count(*) FROM persons WHERE dirty = 0 AND sealed_seq IS NOT NULL") == 100);
    left -= 100;
  }
  // The next run finishes the job.
  stop = false;
  options.progress = nullptr;
  const SealOutcome rest = seal_pending(f.store, options);
  CHECK(pending_persons(f.store) == 0);
  CHECK(count(f.db, "SELECT count(*) FROM changes WHERE stream = 1") == static_cast<std::int64_t>(f.persons));
  CHECK(rest.sealed == left);
}
