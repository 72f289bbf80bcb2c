// The console's session cookie: reading a Cookie header strictly, and the Set-Cookie lines that
// open and end a cookie session.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sunlight::feed {

inline constexpr std::string_view kSessionCookie = "sunlight_session";

// The well-formed name=value pairs of one Cookie header (RFC 6265 section 4.2), values unquoted.
// Spaces and tabs around pairs, names and values are allowed, and so are empty pairs (";;", a
// trailing ";"). A malformed pair is left out and the rest kept: no '=', an empty name or one
// that is not an HTTP token, or a value with characters a cookie value may not hold (controls,
// spaces inside, '"' except as the quotes around it, ',', ';', '\', non-ASCII). Pure function;
// any thread.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> parse_cookie_header(std::string_view header);

// The sunlight_session value among every Cookie header a request sent. Other cookies are not
// looked at, so a malformed one from another site on the host (`city=重庆`, a comma in an
// analytics cookie) costs nothing. nullopt when there is no sunlight_session, when its value is
// malformed, or when it is sent more than once (a second one planted by another site on the
// same host must not pick the session).
[[nodiscard]] std::optional<std::string> session_cookie(const std::vector<std::string>& cookie_headers);

// "sunlight_session=TOKEN; Path=/v1; Max-Age=N; HttpOnly; SameSite=Strict" (+ "; Secure").
[[nodiscard]] std::string session_set_cookie(std::string_view token, long long max_age_seconds, bool secure);
// The same with an empty value and Max-Age=0: the browser forgets the cookie.
[[nodiscard]] std::string session_clear_cookie(bool secure);

}  // namespace sunlight::feed
