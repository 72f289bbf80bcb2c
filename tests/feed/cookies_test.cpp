// Tests for feed/cookies: reading Cookie headers strictly and writing the session's Set-Cookie.
#include <catch2/catch.hpp>

#include "feed/cookies.hpp"

using namespace sunlight::feed;

namespace {
const std::string kToken(64, 'a');
}

TEST_CASE("cookie headers with several cookies, spaces and quotes", "[cookies]") {
  const auto pairs = parse_cookie_header(" theme=dark;  sunlight_session=\"" + kToken + "\" ;lang=zh-CN;");
  REQUIRE(pairs);
  REQUIRE(pairs->size() == 3);
  CHECK((*pairs)[0] == std::pair<std::string, std::string>{"theme", "dark"});
  CHECK((*pairs)[1].second == kToken);
  CHECK((*pairs)[2].first == "lang");
  CHECK(parse_cookie_header("")->empty());
  CHECK(parse_cookie_header("a=")->at(0).second.empty());
  CHECK(parse_cookie_header("a=b;;c=d")->size() == 2);

  CHECK(session_cookie({"sunlight_session=" + kToken}) == kToken);
  CHECK(session_cookie({"a=1; sunlight_session = " + kToken + " ; b=2"}) == kToken);
  CHECK(session_cookie({"a=1", "sunlight_session=" + kToken}) == kToken);  // split over two headers
  CHECK_FALSE(session_cookie({}).has_value());
  CHECK_FALSE(session_cookie({"sunlight_sessions=" + kToken}).has_value());
  CHECK_FALSE(session_cookie({"Sunlight_Session=" + kToken}).has_value());  // names are case-sensitive
}

TEST_CASE("a malformed cookie header counts as no cookie", "[cookies]") {
  for (const std::string& bad : std::vector<std::string>{
           "sunlight_session",                                   // no '='
           "=value; sunlight_session=" + kToken,                  // no name
           "sunlight_session=" + kToken + "; a b=c",              // a space in a name
           "sunlight_session=" + kToken + "; x=a b",              // a space in a value
           "sunlight_session=" + kToken + "; x=\"a",              // an unclosed quote
           "sunlight_session=" + kToken + "; x=a,b",              // a comma
           "sunlight_session=" + kToken + "; x=a\\b",             // a backslash
           "sunlight_session=" + kToken + "; x=\x01",             // a control character
           "sunlight_session=" + kToken + "; x=\xe4\xb8\xad",     // not ASCII
           "sunlight_session=" + kToken + "; sunlight_session=" + kToken,  // twice
       }) {
    INFO(bad);
    CHECK_FALSE(session_cookie({bad}).has_value());
  }
  CHECK_FALSE(parse_cookie_header("x=a b").has_value());
  CHECK_FALSE(session_cookie({"sunlight_session=" + kToken, "junk"}).has_value());
}

TEST_CASE("the session cookie is HttpOnly, SameSite=Strict and Secure behind TLS", "[cookies]") {
  CHECK(session_set_cookie(kToken, 28800, false) ==
        "sunlight_session=" + kToken + "; Path=/v1; Max-Age=28800; HttpOnly; SameSite=Strict");
  CHECK(session_set_cookie(kToken, 60, true).ends_with("; HttpOnly; SameSite=Strict; Secure"));
  CHECK(session_clear_cookie(false) == "sunlight_session=; Path=/v1; Max-Age=0; HttpOnly; SameSite=Strict");
}
