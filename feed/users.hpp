// Cadre accounts, their sessions and what each role may read and write.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "core/date.hpp"
#include "core/i18n.hpp"

namespace sunlight::feed {

// Functions here take the connection they are given and are as thread-safe as it is (one
// thread at a time). The writers open their own WriteTransaction: call them outside any
// transaction on `db`. Errors are ApiError (errors.hpp).

enum class Role {
  VillageCadre,   // 村干部: writes for one village
  TownAdmin,      // 镇街管理员: writes for a town and its villages
  DistrictAdmin,  // 区管理员: writes for the whole district
  Auditor,        // 审计员: reads everything below their region, writes nothing
};

// "village_cadre", "town_admin", "district_admin", "auditor" (case-insensitive) or the Chinese
// name; nullopt otherwise.
[[nodiscard]] std::optional<Role> parse_role(std::string_view text);
// En: the word above; ZhCn: 村干部, 镇街管理员, 区管理员, 审计员.
[[nodiscard]] std::string_view role_name(Role role, core::Lang lang = core::Lang::En);

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::VillageCadre;
  std::string region_code;
  bool disabled = false;
};

// How a person is named in public history: "李军（村干部）" (DESIGN invariant 10).
[[nodiscard]] std::string public_name(const User& user);

struct NewUser {
  std::string username;      // 3–32 of [a-z0-9._-], starting with a letter
  std::string display_name;  // 1–20 code points, no control characters
  Role role = Role::VillageCadre;
  std::string region_code;   // must be in regions, at the role's level (an auditor: any level)
  std::string password;      // 10–128 bytes of UTF-8, not one repeated character, not the username
};

// Argon2id cost of a stored password. Interactive in production; Minimum only for tests and the
// demo, where hundreds of logins must not take minutes.
enum class PasswordCost { Interactive, Minimum };

// Creates an account. 400 "bad_field" (detail names the field, never the password), 409
// "user_exists". Audited as "user.add" by `actor`.
User add_user(SQLite::Database& db, const NewUser& user, const std::string& actor, core::Timestamp now,
              PasswordCost cost = PasswordCost::Interactive);

// Every account, by username.
[[nodiscard]] std::vector<User> list_users(SQLite::Database& db);
// Disables an account and ends its sessions. 404 "unknown_user", 409 "already_disabled".
// Audited as "user.disable".
void disable_user(SQLite::Database& db, std::string_view username, const std::string& actor, core::Timestamp now);

struct Session {
  std::string token;  // 64 hex characters; only its BLAKE2b hash is stored
  core::Timestamp expires_at;
  User user;
};

// How many wrong passwords in a row lock a username, and for how long ([cadre] lockout_failures,
// lockout_minutes in config/feed.toml).
struct Lockout {
  int failures = 5;
  std::chrono::minutes duration{15};
};

// Checks the password and opens a session. An unknown user, a wrong password and a disabled
// account all get the same 401 "bad_login", after the same Argon2id work, so the reply does not
// tell which usernames exist. Every attempt is audited ("user.login" / "user.login_failed").
// Expired sessions are purged here. The Argon2id check runs before the write lock is taken.
//
// Lockout: failures are counted per lower-cased username whether or not the account exists.
// The failure that reaches `lockout.failures` locks the name for `lockout.duration` (audited
// "user.locked", one line on stderr) and, like every attempt while it is locked, gets 429
// "locked" with retry_after set. Attempts while locked are refused before any Argon2id work,
// whatever the password, by a read: only the first refusal of a lock and then at most one a
// minute per name take the write lock, to record "user.login_locked". A successful login and
// the end of a lock reset the count; a count with no failure for a day is forgotten.
Session login(SQLite::Database& db, std::string_view username, std::string_view password,
              std::string_view remote_addr, core::Timestamp now, std::chrono::hours lifetime,
              const Lockout& lockout = {});

// Ends the lock of a username at once and forgets its failures. Returns whether it was locked
// (a name that was not is no error). Audited as "user.unlock" when it was.
bool unlock_user(SQLite::Database& db, std::string_view username, const std::string& actor, core::Timestamp now);

// The session a token opens (its token field is the token given). 401 "no_session" for a
// missing, malformed, unknown or expired token and for a disabled account. Read-only.
[[nodiscard]] Session session_of(SQLite::Database& db, std::string_view token, core::Timestamp now);
// session_of(…).user.
[[nodiscard]] User authenticate(SQLite::Database& db, std::string_view token, core::Timestamp now);

// The CSRF token of a session: 64 hex of BLAKE2b-256 keyed with the session token over
// "sunlight-csrf/1". Derived, never stored; a page that reloads can be given it again.
[[nodiscard]] std::string csrf_token_for(std::string_view session_token);

// Ends a session; an unknown token is not an error (logging out twice is harmless).
void logout(SQLite::Database& db, std::string_view token);

// A user may read a region within their own; write there too unless they are an auditor.
[[nodiscard]] bool may_read(const User& user, std::string_view region_code) noexcept;
[[nodiscard]] bool may_write(const User& user, std::string_view region_code) noexcept;
// 403 "forbidden" naming the region.
void require_read(const User& user, std::string_view region_code);
void require_write(const User& user, std::string_view region_code);

}  // namespace sunlight::feed
