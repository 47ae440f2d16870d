#include "cli/drift.h"

#include <fmt/format.h>

#include <algorithm>

#include "sleet/diff.h"
#include "sleet/push.h"
#include "sleet/snapshot.h"
#include "sleet/sql.h"

namespace sleet::cli {

DriftCheck compare_snapshot_with_database(db::Connection& connection, const MigrationFolder& folder,
                                          const std::filesystem::path& snapshot,
                                          const Target* target, const std::string& tenant_schema) {
  DriftCheck drift;
  drift.snapshot = snapshot;
  Snapshot read = read_latest_snapshot(folder, snapshot);
  Schema expected = std::move(read.schema);
  // Custom migrations ran too: what they created is expected, though no snapshot holds it.
  drift.custom = fold_custom_migrations(folder, expected, snapshot.string());
  Target settings = target ? *target : Target{};  // no sleet.toml: public, default tracking
  std::optional<std::string> search_path;
  if (!tenant_schema.empty()) {
    expected = moved_to_schema(expected, "public", tenant_schema);
    expected.extensions.clear();
    settings.extensions.clear();
    settings.schema_filter = {tenant_schema};
    settings.migrations_schema = tenant_schema;
    // Expressions as the catalog prints them for the tenant's own session: unqualified.
    search_path = std::string(connection.execute("show search_path").value(0, 0));
    connection.execute("SET search_path TO " + sql::quote_identifier(tenant_schema));
  }
  Schema declared = with_configured_extensions(settings, expected);
  InspectOptions options = inspect_options(settings, declared);
  DatabaseComparison comparison = compare_with_database(connection, declared, options);
  if (search_path) connection.execute("SET search_path TO " + *search_path);
  if (!tenant_schema.empty()) {
    comparison.database.extensions.clear();
    comparison.declared.extensions.clear();
  }
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

// A snapshot describes the database only once every migration is applied, so anything else
// leaves drift unchecked (with the reason).
DriftCheck check_drift(db::Connection& connection, const MigrationFolder& folder,
                       const StatusReport& report, const Target* target) {
  DriftCheck drift;
  auto count = [&](MigrationState state) {
    return std::count_if(report.migrations.begin(), report.migrations.end(),
                         [&](const MigrationStatus& m) { return m.state == state; });
  };
  std::size_t pending = count(MigrationState::Pending) + count(MigrationState::OutOfOrder);
  if (pending > 0) {
    drift.reason = fmt::format("{} migration{} pending", pending, pending == 1 ? " is" : "s are");
    return drift;
  }
  if (count(MigrationState::Edited) + count(MigrationState::MissingFile) > 0) {
    drift.reason = "the applied migrations do not match the folder";
    return drift;
  }
  std::optional<std::filesystem::path> snapshot = folder.latest_snapshot();
  if (report.migrations.empty() || !snapshot) {
    drift.reason = "the migration folder has no snapshot";
    return drift;
  }
  return compare_snapshot_with_database(connection, folder, *snapshot, target);
}

nlohmann::ordered_json drift_json(const DriftCheck& drift) {
  if (!drift.checked) return {{"checked", false}, {"reason", drift.reason}};
  return {{"checked", true},
          {"snapshot", drift.snapshot.string()},
          {"custom_migrations", drift.custom.tags},
          {"found", drift.found()},
          {"extensions_and_comments_compared", !drift.limited},
          {"statements", to_json(drift.plan)}};
}

}  // namespace sleet::cli
