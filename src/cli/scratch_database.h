// verify's throwaway database: named after the process that owns it, and dropped when that
// process ends however it ends (normally, an error, Ctrl-C, SIGTERM, kill -9), by a reaper
// process that waits on a socket only the owner holds.
#pragma once

#include <sys/types.h>

#include <string>

#include "sleet/db.h"

namespace sleet::cli {

// The prefix of every scratch database's name: sleet_verify_<host>_<pid>_<random>, where
// <host> is 8 hex digits of the SHA-256 of this machine's host name and <pid> the owner's
// process id.
inline constexpr const char* kScratchPrefix = "sleet_verify_";

// Creates a scratch database on `server` (whose `database` is ignored), after dropping the
// leftovers of runs whose owner is gone: on this host, databases whose process no longer
// exists; from another host (or an older sleet), databases nobody is connected to. Before the
// database is created, a reaper (this binary, `sleet __verify-reaper`, in a process group of
// its own so Ctrl-C reaches only the owner) is started; when the owner exits without saying
// it is done, the reaper waits for the owner's sessions to end and drops the database. Every
// connection made through settings() carries the application_name "sleet verify <name>".
// Throws sleet::Error when the server cannot be reached or the database cannot be created.
// Not copyable.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(db::ConnectionSettings server);
  // Drops the database (ending its sessions) and lets the reaper go without work; errors
  // while dropping are left to the reaper.
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  // Connection settings of the scratch database.
  const db::ConnectionSettings& settings() const { return scratch_; }

 private:
  db::ConnectionSettings scratch_;
  int socket_ = -1;  // the owner's end; its closing (any exit) wakes the reaper
  pid_t reaper_ = -1;
};

// The reaper's side (`sleet __verify-reaper`, started by ScratchDatabase only): reads the
// server's URL and the database's name from standard input, waits for end of input, and
// unless the owner wrote "done", drops the database. Returns the process's exit code.
int run_scratch_reaper();

}  // namespace sleet::cli
