// sunlight-kiosk headless against a real feed on 127.0.0.1: scripted lookups and notices, offline, idle, the command line.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <stb_image.h>

#include "core/complaint.hpp"
#include "feed/feed_fixture.hpp"
#include "process.hpp"
#include "temp_dir.hpp"
#include "text_file.hpp"
#include "ui/png.hpp"

namespace {

namespace fs = std::filesystem;
using sunlight::feed::testing::FeedFixture;
using sunlight::feed::testing::RunningFeed;
using sunlight::testing::Run;
using sunlight::testing::run_program;
using sunlight::testing::TempDir;

std::string read(const fs::path& p) { return sunlight::testing::read_text(p); }
fs::path write(const fs::path& p, const std::string& text) { return sunlight::testing::write_text(p, text); }

// A kiosk with the feed at `url`; an admin PIN so the hidden exit exists.
std::string kiosk_toml(const FeedFixture& fixture, const std::string& url, const fs::path& data_dir) {
  return "[terminal]\nkind = \"kiosk\"\nname = \"柏树村村委会一楼\"\ndata_dir = \"" + data_dir.string() +
         "\"\n\n[feed]\nurl = \"" + url + "\"\nscope = \"" + fixture.village + "\"\ndevice_token = \"" +
         fixture.kiosk_token + "\"\npublic_key = \"" + fixture.public_key +
         "\"\n\n[kiosk]\nadmin_pin = \"24680\"\nwidth = 1080\nheight = 1920\n";
}

Run kiosk(std::vector<std::string> args) { return run_program(SUNLIGHT_KIOSK_BIN, std::move(args)); }

// One kiosk, its feed and a folder for scripts and screenshots.
struct Kiosk {
  FeedFixture fixture;
  TempDir dir{"kiosk-ui"};
  RunningFeed feed{fixture.dir};
  fs::path config;

  Kiosk() { config = write(dir.path() / "kiosk.toml", kiosk_toml(fixture, feed.url(), dir.path() / "data")); }
  // SUNLIGHT_KEEP_SCREENSHOTS=DIR keeps every screenshot these tests take, for a person to look at.
  ~Kiosk() {
    const char* keep = std::getenv("SUNLIGHT_KEEP_SCREENSHOTS");
    std::error_code ec;
    if (keep && *keep && fs::exists(dir.path() / "shots")) {
      fs::create_directories(keep, ec);
      fs::copy(dir.path() / "shots", keep, fs::copy_options::overwrite_existing | fs::copy_options::recursive, ec);
    }
  }

  Run script(const std::string& name, const std::string& text, std::vector<std::string> extra = {}) {
    const auto file = write(dir.path() / (name + ".script"), text);
    std::vector<std::string> args{"--config", config.string(), "--headless", "--script", file.string(), "--out",
                                  (dir.path() / "shots").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return kiosk(std::move(args));
  }
  [[nodiscard]] std::string dump(const std::string& shot) const { return read(dir.path() / "shots" / (shot + ".txt")); }
  [[nodiscard]] fs::path png(const std::string& shot) const { return dir.path() / "shots" / (shot + ".png"); }
};

// A screenshot a person could read: the paper background with text and buttons on it.
void check_not_blank(const fs::path& png, int width, int height) {
  INFO(png.string());
  int w = 0, h = 0, n = 0;
  unsigned char* pixels = stbi_load(png.c_str(), &w, &h, &n, 4);
  REQUIRE(pixels);
  const auto stats = sunlight::ui::image_stats({pixels, static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4});
  stbi_image_free(pixels);
  CHECK(w == width);
  CHECK(h == height);
  CHECK(stats.distinct_colors > 30);
  CHECK(stats.background_share < 0.95);
  CHECK(stats.background == 0xFBF7EE);
}

std::string spaced(const std::string& id) {  // 6-8-4, as the field shows it
  return id.substr(0, 6) + " " + id.substr(6, 8) + " " + id.substr(14);
}

}  // namespace

TEST_CASE("a villager looks up their ID: the result shows every year and programme, home wipes it", "[kiosk][ui]") {
  Kiosk k;
  const std::string id = k.fixture.sample_ids.front();
  const Run r = k.script("lookup",
                         "screenshot home\n"
                         "expect \"screen: home\"\n"
                         "expect 在线\n"
                         "tap 惠民资金查询\n"
                         "type " + id.substr(0, 17) + "\n"
                         "screenshot typing\n"
                         "type " + id.substr(17) + "\n"
                         "tap 查询\n"
                         "screenshot result\n"
                         "drag 540 1500 540 500 300\n"
                         "wait 2s\n"
                         "tap 返回首页 2\n"  // the big one at the bottom (the header has one too)
                         "screenshot after\n");
  INFO(r.err);
  REQUIRE(r.status == 0);

  const std::string home = k.dump("home");
  CHECK_THAT(home, Catch::Contains("title: 龙兴镇柏树村") && Catch::Contains("button: 惠民资金查询") &&
                       Catch::Contains("button: 村务公开") && Catch::Contains("数据更新于"));
  CHECK_THAT(k.dump("typing"), Catch::Contains("field: " + spaced(id).substr(0, 17 + 2)));

  const std::string result = k.dump("result");
  CHECK_THAT(result, Catch::Contains("screen: lookup") && Catch::Contains("section: ") && Catch::Contains("group: ") &&
                         Catch::Contains("item: ") && Catch::Contains("¥"));
  CHECK_THAT(result, Catch::Contains("*"));  // the name is masked
  CHECK(result.find(id) == std::string::npos);

  const std::string after = k.dump("after");
  CHECK_THAT(after, Catch::StartsWith("screen: home"));
  CHECK(after.find("item: ") == std::string::npos);
  CHECK(after.find(id.substr(0, 6) + " ") == std::string::npos);

  for (const char* shot : {"home", "typing", "result", "after"}) check_not_blank(k.png(shot), 1080, 1920);
}

TEST_CASE("a wrong check digit is explained before any lookup, and a number with no payments says whom to ask",
          "[kiosk][ui]") {
  Kiosk k;
  std::string wrong = k.fixture.sample_ids.front();
  wrong.back() = wrong.back() == '1' ? '2' : '1';
  const std::string nobody = k.fixture.sample_ids.back();  // valid, nothing paid
  const Run r = k.script("mistakes",
                         "tap 惠民资金查询\n"
                         "type " + wrong + "\n"
                         "tap 查询\n"
                         "screenshot wrong\n"
                         "tap 清除\n"
                         "type " + nobody + "\n"
                         "tap 查询\n"
                         "screenshot nobody\n"
                         "tap 再查一次\n"
                         "expect \"screen: lookup\"\n"
                         "expect_not " + nobody.substr(0, 6) + "\n"
                         "type " + nobody + "\n"
                         "tap 查询\n"
                         "tap 返回首页 2\n"
                         "expect \"screen: home\"\n");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(k.dump("wrong"), Catch::Contains("号码有误，请核对最后一位"));
  const std::string nf = k.dump("nobody");
  CHECK_THAT(nf, Catch::Contains("message: ") && Catch::Contains("村委会"));
  CHECK(nf.find("item: ") == std::string::npos);
  check_not_blank(k.png("nobody"), 1080, 1920);
}

TEST_CASE("notices: tabs, a list with date and publisher, a notice page that scrolls", "[kiosk][ui]") {
  Kiosk k;
  Run r = k.script("list", "tap 村务公开\nscreenshot list\ntap 财务\nscreenshot finance\n");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const std::string list = k.dump("list");
  CHECK_THAT(list, Catch::Contains("tab: 村务 [selected]") && Catch::Contains("tab: 财务") &&
                       Catch::Contains("tab: 党务") && Catch::Contains("tab: 公示") && Catch::Contains("row: "));
  const std::string finance = k.dump("finance");
  CHECK_THAT(finance, Catch::Contains("tab: 财务 [selected]"));
  // Open the first finance notice by its title, as a finger would.
  const auto at = finance.find("row: ");
  REQUIRE(at != std::string::npos);
  const std::string row = finance.substr(at, finance.find('\n', at) - at);
  const auto bar = row.find(" | ");
  const std::string title = row.substr(bar + 3, row.find(" | ", bar + 3) - bar - 3);
  r = k.script("detail", "tap 村务公开\ntap 财务\ntap \"" + title + "\"\nscreenshot detail\n"
                         "drag 540 1600 540 400 300\nwait 2s\nscreenshot detail-scrolled\ntap 返回列表\nexpect \"tab: \"\n");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(k.dump("detail"), Catch::Contains("screen: notice_detail") && Catch::Contains("title: " + title) &&
                                   Catch::Contains("发布于"));
  check_not_blank(k.png("detail"), 1080, 1920);
}

TEST_CASE("a corrected notice says so and when; a retracted one stays, marked, with its reason", "[kiosk][ui]") {
  Kiosk k;
  // A cadre corrects one notice and retracts another through the feed's cadre API.
  httplib::Client feed("127.0.0.1", k.feed.port());
  const auto json_post = [&](const std::string& path, const nlohmann::json& body, const std::string& token) {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return feed.Post(path, headers, body.dump(), "application/json");
  };
  const auto login = json_post("/v1/session", {{"username", k.fixture.cadre}, {"password", k.fixture.cadre_password}}, "");
  REQUIRE(login);
  REQUIRE(login->status == 201);
  const std::string token = nlohmann::json::parse(login->body)["token"];
  const auto notice = [&](const std::string& title) {
    const auto r = json_post("/v1/notices", {{"region", k.fixture.village}, {"category", "village_affairs"},
                                             {"title", title}, {"body", "请各户派一人参加。\n地点：村委会门口。"}},
                             token);
    REQUIRE(r);
    REQUIRE(r->status == 201);
    return nlohmann::json::parse(r->body)["id"].get<std::int64_t>();
  };
  const auto fixed = notice("本周六上午打扫村道");
  httplib::Headers auth{{"Authorization", "Bearer " + token}};
  const auto put = feed.Put("/v1/notices/" + std::to_string(fixed), auth,
                            nlohmann::json{{"base_revision", 1}, {"region", k.fixture.village},
                                           {"category", "village_affairs"}, {"title", "本周日上午打扫村道"},
                                           {"body", "改为周日。请各户派一人参加。"}}
                                .dump(),
                            "application/json");
  REQUIRE(put);
  REQUIRE(put->status == 200);
  const auto gone = notice("本周六放映电影");
  const auto retract = json_post("/v1/notices/" + std::to_string(gone) + "/retract", {{"reason", "活动取消"}}, token);
  REQUIRE(retract);
  REQUIRE(retract->status == 200);

  const Run r = k.script("history",
                         "tap 村务公开\nscreenshot list\ntap 本周日上午打扫村道\nscreenshot corrected\n"
                         "tap 返回列表\ntap 本周六放映电影\nscreenshot retracted\n");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const std::string list = k.dump("list");
  CHECK_THAT(list, Catch::Contains("本周日上午打扫村道") && Catch::Contains("已更正"));
  CHECK_THAT(list, Catch::Contains("本周六放映电影") && Catch::Contains("已撤回"));
  CHECK(list.find("本周六上午打扫村道") == std::string::npos);  // the old title is not shown as current
  CHECK_THAT(k.dump("corrected"), Catch::Contains("已更正") && Catch::Contains("改为周日"));
  CHECK_THAT(k.dump("retracted"), Catch::Contains("已撤回") && Catch::Contains("活动取消"));
  check_not_blank(k.png("retracted"), 1080, 1920);
}

TEST_CASE("a notice a cadre titled <script> is shown on the kiosk as the text it is", "[kiosk][ui]") {
  Kiosk k;
  httplib::Client feed("127.0.0.1", k.feed.port());
  const auto login = feed.Post("/v1/session",
                               nlohmann::json{{"username", k.fixture.cadre}, {"password", k.fixture.cadre_password}}.dump(),
                               "application/json");
  REQUIRE(login);
  REQUIRE(login->status == 201);
  const std::string token = nlohmann::json::parse(login->body)["token"];
  const std::string title = "<script>alert(1)</script>";
  const auto r = feed.Post("/v1/notices", httplib::Headers{{"Authorization", "Bearer " + token}},
                           nlohmann::json{{"region", k.fixture.village}, {"category", "village_affairs"}, {"title", title},
                                          {"body", "<img src=x onerror=alert(2)>\n\n<b>不是粗体</b>"}}
                               .dump(),
                           "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 201);
  const Run run = k.script("script-title", "tap 村务公开\nscreenshot list\ntap " + title + "\nscreenshot detail\n");
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK_THAT(k.dump("list"), Catch::Contains(title));
  CHECK_THAT(k.dump("detail"), Catch::Contains("title: " + title) && Catch::Contains("<img src=x onerror=alert(2)>") &&
                                   Catch::Contains("<b>不是粗体</b>"));
}

TEST_CASE("with the feed gone the kiosk says it is offline and still answers lookups from its replica", "[kiosk][ui]") {
  Kiosk k;
  // First run syncs the replica; then the feed goes away.
  REQUIRE(k.script("sync", "expect 在线\n").status == 0);
  k.feed.stop();
  const std::string id = k.fixture.sample_ids.front();
  const Run r = k.script("offline",
                         "screenshot offline-home\n"
                         "tap 惠民资金查询\ntype " + id + "\ntap 查询\n"
                         "screenshot offline-result\n");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const std::string home = k.dump("offline-home");
  CHECK_THAT(home, Catch::Contains("banner: ") && Catch::Contains("离线"));
  CHECK_THAT(k.dump("offline-result"), Catch::Contains("item: "));
  check_not_blank(k.png("offline-home"), 1080, 1920);
}

TEST_CASE("left alone mid-lookup, the kiosk counts down and goes home with the number gone", "[kiosk][ui]") {
  Kiosk k;
  const std::string id = k.fixture.sample_ids.front();
  const Run r = k.script("idle",
                         "tap 惠民资金查询\ntype " + id.substr(0, 10) + "\n"
                         "wait 62s\n"
                         "screenshot countdown\n"
                         "wait 10s\n"
                         "screenshot idle-home\n");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(k.dump("countdown"), Catch::Contains("overlay: countdown"));
  const std::string home = k.dump("idle-home");
  CHECK_THAT(home, Catch::StartsWith("screen: home"));
  CHECK(home.find(id.substr(0, 6)) == std::string::npos);
}

TEST_CASE("the administrator leaves with five corner taps and the PIN; a wrong PIN goes home", "[kiosk][ui]") {
  Kiosk k;
  const std::string corner = "tap 5 5\ntap 5 5\ntap 5 5\ntap 5 5\ntap 5 5\n";
  const Run wrong = k.script("wrong-pin", corner + "screenshot pin\ntype 1111\ntap 确定\nscreenshot after-wrong\n");
  INFO(wrong.err);
  REQUIRE(wrong.status == 0);
  const std::string pin = k.dump("pin");
  CHECK_THAT(pin, Catch::Contains("overlay: admin"));
  CHECK(pin.find("24680") == std::string::npos);
  CHECK_THAT(k.dump("after-wrong"), Catch::StartsWith("screen: home"));
  CHECK(k.dump("after-wrong").find("overlay: admin") == std::string::npos);

  // The right PIN ends the program: the step after it never runs.
  const Run right = k.script("right-pin", corner + "type 24680\ntap 确定\nscreenshot never\n");
  INFO(right.err);
  CHECK(right.status == 0);
  CHECK_FALSE(fs::exists(k.png("never")));
}

TEST_CASE("a first start with no feed reachable says there is no data yet, and a lookup says to come back later",
          "[kiosk][ui]") {
  Kiosk k;
  k.feed.stop();
  const Run r = k.script("first", "screenshot empty\ntap 惠民资金查询\ntype " + k.fixture.sample_ids.front() +
                                      "\ntap 查询\nscreenshot not-ready\n");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const std::string home = k.dump("empty");
  CHECK_THAT(home, Catch::Contains("尚未取得数据") && Catch::Contains("离线"));
  CHECK_THAT(k.dump("not-ready"), Catch::Contains("本机资料尚未准备好"));
  check_not_blank(k.png("empty"), 1080, 1920);
}

TEST_CASE("landscape 1920x1080: the same screens fit side by side", "[kiosk][ui]") {
  Kiosk k;
  const std::string id = k.fixture.sample_ids.front();
  const Run r = k.script("landscape",
                         "screenshot l-home\ntap 惠民资金查询\ntype " + id + "\nscreenshot l-typed\ntap 查询\n"
                         "screenshot l-result\n",
                         {"--size", "1920x1080"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(k.dump("l-result"), Catch::Contains("item: "));
  for (const char* shot : {"l-home", "l-typed", "l-result"}) check_not_blank(k.png(shot), 1920, 1080);
}

TEST_CASE("a script that expects what is not there fails the run, naming the line", "[kiosk][ui][hostile]") {
  Kiosk k;
  const Run r = k.script("wrong", "expect \"screen: notices\"\n");
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("script line 1") && Catch::Contains("screen: home"));
  const Run missing = k.script("missing", "tap 不存在的按钮\n");
  CHECK(missing.status == 1);
  CHECK_THAT(missing.err, Catch::Contains("惠民资金查询"));
}

TEST_CASE("sunlight-kiosk refuses bad command lines, configs and scripts with one clear line", "[kiosk][cli][hostile]") {
  FeedFixture fixture;
  TempDir dir("kiosk-cli");
  const auto good = kiosk_toml(fixture, "http://127.0.0.1:9", dir.path() / "data");
  const auto config = write(dir.path() / "kiosk.toml", good).string();

  const Run help = kiosk({"--help"});
  CHECK(help.status == 0);
  CHECK_THAT(help.out, Catch::Contains("--config") && Catch::Contains("--headless") && Catch::Contains("--script"));
  CHECK_THAT(kiosk({"--version"}).out, Catch::StartsWith("sunlight-kiosk "));
  CHECK(kiosk({}).status == 2);
  CHECK(kiosk({"--frobnicate"}).status == 2);
  CHECK(kiosk({"--config"}).status == 2);
  CHECK(kiosk({"--config", (dir.path() / "missing.toml").string(), "--headless"}).status == 2);
  CHECK(kiosk({"--config", config, "--size", "big"}).status == 2);
  CHECK(kiosk({"--config", config, "--size", "100x100"}).status == 2);
  CHECK(kiosk({"--config", config, "--size", "1080x1920x3"}).status == 2);

  std::string pin_text = good;
  pin_text.replace(pin_text.find("\"24680\""), 7, "\"12ab\"");
  const auto bad_pin = write(dir.path() / "pin.toml", pin_text);
  const Run pin = kiosk({"--config", bad_pin.string(), "--headless"});
  CHECK(pin.status == 2);
  CHECK_THAT(pin.err, Catch::Contains("admin_pin"));

  const auto script = write(dir.path() / "bad.script", "wait 1\nfly to the moon\n");
  const Run bad = kiosk({"--config", config, "--headless", "--script", script.string()});
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Catch::Contains("line 2"));
  const Run unreadable = kiosk({"--config", config, "--headless", "--script", (dir.path() / "nope").string()});
  CHECK(unreadable.status == 2);
}

namespace {

// The cadre's side of the feed's API, as the console uses it: a session token, then JSON calls.
struct Cadre {
  httplib::Client http;
  std::string token;
  explicit Cadre(const Kiosk& k) : http("127.0.0.1", k.feed.port()) {
    const auto login = http.Post("/v1/session",
                                 nlohmann::json{{"username", k.fixture.cadre}, {"password", k.fixture.cadre_password}}.dump(),
                                 "application/json");
    REQUIRE(login);
    REQUIRE(login->status == 201);
    token = nlohmann::json::parse(login->body)["token"];
  }
  httplib::Result post(const std::string& path, const nlohmann::json& body) {
    return http.Post(path, httplib::Headers{{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
  }
  httplib::Result get(const std::string& path) {
    return http.Get(path, httplib::Headers{{"Authorization", "Bearer " + token}});
  }
};

// "number: 0007 00042 3" in a dump → "0007000423".
std::string tracking_number_in(const std::string& dump) {
  const auto at = dump.find("number: ");
  if (at == std::string::npos) return {};
  std::string digits;
  for (auto i = at + 8; i < dump.size() && dump[i] != '\n'; ++i)
    if (dump[i] >= '0' && dump[i] <= '9') digits += dump[i];
  return digits;
}

}  // namespace

TEST_CASE("a complaint filed while the feed is down: the number and the offline note at once, one complaint arrives "
          "when it is back, the cadre's reply is shown and rated once",
          "[kiosk][ui][complaints]") {
  Kiosk k;
  // Online once: the kiosk learns its terminal id (it cannot make numbers without one).
  REQUIRE(k.script("sync", "expect 在线\n").status == 0);
  k.feed.stop();
  const Run filed = k.script("file",
                             "screenshot c-home\n"
                             "tap 投诉建议\nscreenshot c-menu\n"
                             "tap 我要投诉建议\nscreenshot c-reason\n"
                             "tap 金额不符\nscreenshot c-phone-empty\n"
                             "type 1380013800\ntap 下一步\nscreenshot c-phone-short\n"
                             "type 0\ntap 下一步\nscreenshot c-confirm\n"
                             "tap 确认提交\nscreenshot c-filed\n"
                             "expect 网络恢复后自动提交\n"
                             "tap 返回首页\nexpect \"screen: home\"\n");
  INFO(filed.err);
  REQUIRE(filed.status == 0);
  CHECK_THAT(k.dump("c-home"), Catch::Contains("button: 投诉建议"));
  CHECK_THAT(k.dump("c-phone-short"), Catch::Contains("手机号码共11位，您输入了10位"));
  const std::string confirm = k.dump("c-confirm");
  CHECK_THAT(confirm, Catch::Contains("138****8000") && Catch::Contains("问题：金额不符"));
  CHECK(confirm.find("13800138000") == std::string::npos);
  const std::string number = tracking_number_in(k.dump("c-filed"));
  REQUIRE(sunlight::core::parse_tracking_number(number));
  CHECK(k.dump("c-filed").find("8000") == std::string::npos);

  // The feed is back: the next start's first round delivers it, once.
  k.feed.start();
  REQUIRE(k.script("deliver", "expect 在线\n").status == 0);
  REQUIRE(k.script("again", "expect 在线\n").status == 0);
  Cadre cadre(k);
  const auto list = cadre.get("/v1/complaints");
  REQUIRE(list);
  REQUIRE(list->status == 200);
  const auto complaints = nlohmann::json::parse(list->body)["complaints"];
  REQUIRE(complaints.size() == 1);
  CHECK(complaints[0]["tracking_no"] == number);
  CHECK(complaints[0]["reason"] == "amount_mismatch");
  CHECK(complaints[0]["phone_masked"] == "138****8000");

  // Before a reply the kiosk says there is none yet, and offers no stars.
  const std::string ask = "tap 投诉建议\ntap 查询办理进度\nscreenshot p-entry\ntype " + number + "\ntap 查询\n";
  Run r = k.script("waiting", ask + "screenshot p-waiting\n");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(k.dump("p-waiting"), Catch::Contains("还没有答复") && !Catch::Contains("stars: "));

  const auto reply = cadre.post("/v1/complaints/" + number + "/reply", {{"text", "已核实，差额将于12月补发。"}});
  REQUIRE(reply);
  REQUIRE(reply->status == 200);
  r = k.script("progress", ask + "screenshot p-replied\ntap 5星\nscreenshot p-chosen\ntap 提交评价\nscreenshot p-rated\n"
                                 "expect 感谢评价\n");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(k.dump("p-replied"), Catch::Contains("reply: 已核实，差额将于12月补发。") && Catch::Contains("已答复") &&
                                      Catch::Contains("stars: "));
  CHECK_THAT(k.dump("p-rated"), Catch::Contains("感谢评价"));

  // Once rated: the kiosk shows the rating and no stars to tap; a second rating is refused.
  r = k.script("rated-again", ask + "screenshot p-again\n");
  REQUIRE(r.status == 0);
  CHECK_THAT(k.dump("p-again"), Catch::Contains("您已评价：5星") && !Catch::Contains("提交评价"));
  httplib::Client kiosk_api("127.0.0.1", k.feed.port());
  const auto second = kiosk_api.Post("/v1/complaints/" + number + "/rating",
                                     httplib::Headers{{"Authorization", "Bearer " + k.fixture.kiosk_token},
                                                      {"Idempotency-Key", "second-rating-0001"}},
                                     R"({"stars":1})", "application/json");
  REQUIRE(second);
  CHECK(second->status == 409);
  CHECK_THAT(second->body, Catch::Contains("already_rated"));
  const auto after = nlohmann::json::parse(cadre.get("/v1/complaints/" + number)->body);
  CHECK(after["rating"] == 5);

  // A typo in the number is caught at the kiosk; and offline it says progress needs the network.
  std::string typo = number;
  typo[6] = typo[6] == '9' ? '0' : static_cast<char>(typo[6] + 1);
  k.feed.stop();
  r = k.script("p-mistakes", "tap 投诉建议\ntap 查询办理进度\ntype " + typo + "\ntap 查询\nscreenshot p-typo\n"
                             "tap 清除\ntype " + number + "\ntap 查询\nscreenshot p-offline\n");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(k.dump("p-typo"), Catch::Contains("编号好像有一位输错了"));
  CHECK_THAT(k.dump("p-offline"), Catch::Contains("查询进度需要联网，请稍后再试"));
  for (const char* shot : {"c-home", "c-menu", "c-reason", "c-phone-short", "c-confirm", "c-filed", "p-entry",
                           "p-replied", "p-rated", "p-offline"})
    check_not_blank(k.png(shot), 1080, 1920);
}

TEST_CASE("对这笔有疑问 on a payment and 对此有意见 on a notice start a complaint about them", "[kiosk][ui][complaints]") {
  Kiosk k;
  const std::string id = k.fixture.sample_ids.front();
  const Run r = k.script("about",
                         "tap 惠民资金查询\ntype " + id + "\ntap 查询\nscreenshot q-result\n"
                         "tap 对这笔有疑问\nscreenshot q-reason\ntap 未收到\ntap 跳过，不留电话\nscreenshot q-confirm\n"
                         "tap 上一步\ntap 上一步\ntap 上一步\nexpect \"item: \"\n");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(k.dump("q-result"), Catch::Contains("button: 对这笔有疑问"));
  CHECK_THAT(k.dump("q-reason"), Catch::Contains("关于：") && Catch::Contains("¥"));
  CHECK_THAT(k.dump("q-confirm"), Catch::Contains("回电号码：不留") && Catch::Contains("问题：未收到"));
  // A notice: the first one in the list.
  Run n = k.script("notice-list", "tap 村务公开\nscreenshot q-list\n");
  REQUIRE(n.status == 0);
  const std::string rows = k.dump("q-list");
  const auto at = rows.find("row: ");
  REQUIRE(at != std::string::npos);
  const std::string row = rows.substr(at, rows.find('\n', at) - at);
  const auto bar = row.find(" | ");
  const std::string title = row.substr(bar + 3, row.find(" | ", bar + 3) - bar - 3);
  n = k.script("notice", "tap 村务公开\ntap \"" + title + "\"\nscreenshot q-notice\ntap 对此有意见\nscreenshot q-notice-reason\n");
  INFO(n.err);
  REQUIRE(n.status == 0);
  CHECK_THAT(k.dump("q-notice"), Catch::Contains("button: 对此有意见"));
  CHECK_THAT(k.dump("q-notice-reason"), Catch::Contains("关于：" + title));
  for (const char* shot : {"q-result", "q-reason", "q-confirm", "q-notice", "q-notice-reason"})
    check_not_blank(k.png(shot), 1080, 1920);
}

TEST_CASE("a kiosk that has never been online says complaints need the network once", "[kiosk][ui][complaints]") {
  Kiosk k;
  k.feed.stop();
  const Run r = k.script("no-id", "tap 投诉建议\ntap 我要投诉建议\nscreenshot c-no-id\n");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(k.dump("c-no-id"), Catch::Contains("本机还没有联过网") && !Catch::Contains("button: 金额不符"));
  check_not_blank(k.png("c-no-id"), 1080, 1920);
}
