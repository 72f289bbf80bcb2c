// The terminal config and the free port the sync tests share.
#include "sync_fixture.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace sunlight::sync::testing {

int unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("bind failed");
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

SyncConfig terminal_config(const feed::testing::FeedFixture& fixture, const std::string& url,
                           const std::filesystem::path& data_dir, TerminalKind kind) {
  SyncConfig config;
  config.kind = kind;
  config.feed_url = url;
  config.scope = kind == TerminalKind::Kiosk ? fixture.village : fixture.town;
  config.device_token = kind == TerminalKind::Kiosk ? fixture.kiosk_token : fixture.display_token;
  config.public_key = fixture.public_key;
  config.data_dir = data_dir;
  config.poll_interval = std::chrono::milliseconds(100);
  config.people_poll_interval = std::chrono::milliseconds(100);
  config.heartbeat_interval = std::chrono::milliseconds(60'000);
  config.connect_timeout = std::chrono::milliseconds(2'000);
  config.total_timeout = std::chrono::milliseconds(10'000);
  config.version = "sunlight-sync-test 0.1.0";
  return config;
}

}  // namespace sunlight::sync::testing
