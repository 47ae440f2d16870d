// repair_migrations(): accept an intended edit of an applied migration.
#include <fmt/format.h>

#include <algorithm>

#include "migrate/tracking_table.h"
#include "sleet/error.h"
#include "sleet/migrate.h"
#include "sleet/rollback.h"

namespace sleet {

std::vector<std::string> repair_migrations(db::Connection& connection,
                                           const MigrationFolder& folder,
                                           const std::vector<std::string>& tags,
                                           const MigrateOptions& options) {
  for (const std::string& tag : tags) {
    if (!folder.find(tag)) {
      throw Error(ErrorKind::Usage, fmt::format("no migration named {} in the journal", tag),
                  folder.journal_file().string(), "use a tag from 'sleet status'");
    }
  }
  if (!migrate_internal::tracking_table_exists(connection, options)) {
    if (!tags.empty()) {
      throw Error(ErrorKind::Usage, "nothing is applied to this database, so nothing to repair",
                  connection.settings().describe(), "sleet status shows what is applied");
    }
    return {};
  }
  db::Transaction transaction(connection);
  connection.query("select pg_advisory_xact_lock($1)",
                   migration_lock_key(options.migrations_schema, options.migrations_table));
  migrate_internal::create_history_table(connection, options);
  std::vector<TrackingRow> rows = migrate_internal::read_tracking_rows(connection, options);
  std::vector<MigrationStatus> statuses = classify_migrations(folder.migrations(), rows);
  std::vector<std::string> repaired;
  for (std::size_t i = 0; i < folder.migrations().size(); ++i) {
    const MigrationStatus& status = statuses[i];
    const Migration& migration = folder.migrations()[i];
    bool named = std::find(tags.begin(), tags.end(), status.tag) != tags.end();
    if (!tags.empty() && !named) continue;
    if (status.state != MigrationState::Edited) {
      if (named) {
        throw Error(ErrorKind::Usage,
                    fmt::format("migration {} is {}, not edited: nothing to repair", status.tag,
                                to_string(status.state)),
                    migration.file.string(), "sleet status shows which migrations were edited");
      }
      continue;
    }
    connection.query(fmt::format("update {} set hash = $1 where created_at = $2 and hash = $3",
                                 migrate_internal::tracking_table_name(options)),
                     migration.hash, migration.entry.when, status.stored_hash);
    migrate_internal::record_history(connection, options, migration, 0, "repair");
    repaired.push_back(status.tag);
  }
  transaction.commit();
  return repaired;
}

}  // namespace sleet
