// Prometheus metrics for the feed: a fixed table of atomic counters that 64 workers bump without a lock.
#include "feed/metrics.hpp"

#include <atomic>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace sunlight::feed {
namespace {

constexpr std::string_view kOtherRoute = "other";
constexpr std::size_t kStatusSlots = Metrics::kStatuses.size() + 1;  // the last is "other"
constexpr std::size_t kBucketSlots = Metrics::kBuckets.size() + 1;   // the last is above 10 s

// Durations are kept in integer nanoseconds: an atomic add on an integer is one instruction,
// where a double needs a compare-and-swap loop, and integer sums do not drift.
constexpr std::array<std::uint64_t, Metrics::kBuckets.size()> kBucketNanos = [] {
  std::array<std::uint64_t, Metrics::kBuckets.size()> nanos{};
  for (std::size_t i = 0; i < nanos.size(); ++i)
    nanos[i] = static_cast<std::uint64_t>(Metrics::kBuckets[i] * 1e9 + 0.5);
  return nanos;
}();
// Eleven days; a longer "duration" is a clock bug and must not overflow the sum.
constexpr double kMaxSeconds = 1e6;

std::uint64_t to_nanos(double seconds) noexcept {
  if (!(seconds > 0)) return 0;  // also NaN
  if (seconds > kMaxSeconds) seconds = kMaxSeconds;
  return static_cast<std::uint64_t>(seconds * 1e9 + 0.5);
}

std::size_t status_slot(int status) noexcept {
  for (std::size_t i = 0; i < Metrics::kStatuses.size(); ++i)
    if (Metrics::kStatuses[i] == status) return i;
  return Metrics::kStatuses.size();
}

std::size_t bucket_slot(std::uint64_t nanos) noexcept {
  for (std::size_t i = 0; i < kBucketNanos.size(); ++i)
    if (nanos <= kBucketNanos[i]) return i;
  return kBucketNanos.size();
}

// Go's ParseFloat, which Prometheus uses, reads these spellings and no others.
std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

std::string escape_help(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (const char c : help) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

bool is_name_start(char c, bool colon_ok) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon_ok && c == ':');
}
bool is_name_char(char c, bool colon_ok) noexcept { return is_name_start(c, colon_ok) || (c >= '0' && c <= '9'); }

// [a-zA-Z_:][a-zA-Z0-9_:]* for metric names; label names are the same without ':'.
bool is_valid_name(std::string_view name, bool colon_ok) noexcept {
  if (name.empty() || !is_name_start(name[0], colon_ok)) return false;
  for (const char c : name.substr(1))
    if (!is_name_char(c, colon_ok)) return false;
  return true;
}

// `a="x",b="y\"z"`: what label() writes, joined by commas; or "".
bool is_valid_label_list(std::string_view labels) noexcept {
  std::size_t pos = 0;
  while (pos < labels.size()) {
    if (pos > 0) {
      if (labels[pos] != ',') return false;
      ++pos;
    }
    const std::size_t eq = labels.find('=', pos);
    if (eq == std::string_view::npos || !is_valid_name(labels.substr(pos, eq - pos), false)) return false;
    pos = eq + 1;
    if (pos >= labels.size() || labels[pos] != '"') return false;
    ++pos;
    for (;;) {
      if (pos >= labels.size() || labels[pos] == '\n') return false;
      const char c = labels[pos++];
      if (c == '"') break;
      if (c == '\\') {
        if (pos >= labels.size()) return false;
        const char escaped = labels[pos++];
        if (escaped != '\\' && escaped != '"' && escaped != 'n') return false;
      }
    }
  }
  return true;
}

}  // namespace

// One route's counters, on cache lines of its own so that two busy routes do not slow each
// other down. Workers on one route do share its lines, but 20,000 requests/s is about 60,000
// atomic adds a second: a fraction of one core even when contended, so shards would buy nothing.
struct alignas(64) Metrics::RouteCounters {
  std::array<std::atomic<std::uint64_t>, kStatusSlots> by_status{};
  std::array<std::atomic<std::uint64_t>, kBucketSlots> by_bucket{};  // per bucket, not cumulative
  std::atomic<std::uint64_t> nanoseconds{0};
};

Metrics::Metrics(std::vector<std::string> route_templates) : routes_(std::move(route_templates)) {
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i] == kOtherRoute) throw std::invalid_argument("metrics: \"other\" is reserved for unmatched routes");
    for (std::size_t j = 0; j < i; ++j)
      if (routes_[j] == routes_[i]) throw std::invalid_argument("metrics: route listed twice: " + routes_[i]);
  }
  routes_.emplace_back(kOtherRoute);
  counters_ = std::make_unique<RouteCounters[]>(routes_.size());
}

Metrics::~Metrics() = default;

void Metrics::record(std::size_t route_index, int status, double seconds) noexcept {
  RouteCounters& route = counters_[route_index < routes_.size() ? route_index : routes_.size() - 1];
  const std::uint64_t nanos = to_nanos(seconds);
  // Relaxed: each counter only has to be exact in the end, not ordered against the others.
  route.by_status[status_slot(status)].fetch_add(1, std::memory_order_relaxed);
  route.by_bucket[bucket_slot(nanos)].fetch_add(1, std::memory_order_relaxed);
  route.nanoseconds.fetch_add(nanos, std::memory_order_relaxed);
}

std::size_t Metrics::route_index_of(std::string_view route_template) const noexcept {
  // A few dozen routes, looked up once each at start-up: a scan is enough.
  for (std::size_t i = 0; i + 1 < routes_.size(); ++i)
    if (routes_[i] == route_template) return i;
  return kOther;
}

void Metrics::set_gauge(std::string_view name, std::string_view labels, double value) {
  if (!is_valid_name(name, true)) throw std::invalid_argument("metrics: bad gauge name: " + std::string(name));
  if (!is_valid_label_list(labels)) throw std::invalid_argument("metrics: bad gauge labels: " + std::string(labels));
  const std::lock_guard lock(gauge_mutex_);
  auto series = gauges_.find(name);
  if (series == gauges_.end()) series = gauges_.emplace(std::string(name), std::map<std::string, double>{}).first;
  series->second.insert_or_assign(std::string(labels), value);
}

void Metrics::describe_gauge(std::string_view name, std::string_view help) {
  if (!is_valid_name(name, true)) throw std::invalid_argument("metrics: bad gauge name: " + std::string(name));
  const std::lock_guard lock(gauge_mutex_);
  gauge_help_.insert_or_assign(std::string(name), std::string(help));
}

std::string Metrics::render() const {
  std::string out;
  out.reserve(4096);
  auto it = std::back_inserter(out);

  std::vector<std::string> route_labels;
  route_labels.reserve(routes_.size());
  for (const auto& route : routes_) route_labels.push_back(label("route", route));

  fmt::format_to(it, "# HELP sunlight_http_requests_total HTTP requests answered, by route template and status code.\n"
                     "# TYPE sunlight_http_requests_total counter\n");
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    for (std::size_t s = 0; s < kStatusSlots; ++s) {
      const std::uint64_t n = counters_[r].by_status[s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      const std::string status = s < kStatuses.size() ? std::to_string(kStatuses[s]) : std::string(kOtherRoute);
      fmt::format_to(it, "sunlight_http_requests_total{{{},status=\"{}\"}} {}\n", route_labels[r], status, n);
    }
  }

  fmt::format_to(it, "# HELP sunlight_http_request_duration_seconds Time to answer an HTTP request, by route template.\n"
                     "# TYPE sunlight_http_request_duration_seconds histogram\n");
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    // One read of each bucket, then everything derived from those reads, so that the
    // cumulative buckets, +Inf and _count agree even while workers keep recording.
    std::array<std::uint64_t, kBucketSlots> seen{};
    for (std::size_t b = 0; b < kBucketSlots; ++b) seen[b] = counters_[r].by_bucket[b].load(std::memory_order_relaxed);
    std::uint64_t total = 0;
    for (const auto n : seen) total += n;
    if (total == 0) continue;
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += seen[b];
      fmt::format_to(it, "sunlight_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", route_labels[r],
                     kBuckets[b], cumulative);
    }
    fmt::format_to(it, "sunlight_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", route_labels[r], total);
    const auto nanos = counters_[r].nanoseconds.load(std::memory_order_relaxed);
    fmt::format_to(it, "sunlight_http_request_duration_seconds_sum{{{}}} {}\n", route_labels[r],
                   static_cast<double>(nanos) / 1e9);
    fmt::format_to(it, "sunlight_http_request_duration_seconds_count{{{}}} {}\n", route_labels[r], total);
  }

  const std::lock_guard lock(gauge_mutex_);
  for (const auto& [name, series] : gauges_) {
    if (const auto help = gauge_help_.find(name); help != gauge_help_.end())
      fmt::format_to(it, "# HELP {} {}\n", name, escape_help(help->second));
    fmt::format_to(it, "# TYPE {} gauge\n", name);
    for (const auto& [labels, value] : series) {
      if (labels.empty())
        fmt::format_to(it, "{} {}\n", name, format_value(value));
      else
        fmt::format_to(it, "{}{{{}}} {}\n", name, labels, format_value(value));
    }
  }
  return out;
}

std::string Metrics::label(std::string_view name, std::string_view value) {
  return fmt::format("{}=\"{}\"", name, escape_label_value(value));
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

}  // namespace sunlight::feed
