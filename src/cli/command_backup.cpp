// migrate --backup and sleet db restore: pg_dump before migrating, pg_restore into a new
// database.
#include <fmt/format.h>

#include <chrono>
#include <memory>

#include "cli/cli.h"
#include "cli/confirm.h"
#include "cli/rename_prompt.h"
#include "cli/undo.h"
#include "sleet/backup.h"
#include "sleet/error.h"
#include "sleet/migrate.h"

namespace sleet::cli {

namespace {

struct RestoreFlags {
  std::string file;
  std::string into;
  DestructiveFlags destructive;
};

void run_restore(Context& context, const RestoreFlags& flags) {
  Output output(context.options);
  Project project(context.options);
  std::vector<std::optional<Target>> targets = project.targets_or_none();
  if (targets.size() != 1) {
    throw Error(ErrorKind::Usage, "restore one target at a time", "--all",
                "name the target with --target NAME");
  }
  const Target* target = targets.front() ? &*targets.front() : nullptr;
  db::ResolvedConnection resolved =
      project.connection(target, [&](const std::string& line) { output.info(line); });
  db::ConnectionSettings into = resolved.settings;
  if (!flags.into.empty()) into.database = flags.into;
  if (into.database == resolved.settings.database) {
    // Over the configured database: it is dropped first, so only with both guards.
    if (!flags.destructive.force || !can_prompt()) {
      throw Error(
          ErrorKind::Usage,
          fmt::format("restoring over the configured database {} replaces it", into.database),
          into.describe(),
          "restore into a new database with --into NAME; replacing it needs --force and "
          "a terminal to confirm at");
    }
    DestructiveFlags ask = flags.destructive;
    ask.force = false;  // asked at the terminal all the same
    confirm_destructive(
        fmt::format("drop database {} and restore {} into it", into.database, flags.file), ask,
        project.environment());
    db::drop_database(into, true);
  }
  int major = 0;
  {
    db::ConnectionSettings server = into;
    server.database = "postgres";
    major = db::Connection(server).server_version() / 10000;
  }
  if (!db::create_database_if_missing(into)) {
    throw Error(ErrorKind::Usage, fmt::format("database {} exists already", into.database),
                into.describe(), "restore into a new database: choose another --into NAME");
  }
  try {
    db::restore_database(into, major, flags.file);
  } catch (...) {
    db::drop_database(into, true);  // created above: leave nothing half restored behind
    throw;
  }
  output.line(
      fmt::format("  {} {} into {}", output.green("restored"), flags.file, into.describe()));
}

}  // namespace

void backup_before_migrating(db::Connection& connection, const MigrationFolder& folder,
                             const MigrateOptions& options, const std::string& directory,
                             Output& output, bool json) {
  MigrateOptions dry = options;
  dry.dry_run = true;
  MigrationReport pending = migrate(connection, folder, dry);
  if (pending.applied.empty()) return;
  std::filesystem::path file =
      db::backup_database(connection.settings(), connection.server_version() / 10000, directory,
                          pending.applied.front().tag);
  std::string line =
      fmt::format("backed up {} to {}", connection.settings().describe(), file.string());
  if (json) {
    output.info(line);
  } else {
    output.line(line);
  }
}

void register_restore(CLI::App& db_command, Context& context) {
  auto flags = std::make_shared<RestoreFlags>();
  auto* restore = db_command.add_subcommand(
      "restore", "Restore a backup (migrate --backup) into a new database");
  restore->add_option("file", flags->file, "The .dump file")->required();
  restore->add_option("--into", flags->into,
                      "The new database (default: the configured one, which needs --force)");
  add_destructive_flags(restore, flags->destructive);
  restore->callback([&context, flags] { run_restore(context, *flags); });
}

}  // namespace sleet::cli
