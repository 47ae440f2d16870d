// LocalCluster: a private PostgreSQL server in a directory of its own, for tests and for
// `sleet dev`. Uses the server binaries installed on the machine (initdb, postgres, pg_ctl).
#pragma once

#include <sys/types.h>
#include <filesystem>
#include <string>

#include "sleet/db.h"

namespace sleet {

struct LocalClusterOptions {
  // Holds data/ (the cluster), run/ (the unix socket) and server.log. Created if missing.
  std::filesystem::path directory;
  // The superuser `postgres` gets this password (scram-sha-256 over TCP; the unix socket
  // trusts local users).
  std::string password;
  // 0: pick a free port on 127.0.0.1 at each start.
  int port = 0;
  // Where initdb and pg_ctl live. Empty: $SLEET_PG_BINDIR, else the highest version in
  // /usr/lib/postgresql/<version>/bin.
  std::filesystem::path bin_dir;
  // Seconds to wait for the server to start or stop.
  int timeout_seconds = 60;
};

// A PostgreSQL cluster listening on 127.0.0.1 only, tuned for speed over durability (no
// fsync, no full page writes, asynchronous commit): never use it for data you keep.
// PostgreSQL refuses to run as root, so when the process is root the server runs as the
// system user `sleet` (created if missing), which then owns `directory`; directories
// above it are made traversable (o+x) where they are not. Not copyable; the destructor
// stops a server this object started. Not thread-safe.
class LocalCluster {
 public:
  explicit LocalCluster(LocalClusterOptions options);
  ~LocalCluster();
  LocalCluster(const LocalCluster&) = delete;
  LocalCluster& operator=(const LocalCluster&) = delete;

  // True when directory/data holds an initialised cluster.
  bool is_initialized() const;
  // Runs initdb (UTF8, locale C, superuser postgres, no fsync) and writes the server
  // settings. Throws sleet::Error (Failure) with initdb's output when it fails, and when
  // the cluster already exists.
  void initialize();
  // Starts the server as a child process of its own session and waits until it accepts
  // connections. Throws sleet::Error (Failure) with the server log's tail when it does
  // not start in time.
  void start();
  // Stops the server (pg_ctl stop -m fast, then immediate, then SIGKILL) and reaps the
  // process. Does nothing when it is not running. Never throws.
  void stop() noexcept;
  // Stops the server and deletes `directory` with everything in it. Never throws.
  void remove() noexcept;

  // Starts the server detached (pg_ctl start): it keeps running after this process exits,
  // until stop_detached(). Waits until it accepts connections. Used by `sleet dev`.
  // Throws sleet::Error (Failure) with the server log's tail when it does not start.
  void start_detached();
  // Finds a server already running from this directory (its postmaster.pid) and takes its
  // port. Returns false when none runs or it does not accept connections.
  bool attach();
  // Stops a server started by start_detached() (found with attach() or not). Never throws.
  void stop_detached() noexcept;

  bool is_running() const { return running_; }
  // The postmaster's process id while running, else 0.
  pid_t server_pid() const { return server_pid_; }
  int port() const { return port_; }
  std::string host() const { return "127.0.0.1"; }
  std::filesystem::path data_directory() const;
  std::filesystem::path socket_directory() const;
  const std::filesystem::path& directory() const { return options_.directory; }
  const std::string& password() const { return options_.password; }
  // Settings for connecting over TCP as postgres to `database`.
  db::ConnectionSettings settings(const std::string& database = "postgres") const;

 private:
  LocalClusterOptions options_;
  int port_ = 0;
  pid_t server_pid_ = 0;
  bool running_ = false;
};

// The directory holding initdb and pg_ctl, chosen as LocalClusterOptions::bin_dir
// describes. Throws sleet::Error (Usage) when none is found.
std::filesystem::path find_postgres_bin_dir();

// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's choice).
int find_free_port();

}  // namespace sleet
