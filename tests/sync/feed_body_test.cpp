// Tests for sync/feed_body: hand-made bodies in the exact layout of docs/feed-protocol.md §5.1, signed here, and every way a hostile or broken one must be refused.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/signing.hpp"
#include "sync/feed_body.hpp"

namespace sunlight::sync {
namespace {

using nlohmann::json;
using namespace std::string_literals;

constexpr const char* kScope = "500112101201";
constexpr const char* kLogId = "9d2c41e07a5b4f3e8c16d0b2a7f59e38";

// One body, each member as the raw JSON text it is written with, so a test can put anything
// there. Rendered in §5.1's order: no spaces, one line feed between entries, one at the end.
struct Page {
  bool snapshot = false;
  std::string format = R"("sunlight-feed/1")";
  std::optional<std::string> log_id = fmt_string(kLogId);
  std::string type = R"("changes")";
  std::string stream = R"("public")";
  std::string scope = fmt_string(kScope);
  std::string after = "1185";
  std::string next = "1188";
  std::string head = "1188";
  std::string more = "false";
  std::string as_of = "1185";
  std::optional<std::string> seal;
  std::string extra;  // raw members added right before "entries" (`"x":1,`)
  std::optional<std::vector<std::string>> entries = std::vector<std::string>{};

  static std::string fmt_string(const std::string& s) { return json(s).dump(); }

  [[nodiscard]] std::string render() const {
    std::string out = "{\"format\":" + format;
    if (log_id) out += ",\"log_id\":" + *log_id;
    out += ",\"type\":" + type + ",\"stream\":" + stream + ",\"scope\":" + scope;
    if (snapshot) {
      out += ",\"as_of\":" + as_of;
    } else {
      out += ",\"after\":" + after + ",\"next\":" + next + ",\"head\":" + head + ",\"more\":" + more;
    }
    if (seal) out += ",\"seal\":" + *seal;
    out += ",";
    out += extra;
    if (entries) {
      out += "\"entries\":[";
      for (std::size_t i = 0; i < entries->size(); ++i) {
        if (i > 0) out += ",\n";
        out += (*entries)[i];
      }
      out += "]";
    } else if (!out.empty() && out.back() == ',') {
      out.pop_back();
    }
    out += "}\n";
    return out;
  }
};

Page snapshot_page() {
  Page p;
  p.snapshot = true;
  p.type = R"("snapshot")";
  return p;
}

const char* kSeal = R"({"alg":"argon2id13","memlimit":8192,"opslimit":1,"salt":"AxQlNkdYaXqLnK2+z+DxAg=="})";

Page people(Page p) {
  p.stream = R"("people")";
  p.seal = kSeal;
  return p;
}

// An entry exactly as the server writes it: nlohmann's dump sorts keys, which is §5.2's order.
std::string entry(std::int64_t seq, const std::string& kind = "notice", json data = json::object(),
                  const std::string& key = "46", const std::string& region = kScope, const std::string& op = "publish") {
  return json{{"seq", seq}, {"kind", kind}, {"key", key}, {"op", op}, {"region", region}, {"at", "2026-11-28T14:24:57Z"},
              {"data", std::move(data)}}
      .dump();
}

json aggregate_data() {
  return {{"allocate_fen", 0}, {"approve_fen", 0},  {"beneficiaries", 309}, {"disburse_fen", 0}, {"fund", "YB2024-01"},
          {"month", "2024-06"}, {"paid_fen", 10343840}, {"payments", 309}, {"plan_fen", 0}, {"region", kScope}};
}

Expected expect_changes(std::int64_t after = 1185, Stream stream = Stream::Public) {
  return Expected{false, stream, kScope, after};
}
Expected expect_snapshot(Stream stream = Stream::Public) { return Expected{true, stream, kScope, 0}; }

struct Signer {
  core::SigningKey key = core::SigningKey::generate();
  core::PublicKey pinned = key.public_key();

  [[nodiscard]] FeedBody accept(const std::string& bytes, const Expected& expected) const {
    return accept_body(pinned, bytes, key.sign_base64(bytes), expected);
  }
  // The refusal's message for a validly signed body; "(accepted)" when it was not refused, and
  // the message of any other exception marked as such (every refusal must be a BodyError).
  [[nodiscard]] std::string refusal(const std::string& bytes, const Expected& expected) const {
    return refusal_signed(bytes, key.sign_base64(bytes), expected);
  }
  [[nodiscard]] std::string refusal_signed(const std::string& bytes, const std::string& signature,
                                           const Expected& expected) const {
    try {
      (void)accept_body(pinned, bytes, signature, expected);
    } catch (const BodyError& e) {
      return e.what();
    } catch (const std::exception& e) {
      return std::string("(not a BodyError) ") + e.what();
    }
    return "(accepted)";
  }
};

bool is_body_error(const std::string& refusal) {
  return refusal != "(accepted)" && refusal.rfind("(not a BodyError)", 0) != 0;
}

using Catch::Matchers::Contains;

// A changes page with three entries of three kinds, after 1185 up to 1188.
Page three_entry_page() {
  Page p;
  p.entries = std::vector<std::string>{
      entry(1186, "notice", {{"id", 46}, {"title", "本周六上午打扫村道"}}, "46", kScope, "publish"),
      entry(1187, "aggregate", aggregate_data(), "YB2024-01|500112101201|2024-06", kScope, "upsert"),
      entry(1188, "region", {{"code", "500112101201001"}, {"level", "group"}, {"name", "1社"}, {"parent", kScope}},
            "500112101201001", "500112101201001", "upsert")};
  return p;
}

}  // namespace

TEST_CASE("a good changes page is accepted with every field read back", "[body]") {
  const Signer s;
  const auto bytes = three_entry_page().render();
  // The layout is §5.1's to the byte: one line feed between entries and one at the end.
  REQUIRE(bytes.rfind(R"({"format":"sunlight-feed/1","log_id":")", 0) == 0);
  REQUIRE(bytes.back() == '\n');

  const auto body = s.accept(bytes, expect_changes(1185));
  CHECK_FALSE(body.snapshot);
  CHECK(body.stream == Stream::Public);
  CHECK(body.scope == kScope);
  CHECK(body.log_id == kLogId);
  CHECK(body.after == 1185);
  CHECK(body.next == 1188);
  CHECK(body.head == 1188);
  CHECK_FALSE(body.more);
  CHECK_FALSE(body.seal);
  CHECK(body.cursor() == 1188);
  REQUIRE(body.entries.size() == 3);

  const auto& notice = body.entries[0];
  CHECK(notice.seq == 1186);
  CHECK(notice.kind == "notice");
  CHECK(notice.key == "46");
  CHECK(notice.op == "publish");
  CHECK(notice.region == kScope);
  CHECK(notice.at == "2026-11-28T14:24:57Z");
  CHECK(notice.data == json({{"id", 46}, {"title", "本周六上午打扫村道"}}));

  const auto& aggregate = body.entries[1];
  CHECK(aggregate.seq == 1187);
  CHECK(aggregate.kind == "aggregate");
  CHECK(aggregate.key == "YB2024-01|500112101201|2024-06");
  CHECK(aggregate.op == "upsert");
  CHECK(aggregate.data == aggregate_data());
  CHECK(aggregate.data["paid_fen"].get<std::int64_t>() == 10343840);

  const auto& region = body.entries[2];
  CHECK(region.seq == 1188);
  CHECK(region.region == "500112101201001");
  CHECK(region.data["name"] == "1社");
}

TEST_CASE("an empty page, a page with gaps and a page that says more are accepted as the protocol allows", "[body]") {
  const Signer s;
  SECTION("empty: nothing new in this scope, but the cursor moves to the head") {
    Page p;
    p.after = "1185";
    p.next = "1200";
    p.head = "1200";
    const auto bytes = p.render();
    CHECK(bytes.ends_with("\"more\":false,\"entries\":[]}\n"));
    const auto body = s.accept(bytes, expect_changes(1185));
    CHECK(body.entries.empty());
    CHECK(body.cursor() == 1200);
  }
  SECTION("gaps between seqs are other scopes' entries, not errors") {
    Page p;
    p.after = "10";
    p.next = "900";
    p.head = "900";
    p.entries = std::vector<std::string>{entry(11), entry(500), entry(899)};
    const auto body = s.accept(p.render(), expect_changes(10));
    REQUIRE(body.entries.size() == 3);
    CHECK(body.entries[1].seq == 500);
    CHECK(body.cursor() == 900);
  }
  SECTION("more: next is the last entry, below the head") {
    Page p;
    p.after = "0";
    p.next = "3";
    p.head = "5000";
    p.more = "true";
    p.entries = std::vector<std::string>{entry(1), entry(2), entry(3)};
    const auto body = s.accept(p.render(), expect_changes(0));
    CHECK(body.more);
    CHECK(body.next == 3);
    CHECK(body.head == 5000);
  }
  SECTION("a cursor already at the head") {
    Page p;
    p.after = "1188";
    p.next = "1188";
    p.head = "1188";
    CHECK(s.accept(p.render(), expect_changes(1188)).cursor() == 1188);
  }
}

TEST_CASE("the test vector of §5.6 is accepted with the documented key and signature", "[body]") {
  const auto key = core::PublicKey::parse("ed25519:A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=");
  REQUIRE(key);
  const std::string bytes =
      R"({"format":"sunlight-feed/1","log_id":"3f8a5c0e9b1d47e2a6c4f0d8b2e19a57","type":"changes","stream":"public","scope":"500112101201","after":1188,"next":1188,"head":1188,"more":false,"entries":[]})"
      "\n";
  REQUIRE(bytes.size() == 194);
  const auto body = accept_body(key.value(), bytes,
                                "cazmjxDIiUvHd1OSHYU0mEUaqHJ0vqhlWIzcvjxQvt7Z7MPTrnia0XKnGGobKLhjEFdqaGXCUIZ0lrr+Gc0ACQ==",
                                Expected{false, Stream::Public, "500112101201", 1188});
  CHECK(body.log_id == "3f8a5c0e9b1d47e2a6c4f0d8b2e19a57");
  CHECK(body.cursor() == 1188);
}

TEST_CASE("good snapshots are accepted: public, and people with its seal", "[body]") {
  const Signer s;
  SECTION("public") {
    auto p = snapshot_page();
    p.as_of = "1185";
    p.entries = std::vector<std::string>{entry(3, "fund", {{"code", "YB2024-01"}}, "YB2024-01", "500112", "upsert"),
                                         entry(1185, "notice", {{"id", 46}})};
    const auto bytes = p.render();
    REQUIRE(bytes.find(R"("as_of":1185,"entries":[)") != std::string::npos);
    const auto body = s.accept(bytes, expect_snapshot());
    CHECK(body.snapshot);
    CHECK(body.stream == Stream::Public);
    CHECK(body.scope == kScope);
    CHECK(body.log_id == kLogId);
    CHECK(body.as_of == 1185);
    CHECK(body.cursor() == 1185);
    CHECK_FALSE(body.seal);
    REQUIRE(body.entries.size() == 2);
    CHECK(body.entries[0].kind == "fund");
    CHECK(body.entries[0].region == "500112");
    CHECK(body.entries[0].data["code"] == "YB2024-01");
    CHECK(body.entries[1].seq == 1185);  // an entry at as_of itself is in the snapshot
  }
  SECTION("people, the seal right before the entries") {
    auto p = people(snapshot_page());
    const std::string tag(64, 'a');
    p.entries = std::vector<std::string>{entry(7, "person", {{"tag", tag}, {"record", "QnLCDw=="}}, tag, kScope, "seal")};
    const auto bytes = p.render();
    REQUIRE(bytes.find(std::string(R"("seal":)") + kSeal + R"(,"entries":[)") != std::string::npos);
    const auto body = s.accept(bytes, expect_snapshot(Stream::People));
    CHECK(body.snapshot);
    CHECK(body.stream == Stream::People);
    REQUIRE(body.seal);
    CHECK(*body.seal == json::parse(kSeal));
    REQUIRE(body.entries.size() == 1);
    CHECK(body.entries[0].kind == "person");
    CHECK(body.entries[0].key == tag);
    CHECK(body.entries[0].op == "seal");
    CHECK(body.entries[0].data["record"] == "QnLCDw==");
  }
  SECTION("a people changes page carries the seal too") {
    auto p = people(Page{});
    const auto body = s.accept(p.render(), expect_changes(1185, Stream::People));
    CHECK(body.stream == Stream::People);
    REQUIRE(body.seal);
    CHECK((*body.seal)["alg"] == "argon2id13");
  }
}

TEST_CASE("log_id is read when present and empty when a server does not send one", "[body]") {
  const Signer s;
  Page p;
  p.log_id = Page::fmt_string("0123456789abcdef0123456789abcdef");
  CHECK(s.accept(p.render(), expect_changes()).log_id == "0123456789abcdef0123456789abcdef");
  p.log_id.reset();
  CHECK(s.accept(p.render(), expect_changes()).log_id.empty());
  auto snap = snapshot_page();
  snap.log_id.reset();
  CHECK(s.accept(snap.render(), expect_snapshot()).log_id.empty());
  p.log_id = "42";
  const auto why = s.refusal(p.render(), expect_changes());
  CHECK(is_body_error(why));
  CHECK_THAT(why, Contains("log_id"));
}

TEST_CASE("fields, kinds and op words a newer server adds are ignored, not refused (§2)", "[body]") {
  const Signer s;
  auto p = three_entry_page();
  p.extra = R"("generated_by":"sunlight-feed 9.9","hints":{"poll_seconds":5},)";
  auto e = json::parse(entry(1186, "weather", {{"sky", "晴"}}, "today", kScope, "forecast"));
  e["signature_v2"] = "future";
  (*p.entries)[0] = e.dump();
  const auto body = s.accept(p.render(), expect_changes());
  REQUIRE(body.entries.size() == 3);
  CHECK(body.entries[0].kind == "weather");
  CHECK(body.entries[0].op == "forecast");
}

TEST_CASE("an unsigned or mis-signed body is refused before it is read", "[body]") {
  const Signer s;
  const auto bytes = three_entry_page().render();
  const auto good = s.key.sign_base64(bytes);
  REQUIRE(s.refusal_signed(bytes, good, expect_changes()) == "(accepted)");

  SECTION("no signature") {
    const auto why = s.refusal_signed(bytes, "", expect_changes());
    CHECK(is_body_error(why));
    CHECK_THAT(why, Contains("not signed"));
  }
  SECTION("signed by another key") {
    const auto other = core::SigningKey::generate();
    const auto why = s.refusal_signed(bytes, other.sign_base64(bytes), expect_changes());
    CHECK(is_body_error(why));
    CHECK_THAT(why, Contains("signature"));
  }
  SECTION("a valid signature of another body (the snapshot's, the previous page's)") {
    auto older = three_entry_page();
    older.after = "1184";
    CHECK(is_body_error(s.refusal_signed(bytes, s.key.sign_base64(older.render()), expect_changes())));
    CHECK(is_body_error(s.refusal_signed(bytes, s.key.sign_base64(snapshot_page().render()), expect_changes())));
  }
  SECTION("the signature is checked before the body is parsed: garbage says signature, not JSON") {
    const std::string garbage = "this is not json\n";
    const auto why = s.refusal_signed(garbage, good, expect_changes());
    CHECK(is_body_error(why));
    CHECK_THAT(why, Contains("signature"));
  }
  SECTION("signature garbage") {
    const auto raw = core::from_base64(good);
    REQUIRE(raw);
    REQUIRE(raw->size() == 64);
    const std::vector<std::string> garbage{
        "not base64 at all!",
        good.substr(0, 86),                             // padding cut off
        good + "\n",                                    // a header value with a line feed left on
        " " + good,                                     // or a space
        good + good,                                    // twice
        core::to_base64(raw->substr(0, 63)),            // 63 bytes
        core::to_base64(*raw + "x"),                    // 65 bytes
        core::to_base64(std::string(64, '\0')),         // zeros
        core::to_base64(raw->substr(32) + raw->substr(0, 32)),  // halves swapped
        std::string(88, 'A'),
        std::string(88, '='),
        "====",
        std::string("\0", 1),
    };
    for (const auto& signature : garbage) {
      CAPTURE(signature);
      const auto why = s.refusal_signed(bytes, signature, expect_changes());
      CHECK(is_body_error(why));
    }
    // Non-zero leftover bits in the last base64 character: the same 64 bytes to a lenient
    // decoder, but not the canonical form §5.6 asks for.
    auto sloppy = good;
    REQUIRE(sloppy.substr(86) == "==");
    const auto alphabet = std::string("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    const auto value = alphabet.find(sloppy[85]);
    REQUIRE(value != std::string::npos);
    REQUIRE((value & 0x0f) == 0);
    sloppy[85] = alphabet[value | 0x01];
    CHECK(is_body_error(s.refusal_signed(bytes, sloppy, expect_changes())));
  }
}

TEST_CASE("one byte changed anywhere in a signed body is refused", "[body]") {
  const Signer s;
  const auto bytes = three_entry_page().render();
  const auto signature = s.key.sign_base64(bytes);
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    for (const int mask : {0x01, 0x20, 0x80}) {
      auto bad = bytes;
      bad[at] = static_cast<char>(static_cast<unsigned char>(bad[at]) ^ static_cast<unsigned char>(mask));
      const auto why = s.refusal_signed(bad, signature, expect_changes());
      if (!is_body_error(why) || why.find("signature") == std::string::npos) {
        const int flipped_bits = mask;
        CAPTURE(at, flipped_bits, why);
        FAIL("a changed byte was not refused by the signature check");
      }
    }
  }
  // An inserted or a removed byte, too (a line feed added after the final one, a space between members).
  CHECK(is_body_error(s.refusal_signed(bytes + "\n", signature, expect_changes())));
  CHECK(is_body_error(s.refusal_signed(" " + bytes, signature, expect_changes())));
  auto spaced = bytes;
  spaced.insert(spaced.find(",\"type\""), " ");
  CHECK(is_body_error(s.refusal_signed(spaced, signature, expect_changes())));
}

TEST_CASE("a truncated body is refused at every cut point", "[body]") {
  const Signer s;
  const auto bytes = three_entry_page().render();
  const auto signature = s.key.sign_base64(bytes);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    const auto why = s.refusal_signed(bytes.substr(0, cut), signature, expect_changes());
    if (!is_body_error(why)) {
      CAPTURE(cut, why);
      FAIL("a truncated body was not refused");
    }
  }
  // A truncated body the server itself signed (a bug there) is still refused, as not JSON.
  for (std::size_t cut = 1; cut + 2 < bytes.size(); cut += 7) {
    const auto why = s.refusal(bytes.substr(0, cut), expect_changes());
    if (!is_body_error(why)) {
      CAPTURE(cut, why);
      FAIL("a signed truncated body was not refused");
    }
  }
}

TEST_CASE("validly signed bodies that are not a JSON object are refused", "[body]") {
  const Signer s;
  const std::vector<std::string> bodies{
      "",
      "\n",
      "not json\n",
      "{\n",
      "[]\n",
      "[{\"format\":\"sunlight-feed/1\"}]\n",
      "\"sunlight-feed/1\"\n",
      "1188\n",
      "null\n",
      "true\n",
      three_entry_page().render() + three_entry_page().render(),       // two bodies glued together
      three_entry_page().render() + "garbage",                         // text after the object
      std::string("{\"format\":\"sunlight-feed/1\",\"scope\":\"\xff\xfe\"}\n"),  // not UTF-8
      "{\"format\":\"sunlight-feed/1\",\"scope\":\"a\0b\"}\n"s,  // a raw NUL in a string
  };
  for (const auto& bytes : bodies) {
    CAPTURE(bytes);
    const auto why = s.refusal(bytes, expect_changes());
    CHECK(is_body_error(why));
  }
  CHECK_THAT(s.refusal("not json\n", expect_changes()), Contains("not JSON"));
  CHECK_THAT(s.refusal("[1,2,3]\n", expect_changes()), Contains("not a JSON object"));
}

TEST_CASE("a body of another format, type, stream or scope is refused", "[body]") {
  const Signer s;
  SECTION("format sunlight-feed/2 asks for a software update") {
    Page p;
    p.format = R"("sunlight-feed/2")";
    const auto why = s.refusal(p.render(), expect_changes());
    CHECK(is_body_error(why));
    CHECK_THAT(why, Contains("software update"));
    CHECK_THAT(why, Contains("sunlight-feed/2"));
  }
  SECTION("format missing, of the wrong type, or a long string") {
    for (const std::string format : {R"("")", "1", "null", R"(["sunlight-feed/1"])", R"("SUNLIGHT-FEED/1")",
                                     R"("sunlight-feed/1 ")", R"("sunlight-feed/10")"}) {
      Page p;
      p.format = format;
      CAPTURE(format);
      CHECK(is_body_error(s.refusal(p.render(), expect_changes())));
    }
    const auto body = R"({"log_id":"x","type":"changes","stream":"public","scope":"500112101201","after":1185,)"
                      R"("next":1188,"head":1188,"more":false,"entries":[]})"
                      "\n";
    CHECK_THAT(s.refusal(body, expect_changes()), Contains("format"));
    Page p;
    p.format = Page::fmt_string(std::string(100000, 'x'));
    const auto why = s.refusal(p.render(), expect_changes());
    CHECK(is_body_error(why));
    CHECK(why.size() < 300);  // a one-line message, not the hostile text
  }
  SECTION("type") {
    // A snapshot where changes were asked for, and the other way round.
    const auto snap = snapshot_page().render();
    CHECK_THAT(s.refusal(snap, expect_changes()), Contains("snapshot"));
    const auto changes = Page{}.render();
    CHECK(is_body_error(s.refusal(changes, expect_snapshot())));
    for (const std::string type : {R"("Changes")", R"("")", R"("delta")", "0", "null"}) {
      Page p;
      p.type = type;
      CAPTURE(type);
      CHECK(is_body_error(s.refusal(p.render(), expect_changes())));
    }
  }
  SECTION("stream") {
    // A people body where public was asked for, and the other way round.
    const auto people_body = people(Page{}).render();
    CHECK_THAT(s.refusal(people_body, expect_changes()), Contains("people"));
    CHECK_THAT(s.refusal(Page{}.render(), expect_changes(1185, Stream::People)), Contains("public"));
    for (const std::string stream : {R"("Public")", R"("")", R"("private")", "1", "null"}) {
      Page p;
      p.stream = stream;
      CAPTURE(stream);
      CHECK(is_body_error(s.refusal(p.render(), expect_changes())));
    }
  }
  SECTION("scope: a sibling village, the town above, a group below, or not text") {
    for (const std::string scope : {R"("500112101202")", R"("500112101")", R"("500112101201001")", R"("")",
                                    R"(" 500112101201")", "500112101201", "null"}) {
      Page p;
      p.scope = scope;
      CAPTURE(scope);
      const auto why = s.refusal(p.render(), expect_changes());
      CHECK(is_body_error(why));
      CHECK_THAT(why, Contains("scope"));
    }
  }
  SECTION("members missing altogether") {
    const std::vector<std::string> bodies{
        R"({"format":"sunlight-feed/1","stream":"public","scope":"500112101201","after":1185,"next":1188,"head":1188,"more":false,"entries":[]})",
        R"({"format":"sunlight-feed/1","type":"changes","scope":"500112101201","after":1185,"next":1188,"head":1188,"more":false,"entries":[]})",
        R"({"format":"sunlight-feed/1","type":"changes","stream":"public","after":1185,"next":1188,"head":1188,"more":false,"entries":[]})",
        R"({"format":"sunlight-feed/1","type":"changes","stream":"public","scope":"500112101201","next":1188,"head":1188,"more":false,"entries":[]})",
        R"({"format":"sunlight-feed/1","type":"changes","stream":"public","scope":"500112101201","after":1185,"head":1188,"more":false,"entries":[]})",
        R"({"format":"sunlight-feed/1","type":"changes","stream":"public","scope":"500112101201","after":1185,"next":1188,"more":false,"entries":[]})",
        R"({"format":"sunlight-feed/1","type":"changes","stream":"public","scope":"500112101201","after":1185,"next":1188,"head":1188,"entries":[]})",
        R"({"format":"sunlight-feed/1","type":"changes","stream":"public","scope":"500112101201","after":1185,"next":1188,"head":1188,"more":false})",
        R"({"format":"sunlight-feed/1","type":"snapshot","stream":"public","scope":"500112101201","entries":[]})",
    };
    for (std::size_t i = 0; i < bodies.size(); ++i) {
      const auto bytes = bodies[i] + "\n";
      CAPTURE(bytes);
      CHECK(is_body_error(s.refusal(bytes, i + 1 == bodies.size() ? expect_snapshot() : expect_changes())));
    }
  }
  SECTION("entries not an array, more not a boolean") {
    for (const std::string entries : {"{}", "null", "1", R"("[]")"}) {
      Page p;
      p.entries.reset();
      p.extra = "\"entries\":" + entries;
      CAPTURE(entries);
      CHECK_THAT(s.refusal(p.render(), expect_changes()), Contains("entries"));
    }
    for (const std::string more : {"0", "1", R"("false")", "null"}) {
      Page p;
      p.more = more;
      CAPTURE(more);
      CHECK_THAT(s.refusal(p.render(), expect_changes()), Contains("more"));
    }
  }
}

TEST_CASE("a replayed or misrouted page, whose after is not the one asked for, is refused", "[body]") {
  const Signer s;
  // The server's genuine, correctly signed page after 1185, served again once the cursor is 1188.
  const auto old_page = three_entry_page().render();
  REQUIRE(s.refusal(old_page, expect_changes(1185)) == "(accepted)");
  const auto why = s.refusal(old_page, expect_changes(1188));
  CHECK(is_body_error(why));
  CHECK_THAT(why, Contains("1185"));
  CHECK_THAT(why, Contains("1188"));
  // Or a page from further on, skipping entries the terminal never saw.
  Page ahead;
  ahead.after = "1190";
  ahead.next = "1190";
  ahead.head = "1190";
  CHECK(is_body_error(s.refusal(ahead.render(), expect_changes(1188))));
}

TEST_CASE("entries out of sequence are refused", "[body]") {
  const Signer s;
  struct Case {
    const char* what;
    std::vector<std::int64_t> seqs;
    std::int64_t after, next, head;
    bool more;
  };
  const std::vector<Case> cases{
      {"out of order", {1187, 1186}, 1185, 1188, 1188, false},
      {"out of order later in the page", {1186, 1187, 1188, 1187}, 1185, 1188, 1188, false},
      {"duplicate seq", {1186, 1186}, 1185, 1188, 1188, false},
      {"seq equal to after", {1185, 1186}, 1185, 1188, 1188, false},
      {"seq below after (an old entry replayed)", {1100}, 1185, 1188, 1188, false},
      {"seq above head", {1186, 1189}, 1185, 1188, 1188, false},
      {"seq far above head", {1186, 99999999}, 1185, 1188, 1188, false},
      {"seq zero", {0}, 0, 5, 5, false},
      {"next below after", {}, 1185, 1184, 1188, false},
      {"next beyond head", {1186}, 1185, 1189, 1188, false},
      {"next below the page's last entry", {1186, 1187}, 1185, 1186, 1188, false},
      {"more with next beyond the last entry", {1186, 1187}, 1185, 1188, 1190, true},
      {"more with next before the last entry", {1186, 1187}, 1185, 1186, 1190, true},
      {"more with no entries", {}, 1185, 1188, 1190, true},
      {"more with no entries and next at after", {}, 1185, 1185, 1190, true},
  };
  for (const auto& c : cases) {
    Page p;
    p.after = std::to_string(c.after);
    p.next = std::to_string(c.next);
    p.head = std::to_string(c.head);
    p.more = c.more ? "true" : "false";
    std::vector<std::string> entries;
    for (const auto seq : c.seqs) entries.push_back(entry(seq));
    p.entries = entries;
    CAPTURE(c.what);
    const auto why = s.refusal(p.render(), expect_changes(c.after));
    CHECK(is_body_error(why));
  }
  // The messages name what is wrong.
  Page p;
  p.entries = std::vector<std::string>{entry(1187), entry(1186)};
  CHECK_THAT(s.refusal(p.render(), expect_changes()), Contains("sequence"));
  p.entries = std::vector<std::string>{entry(1189)};
  CHECK_THAT(s.refusal(p.render(), expect_changes()), Contains("head"));
  p.entries = std::vector<std::string>{};
  p.next = "1184";
  CHECK_THAT(s.refusal(p.render(), expect_changes()), Contains("next"));
  p.next = "1189";
  CHECK_THAT(s.refusal(p.render(), expect_changes()), Contains("head"));
  p.next = "1188";
  p.head = "1200";
  p.more = "true";
  CHECK_THAT(s.refusal(p.render(), expect_changes()), Contains("more"));
}

TEST_CASE("a snapshot's entries must be in order and not beyond as_of", "[body]") {
  const Signer s;
  auto p = snapshot_page();
  p.as_of = "1185";
  p.entries = std::vector<std::string>{entry(5), entry(1186)};
  const auto why = s.refusal(p.render(), expect_snapshot());
  CHECK(is_body_error(why));
  CHECK_THAT(why, Contains("1186"));
  p.entries = std::vector<std::string>{entry(5), entry(5)};
  CHECK(is_body_error(s.refusal(p.render(), expect_snapshot())));
  p.entries = std::vector<std::string>{entry(9), entry(5)};
  CHECK(is_body_error(s.refusal(p.render(), expect_snapshot())));
  p.as_of = "0";
  p.entries = std::vector<std::string>{entry(1)};
  CHECK(is_body_error(s.refusal(p.render(), expect_snapshot())));
  p.entries = std::vector<std::string>{};
  CHECK(s.refusal(p.render(), expect_snapshot()) == "(accepted)");  // an empty feed
}

TEST_CASE("entries with missing members, wrong types or no data object are refused", "[body]") {
  const Signer s;
  const auto good = json::parse(entry(1186, "notice", {{"id", 46}}));
  for (const auto* name : {"seq", "kind", "key", "op", "region", "at", "data"}) {
    auto e = good;
    e.erase(name);
    Page p;
    p.entries = std::vector<std::string>{e.dump()};
    CAPTURE(name);
    const auto why = s.refusal(p.render(), expect_changes());
    CHECK(is_body_error(why));
    CHECK_THAT(why, Contains(name));
  }
  const std::vector<std::pair<const char*, json>> wrong{
      {"seq", "1186"},        {"seq", 1186.0},        {"seq", 1.186e3},        {"seq", nullptr},  {"seq", true},
      {"seq", json::array()}, {"kind", 1},            {"kind", nullptr},       {"key", 46},       {"key", nullptr},
      {"op", json::object()}, {"region", 500112101201LL}, {"at", 0},           {"at", nullptr},
      {"data", "{}"},         {"data", json::array()}, {"data", nullptr},      {"data", 1},       {"data", false},
  };
  for (const auto& [name, value] : wrong) {
    auto e = good;
    e[name] = value;
    Page p;
    p.entries = std::vector<std::string>{e.dump()};
    CAPTURE(name, value.dump());
    const auto why = s.refusal(p.render(), expect_changes());
    CHECK(is_body_error(why));
  }
  // An entry that is not an object at all.
  for (const std::string raw : {"1186", "null", R"("entry")", "[1186]", "true"}) {
    Page p;
    p.entries = std::vector<std::string>{raw};
    CAPTURE(raw);
    CHECK(is_body_error(s.refusal(p.render(), expect_changes())));
  }
  // A bad entry after good ones refuses the whole page.
  auto bad = good;
  bad["seq"] = 1188;
  bad["data"] = "not an object";
  Page p;
  p.entries = std::vector<std::string>{entry(1186), entry(1187), bad.dump()};
  CHECK_THAT(s.refusal(p.render(), expect_changes()), Contains("data"));
}

TEST_CASE("negative and huge numbers are refused; large ones within int64 read back exactly", "[body]") {
  const Signer s;
  SECTION("negative") {
    {
      Page p;
      p.after = "-1";
      CHECK_THAT(s.refusal(p.render(), expect_changes(-1)), Contains("negative"));
    }
    {
      Page p;
      p.next = "-5";
      CHECK(is_body_error(s.refusal(p.render(), expect_changes())));
    }
    {
      Page p;
      p.head = "-1";
      p.next = "-1";
      CHECK(is_body_error(s.refusal(p.render(), expect_changes())));
    }
    {
      Page p;
      p.after = "0";
      p.entries = std::vector<std::string>{entry(-3)};
      CHECK_THAT(s.refusal(p.render(), expect_changes(0)), Contains("negative"));
    }
    {
      auto p = snapshot_page();
      p.as_of = "-1";
      CHECK(is_body_error(s.refusal(p.render(), expect_snapshot())));
    }
  }
  SECTION("beyond int64, or not whole") {
    for (const std::string n : {"9223372036854775808", "18446744073709551615", "18446744073709551616",
                                "99999999999999999999999999", "1e30", "1185.5", "1185.0", "1.185e3", "-0.0",
                                "-9223372036854775809"}) {
      CAPTURE(n);
      Page head;
      head.head = n;
      CHECK(is_body_error(s.refusal(head.render(), expect_changes())));
      Page next;
      next.next = n;
      next.head = n;
      CHECK(is_body_error(s.refusal(next.render(), expect_changes())));
      Page seq;
      seq.after = "0";
      seq.entries = std::vector<std::string>{R"({"at":"2026-11-28T14:24:57Z","data":{},"key":"46","kind":"notice","op":"publish","region":"500112101201","seq":)" +
                                             n + "}"};
      CHECK(is_body_error(s.refusal(seq.render(), expect_changes(0))));
      auto snap = snapshot_page();
      snap.as_of = n;
      CHECK(is_body_error(s.refusal(snap.render(), expect_snapshot())));
    }
  }
  SECTION("large but valid seqs keep every digit (beyond a double's 2^53)") {
    Page p;
    p.after = "9007199254740992";
    p.next = "9007199254740995";
    p.head = "9223372036854775807";
    p.entries = std::vector<std::string>{entry(9007199254740993), entry(9007199254740995)};
    const auto body = s.accept(p.render(), expect_changes(9007199254740992));
    CHECK(body.after == 9007199254740992);
    REQUIRE(body.entries.size() == 2);
    CHECK(body.entries[0].seq == 9007199254740993);
    CHECK(body.cursor() == 9007199254740995);
    CHECK(body.head == 9223372036854775807);
  }
}

TEST_CASE("a people body without its seal is refused", "[body]") {
  const Signer s;
  auto p = people(snapshot_page());
  p.seal.reset();
  const auto why = s.refusal(p.render(), expect_snapshot(Stream::People));
  CHECK(is_body_error(why));
  CHECK_THAT(why, Contains("seal"));
  auto changes = people(Page{});
  changes.seal.reset();
  CHECK_THAT(s.refusal(changes.render(), expect_changes(1185, Stream::People)), Contains("seal"));
  for (const std::string seal : {"null", R"("argon2id13")", "[]", "0"}) {
    auto q = people(snapshot_page());
    q.seal = seal;
    CAPTURE(seal);
    CHECK_THAT(s.refusal(q.render(), expect_snapshot(Stream::People)), Contains("seal"));
  }
}

}  // namespace sunlight::sync
