// The sealer: persons marked dirty → statement → XChaCha20-Poly1305 under their Argon2id key → log.
#include "feed/sealer.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "core/crypto.hpp"
#include "core/statement.hpp"
#include "feed/change_log.hpp"
#include "core/gzip.hpp"

namespace sunlight::feed {
namespace {

struct Pending {
  std::string resident_id;
  std::int64_t generation = 0;
  std::string tag;
  core::SecretBytes key;
  bool cached = false;  // key derived with the current parameters already
};

core::FundIndex load_funds(SQLite::Database& db) {
  core::FundIndex funds;
  SQLite::Statement q(db, "SELECT code, name, category, department, year, budget_fen, standard, policy_basis FROM funds");
  while (q.executeStep()) {
    core::Fund f;
    f.code = q.getColumn(0).getString();
    f.name = q.getColumn(1).getString();
    f.category = q.getColumn(2).getString();
    f.department = q.getColumn(3).getString();
    f.year = q.getColumn(4).getInt();
    f.budget = core::Money::from_fen(q.getColumn(5).getInt64());
    f.standard = q.getColumn(6).getString();
    f.policy_basis = q.getColumn(7).getString();
    funds.emplace(f.code, std::move(f));
  }
  return funds;
}

core::RegionTree load_region_tree(SQLite::Database& db) {
  core::RegionTree tree;
  SQLite::Statement q(db, "SELECT code, name, parent_code FROM regions");
  while (q.executeStep()) {
    const std::string code = q.getColumn(0).getString();
    tree.add(core::Region{code, q.getColumn(1).getString(), q.getColumn(2).getString(), core::level_of_code(code)});
  }
  return tree;
}

// Runs `work(i)` for i in [0, n) on `threads` threads.
void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& work) {
  threads = std::max(1U, std::min<unsigned>(threads, static_cast<unsigned>(n)));
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto run = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      try {
        work(i);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(run);
  run();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

core::SealParams load_seal_params(Store& store) {
  const std::string text = store.meta("seal_params");
  if (text.empty()) throw StoreError("the store has no seal parameters (run sunlight-feed init)");
  auto json = nlohmann::json::parse(text, nullptr, false);
  auto params = core::SealParams::from_json(json);
  if (!params) throw StoreError("the store's seal parameters are damaged");
  return *params;
}

void save_seal_params(Store& store, const core::SealParams& params) { store.set_meta("seal_params", params.to_json().dump()); }

std::size_t pending_persons(Store& store) {
  return static_cast<std::size_t>(store.db().execAndGet("SELECT count(*) FROM persons WHERE dirty = 1").getInt64());
}

SealOutcome seal_pending(Store& store, const SealOptions& options) {
  auto& db = store.db();
  SealOutcome out;
  const core::SealParams params = load_seal_params(store);
  const std::string params_id = core::generic_hash_hex(params.to_json().dump());
  const core::FundIndex funds = load_funds(db);
  const core::RegionTree regions = load_region_tree(db);
  const unsigned threads = options.threads ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  const std::size_t total = pending_persons(store);
  std::size_t done = 0;

  SQLite::Statement pick(db, "SELECT resident_id, generation, tag, key, params_id FROM persons WHERE dirty = 1 LIMIT ?");
  SQLite::Statement payments_of(db,
                                "SELECT payment_id, name, region_code, fund_code, amount_fen, paid_on, method, standard, "
                                "address FROM payments WHERE resident_id = ?");
  while (!(options.stop && options.stop->load())) {
    std::vector<Pending> batch;
    pick.reset();
    pick.bind(1, static_cast<std::int64_t>(std::max<std::size_t>(options.batch, 1)));
    while (pick.executeStep()) {
      Pending p;
      p.resident_id = pick.getColumn(0).getString();
      p.generation = pick.getColumn(1).getInt64();
      if (!pick.getColumn(2).isNull() && pick.getColumn(4).getString() == params_id) {
        p.tag = pick.getColumn(2).getString();
        const auto key = pick.getColumn(3);
        p.key = core::SecretBytes(std::string_view(static_cast<const char*>(key.getBlob()), static_cast<std::size_t>(key.getBytes())));
        p.cached = true;
      }
      batch.push_back(std::move(p));
    }
    pick.reset();
    if (batch.empty()) break;

    // The slow part, outside any transaction so the server keeps answering.
    std::vector<std::size_t> to_derive;
    for (std::size_t i = 0; i < batch.size(); ++i)
      if (!batch[i].cached) to_derive.push_back(i);
    // A stop (SIGTERM) is honoured between derivations too: at the production cost a batch is
    // minutes of work, and shutting down must not wait for it. Nothing is written for a batch
    // cut short; its persons stay marked.
    const auto stopping = [&] { return options.stop && options.stop->load(); };
    std::atomic<std::size_t> derived{0};
    parallel_for(to_derive.size(), threads, [&](std::size_t j) {
      if (stopping()) return;
      auto& p = batch[to_derive[j]];
      auto key = core::derive_person_key(p.resident_id, params);
      p.tag = std::move(key.tag);
      p.key = std::move(key.key);
      derived.fetch_add(1);
    });
    out.derived += derived.load();
    if (stopping()) break;

    WriteTransaction tx(db);
    ChangeAppender log(db);
    SQLite::Statement generation(db, "SELECT generation FROM persons WHERE resident_id = ?");
    SQLite::Statement update(db,
                             "UPDATE persons SET tag = ?, key = ?, params_id = ?, region_code = ?, dirty = 0, sealed_seq = ? "
                             "WHERE resident_id = ?");
    for (auto& p : batch) {
      generation.reset();
      generation.bind(1, p.resident_id);
      if (!generation.executeStep() || generation.getColumn(0).getInt64() != p.generation) continue;  // marked again

      auto id = core::ResidentId::parse(p.resident_id);
      if (!id) {  // only validated IDs are stored; should one ever not parse, do not retry it forever
        SQLite::Statement drop(db, "UPDATE persons SET dirty = 0 WHERE resident_id = ?");
        drop.bind(1, p.resident_id);
        drop.exec();
        continue;
      }
      std::vector<core::Payment> payments;
      std::string village;
      core::CivilDate latest{};
      payments_of.reset();
      payments_of.bind(1, p.resident_id);
      while (payments_of.executeStep()) {
        core::Payment pay{payments_of.getColumn(0).getString(), *id, {}, {}, {}, {}, {}, {}, {}, {}};
        pay.name = payments_of.getColumn(1).getString();
        pay.region_code = payments_of.getColumn(2).getString();
        pay.fund_code = payments_of.getColumn(3).getString();
        pay.amount = core::Money::from_fen(payments_of.getColumn(4).getInt64());
        if (auto d = core::parse_date(payments_of.getColumn(5).getString())) pay.paid_on = *d;
        if (auto m = core::parse_payment_method(payments_of.getColumn(6).getString())) pay.method = *m;
        pay.standard = payments_of.getColumn(7).getString();
        pay.address = payments_of.getColumn(8).getString();
        if (village.empty() || latest < pay.paid_on) {  // the person is homed where last paid
          latest = pay.paid_on;
          village = pay.region_code.substr(0, std::min<std::size_t>(12, pay.region_code.size()));
        }
        payments.push_back(std::move(pay));
      }
      const core::Statement statement = core::build_statement(*id, payments, funds, regions);
      const nlohmann::json plain = {{"format", "sunlight-person/1"},
                                    {"sealed_at", core::format_utc_iso(options.now)},
                                    {"statement", core::statement_to_json(statement)}};
      core::PersonKey key{p.tag, core::SecretBytes(std::string_view(reinterpret_cast<const char*>(p.key.data()), p.key.size()))};
      // Compressed before sealing: statements are repetitive JSON and shrink ~8×, while sealed
      // bytes do not compress at all. (Ciphertext length shows the record's size either way.)
      const std::string sealed = core::seal_record(key, core::gzip_compress(plain.dump()));
      const std::string tag_hex = core::to_hex(p.tag);
      const std::int64_t seq = log.append(NewChange{Stream::People, "person", tag_hex, village, "seal",
                                                    nlohmann::json{{"tag", tag_hex}, {"record", core::to_base64(sealed)}},
                                                    options.now});
      update.reset();
      update.bind(1, p.tag.data(), static_cast<int>(p.tag.size()));
      update.bind(2, p.key.data(), static_cast<int>(p.key.size()));
      update.bind(3, params_id);
      update.bind(4, village);
      update.bind(5, seq);
      update.bind(6, p.resident_id);
      update.exec();
      ++out.sealed;
    }
    tx.commit();
    done += batch.size();
    if (options.progress) options.progress(std::min(done, total), total);
  }
  return out;
}

}  // namespace sunlight::feed
