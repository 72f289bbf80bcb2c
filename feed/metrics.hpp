// Request counters, latency histograms and gauges for GET /metrics, in the Prometheus text format.
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sunlight::feed {

// What GET /metrics answers with as Content-Type (text exposition format 0.0.4).
inline constexpr std::string_view kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

// Per-route request counts by status code and latency histograms, plus a few gauges.
//
// Thread safety: record() and route_index_of() may be called from any number of threads at
// once; record() is a handful of relaxed atomic increments on a table fixed at construction,
// with no lock and no allocation, because every request of every worker passes through it.
// set_gauge(), describe_gauge() and render() take one mutex (they run a few times a minute)
// and may be called from any thread. render() reads the counters while they move: every
// line is a true value at some instant, and within one route's histogram the buckets, +Inf
// and _count always agree.
class Metrics {
 public:
  // Index of the "other" route, for requests that match no template (404s, scanners).
  static constexpr std::size_t kOther = std::numeric_limits<std::size_t>::max();

  // The route templates the server registers, e.g. "/v1/feed/{scope}/changes". "other" is
  // added after them. Throws std::invalid_argument on a duplicate or on "other" itself.
  explicit Metrics(std::vector<std::string> route_templates);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Counts one answered request. `route_index` comes from route_index_of(); kOther or any
  // index out of range counts as "other". Status codes outside the fixed set are counted as
  // status="other"; a negative or NaN duration counts as 0.
  void record(std::size_t route_index, int status, double seconds) noexcept;

  // The index of a template given to the constructor, or kOther. Look it up once per route
  // when registering handlers, not per request.
  [[nodiscard]] std::size_t route_index_of(std::string_view route_template) const noexcept;

  // Sets one gauge series, e.g. ("sunlight_terminals", label("state", "online"), 12). `labels`
  // is the inside of the braces, "" for none; build it with label() so values are escaped.
  // Throws std::invalid_argument on a name that is not a Prometheus metric name or on labels
  // that are not well-formed, so a bug cannot break the whole /metrics page.
  void set_gauge(std::string_view name, std::string_view labels, double value);
  // The # HELP text of a gauge; gauges without one get only # TYPE.
  void describe_gauge(std::string_view name, std::string_view help);

  // The whole page. Request counters are listed only where non-zero and histograms only for
  // routes that saw a request, to keep the page short; gauges are listed as last set.
  [[nodiscard]] std::string render() const;

  // `name="value"` with the value escaped as the format requires (\\, \", \n).
  [[nodiscard]] static std::string label(std::string_view name, std::string_view value);

  // The status codes counted one by one; others share status="other".
  static constexpr std::array<int, 16> kStatuses{200, 201, 204, 206, 304, 400, 401, 403,
                                                  404, 405, 409, 413, 415, 429, 500, 503};
  // Upper bounds of the latency buckets in seconds, +Inf not included.
  static constexpr std::array<double, 14> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                   0.1,    0.25,  0.5,    1,     2.5,  5,     10};

 private:
  struct RouteCounters;

  std::vector<std::string> routes_;  // the templates, then "other"
  std::unique_ptr<RouteCounters[]> counters_;  // one per entry of routes_

  mutable std::mutex gauge_mutex_;
  std::map<std::string, std::map<std::string, double>, std::less<>> gauges_;  // name → labels → value
  std::map<std::string, std::string, std::less<>> gauge_help_;
};

// `value` escaped for a label value: backslash, double quote and line feed get a backslash.
[[nodiscard]] std::string escape_label_value(std::string_view value);

}  // namespace sunlight::feed
