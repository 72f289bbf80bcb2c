// Cookie headers in and out, for the cadre console's session.
#include "feed/cookies.hpp"

#include <fmt/format.h>

namespace sunlight::feed {
namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// RFC 9110 tchar.
bool is_token_char(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// RFC 6265 cookie-octet: visible ASCII except '"', ',', ';' and '\'.
bool is_cookie_octet(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x21 && u <= 0x7E && c != '"' && c != ',' && c != ';' && c != '\\';
}

// One ';'-separated piece of a Cookie header, split at its first '=' and trimmed; no checks yet.
struct RawPair {
  std::string_view name, value;
};

template <typename Visit>
void for_each_raw_pair(std::string_view header, Visit visit) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    const std::string_view pair = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    const auto eq = pair.find('=');
    if (pair.empty() || eq == std::string_view::npos) continue;
    visit(RawPair{trim(pair.substr(0, eq)), trim(pair.substr(eq + 1))});
  }
}

bool is_token(std::string_view name) noexcept {
  if (name.empty()) return false;
  for (const char c : name)
    if (!is_token_char(c)) return false;
  return true;
}

// The value without its surrounding quotes, or nullopt when it is not a cookie-value.
std::optional<std::string_view> cookie_value(std::string_view value) noexcept {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  for (const char c : value)
    if (!is_cookie_octet(c)) return std::nullopt;
  return value;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_cookie_header(std::string_view header) {
  std::vector<std::pair<std::string, std::string>> out;
  for_each_raw_pair(header, [&](RawPair pair) {
    const auto value = cookie_value(pair.value);
    if (is_token(pair.name) && value) out.emplace_back(std::string(pair.name), std::string(*value));
  });
  return out;
}

std::optional<std::string> session_cookie(const std::vector<std::string>& cookie_headers) {
  // Other sites' cookies on the same host (analytics, a city picker) are not ours to judge: a
  // malformed one is skipped. Ours must be well formed and sent once.
  std::optional<std::string> found;
  bool refused = false;
  for (const auto& header : cookie_headers)
    for_each_raw_pair(header, [&](RawPair pair) {
      if (pair.name != kSessionCookie) return;
      const auto value = cookie_value(pair.value);
      if (!value || found) refused = true;
      found = std::string(value.value_or(""));
    });
  if (refused) return std::nullopt;
  return found;
}

std::string session_set_cookie(std::string_view token, long long max_age_seconds, bool secure) {
  return fmt::format("{}={}; Path=/v1; Max-Age={}; HttpOnly; SameSite=Strict{}", kSessionCookie, token, max_age_seconds,
                     secure ? "; Secure" : "");
}

std::string session_clear_cookie(bool secure) { return session_set_cookie("", 0, secure); }

}  // namespace sunlight::feed
