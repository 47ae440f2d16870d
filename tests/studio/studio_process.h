// `sleet studio` run as a user runs it, in a directory, its address read from what it prints.
#pragma once

#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>

namespace sleet::testing {

// The binary running in `directory`, its standard output read until the address line;
// killed on destruction when still running.
class StudioProcess {
 public:
  StudioProcess(const std::string& arguments, const std::filesystem::path& directory) {
    int out[2];
    EXPECT_EQ(pipe(out), 0);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      int null = open("/dev/null", O_RDWR);
      dup2(null, 0);
      close(out[0]);
      std::string command =
          fmt::format("cd '{}' && exec '{}' {}", directory.string(), SLEET_BINARY, arguments);
      execl("/bin/sh", "sh", "-c", command.c_str(), nullptr);
      _exit(127);
    }
    close(out[1]);
    output_ = out[0];
    read_until_address();
  }
  ~StudioProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(output_);
  }

  // Sends `signal` and returns the exit status (-1 when it did not end within 10 seconds).
  int stop(int signal) {
    kill(pid_, signal);
    for (int i = 0; i < 100; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return -1;
  }

  const std::string& output() const { return text_; }
  std::string url() const { return fmt::format("http://127.0.0.1:{}/?token={}", port, token); }
  int port = 0;
  std::string token;

 private:
  void read_until_address() {
    std::regex address(R"(http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]{64}))");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd fd{output_, POLLIN, 0};
      if (poll(&fd, 1, 200) <= 0) continue;
      char buffer[512];
      ssize_t n = read(output_, buffer, sizeof buffer);
      if (n <= 0) return;
      text_.append(buffer, n);
      std::smatch match;
      if (std::regex_search(text_, match, address)) {
        port = std::stoi(match[1]);
        token = match[2];
        return;
      }
    }
  }
  pid_t pid_ = -1;
  int output_ = -1;
  std::string text_;
};

}  // namespace sleet::testing
