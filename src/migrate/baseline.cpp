// Recording a migration as applied without running it (sleet pull's baseline).
#include <fmt/format.h>

#include "migrate/tracking_table.h"
#include "sleet/error.h"
#include "sleet/migrate.h"
#include "sleet/rollback.h"

namespace sleet {

std::vector<TrackingRow> tracking_rows(db::Connection& connection, const MigrateOptions& options) {
  if (!migrate_internal::tracking_table_exists(connection, options)) return {};
  return migrate_internal::read_tracking_rows(connection, options);
}

namespace {

bool record_without_running(db::Connection& connection, const MigrationFolder& folder,
                            const std::string& tag, const MigrateOptions& options,
                            const std::string& mode) {
  const Migration* migration = folder.find(tag);
  if (!migration) {
    throw Error(ErrorKind::Usage, fmt::format("no migration named {} in the journal", tag),
                folder.journal_file().string(), "use a tag from 'sleet status'");
  }
  if (!connection.is_idle()) {
    throw Error(ErrorKind::Usage, "the connection is inside a transaction",
                connection.settings().describe(), "record the baseline on an idle connection");
  }
  db::Transaction transaction(connection);
  // The transaction-scoped form of migrate()'s lock: a concurrent migrate waits for this
  // row and then sees the migration as applied.
  connection.query("select pg_advisory_xact_lock($1)",
                   migration_lock_key(options.migrations_schema, options.migrations_table));
  migrate_internal::create_tracking_tables(connection, options, folder);
  for (const TrackingRow& row : migrate_internal::read_tracking_rows(connection, options)) {
    bool same = folder.format() == FolderFormat::V3
                    ? row.name == migration->entry.tag
                    : row.hash == migration->hash && row.created_at == migration->entry.when;
    if (same) {
      return false;  // the transaction rolls back
    }
  }
  migrate_internal::record_migration(connection, options, folder.format(), *migration, 0, mode);
  transaction.commit();
  return true;
}

}  // namespace

bool record_as_applied(db::Connection& connection, const MigrationFolder& folder,
                       const std::string& tag, const MigrateOptions& options) {
  return record_without_running(connection, folder, tag, options, "baseline");
}

bool mark_as_applied(db::Connection& connection, const MigrationFolder& folder,
                     const std::string& tag, const MigrateOptions& options) {
  return record_without_running(connection, folder, tag, options, "marked");
}

}  // namespace sleet
