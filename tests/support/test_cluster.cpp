#include "support/test_cluster.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <random>

#include "db/local_cluster.h"
#include "sleet/sql.h"

namespace sleet::testing {
namespace {

constexpr const char* kTemplateDatabase = "sleet_test_template";

std::mutex g_start_mutex;
LocalCluster* g_cluster = nullptr;  // deliberately leaked: alive until the very end
std::string g_start_error;
std::atomic<int> g_next_database{1};
std::mutex g_admin_mutex;  // CREATE DATABASE ... TEMPLATE needs the template unused
std::atomic<bool> g_cleaned_up{false};

// Plain data for the signal handlers, which may not allocate or lock.
char g_directory[1024] = {0};
volatile pid_t g_server_pid = 0;
pid_t g_owner_pid = 0;

// Async-signal-safe: stops the postmaster by PID and deletes the directory with rm.
void emergency_cleanup() {
  if (getpid() != g_owner_pid || g_cleaned_up.exchange(true)) return;
  pid_t server = g_server_pid;
  if (server > 0 && kill(server, SIGQUIT) == 0) {
    // SIGQUIT is PostgreSQL's immediate shutdown; give it 5 seconds, then SIGKILL.
    timespec pause{0, 50'000'000};
    int status = 0;
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
      gone = waitpid(server, &status, WNOHANG) == server || kill(server, 0) != 0;
      if (!gone) nanosleep(&pause, nullptr);
    }
    if (!gone) {
      kill(server, SIGKILL);
      waitpid(server, &status, 0);
    }
  }
  if (g_directory[0] == '\0') return;
  for (int attempt = 0; attempt < 3; ++attempt) {
    pid_t child = fork();
    if (child == 0) {
      execl("/bin/rm", "rm", "-rf", g_directory, static_cast<char*>(nullptr));
      _exit(127);
    }
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) < 0) return;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  }
}

void on_fatal_signal(int signal_number) {
  emergency_cleanup();
  signal(signal_number, SIG_DFL);
  raise(signal_number);
}

// The orderly way out: pg_ctl stop, then remove the directory.
void clean_up() {
  if (getpid() != g_owner_pid || !g_cluster) return;
  if (g_cleaned_up.exchange(true)) return;
  g_cluster->remove();
}

class ClusterEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { clean_up(); }
};

std::string random_password() {
  std::random_device device;
  std::uniform_int_distribution<int> hex(0, 15);
  std::string password = "sleet-";
  for (int i = 0; i < 20; ++i) password += "0123456789abcdef"[hex(device)];
  return password;
}

std::filesystem::path make_directory() {
  std::filesystem::path base = std::filesystem::temp_directory_path();
  // A unix socket path is limited to ~107 bytes; a long TMPDIR would not fit.
  if (base.string().size() > 60) base = "/tmp";
  std::string pattern = (base / "sleet-cluster-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    throw Error(ErrorKind::Failure, fmt::format("mkdtemp failed: {}", std::strerror(errno)),
                base.string());
  }
  return pattern;
}

void start_cluster() {
  g_owner_pid = getpid();
  std::filesystem::path directory = make_directory();
  std::strncpy(g_directory, directory.c_str(), sizeof g_directory - 1);
  // Clean-up is armed before anything can fail half-way.
  std::atexit(clean_up);
  ::testing::AddGlobalTestEnvironment(new ClusterEnvironment);
  struct sigaction action {};
  action.sa_handler = on_fatal_signal;
  sigemptyset(&action.sa_mask);
  for (int signal_number : {SIGINT, SIGTERM, SIGABRT, SIGSEGV, SIGBUS, SIGHUP}) {
    sigaction(signal_number, &action, nullptr);
  }

  LocalClusterOptions options;
  options.directory = directory;
  options.password = random_password();
  g_cluster = new LocalCluster(options);
  g_cluster->initialize();
  g_cluster->start();
  g_server_pid = g_cluster->server_pid();
  db::Connection admin(g_cluster->settings());
  admin.execute(fmt::format("CREATE DATABASE {}", kTemplateDatabase));
}

}  // namespace

TestCluster& test_cluster() {
  static TestCluster* instance = nullptr;
  std::lock_guard lock(g_start_mutex);
  if (!g_start_error.empty()) {
    throw Error(ErrorKind::Failure, "the test cluster failed to start earlier: " + g_start_error);
  }
  if (!instance) {
    try {
      start_cluster();
    } catch (const Error& error) {
      g_start_error = error.describe();
      clean_up();
      throw;
    }
    instance = new TestCluster();
  }
  return *instance;
}

std::string TestCluster::host() const {
  return g_cluster->host();
}
int TestCluster::port() const {
  return g_cluster->port();
}
std::filesystem::path TestCluster::socket_directory() const {
  return g_cluster->socket_directory();
}
const std::string& TestCluster::password() const {
  return g_cluster->password();
}

db::ConnectionSettings TestCluster::settings(const std::string& database) const {
  return g_cluster->settings(database);
}

std::string TestCluster::url(const std::string& database) const {
  return settings(database).url(true);
}

db::Connection TestCluster::connect(const std::string& database) const {
  return db::Connection(settings(database));
}

db::Result TestCluster::execute(const std::string& sql, const std::string& database) const {
  return connect(database).execute(sql);
}

std::string TestCluster::fresh_database(const std::string& prefix) {
  for (char c : prefix) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      throw Error(ErrorKind::Usage, fmt::format("bad database prefix \"{}\"", prefix));
    }
  }
  std::string name = fmt::format("{}_{}", prefix, g_next_database++);
  std::lock_guard lock(g_admin_mutex);
  // FILE_COPY copies the template's files instead of writing every block to the WAL
  // (PostgreSQL 15's default): several times faster for the small databases tests use.
  execute(fmt::format("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY",
                      sql::quote_identifier(name), kTemplateDatabase));
  return name;
}

void TestCluster::drop_database(const std::string& database) {
  execute(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", sql::quote_identifier(database)));
}

}  // namespace sleet::testing

namespace sleet::testing {

void TestCluster::crash_and_restart() {
  std::lock_guard lock(g_admin_mutex);
  pid_t server = g_cluster->server_pid();
  if (server > 0) kill(server, SIGQUIT);
  g_cluster->stop();  // reaps the postmaster
  g_cluster->start();
  g_server_pid = g_cluster->server_pid();
}

}  // namespace sleet::testing
