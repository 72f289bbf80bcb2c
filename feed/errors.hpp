// The one error type the feed's request handlers throw; the server turns it into a JSON reply.
#pragma once

#include <stdexcept>
#include <string>

namespace sunlight::feed {

// `status` is the HTTP status (400 bad field, 401 no or bad token, 403 wrong region or role, 404
// unknown thing, 409 conflict, 413 too big, 429 locked); `error` a stable machine word ("bad_field",
// "forbidden", "stale_revision" …); `detail` a sentence for the person at the other end.
// The server replies {"error": error, "detail": detail}, with `Retry-After: retry_after` when that
// is above zero. The CLI prints detail on stderr.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string error, std::string detail)
      : std::runtime_error(detail), status_(status), error_(std::move(error)), detail_(std::move(detail)) {}
  ApiError(int status, std::string error, std::string detail, long long retry_after_seconds)
      : ApiError(status, std::move(error), std::move(detail)) {
    retry_after_ = retry_after_seconds;
  }
  [[nodiscard]] int status() const noexcept { return status_; }
  [[nodiscard]] const std::string& error() const noexcept { return error_; }
  [[nodiscard]] const std::string& detail() const noexcept { return detail_; }
  [[nodiscard]] long long retry_after() const noexcept { return retry_after_; }  // seconds; 0: none

 private:
  int status_;
  std::string error_;
  std::string detail_;
  long long retry_after_ = 0;
};

}  // namespace sunlight::feed
