// Cadre accounts: Argon2id passwords, hashed session tokens, and the region rules of each role.
#include "feed/users.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <sodium.h>

#include "core/crypto.hpp"
#include "core/region.hpp"
#include "core/text.hpp"
#include "feed/audit.hpp"
#include "feed/errors.hpp"
#include "feed/fields.hpp"
#include "feed/store.hpp"

namespace sunlight::feed {
namespace {

struct RoleWord {
  Role role;
  std::string_view en;
  std::string_view zh;
};
constexpr std::array<RoleWord, 4> kRoleWords{{
    {Role::VillageCadre, "village_cadre", "村干部"},
    {Role::TownAdmin, "town_admin", "镇街管理员"},
    {Role::DistrictAdmin, "district_admin", "区管理员"},
    {Role::Auditor, "auditor", "审计员"},
}};

constexpr std::size_t kMinPassword = 10;
constexpr std::size_t kMaxPassword = 128;
constexpr std::size_t kSessionTokenBytes = 32;

bool valid_username(std::string_view name) noexcept {
  if (name.size() < 3 || name.size() > 32 || name[0] < 'a' || name[0] > 'z') return false;
  for (const char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

void check_password(std::string_view password, std::string_view username) {
  // The details below describe the password; they never contain it.
  if (password.size() < kMinPassword || password.size() > kMaxPassword)
    throw_bad_field("password", fmt::format("must be {} to {} bytes long", kMinPassword, kMaxPassword));
  if (!core::text::is_valid_utf8(password)) throw_bad_field("password", "is not valid UTF-8");
  std::size_t pos = 0;
  const char32_t first = core::text::next_code_point(password, pos);
  bool all_same = true;
  while (pos < password.size() && all_same) all_same = core::text::next_code_point(password, pos) == first;
  if (all_same) throw_bad_field("password", "is one character repeated");
  if (password == username) throw_bad_field("password", "is the same as the username");
}

std::string hash_password(std::string_view password, PasswordCost cost) {
  core::crypto_init();
  const bool interactive = cost == PasswordCost::Interactive;
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(),
                            interactive ? crypto_pwhash_OPSLIMIT_INTERACTIVE : crypto_pwhash_OPSLIMIT_MIN,
                            interactive ? crypto_pwhash_MEMLIMIT_INTERACTIVE : crypto_pwhash_MEMLIMIT_MIN,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("not enough memory to hash a password");
  return std::string(out.data());
}

bool verify_password(const std::string& hash, std::string_view password) {
  core::crypto_init();
  // An empty string_view may hold a null pointer, which libsodium's declaration forbids.
  return crypto_pwhash_str_verify(hash.c_str(), password.empty() ? "" : password.data(), password.size()) == 0;
}

// A hash nobody's password matches, at the cost the stored accounts use, so that a login for an
// unknown username takes as long as one for a real account. Computed once per process.
const std::string& dummy_hash(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT password_hash FROM users ORDER BY id LIMIT 1");
  bool interactive = false;
  if (q.executeStep()) {
    const std::string sample = q.getColumn(0).getString();
    interactive = crypto_pwhash_str_needs_rehash(sample.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                 crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
  }
  if (interactive) {
    static const std::string hash = hash_password(core::to_hex(core::random_bytes(16)), PasswordCost::Interactive);
    return hash;
  }
  static const std::string hash = hash_password(core::to_hex(core::random_bytes(16)), PasswordCost::Minimum);
  return hash;
}

constexpr std::string_view kUserColumns = "id, username, display_name, role, region_code, disabled_at IS NOT NULL";

User read_user(SQLite::Statement& q, int first = 0) {
  User u;
  u.id = q.getColumn(first).getInt64();
  u.username = q.getColumn(first + 1).getString();
  u.display_name = q.getColumn(first + 2).getString();
  const std::string role = q.getColumn(first + 3).getString();
  const auto parsed = parse_role(role);
  if (!parsed) throw std::runtime_error(fmt::format("user {} has an unknown role in the store", u.username));
  u.role = *parsed;
  u.region_code = q.getColumn(first + 4).getString();
  u.disabled = q.getColumn(first + 5).getInt() != 0;
  return u;
}

bool region_exists(SQLite::Database& db, const std::string& code) {
  SQLite::Statement q(db, "SELECT 1 FROM regions WHERE code = ?");
  q.bind(1, code);
  return q.executeStep();
}

bool level_fits(Role role, core::RegionLevel level) noexcept {
  switch (role) {
    case Role::VillageCadre: return level == core::RegionLevel::Village;
    case Role::TownAdmin: return level == core::RegionLevel::Town;
    case Role::DistrictAdmin: return level == core::RegionLevel::District;
    case Role::Auditor: return true;
  }
  return false;
}

bool is_token_shape(std::string_view token) noexcept {
  if (token.size() != kSessionTokenBytes * 2) return false;
  for (const char c : token)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// What a failed login records of the username typed: enough to see a pattern, nothing that
// could break a log viewer.
std::string printable_username(std::string_view typed) {
  const auto scan = core::text::scan(typed);
  if (!scan.valid_utf8 || scan.control || scan.line_break) return "(unprintable)";
  return core::text::ellipsize(typed, 40);
}

// ───── lockout ─────

// A count with no new failure for this long is forgotten, so that a typo now and then over months
// never adds up to a lock.
constexpr auto kForgetFailuresAfter = std::chrono::hours(24);

// What failures are counted under: the lower-cased name when it could be a username; anything
// else (no account can have it) under its hash, so the table holds no attacker's text.
std::string lockout_key(std::string_view lower_name) {
  return valid_username(lower_name) ? std::string(lower_name) : "#" + core::generic_hash_hex(lower_name);
}

// At most one user.login_locked row per locked name in this long: refusals come as fast as anyone
// can send them (no Argon2id work), and each row is a write.
constexpr auto kRefusedAuditEvery = std::chrono::minutes(1);

struct LockState {
  int failures = 0;  // in a row, since the last success or the end of the last lock
  std::optional<core::Timestamp> locked_until;
  std::optional<core::Timestamp> refused_audit_at;  // the last user.login_locked row of this lock
};

LockState read_lock(SQLite::Database& db, const std::string& key, core::Timestamp now) {
  SQLite::Statement q(db, "SELECT failures, locked_until, refused_audit_at FROM login_failures WHERE username = ?");
  q.bind(1, key);
  if (!q.executeStep()) return {};
  if (q.getColumn(1).isNull()) return LockState{q.getColumn(0).getInt(), std::nullopt, std::nullopt};
  const auto until = core::parse_utc_iso(q.getColumn(1).getString());
  if (!until || *until <= now) return {};  // the lock has ended, and with it the count
  LockState state{q.getColumn(0).getInt(), *until, std::nullopt};
  if (!q.getColumn(2).isNull())
    if (const auto at = core::parse_utc_iso(q.getColumn(2).getString())) state.refused_audit_at = *at;
  return state;
}

// Whether a refusal now gets an audit row. A clock that went back a minute or more counts as due.
bool refusal_audit_due(const LockState& lock, core::Timestamp now) {
  if (!lock.refused_audit_at) return true;
  const auto since = now - *lock.refused_audit_at;
  return since >= kRefusedAuditEvery || since <= -kRefusedAuditEvery;
}

void purge_failures(SQLite::Database& db, core::Timestamp now) {
  // Two ranges, one per partial index (schema 4), rather than one OR that would scan the table.
  SQLite::Statement ended(db, "DELETE FROM login_failures WHERE locked_until <= ?");
  ended.bind(1, core::format_utc_iso(now));
  ended.exec();
  SQLite::Statement quiet(db, "DELETE FROM login_failures WHERE last_failure_at <= ? AND locked_until IS NULL");
  quiet.bind(1, core::format_utc_iso(now - kForgetFailuresAfter));
  quiet.exec();
}

void save_failures(SQLite::Database& db, const std::string& key, int failures, core::Timestamp now,
                   std::optional<core::Timestamp> locked_until) {
  SQLite::Statement q(db, "INSERT INTO login_failures(username, failures, last_failure_at, locked_until) "
                          "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(username) DO UPDATE SET failures = ?2, "
                          "last_failure_at = ?3, locked_until = ?4, refused_audit_at = NULL");
  q.bind(1, key);
  q.bind(2, failures);
  q.bind(3, core::format_utc_iso(now));
  if (locked_until) q.bind(4, core::format_utc_iso(*locked_until));
  q.exec();
}

void forget_failures(SQLite::Database& db, const std::string& key) {
  SQLite::Statement q(db, "DELETE FROM login_failures WHERE username = ?");
  q.bind(1, key);
  q.exec();
}

ApiError locked_error(core::Timestamp until, core::Timestamp now) {
  const auto seconds = std::max<long long>(1, std::chrono::duration_cast<std::chrono::seconds>(until - now).count());
  const long long minutes = (seconds + 59) / 60;
  return ApiError(429, "locked",
                  fmt::format("too many wrong passwords: this account is locked for {} more minutes", minutes), seconds);
}

}  // namespace

std::optional<Role> parse_role(std::string_view text) {
  const std::string lower = core::text::ascii_lower(core::text::trim(text));
  for (const auto& w : kRoleWords)
    if (lower == w.en || lower == w.zh) return w.role;
  return std::nullopt;
}

std::string_view role_name(Role role, core::Lang lang) {
  for (const auto& w : kRoleWords)
    if (w.role == role) return lang == core::Lang::En ? w.en : w.zh;
  return "?";
}

std::string public_name(const User& user) {
  return fmt::format("{}（{}）", user.display_name, role_name(user.role, core::Lang::ZhCn));
}

User add_user(SQLite::Database& db, const NewUser& user, const std::string& actor, core::Timestamp now,
              PasswordCost cost) {
  if (!valid_username(user.username))
    throw_bad_field("username", "must be 3 to 32 of a-z 0-9 . _ - and start with a letter");
  const std::string display_name = checked_line("display_name", user.display_name, 1, 20);
  const std::string region = checked_region_code("region", user.region_code);
  if (!level_fits(user.role, core::level_of_code(region)))
    throw_bad_field("region", fmt::format("a {} must belong to a {}, not {}", role_name(user.role),
                                          user.role == Role::VillageCadre ? "village"
                                          : user.role == Role::TownAdmin  ? "town"
                                                                          : "district",
                                          region));
  check_password(user.password, user.username);
  if (!region_exists(db, region)) throw_bad_field("region", fmt::format("{} is not a known region", region));

  const std::string hash = hash_password(user.password, cost);  // before the write lock: it is slow
  WriteTransaction tx(db);
  SQLite::Statement exists(db, "SELECT 1 FROM users WHERE username = ?");
  exists.bind(1, user.username);
  if (exists.executeStep()) throw ApiError(409, "user_exists", fmt::format("user {} already exists", user.username));
  SQLite::Statement insert(db,
                           "INSERT INTO users(username, display_name, role, region_code, password_hash, created_at) "
                           "VALUES(?,?,?,?,?,?)");
  insert.bind(1, user.username);
  insert.bind(2, display_name);
  insert.bind(3, std::string(role_name(user.role)));
  insert.bind(4, region);
  insert.bind(5, hash);
  insert.bind(6, core::format_utc_iso(now));
  insert.exec();
  User out{db.getLastInsertRowid(), user.username, display_name, user.role, region, false};
  record_audit(db, AuditEntry{now, actor, "", "user.add", "user:" + user.username,
                              {{"role", role_name(user.role)}, {"region", region}, {"display_name", display_name}},
                              region});
  tx.commit();
  return out;
}

std::vector<User> list_users(SQLite::Database& db) {
  SQLite::Statement q(db, fmt::format("SELECT {} FROM users ORDER BY username", kUserColumns));
  std::vector<User> out;
  while (q.executeStep()) out.push_back(read_user(q));
  return out;
}

void disable_user(SQLite::Database& db, std::string_view username, const std::string& actor, core::Timestamp now) {
  WriteTransaction tx(db);
  SQLite::Statement get(db, "SELECT id, disabled_at IS NOT NULL, region_code FROM users WHERE username = ?");
  get.bind(1, std::string(username));
  if (!get.executeStep())
    throw ApiError(404, "unknown_user", fmt::format("no user {}", core::text::ellipsize(username, 40)));
  const std::int64_t id = get.getColumn(0).getInt64();
  const std::string region = get.getColumn(2).getString();
  if (get.getColumn(1).getInt() != 0)
    throw ApiError(409, "already_disabled", fmt::format("user {} is already disabled", username));
  SQLite::Statement update(db, "UPDATE users SET disabled_at = ? WHERE id = ?");
  update.bind(1, core::format_utc_iso(now));
  update.bind(2, id);
  update.exec();
  SQLite::Statement end_sessions(db, "DELETE FROM sessions WHERE user_id = ?");
  end_sessions.bind(1, id);
  const int ended = end_sessions.exec();
  record_audit(db, AuditEntry{now, actor, "", "user.disable", fmt::format("user:{}", username),
                              {{"sessions_ended", ended}}, region});
  tx.commit();
}

Session login(SQLite::Database& db, std::string_view username, std::string_view password, std::string_view remote_addr,
              core::Timestamp now, std::chrono::hours lifetime, const Lockout& lockout) {
  // Phones capitalise the first letter; stored usernames are lower case.
  const std::string name = core::text::ascii_lower(core::text::trim(username));
  const std::string key = lockout_key(name);
  std::optional<User> user;
  std::string hash;
  if (valid_username(name)) {
    SQLite::Statement q(db, fmt::format("SELECT {}, password_hash FROM users WHERE username = ?", kUserColumns));
    q.bind(1, name);
    if (q.executeStep()) {
      user = read_user(q);
      hash = q.getColumn(6).getString();
    }
  }
  const std::string target = user ? "user:" + user->username : "user:?";
  const std::string region = user ? user->region_code : "";
  // Refused while locked, whatever the password, with no Argon2id work and as a read: a write
  // (an audit row) only when the name's last user.login_locked row is a minute old. Asked again
  // under the write lock, where an attempt may have raced the one that locked the name.
  auto refuse_locked = [&](const LockState& lock, bool in_transaction) {
    if (refusal_audit_due(lock, now)) {
      std::optional<WriteTransaction> tx;
      if (!in_transaction) tx.emplace(db);
      const LockState current = in_transaction ? lock : read_lock(db, key, now);
      if (current.locked_until && refusal_audit_due(current, now)) {
        record_audit(db, AuditEntry{now, "anonymous", std::string(remote_addr), "user.login_locked", target,
                                    {{"username", printable_username(username)},
                                     {"until", core::format_utc_iso(*current.locked_until)}},
                                    region});
        SQLite::Statement mark(db, "UPDATE login_failures SET refused_audit_at = ? WHERE username = ?");
        mark.bind(1, core::format_utc_iso(now));
        mark.bind(2, key);
        mark.exec();
      }
      if (tx) tx->commit();
    }
    return locked_error(*lock.locked_until, now);
  };
  if (const auto lock = read_lock(db, key, now); lock.locked_until) throw refuse_locked(lock, false);

  // Argon2id runs in every case, so the time taken does not tell whether the account exists.
  const bool long_password = password.size() > kMaxPassword;
  const std::string_view checked = long_password ? std::string_view{} : password;
  const bool password_ok = verify_password(user ? hash : dummy_hash(db), checked) && user && !long_password;

  if (!password_ok || user->disabled) {
    const char* reason = !user ? "unknown_user" : !password_ok ? "bad_password" : "disabled";
    WriteTransaction tx(db);
    record_audit(db, AuditEntry{now, "anonymous", std::string(remote_addr), "user.login_failed", target,
                                {{"username", printable_username(username)}, {"reason", reason}}, region});
    purge_failures(db, now);
    const auto lock = read_lock(db, key, now);
    if (lock.locked_until) {
      tx.commit();
      throw locked_error(*lock.locked_until, now);
    }
    const int failures = lock.failures + 1;
    if (failures < lockout.failures) {
      save_failures(db, key, failures, now, std::nullopt);
      tx.commit();
      throw ApiError(401, "bad_login", "wrong username or password, or the account is disabled");
    }
    const core::Timestamp until = now + lockout.duration;
    save_failures(db, key, failures, now, until);
    record_audit(db, AuditEntry{now, "anonymous", std::string(remote_addr), "user.locked", target,
                                {{"username", printable_username(username)},
                                 {"failures", failures},
                                 {"until", core::format_utc_iso(until)}},
                                region});
    tx.commit();
    fmt::print(stderr, "sunlight-feed: login name {} locked until {} after {} wrong passwords in a row (the last from {})\n",
               printable_username(username), core::format_utc_iso(until), failures,
               core::text::ellipsize(remote_addr, 60));
    throw locked_error(until, now);
  }

  Session session{core::to_hex(core::random_bytes(kSessionTokenBytes)), now + lifetime, *user};
  WriteTransaction tx(db);
  if (const auto lock = read_lock(db, key, now); lock.locked_until) {
    auto refused = refuse_locked(lock, true);
    tx.commit();
    throw refused;
  }
  forget_failures(db, key);
  purge_failures(db, now);
  SQLite::Statement purge(db, "DELETE FROM sessions WHERE expires_at <= ?");
  purge.bind(1, core::format_utc_iso(now));
  purge.exec();
  SQLite::Statement insert(db,
                           "INSERT INTO sessions(token_hash, user_id, created_at, expires_at, remote_addr) VALUES(?,?,?,?,?)");
  insert.bind(1, core::generic_hash_hex(session.token));
  insert.bind(2, user->id);
  insert.bind(3, core::format_utc_iso(now));
  insert.bind(4, core::format_utc_iso(session.expires_at));
  insert.bind(5, std::string(remote_addr));
  insert.exec();
  record_audit(db, AuditEntry{now, "cadre:" + user->username, std::string(remote_addr), "user.login",
                              "user:" + user->username, {{"expires_at", core::format_utc_iso(session.expires_at)}},
                              user->region_code});
  tx.commit();
  return session;
}

bool unlock_user(SQLite::Database& db, std::string_view username, const std::string& actor, core::Timestamp now) {
  const std::string name = core::text::ascii_lower(core::text::trim(username));
  const std::string key = lockout_key(name);
  WriteTransaction tx(db);
  const bool locked = read_lock(db, key, now).locked_until.has_value();
  forget_failures(db, key);
  if (locked) {
    std::string region;
    SQLite::Statement q(db, "SELECT region_code FROM users WHERE username = ?");
    q.bind(1, name);
    if (q.executeStep()) region = q.getColumn(0).getString();
    record_audit(db, AuditEntry{now, actor, "", "user.unlock", "user:" + (valid_username(name) ? name : "?"),
                                {{"username", printable_username(username)}}, region});
  }
  tx.commit();
  return locked;
}

Session session_of(SQLite::Database& db, std::string_view token, core::Timestamp now) {
  if (!is_token_shape(token)) throw ApiError(401, "no_session", "not logged in");
  SQLite::Statement q(db, "SELECT u.id, u.username, u.display_name, u.role, u.region_code, u.disabled_at IS NOT NULL, "
                          "s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id "
                          "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL");
  q.bind(1, core::generic_hash_hex(token));
  q.bind(2, core::format_utc_iso(now));
  if (!q.executeStep()) throw ApiError(401, "no_session", "the session has expired or ended: log in again");
  User user = read_user(q);
  const auto expires = core::parse_utc_iso(q.getColumn(6).getString());
  if (!expires) throw std::runtime_error("a session in the store has a malformed expiry time");
  return Session{std::string(token), *expires, std::move(user)};
}

User authenticate(SQLite::Database& db, std::string_view token, core::Timestamp now) {
  return session_of(db, token, now).user;
}

std::string csrf_token_for(std::string_view session_token) {
  core::crypto_init();
  if (session_token.size() < crypto_generichash_KEYBYTES_MIN || session_token.size() > crypto_generichash_KEYBYTES_MAX)
    throw std::invalid_argument("a CSRF token is derived from a session token only");
  static constexpr std::string_view kContext = "sunlight-csrf/1";
  std::array<unsigned char, crypto_generichash_BYTES> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(kContext.data()), kContext.size(),
                     reinterpret_cast<const unsigned char*>(session_token.data()), session_token.size());
  return core::to_hex(std::span<const unsigned char>(out));
}

void logout(SQLite::Database& db, std::string_view token) {
  if (!is_token_shape(token)) return;
  SQLite::Statement q(db, "DELETE FROM sessions WHERE token_hash = ?");
  q.bind(1, core::generic_hash_hex(token));
  q.exec();
}

bool may_read(const User& user, std::string_view region_code) noexcept {
  return !user.disabled && is_region_code_shape(region_code) && core::code_within(region_code, user.region_code);
}

bool may_write(const User& user, std::string_view region_code) noexcept {
  return user.role != Role::Auditor && may_read(user, region_code);
}

void require_read(const User& user, std::string_view region_code) {
  if (!may_read(user, region_code))
    throw ApiError(403, "forbidden", fmt::format("{} may not read region {}", user.username, region_code));
}

void require_write(const User& user, std::string_view region_code) {
  if (!may_write(user, region_code))
    throw ApiError(403, "forbidden",
                   fmt::format("{} may not write for region {}", user.username, region_code));
}

}  // namespace sunlight::feed
