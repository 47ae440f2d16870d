// The private PostgreSQL server every integration test uses: one per test program, started
// on first use in a temporary directory and always removed when the program ends (normal
// exit, failed tests, Ctrl-C, SIGTERM, abort or a crash).
#pragma once

#include <filesystem>
#include <string>

#include "sleet/db.h"

namespace sleet::testing {

// A running server on 127.0.0.1 with superuser `postgres` and a random password. Every
// function is thread-safe. Obtain it with test_cluster().
class TestCluster {
 public:
  std::string host() const;
  int port() const;
  // Holds the server's unix socket (connections from there need no password).
  std::filesystem::path socket_directory() const;
  const std::string& password() const;

  // Settings for postgres over TCP, password included.
  db::ConnectionSettings settings(const std::string& database = "postgres") const;
  // postgres://postgres:PASSWORD@127.0.0.1:PORT/database (percent-encoded).
  std::string url(const std::string& database = "postgres") const;
  // A new connection to `database`. Throws sleet::Error as db::Connection does.
  db::Connection connect(const std::string& database = "postgres") const;
  // Runs `sql` (several statements allowed) in `database`; returns the last result.
  db::Result execute(const std::string& sql, const std::string& database = "postgres") const;

  // Creates an empty database no other test uses, copied from a prepared template (fast),
  // and returns its name: "<prefix>_<n>". `prefix` must be a lowercase identifier.
  std::string fresh_database(const std::string& prefix = "test");
  // Drops `database`, ending its open connections first.
  void drop_database(const std::string& database);
  // Stops the server as `pg_ctl stop -m immediate` does (SIGQUIT to the postmaster: every
  // backend dies, no checkpoint) and starts it again, which runs crash recovery. The port
  // may change: read port() and url() again afterwards. Throws sleet::Error when the server
  // does not come back.
  void crash_and_restart();

 private:
  friend TestCluster& test_cluster();
  TestCluster() = default;
};

// The program's test cluster, started on the first call (initdb + start take about a
// second). Throws sleet::Error when the server cannot be started; later calls throw the
// same error again.
TestCluster& test_cluster();

}  // namespace sleet::testing
