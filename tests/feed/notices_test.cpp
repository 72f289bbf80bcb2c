// Tests for feed/notices: drafts from JSON, publish/edit/retract with history, log entries and audit rows.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Statement.h>

#include "feed/audit.hpp"
#include "feed/errors.hpp"
#include "feed/notices.hpp"
#include "feed/store.hpp"

#include "test_support.hpp"

using namespace sunlight;
using namespace sunlight::feed;
using namespace sunlight::feed::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const core::Timestamp t0 = core::parse_utc_iso("2026-03-01T06:05:00Z").value();

struct Fixture {
  Store store{":memory:"};
  SQLite::Database& db = store.db();
  User cadre{1, "lijun", "李军", Role::VillageCadre, "500112101001", false};
  User other_cadre{2, "wanger", "王二", Role::VillageCadre, "500112101002", false};
  User town{3, "zhangsan", "张三", Role::TownAdmin, "500112101", false};
  User district{4, "qu", "王五", Role::DistrictAdmin, "500112", false};
  User auditor{5, "shen", "赵六", Role::Auditor, "500112", false};

  Fixture() {
    db.exec(R"(INSERT INTO regions(code, name, parent_code, level) VALUES
      ('500112', '渝北区', '', 'district'),
      ('500112101', '王家街道', '500112', 'town'),
      ('500112101001', '和平村', '500112101', 'village'),
      ('500112101002', '太平村', '500112101', 'village'),
      ('500112101001001', '1社', '500112101001', 'group'))");
  }
  int changes() { return count(db, "SELECT count(*) FROM changes"); }
  int audits() { return count(db, "SELECT count(*) FROM audit"); }
  json last_entry() { return json::parse(db.execAndGet("SELECT body FROM changes ORDER BY seq DESC LIMIT 1").getString()); }
};

NoticeDraft draft(std::string region = "500112101001") {
  return NoticeDraft{std::move(region), core::NoticeCategory::Finance, "2026年2月财务公开",
                     "收入：\n- 耕地地力保护补贴 12,000元\n\n支出：无", std::nullopt, std::nullopt};
}

}  // namespace

TEST_CASE("a notice draft is read from the request body", "[notices]") {
  const json body = {{"region", "500112101001"},         {"category", "财务"},
                     {"title", "二月财务公开"},          {"body", "正文"},
                     {"publish_at", "2026-03-02T00:00:00Z"}, {"expire_at", nullptr}};
  const NoticeDraft d = parse_notice_draft(body);
  CHECK(d.region_code == "500112101001");
  CHECK(d.category == core::NoticeCategory::Finance);
  CHECK(d.title == "二月财务公开");
  CHECK(d.body == "正文");
  CHECK(d.publish_at == core::parse_utc_iso("2026-03-02T00:00:00Z").value());
  CHECK_FALSE(d.expire_at.has_value());

  json english = body;
  english["category"] = "party_affairs";
  english.erase("publish_at");
  english.erase("expire_at");
  const NoticeDraft e = parse_notice_draft(english);
  CHECK(e.category == core::NoticeCategory::PartyAffairs);
  CHECK_FALSE(e.publish_at.has_value());

  const std::vector<std::pair<json, std::string>> bad{
      {json::array(), "request"},
      {"text", "request"},
      {nullptr, "request"},
      {[&] { json j = body; j.erase("region"); return j; }(), "region"},
      {[&] { json j = body; j.erase("category"); return j; }(), "category"},
      {[&] { json j = body; j.erase("title"); return j; }(), "title"},
      {[&] { json j = body; j.erase("body"); return j; }(), "body"},
      {[&] { json j = body; j["region"] = 500112101001; return j; }(), "region"},
      {[&] { json j = body; j["region"] = true; return j; }(), "region"},
      {[&] { json j = body; j["category"] = "gossip"; return j; }(), "category"},
      {[&] { json j = body; j["category"] = 1; return j; }(), "category"},
      {[&] { json j = body; j["title"] = 42; return j; }(), "title"},
      {[&] { json j = body; j["title"] = nullptr; return j; }(), "title"},
      {[&] { json j = body; j["body"] = json::array({"a"}); return j; }(), "body"},
      {[&] { json j = body; j["publish_at"] = 1772345100; return j; }(), "publish_at"},
      {[&] { json j = body; j["publish_at"] = "2026-03-02 08:00"; return j; }(), "publish_at"},
      {[&] { json j = body; j["expire_at"] = "tomorrow"; return j; }(), "expire_at"},
      {[&] { json j = body; j["author"] = "someone"; return j; }(), "author"},
      {[&] { json j = body; j["id"] = 7; return j; }(), "id"},
  };
  for (const auto& [input, field] : bad) {
    INFO(input.dump());
    const auto err = api_error([&] { (void)parse_notice_draft(input); });
    CHECK(err.status() == 400);
    CHECK(err.error() == "bad_field");
    CHECK(err.detail().starts_with(field + ":"));
  }
}

TEST_CASE("publishing a notice writes the notice, revision 1, one log entry and one audit row", "[notices]") {
  Fixture f;
  const NoticeView n = create_notice(f.db, f.cadre, draft(), "10.0.0.5", t0);
  CHECK(n.id > 0);
  CHECK(n.revision == 1);
  CHECK_FALSE(n.retracted());
  CHECK(n.publish_at == t0);
  CHECK(n.source == "console");
  CHECK(n.created_by == "李军（村干部）");
  REQUIRE(n.history.size() == 1);
  CHECK(n.history[0].by == "李军（村干部）");

  const json j = notice_json(n);
  CHECK(j == json{{"id", n.id},
                  {"region", "500112101001"},
                  {"category", "finance"},
                  {"title", "2026年2月财务公开"},
                  {"body", "收入：\n- 耕地地力保护补贴 12,000元\n\n支出：无"},
                  {"revision", 1},
                  {"status", "published"},
                  {"publish_at", "2026-03-01T06:05:00Z"},
                  {"expire_at", nullptr},
                  {"created_by", "李军（村干部）"},
                  {"created_at", "2026-03-01T06:05:00Z"},
                  {"updated_by", "李军（村干部）"},
                  {"updated_at", "2026-03-01T06:05:00Z"},
                  {"retraction", nullptr},
                  {"history", json::array({{{"revision", 1},
                                            {"at", "2026-03-01T06:05:00Z"},
                                            {"by", "李军（村干部）"},
                                            {"title", "2026年2月财务公开"}}})}});

  CHECK(f.changes() == 1);
  const json entry = f.last_entry();
  CHECK(entry["kind"] == "notice");
  CHECK(entry["key"] == std::to_string(n.id));
  CHECK(entry["op"] == "publish");
  CHECK(entry["region"] == "500112101001");
  CHECK(entry["data"] == j);
  CHECK(f.db.execAndGet("SELECT stream FROM changes").getInt() == 0);

  REQUIRE(f.audits() == 1);
  const auto audit = list_audit(f.db, 1)[0];
  CHECK(audit.action == "notice.publish");
  CHECK(audit.actor == "cadre:lijun");
  CHECK(audit.remote_addr == "10.0.0.5");
  CHECK(audit.target == "notice:" + std::to_string(n.id));
  CHECK(count(f.db, "SELECT count(*) FROM notice_revisions") == 1);

  // Read back through get and list, identical.
  CHECK(notice_json(get_notice(f.db, f.cadre, n.id)) == j);
}

TEST_CASE("text is stored verbatim, never executed", "[notices]") {
  Fixture f;
  NoticeDraft d = draft();
  d.title = "'); DROP TABLE notices; --";
  d.body = "Robert'); DELETE FROM changes WHERE 1=1; --\n\" OR \"\"=\"\n%_\\";
  const NoticeView n = create_notice(f.db, f.cadre, d, "", t0);
  const NoticeView back = get_notice(f.db, f.cadre, n.id);
  CHECK(back.title == d.title);
  CHECK(back.body == d.body);
  CHECK(f.changes() == 1);
  CHECK(count(f.db, "SELECT count(*) FROM notices") == 1);
}

TEST_CASE("bad notice content is refused and changes nothing", "[notices]") {
  Fixture f;
  auto refused = [&](NoticeDraft d, const std::string& field, const User* user = nullptr) {
    const auto e = api_error([&] { create_notice(f.db, user ? *user : f.cadre, d, "", t0); });
    CHECK(e.status() == 400);
    CHECK(e.error() == "bad_field");
    CHECK(e.detail().starts_with(field + ":"));
  };
  for (const std::string& title : std::vector<std::string>{"", "   ", "第一行\n第二行", "tab\there", "bell\a", "\xe2\x80\xae反转",
                                  "\xc3\x28", "\xed\xa0\x80", std::string(81, 'x')}) {
    INFO(title);
    NoticeDraft d = draft();
    d.title = title;
    refused(d, "title");
  }
  for (const std::string& body : std::vector<std::string>{"", "\n\n  \n", std::string("nul\0byte", 8), "esc\x1b[2J", "\x80\x80", "a\tb"}) {
    NoticeDraft d = draft();
    d.body = body;
    refused(d, "body");
  }
  {
    NoticeDraft d = draft();
    d.body = std::string(20001, 'x');
    refused(d, "body");
    d.body = "正";
    for (int i = 0; i < 20000; ++i) d.body += "文";
    refused(d, "body");
  }
  {
    NoticeDraft d = draft();
    d.publish_at = t0 + 24h;
    d.expire_at = t0 + 24h;
    refused(d, "expire_at");
    d.publish_at.reset();
    d.expire_at = t0 - 1s;
    refused(d, "expire_at");
  }
  refused(draft("500112101001001"), "region");  // a group does not publish
  refused(draft("500112101009"), "region", &f.town);  // unknown village, though below the town
  refused(draft("5001121010"), "region");
  CHECK(f.changes() == 0);
  CHECK(f.audits() == 0);
  CHECK(count(f.db, "SELECT count(*) FROM notices") == 0);

  // The boundaries themselves pass; CRLF becomes LF.
  NoticeDraft d = draft();
  d.title = std::string(80, 'x');
  d.body = std::string(19999, 'x') + "\r\n";
  const NoticeView n = create_notice(f.db, f.cadre, d, "", t0);
  CHECK(n.body == std::string(19999, 'x') + "\n");
  d.title = "  两边有空格  ";
  d.body = "一\r二\r\n三";
  CHECK(create_notice(f.db, f.cadre, d, "", t0).title == "两边有空格");
  CHECK(get_notice(f.db, f.cadre, n.id + 1).body == "一\n二\n三");
}

TEST_CASE("who may publish where", "[notices]") {
  Fixture f;
  auto forbidden = [&](const User& u, const std::string& region) {
    const auto e = api_error([&] { create_notice(f.db, u, draft(region), "", t0); });
    CHECK(e.status() == 403);
    CHECK(e.error() == "forbidden");
  };
  forbidden(f.cadre, "500112101002");  // another village
  forbidden(f.cadre, "500112101");     // its own town
  forbidden(f.auditor, "500112101001");
  forbidden(f.auditor, "500112");
  CHECK(f.changes() == 0);
  CHECK(f.audits() == 0);

  CHECK(create_notice(f.db, f.town, draft("500112101001"), "", t0).created_by == "张三（镇街管理员）");
  CHECK_NOTHROW(create_notice(f.db, f.town, draft("500112101"), "", t0));
  CHECK_NOTHROW(create_notice(f.db, f.district, draft("500112"), "", t0));
  CHECK(f.changes() == 3);
}

TEST_CASE("edits keep every revision and refuse stale or foreign edits", "[notices]") {
  Fixture f;
  NoticeDraft d = draft();
  d.publish_at = t0 + 48h;  // scheduled: logged now, terminals hold it back
  const NoticeView n = create_notice(f.db, f.cadre, d, "", t0);
  CHECK(f.changes() == 1);
  CHECK(notice_json(n)["publish_at"] == "2026-03-03T06:05:00Z");

  d.title = "2026年2月财务公开（更正）";
  d.publish_at.reset();  // absent on edit: publish_at unchanged
  const NoticeView e1 = edit_notice(f.db, f.town, n.id, 1, d, "10.0.0.9", t0 + 1h);
  CHECK(e1.revision == 2);
  CHECK(e1.publish_at == t0 + 48h);
  CHECK(e1.created_by == "李军（村干部）");
  CHECK(e1.updated_by == "张三（镇街管理员）");
  CHECK(e1.updated_at == t0 + 1h);
  CHECK(f.changes() == 2);
  CHECK(f.audits() == 2);
  CHECK(f.last_entry()["op"] == "edit");
  CHECK(f.last_entry()["data"] == notice_json(e1));
  CHECK(list_audit(f.db, 1)[0].action == "notice.edit");

  d.body = "第三版";
  const NoticeView e2 = edit_notice(f.db, f.cadre, n.id, 2, d, "", t0 + 2h);
  REQUIRE(e2.history.size() == 3);
  CHECK(e2.history[0].revision == 1);
  CHECK(e2.history[0].title == "2026年2月财务公开");
  CHECK(e2.history[0].by == "李军（村干部）");
  CHECK(e2.history[1].revision == 2);
  CHECK(e2.history[1].by == "张三（镇街管理员）");
  CHECK(e2.history[1].at == t0 + 1h);
  CHECK(e2.history[2].revision == 3);
  CHECK(e2.body == "第三版");
  CHECK(f.db.execAndGet("SELECT body FROM notice_revisions WHERE notice_id = 1 AND revision = 1").getString() ==
        draft().body);

  const int changes = f.changes();
  const int audits = f.audits();
  const auto stale = api_error([&] { edit_notice(f.db, f.cadre, n.id, 2, d, "", t0 + 3h); });
  CHECK(stale.status() == 409);
  CHECK(stale.error() == "stale_revision");
  CHECK(api_error([&] { edit_notice(f.db, f.other_cadre, n.id, 3, d, "", t0); }).status() == 403);
  CHECK(api_error([&] { edit_notice(f.db, f.auditor, n.id, 3, d, "", t0); }).status() == 403);
  CHECK(api_error([&] { edit_notice(f.db, f.cadre, 999, 1, d, "", t0); }).status() == 404);
  const auto moved = api_error([&] { edit_notice(f.db, f.town, n.id, 3, draft("500112101002"), "", t0); });
  CHECK(moved.status() == 400);
  CHECK(moved.detail().starts_with("region:"));
  NoticeDraft empty_title = d;
  empty_title.title = "";
  CHECK(api_error([&] { edit_notice(f.db, f.cadre, n.id, 3, empty_title, "", t0); }).status() == 400);
  CHECK(f.changes() == changes);
  CHECK(f.audits() == audits);
  CHECK(get_notice(f.db, f.cadre, n.id).revision == 3);
}

TEST_CASE("a retraction needs a reason, happens once, and keeps the history", "[notices]") {
  Fixture f;
  const NoticeView n = create_notice(f.db, f.cadre, draft(), "", t0);
  for (const std::string& reason : std::vector<std::string>{"", " ", "错", "原因\n换行", std::string(201, 'x')}) {
    INFO(reason);
    const auto e = api_error([&] { retract_notice(f.db, f.cadre, n.id, reason, "", t0); });
    CHECK(e.status() == 400);
    CHECK(e.detail().starts_with("reason:"));
  }
  CHECK(api_error([&] { retract_notice(f.db, f.other_cadre, n.id, "发布错了", "", t0); }).status() == 403);
  CHECK(api_error([&] { retract_notice(f.db, f.cadre, 42, "发布错了", "", t0); }).status() == 404);
  CHECK(f.changes() == 1);

  const NoticeView r = retract_notice(f.db, f.cadre, n.id, "数据有误，重新发布", "", t0 + 1h);
  CHECK(r.retracted());
  CHECK(r.revision == 1);
  REQUIRE(r.retraction.has_value());
  CHECK(r.retraction->by == "李军（村干部）");
  CHECK(r.retraction->at == t0 + 1h);
  CHECK(r.retraction->reason == "数据有误，重新发布");
  CHECK(r.history.size() == 1);
  const json j = notice_json(r);
  CHECK(j["status"] == "retracted");
  CHECK(j["retraction"] == json{{"by", "李军（村干部）"}, {"at", "2026-03-01T07:05:00Z"}, {"reason", "数据有误，重新发布"}});
  CHECK(f.changes() == 2);
  CHECK(f.last_entry()["op"] == "retract");
  CHECK(f.last_entry()["data"] == j);
  CHECK(list_audit(f.db, 1)[0].action == "notice.retract");
  CHECK(f.audits() == 2);

  const auto twice = api_error([&] { retract_notice(f.db, f.cadre, n.id, "再撤一次", "", t0); });
  CHECK(twice.status() == 409);
  CHECK(twice.error() == "retracted");
  const auto edit = api_error([&] { edit_notice(f.db, f.cadre, n.id, 1, draft(), "", t0); });
  CHECK(edit.status() == 409);
  CHECK(edit.error() == "retracted");
  CHECK(f.changes() == 2);
  // The notice row itself is still there: nothing is erased.
  CHECK(count(f.db, "SELECT count(*) FROM notices") == 1);
}

TEST_CASE("reading notices stays within the user's region", "[notices]") {
  Fixture f;
  const auto a = create_notice(f.db, f.cadre, draft(), "", t0).id;
  const auto b = create_notice(f.db, f.other_cadre, draft("500112101002"), "", t0).id;
  const auto c = create_notice(f.db, f.town, draft("500112101"), "", t0).id;
  const auto d = create_notice(f.db, f.cadre, draft(), "", t0 + 1h).id;

  auto ids = [](const std::vector<NoticeView>& v) {
    std::vector<std::int64_t> out;
    for (const auto& n : v) out.push_back(n.id);
    return out;
  };
  CHECK(ids(list_notices(f.db, f.cadre, "")) == std::vector<std::int64_t>{d, a});
  CHECK(ids(list_notices(f.db, f.town, "")) == std::vector<std::int64_t>{d, c, b, a});
  CHECK(ids(list_notices(f.db, f.town, "500112101002")) == std::vector<std::int64_t>{b});
  CHECK(ids(list_notices(f.db, f.auditor, "500112101001")) == std::vector<std::int64_t>{d, a});
  CHECK(api_error([&] { (void)list_notices(f.db, f.cadre, "500112101002"); }).status() == 403);
  CHECK(api_error([&] { (void)list_notices(f.db, f.cadre, "500112101"); }).status() == 403);
  CHECK(api_error([&] { (void)list_notices(f.db, f.cadre, "' OR 1=1 --"); }).status() == 400);

  CHECK(get_notice(f.db, f.auditor, b).region_code == "500112101002");
  CHECK(api_error([&] { (void)get_notice(f.db, f.cadre, b); }).status() == 403);
  CHECK(api_error([&] { (void)get_notice(f.db, f.cadre, 999); }).status() == 404);
}

TEST_CASE("imported notices are published from Shanghai midnight and found again", "[notices]") {
  Fixture f;
  core::Notice notice;
  notice.region_code = "500112101001";
  notice.category = core::NoticeCategory::PublicNotice;
  notice.title = "低保名单公示";
  notice.body = "公示期七天。";
  notice.published_on = core::CivilDate{2026, 3, 1};
  notice.expires_on = core::CivilDate{2026, 3, 7};

  std::int64_t id = 0;
  {
    WriteTransaction tx(f.db);
    ChangeAppender log(f.db);
    id = insert_imported_notice(f.db, log, notice, "cli:root", t0);
    CHECK(log.appended() == 1);
    tx.commit();
  }
  const NoticeView n = get_notice(f.db, f.district, id);
  CHECK(n.source == "import");
  CHECK(core::format_utc_iso(n.publish_at) == "2026-02-28T16:00:00Z");
  REQUIRE(n.expire_at.has_value());
  CHECK(core::format_utc_iso(*n.expire_at) == "2026-03-07T16:00:00Z");
  CHECK(n.created_by == "数据导入");
  CHECK(n.history.size() == 1);
  const json entry = f.last_entry();
  CHECK(entry["op"] == "publish");
  CHECK(entry["data"]["category"] == "public_notice");

  CHECK(find_imported_notice(f.db, "500112101001", "低保名单公示", n.publish_at) == id);
  CHECK_FALSE(find_imported_notice(f.db, "500112101001", "低保名单公示", n.publish_at + 24h).has_value());
  CHECK_FALSE(find_imported_notice(f.db, "500112101002", "低保名单公示", n.publish_at).has_value());
  // A cadre's notice with the same title is not an import.
  NoticeDraft d = draft();
  d.title = "同名";
  d.publish_at = n.publish_at;
  create_notice(f.db, f.cadre, d, "", t0);
  CHECK_FALSE(find_imported_notice(f.db, "500112101001", "同名", n.publish_at).has_value());

  // A cadre may correct an imported notice like any other; a re-import still recognises it.
  CHECK(edit_notice(f.db, f.cadre, id, 1, draft(), "", t0).revision == 2);
  CHECK(find_imported_notice(f.db, "500112101001", "低保名单公示", n.publish_at) == id);
  CHECK_FALSE(find_imported_notice(f.db, "500112101001", draft().title, n.publish_at).has_value());
}
