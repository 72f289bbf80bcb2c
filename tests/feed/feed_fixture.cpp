// Builds the test feed the way `sunlight-feed demo` does, in-process.
#include "feed_fixture.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>

#include <SQLiteCpp/Statement.h>

#include "core/crypto.hpp"
#include "core/seal.hpp"
#include "feed/importer.hpp"
#include "feed/sealer.hpp"
#include "feed/store.hpp"
#include "feed/terminals.hpp"
#include "feed/users.hpp"
#include "gen/district_generator.hpp"

namespace sunlight::feed::testing {
namespace {

// The first region code of a level: district 6 digits, town 9, village 12, group 15.
std::string code_at(SQLite::Database& db, int length) {
  SQLite::Statement q(db, "SELECT min(code) FROM regions WHERE length(code) = ?");
  q.bind(1, length);
  q.executeStep();
  return q.getColumn(0).getString();
}
}  // namespace

FeedFixture::FeedFixture() {
  core::crypto_init();
  static int counter = 0;
  dir = std::filesystem::temp_directory_path() /
        ("sunlight-feed-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  import_dir = dir / "import";

  gen::GeneratorOptions options;
  const auto summary = gen::generate_district(options, import_dir);
  for (const auto& s : summary.samples) sample_ids.push_back(s.resident_id);

  auto key = core::SigningKey::generate();
  public_key = key.public_key().to_text();
  {
    std::ofstream out(dir / "signing.key");
    out << key.to_text() << "\n";
  }
  std::filesystem::permissions(dir / "signing.key", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  Store store(store_file(dir).string());
  save_seal_params(store, core::SealParams::minimum(core::random_bytes(16)));
  for (const auto kind : {core::ImportKind::Regions, core::ImportKind::Funds, core::ImportKind::Stages,
                          core::ImportKind::Payments, core::ImportKind::Notices}) {
    std::ifstream in(import_dir / std::string(core::import_file_name(kind)), std::ios::binary);
    ImportRun run;
    run.actor = "test";
    run.file_name = std::string(core::import_file_name(kind));
    run.now = core::now_utc();
    auto outcome = import_csv(store, kind, in, run);
    if (!outcome.report.ok()) throw std::runtime_error("fixture import failed: " + run.file_name);
  }
  SealOptions seal;
  seal.now = core::now_utc();
  seal_pending(store, seal);

  auto& db = store.db();
  district = code_at(db, 6);
  town = code_at(db, 9);
  village = code_at(db, 12);
  group = code_at(db, 15);
  kiosk_token = enroll_terminal(db, TerminalKind::Kiosk, village, "村委会一楼", "test", core::now_utc()).token;
  // A second village of the same town (added directly: the village-scale demo has one), whose
  // kiosk must not read the first village's people.
  other_village = town + "998";
  SQLite::Statement add(db, "INSERT INTO regions(code, name, parent_code, level) VALUES(?, '测试村', ?, 'village')");
  add.bind(1, other_village);
  add.bind(2, town);
  add.exec();
  other_kiosk_token = enroll_terminal(db, TerminalKind::Kiosk, other_village, "测试村村委会", "test", core::now_utc()).token;
  display_token = enroll_terminal(db, TerminalKind::Display, town, "服务大厅", "test", core::now_utc()).token;
  add_user(db, NewUser{cadre, "李军", Role::VillageCadre, village, cadre_password}, "test", core::now_utc(), PasswordCost::Minimum);
  add_user(db, NewUser{town_admin, "王芳", Role::TownAdmin, town, town_admin_password}, "test", core::now_utc(),
           PasswordCost::Minimum);
}

FeedFixture::~FeedFixture() {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

RunningFeed::RunningFeed(std::filesystem::path data_dir, int port, std::size_t max_body_bytes)
    : data_dir_(std::move(data_dir)), port_(port), max_body_bytes_(max_body_bytes) {
  start();
}

RunningFeed::~RunningFeed() { stop(); }

void RunningFeed::start() {
  if (server_) return;
  FeedConfig config;
  config.data_dir = data_dir_;
  config.port = port_;
  config.threads = 8;
  config.max_body_bytes = max_body_bytes_;
  server_ = std::make_unique<FeedServer>(config);
  port_ = server_->bind();
  thread_ = std::thread([this] { server_->run(); });
}

void RunningFeed::stop() {
  if (!server_) return;
  server_->stop();
  thread_.join();
  server_.reset();
}

}  // namespace sunlight::feed::testing

