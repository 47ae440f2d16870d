// LocalCluster: initdb, pg_ctl start/stop, and running the server as an unprivileged user
// when the process is root.
#include "db/local_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace sleet {
namespace {

constexpr const char* kServiceUser = "sleet";

// Who runs the server binaries: the current user, or `sleet` when we are root.
struct RunAs {
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

struct CommandOutput {
  int exit_code = -1;
  std::string output;  // standard output and error, interleaved
};

// Starts `arguments` (no shell) in `directory` with standard output and error going to
// `output_fd` and standard input from /dev/null. Returns the child's pid.
pid_t spawn(const std::vector<std::string>& arguments, const std::filesystem::path& directory,
            const RunAs& run_as, int output_fd, bool new_session) {
  std::vector<char*> argv;
  for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  std::string cwd = directory.string();
  pid_t child = fork();
  if (child < 0) throw Error(ErrorKind::Failure, fmt::format("cannot fork: {}", strerror(errno)));
  if (child == 0) {
    // Only async-signal-safe calls from here on: the parent may have other threads.
    dup2(output_fd, 1);
    dup2(output_fd, 2);
    int null_input = open("/dev/null", O_RDONLY);
    if (null_input >= 0) dup2(null_input, 0);
    close_range(3, ~0U, 0);
    // Its own session, so a terminal's Ctrl-C reaches only us and we decide how to stop it.
    if (new_session) setsid();
    if (chdir(cwd.c_str()) != 0) _exit(126);
    if (run_as.switch_user &&
        (setgroups(0, nullptr) != 0 || setgid(run_as.gid) != 0 || setuid(run_as.uid) != 0)) {
      _exit(126);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  return child;
}

int exit_code_of(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Runs `arguments` to completion, capturing what it prints.
CommandOutput run_command(const std::vector<std::string>& arguments,
                          const std::filesystem::path& directory, const RunAs& run_as) {
  int pipe_ends[2];
  if (pipe2(pipe_ends, O_CLOEXEC) != 0) {
    throw Error(ErrorKind::Failure, fmt::format("cannot create a pipe: {}", strerror(errno)));
  }
  pid_t child;
  try {
    child = spawn(arguments, directory, run_as, pipe_ends[1], false);
  } catch (...) {
    close(pipe_ends[0]);
    close(pipe_ends[1]);
    throw;
  }
  close(pipe_ends[1]);
  CommandOutput result;
  char buffer[4096];
  while (true) {
    ssize_t count = read(pipe_ends[0], buffer, sizeof buffer);
    if (count > 0) {
      result.output.append(buffer, static_cast<std::size_t>(count));
    } else if (count == 0 || errno != EINTR) {
      break;
    }
  }
  close(pipe_ends[0]);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = exit_code_of(status);
  return result;
}

// Waits up to `timeout` for child `pid` to exit; true when it did (and was reaped).
bool reap_within(pid_t pid, std::chrono::milliseconds timeout, int* status = nullptr) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int ignored = 0;
  while (true) {
    pid_t done = waitpid(pid, status ? status : &ignored, WNOHANG);
    if (done == pid || (done < 0 && errno == ECHILD)) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string tail_of_file(const std::filesystem::path& path, std::size_t max_lines) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
    if (lines.size() > max_lines) lines.erase(lines.begin());
  }
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

// The `sleet` system user, created on first use.
RunAs service_user() {
  if (geteuid() != 0) return {};
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (passwd* entry = getpwnam(kServiceUser)) return {true, entry->pw_uid, entry->pw_gid};
    // Another process may be creating the user at the same moment: retry the lookup.
    CommandOutput added = run_command({"/usr/sbin/useradd", "--system", "--no-create-home",
                                       "--shell", "/usr/sbin/nologin", kServiceUser},
                                      "/", {});
    if (added.exit_code != 0 && attempt == 4) {
      throw Error(ErrorKind::Failure,
                  fmt::format("cannot create the system user \"{}\" to run PostgreSQL as: {}",
                              kServiceUser, added.output),
                  "", "PostgreSQL refuses to run as root; create the user or run as non-root");
    }
    if (added.exit_code != 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  if (passwd* entry = getpwnam(kServiceUser)) return {true, entry->pw_uid, entry->pw_gid};
  throw Error(ErrorKind::Failure, fmt::format("system user \"{}\" not found", kServiceUser));
}

// Gives `directory` (recursively) to the service user and lets it traverse the parents.
void hand_over(const std::filesystem::path& directory, const RunAs& run_as) {
  if (!run_as.switch_user) return;
  auto give = [&](const std::filesystem::path& path) {
    if (lchown(path.c_str(), run_as.uid, run_as.gid) != 0) {
      throw Error(ErrorKind::Failure, fmt::format("cannot chown: {}", strerror(errno)),
                  path.string());
    }
  };
  give(directory);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
    give(entry.path());
  }
  for (auto parent = directory.parent_path(); !parent.empty() && parent != parent.root_path();
       parent = parent.parent_path()) {
    struct stat info {};
    if (stat(parent.c_str(), &info) == 0 && !(info.st_mode & S_IXOTH)) {
      chmod(parent.c_str(), (info.st_mode & 07777) | S_IXOTH);
    }
  }
}

// True when the server answers (PQping: it may still reject the login, which is fine).
bool server_accepts_connections(const db::ConnectionSettings& settings) {
  std::string port = std::to_string(settings.port);
  const char* keywords[] = {"host", "port", "user", "dbname", "connect_timeout", nullptr};
  const char* values[] = {
      settings.host.c_str(), port.c_str(), "postgres", "postgres", "2", nullptr};
  return PQpingParams(keywords, values, 0) == PQPING_OK;
}

Error command_failed(const std::string& what, const CommandOutput& output,
                     const std::filesystem::path& where) {
  std::string message =
      fmt::format("{} failed (exit code {}):\n{}", what, output.exit_code, output.output);
  return Error(ErrorKind::Failure, message, where.string(),
               "check the PostgreSQL installation (SLEET_PG_BINDIR) and the directory");
}

std::string quote_setting(const std::string& value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'') quoted += '\'';
    quoted += c;
  }
  return quoted + "'";
}

}  // namespace

std::filesystem::path find_postgres_bin_dir() {
  if (const char* configured = std::getenv("SLEET_PG_BINDIR"); configured && *configured) {
    return configured;
  }
  std::filesystem::path best;
  int best_version = -1;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", error)) {
    std::string name = entry.path().filename().string();
    int version = std::atoi(name.c_str());
    if (version > best_version && std::filesystem::exists(entry.path() / "bin" / "initdb")) {
      best_version = version;
      best = entry.path() / "bin";
    }
  }
  if (best.empty()) {
    throw Error(ErrorKind::Usage, "PostgreSQL server binaries (initdb, pg_ctl) not found",
                "/usr/lib/postgresql",
                "install the postgresql package, or set SLEET_PG_BINDIR to the folder holding "
                "initdb and pg_ctl");
  }
  return best;
}

int find_free_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw Error(ErrorKind::Failure, "cannot create a socket to find a free port");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    throw Error(ErrorKind::Failure, "cannot bind 127.0.0.1 to find a free port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

LocalCluster::LocalCluster(LocalClusterOptions options) : options_(std::move(options)) {
  if (options_.bin_dir.empty()) options_.bin_dir = find_postgres_bin_dir();
  options_.directory = std::filesystem::absolute(options_.directory);
}

LocalCluster::~LocalCluster() {
  stop();
}

std::filesystem::path LocalCluster::data_directory() const {
  return options_.directory / "data";
}
std::filesystem::path LocalCluster::socket_directory() const {
  return options_.directory / "run";
}

bool LocalCluster::is_initialized() const {
  return std::filesystem::exists(data_directory() / "PG_VERSION");
}

void LocalCluster::initialize() {
  if (is_initialized()) {
    throw Error(ErrorKind::Failure, "a PostgreSQL cluster already exists here",
                data_directory().string(), "remove the directory or reuse the cluster");
  }
  RunAs run_as = service_user();
  std::filesystem::create_directories(options_.directory);
  std::filesystem::create_directories(socket_directory());
  std::filesystem::path password_file = options_.directory / "initdb-password";
  {
    std::ofstream out(password_file, std::ios::trunc);
    out << options_.password << "\n";
  }
  std::filesystem::permissions(
      password_file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  hand_over(options_.directory, run_as);

  CommandOutput output =
      run_command({(options_.bin_dir / "initdb").string(), "-D", data_directory().string(), "-U",
                   "postgres", "--pwfile=" + password_file.string(), "--auth-local=trust",
                   "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "-N"},
                  options_.directory, run_as);
  std::error_code ignored;
  std::filesystem::remove(password_file, ignored);
  if (output.exit_code != 0) throw command_failed("initdb", output, data_directory());

  std::ofstream conf(data_directory() / "postgresql.conf", std::ios::app);
  conf << "\n# Written by sleet: a private, disposable server.\n"
       << "listen_addresses = '127.0.0.1'\n"
       << "unix_socket_directories = " << quote_setting(socket_directory().string()) << "\n"
       << "fsync = off\nfull_page_writes = off\nsynchronous_commit = off\n"
       << "password_encryption = 'scram-sha-256'\n";
  if (!conf) {
    throw Error(ErrorKind::Failure, "cannot write postgresql.conf", data_directory().string());
  }
}

void LocalCluster::start() {
  if (running_) return;
  RunAs run_as = service_user();
  std::filesystem::path log = options_.directory / "server.log";
  // A port chosen by the kernel may be taken again before the server binds it: retry.
  for (int attempt = 0;; ++attempt) {
    port_ = options_.port ? options_.port : find_free_port();
    int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) {
      throw Error(ErrorKind::Failure,
                  fmt::format("cannot open the server log: {}", strerror(errno)), log.string());
    }
    // The postmaster is started directly, not through pg_ctl, so that it is our child:
    // we know its pid at once and can reap it.
    pid_t pid = spawn({(options_.bin_dir / "postgres").string(), "-D", data_directory().string(),
                       "-p", std::to_string(port_)},
                      options_.directory, run_as, log_fd, true);
    close(log_fd);
    int status = 0;
    bool exited = false;
    auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(options_.timeout_seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      if (reap_within(pid, std::chrono::milliseconds(0), &status)) {
        exited = true;
        break;
      }
      if (server_accepts_connections(settings())) {
        server_pid_ = pid;
        running_ = true;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!exited) {
      kill(pid, SIGQUIT);
      if (!reap_within(pid, std::chrono::seconds(5))) {
        kill(pid, SIGKILL);
        reap_within(pid, std::chrono::seconds(5));
      }
    }
    if (exited && !options_.port && attempt < 2) continue;
    throw Error(ErrorKind::Failure,
                fmt::format("the PostgreSQL server {} (port {}); server log:\n{}",
                            exited ? fmt::format("exited with code {}", exit_code_of(status))
                                   : "did not accept connections in time",
                            port_, tail_of_file(log, 20)),
                data_directory().string(), "check the server log and the port");
  }
}

void LocalCluster::stop() noexcept {
  if (!running_) return;
  stop_detached();
  if (server_pid_ > 0 && !reap_within(server_pid_, std::chrono::seconds(10))) {
    kill(server_pid_, SIGKILL);
    reap_within(server_pid_, std::chrono::seconds(5));
  }
  running_ = false;
  server_pid_ = 0;
}

void LocalCluster::remove() noexcept {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(options_.directory, ignored);
}

void LocalCluster::start_detached() {
  if (attach()) return;
  RunAs run_as = service_user();
  std::filesystem::path log = options_.directory / "server.log";
  for (int attempt = 0;; ++attempt) {
    port_ = options_.port ? options_.port : find_free_port();
    CommandOutput output = run_command(
        {(options_.bin_dir / "pg_ctl").string(), "-D", data_directory().string(), "-l",
         log.string(), "-w", "-t", std::to_string(options_.timeout_seconds), "-o",
         "-p " + std::to_string(port_), "start"},
        options_.directory, run_as);
    if (output.exit_code == 0 && attach()) return;
    if (!options_.port && attempt < 2) continue;  // the free port was taken meanwhile
    throw Error(ErrorKind::Failure,
                fmt::format("the PostgreSQL server did not start (port {}); server log:\n{}",
                            port_, tail_of_file(log, 20)),
                data_directory().string(), "check the server log and the port");
  }
}

bool LocalCluster::attach() {
  std::ifstream pid_file(data_directory() / "postmaster.pid");
  std::string pid_line, directory_line, start_line, port_line;
  if (!std::getline(pid_file, pid_line) || !std::getline(pid_file, directory_line) ||
      !std::getline(pid_file, start_line) || !std::getline(pid_file, port_line)) {
    return false;
  }
  pid_t pid = std::atoi(pid_line.c_str());
  int port = std::atoi(port_line.c_str());
  if (pid <= 0 || port <= 0 || kill(pid, 0) != 0) return false;
  int previous = port_;
  port_ = port;
  if (server_accepts_connections(settings())) return true;
  port_ = previous;
  return false;
}

void LocalCluster::stop_detached() noexcept {
  try {
    RunAs run_as = service_user();
    auto pg_ctl_stop = [&](const char* mode) {
      return run_command({(options_.bin_dir / "pg_ctl").string(), "-D", data_directory().string(),
                          "-m", mode, "-w", "-t", "30", "stop"},
                         options_.directory, run_as);
    };
    if (pg_ctl_stop("fast").exit_code != 0) pg_ctl_stop("immediate");
  } catch (...) {
  }
}

db::ConnectionSettings LocalCluster::settings(const std::string& database) const {
  db::ConnectionSettings settings;
  settings.host = host();
  settings.port = port_;
  settings.user = "postgres";
  settings.password = options_.password;
  settings.database = database;
  return settings;
}

}  // namespace sleet
