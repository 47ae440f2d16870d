// verify's scratch database and the reaper that drops it when its owner dies (see the header).
#include "cli/scratch_database.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <optional>
#include <thread>

#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/generate.h"

extern char** environ;

namespace sleet::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kReaperCommand = "__verify-reaper";
constexpr const char* kDone = "done\n";

std::string host_tag() {
  char name[HOST_NAME_MAX + 1] = {};
  gethostname(name, sizeof name - 1);
  return sha256_hex(name).substr(0, 8);
}

std::string application_name(const std::string& database) {
  return "sleet verify " + database;
}

// The owner's pid and host tag of a scratch database's name; nullopt for another form.
struct Owner {
  std::string host;
  pid_t pid = 0;
};
std::optional<Owner> owner_of(const std::string& name) {
  std::string rest = name.substr(std::string(kScratchPrefix).size());
  std::size_t first = rest.find('_');
  std::size_t second = first == std::string::npos ? first : rest.find('_', first + 1);
  if (second == std::string::npos) return std::nullopt;
  try {
    return Owner{rest.substr(0, first),
                 static_cast<pid_t>(std::stol(rest.substr(first + 1, second - first - 1)))};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool process_exists(pid_t pid) {
  return kill(pid, 0) == 0 || errno != ESRCH;
}

// Leftovers of verify runs whose owner is gone. A database owned by a live process of this
// host, or one from elsewhere that somebody is connected to (or still creating), is kept.
void drop_leftovers(const db::ConnectionSettings& server) {
  db::Connection connection(server);
  auto result = connection.query(
      "select datname, exists (select 1 from pg_stat_activity a where a.datname = d.datname "
      "or a.application_name = 'sleet verify ' || d.datname) from pg_database d "
      "where starts_with(datname, $1)",
      std::string(kScratchPrefix));
  const std::string host = host_tag();
  for (int i = 0; i < result.rows(); ++i) {
    std::string name(result.value(i, 0));
    std::optional<Owner> owner = owner_of(name);
    bool gone =
        owner && owner->host == host ? !process_exists(owner->pid) : result.value(i, 1) == "f";
    if (!gone) continue;
    db::ConnectionSettings leftover = server;
    leftover.database = name;
    try {
      db::drop_database(leftover, true);
    } catch (const Error&) {
      // Another user's leftover, say: it must not stop this run, which uses its own database.
    }
  }
}

fs::path own_executable() {
  std::error_code error;
  fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (error) {
    throw Error(ErrorKind::Failure,
                "cannot find the sleet binary to start verify's scratch database reaper: " +
                    error.message(),
                "/proc/self/exe", "run verify on Linux with /proc mounted");
  }
  return self;
}

// Starts `sleet __verify-reaper` with `input` as its standard input, in a process group of its
// own so that Ctrl-C at a terminal reaches only the owner.
pid_t start_reaper(int input) {
  std::string executable = own_executable().string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, input, STDIN_FILENO);
  // Standard output stays free: a pipe reading verify's output ends when verify does.
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  char* argv[] = {executable.data(), const_cast<char*>(kReaperCommand), nullptr};
  pid_t pid = -1;
  int failed = posix_spawn(&pid, executable.c_str(), &actions, &attributes, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (failed != 0) {
    throw Error(
        ErrorKind::Failure,
        fmt::format("cannot start verify's scratch database reaper: {}", std::strerror(failed)),
        executable, "check that the sleet binary can run itself");
  }
  return pid;
}

void send_all(int socket, const std::string& text) {
  std::size_t sent = 0;
  while (sent < text.size()) {
    ssize_t n = send(socket, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      throw Error(
          ErrorKind::Failure,
          fmt::format("cannot reach verify's scratch database reaper: {}", std::strerror(errno)),
          "", "run verify again; report it if it keeps failing");
    }
    sent += static_cast<std::size_t>(n);
  }
}

std::string read_until_end(int fd) {
  std::string text;
  char buffer[4096];
  while (true) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return text;
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

// Ends the owner's sessions and waits (at most a minute) until they are gone: a statement the
// owner started still runs after it died, and a CREATE DATABASE still running would make the
// database appear after the drop.
void end_owner_sessions(const db::ConnectionSettings& server, const std::string& database) {
  db::Connection connection(server);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (std::chrono::steady_clock::now() < deadline) {
    auto result = connection.query(
        "select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name "
        "= $1 and pid <> pg_backend_pid()",
        application_name(database));
    if (result.value(0, 0) == "0") return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

ScratchDatabase::ScratchDatabase(db::ConnectionSettings server) {
  server.database = "postgres";
  drop_leftovers(server);
  scratch_ = server;
  scratch_.database =
      fmt::format("{}{}_{}_{}", kScratchPrefix, host_tag(), getpid(), random_uuid().substr(0, 4));
  scratch_.options["application_name"] = application_name(scratch_.database);
  int sockets[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0) {
    throw Error(ErrorKind::Failure,
                fmt::format("cannot create a socket for verify's reaper: {}", std::strerror(errno)),
                "", "check the process's open file limit (ulimit -n)");
  }
  try {
    reaper_ = start_reaper(sockets[1]);
  } catch (...) {
    close(sockets[0]);
    close(sockets[1]);
    throw;
  }
  close(sockets[1]);
  socket_ = sockets[0];
  db::ConnectionSettings admin = server;  // without the owner's application_name
  try {
    send_all(socket_, admin.url(true) + "\n" + scratch_.database + "\n");
    db::create_database_if_missing(scratch_);
  } catch (...) {
    close(socket_);  // the reaper drops what may have been created
    waitpid(reaper_, nullptr, 0);
    throw;
  }
}

ScratchDatabase::~ScratchDatabase() {
  bool dropped = false;
  try {
    db::drop_database(scratch_, true);
    dropped = true;
  } catch (...) {
  }
  if (dropped) {
    try {
      send_all(socket_, kDone);
    } catch (...) {
    }
  }
  close(socket_);
  waitpid(reaper_, nullptr, 0);
}

int run_scratch_reaper() {
  // The owner's Ctrl-C or hang-up must not stop the cleanup it relies on.
  signal(SIGINT, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  std::string input = read_until_end(STDIN_FILENO);
  std::size_t first = input.find('\n');
  std::size_t second = first == std::string::npos ? first : input.find('\n', first + 1);
  if (second == std::string::npos) return 0;  // the owner died before naming a database
  if (input.substr(second + 1) == kDone) return 0;
  try {
    db::ConnectionSettings server = db::parse_connection_string(input.substr(0, first));
    db::ConnectionSettings scratch = server;
    scratch.database = input.substr(first + 1, second - first - 1);
    end_owner_sessions(server, scratch.database);
    db::drop_database(scratch, true);
    return 0;
  } catch (const std::exception& e) {
    // Nobody reads this when the owner is gone; the next verify drops the leftover.
    fmt::print(stderr, "sleet verify: cannot drop the scratch database: {}\n", e.what());
    return 1;
  }
}

}  // namespace sleet::cli
