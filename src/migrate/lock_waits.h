// Internal: what migrate does when a statement gives up waiting for a lock (lock_timeout):
// the pause before it tries again, and who held the lock when it stops trying.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "sleet/db.h"

namespace sleet::migrate_internal {

// The lock_timeout a migration statement gets when none is configured: a DDL waiting for a
// lock queues every later query on its table behind it.
inline constexpr std::chrono::milliseconds kDefaultLockTimeout{5000};

// The pause before retry `attempt` (1 for the first): `first` doubled each time, with
// ±25% jitter so that several migrators do not retry in step.
std::chrono::milliseconds retry_delay(std::chrono::milliseconds first, int attempt);

// The sessions (other than this one) holding a granted lock on a table `statement` names,
// one line each: "pid 123 (user app, application psql, idle in transaction for 12 s):
// UPDATE ...". Empty when none does any more, or the statement names no table.
std::vector<std::string> lock_holders(db::Connection& connection, const std::string& statement);

}  // namespace sleet::migrate_internal
