// rollback(): the down scripts of the last applied migrations, newest first, under the lock.
#include "sleet/rollback.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "migrate/run_lock.h"
#include "migrate/tracking_table.h"
#include "sleet/down_scripts.h"
#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/sql.h"

namespace sleet {

namespace {

using Clock = std::chrono::steady_clock;

// The applied migrations, in journal order, with their files.
std::vector<const Migration*> applied_migrations(const MigrationFolder& folder,
                                                 const std::vector<TrackingRow>& rows) {
  std::vector<MigrationStatus> statuses = classify_migrations(folder.migrations(), rows);
  std::vector<const Migration*> applied;
  for (std::size_t i = 0; i < folder.migrations().size(); ++i) {
    const MigrationStatus& status = statuses[i];
    if (status.state == MigrationState::Edited) {
      throw Error(ErrorKind::Usage,
                  fmt::format("migration {} was edited after it was applied", status.tag),
                  folder.migrations()[i].file.string(),
                  "restore the applied version (git log -p FILE), or accept the edit with "
                  "`sleet repair " +
                      status.tag + "`, then roll back");
    }
    if (status.state == MigrationState::Applied) applied.push_back(&folder.migrations()[i]);
  }
  return applied;
}

RollbackStep step_for(const Migration& migration, const MigrationFolder& folder) {
  RollbackStep step;
  step.tag = migration.entry.tag;
  step.hash = migration.hash;
  step.when = migration.entry.when;
  step.down_file = down_script_file(migration.file);
  step.snapshot = folder.meta_directory() / snapshot_file_name(migration.entry.tag);
  std::error_code error;
  if (!std::filesystem::exists(step.down_file, error)) {
    throw Error(
        ErrorKind::Usage,
        fmt::format("migration {} has no down script, so it cannot be rolled back", step.tag),
        step.down_file.string(),
        "write the SQL that undoes it into this file (sleet generate writes one for "
        "each migration it generates), then run rollback again");
  }
  step.down_text = read_text_file(step.down_file);
  if (sql::split_statements(step.down_text, step.down_file.string()).empty()) {
    throw Error(ErrorKind::Usage,
                fmt::format("the down script of {} holds no statement, so rolling it back would "
                            "only forget it was applied",
                            step.tag),
                step.down_file.string(),
                "write the SQL that undoes the migration below the comments, then run rollback "
                "again");
  }
  step.chunks = split_migration(step.down_text);
  return step;
}

std::string chunk_location(const RollbackStep& step, const MigrationChunk& chunk, int position) {
  std::size_t byte = 0;
  if (position > 0) {
    byte = byte_offset_of_character(chunk.text, position);
  } else {
    while (byte < chunk.text.size() && std::isspace(static_cast<unsigned char>(chunk.text[byte])))
      ++byte;
  }
  auto [line, column] = line_and_column(step.down_text, chunk.offset + byte);
  return format_location(step.down_file.string(), line, column);
}

// Runs the down script's statements: in `transaction` when there is one, else (a down script
// marked sleet:transaction=off) one at a time, each committed.
void run_down_statements(db::Connection& connection, const RollbackStep& step,
                         bool in_transaction) {
  for (std::size_t i = 0; i < step.chunks.size(); ++i) {
    try {
      connection.execute(step.chunks[i].text);
    } catch (const db::DatabaseError& e) {
      std::string hint =
          in_transaction
              ? "its rollback was undone: the database and the tracking row are as before; fix "
                "the down script and run rollback again"
          : i == 0
              ? "nothing ran and the tracking row is kept; fix the down script and run rollback "
                "again"
              : fmt::format(
                    "the down script runs outside a transaction (sleet:transaction=off): "
                    "statements 1 to {} ran and stay, and the tracking row is kept; undo them "
                    "or remove them from the down script, fix the failing one, and run rollback "
                    "again",
                    i);
      throw Error(ErrorKind::Failure,
                  fmt::format("rolling back {} failed at statement {} of {} of its down script: {}",
                              step.tag, i + 1, step.chunks.size(), e.what()),
                  chunk_location(step, step.chunks[i], e.position()), hint);
    }
  }
}

RolledBack run_step(db::Connection& connection, const RollbackStep& step,
                    const MigrateOptions& options) {
  auto start = Clock::now();
  bool in_transaction = transaction_directive(step.down_text) != TransactionDirective::Off;
  std::optional<db::Transaction> transaction;
  if (in_transaction) transaction.emplace(connection);
  run_down_statements(connection, step, in_transaction);
  if (!in_transaction) transaction.emplace(connection);  // the tracking row and history together
  // The tracking row the migration was matched by: hash and created_at, else the hash alone.
  auto deleted = connection.query(
      fmt::format("delete from {0} where id = (select id from {0} where hash = $1 "
                  "order by (created_at is not distinct from $2) desc, id desc limit 1) "
                  "returning id",
                  migrate_internal::tracking_table_name(options)),
      step.hash, step.when);
  if (deleted.rows() == 0) {
    throw Error(
        ErrorKind::Failure,
        fmt::format("{} is no longer recorded as applied; another run rolled it back", step.tag),
        connection.settings().describe(), "run sleet status to see where the database is");
  }
  Migration migration;
  migration.entry.tag = step.tag;
  migration.entry.when = step.when;
  migration.hash = step.hash;
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  migrate_internal::record_history(connection, options, migration, ms, "rollback");
  transaction->commit();
  return {step.tag, ms};
}

}  // namespace

std::vector<RollbackStep> plan_rollback(db::Connection& connection, const MigrationFolder& folder,
                                        const RollbackOptions& rollback,
                                        const MigrateOptions& options) {
  if (!rollback.to_tag.empty() && !folder.find(rollback.to_tag)) {
    throw Error(ErrorKind::Usage,
                fmt::format("no migration named {} in the journal", rollback.to_tag),
                folder.journal_file().string(), "use a tag from 'sleet status'");
  }
  if (rollback.to_tag.empty() && rollback.steps < 1) {
    throw Error(ErrorKind::Usage, fmt::format("--steps {} rolls nothing back", rollback.steps),
                "--steps", "give a number of migrations of at least 1");
  }
  std::vector<const Migration*> applied =
      applied_migrations(folder, tracking_rows(connection, options));
  if (applied.empty()) {
    throw Error(ErrorKind::Usage, "no migration of the folder is applied to this database",
                connection.settings().describe(), "sleet status shows what is applied");
  }
  std::size_t keep = 0;
  if (!rollback.to_tag.empty()) {
    auto at = std::find_if(applied.begin(), applied.end(), [&](const Migration* migration) {
      return migration->entry.tag == rollback.to_tag;
    });
    if (at == applied.end()) {
      throw Error(ErrorKind::Usage, fmt::format("migration {} is not applied", rollback.to_tag),
                  connection.settings().describe(),
                  "--to names the applied migration to go back to (it stays applied); sleet "
                  "status lists them");
    }
    keep = static_cast<std::size_t>(at - applied.begin()) + 1;
  } else {
    if (static_cast<std::size_t>(rollback.steps) > applied.size()) {
      throw Error(ErrorKind::Usage,
                  fmt::format("--steps {} asks for more migrations than the {} applied",
                              rollback.steps, applied.size()),
                  connection.settings().describe(), "sleet status lists the applied migrations");
    }
    keep = applied.size() - static_cast<std::size_t>(rollback.steps);
  }
  std::vector<RollbackStep> steps;
  for (std::size_t i = applied.size(); i > keep; --i) {
    steps.push_back(step_for(*applied[i - 1], folder));
  }
  return steps;
}

std::vector<RolledBack> rollback(db::Connection& connection, const std::vector<RollbackStep>& steps,
                                 const MigrateOptions& options,
                                 const std::function<void(const RolledBack&)>& done) {
  // migrate's lock, taken as migrate takes it, so that it holds (and goes) through a
  // transaction-mode pooler too; released when `lock` goes, however this returns.
  migrate_internal::RunLock lock(
      connection.settings(),
      migration_lock_key(options.migrations_schema, options.migrations_table),
      options.lock_timeout);
  std::vector<RolledBack> rolled_back;
  migrate_internal::create_history_table(connection, options);
  for (const RollbackStep& step : steps) {
    rolled_back.push_back(run_step(connection, step, options));
    if (done) done(rolled_back.back());
  }
  return rolled_back;
}

}  // namespace sleet
