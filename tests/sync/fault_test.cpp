// The sync engine behind a misbehaving proxy: refused bodies, busy and rebuilt feeds, a full disk, a flapping network.
// Each case checks what an operator or a villager would: the replica kept its last good state, the
// status says why, and it recovers once the network is honest again (DESIGN invariants 3–6).
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "fault_proxy.hpp"
#include "feed/notices.hpp"
#include "feed/store.hpp"
#include "feed/users.hpp"
#include "sync/feed_sync.hpp"
#include "sync_fixture.hpp"
#include "temp_dir.hpp"

namespace sunlight::sync {
namespace {

using feed::testing::FeedFixture;
using sunlight::testing::TempDir;
using namespace testing;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Mode = FaultProxy::Mode;
using Connection = SyncStatus::Connection;

// A cadre of the fixture's village publishes notices through the functions the cadre API uses.
// Returns the feed's head afterwards.
std::int64_t publish_notices(const FeedFixture& fixture, const std::vector<std::string>& titles,
                             const std::string& body = "请各户派一人参加。") {
  feed::Store store(feed::store_file(fixture.dir).string());
  const auto session = feed::login(store.db(), fixture.cadre, fixture.cadre_password, "127.0.0.1", core::now_utc(),
                                   std::chrono::hours(1));
  for (const auto& title : titles) {
    feed::NoticeDraft draft;
    draft.region_code = fixture.village;
    draft.title = title;
    draft.body = body;
    (void)feed::create_notice(store.db(), session.user, draft, "127.0.0.1", core::now_utc());
  }
  return store.head_seq();
}

std::int64_t publish_notice(const FeedFixture& fixture, const std::string& title) {
  return publish_notices(fixture, {title});
}

std::int64_t feed_head(const FeedFixture& fixture) { return feed::Store(feed::store_file(fixture.dir).string()).head_seq(); }

// Waits until the running feed serves `head` (it re-reads its store's head every quarter second).
bool feed_serves(const RunningFeed& feed, std::int64_t head) {
  return eventually([&] {
    httplib::Client client("127.0.0.1", feed.port());
    const auto r = client.Get("/v1/info");
    return r && r->status == 200 && nlohmann::json::parse(r->body).value("head", std::int64_t{0}) >= head;
  });
}

bool has_notice(const TerminalData& data, const std::string& title) {
  for (const auto& n : data.notices)
    if (n.title == title) return true;
  return false;
}

// The cursors as the replica file holds them, read through a connection of our own: what a
// restarted terminal would continue from.
std::pair<std::int64_t, std::int64_t> cursors_on_disk(const std::filesystem::path& data_dir) {
  Replica replica(replica_file(data_dir).string(), Replica::Options{Replica::Mode::ReadOnly, 0});
  return {replica.stream_state(Stream::Public).cursor, replica.stream_state(Stream::People).cursor};
}

// What the feed recorded from the village kiosk's last heartbeat: what `sunlight-feed terminal
// list` shows an operator.
std::string reported_error(const FeedFixture& fixture) {
  feed::Store store(feed::store_file(fixture.dir).string());
  SQLite::Statement q(store.db(), "SELECT coalesce(last_error, '') FROM terminals WHERE kind = 'kiosk' AND scope = ?");
  q.bind(1, fixture.village);
  return q.executeStep() ? q.getColumn(0).getString() : std::string{};
}

// "Feed B was built with A's signing.key and knows A's terminals": a deployment rebuilt over its
// kept key (docs/feed-protocol.md §5.6), whose log has another log_id.
void rebuild_as(const FeedFixture& from, const FeedFixture& to) {
  std::filesystem::copy_file(from.dir / "signing.key", to.dir / "signing.key",
                             std::filesystem::copy_options::overwrite_existing);
  feed::Store store(feed::store_file(to.dir).string());
  SQLite::Statement attach(store.db(), "ATTACH DATABASE ? AS source");
  attach.bind(1, feed::store_file(from.dir).string());
  attach.exec();
  store.db().exec("DELETE FROM terminals; INSERT INTO terminals SELECT * FROM source.terminals");
  store.db().exec("DETACH DATABASE source");
}

// A field of /proc/self/status ("Threads", "VmRSS" in kB).
long proc_status(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with(field + ":")) return std::stol(line.substr(field.size() + 1));
  return -1;
}

// Samples data() on its own thread for as long as it lives, the way a frame would: did any
// snapshot the screens could have drawn lack the public data?
class FrameWatcher {
 public:
  explicit FrameWatcher(const FeedSync& sync)
      : thread_([this, &sync] {
          while (!stop_.load()) {
            if (!sync.data()->has_public) blank_.store(true);
            ++frames_;
            std::this_thread::sleep_for(1ms);
          }
        }) {}
  ~FrameWatcher() {
    stop_.store(true);
    thread_.join();
  }
  FrameWatcher(const FrameWatcher&) = delete;
  FrameWatcher& operator=(const FrameWatcher&) = delete;
  [[nodiscard]] bool saw_blank() const { return blank_.load(); }
  [[nodiscard]] long frames() const { return frames_.load(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<bool> blank_{false};
  std::atomic<long> frames_{0};
  std::thread thread_;
};

}  // namespace

TEST_CASE("a changes page flipped, signed by another key, unsigned, replayed or cut short is refused, the replica "
          "keeps its last good state, the error is counted and reported, and the notice arrives once the feed is "
          "honest",
          "[fault]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  FaultProxy proxy(feed.port());
  TempDir dir("fault-changes");
  auto config = terminal_config(fixture, proxy.url(), dir.path());
  config.heartbeat_interval = 0ms;  // every round reports its last_error, as the operator's list shows it
  FeedSync sync(config);
  REQUIRE(sync.run_round().ok);
  REQUIRE(sync.status()->bootstraps == 2);

  struct Fault {
    Mode mode;
    const char* name;
    const char* problem;
    const char* error;   // in last_error
    bool counted;        // a refused body (rejected_responses), not a failed transfer
  };
  const Fault faults[] = {
      {Mode::FlipByte, "one byte flipped", "rejected", "the signature does not match the pinned feed key", true},
      {Mode::ForeignSignature, "signed by another key", "rejected", "the signature does not match", true},
      {Mode::NoSignature, "no signature", "rejected", "the response is not signed", true},
      // Needs an earlier 200 of the changes URL: the first fault's recovery recorded one.
      {Mode::Replay, "an earlier page replayed", "rejected", "replayed", true},
      {Mode::CutBody, "server killed mid-response", "unreachable", "/changes?after=", false},
      {Mode::CutBodyUnframed, "cut short with no length to tell", "rejected", "the signature does not match", true},
  };
  int n = 0;
  for (const auto& fault : faults) {
    INFO(fault.name);
    const auto before = sync.status();
    const auto data_before = sync.data();
    const auto title = fmt::format("关于第{}次村民代表大会的通知", ++n);
    publish_notice(fixture, title);
    proxy.set_mode(fault.mode, "/changes");
    // Until the feed sees its new head (a quarter second) polls are 304s, which pass untouched.
    REQUIRE(eventually([&] {
      (void)sync.run_round();
      return proxy.faults_applied() > 0;
    }));
    // And again: it is refused every time, not once.
    const auto again = sync.run_round();
    CHECK_FALSE(again.ok);
    CHECK_FALSE(again.changed);
    CHECK(proxy.faults_applied() == 2);

    const auto status = sync.status();
    CHECK(status->problem == fault.problem);
    CHECK_THAT(status->last_error, Contains(fault.error));
    CHECK(status->connection == Connection::Offline);
    CHECK(status->has_data);
    CHECK(status->public_seq == before->public_seq);
    CHECK(status->people_seq == before->people_seq);
    CHECK(status->failed_rounds == before->failed_rounds + 2);
    CHECK(status->rejected_responses == before->rejected_responses + (fault.counted ? 2 : 0));
    CHECK(status->entries_applied == before->entries_applied);
    CHECK(cursors_on_disk(dir.path()) == std::pair{before->public_seq, before->people_seq});
    CHECK(sync.data() == data_before);  // not even a rebuilt snapshot: the screens keep what they had
    CHECK_FALSE(has_notice(*sync.data(), title));
    CHECK(reported_error(fixture) == status->last_error);

    proxy.set_mode(Mode::Pass);
    REQUIRE(eventually([&] { return sync.run_round().ok && has_notice(*sync.data(), title); }));
    const auto healed = sync.status();
    CHECK(healed->problem.empty());
    CHECK(healed->last_error.empty());
    CHECK(healed->connection == Connection::Online);
    CHECK(healed->public_seq > before->public_seq);
    CHECK(healed->bootstraps == 2);  // it caught up from its cursor: nothing made it start over
    CHECK(reported_error(fixture).empty());
  }
}

TEST_CASE("a first snapshot that is flipped, foreign-signed, unsigned or cut short leaves the terminal without data "
          "and saying why, a refused people snapshot still lets the public data through",
          "[fault]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  FaultProxy proxy(feed.port());
  TempDir dir("fault-snapshot");
  FeedSync sync(terminal_config(fixture, proxy.url(), dir.path()));

  struct Fault {
    Mode mode;
    const char* name;
    const char* problem;
  };
  const Fault faults[] = {
      {Mode::FlipByte, "one byte flipped", "rejected"},
      {Mode::ForeignSignature, "signed by another key", "rejected"},
      {Mode::NoSignature, "no signature", "rejected"},
      {Mode::CutBody, "server killed mid-response", "unreachable"},
      {Mode::CutBodyUnframed, "cut short with no length to tell", "rejected"},
  };
  std::uint64_t rejected = 0;
  for (const auto& fault : faults) {
    INFO(fault.name);
    proxy.set_mode(fault.mode, "/snapshot");
    const auto round = sync.run_round();
    CHECK_FALSE(round.ok);
    CHECK_FALSE(round.changed);
    CHECK(proxy.faults_applied() == 1);
    const auto status = sync.status();
    CHECK(status->problem == fault.problem);
    CHECK_FALSE(status->last_error.empty());
    CHECK_FALSE(status->has_data);
    CHECK_FALSE(status->people_ready);
    CHECK(status->public_seq == 0);
    CHECK(status->bootstraps == 0);
    CHECK(status->connection == Connection::Offline);
    if (fault.problem == std::string("rejected")) {
      ++rejected;
      CHECK_THAT(status->last_error, Contains("public snapshot refused"));
    }
    CHECK(status->rejected_responses == rejected);
    CHECK_FALSE(sync.data()->has_public);  // the screens say "no data yet", never half a snapshot
    CHECK(sync.data()->notices.empty());
  }

  // Only the people snapshot is spoiled: the public one is applied and shown, lookups wait.
  proxy.set_mode(Mode::FlipByte, "/people/snapshot");
  const auto half = sync.run_round();
  CHECK_FALSE(half.ok);
  CHECK(half.changed);
  CHECK(sync.status()->has_data);
  CHECK_FALSE(sync.status()->people_ready);
  CHECK(sync.status()->problem == "rejected");
  CHECK_THAT(sync.status()->last_error, Contains("people snapshot refused"));
  CHECK(sync.data()->has_public);
  CHECK_FALSE(sync.data()->has_people);
  CHECK(sync.status()->bootstraps == 1);

  proxy.set_mode(Mode::Pass);
  REQUIRE(sync.run_round().ok);
  CHECK(sync.status()->has_data);
  CHECK(sync.status()->people_ready);
  CHECK(sync.status()->problem.empty());
  CHECK(sync.status()->bootstraps == 2);
  CHECK(sync.data()->has_people);
  CHECK(sync.data()->person_count > 0);
}

TEST_CASE("503 and 429 with Retry-After: 7 give the round a retry_after of 7 s and the status server_error, the "
          "thread waits that long before asking again",
          "[fault]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  FaultProxy proxy(feed.port());
  TempDir dir("fault-busy");
  FeedSync sync(terminal_config(fixture, proxy.url(), dir.path()));
  proxy.set_retry_after(7);

  for (const auto mode : {Mode::Busy503, Mode::TooMany429}) {
    const auto code = mode == Mode::Busy503 ? "HTTP 503" : "HTTP 429";
    INFO(code);
    // Before the first snapshot: /v1/info is the request that meets it.
    proxy.set_mode(mode);
    const auto first = sync.run_round();
    CHECK_FALSE(first.ok);
    CHECK(first.retry_after == 7s);
    CHECK(sync.status()->problem == "server_error");
    CHECK_THAT(sync.status()->last_error, Contains(code));
    CHECK(sync.status()->connection == Connection::Offline);
    CHECK(sync.status()->rejected_responses == 0);  // a busy server is not a forger
    CHECK_FALSE(sync.status()->has_data);
  }

  proxy.set_mode(Mode::Pass);
  REQUIRE(sync.run_round().ok);
  const auto data = sync.data();
  const auto seq = sync.status()->public_seq;
  for (const auto mode : {Mode::Busy503, Mode::TooMany429}) {
    // Polling: the changes request meets it; the data stays.
    proxy.set_mode(mode, "/changes");
    const auto polled = sync.run_round();
    CHECK_FALSE(polled.ok);
    CHECK(polled.retry_after == 7s);
    CHECK(sync.status()->problem == "server_error");
    CHECK(sync.status()->public_seq == seq);
    CHECK(sync.data() == data);
  }

  // The thread honours it: with Retry-After: 4 it does not ask again within 3 s, where its own
  // back-off (2 s ± 20 %) alone would have.
  proxy.set_mode(Mode::Pass);
  REQUIRE(sync.run_round().ok);  // so the back-off starts again from its first step
  proxy.set_retry_after(4);
  proxy.set_mode(Mode::Busy503, "/changes");
  const int asked = proxy.requests_containing("/changes");
  sync.start();
  REQUIRE(eventually([&] { return proxy.requests_containing("/changes") > asked; }, 2.0));
  std::this_thread::sleep_for(3s);
  CHECK(proxy.requests_containing("/changes") == asked + 1);
  sync.stop();
  CHECK(sync.status()->problem == "server_error");
}

TEST_CASE("a poll of several pages cut on its second page keeps the first, committed, and refuses the second, the rest "
          "follows",
          "[fault]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  FaultProxy proxy(feed.port());
  TempDir dir("fault-pages");
  FeedSync sync(terminal_config(fixture, proxy.url(), dir.path()));
  REQUIRE(sync.run_round().ok);
  const auto before = sync.status();

  const auto first = publish_notice(fixture, "分页通知一");
  publish_notice(fixture, "分页通知二");
  const auto last = publish_notice(fixture, "分页通知三");
  REQUIRE(feed_serves(feed, last));
  // One entry a page; the public stream's second page comes back flipped.
  proxy.set_page_limit(1);
  proxy.set_mode(Mode::FlipByte, "/" + fixture.village + "/changes", 1);
  const auto round = sync.run_round();
  CHECK_FALSE(round.ok);
  REQUIRE(proxy.faults_applied() == 1);
  const auto status = sync.status();
  CHECK(status->problem == "rejected");
  CHECK(status->rejected_responses == before->rejected_responses + 1);
  // Each body commits on its own (DESIGN invariant 4): the first page is in, its cursor with it.
  CHECK(status->public_seq == first);
  CHECK(cursors_on_disk(dir.path()).first == first);

  proxy.set_mode(Mode::Pass);
  REQUIRE(sync.run_round().ok);
  CHECK(sync.status()->public_seq == last);
  CHECK(has_notice(*sync.data(), "分页通知一"));
  CHECK(has_notice(*sync.data(), "分页通知三"));
  CHECK(sync.status()->bootstraps == 2);
}

// Known bug (sync/feed_sync.cpp, run_round): data() is republished only when the round returns
// `changed`, and a round that fails after a page was committed never gets there.
TEST_CASE("a page committed in a round that then fails reaches the screens in that round", "[fault]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  FaultProxy proxy(feed.port());
  TempDir dir("fault-pages-shown");
  FeedSync sync(terminal_config(fixture, proxy.url(), dir.path()));
  REQUIRE(sync.run_round().ok);
  const auto cursor = sync.status()->public_seq;
  publish_notice(fixture, "分页通知一");
  const auto last = publish_notice(fixture, "分页通知二");
  REQUIRE(feed_serves(feed, last));
  proxy.set_page_limit(1);
  // The second page is cut mid-response, every time: a link that drops large replies.
  proxy.set_mode(Mode::CutBody, "/" + fixture.village + "/changes", 1);
  CHECK_FALSE(sync.run_round().ok);
  REQUIRE(proxy.faults_applied() == 1);
  REQUIRE(sync.status()->public_seq > cursor);  // the first page is committed
  // The replica holds the first notice; the screens should show what the replica holds, as they
  // would after a restart.
  CHECK(sync.data()->public_seq == sync.status()->public_seq);
  CHECK(has_notice(*sync.data(), "分页通知一"));
  CHECK(has_notice(*FeedSync(terminal_config(fixture, proxy.url(), dir.path())).data(), "分页通知一"));
}

TEST_CASE("a feed that signs with another key than the pinned one is never trusted: the terminal keeps its data and "
          "says key_mismatch",
          "[fault]") {
  FeedFixture a;
  FeedFixture b;  // its own key
  RunningFeed feed_a(a.dir);
  RunningFeed feed_b(b.dir);
  FaultProxy proxy(feed_a.port());
  TempDir dir("fault-other-key");
  {
    FeedSync sync(terminal_config(a, proxy.url(), dir.path()));
    REQUIRE(sync.run_round().ok);
    proxy.set_upstream(feed_b.port());
    publish_notice(b, "别处的通知");
    // Until its next /v1/info check, polls meet bodies the pinned key did not sign.
    REQUIRE(eventually([&] { return !sync.run_round().ok; }));
    CHECK(sync.status()->problem == "rejected");
    CHECK(sync.status()->has_data);
  }
  FeedSync sync(terminal_config(a, proxy.url(), dir.path()));
  const auto data = sync.data();
  const auto seq = sync.status()->public_seq;
  REQUIRE(data->has_public);
  for (int i = 0; i < 3; ++i) CHECK_FALSE(sync.run_round().ok);
  const auto status = sync.status();
  CHECK(status->problem == "key_mismatch");
  CHECK_FALSE(status->last_error.empty());
  CHECK(status->public_seq == seq);
  CHECK(status->bootstraps == 0);
  CHECK(sync.data() == data);
  CHECK_FALSE(has_notice(*sync.data(), "别处的通知"));
  CHECK(proxy.requests_containing("/snapshot") == 2);  // only the first terminal's bootstrap, from A
}

// Known bug (sync/feed_sync.cpp, check_info): any /v1/info whose signature fails is reported as
// key_mismatch ("this terminal's public_key does not match the feed"), even when the body names
// the pinned key or is not a feed reply at all; and it is not counted in rejected_responses.
TEST_CASE("an unsigned, foreign-signed or captive-portal /v1/info is refused as a bad response, not blamed on the "
          "terminal's key",
          "[fault]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  FaultProxy proxy(feed.port());
  TempDir dir("fault-info");
  FeedSync sync(terminal_config(fixture, proxy.url(), dir.path()));
  std::uint64_t refused = 0;
  for (const auto mode : {Mode::NoSignature, Mode::ForeignSignature}) {
    proxy.set_mode(mode, "/v1/info");
    CHECK_FALSE(sync.run_round().ok);
    REQUIRE(proxy.faults_applied() == 1);
    CHECK(sync.status()->problem == "rejected");
    CHECK(sync.status()->rejected_responses == ++refused);
    CHECK_FALSE(sync.status()->has_data);
  }
  // A network that answers every URL with its own login page (a captive portal).
  proxy.set_mode(Mode::Pass);
  proxy.set_route([](const FaultProxy::Request&) -> std::optional<FaultProxy::Reply> {
    return FaultProxy::Reply{200, {{"Content-Type", "text/html"}}, "<html><body>请先登录</body></html>", false};
  });
  CHECK_FALSE(sync.run_round().ok);
  CHECK(sync.status()->problem == "rejected");
  CHECK(sync.status()->rejected_responses == ++refused);
}

TEST_CASE("a Retry-After of 999999 s (11½ days) on an unsigned 503 is obeyed for 10 minutes at most", "[fault]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  FaultProxy proxy(feed.port());
  TempDir dir("fault-retry-after");
  FeedSync sync(terminal_config(fixture, proxy.url(), dir.path()));
  proxy.set_retry_after(999'999);
  proxy.set_mode(Mode::Busy503);
  const auto round = sync.run_round();
  CHECK_FALSE(round.ok);
  CHECK(round.retry_after == 10min);
  CHECK(sync.status()->problem == "server_error");
}

TEST_CASE("a terminal pointed at a rebuilt feed whose head is below its cursor (409) starts over from the new "
          "feed's snapshot, and its screens never go blank meanwhile",
          "[fault]") {
  FeedFixture a;
  FeedFixture b;
  rebuild_as(a, b);
  RunningFeed feed_a(a.dir);
  RunningFeed feed_b(b.dir);
  FaultProxy proxy(feed_a.port());
  TempDir dir("fault-409");
  FeedSync sync(terminal_config(a, proxy.url(), dir.path()));
  REQUIRE(sync.run_round().ok);

  // A moves on; B, the rebuilt one, has fewer entries.
  const auto head_a = publish_notices(a, {"甲村通知一", "甲村通知二", "甲村通知三", "甲村通知四"});
  const auto head_b = publish_notice(b, "重建后的通知");
  REQUIRE(head_b < head_a);
  REQUIRE(eventually([&] { return sync.run_round().ok && sync.status()->public_seq == head_a; }));
  REQUIRE(has_notice(*sync.data(), "甲村通知四"));
  const auto before = sync.status();

  FrameWatcher frames(sync);
  proxy.set_upstream(feed_b.port());
  REQUIRE(eventually([&] {
    (void)sync.run_round();
    return sync.status()->bootstraps == before->bootstraps + 2;
  }));
  // A few more rounds on the new feed, still watched.
  for (int i = 0; i < 3; ++i) CHECK(sync.run_round().ok);
  std::this_thread::sleep_for(20ms);
  CHECK_FALSE(frames.saw_blank());
  CHECK(frames.frames() > 10);

  const auto status = sync.status();
  CHECK(status->problem.empty());
  CHECK(status->connection == Connection::Online);
  CHECK(status->public_seq == head_b);
  CHECK(status->people_ready);
  CHECK(status->rejected_responses == before->rejected_responses);  // not an attack, a rebuild
  const auto data = sync.data();
  CHECK(data->has_public);
  CHECK(data->has_people);
  CHECK(has_notice(*data, "重建后的通知"));
  CHECK_FALSE(has_notice(*data, "甲村通知四"));  // a snapshot replaces: nothing of A's log is left
  CHECK(proxy.requests_containing("/snapshot") >= 4);  // two streams, two feeds
}

TEST_CASE("a feed wiped and initialised again with the same key and a head above the terminal's cursor is told apart "
          "by its log_id: the terminal starts over, also when its cursor equals the new head",
          "[fault]") {
  FeedFixture a;
  FeedFixture b;
  rebuild_as(a, b);
  RunningFeed feed_a(a.dir);
  RunningFeed feed_b(b.dir);
  FaultProxy proxy(feed_a.port());
  TempDir dir("fault-log-id");
  TempDir same_head_dir("fault-log-id-same-head");
  FeedSync sync(terminal_config(a, proxy.url(), dir.path()));
  REQUIRE(sync.run_round().ok);
  const auto cursor = sync.status()->public_seq;

  // B's log runs past the terminal's cursor: every seq the terminal would ask for exists there,
  // meaning something else. Only the log_id in B's bodies tells.
  std::int64_t head_b = 0;
  for (int i = 0; head_b <= cursor + 2; ++i) head_b = publish_notice(b, fmt::format("重建后的通知{}", i));
  const auto before = sync.status();
  FrameWatcher frames(sync);
  proxy.set_upstream(feed_b.port());
  REQUIRE(eventually([&] {
    (void)sync.run_round();
    return sync.status()->bootstraps == before->bootstraps + 2;
  }));
  CHECK(sync.run_round().ok);
  CHECK_FALSE(frames.saw_blank());
  auto status = sync.status();
  CHECK(status->problem.empty());
  CHECK(status->public_seq == head_b);
  CHECK(status->rejected_responses == before->rejected_responses);
  CHECK(has_notice(*sync.data(), "重建后的通知0"));
  CHECK(sync.data()->has_people);

  // A second terminal whose cursor is exactly B's head: B answers every poll 304, so only
  // /v1/info's log_id can tell it. It is read at start.
  std::int64_t head_a = feed_head(a);
  for (int i = 0; head_a < head_b; ++i) head_a = publish_notice(a, fmt::format("甲村通知{}", i));
  REQUIRE(head_a == head_b);
  {
    FeedSync on_a(terminal_config(a, feed_a.url(), same_head_dir.path()));
    REQUIRE(eventually([&] { return on_a.run_round().ok && on_a.status()->public_seq == head_a; }));
  }
  FeedSync restarted(terminal_config(a, feed_b.url(), same_head_dir.path()));
  CHECK(has_notice(*restarted.data(), "甲村通知0"));
  REQUIRE(restarted.run_round().ok);
  status = restarted.status();
  CHECK(status->bootstraps == 2);
  CHECK(status->public_seq == head_b);
  CHECK(has_notice(*restarted.data(), "重建后的通知0"));
  CHECK_FALSE(has_notice(*restarted.data(), "甲村通知0"));
}

TEST_CASE("the outbox under a flapping network: across a restart every message is delivered once per key, in order, "
          "whatever was lost on the way",
          "[fault]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  FaultProxy proxy(feed.port());
  TempDir dir("fault-outbox");

  // The message sink: POST /v1/test/messages, answered by a seeded coin.
  struct Seen {
    std::string key;
    std::string body;
    bool processed;
  };
  std::mutex mutex;
  std::vector<Seen> seen;
  std::mt19937 coin(20260301);
  proxy.set_route([&](const FaultProxy::Request& r) -> std::optional<FaultProxy::Reply> {
    if (r.path != "/v1/test/messages") return std::nullopt;
    std::lock_guard lock(mutex);
    const auto key = r.headers.count("idempotency-key") != 0 ? r.headers.at("idempotency-key") : std::string{};
    FaultProxy::Reply reply;
    switch (std::uniform_int_distribution<int>(0, 4)(coin)) {
      case 0:  // taken, but the acknowledgement is lost on the way back
        seen.push_back({key, r.body, true});
        reply.drop = true;
        break;
      case 1:  // the server is busy
        seen.push_back({key, r.body, false});
        reply.status = 503;
        reply.headers = {{"Retry-After", "1"}};
        reply.body = R"({"detail":"busy","error":"busy"})";
        break;
      case 2:  // the line drops before the server reads it
        seen.push_back({key, r.body, false});
        reply.drop = true;
        break;
      default:
        seen.push_back({key, r.body, true});
        reply.status = 201;
        reply.body = "{}";
    }
    return reply;
  });

  std::mt19937 network(7);
  std::vector<std::string> keys;
  const auto flap = [&](FeedSync& sync, int rounds) {
    for (int i = 0; i < rounds; ++i) {
      // One round in four the whole network is down.
      proxy.set_mode(std::uniform_int_distribution<int>(0, 3)(network) == 0 ? Mode::Reset : Mode::Pass);
      (void)sync.run_round();
    }
    proxy.set_mode(Mode::Pass);
  };
  const auto queue = [&](FeedSync& sync, int from, int to) {
    for (int i = from; i < to; ++i)
      keys.push_back(sync.queue_message("/v1/test/messages", fmt::format(R"({{"n":{}}})", i)));
  };
  {
    FeedSync sync(terminal_config(fixture, proxy.url(), dir.path()));
    queue(sync, 0, 25);
    flap(sync, 12);
    CHECK(sync.status()->outbox.pending > 0);  // some are still waiting when the kiosk restarts
    CHECK(sync.status()->outbox.sent > 0);
  }
  FeedSync sync(terminal_config(fixture, proxy.url(), dir.path()));
  CHECK(sync.status()->outbox.pending + sync.status()->outbox.sent == 25);
  queue(sync, 25, 50);
  for (int i = 0; i < 100 && sync.status()->outbox.pending > 0; ++i) flap(sync, 5);

  const auto status = sync.status();
  CHECK(status->outbox.pending == 0);
  CHECK(status->outbox.sent == 50);
  CHECK(status->outbox.refused == 0);
  REQUIRE(std::set<std::string>(keys.begin(), keys.end()).size() == 50);

  std::lock_guard lock(mutex);
  // The sink saw every message under its own key, in the order queued: once it has seen message
  // n it never sees an earlier one again (retries repeat the same key and body).
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < keys.size(); ++i) index[keys[i]] = i;
  std::size_t highest = 0;
  std::set<std::string> processed;
  std::vector<std::string> first_processed;
  for (const auto& s : seen) {
    REQUIRE(index.count(s.key) == 1);
    const auto i = index.at(s.key);
    CHECK(i >= highest);
    highest = std::max(highest, i);
    CHECK(s.body == fmt::format(R"({{"n":{}}})", i));
    if (s.processed && processed.insert(s.key).second) first_processed.push_back(s.key);
  }
  CHECK(processed.size() == 50);  // the server, deduplicating by key, holds each message once
  CHECK(first_processed == keys);
  CHECK(seen.size() > 50);  // the coin did make it retry
  CHECK(std::count_if(seen.begin(), seen.end(), [](const Seen& s) { return s.processed; }) > 50);  // lost acks
}

TEST_CASE("two minutes' worth of rounds on a flapping network: threads stay the same, memory does not grow",
          "[fault]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  FaultProxy proxy(feed.port());
  TempDir dir("fault-flapping");
  auto config = terminal_config(fixture, proxy.url(), dir.path());
  config.heartbeat_interval = 500ms;
  FeedSync sync(config);
  REQUIRE(sync.run_round().ok);
  sync.start();

  std::mt19937 network(11);
  std::uint64_t rounds_at_warm = 0;
  long threads_warm = 0;
  long rss_warm = 0;
  std::set<long> threads_seen;
  // 1,200 rounds: two minutes of polling at 100 ms; wake() cuts the back-off short.
  for (int i = 0; i <= 300 || sync.status()->rounds < rounds_at_warm + 1'200; ++i) {
    proxy.set_mode(std::uniform_int_distribution<int>(0, 2)(network) == 0 ? Mode::Reset : Mode::Pass);
    if (i % 7 == 0) (void)sync.queue_message("/v1/terminals/heartbeat", "{}");  // some outbox traffic too
    sync.wake();
    std::this_thread::sleep_for(2ms);
    if (i == 300) {
      rounds_at_warm = sync.status()->rounds;
      threads_warm = proc_status("Threads");
      rss_warm = proc_status("VmRSS");
    }
    if (i > 300) threads_seen.insert(proc_status("Threads"));
    REQUIRE(i < 100'000);
  }
  proxy.set_mode(Mode::Pass);
  const long rss_end = proc_status("VmRSS");
  INFO("VmRSS " << rss_warm << " kB after warm-up, " << rss_end << " kB after " << sync.status()->rounds << " rounds");
  CHECK(threads_seen == std::set<long>{threads_warm});
  CHECK(rss_end - rss_warm < 5 * 1024);
  REQUIRE(eventually([&] {
    sync.wake();
    return sync.status()->connection == Connection::Online && sync.status()->outbox.pending == 0;
  }));
  sync.stop();
}

TEST_CASE("a full disk: the next page does not fit, the status says so and the old data stays, with room again it "
          "catches up",
          "[fault]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  TempDir dir("fault-disk-full");
  const auto config = terminal_config(fixture, feed.url(), dir.path());
  {
    FeedSync sync(config);
    REQUIRE(sync.run_round().ok);
  }
  std::int64_t pages = 0;
  std::int64_t free_pages = 0;
  {
    Replica replica(replica_file(dir.path()).string());
    pages = replica.db().execAndGet("PRAGMA page_count").getInt64();
    free_pages = replica.db().execAndGet("PRAGMA freelist_count").getInt64();
  }
  // Room for a few pages more: the bootstrap fits, forty notices of 6,000 characters (~720 KB) do not.
  FeedSync::Options capped;
  capped.replica.max_page_count = pages + 4;
  REQUIRE(free_pages + 4 < 100);
  auto sync = std::make_unique<FeedSync>(config, capped);
  REQUIRE(sync->run_round().ok);
  const auto data = sync->data();
  const auto before = sync->status();

  std::vector<std::string> titles;
  for (int i = 0; i < 40; ++i) titles.push_back(fmt::format("长通知{}", i));
  std::string body;
  for (int i = 0; i < 6'000; ++i) body += "阳";
  publish_notices(fixture, titles, body);
  REQUIRE(eventually([&] { return !sync->run_round().ok; }));
  CHECK_FALSE(sync->run_round().ok);  // and it stays that way
  const auto status = sync->status();
  CHECK(status->problem == "replica");
  CHECK_THAT(status->last_error, Contains("disk is full"));
  CHECK(status->has_data);
  CHECK(status->public_seq == before->public_seq);
  CHECK(status->people_seq == before->people_seq);
  CHECK(status->rejected_responses == 0);
  CHECK(sync->data() == data);
  CHECK(sync->data()->has_public);
  CHECK_FALSE(has_notice(*sync->data(), "长通知0"));
  CHECK(cursors_on_disk(dir.path()) == std::pair{before->public_seq, before->people_seq});

  // Room again (a new process without the cap, as after the operator freed space).
  sync.reset();
  FeedSync roomy(config);
  CHECK(roomy.data()->has_public);
  REQUIRE(roomy.run_round().ok);
  CHECK(roomy.status()->problem.empty());
  CHECK(roomy.status()->public_seq > before->public_seq);
  CHECK(roomy.status()->bootstraps == 0);
  CHECK(has_notice(*roomy.data(), "长通知39"));
}

TEST_CASE("the network goes down under a running terminal: offline with the old data, online again by itself, "
          "stop() returns within 2 s while a request hangs",
          "[fault]") {
  FeedFixture fixture;
  RunningFeed feed(fixture.dir);
  FaultProxy proxy(feed.port());
  TempDir dir("fault-network-down");
  FeedSync sync(terminal_config(fixture, proxy.url(), dir.path()));
  sync.start();
  REQUIRE(eventually([&] { return sync.status()->people_ready && sync.status()->connection == Connection::Online; }));
  const auto data = sync.data();
  const auto seq = sync.status()->public_seq;

  proxy.set_mode(Mode::Reset);
  REQUIRE(eventually([&] { return sync.status()->connection == Connection::Offline; }, 5.0));
  auto status = sync.status();
  CHECK(status->problem == "unreachable");
  CHECK_FALSE(status->last_error.empty());
  CHECK(status->has_data);
  CHECK(status->public_seq == seq);
  CHECK(sync.data() == data);
  CHECK(sync.data()->has_public);

  // Back: within the first back-off steps (2 s, then 4 s, ±20 %), without a restart or a wake().
  proxy.set_mode(Mode::Pass);
  REQUIRE(eventually([&] { return sync.status()->connection == Connection::Online; }, 10.0));
  CHECK(sync.status()->problem.empty());
  CHECK(sync.data()->has_public);

  // A feed that accepts and never answers: stop() must not wait out the 10 s timeout.
  proxy.set_mode(Mode::Hang);
  REQUIRE(eventually([&] { return proxy.faults_applied() > 0; }, 5.0));
  const auto t0 = std::chrono::steady_clock::now();
  sync.stop();
  const auto took = std::chrono::steady_clock::now() - t0;
  CHECK(took < 2s);
  proxy.set_mode(Mode::Pass);
}

}  // namespace sunlight::sync
