// Running one of the project's programs from a test: posix_spawn with pipes, waiting for output, signals.
#pragma once

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <string>
#include <vector>

extern char** environ;

namespace sunlight::testing {

// A child process with pipes on stdin, stdout and stderr. Killed (SIGKILL) and reaped when
// destroyed, so a failing test never leaves a server running.
class Process {
 public:
  Process(const std::string& program, std::vector<std::string> args) {
    int in[2], out[2], err[2];
    REQUIRE(::pipe2(in, O_CLOEXEC) == 0);
    REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
    REQUIRE(::pipe2(err, O_CLOEXEC) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    std::vector<char*> argv;
    args.insert(args.begin(), program);
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    REQUIRE(posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    in_ = in[1];
    out_ = out[0];
    err_ = err[0];
  }
  ~Process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    for (int fd : {in_, out_, err_})
      if (fd >= 0) ::close(fd);
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  void write_stdin(const std::string& text) {
    REQUIRE(::write(in_, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  }
  void close_stdin() {
    ::close(in_);
    in_ = -1;
  }

  // Reads stdout (or stderr) until `pattern` matches what was read, or the timeout.
  std::smatch wait_for(const std::regex& pattern, bool from_stderr = false, std::chrono::seconds timeout = std::chrono::seconds(30)) {
    auto& buffer = from_stderr ? err_text_ : out_text_;
    const int fd = from_stderr ? err_ : out_;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::smatch m;
    while (!std::regex_search(buffer, m, pattern)) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) FAIL("timed out waiting for output; got: " << buffer);
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char chunk[4096];
      const auto n = ::read(fd, chunk, sizeof chunk);
      if (n <= 0) FAIL("the program closed its output; got: " << buffer);
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    return m;
  }

  // Waits for the exit; collects the rest of stdout and stderr. Returns the exit status, or
  // 128 + the signal.
  int wait() {
    if (in_ >= 0) close_stdin();
    drain(out_, out_text_);
    drain(err_, err_text_);
    if (pid_ > 0) {
      ::waitpid(pid_, &status_, 0);
      pid_ = -1;
    }
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
  }
  void signal(int sig) {
    if (pid_ > 0) ::kill(pid_, sig);
  }
  [[nodiscard]] pid_t pid() const noexcept { return pid_; }
  [[nodiscard]] bool running() {
    if (pid_ <= 0) return false;
    if (::waitpid(pid_, &status_, WNOHANG) == 0) return true;
    pid_ = -1;  // reaped: never signal or wait for that pid again
    return false;
  }
  [[nodiscard]] const std::string& out() const { return out_text_; }
  [[nodiscard]] const std::string& err() const { return err_text_; }

 private:
  static void drain(int fd, std::string& into) {
    char chunk[4096];
    for (ssize_t n; (n = ::read(fd, chunk, sizeof chunk)) > 0;) into.append(chunk, static_cast<std::size_t>(n));
  }
  pid_t pid_ = -1;
  int status_ = 0;
  int in_ = -1, out_ = -1, err_ = -1;
  std::string out_text_, err_text_;
};

// How a program run to the end went: exit status (128 + signal when killed) and its output.
struct Run {
  int status;
  std::string out, err;
};

// Runs `program` with `args`, `input` on its standard input, to the end.
inline Run run_program(const std::string& program, std::vector<std::string> args, const std::string& input = "") {
  Process p(program, std::move(args));
  if (!input.empty()) p.write_stdin(input);
  const int status = p.wait();
  return {status, p.out(), p.err()};
}

}  // namespace sunlight::testing

