// Internal: SQL on drizzle's tracking table and sleet's history table.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sleet/migrate.h"

namespace sleet::migrate_internal {

// "schema"."table" for the tracking and history tables of `options`.
std::string tracking_table_name(const MigrateOptions& options);
std::string history_table_name(const MigrateOptions& options);

// True when the tracking table exists.
bool tracking_table_exists(db::Connection& connection, const MigrateOptions& options);

// CREATE SCHEMA / TABLE IF NOT EXISTS for both tables; the tracking table exactly as
// drizzle-orm creates it: for a v3 folder as drizzle-orm 1.0 does (with name and applied_at),
// upgrading an existing table without `name` as drizzle-orm 1.0's migrator does (add the
// columns, name the rows match_unnamed_rows matches, applied_at null). The upgrade runs in a
// transaction of its own when the connection is idle, else in the caller's.
void create_tracking_tables(db::Connection& connection, const MigrateOptions& options,
                            const MigrationFolder& folder);
// sleet's history table alone (migrations_schema must exist), for commands that only add
// history rows to a tracking table that exists: rollback, repair.
void create_history_table(db::Connection& connection, const MigrateOptions& options);

// Every tracking row, by id.
std::vector<TrackingRow> read_tracking_rows(db::Connection& connection,
                                            const MigrateOptions& options);

struct HistoryRecord {
  std::string applied_at;
  std::string applied_by;
  std::string mode;  // how: "transaction", "baseline", "marked", "repair", ...
};
// The latest history record per hash, rollbacks left out (empty when the history table does not
// exist).
std::map<std::string, HistoryRecord> read_history(db::Connection& connection,
                                                  const MigrateOptions& options);

// Inserts the tracking row (as drizzle-orm does; with the folder name for a v3 folder, as
// drizzle-orm 1.0 does) and the history row for `migration`.
void record_migration(db::Connection& connection, const MigrateOptions& options,
                      FolderFormat format, const Migration& migration, double duration_ms,
                      const std::string& mode);

// Inserts only the history row: `mode` says what happened ("rollback", "marked", "repair").
void record_history(db::Connection& connection, const MigrateOptions& options,
                    const Migration& migration, double duration_ms, const std::string& mode);

}  // namespace sleet::migrate_internal
