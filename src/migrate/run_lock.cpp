#include "migrate/run_lock.h"

#include <fmt/format.h>

#include <random>
#include <thread>

#include "sleet/error.h"

namespace sleet::migrate_internal {

std::string lock_holder_pid(db::Connection& connection, std::int64_t key) {
  auto holder = connection.query(
      "select pid from pg_locks where locktype = 'advisory' and granted and objsubid = 1 "
      "and database = (select oid from pg_database where datname = current_database()) "
      "and classid::bigint = (($1::bigint >> 32) & 4294967295) "
      "and objid::bigint = ($1::bigint & 4294967295) limit 1",
      key);
  return holder.rows() > 0 ? std::string(holder.value(0, 0)) : "unknown";
}

RunLock::RunLock(const db::ConnectionSettings& settings, std::int64_t key,
                 std::optional<std::chrono::milliseconds> timeout,
                 const std::function<void(const std::string&)>& waiting)
    : connection_(settings) {
  auto start = std::chrono::steady_clock::now();
  std::minstd_rand random(std::random_device{}());
  std::string holder;
  for (;;) {
    connection_.execute("BEGIN");
    // Idle for the whole run: a server-wide idle timeout must not end it. The simple
    // protocol, so that no portal keeps a snapshot (concurrent index builds wait for those).
    connection_.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
    auto taken = connection_.execute(
        fmt::format("select pg_try_advisory_xact_lock({}), pg_backend_pid()", key));
    if (taken.value(0, 0) == "t") {
      backend_pid_ = std::string(taken.value(0, 1));
      return;
    }
    if (holder.empty()) {
      holder = lock_holder_pid(connection_, key);
      if (waiting) waiting(holder);
    }
    // Waiting outside a transaction: a pooler's server connection is free meanwhile.
    connection_.execute("ROLLBACK");
    if (timeout && std::chrono::steady_clock::now() - start > *timeout) {
      throw Error(ErrorKind::Failure,
                  fmt::format("gave up waiting for the migration lock held by pid {}", holder),
                  settings.describe(),
                  "another migrate or rollback is still running; wait for it or raise "
                  "--lock-timeout");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + random() % 150));
  }
}

}  // namespace sleet::migrate_internal
