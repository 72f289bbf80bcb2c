// FaultProxy: a POSIX accept loop reading one request per connection, forwarding it with cpp-httplib's client.
#include "fault_proxy.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <stdexcept>

#include <httplib.h>

#include "core/signing.hpp"

namespace sunlight::sync::testing {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
constexpr std::size_t kRecorded = 16;
constexpr auto kMaxHang = 60s;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Reads one request; nullopt when the client closed, stalled past the socket timeout or sent
// something that is not HTTP/1.1 with an optional Content-Length body.
std::optional<FaultProxy::Request> read_request(int fd) {
  std::string buffer;
  std::size_t header_end = std::string::npos;
  char chunk[8192];
  while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (buffer.size() > kMaxHeaderBytes) return std::nullopt;
    const auto n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return std::nullopt;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  FaultProxy::Request request;
  std::string_view head(buffer.data(), header_end);
  const auto line_end = head.find("\r\n");
  const auto request_line = head.substr(0, line_end);
  const auto sp1 = request_line.find(' ');
  const auto sp2 = request_line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 <= sp1) return std::nullopt;
  request.method = std::string(request_line.substr(0, sp1));
  request.target = std::string(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
  request.path = request.target.substr(0, request.target.find('?'));
  if (line_end != std::string_view::npos) {
    std::string_view rest = head.substr(line_end + 2);
    while (!rest.empty()) {
      const auto end = rest.find("\r\n");
      const auto line = rest.substr(0, end);
      if (const auto colon = line.find(':'); colon != std::string_view::npos)
        request.headers[lower(std::string(line.substr(0, colon)))] = trim(line.substr(colon + 1));
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 2);
    }
  }
  std::size_t length = 0;
  if (const auto it = request.headers.find("content-length"); it != request.headers.end()) {
    try {
      length = std::stoul(it->second);
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  request.body = buffer.substr(header_end + 4);
  while (request.body.size() < length) {
    const auto n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return std::nullopt;
    request.body.append(chunk, static_cast<std::size_t>(n));
  }
  request.body.resize(length);
  return request;
}

// `target` with its limit parameter, if any, replaced by `limit`.
std::string with_limit(const std::string& target, int limit) {
  const auto q = target.find('?');
  std::string out = target.substr(0, q) + "?limit=" + std::to_string(limit);
  if (q == std::string::npos) return out;
  std::string_view query(target);
  query.remove_prefix(q + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto param = query.substr(0, amp);
    if (!param.starts_with("limit=")) out += "&" + std::string(param);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 409: return "Conflict";
    case 429: return "Too Many Requests";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

// The status line and headers; Content-Length when `length` is given.
std::string head_of(const FaultProxy::Reply& reply, std::optional<std::size_t> length) {
  std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " " + reason(reply.status) + "\r\n";
  for (const auto& [name, value] : reply.headers) out += name + ": " + value + "\r\n";
  if (length) out += "Content-Length: " + std::to_string(*length) + "\r\n";
  out += "Connection: close\r\n\r\n";
  return out;
}

void remove_header(FaultProxy::Reply& reply, const std::string& name) {
  std::erase_if(reply.headers, [&](const auto& h) { return lower(h.first) == name; });
}

void set_header(FaultProxy::Reply& reply, const std::string& name, const std::string& value) {
  remove_header(reply, lower(name));
  reply.headers.emplace_back(name, value);
}

FaultProxy::Reply error_reply(int status, const std::string& error, const std::string& detail) {
  FaultProxy::Reply reply;
  reply.status = status;
  reply.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"Cache-Control", "no-store"}};
  reply.body = R"({"detail":")" + detail + R"(","error":")" + error + "\"}";
  return reply;
}

}  // namespace

FaultProxy::FaultProxy(int upstream_port) : upstream_port_(upstream_port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("fault proxy: socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 64) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("fault proxy: bind/listen on 127.0.0.1 failed");
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

FaultProxy::~FaultProxy() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
  ::close(listen_fd_);
}

void FaultProxy::set_mode(Mode mode, std::string only_paths_containing, int pass_first) {
  {
    std::lock_guard lock(mutex_);
    mode_ = mode;
    fault_paths_ = std::move(only_paths_containing);
    pass_first_ = pass_first;
    faults_ = 0;
  }
  changed_.notify_all();
}

void FaultProxy::set_retry_after(int seconds) {
  std::lock_guard lock(mutex_);
  retry_after_ = seconds;
}

void FaultProxy::set_page_limit(int entries) {
  std::lock_guard lock(mutex_);
  page_limit_ = entries;
}

void FaultProxy::set_upstream(int port) {
  std::lock_guard lock(mutex_);
  upstream_port_ = port;
}

void FaultProxy::set_route(Route route) {
  std::lock_guard lock(mutex_);
  route_ = std::move(route);
}

int FaultProxy::requests(const std::string& path) const {
  std::lock_guard lock(mutex_);
  const auto it = counts_.find(path);
  return it == counts_.end() ? 0 : it->second;
}

int FaultProxy::requests_containing(const std::string& fragment) const {
  std::lock_guard lock(mutex_);
  int n = 0;
  for (const auto& [path, count] : counts_)
    if (path.find(fragment) != std::string::npos) n += count;
  return n;
}

int FaultProxy::total_requests() const {
  std::lock_guard lock(mutex_);
  return total_;
}

int FaultProxy::faults_applied() const {
  std::lock_guard lock(mutex_);
  return faults_;
}

void FaultProxy::serve() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    try {
      handle(fd);
    } catch (const std::exception& e) {
      // A test's route that threw: the client sees its connection closed, the test its own failure.
      std::fprintf(stderr, "fault proxy: %s\n", e.what());
    }
    ::close(fd);
  }
}

void FaultProxy::handle(int fd) {
  Mode mode;
  {
    std::lock_guard lock(mutex_);
    mode = mode_;
    if (mode == Mode::Reset) ++faults_;
  }
  if (mode == Mode::Reset) {
    // A zero linger turns close() into a reset: the client sees its connection refused or torn down.
    linger l{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    return;
  }
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  auto request = read_request(fd);
  if (!request) return;

  Route route;
  std::string fault_paths;
  int upstream = 0;
  int retry_after = 0;
  int page_limit = 0;
  {
    std::unique_lock lock(mutex_);
    ++counts_[request->path];
    ++total_;
    if (mode_ == Mode::Hang) {
      ++faults_;
      changed_.wait_for(lock, kMaxHang, [this] { return stopping_ || mode_ != Mode::Hang; });
      return;  // never answered: the client gave up or the test moved on
    }
    mode = mode_;
    fault_paths = fault_paths_;
    route = route_;
    upstream = upstream_port_;
    retry_after = retry_after_;
    page_limit = page_limit_;
  }

  std::optional<Reply> reply;
  if (route) reply = route(*request);
  bool faulty = !reply && (fault_paths.empty() || request->path.find(fault_paths) != std::string::npos);
  if (!reply && faulty && (mode == Mode::Busy503 || mode == Mode::TooMany429)) {
    reply = mode == Mode::Busy503 ? error_reply(503, "busy", "the feed is busy") : error_reply(429, "too_many", "slow down");
    reply->headers.emplace_back("Retry-After", std::to_string(retry_after));
    std::lock_guard lock(mutex_);
    ++faults_;
  }
  if (!reply) {
    auto upstream_request = *request;
    if (page_limit > 0 && request->path.ends_with("/changes")) upstream_request.target = with_limit(request->target, page_limit);
    reply = forward(upstream_request, upstream);
    if (reply->status == 200 && faulty && mode != Mode::Pass) {
      std::lock_guard lock(mutex_);
      if (pass_first_ > 0) {
        --pass_first_;
        faulty = false;
      }
    }
    if (reply->status == 200 && faulty && mode != Mode::Pass) {
      apply_fault(mode, *request, *reply);
    } else if (reply->status == 200 && request->path.find("/changes") != std::string::npos) {
      std::lock_guard lock(mutex_);
      recorded_.emplace_back(request->target, *reply);
      // Keep a handful: the flapping tests run thousands of rounds.
      if (recorded_.size() > kRecorded) recorded_.erase(recorded_.begin());
    }
  }
  if (reply->drop) return;

  if (faulty && reply->status == 200 && (mode == Mode::CutBody || mode == Mode::CutBodyUnframed)) {
    const auto half = reply->body.substr(0, reply->body.size() / 2);
    const auto length = mode == Mode::CutBody ? std::optional<std::size_t>(reply->body.size()) : std::nullopt;
    if (send_all(fd, head_of(*reply, length))) send_all(fd, half);
    ::shutdown(fd, SHUT_WR);
    return;
  }
  const bool bodiless = reply->status == 304 || reply->status == 204;
  send_all(fd, head_of(*reply, bodiless ? std::nullopt : std::optional<std::size_t>(reply->body.size())) +
                   (bodiless ? std::string{} : reply->body));
  ::shutdown(fd, SHUT_WR);
}

FaultProxy::Reply FaultProxy::forward(const Request& request, int upstream_port) {
  httplib::Client client("127.0.0.1", upstream_port);
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(30, 0);
  client.set_decompress(false);
  httplib::Request out;
  out.method = request.method;
  out.path = request.target;
  for (const auto& [name, value] : request.headers) {
    if (name == "host" || name == "connection" || name == "accept-encoding" || name == "content-length" ||
        name == "expect" || name == "te")
      continue;
    out.headers.emplace(name, value);
  }
  // Identity bodies only: what the proxy flips or re-signs must be the bytes the signature covers.
  out.headers.emplace("Accept-Encoding", "identity");
  out.body = request.body;
  const auto result = client.send(out);
  if (!result) return error_reply(502, "bad_gateway", "the fault proxy could not reach the feed");
  Reply reply;
  reply.status = result->status;
  reply.body = result->body;
  for (const auto& [name, value] : result->headers) {
    const auto key = lower(name);
    if (key == "connection" || key == "keep-alive" || key == "transfer-encoding" || key == "content-length") continue;
    if (key == "content-encoding" && value != "identity")
      return error_reply(502, "bad_gateway", "the feed sent an encoded body to the fault proxy");
    reply.headers.emplace_back(name, value);
  }
  return reply;
}

void FaultProxy::apply_fault(Mode mode, const Request& request, Reply& reply) {
  bool applied = true;
  switch (mode) {
    case Mode::FlipByte:
      if (reply.body.empty()) {
        applied = false;
      } else {
        reply.body[reply.body.size() / 2] = static_cast<char>(reply.body[reply.body.size() / 2] ^ 0x01);
      }
      break;
    case Mode::ForeignSignature:
      set_header(reply, "X-Sunlight-Signature", core::SigningKey::generate().sign_base64(reply.body));
      break;
    case Mode::NoSignature:
      remove_header(reply, "x-sunlight-signature");
      break;
    case Mode::Replay: {
      std::lock_guard lock(mutex_);
      // The newest recorded reply of the same path that answered another query.
      const Reply* old = nullptr;
      for (auto it = recorded_.rbegin(); it != recorded_.rend() && old == nullptr; ++it)
        if (it->first != request.target && it->first.substr(0, it->first.find('?')) == request.path) old = &it->second;
      if (old == nullptr) {
        applied = false;
      } else {
        reply = *old;
      }
      break;
    }
    case Mode::CutBody:
    case Mode::CutBodyUnframed:
      break;  // done while sending
    default:
      applied = false;
  }
  if (applied) {
    std::lock_guard lock(mutex_);
    ++faults_;
  }
}

}  // namespace sunlight::sync::testing
