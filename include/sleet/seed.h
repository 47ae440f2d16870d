// Seeds: SQL files that put data into a database (development fixtures, reference rows),
// run in order inside one transaction. Each file's SHA-256 is recorded, so a later run
// executes only files that are new or changed. Bootstrap seeds run once per database (a
// first deploy: an admin account, say) and the rows they return are handed back so the
// caller can show them that one time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sleet/db.h"
#include "sleet/environment.h"

namespace sleet {

struct SeedFile {
  std::filesystem::path path;  // read when the seed runs
  std::string name;            // recorded identity, e.g. the path relative to the project
};

struct SeedOptions {
  std::string tracking_schema = "drizzle";
  std::string tracking_table = "__sleet_seeds";
  bool all_files = false;  // run unchanged files again too
  // Where psql-style :'NAME' (a quoted literal) and :"NAME" (a quoted identifier) in seed
  // files take their values; by default no variable is set.
  Environment environment;
};

struct SeedResult {
  enum class Status { Applied, Unchanged, ChangedBootstrap };
  std::string name;
  Status status = Status::Applied;
  bool bootstrap = false;
  std::int64_t rows_affected = 0;
  // Rows returned by the file's statements (SELECT, ... RETURNING), as "column=value"
  // lines; bootstrap seeds use this to show a generated secret exactly once.
  std::vector<std::string> returned;
};

// Runs `bootstrap` files not run on this database before, then `seeds` that are new or
// changed (every seed with options.all_files), all in one transaction, and records them.
// On a failing statement everything is rolled back and sleet::Error (Failure) names the
// file:line:col and the server's message; a variable options.environment does not set is
// sleet::Error (Usage) at its file:line:col, before any statement of its file runs. A
// file's recorded hash is of its text: a new variable value alone does not run it again. A
// bootstrap file changed after it ran is not run again (status ChangedBootstrap). Concurrent runs
// on one database are serialised.
std::vector<SeedResult> run_seeds(db::Connection& connection, const std::vector<SeedFile>& bootstrap,
                                  const std::vector<SeedFile>& seeds, const SeedOptions& options);

}  // namespace sleet
