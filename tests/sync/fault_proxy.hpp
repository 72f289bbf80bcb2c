// A misbehaving HTTP proxy on 127.0.0.1 for the sync fault tests: forwards to a real feed and spoils replies on demand.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace sunlight::sync::testing {

// One connection at a time, one request per connection (every reply says Connection: close):
// a terminal makes one request at a time, and a single thread keeps the tests' thread counts
// steady. Bodies go upstream without Accept-Encoding, so every body the proxy sees and touches
// is the identity one the signature covers. All methods may be called from any thread.
class FaultProxy {
 public:
  enum class Mode {
    Pass,              // forward unchanged
    FlipByte,          // a 200 body with one byte flipped in the middle, signature kept
    ForeignSignature,  // a 200 body signed by a key nobody pinned
    NoSignature,       // a 200 body without X-Sunlight-Signature
    Replay,            // the last 200 recorded for another URL of the same path, signature and all
    CutBody,           // the headers with the full Content-Length, half the body, then the socket closed
    CutBodyUnframed,   // no Content-Length, half the body, then closed: the client cannot tell it was cut
    Reset,             // the connection reset as soon as it is accepted: "the network is down"
    Hang,              // the request read and never answered, until the mode changes
    Busy503,           // 503 busy with Retry-After (retry_after_seconds)
    TooMany429,        // 429 with Retry-After
  };

  struct Request {
    std::string method;
    std::string target;  // path and query, as sent
    std::string path;    // without the query
    std::map<std::string, std::string> headers;  // names lowercased
    std::string body;
  };

  struct Reply {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    bool drop = false;  // close the connection without answering (after the request was read)
  };

  // Answers some requests itself instead of forwarding them (a message sink, say). Returns
  // nullopt to let the request go on to the feed. Called on the proxy's thread.
  using Route = std::function<std::optional<Reply>(const Request&)>;

  explicit FaultProxy(int upstream_port);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  [[nodiscard]] int port() const noexcept { return port_; }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // The fault applies to requests whose path contains `only_paths_containing` ("" = every
  // request); the others pass. Reset and Hang apply before the request is read, so to every one.
  // The body faults spare the first `pass_first` matching 200s (the second page of a poll, say).
  void set_mode(Mode mode, std::string only_paths_containing = "", int pass_first = 0);
  // Changes requests go upstream with &limit=N (0: as the client asked), so a poll takes several
  // pages; the signed bodies do not name the limit.
  void set_page_limit(int entries);
  void set_retry_after(int seconds);
  void set_upstream(int port);
  void set_route(Route route);

  // Requests read so far, by path (without query), and in all.
  [[nodiscard]] int requests(const std::string& path) const;
  [[nodiscard]] int requests_containing(const std::string& fragment) const;
  [[nodiscard]] int total_requests() const;
  // Replies the current fault was applied to.
  [[nodiscard]] int faults_applied() const;

 private:
  void serve();
  void handle(int fd);
  Reply forward(const Request& request, int upstream_port);
  void apply_fault(Mode mode, const Request& request, Reply& reply);

  int listen_fd_ = -1;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  Mode mode_ = Mode::Pass;
  std::string fault_paths_;
  int pass_first_ = 0;
  int page_limit_ = 0;
  int retry_after_ = 7;
  int upstream_port_;
  Route route_;
  bool stopping_ = false;
  std::map<std::string, int> counts_;
  int total_ = 0;
  int faults_ = 0;
  // The last 200 replies to changes URLs, oldest first, with their targets: what Replay serves
  // for another target.
  std::vector<std::pair<std::string, Reply>> recorded_;
  std::thread thread_;
};

}  // namespace sunlight::sync::testing
