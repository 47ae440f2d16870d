// Internal: the migration lock held for a whole run by a transaction left open on a
// connection of its own, as migrate takes it (docs/migrate.md#concurrency), for the runs
// that are not migrate's (rollback). Through a transaction-mode pooler a session lock would be
// taken on one server connection and released on another, or never.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "sleet/db.h"

namespace sleet::migrate_internal {

class RunLock {
 public:
  // Takes the lock `key` on a new connection to `settings`: polls pg_try_advisory_xact_lock
  // in short transactions while another run holds it (calling `waiting` once with the
  // holder's pid), up to `timeout` when given, then throws sleet::Error (Failure) naming the
  // holder. Released when this object goes (its connection closes, ending the transaction),
  // or when the process dies and the server or the pooler closes that connection.
  RunLock(const db::ConnectionSettings& settings, std::int64_t key,
          std::optional<std::chrono::milliseconds> timeout,
          const std::function<void(const std::string& holder_pid)>& waiting = {});
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

  // The server process holding the lock: pg_locks shows it under this pid.
  const std::string& backend_pid() const { return backend_pid_; }

 private:
  db::Connection connection_;
  std::string backend_pid_;
};

// The pid pg_locks names as holding the advisory lock `key` in the current database, or
// "unknown".
std::string lock_holder_pid(db::Connection& connection, std::int64_t key);

}  // namespace sleet::migrate_internal
