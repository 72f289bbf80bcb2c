// The terminal's HTTP client: one libcurl handle reused for keep-alive, with timeouts, TLS checks and a size cap.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sunlight::sync {

struct HttpOptions {
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds total_timeout{60'000};  // a district snapshot over a slow village line
  std::string ca_file;                              // "" = the system's CA store
  std::size_t max_body_bytes = std::size_t{512} << 20;  // after decompression; a district snapshot is ~42 MB
  std::string user_agent = "sunlight-sync";
  // When set and true, a transfer in progress is abandoned (TransportError) within about a
  // second: how a terminal shuts down without waiting out a slow snapshot.
  const std::atomic<bool>* cancel = nullptr;
};

// One response. Header names are lowercased; a repeated header keeps its last value.
struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;
  std::string body;  // decompressed when the server sent Content-Encoding: gzip

  [[nodiscard]] std::string header(std::string_view name) const;
};

// The request never got a complete HTTP response: refused connection, DNS, TLS, timeout, a body
// cut short or over the cap. what() is one line for a status screen or a heartbeat.
class TransportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Owns one curl easy handle, so consecutive requests to the same server reuse the connection.
// TLS peer and host verification are always on. Not thread-safe: one client per thread.
class HttpClient {
 public:
  explicit HttpClient(HttpOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Both throw TransportError. `headers` are full lines ("If-None-Match: \"12\"").
  HttpResponse get(const std::string& url, const std::vector<std::string>& headers = {});
  HttpResponse post(const std::string& url, std::string_view body, const std::vector<std::string>& headers = {});

  // Connections libcurl opened so far (keep-alive reuse keeps this at 1 against a healthy server).
  [[nodiscard]] long connections_opened() const noexcept { return connections_opened_; }
  [[nodiscard]] long requests_made() const noexcept { return requests_made_; }

 private:
  HttpResponse perform(const std::string& url, const std::vector<std::string>& headers);
  HttpOptions options_;
  void* curl_ = nullptr;  // CURL*, kept out of the header
  long connections_opened_ = 0;
  long requests_made_ = 0;
};

}  // namespace sunlight::sync
