// Tests for feed/metrics: the exact Prometheus lines, histogram consistency, escaping, and exact counts under threads.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "feed/metrics.hpp"

using sunlight::feed::Metrics;

namespace {

const std::vector<std::string> kRoutes{"/v1/feed/{scope}/changes", "/v1/terminals/heartbeat", "/metrics"};

// The lines of a rendered page that start with `prefix`, in order.
std::vector<std::string> lines_starting(const std::string& page, std::string_view prefix) {
  std::vector<std::string> found;
  std::istringstream in(page);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with(prefix)) found.push_back(line);
  return found;
}

bool has_line(const std::string& page, std::string_view line) {
  std::istringstream in(page);
  for (std::string l; std::getline(in, l);)
    if (l == line) return true;
  return false;
}

// The value at the end of a sample line.
std::uint64_t count_in(const std::string& line) { return std::stoull(line.substr(line.rfind(' ') + 1)); }

}  // namespace

TEST_CASE("routes are looked up by template, anything else is \"other\"", "[metrics]") {
  const Metrics metrics(kRoutes);
  CHECK(metrics.route_index_of("/v1/feed/{scope}/changes") == 0);
  CHECK(metrics.route_index_of("/metrics") == 2);
  CHECK(metrics.route_index_of("/v1/feed/500112/changes") == Metrics::kOther);
  CHECK(metrics.route_index_of("other") == Metrics::kOther);
  CHECK(metrics.route_index_of("") == Metrics::kOther);
  CHECK_THROWS_AS(Metrics({"/a", "/a"}), std::invalid_argument);
  CHECK_THROWS_AS(Metrics({"other"}), std::invalid_argument);
}

TEST_CASE("a few requests render as exact lines", "[metrics]") {
  Metrics metrics(kRoutes);
  const auto changes = metrics.route_index_of("/v1/feed/{scope}/changes");
  metrics.record(changes, 200, 0.002);
  metrics.record(changes, 304, 0.0004);
  metrics.record(changes, 304, 0.0005);  // on a bound: counted in that bucket (le = less or equal)
  metrics.record(metrics.route_index_of("/v1/terminals/heartbeat"), 204, 0.03);

  const std::string expected_counters =
      "# HELP sunlight_http_requests_total HTTP requests answered, by route template and status code.\n"
      "# TYPE sunlight_http_requests_total counter\n"
      "sunlight_http_requests_total{route=\"/v1/feed/{scope}/changes\",status=\"200\"} 1\n"
      "sunlight_http_requests_total{route=\"/v1/feed/{scope}/changes\",status=\"304\"} 2\n"
      "sunlight_http_requests_total{route=\"/v1/terminals/heartbeat\",status=\"204\"} 1\n";
  const std::string expected_changes_histogram =
      "sunlight_http_request_duration_seconds_bucket{route=\"/v1/feed/{scope}/changes\",le=\"0.0005\"} 2\n"
      "sunlight_http_request_duration_seconds_bucket{route=\"/v1/feed/{scope}/changes\",le=\"0.001\"} 2\n"
      "sunlight_http_request_duration_seconds_bucket{route=\"/v1/feed/{scope}/changes\",le=\"0.0025\"} 3\n"
      "sunlight_http_request_duration_seconds_bucket{route=\"/v1/feed/{scope}/changes\",le=\"0.005\"} 3\n"
      "sunlight_http_request_duration_seconds_bucket{route=\"/v1/feed/{scope}/changes\",le=\"0.01\"} 3\n"
      "sunlight_http_request_duration_seconds_bucket{route=\"/v1/feed/{scope}/changes\",le=\"0.025\"} 3\n"
      "sunlight_http_request_duration_seconds_bucket{route=\"/v1/feed/{scope}/changes\",le=\"0.05\"} 3\n"
      "sunlight_http_request_duration_seconds_bucket{route=\"/v1/feed/{scope}/changes\",le=\"0.1\"} 3\n"
      "sunlight_http_request_duration_seconds_bucket{route=\"/v1/feed/{scope}/changes\",le=\"0.25\"} 3\n"
      "sunlight_http_request_duration_seconds_bucket{route=\"/v1/feed/{scope}/changes\",le=\"0.5\"} 3\n"
      "sunlight_http_request_duration_seconds_bucket{route=\"/v1/feed/{scope}/changes\",le=\"1\"} 3\n"
      "sunlight_http_request_duration_seconds_bucket{route=\"/v1/feed/{scope}/changes\",le=\"2.5\"} 3\n"
      "sunlight_http_request_duration_seconds_bucket{route=\"/v1/feed/{scope}/changes\",le=\"5\"} 3\n"
      "sunlight_http_request_duration_seconds_bucket{route=\"/v1/feed/{scope}/changes\",le=\"10\"} 3\n"
      "sunlight_http_request_duration_seconds_bucket{route=\"/v1/feed/{scope}/changes\",le=\"+Inf\"} 3\n"
      "sunlight_http_request_duration_seconds_sum{route=\"/v1/feed/{scope}/changes\"} 0.0029\n"
      "sunlight_http_request_duration_seconds_count{route=\"/v1/feed/{scope}/changes\"} 3\n";

  const std::string page = metrics.render();
  INFO(page);
  CHECK(page.starts_with(expected_counters +
                         "# HELP sunlight_http_request_duration_seconds Time to answer an HTTP request, by route "
                         "template.\n# TYPE sunlight_http_request_duration_seconds histogram\n" +
                         expected_changes_histogram));
  CHECK(has_line(page, "sunlight_http_request_duration_seconds_bucket{route=\"/v1/terminals/heartbeat\",le=\"0.025\"} 0"));
  CHECK(has_line(page, "sunlight_http_request_duration_seconds_bucket{route=\"/v1/terminals/heartbeat\",le=\"0.05\"} 1"));
  CHECK(has_line(page, "sunlight_http_request_duration_seconds_sum{route=\"/v1/terminals/heartbeat\"} 0.03"));
  // Zero counters and routes that saw nothing are left out.
  CHECK(page.find("/metrics") == std::string::npos);
  CHECK(page.find("status=\"500\"") == std::string::npos);
  CHECK(page.find("route=\"other\"") == std::string::npos);
  CHECK(page.ends_with("\n"));
}

TEST_CASE("an empty page still names both families", "[metrics]") {
  const Metrics metrics({});
  CHECK(metrics.render() ==
        "# HELP sunlight_http_requests_total HTTP requests answered, by route template and status code.\n"
        "# TYPE sunlight_http_requests_total counter\n"
        "# HELP sunlight_http_request_duration_seconds Time to answer an HTTP request, by route template.\n"
        "# TYPE sunlight_http_request_duration_seconds histogram\n");
}

TEST_CASE("unknown routes and unusual status codes are counted as \"other\"", "[metrics]") {
  Metrics metrics(kRoutes);
  metrics.record(Metrics::kOther, 404, 0.001);
  metrics.record(metrics.route_index_of("/wp-login.php"), 404, 0.001);
  metrics.record(99, 200, 0.001);  // an index out of range is a bug, not a crash
  metrics.record(0, 418, 0.001);
  metrics.record(0, 302, 0.001);
  metrics.record(0, -1, 0.001);
  const std::string page = metrics.render();
  INFO(page);
  CHECK(has_line(page, "sunlight_http_requests_total{route=\"other\",status=\"404\"} 2"));
  CHECK(has_line(page, "sunlight_http_requests_total{route=\"other\",status=\"200\"} 1"));
  CHECK(has_line(page, "sunlight_http_requests_total{route=\"/v1/feed/{scope}/changes\",status=\"other\"} 3"));
  CHECK(has_line(page, "sunlight_http_request_duration_seconds_count{route=\"other\"} 3"));
  // Every status of the fixed set is its own series.
  for (const int status : Metrics::kStatuses) metrics.record(1, status, 0.001);
  const std::string all = metrics.render();
  for (const int status : Metrics::kStatuses)
    CHECK(has_line(all, "sunlight_http_requests_total{route=\"/v1/terminals/heartbeat\",status=\"" +
                            std::to_string(status) + "\"} 1"));
}

TEST_CASE("histogram buckets are cumulative and end at _count", "[metrics]") {
  Metrics metrics({"/r"});
  const std::vector<double> durations{0,     0.0001, 0.0007, 0.001, 0.003, 0.02, 0.07, 0.2,   0.3,
                                      0.9,   1.0,    2,      3,     7,     10,   11,   3600,  1e300,
                                      -1.0,  std::numeric_limits<double>::quiet_NaN(),
                                      std::numeric_limits<double>::infinity()};
  for (const double d : durations) metrics.record(0, 200, d);
  const std::string page = metrics.render();
  INFO(page);
  const auto buckets = lines_starting(page, "sunlight_http_request_duration_seconds_bucket{route=\"/r\"");
  REQUIRE(buckets.size() == Metrics::kBuckets.size() + 1);
  std::uint64_t previous = 0;
  for (const auto& line : buckets) {
    CHECK(count_in(line) >= previous);
    previous = count_in(line);
  }
  CHECK(buckets.back() == "sunlight_http_request_duration_seconds_bucket{route=\"/r\",le=\"+Inf\"} " +
                              std::to_string(durations.size()));
  CHECK(has_line(page, "sunlight_http_request_duration_seconds_count{route=\"/r\"} " + std::to_string(durations.size())));
  // 0, 0.0001, -1 and NaN are at most 0.5 ms; 10 s is in the le="10" bucket, 11 s and beyond only in +Inf.
  CHECK(count_in(buckets.front()) == 4);
  CHECK(count_in(buckets[buckets.size() - 2]) == durations.size() - 4);
}

TEST_CASE("label values are escaped as the text format requires", "[metrics]") {
  CHECK(sunlight::feed::escape_label_value("plain /v1/{x}") == "plain /v1/{x}");
  CHECK(sunlight::feed::escape_label_value("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
  CHECK(Metrics::label("state", "on\"line") == "state=\"on\\\"line\"");

  Metrics metrics({"/odd\"route\\\n"});
  metrics.record(0, 200, 0.001);
  const std::string page = metrics.render();
  INFO(page);
  CHECK(has_line(page, "sunlight_http_requests_total{route=\"/odd\\\"route\\\\\\n\",status=\"200\"} 1"));
  CHECK(lines_starting(page, "sunlight_http_request_duration_seconds_count{route=\"/odd\\\"route\\\\\\n\"}").size() == 1);
}

TEST_CASE("gauges render with HELP and TYPE, sorted, as last set", "[metrics]") {
  Metrics metrics({});
  metrics.describe_gauge("sunlight_terminals", "Terminals by state of their last heartbeat.\nSee docs\\ops.");
  metrics.set_gauge("sunlight_terminals", Metrics::label("state", "online"), 12);
  metrics.set_gauge("sunlight_terminals", Metrics::label("state", "offline"), 3);
  metrics.set_gauge("sunlight_terminals", Metrics::label("state", "online"), 11);  // replaces 12
  metrics.set_gauge("sunlight_feed_seq", "", 123456789);
  metrics.set_gauge("sunlight_clock_skew_seconds", "", 0.25);
  metrics.set_gauge("sunlight_odd", "a=\"1\",b=\"x\\\"y\"", std::numeric_limits<double>::quiet_NaN());
  metrics.set_gauge("sunlight_odd", "a=\"2\"", std::numeric_limits<double>::infinity());
  metrics.set_gauge("sunlight_odd", "a=\"3\"", -std::numeric_limits<double>::infinity());

  const std::string page = metrics.render();
  const auto gauges = page.substr(page.find("# TYPE sunlight_clock_skew_seconds"));
  CHECK(gauges ==
        "# TYPE sunlight_clock_skew_seconds gauge\n"
        "sunlight_clock_skew_seconds 0.25\n"
        "# TYPE sunlight_feed_seq gauge\n"
        "sunlight_feed_seq 123456789\n"
        "# TYPE sunlight_odd gauge\n"
        "sunlight_odd{a=\"1\",b=\"x\\\"y\"} NaN\n"
        "sunlight_odd{a=\"2\"} +Inf\n"
        "sunlight_odd{a=\"3\"} -Inf\n"
        "# HELP sunlight_terminals Terminals by state of their last heartbeat.\\nSee docs\\\\ops.\n"
        "# TYPE sunlight_terminals gauge\n"
        "sunlight_terminals{state=\"offline\"} 3\n"
        "sunlight_terminals{state=\"online\"} 11\n");
}

TEST_CASE("malformed gauge names and labels are refused before they break the page", "[metrics]") {
  Metrics metrics({});
  CHECK_THROWS_AS(metrics.set_gauge("", "", 1), std::invalid_argument);
  CHECK_THROWS_AS(metrics.set_gauge("9lives", "", 1), std::invalid_argument);
  CHECK_THROWS_AS(metrics.set_gauge("has space", "", 1), std::invalid_argument);
  CHECK_THROWS_AS(metrics.describe_gauge("bad-name", "x"), std::invalid_argument);
  for (const std::string_view labels : {"state", "state=online", "state=\"online", "state=\"a\"b=\"c\"",
                                        "state=\"a\",", "=\"a\"", "st:ate=\"a\"", "s=\"a\nb\"", "s=\"\\x\""}) {
    INFO(labels);
    CHECK_THROWS_AS(metrics.set_gauge("sunlight_ok", labels, 1), std::invalid_argument);
  }
  CHECK_NOTHROW(metrics.set_gauge("sunlight:ok_total", "a=\"\",_b=\"\\\\\\n\\\"\"", 1));
  CHECK(metrics.render().find("sunlight_ok ") == std::string::npos);
}

TEST_CASE("8 threads recording at once lose no count", "[metrics]") {
  Metrics metrics({"/a", "/b"});
  constexpr int kThreads = 8;
  constexpr int kRecords = 100'000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&metrics, t] {
      for (int i = 0; i < kRecords; ++i) {
        // Half on one shared route and status, the rest spread, so both contention and
        // distinct counters are exercised. 1 ms exactly: the sum must come out exact too.
        const std::size_t route = i % 2 == 0 ? 0 : static_cast<std::size_t>(1 + (i + t) % 2);
        metrics.record(route == 2 ? Metrics::kOther : route, i % 4 == 1 ? 304 : 200, 0.001);
      }
    });
  }
  for (auto& thread : threads) thread.join();

  const std::string page = metrics.render();
  INFO(page);
  std::uint64_t requests = 0;
  for (const auto& line : lines_starting(page, "sunlight_http_requests_total{")) requests += count_in(line);
  CHECK(requests == std::uint64_t{kThreads} * kRecords);
  std::uint64_t histogram = 0;
  for (const auto& line : lines_starting(page, "sunlight_http_request_duration_seconds_count{")) histogram += count_in(line);
  CHECK(histogram == std::uint64_t{kThreads} * kRecords);
  CHECK(has_line(page, "sunlight_http_requests_total{route=\"/a\",status=\"200\"} 400000"));
  CHECK(has_line(page, "sunlight_http_request_duration_seconds_count{route=\"/a\"} 400000"));
  CHECK(has_line(page, "sunlight_http_request_duration_seconds_sum{route=\"/a\"} 400"));
  CHECK(has_line(page, "sunlight_http_request_duration_seconds_bucket{route=\"/a\",le=\"0.001\"} 400000"));
}
