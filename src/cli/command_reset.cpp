// sleet reset: development only. Drops what sleet manages, migrates again from nothing,
// then seeds.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/cli.h"
#include "cli/confirm.h"
#include "cli/target_runner.h"
#include "sleet/migrate.h"
#include "sleet/sql.h"

namespace sleet::cli {

namespace {

struct ResetFlags {
  DestructiveFlags destructive;
  bool push = false;  // push the schema files instead of migrating
};

std::string reset_target(Context& context, Project& project, const Target& target,
                         const ResetFlags& reset, Output& output) {
  const DestructiveFlags& flags = reset.destructive;
  auto resolved = project.connection(&target, [&](const std::string& line) { output.info(line); });
  const auto& settings = resolved.settings;
  std::vector<std::string> schemas = target.schema_filter;
  confirm_destructive(fmt::format("reset {} (drop schema{} {} and all data in {}, then {} "
                                  "and seed again)",
                                  settings.describe(), schemas.size() == 1 ? "" : "s",
                                  fmt::join(schemas, ", "), schemas.size() == 1 ? "it" : "them",
                                  reset.push ? "push the schema files" : "migrate"),
                      flags, project.environment());
  if (db::database_exists(settings)) {
    db::Connection connection(settings);
    MigrateOptions tracking;
    tracking.migrations_schema = target.migrations_schema;
    tracking.migrations_table = target.migrations_table;
    drop_managed_schemas(connection, schemas, tracking);
    output.line(fmt::format("dropped {}", fmt::join(schemas, ", ")));
  }
  std::string migrated;
  if (reset.push) {
    if (db::create_database_if_missing(settings)) {
      output.line(fmt::format("created database {}", settings.describe()));
    }
    if (!target.extensions.empty()) {
      db::Connection connection(settings);
      for (const auto& extension : target.extensions) {
        connection.execute("CREATE EXTENSION IF NOT EXISTS " + sql::quote_identifier(extension));
      }
    }
    migrated = push_target_default(context, project, target, output);
  } else {
    migrated = migrate_target_default(context, project, &target, true, output);
  }
  std::string seeded = seed_target(context, project, target, false, output, false);
  return fmt::format("reset: {}; {}", migrated, seeded);
}

}  // namespace

void register_reset(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "reset",
      "Development only: drop the managed schemas, migrate from nothing (or --push), seed");
  auto flags = std::make_shared<ResetFlags>();
  add_destructive_flags(command, flags->destructive);
  command->add_flag("--push", flags->push,
                    "Push the schema files instead of applying the migrations (no migration "
                    "folder needed; the tracking table stays empty)");
  command->callback([&context, flags] {
    Project project(context.options);
    project.environment();
    run_for_targets(project.targets(), context.options,
                    [&](const Target& target, Output& output) {
                      return reset_target(context, project, target, *flags, output);
                    });
  });
}

}  // namespace sleet::cli
