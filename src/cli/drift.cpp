#include "cli/drift.h"

#include "sleet/diff.h"
#include "sleet/push.h"
#include "sleet/snapshot.h"

namespace sleet::cli {

DriftCheck compare_snapshot_with_database(db::Connection& connection, const MigrationFolder& folder,
                                          const std::filesystem::path& snapshot,
                                          const Target* target) {
  DriftCheck drift;
  drift.snapshot = snapshot;
  Snapshot read = read_snapshot(read_text_file(snapshot), snapshot.string(), false);
  Schema expected = std::move(read.schema);
  // Custom migrations ran too: what they created is expected, though no snapshot holds it.
  drift.custom = fold_custom_migrations(folder, expected, snapshot.string());
  Target defaults;  // no sleet.toml: public and the default tracking table
  const Target& settings = target ? *target : defaults;
  Schema declared = with_configured_extensions(settings, expected);
  InspectOptions options = inspect_options(settings, declared);
  DatabaseComparison comparison = compare_with_database(connection, declared, options);
  if (!read.has_sleet_member) {
    // drizzle-kit wrote it: it has no slot for extensions and comments (custom migrations
    // make them), so only what it can say is compared.
    drift.limited = true;
    drop_what_drizzle_snapshots_cannot_hold(comparison.declared);
    drop_what_drizzle_snapshots_cannot_hold(comparison.database);
  }
  NoRenames no_renames;  // a rename by hand shows as drop + create: drift either way
  std::vector<Change> changes = diff_schemas(comparison.declared, comparison.database, no_renames);
  drift.plan = plan_changes(changes, comparison.declared, comparison.database);
  drift.server_normalized = comparison.server_normalized;
  drift.server_normalization_failed = comparison.server_normalization_failed;
  drift.unmatched_filters = comparison.unmatched_filters;
  drift.checked = true;
  return drift;
}

}  // namespace sleet::cli
