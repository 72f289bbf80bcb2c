// The feed's HTTP server: the v1 API of docs/feed-protocol.md on cpp-httplib.
//
// Hot path. Thousands of terminals poll the same few URLs every few seconds and almost every poll
// is answered 304. The ETag of every feed URL is the log's head, so a poll whose If-None-Match
// equals it is answered in the pre-routing handler from two atomics and a set lookup, before any
// regex or database. A poll that does get a body is served from a cache of rendered, signed and
// gzipped bodies that is dropped whenever the head moves; a miss renders once per URL per head.
#include "feed/server.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <utility>

#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>
#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/region.hpp"
#include "core/signing.hpp"
#include "core/text.hpp"
#include "core/version.hpp"
#include "feed/audit.hpp"
#include "feed/change_log.hpp"
#include "feed/complaints.hpp"
#include "feed/console_files.hpp"
#include "feed/cookies.hpp"
#include "feed/errors.hpp"
#include "feed/fields.hpp"
#include "core/gzip.hpp"
#include "feed/importer.hpp"
#include "feed/metrics.hpp"
#include "feed/notices.hpp"
#include "feed/regions.hpp"
#include "feed/scope.hpp"
#include "feed/sealer.hpp"
#include "feed/store.hpp"
#include "feed/terminals.hpp"
#include "feed/users.hpp"

namespace sunlight::feed {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Not "application/json" exactly: httplib would then compress every response again itself.
constexpr const char* kJson = "application/json; charset=utf-8";
constexpr std::string_view kFeedPrefix = "/v1/feed/";
constexpr int kDefaultLimit = 1000;
constexpr int kMaxLimit = 5000;
constexpr auto kHeadPoll = std::chrono::milliseconds(250);
constexpr auto kTerminalCacheTtl = std::chrono::seconds(10);
constexpr std::size_t kMaxCachedBodies = 4096;
constexpr std::size_t kMaxCachedBytes = 256u << 20;  // made-up `after` values must not fill memory
constexpr int kBusyTimeoutMs = 10'000;  // as feed/store.cpp sets it
constexpr auto kComplaintStatsEvery = std::chrono::minutes(10);

// The routes as /metrics names them.
const std::vector<std::string> kRoutes = {
    "/healthz",
    "/metrics",
    "/v1/info",
    "/v1/feed/{scope}/snapshot",
    "/v1/feed/{scope}/changes",
    "/v1/feed/{scope}/people/snapshot",
    "/v1/feed/{scope}/people/changes",
    "/v1/terminals/heartbeat",
    "/v1/session",
    "/v1/notices",
    "/v1/notices/{id}",
    "/v1/notices/{id}/retract",
    "/v1/notices/{id}/revisions",
    "/v1/regions",
    "/v1/terminals",
    "/v1/audit",
    "/console",
    "/console/{file}",
    "/v1/terminals/self",
    "/v1/complaints",
    "/v1/complaints/{no}",
    "/v1/complaints/{no}/status",
    "/v1/complaints/{no}/rating",
    "/v1/complaints/{no}/accept",
    "/v1/complaints/{no}/reply",
    "/v1/complaints/{no}/close",
    "/v1/complaints/{no}/reveal",
    "/open311/v2/services.json",
    "/open311/v2/requests.json",
    "/open311/v2/requests/{id}.json",
};

constexpr std::string_view kComplaintsPrefix = "/v1/complaints/";
constexpr std::string_view kOpen311RequestPrefix = "/open311/v2/requests/";
// What may follow /v1/complaints/{no}: each its own /metrics route, so labels stay bounded.
constexpr std::array<std::string_view, 6> kComplaintActions{"status", "rating", "accept", "reply", "close", "reveal"};

constexpr std::string_view kConsolePrefix = "/console/";

// What every reply under /console has, errors included (docs/console.md): the console builds
// pages from text only, and this forbids anything else besides.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kConsoleHeaders{{
    {"Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
     "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
}};

constexpr int kMaxAuditLimit = 500;
constexpr int kDefaultAuditLimit = 100;
constexpr std::size_t kMaxAuditPrefix = 200;

// A feed URL taken apart: /v1/feed/{scope}[/people]/{snapshot|changes}.
struct FeedPath {
  std::string scope;
  Stream stream = Stream::Public;
  bool snapshot = false;
};

std::optional<FeedPath> parse_feed_path(std::string_view path) {
  if (!path.starts_with(kFeedPrefix)) return std::nullopt;
  path.remove_prefix(kFeedPrefix.size());
  const auto slash = path.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  FeedPath out;
  out.scope = std::string(path.substr(0, slash));
  std::string_view rest = path.substr(slash);
  if (rest.starts_with("/people/")) {
    out.stream = Stream::People;
    rest.remove_prefix(7);
  }
  if (rest == "/snapshot")
    out.snapshot = true;
  else if (rest != "/changes")
    return std::nullopt;
  return out;
}

std::string route_of(std::string_view path) {
  if (auto feed = parse_feed_path(path)) {
    const bool people = feed->stream == Stream::People;
    return fmt::format("/v1/feed/{{scope}}/{}{}", people ? "people/" : "", feed->snapshot ? "snapshot" : "changes");
  }
  if (path.starts_with("/v1/notices/")) {
    if (path.ends_with("/retract")) return kRoutes[11];
    if (path.ends_with("/revisions")) return kRoutes[12];
    return kRoutes[10];
  }
  if (path.starts_with(kConsolePrefix)) return "/console/{file}";
  if (path.starts_with(kComplaintsPrefix)) {
    const auto rest = path.substr(kComplaintsPrefix.size());
    const auto slash = rest.find('/');
    if (slash != std::string_view::npos)
      for (const auto action : kComplaintActions)
        if (rest.substr(slash + 1) == action) return fmt::format("/v1/complaints/{{no}}/{}", action);
    return "/v1/complaints/{no}";
  }
  if (path.starts_with(kOpen311RequestPrefix)) return "/open311/v2/requests/{id}.json";
  return std::string(path);
}

// The methods each route takes ("" for a path that is no route), for 405's Allow header. HEAD
// goes wherever GET does (httplib answers it from the GET handler).
std::string methods_of(std::string_view route) {
  if (route == "/v1/terminals/heartbeat" || route == kRoutes[11]) return "POST";
  if (route == "/v1/session") return "GET, POST, DELETE";
  if (route == "/v1/notices" || route == "/v1/complaints") return "GET, POST";
  if (route.starts_with(kComplaintsPrefix) && route != "/v1/complaints/{no}" && route != "/v1/complaints/{no}/status")
    return "POST";
  if (route == kRoutes[10]) return "GET, PUT";
  for (const auto& r : kRoutes)
    if (r == route) return "GET";
  return "";
}

std::string error_body(std::string_view error, std::string_view detail) {
  return json{{"error", error}, {"detail", detail}}.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

void send_error(httplib::Response& res, int status, std::string_view error, std::string_view detail) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(error_body(error, detail), kJson);
}

std::string bearer_token(const httplib::Request& req) {
  const auto value = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (value.size() <= kBearer.size() || value.compare(0, kBearer.size(), kBearer) != 0) return {};
  return value.substr(kBearer.size());
}

std::optional<std::string> cookie_token(const httplib::Request& req) {
  std::vector<std::string> headers;
  const auto [first, last] = req.headers.equal_range("Cookie");
  for (auto it = first; it != last; ++it) headers.push_back(it->second);
  return session_cookie(headers);
}

// Whether the browser reached nginx over TLS (the nginx example sets X-Forwarded-Proto): the
// session cookie then gets Secure.
bool came_through_tls(const httplib::Request& req) {
  return core::text::ascii_lower(core::text::trim(req.get_header_value("X-Forwarded-Proto"))) == "https";
}

bool is_write(const httplib::Request& req) { return req.method == "POST" || req.method == "PUT" || req.method == "DELETE"; }

// The request's body as a JSON object, or 415 / 400.
json json_body(const httplib::Request& req) {
  const auto type = req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) != 0)
    throw ApiError(415, "unsupported_media_type", "send the body as application/json");
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded()) throw ApiError(400, "bad_json", "the body is not valid JSON");
  if (!body.is_object()) throw ApiError(400, "bad_json", "the body must be a JSON object");
  return body;
}

std::int64_t int_param(const httplib::Request& req, const char* name, std::int64_t fallback, std::int64_t min,
                       std::int64_t max) {
  if (!req.has_param(name)) return fallback;
  const auto text = req.get_param_value(name);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min || value > max)
    throw ApiError(400, "bad_parameter", fmt::format("{} must be a whole number from {} to {}", name, min, max));
  return value;
}

bool accepts_gzip(const httplib::Request& req) {
  // Enough for what terminals and nginx send ("gzip", "gzip, deflate, br"); q=0 is not honoured.
  return req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw StoreError(fmt::format("cannot read {}", path.string()));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// One rendered feed response, shared by every request for the same URL at the same head.
struct Body {
  std::int64_t head = 0;  // the log's head when it was read: its ETag
  std::string identity;
  std::string gzipped;
  std::string signature;  // base64 Ed25519 over `identity`
};

}  // namespace

struct FeedServer::Impl {
  FeedConfig config;
  std::filesystem::path store_path;
  core::SigningKey key;
  std::string public_key_text;
  std::string seal_json;
  // The store's Store::log_id(), read once at start: `sunlight-feed restored` is run with the
  // server stopped, and the watcher only warns when it changes under a running server.
  std::string log_id;
  bool warned_log_id = false;  // watcher thread only
  std::string district;
  httplib::Server http;
  Metrics metrics{kRoutes};
  ComplaintLookupLimiter lookups;  // status and rating, per kiosk per hour
  int port = 0;

  std::atomic<std::int64_t> head{0};
  std::mutex refresh_mutex;
  std::atomic<bool> stopping{false};
  std::atomic<bool> serving{false};  // run() is about to listen, or listening
  std::mutex wake_mutex;
  std::condition_variable wake;
  std::thread watcher;
  std::thread sealer;
  std::thread complaint_timer;

  // Regions the feed knows: a scope outside them is 404.
  std::mutex scopes_mutex;
  std::shared_ptr<const std::set<std::string, std::less<>>> scopes = std::make_shared<std::set<std::string, std::less<>>>();

  std::mutex cache_mutex;
  std::int64_t cache_head = -1;
  std::unordered_map<std::string, std::shared_ptr<const Body>> cache;
  std::size_t cache_bytes = 0;

  // Device tokens seen recently: a kiosk polls every few seconds, the database is asked every
  // kTerminalCacheTtl at most, so a revocation takes effect within that.
  struct KnownTerminal {
    std::optional<Terminal> terminal;
    Clock::time_point checked;
  };
  std::mutex terminals_mutex;
  std::unordered_map<std::string, KnownTerminal> terminals;

  // One connection per worker at a time; SQLite's WAL gives each read its own snapshot.
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<Store>> pool;

  class Lease {
   public:
    explicit Lease(Impl& impl) : impl_(impl) {
      {
        std::lock_guard lock(impl_.pool_mutex);
        if (!impl_.pool.empty()) {
          store_ = std::move(impl_.pool.back());
          impl_.pool.pop_back();
        }
      }
      if (!store_) store_ = std::make_unique<Store>(impl_.store_path.string());
    }
    ~Lease() {
      std::lock_guard lock(impl_.pool_mutex);
      impl_.pool.push_back(std::move(store_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    SQLite::Database& db() { return store_->db(); }
    Store& store() { return *store_; }

   private:
    Impl& impl_;
    std::unique_ptr<Store> store_;
  };

  explicit Impl(FeedConfig c)
      : config(std::move(c)), store_path(store_file(config.data_dir)), key(load_key(config.data_dir)) {
    public_key_text = key.public_key().to_text();
    Store store(store_path.string());
    seal_json = load_seal_params(store).to_json().dump();
    log_id = store.log_id();
    refresh(store);
    metrics.describe_gauge("sunlight_feed_head_seq", "The last sequence number in the change log.");
    metrics.describe_gauge("sunlight_terminals", "Enrolled terminals by kind and state.");
    metrics.describe_gauge("sunlight_persons_pending_seal", "Beneficiaries whose sealed record is behind.");
  }

  static core::SigningKey load_key(const std::filesystem::path& data_dir) {
    // Checked first so that serving a wrong folder never creates an empty store in it.
    if (!std::filesystem::is_regular_file(store_file(data_dir)))
      throw StoreError(fmt::format("{} holds no feed store: run `sunlight-feed init --data-dir {}` first",
                                   data_dir.string(), data_dir.string()));
    const auto text = read_file(data_dir / "signing.key");
    auto parsed = core::SigningKey::parse(core::text::trim(text));
    if (!parsed) throw StoreError(fmt::format("{} is not a Sunlight signing key", (data_dir / "signing.key").string()));
    return std::move(parsed).value();
  }

  // Re-reads the head and the known scopes; drops cached bodies when the head moved.
  // Called from the watcher, the sealer and workers after a write: one at a time, and the head
  // only ever moves forward.
  void refresh(Store& store) {
    std::lock_guard serial(refresh_mutex);
    const auto now_head = store.head_seq();
    if (now_head <= head.load() && known_scopes() > 0) return;
    auto fresh = std::make_shared<std::set<std::string, std::less<>>>();
    SQLite::Statement q(store.db(), "SELECT code FROM regions");
    while (q.executeStep()) fresh->insert(q.getColumn(0).getString());
    auto root = district_code(store.db());
    {
      std::lock_guard lock(scopes_mutex);
      scopes = std::move(fresh);
      district = std::move(root);
    }
    if (now_head > head.load()) head.store(now_head);
  }

  std::size_t known_scopes() {
    std::lock_guard lock(scopes_mutex);
    return scopes->size();
  }

  std::string district_now() {
    std::lock_guard lock(scopes_mutex);
    return district;
  }

  bool known_scope(std::string_view scope) {
    std::shared_ptr<const std::set<std::string, std::less<>>> s;
    {
      std::lock_guard lock(scopes_mutex);
      s = scopes;
    }
    return s->contains(scope);
  }

  // Only enrolled terminals are remembered, under their token's hash: made-up tokens cost one
  // indexed lookup each (or none, when not even shaped like a token) and no memory.
  std::optional<Terminal> terminal_for(const std::string& token) {
    if (!core::is_device_token_shape(token)) return std::nullopt;
    const auto now = Clock::now();
    const auto hash = core::generic_hash_hex(token);
    {
      std::lock_guard lock(terminals_mutex);
      const auto it = terminals.find(hash);
      if (it != terminals.end() && now - it->second.checked < kTerminalCacheTtl) return it->second.terminal;
    }
    std::optional<Terminal> found;
    {
      Lease lease(*this);
      found = authenticate_terminal(lease.db(), token);
    }
    std::lock_guard lock(terminals_mutex);
    if (found)
      terminals[hash] = KnownTerminal{found, now};
    else
      terminals.erase(hash);  // revoked since it was cached
    return found;
  }

  // The kiosk behind a people request, or 401 / 403.
  Terminal require_kiosk(const httplib::Request& req, std::string_view scope) {
    const auto token = bearer_token(req);
    if (token.empty()) throw ApiError(401, "no_token", "the people stream needs an enrolled kiosk's device token");
    auto terminal = terminal_for(token);
    if (!terminal) throw ApiError(401, "bad_token", "the device token is not enrolled or has been revoked");
    if (terminal->kind != TerminalKind::Kiosk)
      throw ApiError(403, "forbidden", "only kiosks read the people stream");
    if (!may_read_people(terminal->scope, scope))
      throw ApiError(403, "forbidden", fmt::format("this kiosk is enrolled for {}, not {}", terminal->scope, scope));
    return *terminal;
  }

  static std::string etag_for(Stream stream, std::int64_t h) {
    return fmt::format("\"{}{}\"", stream == Stream::People ? "p" : "", h);
  }

  static void set_cache_headers(httplib::Response& res, Stream stream, const std::string& etag) {
    res.set_header("ETag", etag);
    res.set_header("Vary", stream == Stream::People ? "Accept-Encoding, Authorization" : "Accept-Encoding");
    // Public bodies are the same for everyone: a shared cache may keep them a second. People
    // bodies are per kiosk and must be revalidated each time.
    res.set_header("Cache-Control", stream == Stream::People ? "private, no-cache" : "public, max-age=1");
  }

  // The 304 fast path (see the top of this file). Returns true when it answered.
  bool answer_not_modified(const httplib::Request& req, httplib::Response& res) {
    if (req.method != "GET") return false;
    const auto inm = req.get_header_value("If-None-Match");
    if (inm.empty()) return false;
    auto feed = parse_feed_path(req.path);
    if (!feed) return false;
    const auto etag = etag_for(feed->stream, head.load());
    if (inm != etag || !known_scope(feed->scope)) return false;
    if (feed->stream == Stream::People) {
      auto terminal = terminal_for(bearer_token(req));
      if (!terminal || terminal->kind != TerminalKind::Kiosk || !may_read_people(terminal->scope, feed->scope))
        return false;  // the full handler says why
    }
    res.status = 304;
    set_cache_headers(res, feed->stream, etag);
    return true;
  }

  std::shared_ptr<const Body> feed_body(const FeedPath& feed, std::int64_t after, int limit) {
    const auto cache_key = fmt::format("{}|{}|{}|{}|{}", static_cast<int>(feed.stream), feed.scope,
                                       feed.snapshot ? "s" : "c", after, limit);
    const auto h = head.load();
    {
      std::lock_guard lock(cache_mutex);
      if (cache_head != h) {
        cache.clear();
        cache_bytes = 0;
        cache_head = h;
      }
      if (auto it = cache.find(cache_key); it != cache.end()) return it->second;
    }
    auto body = std::make_shared<Body>();
    const std::string_view seal = feed.stream == Stream::People ? std::string_view(seal_json) : std::string_view();
    {
      Lease lease(*this);
      if (feed.snapshot) {
        const auto snapshot = read_snapshot(lease.db(), feed.stream, feed.scope);
        body->head = snapshot.as_of;
        body->identity = render_snapshot(snapshot, feed.stream, feed.scope, log_id, seal);
      } else {
        const auto page = read_changes(lease.db(), feed.stream, feed.scope, after, limit);
        body->head = page.head;
        body->identity = render_changes(page, feed.stream, feed.scope, log_id, seal);
      }
    }
    body->gzipped = core::gzip_compress(body->identity);
    body->signature = key.sign_base64(body->identity);
    std::lock_guard lock(cache_mutex);
    // Rendered from a head at least as new as h; keep it only if nothing moved meanwhile.
    if (cache_head == h && head.load() == h) {
      const std::size_t bytes = body->identity.size() + body->gzipped.size();
      if (cache.size() >= kMaxCachedBodies || cache_bytes + bytes > kMaxCachedBytes) {
        cache.clear();
        cache_bytes = 0;
      }
      if (cache.emplace(cache_key, body).second) cache_bytes += bytes;
    }
    return body;
  }

  void serve_feed(const httplib::Request& req, httplib::Response& res) {
    auto feed = parse_feed_path(req.path);
    if (!feed) throw ApiError(404, "not_found", "no such feed resource");
    if (!is_region_code_shape(feed->scope)) throw ApiError(404, "unknown_scope", "the scope must be a region code");
    if (!known_scope(feed->scope)) throw ApiError(404, "unknown_scope", fmt::format("no region {} in this feed", feed->scope));
    if (feed->stream == Stream::People) require_kiosk(req, feed->scope);
    std::int64_t after = 0;
    int limit = kDefaultLimit;
    if (!feed->snapshot) {
      after = int_param(req, "after", 0, 0, std::numeric_limits<std::int64_t>::max());
      limit = static_cast<int>(int_param(req, "limit", kDefaultLimit, 1, kMaxLimit));
      if (after > head.load()) {
        // The watcher may not have seen an import that committed a moment ago: ask the store.
        std::int64_t stored = 0;
        {
          Lease lease(*this);
          stored = lease.store().head_seq();
        }
        if (after > stored) {
          // The terminal has seen entries this store never had: it was restored from a backup or
          // the terminal points at another deployment. Only a fresh snapshot puts it right.
          throw ApiError(409, "cursor_ahead",
                         fmt::format("after={} is beyond the feed's head {}: load the snapshot again", after, stored));
        }
      }
    }
    const auto body = feed_body(*feed, after, limit);
    set_cache_headers(res, feed->stream, etag_for(feed->stream, body->head));
    res.set_header("X-Sunlight-Signature", body->signature);
    if (accepts_gzip(req)) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(body->gzipped, kJson);
    } else {
      res.set_content(body->identity, kJson);
    }
  }

  void note_write(Store& store) {
    refresh(store);
    wake.notify_all();
  }

  // A cadre's session, from the Authorization header or else the console's cookie. A write
  // authenticated by the cookie must carry the session's CSRF token: a page of another site can
  // make the browser send the cookie, but cannot read the token.
  struct CadreSession {
    Session session;
    bool by_cookie = false;
  };

  CadreSession cadre_session(const httplib::Request& req, SQLite::Database& db) {
    std::string token = bearer_token(req);
    const bool by_cookie = token.empty();
    if (by_cookie) {
      auto cookie = cookie_token(req);
      if (!cookie) throw ApiError(401, "no_session", "log in first: POST /v1/session");
      token = std::move(*cookie);
    }
    CadreSession out{session_of(db, token, core::now_utc()), by_cookie};
    if (by_cookie && is_write(req) &&
        !core::constant_time_equal(req.get_header_value("X-CSRF-Token"), csrf_token_for(token)))
      throw ApiError(403, "csrf", "send the X-CSRF-Token the login returned; reload the console");
    return out;
  }

  User cadre(const httplib::Request& req, SQLite::Database& db) { return cadre_session(req, db).session.user; }

  // The console's files: the table compiled in, never the disk, so no path reaches a file that
  // is not one of them.
  void serve_console(const httplib::Request& req, httplib::Response& res) {
    std::string name = req.matches[1].str();
    if (name.empty()) name = "index.html";
    const ConsoleFile* file = find_console_file(name);
    if (!file)
      throw ApiError(404, "not_found", fmt::format("the console has no file {}", core::text::ellipsize(name, 80)));
    res.set_header("ETag", std::string(file->etag));
    res.set_header("Cache-Control", "no-cache");
    if (req.get_header_value("If-None-Match") == file->etag) {
      res.status = 304;
      return;
    }
    res.set_content(file->bytes.data(), file->bytes.size(), std::string(file->content_type));
  }

  // The terminal behind a device token, asked of the store (not the cache): a revoked kiosk files
  // nothing. 401 without a token or with one that is not enrolled.
  static Terminal device(const httplib::Request& req, SQLite::Database& db) {
    const auto token = bearer_token(req);
    if (token.empty()) throw ApiError(401, "no_token", "send the terminal's device token");
    auto terminal = authenticate_terminal(db, token);
    if (!terminal) throw ApiError(401, "bad_token", "the device token is not enrolled or has been revoked");
    return std::move(*terminal);
  }

  static Terminal kiosk(const httplib::Request& req, SQLite::Database& db) {
    auto terminal = device(req, db);
    if (terminal.kind != TerminalKind::Kiosk) throw ApiError(403, "forbidden", "only kiosks file and follow complaints");
    return terminal;
  }

  ComplaintRules complaint_rules() const {
    return ComplaintRules{config.complaint_reply_working_days, config.complaint_holidays,
                          config.complaints_per_terminal_per_hour};
  }

  // An action's body: {} when none was sent (accept and reveal need nothing), else a JSON object.
  static json action_body(const httplib::Request& req) {
    if (req.body.empty()) return json::object();
    return json_body(req);
  }

  static std::string complaint_number(const httplib::Request& req) { return req.matches[1].str(); }

  static Open311Query open311_query(const httplib::Request& req) {
    Open311Query q;
    if (req.has_param("service_code")) {
      q.service_code = core::parse_complaint_reason(req.get_param_value("service_code"));
      if (!q.service_code)
        throw ApiError(400, "bad_parameter", "service_code must be one of the codes of /open311/v2/services.json");
    }
    if (req.has_param("status")) {
      const auto status = req.get_param_value("status");
      if (status != "open" && status != "closed") throw ApiError(400, "bad_parameter", "status must be open or closed");
      q.closed = status == "closed";
    }
    auto time = [&](const char* name) -> std::optional<core::Timestamp> {
      if (!req.has_param(name)) return std::nullopt;
      auto t = core::parse_utc_iso(req.get_param_value(name));
      if (!t) throw ApiError(400, "bad_parameter", fmt::format("{} must be a UTC time like 2026-03-01T06:05:00Z", name));
      return *t;
    };
    q.start = time("start_date");
    q.end = time("end_date");
    if (req.has_param("jurisdiction_id")) {
      auto code = core::normalize_region_code(req.get_param_value("jurisdiction_id"));
      if (!code) throw ApiError(400, "bad_parameter", "jurisdiction_id must be a region code such as 500112101");
      q.jurisdiction = std::move(code).value();
    }
    return q;
  }

  void complaint_routes(auto guarded) {
    http.Get("/v1/terminals/self", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto t = device(req, lease.db());
      reply_json(res, 200,
                 {{"id", t.id},
                  {"kind", terminal_kind_name(t.kind)},
                  {"name", t.name},
                  {"scope", t.scope},
                  {"last_sequence", last_tracking_sequence(lease.db(), t.id)}});
    }));

    http.Post("/v1/complaints", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto from = kiosk(req, lease.db());
      const auto filing = parse_complaint_filing(json_body(req));
      const auto out = file_complaint(lease.db(), from, req.get_header_value("Idempotency-Key"), filing,
                                      complaint_rules(), req.remote_addr, core::now_utc());
      note_write(lease.store());
      reply_json(res, out.status, out.body);
    }));
    http.Get(R"(/v1/complaints/([^/]+)/status)", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto from = kiosk(req, lease.db());
      lookups.admit(from.id, core::now_utc());
      reply_json(res, 200, complaint_status(lease.db(), from, complaint_number(req), core::now_utc()));
    }));
    http.Post(R"(/v1/complaints/([^/]+)/rating)", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto from = kiosk(req, lease.db());
      lookups.admit(from.id, core::now_utc());
      const auto out = rate_complaint(lease.db(), from, complaint_number(req), req.get_header_value("Idempotency-Key"),
                                      json_body(req), req.remote_addr, core::now_utc());
      note_write(lease.store());
      reply_json(res, out.status, out.body);
    }));

    http.Get("/v1/complaints", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto user = cadre(req, lease.db());
      ComplaintQuery q;
      if (req.has_param("region")) q.region = req.get_param_value("region");
      if (req.has_param("state")) {
        q.state = core::parse_complaint_state(req.get_param_value("state"));
        if (!q.state)
          throw ApiError(400, "bad_parameter",
                         "state must be received, accepted, replied, closed or closed_unresolved");
      }
      if (req.has_param("overdue")) {
        const auto overdue = req.get_param_value("overdue");
        if (overdue != "true" && overdue != "false") throw ApiError(400, "bad_parameter", "overdue must be true or false");
        q.overdue_only = overdue == "true";
      }
      reply_json(res, 200, list_complaints(lease.db(), user, q, core::now_utc()));
    }));
    http.Get(R"(/v1/complaints/([^/]+))", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto user = cadre(req, lease.db());
      reply_json(res, 200, get_complaint(lease.db(), user, complaint_number(req), core::now_utc()));
    }));
    http.Post(R"(/v1/complaints/([^/]+)/(accept|reply|close|reveal))",
              guarded([this](const httplib::Request& req, httplib::Response& res) {
                Lease lease(*this);
                const auto user = cadre(req, lease.db());  // 401, then 403 csrf, before the body
                const auto body = action_body(req);
                const auto number = complaint_number(req);
                const auto action = req.matches[2].str();
                const auto now = core::now_utc();
                json out;
                if (action == "accept") out = accept_complaint(lease.db(), user, number, req.remote_addr, now);
                else if (action == "reply") out = reply_complaint(lease.db(), user, number, body, req.remote_addr, now);
                else if (action == "close") out = close_complaint(lease.db(), user, number, body, req.remote_addr, now);
                else out = reveal_complaint_phone(lease.db(), user, number, req.remote_addr, now);
                note_write(lease.store());
                reply_json(res, 200, out);
              }));

    http.Get("/open311/v2/services.json", guarded([this](const httplib::Request&, httplib::Response& res) {
      reply_json(res, 200, open311_services());
    }));
    http.Get("/open311/v2/requests.json", guarded([this](const httplib::Request& req, httplib::Response& res) {
      const auto q = open311_query(req);
      Lease lease(*this);
      reply_json(res, 200, open311_requests(lease.db(), q));
    }));
    http.Get(R"(/open311/v2/requests/([^/]+)\.json)", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      reply_json(res, 200, open311_request(lease.db(), complaint_number(req)));
    }));
  }

  static json terminal_json(const Terminal& t, const std::string& scope_name, std::string_view state) {
    const bool seen = t.last_seen_at.has_value();
    auto heard = [seen](json value) { return seen ? std::move(value) : json(nullptr); };
    return {{"id", t.id},
            {"name", t.name},
            {"kind", terminal_kind_name(t.kind)},
            {"scope", t.scope},
            {"scope_name", scope_name},
            {"enrolled_at", core::format_utc_iso(t.enrolled_at)},
            {"last_seen_at", seen ? json(core::format_utc_iso(*t.last_seen_at)) : json(nullptr)},
            {"version", heard(t.version)},
            {"data_seq", heard(t.data_seq)},
            {"uptime_seconds", heard(t.uptime_seconds)},
            {"memory_bytes", heard(t.memory_bytes)},
            {"frame_ms", heard(t.frame_ms)},
            {"last_error", heard(t.last_error)},
            {"remote_addr", heard(t.remote_addr)},
            {"state", state}};
  }

  // GET /v1/audit's query parameters; 400 bad_parameter naming the one that is wrong.
  static AuditQuery audit_query(const httplib::Request& req, const User& user) {
    AuditQuery q;
    auto prefix = [&](const char* name) {
      if (!req.has_param(name)) return std::string();
      auto value = req.get_param_value(name);
      if (value.size() > kMaxAuditPrefix)
        throw ApiError(400, "bad_parameter", fmt::format("{} must be at most {} bytes", name, kMaxAuditPrefix));
      return value;
    };
    q.actor_prefix = prefix("actor");
    q.action_prefix = prefix("action");
    q.target_prefix = prefix("target");
    if (req.has_param("region")) {
      auto code = core::normalize_region_code(req.get_param_value("region"));
      if (!code) throw ApiError(400, "bad_parameter", "region must be a region code such as 500112101");
      require_read(user, *code);
      q.region = std::move(code).value();
    }
    auto time = [&](const char* name) -> std::optional<core::Timestamp> {
      if (!req.has_param(name)) return std::nullopt;
      auto t = core::parse_utc_iso(req.get_param_value(name));
      if (!t) throw ApiError(400, "bad_parameter", fmt::format("{} must be a UTC time like 2026-03-01T06:05:00Z", name));
      return *t;
    };
    q.since = time("since");
    q.until = time("until");
    if (req.has_param("before"))
      q.before = int_param(req, "before", 0, 1, std::numeric_limits<std::int64_t>::max());
    q.limit = static_cast<std::size_t>(int_param(req, "limit", kDefaultAuditLimit, 1, kMaxAuditLimit));
    // A district-level user sees every row, district-wide work ('') included; anyone else the
    // rows of their own region and below.
    if (core::level_of_code(user.region_code) != core::RegionLevel::District) q.scope = user.region_code;
    return q;
  }

  static std::int64_t notice_id(const httplib::Request& req) {
    std::int64_t id = 0;
    const auto text = req.matches[1].str();
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0)
      throw ApiError(404, "unknown_notice", "no such notice");
    return id;
  }

  void reply_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n", kJson);
  }

  void metrics_page(httplib::Response& res) {
    const auto at = core::now_utc();
    Lease lease(*this);
    std::map<std::pair<std::string, std::string>, int> counts;
    for (const auto kind : {TerminalKind::Kiosk, TerminalKind::Display})
      for (const auto state : {TerminalState::Online, TerminalState::Stale, TerminalState::Offline, TerminalState::Revoked})
        counts[std::make_pair(std::string(terminal_kind_name(kind)), std::string(terminal_state_name(state)))] = 0;
    for (const auto& t : list_terminals(lease.db())) {
      const auto state = state_of(t, at, std::chrono::seconds(config.stale_after_seconds),
                                  std::chrono::seconds(config.offline_after_seconds));
      ++counts[std::make_pair(std::string(terminal_kind_name(t.kind)), std::string(terminal_state_name(state)))];
    }
    for (const auto& [k, n] : counts)
      metrics.set_gauge("sunlight_terminals", Metrics::label("kind", k.first) + "," + Metrics::label("state", k.second), n);
    metrics.set_gauge("sunlight_feed_head_seq", "", static_cast<double>(lease.store().head_seq()));
    metrics.set_gauge("sunlight_persons_pending_seal", "", static_cast<double>(pending_persons(lease.store())));
    res.set_header("Cache-Control", "no-store");
    res.set_content(metrics.render(), std::string(kMetricsContentType));
  }

  void routes() {
    auto guarded = [this](auto handler) {
      return [this, handler](const httplib::Request& req, httplib::Response& res) {
        try {
          handler(req, res);
        } catch (const ApiError& e) {
          if (e.retry_after() > 0) res.set_header("Retry-After", std::to_string(e.retry_after()));
          send_error(res, e.status(), e.error(), e.detail());
        } catch (const SQLite::Exception& e) {
          const bool busy = e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED;
          send_error(res, busy ? 503 : 500, busy ? "busy" : "store_error",
                     busy ? "the store is busy with an import; try again shortly" : "the store failed; see the server log");
          if (!busy) fmt::print(stderr, "sunlight-feed: store error on {} {}: {}\n", req.method, req.path, e.what());
        }
      };
    };

    http.Get("/healthz", guarded([this](const httplib::Request&, httplib::Response& res) {
      Lease lease(*this);
      reply_json(res, 200, {{"status", "ok"}, {"head", lease.store().head_seq()}});
    }));
    http.Get("/metrics", guarded([this](const httplib::Request&, httplib::Response& res) { metrics_page(res); }));
    http.Get("/v1/info", guarded([this](const httplib::Request&, httplib::Response& res) {
      const json info = {{"format", kFeedFormat},
                         {"server", fmt::format("sunlight-feed {}", core::kVersion)},
                         {"public_key", public_key_text},
                         {"district", district_now()},
                         {"head", head.load()},
                         {"log_id", log_id},
                         {"seal", public_seal_params()},
                         {"now", core::format_utc_iso(core::now_utc())}};
      const auto text = info.dump() + "\n";
      res.set_header("X-Sunlight-Signature", key.sign_base64(text));
      res.set_header("Cache-Control", "no-cache");
      res.set_content(text, kJson);
    }));
    http.Get(R"(/v1/feed/[^/]+/(?:people/)?(?:snapshot|changes))",
             guarded([this](const httplib::Request& req, httplib::Response& res) { serve_feed(req, res); }));

    http.Post("/v1/terminals/heartbeat", guarded([this](const httplib::Request& req, httplib::Response& res) {
      const auto token = bearer_token(req);
      if (token.empty()) throw ApiError(401, "no_token", "send the terminal's device token");
      const auto body = json_body(req);
      Lease lease(*this);
      // Asked every time, not from the cache: a revoked terminal learns it at its next heartbeat.
      auto terminal = authenticate_terminal(lease.db(), token);
      if (!terminal) throw ApiError(401, "bad_token", "the device token is not enrolled or has been revoked");
      const auto beat = parse_heartbeat(body);
      // A heartbeat is worth little next to a worker: while an import holds the write lock,
      // answer 503 at once rather than tie a worker up for the store's 10 s busy wait.
      struct ShortWait {
        SQLite::Database& db;
        explicit ShortWait(SQLite::Database& d) : db(d) { db.setBusyTimeout(200); }
        ~ShortWait() { db.setBusyTimeout(kBusyTimeoutMs); }  // whatever happens, before the pool gets it back
        ShortWait(const ShortWait&) = delete;
        ShortWait& operator=(const ShortWait&) = delete;
      };
      try {
        const ShortWait short_wait(lease.db());
        record_heartbeat(lease.db(), terminal->id, beat, req.remote_addr, core::now_utc());
      } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() != SQLITE_BUSY && e.getErrorCode() != SQLITE_LOCKED) throw;
        res.set_header("Retry-After", "30");
        throw ApiError(503, "busy", "the store is busy with an import; send the next heartbeat later");
      }
      res.status = 204;
    }));

    http.Post("/v1/session", guarded([this](const httplib::Request& req, httplib::Response& res) {
      const auto body = json_body(req);
      const auto username = body.find("username");
      const auto password = body.find("password");
      if (username == body.end() || !username->is_string()) throw_bad_field("username", "is missing");
      if (password == body.end() || !password->is_string()) throw_bad_field("password", "is missing");
      const auto cookie = body.find("cookie");
      if (cookie != body.end() && !cookie->is_boolean()) throw_bad_field("cookie", "must be true or false");
      const bool by_cookie = cookie != body.end() && cookie->get<bool>();
      Lease lease(*this);
      const auto now = core::now_utc();
      const auto session = login(lease.db(), username->get<std::string>(), password->get<std::string>(), req.remote_addr,
                                 now, std::chrono::hours(config.session_hours),
                                 Lockout{config.lockout_failures, std::chrono::minutes(config.lockout_minutes)});
      json reply = {{"expires_at", core::format_utc_iso(session.expires_at)}, {"user", user_json(session.user)}};
      if (by_cookie) {
        // The token goes where page script cannot read it; the page gets the CSRF token instead.
        const auto max_age = std::chrono::duration_cast<std::chrono::seconds>(session.expires_at - now).count();
        res.set_header("Set-Cookie", session_set_cookie(session.token, max_age, came_through_tls(req)));
        reply["csrf_token"] = csrf_token_for(session.token);
      } else {
        reply["token"] = session.token;
      }
      reply_json(res, 201, reply);
    }));
    http.Get("/v1/session", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto s = cadre_session(req, lease.db());
      json reply = {{"user", user_json(s.session.user)}, {"expires_at", core::format_utc_iso(s.session.expires_at)}};
      if (s.by_cookie) reply["csrf_token"] = csrf_token_for(s.session.token);
      reply_json(res, 200, reply);
    }));
    http.Delete("/v1/session", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto s = cadre_session(req, lease.db());
      // Before the store is written: if that fails (503 busy), the browser still forgets the
      // token, so the person who logged out is logged out on this device whatever happens next.
      if (s.by_cookie) res.set_header("Set-Cookie", session_clear_cookie(came_through_tls(req)));
      logout(lease.db(), s.session.token);
      res.status = 204;
    }));

    complaint_routes(guarded);

    http.Get("/v1/regions", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto user = cadre(req, lease.db());
      json list = json::array();
      for (const auto& r : regions_for(lease.db(), user))
        list.push_back(
            {{"code", r.code}, {"name", r.name}, {"level", r.level}, {"parent", r.parent}, {"writable", r.writable}});
      reply_json(res, 200, {{"regions", list}});
    }));

    http.Get("/v1/terminals", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto user = cadre(req, lease.db());
      const bool district_level = core::level_of_code(user.region_code) == core::RegionLevel::District;
      if (!district_level || (user.role != Role::DistrictAdmin && user.role != Role::Auditor))
        throw ApiError(403, "forbidden", "only district administrators and auditors of the district see the terminals");
      const auto at = core::now_utc();
      const auto names = region_names(lease.db());
      const auto throttles = terminal_throttles(lease.db(), at);
      json list = json::array();
      for (const auto& t : list_terminals(lease.db())) {
        const auto state = state_of(t, at, std::chrono::seconds(config.stale_after_seconds),
                                    std::chrono::seconds(config.offline_after_seconds));
        const auto name = names.find(t.scope);
        auto row = terminal_json(t, name == names.end() ? std::string() : name->second, terminal_state_name(state));
        const auto throttle = throttles.find(t.id);
        row["throttled_at"] = throttle == throttles.end() ? json(nullptr) : json(throttle->second.throttled_at);
        row["throttled_count"] = throttle == throttles.end() ? 0 : throttle->second.throttled_count;
        list.push_back(std::move(row));
      }
      reply_json(res, 200, {{"head", lease.store().head_seq()}, {"terminals", list}});
    }));

    http.Get("/v1/audit", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto user = cadre(req, lease.db());
      if (user.role == Role::VillageCadre)
        throw ApiError(403, "forbidden", "the audit log is for town and district administrators and auditors");
      const auto page = query_audit(lease.db(), audit_query(req, user));
      json entries = json::array();
      for (const auto& row : page.rows) {
        const auto& e = row.entry;
        entries.push_back({{"id", row.id},
                           {"at", core::format_utc_iso(e.at)},
                           {"actor", e.actor},
                           {"remote_addr", e.remote_addr},
                           {"action", e.action},
                           {"target", e.target},
                           {"region", e.region},
                           {"detail", e.detail.is_object() ? e.detail : json::object()}});
      }
      reply_json(res, 200, {{"entries", entries}, {"more", page.more}});
    }));

    http.Get("/console", [](const httplib::Request&, httplib::Response& res) {
      res.status = 301;
      res.set_header("Location", "/console/");
      res.set_header("Cache-Control", "no-cache");
    });
    http.Get(R"(/console/(.*))", guarded([this](const httplib::Request& req, httplib::Response& res) { serve_console(req, res); }));

    http.Get("/v1/notices", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto user = cadre(req, lease.db());
      const auto region = req.has_param("region") ? checked_region_code("region", req.get_param_value("region"))
                                                  : user.region_code;
      json list = json::array();
      for (const auto& n : list_notices(lease.db(), user, region)) list.push_back(notice_json(n));
      reply_json(res, 200, {{"notices", list}});
    }));
    http.Post("/v1/notices", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto user = cadre(req, lease.db());
      const auto draft = parse_notice_draft(json_body(req));
      const auto notice = create_notice(lease.db(), user, draft, req.remote_addr, core::now_utc());
      note_write(lease.store());
      res.set_header("Location", fmt::format("/v1/notices/{}", notice.id));
      reply_json(res, 201, notice_json(notice));
    }));
    http.Get(R"(/v1/notices/(\d+))", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto user = cadre(req, lease.db());
      reply_json(res, 200, notice_json(get_notice(lease.db(), user, notice_id(req))));
    }));
    http.Get(R"(/v1/notices/(\d+)/revisions)", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto user = cadre(req, lease.db());
      json list = json::array();
      for (const auto& r : notice_revisions(lease.db(), user, notice_id(req))) list.push_back(revision_json(r));
      reply_json(res, 200, {{"revisions", list}});
    }));
    http.Put(R"(/v1/notices/(\d+))", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto user = cadre(req, lease.db());
      auto body = json_body(req);
      const auto base = body.find("base_revision");
      if (base == body.end() || !base->is_number_integer())
        throw_bad_field("base_revision", "is missing: send the revision you edited, so nobody's change is lost");
      const int base_revision = base->get<int>();
      body.erase("base_revision");
      const auto draft = parse_notice_draft(body);
      const auto notice = edit_notice(lease.db(), user, notice_id(req), base_revision, draft, req.remote_addr,
                                      core::now_utc());
      note_write(lease.store());
      reply_json(res, 200, notice_json(notice));
    }));
    http.Post(R"(/v1/notices/(\d+)/retract)", guarded([this](const httplib::Request& req, httplib::Response& res) {
      Lease lease(*this);
      const auto user = cadre(req, lease.db());
      const auto body = json_body(req);
      const auto reason = body.find("reason");
      if (reason == body.end() || !reason->is_string())
        throw_bad_field("reason", "is missing: say why the notice is withdrawn");
      const auto notice = retract_notice(lease.db(), user, notice_id(req), reason->get<std::string>(), req.remote_addr,
                                         core::now_utc());
      note_write(lease.store());
      reply_json(res, 200, notice_json(notice));
    }));
  }

  // The cost parameters without the salt: anyone may read /v1/info, and the salt would let
  // someone precompute lookup tags for guessed IDs before ever holding a kiosk's people
  // stream. Kiosks get the whole parameters with the records they open.
  json public_seal_params() const {
    auto params = json::parse(seal_json);
    params.erase("salt");
    return params;
  }

  static json user_json(const User& u) {
    return {{"username", u.username},
            {"display_name", u.display_name},
            {"role", role_name(u.role)},
            {"region", u.region_code},
            {"name", public_name(u)}};
  }

  void hooks() {
    // Each request is timed on its worker thread: pre-routing starts the clock, the logger stops it.
    static thread_local Clock::time_point started;
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      started = Clock::now();
      try {
        if (answer_not_modified(req, res)) return httplib::Server::HandlerResponse::Handled;
      } catch (const std::exception&) {
        // The store could not be asked (busy, gone): the full handler answers and says why.
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      // Requests httplib refuses before routing (a bad request line, headers too large) never
      // started the clock: counted, with no latency.
      const double seconds =
          started == Clock::time_point{} ? 0.0 : std::chrono::duration<double>(Clock::now() - started).count();
      started = Clock::time_point{};
      metrics.record(metrics.route_index_of(route_of(req.path)), res.status, seconds);
    });
    http.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
      if (req.path == "/console" || req.path.starts_with(kConsolePrefix)) {
        for (const auto& [name, value] : kConsoleHeaders)
          if (!res.has_header(std::string(name))) res.set_header(std::string(name), std::string(value));
      } else if (res.get_header_value("Content-Type").starts_with("application/json") &&
                 !res.has_header("X-Content-Type-Options")) {
        res.set_header("X-Content-Type-Options", "nosniff");
      }
    });
    http.set_error_handler([limit = config.max_body_bytes](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;  // a handler already said what went wrong
      if (res.status == 404) {
        // A known resource asked with a method it does not take is 405, with the ones it does.
        const auto allowed = methods_of(route_of(req.path));
        if (!allowed.empty() && allowed.find(req.method) == std::string::npos) {
          res.set_header("Allow", allowed);
          send_error(res, 405, "method_not_allowed", fmt::format("{} takes {}", core::text::ellipsize(req.path, 80), allowed));
          return;
        }
      }
      switch (res.status) {
        case 404: send_error(res, 404, "not_found", fmt::format("no resource {}", core::text::ellipsize(req.path, 80))); break;
        case 405: send_error(res, 405, "method_not_allowed", "this resource does not take that method"); break;
        case 413:
          send_error(res, 413, "too_large", fmt::format("the body is larger than the limit of {} bytes", limit));
          break;
        case 400: send_error(res, 400, "bad_request", "the request could not be read"); break;
        default: send_error(res, res.status, "error", fmt::format("HTTP status {}", res.status)); break;
      }
    });
    http.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "unknown";
      try {
        std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      fmt::print(stderr, "sunlight-feed: internal error on {} {}: {}\n", req.method, req.path, what);
      send_error(res, 500, "internal", "the server failed; see its log");
    });
    http.set_payload_max_length(config.max_body_bytes);
    http.new_task_queue = [threads = config.threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  }

  // Watches the head (imports from the command line write the same store) and seals what an
  // import left pending.
  void background() {
    watcher = std::thread([this] {
      std::unique_ptr<Store> store;
      while (!stopping.load()) {
        try {
          if (!store) store = std::make_unique<Store>(store_path.string());
          refresh(*store);
          check_log_id(*store);
        } catch (const std::exception& e) {
          fmt::print(stderr, "sunlight-feed: cannot read the store's head: {}\n", e.what());
          store.reset();
        }
        std::unique_lock lock(wake_mutex);
        wake.wait_for(lock, kHeadPoll, [this] { return stopping.load(); });
      }
    });
    sealer = std::thread([this] {
      while (!stopping.load()) {
        try {
          Store store(store_path.string());
          if (pending_persons(store) > 0) {
            SealOptions options;
            options.threads = static_cast<unsigned>(config.sealer_threads);
            options.now = core::now_utc();
            options.stop = &stopping;
            const auto done = seal_pending(store, options);
            if (done.sealed > 0) refresh(store);
          }
        } catch (const std::exception& e) {
          fmt::print(stderr, "sunlight-feed: sealing failed, will retry: {}\n", e.what());
        }
        std::unique_lock lock(wake_mutex);
        wake.wait_for(lock, std::chrono::seconds(5), [this] { return stopping.load(); });
      }
    });
  }

  // Re-appends complaint_stats entries whose overdue counts moved with the clock: at start, then
  // every kComplaintStatsEvery.
  void start_complaint_timer() {
    complaint_timer = std::thread([this] {
      while (!stopping.load()) {
        try {
          Store store(store_path.string());
          if (refresh_complaint_stats(store.db(), core::now_utc()) > 0) refresh(store);
        } catch (const std::exception& e) {
          fmt::print(stderr, "sunlight-feed: updating the complaint counts failed, will retry: {}\n", e.what());
        }
        std::unique_lock lock(wake_mutex);
        wake.wait_for(lock, kComplaintStatsEvery, [this] { return stopping.load(); });
      }
    });
  }

  // `sunlight-feed restored` while serving: bodies keep naming the identity read at start, which
  // is exactly what must not happen after a restore. Said once, loudly; a restart fixes it.
  void check_log_id(Store& store) {
    if (warned_log_id || store.meta("log_id") == log_id) return;
    warned_log_id = true;
    fmt::print(stderr,
               "sunlight-feed: the store's log id changed while serving (sunlight-feed restored ran): restart the "
               "server, or terminals will not see that they must load a snapshot again\n");
  }

  // Safe from any thread, more than once.
  void halt() {
    stopping.store(true);
    wake.notify_all();
    // httplib's stop() does nothing until its accept loop runs. A stop that lands after run()
    // began but before it listens waits for the loop; one that lands before run() began is
    // seen by run() itself (it sets `serving`, then reads `stopping`: one of the two always
    // sees the other's write).
    if (serving.load()) stop_when_listening();
    http.stop();
  }

  void stop_when_listening() {
    while (!http.is_running() && serving.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    http.stop();
  }

  void join() {
    if (watcher.joinable()) watcher.join();
    if (sealer.joinable()) sealer.join();
    if (complaint_timer.joinable()) complaint_timer.join();
  }
};

FeedServer::FeedServer(FeedConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {
  impl_->hooks();
  impl_->routes();
}

FeedServer::~FeedServer() {
  impl_->halt();
  impl_->join();
}

int FeedServer::bind() {
  const auto& c = impl_->config;
  if (c.port == 0)
    impl_->port = impl_->http.bind_to_any_port(c.listen_address);
  else
    impl_->port = impl_->http.bind_to_port(c.listen_address, c.port) ? c.port : -1;
  if (impl_->port < 0)
    throw std::runtime_error(fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)",
                                         c.listen_address, c.port));
  return impl_->port;
}

void FeedServer::run() {
  impl_->background();
  impl_->start_complaint_timer();
  impl_->serving.store(true);
  // Stopped before we got here (a SIGTERM at start-up, a test's quick stop): listen anyway, so
  // that httplib closes the socket on the way out, and stop as soon as it listens.
  std::thread stopper;
  if (impl_->stopping.load()) stopper = std::thread([this] { impl_->stop_when_listening(); });
  impl_->http.listen_after_bind();
  impl_->serving.store(false);
  if (stopper.joinable()) stopper.join();
}

void FeedServer::stop() { impl_->halt(); }

}  // namespace sunlight::feed
