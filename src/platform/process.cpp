// Running a program with posix_spawn and reading its two output pipes with poll, so neither
// fills up while the other is read.
#include "sleet/process.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "sleet/error.h"

extern char** environ;

namespace sleet {

namespace fs = std::filesystem;

namespace {

bool is_executable_file(const fs::path& path) {
  struct stat status {};
  return stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode) &&
         access(path.c_str(), X_OK) == 0;
}

// A pipe whose ends are closed when it goes out of scope (unless taken).
struct Pipe {
  int read_end = -1;
  int write_end = -1;
  Pipe() {
    int ends[2];
    if (pipe2(ends, O_CLOEXEC) != 0) {
      throw Error(ErrorKind::Failure, fmt::format("cannot create a pipe: {}", strerror(errno)));
    }
    read_end = ends[0];
    write_end = ends[1];
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  ~Pipe() {
    close_read();
    close_write();
  }
  void close_read() {
    if (read_end >= 0) close(read_end);
    read_end = -1;
  }
  void close_write() {
    if (write_end >= 0) close(write_end);
    write_end = -1;
  }
};

// Spawn's file actions, destroyed with the scope.
struct FileActions {
  posix_spawn_file_actions_t actions;
  FileActions() { posix_spawn_file_actions_init(&actions); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
};

// Reads both pipes until both are closed by the child.
void drain(Pipe& output, Pipe& error, ProcessResult& result) {
  char buffer[8192];
  while (output.read_end >= 0 || error.read_end >= 0) {
    pollfd fds[2] = {{output.read_end, POLLIN, 0}, {error.read_end, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      Pipe& pipe = i == 0 ? output : error;
      std::string& text = i == 0 ? result.standard_output : result.standard_error;
      ssize_t count = read(pipe.read_end, buffer, sizeof buffer);
      if (count > 0) {
        text.append(buffer, static_cast<std::size_t>(count));
      } else if (count == 0 || errno != EINTR) {
        pipe.close_read();
      }
    }
  }
}

}  // namespace

std::optional<fs::path> find_executable(std::string_view program) {
  if (program.empty()) return std::nullopt;
  if (program.find('/') != std::string_view::npos) {
    fs::path path(program);
    return is_executable_file(path) ? std::optional<fs::path>(path) : std::nullopt;
  }
  const char* search = std::getenv("PATH");
  std::string_view directories = search ? search : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    std::size_t colon = directories.find(':');
    std::string_view directory = directories.substr(0, colon);
    // An empty entry means the current directory, as for execvp.
    fs::path candidate =
        fs::path(directory.empty() ? "." : std::string(directory)) / std::string(program);
    if (is_executable_file(candidate)) return candidate;
    if (colon == std::string_view::npos) return std::nullopt;
    directories.remove_prefix(colon + 1);
  }
}

ProcessResult run_process(const std::vector<std::string>& arguments, const fs::path& directory) {
  if (arguments.empty()) throw Error(ErrorKind::Failure, "run_process: no program given");
  std::optional<fs::path> program = find_executable(arguments[0]);
  if (!program) {
    throw Error(ErrorKind::Usage, fmt::format("cannot run {}: not found", arguments[0]),
                arguments[0], "install it, or put the directory holding it on PATH");
  }
  std::vector<char*> argv;
  for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);

  Pipe output;
  Pipe error;
  FileActions actions;
  posix_spawn_file_actions_addopen(&actions.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions.actions, output.write_end, 1);
  posix_spawn_file_actions_adddup2(&actions.actions, error.write_end, 2);
  posix_spawn_file_actions_addchdir_np(&actions.actions, directory.c_str());
  pid_t child = 0;
  int failed =
      posix_spawn(&child, program->c_str(), &actions.actions, nullptr, argv.data(), environ);
  if (failed != 0) {
    throw Error(ErrorKind::Usage,
                fmt::format("cannot run {}: {}", program->string(), strerror(failed)),
                directory.string(), "check that the program and the directory exist");
  }
  output.close_write();
  error.close_write();
  ProcessResult result;
  drain(output, error, result);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace sleet
