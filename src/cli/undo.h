// The undo and recovery commands (rollback, repair, verify, backups), declared apart from
// cli.h so the other commands do not depend on them.
#pragma once

#include <string>

#include "cli/cli.h"
#include "sleet/journal.h"
#include "sleet/migrate.h"

namespace sleet::cli {

void register_rollback(CLI::App& app, Context& context);
void register_repair(CLI::App& app, Context& context);
void register_verify(CLI::App& app, Context& context);

// sleet verify, also run by `check --verify` (command_verify.cpp).
struct VerifyFlags {
  std::string out;          // the migration folder; empty: each target's `out`
  std::string scratch_url;  // empty: the development database's server
};
void run_verify(Context& context, const VerifyFlags& flags);
// `sleet db restore` (command_backup.cpp), added to the db command.
void register_restore(CLI::App& db_command, Context& context);

// migrate --mark-applied (command_repair.cpp): records `tag` of `folder` as applied in
// `target`'s database without running it, after a question at a terminal (or with `yes`).
std::string mark_applied(Project& project, const Target* target, const MigrationFolder& folder,
                         const MigrateOptions& options, const std::string& tag, bool yes,
                         Output& output);

// migrate --backup (command_backup.cpp): when `folder` has pending migrations, dumps the
// database `connection` reaches into `directory` with pg_dump and prints the file; throws
// (nothing migrated) when the dump fails.
void backup_before_migrating(db::Connection& connection, const MigrationFolder& folder,
                             const MigrateOptions& options, const std::string& directory,
                             Output& output, bool json);

}  // namespace sleet::cli
