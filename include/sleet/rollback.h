// Rollback: the down scripts (down_script_file) of the last applied migrations, run newest
// first under migrate()'s advisory lock, each in one transaction with its tracking row
// removed. docs/commands/rollback.md describes the command.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sleet/db.h"
#include "sleet/journal.h"
#include "sleet/migrate.h"

namespace sleet {

struct RollbackOptions {
  int steps = 1;       // roll back this many applied migrations (when to_tag is empty)
  std::string to_tag;  // roll back every applied migration after this one; it stays applied
};

// One migration to roll back.
struct RollbackStep {
  std::string tag;
  std::string hash;                 // the applied file's hash (the tracking row's)
  std::int64_t when = 0;            // the journal's when (the tracking row's created_at)
  std::filesystem::path down_file;  // down_script_file(migration file)
  std::string down_text;
  std::vector<MigrationChunk> chunks;  // split_migration(down_text)
  std::filesystem::path snapshot;      // meta/<prefix>_snapshot.json: the state it left
};

// The migrations a rollback would undo, newest first, read from the tracking table without
// taking a lock or changing anything. Throws sleet::Error (Usage) when nothing is applied,
// when fewer migrations are applied than asked, when to_tag is not in the journal or not
// applied, when an applied migration's file was edited (sleet repair first), and when a
// migration to roll back has no down script or one without a statement, naming it and the
// file.
std::vector<RollbackStep> plan_rollback(db::Connection& connection, const MigrationFolder& folder,
                                        const RollbackOptions& rollback,
                                        const MigrateOptions& options = {});

struct RolledBack {
  std::string tag;
  double duration_ms = 0;
};

// Runs `steps` (from plan_rollback) in order under migrate()'s advisory lock: each down script
// in one transaction with its tracking row deleted and a history row (mode "rollback")
// added. Throws sleet::Error (Failure) naming the migration, statement number and
// down_file:line:col when a statement fails (that migration's rollback is undone; earlier
// steps stay rolled back), or when a tracking row is gone (another run rolled it back).
// `done` is called after each step commits.
std::vector<RolledBack> rollback(db::Connection& connection, const std::vector<RollbackStep>& steps,
                                 const MigrateOptions& options = {},
                                 const std::function<void(const RolledBack&)>& done = {});

// Records `folder`'s migration `tag` as applied without running it, as record_as_applied()
// does, with history mode "marked" (migrate --mark-applied: fixed by hand). Returns false,
// changing nothing, when it is already recorded. Throws as record_as_applied() does.
bool mark_as_applied(db::Connection& connection, const MigrationFolder& folder,
                     const std::string& tag, const MigrateOptions& options = {});

// Accepts an intended edit of applied migrations (Flyway's repair): for each of `tags`
// (every edited migration when empty) the tracking row's hash becomes the file's, in one
// transaction under migrate()'s lock, with a history row (mode "repair"); the history rows
// of the old hash stay. Returns the tags repaired (none when nothing was edited). Throws
// sleet::Error (Usage) when a tag is not in the journal or was not edited.
std::vector<std::string> repair_migrations(db::Connection& connection,
                                           const MigrationFolder& folder,
                                           const std::vector<std::string>& tags,
                                           const MigrateOptions& options = {});

}  // namespace sleet
