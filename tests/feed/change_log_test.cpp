// Tests for feed/change_log: appending, paging per scope, snapshots and the rendered bodies.
#include <catch2/catch.hpp>

#include <array>
#include <span>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "core/crypto.hpp"
#include "core/signing.hpp"
#include "feed/change_log.hpp"
#include "feed/store.hpp"

using namespace sunlight;
using namespace sunlight::feed;
using nlohmann::json;

namespace {

const core::Timestamp t0 = core::parse_utc_iso("2026-03-01T06:05:00Z").value();

// The signature of the test vector's body (docs/feed-protocol.md 5.6) by the key of seed 00 01 … 1f.
constexpr const char* kVectorSignature =
    "cazmjxDIiUvHd1OSHYU0mEUaqHJ0vqhlWIzcvjxQvt7Z7MPTrnia0XKnGGobKLhjEFdqaGXCUIZ0lrr+Gc0ACQ==";

std::int64_t add(Store& store, Stream stream, std::string kind, std::string key, std::string region, json data = {}) {
  WriteTransaction tx(store.db());
  const auto seq = append_change(store.db(), NewChange{stream, std::move(kind), std::move(key), std::move(region),
                                                       "upsert", data.is_null() ? json::object() : data, t0});
  tx.commit();
  return seq;
}

std::vector<std::string> keys_of(const std::vector<std::string>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(json::parse(e).at("key").get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("entries get consecutive seqs and the head follows", "[change_log]") {
  Store store(":memory:");
  CHECK(add(store, Stream::Public, "region", "500112", "500112") == 1);
  CHECK(add(store, Stream::Public, "region", "500112101", "500112101") == 2);
  CHECK(store.head_seq() == 2);
}

TEST_CASE("a village sees its own, its ancestors' and none of its siblings' public entries", "[change_log]") {
  Store store(":memory:");
  add(store, Stream::Public, "notice", "district", "500112");
  add(store, Stream::Public, "notice", "town", "500112101");
  add(store, Stream::Public, "notice", "mine", "500112101001");
  add(store, Stream::Public, "notice", "sibling", "500112101002");
  add(store, Stream::Public, "notice", "other-town", "500112102001");
  add(store, Stream::Public, "notice", "group", "500112101001003");

  auto page = read_changes(store.db(), Stream::Public, "500112101001", 0, 100);
  CHECK(keys_of(page.entries) == std::vector<std::string>{"district", "town", "mine", "group"});
  CHECK(page.head == 6);
  CHECK(page.next == 6);  // entries of other scopes are skipped for good
  CHECK_FALSE(page.more);

  auto town = read_changes(store.db(), Stream::Public, "500112101", 0, 100);
  CHECK(keys_of(town.entries) == std::vector<std::string>{"district", "town", "mine", "sibling", "group"});
}

TEST_CASE("people entries stay in their village and off the public stream", "[change_log]") {
  Store store(":memory:");
  add(store, Stream::People, "person", "aa", "500112101001");
  add(store, Stream::People, "person", "bb", "500112101002");
  add(store, Stream::Public, "notice", "n", "500112");
  CHECK(keys_of(read_changes(store.db(), Stream::People, "500112101001", 0, 10).entries) ==
        std::vector<std::string>{"aa"});
  CHECK(keys_of(read_changes(store.db(), Stream::People, "500112101", 0, 10).entries) ==
        std::vector<std::string>{"aa", "bb"});
  CHECK(keys_of(read_changes(store.db(), Stream::Public, "500112101001", 0, 10).entries) ==
        std::vector<std::string>{"n"});
}

TEST_CASE("paging walks the log without gaps or repeats", "[change_log]") {
  Store store(":memory:");
  for (int i = 0; i < 25; ++i) add(store, Stream::Public, "notice", std::to_string(i), "500112101001");
  std::vector<std::string> seen;
  std::int64_t after = 0;
  int pages = 0;
  for (;;) {
    auto page = read_changes(store.db(), Stream::Public, "500112101001", after, 10);
    ++pages;
    for (auto& k : keys_of(page.entries)) seen.push_back(k);
    REQUIRE(page.next >= after);
    after = page.next;
    if (!page.more) break;
  }
  CHECK(pages == 3);
  REQUIRE(seen.size() == 25);
  for (int i = 0; i < 25; ++i) CHECK(seen[static_cast<std::size_t>(i)] == std::to_string(i));
  // A poll at the head gets nothing and stays put.
  auto idle = read_changes(store.db(), Stream::Public, "500112101001", after, 10);
  CHECK(idle.entries.empty());
  CHECK(idle.next == after);
}

TEST_CASE("a snapshot holds the latest entry of each thing, not its history", "[change_log]") {
  Store store(":memory:");
  add(store, Stream::Public, "notice", "7", "500112101001", json{{"title", "first"}});
  add(store, Stream::Public, "notice", "8", "500112101001", json{{"title", "other"}});
  add(store, Stream::Public, "notice", "7", "500112101001", json{{"title", "corrected"}});
  add(store, Stream::Public, "notice", "9", "500112101002", json{{"title", "sibling"}});
  auto snap = read_snapshot(store.db(), Stream::Public, "500112101001");
  CHECK(snap.as_of == 4);
  REQUIRE(snap.entries.size() == 2);
  CHECK(json::parse(snap.entries[0]).at("key") == "8");
  CHECK(json::parse(snap.entries[1]).at("data").at("title") == "corrected");
}

TEST_CASE("rendered bodies are valid JSON that says what they are", "[change_log]") {
  Store store(":memory:");
  add(store, Stream::Public, "notice", "1", "500112", json{{"title", "引号\"与\\反斜杠\n换行"}});
  const auto page = read_changes(store.db(), Stream::Public, "500112101001", 0, 10);
  const json body = json::parse(render_changes(page, Stream::Public, "500112101001", store.log_id()));
  CHECK(body.at("format") == "sunlight-feed/1");
  CHECK(body.at("log_id") == store.log_id());
  CHECK(body.at("type") == "changes");
  CHECK(body.at("stream") == "public");
  CHECK(body.at("scope") == "500112101001");
  CHECK(body.at("next") == 1);
  CHECK(body.at("more") == false);
  CHECK(body.at("entries").at(0).at("data").at("title") == "引号\"与\\反斜杠\n换行");
  CHECK(body.at("entries").at(0).at("at") == "2026-03-01T06:05:00Z");

  const json snap = json::parse(render_snapshot(read_snapshot(store.db(), Stream::People, "500112101001"),
                                                Stream::People, "500112101001", store.log_id()));
  CHECK(snap.at("log_id") == store.log_id());
  CHECK(snap.at("type") == "snapshot");
  CHECK(snap.at("stream") == "people");
  CHECK(snap.at("entries").empty());
}

TEST_CASE("bodies are laid out byte for byte as the protocol says, log_id right after format", "[change_log]") {
  const std::string id = "3f8a5c0e9b1d47e2a6c4f0d8b2e19a57";
  ChangesPage page;
  page.after = 1185;
  page.next = 1188;
  page.head = 1188;
  page.entries = {R"({"seq":1186})", R"({"seq":1188})"};
  CHECK(render_changes(page, Stream::Public, "500112101201", id) ==
        "{\"format\":\"sunlight-feed/1\",\"log_id\":\"3f8a5c0e9b1d47e2a6c4f0d8b2e19a57\",\"type\":\"changes\","
        "\"stream\":\"public\",\"scope\":\"500112101201\",\"after\":1185,\"next\":1188,\"head\":1188,"
        "\"more\":false,\"entries\":[{\"seq\":1186},\n{\"seq\":1188}]}\n");
  page.more = true;
  page.entries.clear();
  CHECK(render_changes(page, Stream::People, "500112101201", id, R"({"alg":"argon2id13"})") ==
        "{\"format\":\"sunlight-feed/1\",\"log_id\":\"3f8a5c0e9b1d47e2a6c4f0d8b2e19a57\",\"type\":\"changes\","
        "\"stream\":\"people\",\"scope\":\"500112101201\",\"after\":1185,\"next\":1188,\"head\":1188,"
        "\"more\":true,\"seal\":{\"alg\":\"argon2id13\"},\"entries\":[]}\n");
  Snapshot snap;
  snap.as_of = 1185;
  snap.entries = {R"({"seq":1})"};
  CHECK(render_snapshot(snap, Stream::Public, "500112101201", id) ==
        "{\"format\":\"sunlight-feed/1\",\"log_id\":\"3f8a5c0e9b1d47e2a6c4f0d8b2e19a57\",\"type\":\"snapshot\","
        "\"stream\":\"public\",\"scope\":\"500112101201\",\"as_of\":1185,\"entries\":[{\"seq\":1}]}\n");

  // Anything but a log id (a seal object passed in its place, an empty string) is refused.
  CHECK_THROWS_AS(render_changes(page, Stream::People, "500112101201", R"({"alg":"argon2id13"})"), std::invalid_argument);
  CHECK_THROWS_AS(render_snapshot(snap, Stream::Public, "500112101201", ""), std::invalid_argument);
  CHECK_THROWS_AS(render_snapshot(snap, Stream::Public, "500112101201", "3F8A5C0E9B1D47E2A6C4F0D8B2E19A57"),
                  std::invalid_argument);
}

TEST_CASE("the signature test vector of docs/feed-protocol.md 5.6", "[change_log]") {
  std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<unsigned char>(i);
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> sk{};
  core::crypto_init();
  REQUIRE(crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data()) == 0);
  const auto key = core::SigningKey::parse("ed25519-secret:" + core::to_base64(std::span<const unsigned char>(sk)));
  REQUIRE(key);
  CHECK(key->public_key().to_text() == "ed25519:A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=");

  ChangesPage page;
  page.after = page.next = page.head = 1188;
  const auto body = render_changes(page, Stream::Public, "500112101201", "3f8a5c0e9b1d47e2a6c4f0d8b2e19a57");
  CHECK(body ==
        R"({"format":"sunlight-feed/1","log_id":"3f8a5c0e9b1d47e2a6c4f0d8b2e19a57","type":"changes","stream":"public",)"
        R"("scope":"500112101201","after":1188,"next":1188,"head":1188,"more":false,"entries":[]})"
        "\n");
  CHECK(body.size() == 194);
  CHECK(key->sign_base64(body) == kVectorSignature);
}
