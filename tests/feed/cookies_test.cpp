// Tests for feed/cookies: reading our cookie strictly among others' and writing the session's Set-Cookie.
#include <catch2/catch.hpp>

#include "feed/cookies.hpp"

using namespace sunlight::feed;

namespace {
const std::string kToken(64, 'a');
}

TEST_CASE("cookie headers with several cookies, spaces and quotes", "[cookies]") {
  const auto pairs = parse_cookie_header(" theme=dark;  sunlight_session=\"" + kToken + "\" ;lang=zh-CN;");
  REQUIRE(pairs.size() == 3);
  CHECK(pairs[0] == std::pair<std::string, std::string>{"theme", "dark"});
  CHECK(pairs[1].second == kToken);
  CHECK(pairs[2].first == "lang");
  CHECK(parse_cookie_header("").empty());
  CHECK(parse_cookie_header("a=").at(0).second.empty());
  CHECK(parse_cookie_header("a=b;;c=d").size() == 2);

  CHECK(session_cookie({"sunlight_session=" + kToken}) == kToken);
  CHECK(session_cookie({"a=1; sunlight_session = " + kToken + " ; b=2"}) == kToken);
  CHECK(session_cookie({"a=1", "sunlight_session=" + kToken}) == kToken);  // split over two headers
  CHECK_FALSE(session_cookie({}).has_value());
  CHECK_FALSE(session_cookie({"sunlight_sessions=" + kToken}).has_value());
  CHECK_FALSE(session_cookie({"Sunlight_Session=" + kToken}).has_value());  // names are case-sensitive
}

TEST_CASE("other sites' malformed cookies are skipped; the session cookie itself is read strictly", "[cookies]") {
  const std::string session = "sunlight_session=" + kToken;
  for (const std::string& foreign : std::vector<std::string>{
           "junk",                                   // no '='
           "=value",                                 // no name
           "a b=c",                                  // a space in a name
           "x=a b",                                  // a space in a value
           "x=\"a",                                  // an unclosed quote
           "x=a,b",                                  // a comma
           "Hm_lvt_x=1700000000,1700000100",         // an analytics cookie with a comma
           "x=a\\b",                                 // a backslash
           "x=\x01",                                 // a control character
           "city=\xe9\x87\x8d\xe5\xba\x86",          // city=重庆: not ASCII
           "x=\xe4\xb8\xad",                         // x=中
           "x=1, sunlight_session=" + std::string(64, 'b'),  // a comma-joined pair is one foreign pair
       }) {
    INFO(foreign);
    CHECK(session_cookie({session + "; " + foreign}) == kToken);
    CHECK(session_cookie({foreign + "; " + session}) == kToken);
    CHECK(session_cookie({foreign, session}) == kToken);
    CHECK_FALSE(session_cookie({foreign}).has_value());
  }
  CHECK(parse_cookie_header("x=a b; y=1; city=\xe9\x87\x8d\xe5\xba\x86; z=\"2\"") ==
        std::vector<std::pair<std::string, std::string>>{{"y", "1"}, {"z", "2"}});

  for (const std::string& bad : std::vector<std::string>{
           "sunlight_session=" + kToken + " x",                    // a space in our value
           "sunlight_session=" + kToken + ",x",                    // a comma in our value
           "sunlight_session=\"" + kToken,                         // an unclosed quote
           "sunlight_session=\xe4\xb8\xad",                       // not ASCII
           session + "; " + session,                               // twice
           session + "; sunlight_session=" + kToken + " x",        // twice, the second malformed
           "sunlight_session=" + kToken + " x; " + session,        // twice, the first malformed
       }) {
    INFO(bad);
    CHECK_FALSE(session_cookie({bad}).has_value());
  }
  CHECK_FALSE(session_cookie({session, session}).has_value());  // twice over two headers
}

TEST_CASE("the session cookie is HttpOnly, SameSite=Strict and Secure behind TLS", "[cookies]") {
  CHECK(session_set_cookie(kToken, 28800, false) ==
        "sunlight_session=" + kToken + "; Path=/v1; Max-Age=28800; HttpOnly; SameSite=Strict");
  CHECK(session_set_cookie(kToken, 60, true).ends_with("; HttpOnly; SameSite=Strict; Secure"));
  CHECK(session_clear_cookie(false) == "sunlight_session=; Path=/v1; Max-Age=0; HttpOnly; SameSite=Strict");
}
