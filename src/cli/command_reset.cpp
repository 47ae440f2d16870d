// sleet reset: development only. Drops what sleet manages, migrates again from nothing,
// then seeds.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/cli.h"
#include "cli/confirm.h"
#include "cli/target_runner.h"
#include "sleet/migrate.h"

namespace sleet::cli {

namespace {

std::string reset_target(Context& context, Project& project, const Target& target,
                         const DestructiveFlags& flags, Output& output) {
  auto resolved = project.connection(&target, [&](const std::string& line) { output.info(line); });
  const auto& settings = resolved.settings;
  std::vector<std::string> schemas = target.schema_filter;
  confirm_destructive(fmt::format("reset {} (drop schema{} {} and all data in {}, then migrate "
                                  "and seed again)",
                                  settings.describe(), schemas.size() == 1 ? "" : "s",
                                  fmt::join(schemas, ", "), schemas.size() == 1 ? "it" : "them"),
                      flags, project.environment());
  if (db::database_exists(settings)) {
    db::Connection connection(settings);
    MigrateOptions tracking;
    tracking.migrations_schema = target.migrations_schema;
    tracking.migrations_table = target.migrations_table;
    drop_managed_schemas(connection, schemas, tracking);
    output.line(fmt::format("dropped {}", fmt::join(schemas, ", ")));
  }
  std::string migrated = migrate_target_default(context, project, &target, true, output);
  std::string seeded = seed_target(context, project, target, false, output, false);
  return fmt::format("reset: {}; {}", migrated, seeded);
}

}  // namespace

void register_reset(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "reset", "Development only: drop the managed schemas, migrate from nothing, seed");
  auto flags = std::make_shared<DestructiveFlags>();
  add_destructive_flags(command, *flags);
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
