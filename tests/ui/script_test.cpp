// The script language: every step, and clear errors with line numbers for hostile scripts.
#include "ui/script.hpp"

#include <string>

#include <catch2/catch.hpp>

using sunlight::ui::parse_script;
using sunlight::ui::ScriptError;
using Kind = sunlight::ui::ScriptStep::Kind;

TEST_CASE("a script parses every kind of step", "[ui][script]") {
  const auto s = parse_script(
      "# a lookup\n"
      "tap 惠民资金查询\n"
      "tap \"Look up\"\n"
      "tap 540 1600.5\n"
      "type 50011219900307093X\n"
      "\n"
      "drag 540 1500 540 600 400\n"
      "wait 61s\r\n"
      "wait 250ms\n"
      "screenshot result-1\n"
      "expect \"数据更新于\"   # trailing comment\n"
      "expect_not 500112\n");
  REQUIRE(s.steps.size() == 10);
  CHECK(s.steps[0].kind == Kind::TapLabel);
  CHECK(s.steps[0].text == "惠民资金查询");
  CHECK(s.steps[0].line == 2);
  CHECK(s.steps[1].text == "Look up");
  CHECK(s.steps[2].kind == Kind::TapPoint);
  CHECK(s.steps[2].y == Approx(1600.5));
  CHECK(s.steps[3].kind == Kind::Type);
  CHECK(s.steps[4].kind == Kind::Drag);
  CHECK(s.steps[4].ms == 400);
  CHECK(s.steps[5].ms == 61000);
  CHECK(s.steps[6].ms == 250);
  CHECK(s.steps[7].kind == Kind::Screenshot);
  CHECK(s.steps[8].kind == Kind::Expect);
  CHECK(s.steps[8].text == "数据更新于");
  CHECK(s.steps[9].kind == Kind::ExpectNot);
}

TEST_CASE("hostile scripts are refused with the line at fault", "[ui][script][hostile]") {
  const auto fails_at = [](const std::string& text, int line, const std::string& words) {
    try {
      (void)parse_script(text);
      FAIL("accepted: " << text);
    } catch (const ScriptError& e) {
      CHECK(e.line() == line);
      CHECK_THAT(e.what(), Catch::Contains(words));
    }
  };
  fails_at("wait 1\ntapp 查询\n", 2, "unknown step");
  fails_at("tap \"查询\n", 1, "quote");
  fails_at("tap 1e9 5\n", 1, "off any screen");
  fails_at("tap -5 5\n", 1, "off any screen");
  fails_at("drag 1 2 3 nan\n", 1, "not a number");
  fails_at("wait soon\n", 1, "not a duration");
  fails_at("wait 2h\n", 1, "not a duration");
  fails_at("wait 99999999999\n", 1, "longer than an hour");
  fails_at("wait 4000s\n", 1, "longer than an hour");
  fails_at("screenshot ../../etc/passwd\n", 1, "no folders");
  fails_at("screenshot /tmp/x\n", 1, "no folders");
  fails_at("expect\n", 1, "expected");
  fails_at("tap\n", 1, "expected");
  fails_at("tap \"\"\n", 1, "label");
  fails_at("drag 1 2 3 4 5ms\n", 1, "16 ms");
  fails_at(std::string("tap \xff\xfe\n"), 1, "UTF-8");
  fails_at(std::string("tap a\0b\n", 8), 1, "UTF-8");
  fails_at("wait 18446744073709552s\n", 1, "longer than an hour");  // would wrap to 384 ms
  fails_at("type 5001１2\n", 1, "digits and X only");                // a full-width digit
  fails_at("type 12-34\n", 1, "digits and X only");
  fails_at("tap 返回首页 0\n", 1, "button number");
  fails_at("tap 返回首页 two\n", 1, "button number");
}

TEST_CASE("a script over the size or step limits is refused", "[ui][script][hostile]") {
  std::string huge(sunlight::ui::kMaxScriptBytes + 1, '#');
  CHECK_THROWS_AS(parse_script(huge), ScriptError);
  std::string many;
  for (std::size_t i = 0; i <= sunlight::ui::kMaxScriptSteps; ++i) many += "wait 1\n";
  CHECK_THROWS_WITH(parse_script(many), Catch::Contains("20000"));
}

TEST_CASE("an unreadable or endless script file is a clear error", "[ui][script][hostile]") {
  CHECK_THROWS_WITH(sunlight::ui::load_script("/nonexistent/script.txt"), Catch::Contains("cannot read"));
  // Read no further than the limit: /dev/zero would fill the memory.
  CHECK_THROWS_WITH(sunlight::ui::load_script("/dev/zero"), Catch::Contains("larger than 1 MiB"));
}

TEST_CASE("tap LABEL N picks the Nth button with that label; type takes a lower-case x", "[ui][script]") {
  const auto s = parse_script("tap 返回首页 2\ntype 11010519491231002x\n");
  REQUIRE(s.steps.size() == 2);
  CHECK(s.steps[0].kind == Kind::TapLabel);
  CHECK(s.steps[0].nth == 1);
  CHECK(s.steps[1].text == "11010519491231002X");
}
