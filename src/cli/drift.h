// Drift: a database's schema against the state a migration folder describes (its latest
// snapshot with what custom migrations created). Shared by `status` (the target's database)
// and `check --replay` (a scratch database the folder was just applied to).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "sleet/custom_migrations.h"
#include "sleet/db.h"
#include "sleet/journal.h"
#include "sleet/migrate.h"
#include "sleet/plan.h"

namespace sleet::cli {

// The database's schema against the folder's latest snapshot. `plan` holds what was changed
// outside migrations, as the SQL that turns the snapshot into the database (so a column added
// by hand shows as ADD COLUMN).
struct DriftCheck {
  bool checked = false;
  std::string reason;  // why it was not checked
  std::filesystem::path snapshot;
  bool server_normalized = false;           // the offline rules were not enough: the server's ran
  std::string server_normalization_failed;  // why the server's could not run
  std::vector<std::string> unmatched_filters;
  bool limited = false;        // a drizzle-kit snapshot: extensions and comments not compared
  CustomMigrationFold custom;  // what custom migrations add to the snapshot
  Plan plan;
  bool found() const { return checked && !plan.empty(); }
};

// Compares the database `connection` reaches with `snapshot` (the folder's latest) and what
// the folder's custom migrations created, under the target's filters (defaults without a
// target) plus the schemas the snapshot creates. Against a snapshot drizzle-kit wrote, extensions
// and comments are not compared. With `tenant_schema` (a tenant schema of a tenant target), the
// snapshot's `public` objects are compared with that schema alone (moved_to_schema), read with
// the search_path set to it as migrate ran them; extensions, database-wide, are left out.
DriftCheck compare_snapshot_with_database(db::Connection& connection, const MigrationFolder& folder,
                                          const std::filesystem::path& snapshot,
                                          const Target* target,
                                          const std::string& tenant_schema = "");

// Drift of the database `connection` reaches from `folder`'s latest snapshot, given the
// folder's status there: not checked (with the reason) while a migration is pending or out
// of order, when applied migrations do not match the folder, or without a snapshot.
DriftCheck check_drift(db::Connection& connection, const MigrationFolder& folder,
                       const StatusReport& report, const Target* target);

// `drift` as `sleet status --json` writes it: {"checked": false, "reason"} or {"checked":
// true, "snapshot", "custom_migrations", "found", "extensions_and_comments_compared",
// "statements"}.
nlohmann::ordered_json drift_json(const DriftCheck& drift);

}  // namespace sleet::cli
