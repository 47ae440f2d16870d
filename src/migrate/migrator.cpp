// migrate(): lock, read the tracking table, refuse what is unsafe, apply what is pending.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <optional>
#include <set>
#include <thread>

#include "migrate/lock_waits.h"
#include "migrate/resumable_run.h"
#include "migrate/tracking_table.h"
#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/migrate.h"
#include "sleet/sql.h"

namespace sleet {

namespace {

using Clock = std::chrono::steady_clock;

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct RunPlan {
  std::vector<const Migration*> to_apply;
  std::vector<bool> transactional;  // parallel to to_apply
  std::size_t already_applied = 0;
  std::vector<std::string> not_applied;
  std::vector<std::string> warnings;
};

bool runs_in_transaction(const Migration& migration, std::string* reason) {
  switch (transaction_directive(migration.text)) {
    case TransactionDirective::On:
      return true;
    case TransactionDirective::Off:
      *reason = "-- sleet:transaction=off";
      return false;
    case TransactionDirective::None:
      break;
  }
  for (const auto& chunk : migration.chunks) {
    if (auto found = statement_needing_no_transaction(chunk.text)) {
      *reason = *found;
      return false;
    }
  }
  return true;
}

RunPlan plan_run(const MigrationFolder& folder, const std::vector<TrackingRow>& rows,
                 const MigrateOptions& options, bool single_transaction) {
  RunPlan plan;
  auto statuses = classify_migrations(folder.migrations(), rows, folder.format());
  const auto& migrations = folder.migrations();
  std::vector<std::string> edited;
  std::vector<std::string> out_of_order;
  bool past_target = false;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    const MigrationStatus& status = statuses[i];
    if (status.state == MigrationState::MissingFile) {
      plan.warnings.push_back(fmt::format(
          "the tracking table has a row (hash {}, created_at {}) that matches no migration file; "
          "was a migration deleted after it was applied?",
          status.hash.substr(0, 12), status.when));
      continue;
    }
    const Migration& migration = migrations[i];
    if (status.state == MigrationState::Applied) {
      ++plan.already_applied;
    } else if (status.state == MigrationState::Edited) {
      ++plan.already_applied;
      if (options.allow_edited) {
        plan.warnings.push_back(
            fmt::format("{} was edited after it was applied (allowed by --allow-edited)",
                        migration.file.string()));
      } else {
        edited.push_back(migration.file.string());
      }
    } else {
      if (status.state == MigrationState::OutOfOrder) {
        if (!options.allow_out_of_order) {
          out_of_order.push_back(migration.entry.tag);
          continue;
        }
        plan.warnings.push_back(fmt::format(
            "{} is older than the newest applied migration; applying it (--allow-out-of-order)",
            migration.entry.tag));
      }
      if (past_target) {
        plan.not_applied.push_back(migration.entry.tag);
        continue;
      }
      std::string reason;
      bool transactional = runs_in_transaction(migration, &reason);
      if (!transactional && single_transaction) {
        throw Error(ErrorKind::Usage,
                    fmt::format("migration {} cannot run inside a transaction ({}), but all "
                                "migrations were asked to run in one",
                                migration.entry.tag, reason),
                    migration.file.string(),
                    "run without --single-transaction / --lock-mode transaction, or move that "
                    "statement to a migration of its own");
      }
      plan.to_apply.push_back(&migration);
      plan.transactional.push_back(transactional);
    }
    if (!options.to_tag.empty() && migration.entry.tag == options.to_tag) past_target = true;
  }
  if (!edited.empty()) {
    throw Error(ErrorKind::Failure,
                fmt::format("{} applied migration file{} changed since {} applied: {}",
                            edited.size(), edited.size() == 1 ? "" : "s",
                            edited.size() == 1 ? "it was" : "they were", fmt::join(edited, ", ")),
                "",
                "restore the applied version (git log -p FILE) and put changes in a new "
                "migration; if the edit is harmless (a comment), run with --allow-edited");
  }
  if (!out_of_order.empty()) {
    throw Error(ErrorKind::Failure,
                fmt::format("pending migration{} {} {} older than the newest applied migration; "
                            "drizzle-kit migrate would silently skip {}",
                            out_of_order.size() == 1 ? "" : "s", fmt::join(out_of_order, ", "),
                            out_of_order.size() == 1 ? "is" : "are",
                            out_of_order.size() == 1 ? "it" : "them"),
                folder.journal_file().string(),
                "if it does not depend on later migrations, run with --allow-out-of-order; "
                "otherwise regenerate it on top of the latest one (sleet drop, sleet generate)");
  }
  return plan;
}

// One piece of SQL sent to the server and where it starts in the migration file.
struct SentStatement {
  std::string text;
  std::size_t offset = 0;
  std::size_t chunk_number = 0;  // 1-based
};

std::vector<SentStatement> statements_to_send(const Migration& migration, bool transactional) {
  std::vector<SentStatement> out;
  for (std::size_t i = 0; i < migration.chunks.size(); ++i) {
    const MigrationChunk& chunk = migration.chunks[i];
    if (transactional) {
      out.push_back({chunk.text, chunk.offset, i + 1});
      continue;
    }
    // Outside a transaction each statement goes alone: a multi-statement query string is an
    // implicit transaction, which CREATE INDEX CONCURRENTLY refuses.
    try {
      for (const auto& statement : sql::split_statements(chunk.text, migration.file.string())) {
        out.push_back({statement.text, chunk.offset + statement.offset, i + 1});
      }
    } catch (const Error&) {
      out.push_back({chunk.text, chunk.offset, i + 1});
    }
  }
  return out;
}

std::string error_location(const Migration& migration, const SentStatement& sent, int position) {
  std::size_t byte = 0;
  if (position > 0) {
    byte = byte_offset_of_character(sent.text, position);  // the server counts characters
  } else {
    while (byte < sent.text.size() && std::isspace(static_cast<unsigned char>(sent.text[byte]))) {
      ++byte;
    }
  }
  auto [line, column] = line_and_column(migration.text, sent.offset + byte);
  return format_location(migration.file.string(), line, column);
}

// A statement gave up waiting for a lock (SQLSTATE 55P03) in a migration that left nothing
// behind: it ran in a transaction, or failed at its first statement. migrate() tries again.
struct LockTimedOut {
  Error error;            // as throw_statement_failure says it
  std::string statement;  // the SQL that waited
};

[[noreturn]] void throw_statement_failure(const Migration& migration, const SentStatement& sent,
                                          std::size_t total_chunks, const db::DatabaseError& error,
                                          bool transactional, bool single_transaction) {
  std::string message =
      fmt::format("migration {} failed at statement {} of {}: {}", migration.entry.tag,
                  sent.chunk_number, total_chunks, error.what());
  if (!error.detail().empty()) message += " (" + error.detail() + ")";
  std::string hint = error.hint().empty() ? "" : error.hint() + "\n  ";
  if (single_transaction) {
    hint += "everything this run applied was rolled back; fix the migration and run again";
  } else if (transactional) {
    hint += "this migration was rolled back (earlier ones stay applied); fix it and run again";
  } else {
    hint +=
        "this migration runs outside a transaction: its statements before this one stay "
        "applied and are recorded as done; remove the cause and run sleet migrate again, "
        "which resumes at this statement (an edited file starts over from its first)";
  }
  throw Error(ErrorKind::Failure, message, error_location(migration, sent, error.position()), hint);
}

class MigrationRun {
 public:
  MigrationRun(db::Connection& connection, const MigrationFolder& folder,
               const MigrateOptions& options, const ProgressCallback& progress)
      : connection_(connection),
        folder_(folder),
        options_(options),
        progress_(progress),
        single_(options.single_transaction || options.lock_mode == LockMode::Transaction),
        key_(migration_lock_key(options.migrations_schema, options.migrations_table)) {}

  MigrationReport run();
  // What a failed run() committed before it failed.
  const std::vector<AppliedMigration>& committed() const { return committed_; }

 private:
  void emit(MigrateProgress::Kind kind, std::string tag, std::string message, double ms = 0) {
    if (progress_) progress_({kind, std::move(tag), std::move(message), ms});
  }
  // Runs statement `index` (0-based) of `statements` through `run`, reporting its start and
  // its end with the time it took.
  template <typename Run>
  void run_statement(const Migration& migration, const std::vector<SentStatement>& statements,
                     std::size_t index, Run&& run) {
    MigrateProgress event{MigrateProgress::Kind::StatementStarted, migration.entry.tag, "", 0};
    event.statement = index + 1;
    event.statements = statements.size();
    event.sql = statements[index].text;
    if (progress_) progress_(event);
    auto start = Clock::now();
    run();
    event.kind = MigrateProgress::Kind::StatementDone;
    event.duration_ms = milliseconds_since(start);
    if (progress_) progress_(event);
  }
  void acquire_lock(MigrationReport& report);
  void prepare_database();
  AppliedMigration apply(const Migration& migration, bool transactional);
  // Runs `statements` of a migration outside a transaction, skipping those an earlier run
  // recorded as done; returns how many it skipped.
  std::size_t run_resumably(const Migration& migration,
                            const std::vector<SentStatement>& statements);
  // Whether the interrupted concurrent index statement `index` must run again: an index
  // left INVALID by a build is dropped first; a finished build or drop needs nothing.
  bool redo_concurrent_index(const migrate_internal::ConcurrentIndexStatement& index);
  std::string set_command(const char* name, std::chrono::milliseconds value) const {
    return fmt::format("SET {}{} = {}", single_ ? "LOCAL " : "", name, value.count());
  }

  db::Connection& connection_;
  const MigrationFolder& folder_;
  const MigrateOptions& options_;
  const ProgressCallback& progress_;
  bool single_;
  std::int64_t key_;
  bool session_lock_held_ = false;
  std::vector<AppliedMigration> committed_;
};

void MigrationRun::acquire_lock(MigrationReport& report) {
  const char* try_lock =
      single_ ? "select pg_try_advisory_xact_lock($1)" : "select pg_try_advisory_lock($1)";
  if (connection_.query(try_lock, key_).value(0, 0) == "t") {
    session_lock_held_ = !single_;
    return;
  }
  report.waited_for_lock = true;
  auto holder = connection_.query(
      "select pid from pg_locks where locktype = 'advisory' and granted and objsubid = 1 "
      "and database = (select oid from pg_database where datname = current_database()) "
      "and classid::bigint = (($1::bigint >> 32) & 4294967295) "
      "and objid::bigint = ($1::bigint & 4294967295) limit 1",
      key_);
  std::string pid = holder.rows() > 0 ? std::string(holder.value(0, 0)) : "unknown";
  emit(MigrateProgress::Kind::WaitingForLock, "",
       fmt::format("waiting for another sleet migrate (pid {} from pg_locks)", pid));
  auto start = Clock::now();
  try {
    connection_.query(single_ ? "select pg_advisory_xact_lock($1)" : "select pg_advisory_lock($1)",
                      key_);
  } catch (const db::DatabaseError& e) {
    if (e.sqlstate() != "55P03") throw;
    throw Error(ErrorKind::Failure,
                fmt::format("gave up waiting for the migration lock held by pid {}", pid),
                connection_.settings().describe(),
                "another migrate is still running; wait for it or raise --lock-timeout");
  }
  session_lock_held_ = !single_;
  emit(MigrateProgress::Kind::LockAcquired, "",
       fmt::format("lock acquired after {:.0f} ms", milliseconds_since(start)));
}

void MigrationRun::prepare_database() {
  for (const auto& extension : options_.extensions) {
    connection_.execute("CREATE EXTENSION IF NOT EXISTS " + sql::quote_identifier(extension));
  }
  std::set<std::string> created_by_migrations;
  if (!options_.schemas.empty()) {
    for (const auto& migration : folder_.migrations()) {
      for (auto& name : schemas_created_in(migration.text)) created_by_migrations.insert(name);
    }
  }
  for (const auto& schema : options_.schemas) {
    if (created_by_migrations.count(schema)) continue;
    connection_.execute("CREATE SCHEMA IF NOT EXISTS " + sql::quote_identifier(schema));
  }
  migrate_internal::create_tracking_tables(connection_, options_, folder_);
}

AppliedMigration MigrationRun::apply(const Migration& migration, bool transactional) {
  AppliedMigration applied{
      migration.entry.tag, migration.hash, migration.entry.when, 0, transactional, 0};
  emit(MigrateProgress::Kind::Started, migration.entry.tag,
       transactional ? "applying " + migration.entry.tag
                     : "applying " + migration.entry.tag + " outside a transaction");
  auto start = Clock::now();
  auto statements = statements_to_send(migration, transactional);
  std::size_t resumed = transactional ? 0 : run_resumably(migration, statements);
  // Unless all migrations share the run's one transaction, each has its own; a migration
  // that cannot run in one (CONCURRENTLY) gets one only for recording it.
  std::optional<db::Transaction> own;
  if (transactional && !single_) own.emplace(connection_);
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (!transactional) break;  // run_resumably ran them
    const SentStatement& statement = statements[i];
    try {
      run_statement(migration, statements, i, [&] { connection_.execute(statement.text); });
    } catch (const db::DatabaseError& e) {
      bool nothing_left = transactional || &statement == &statements.front();
      if (e.sqlstate() == "55P03" && nothing_left) {
        try {
          throw_statement_failure(migration, statement, migration.chunks.size(), e, transactional,
                                  single_);
        } catch (const Error& error) {
          throw LockTimedOut{error, statement.text};
        }
      }
      throw_statement_failure(migration, statement, migration.chunks.size(), e, transactional,
                              single_);
    }
  }
  applied.statements = statements.size();
  applied.duration_ms = milliseconds_since(start);
  if (!transactional && !single_) own.emplace(connection_);
  std::string mode = single_         ? "single-transaction"
                     : transactional ? "transaction"
                                     : "no-transaction";
  migrate_internal::record_migration(connection_, options_, folder_.format(), migration,
                                     applied.duration_ms, mode);
  if (!transactional) migrate_internal::clear_progress(connection_, options_, migration);
  if (own) own->commit();
  applied.duration_ms = milliseconds_since(start);
  applied.resumed_after = resumed;
  std::string how = transactional ? "" : ", outside a transaction";
  if (resumed > 0) {
    how += fmt::format(", resumed: {} of {} statements were done by an earlier run", resumed,
                       statements.size());
  }
  emit(MigrateProgress::Kind::Applied, migration.entry.tag,
       fmt::format("applied {} ({:.0f} ms{})", migration.entry.tag, applied.duration_ms, how),
       applied.duration_ms);
  return applied;
}

bool MigrationRun::redo_concurrent_index(const migrate_internal::ConcurrentIndexStatement& index) {
  auto state = connection_.query(
      "select i.indisvalid from pg_index i where i.indexrelid = to_regclass($1)", index.index);
  if (!index.create) return state.rows() > 0;  // still there: drop it (again)
  if (state.rows() == 0) return true;          // the build never got as far as the catalog
  if (state.value(0, 0) == "t") return false;  // built; only its progress row was missed
  emit(MigrateProgress::Kind::Started, "",
       fmt::format("dropping index {} left INVALID by an interrupted concurrent build",
                   index.index));
  connection_.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index.index);
  return true;
}

std::size_t MigrationRun::run_resumably(const Migration& migration,
                                        const std::vector<SentStatement>& statements) {
  using migrate_internal::StatementProgress;
  migrate_internal::create_progress_table(connection_, options_);
  auto progress = migrate_internal::read_progress(connection_, options_, migration);
  std::size_t skipped = 0;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const std::size_t number = i + 1;
    const SentStatement& statement = statements[i];
    auto found = progress.find(number);
    if (found != progress.end() && found->second == StatementProgress::Done) {
      ++skipped;
      continue;
    }
    auto record = [&](StatementProgress state) {
      migrate_internal::record_progress(connection_, options_, migration, number, state);
    };
    auto execute = [&] {
      run_statement(migration, statements, i, [&] { connection_.execute(statement.text); });
    };
    try {
      if (auto index = migrate_internal::concurrent_index_statement(statement.text)) {
        // Not in a transaction: marked started first, so a later run knows to look at it.
        if (found != progress.end() && !redo_concurrent_index(*index)) {
          record(StatementProgress::Done);
          ++skipped;
          continue;
        }
        record(StatementProgress::Started);
        execute();
        record(StatementProgress::Done);
      } else if (statement_needing_no_transaction(statement.text)) {
        execute();  // VACUUM and the like: safe to repeat
        record(StatementProgress::Done);
      } else {
        // The statement and its progress row commit together: it never runs twice.
        db::Transaction transaction(connection_);
        execute();
        record(StatementProgress::Done);
        transaction.commit();
      }
    } catch (const db::DatabaseError& e) {
      if (e.sqlstate() == "55P03") {
        // What was done is recorded: running the migration again resumes here.
        try {
          throw_statement_failure(migration, statement, migration.chunks.size(), e, false, false);
        } catch (const Error& error) {
          throw LockTimedOut{error, statement.text};
        }
      }
      throw_statement_failure(migration, statement, migration.chunks.size(), e, false, false);
    }
  }
  return skipped;
}

MigrationReport MigrationRun::run() {
  auto start = Clock::now();
  MigrationReport report;
  report.dry_run = options_.dry_run;
  if (options_.dry_run) {
    std::vector<TrackingRow> rows;
    if (migrate_internal::tracking_table_exists(connection_, options_)) {
      rows = migrate_internal::read_tracking_rows(connection_, options_);
    }
    RunPlan plan = plan_run(folder_, rows, options_, single_);
    for (std::size_t i = 0; i < plan.to_apply.size(); ++i) {
      const Migration& m = *plan.to_apply[i];
      report.applied.push_back({m.entry.tag, m.hash, m.entry.when, 0, plan.transactional[i],
                                statements_to_send(m, plan.transactional[i]).size()});
    }
    report.already_applied = plan.already_applied;
    report.not_applied = plan.not_applied;
    report.warnings = plan.warnings;
    report.duration_ms = milliseconds_since(start);
    return report;
  }

  try {
    // A killed client otherwise leaves its backend running a long statement (and holding
    // the lock) until the statement ends; with this the server notices within a second.
    if (connection_.server_version() >= 140000) {
      connection_.execute("SET client_connection_check_interval = 1000");
    }
    std::optional<db::Transaction> single;
    if (single_) single.emplace(connection_);
    if (options_.lock_timeout)
      connection_.execute(set_command("lock_timeout", *options_.lock_timeout));
    acquire_lock(report);
    // Without a configured lock_timeout (which also bounds the wait for another migrator
    // above), statements still wait for a table's lock only so long: see lock_waits.h.
    bool statement_lock_timeout =
        !options_.lock_timeout && options_.statement_lock_timeout.count() > 0;
    if (statement_lock_timeout)
      connection_.execute(set_command("lock_timeout", options_.statement_lock_timeout));
    // Set after the lock so that waiting for another migrator is not a timed-out statement.
    if (options_.statement_timeout) {
      connection_.execute(set_command("statement_timeout", *options_.statement_timeout));
    }
    prepare_database();
    // Read only now, under the lock: a run that waited finds the other run's work done.
    RunPlan plan = plan_run(folder_, migrate_internal::read_tracking_rows(connection_, options_),
                            options_, single_);
    report.already_applied = plan.already_applied;
    report.not_applied = plan.not_applied;
    report.warnings = plan.warnings;
    for (const auto& warning : plan.warnings) emit(MigrateProgress::Kind::Warning, "", warning);
    for (std::size_t i = 0; i < plan.to_apply.size(); ++i) {
      report.applied.push_back(apply(*plan.to_apply[i], plan.transactional[i]));
      if (!single_) committed_.push_back(report.applied.back());
    }
    if (single) single->commit();
    if (!single_) {
      if (options_.lock_timeout || statement_lock_timeout)
        connection_.execute("RESET lock_timeout");
      if (options_.statement_timeout) connection_.execute("RESET statement_timeout");
    }
    if (session_lock_held_) connection_.query("select pg_advisory_unlock($1)", key_);
    session_lock_held_ = false;
  } catch (...) {
    // The transactions rolled back when their scopes ended. Best effort: a broken
    // connection releases the lock anyway.
    try {
      if (session_lock_held_ && connection_.is_open() && connection_.is_idle()) {
        connection_.query("select pg_advisory_unlock($1)", key_);
      }
    } catch (const Error&) {
    }
    throw;
  }
  report.duration_ms = milliseconds_since(start);
  return report;
}

}  // namespace

MigrationReport migrate(db::Connection& connection, const MigrationFolder& folder,
                        const MigrateOptions& options, const ProgressCallback& progress) {
  if (!options.to_tag.empty() && !folder.find(options.to_tag)) {
    throw Error(ErrorKind::Usage,
                fmt::format("no migration named {} in the journal", options.to_tag),
                folder.journal_file().string(), "use a tag from 'sleet status'");
  }
  // A migration that gave up waiting for a lock rolled back whole: run again after a pause
  // (the tracking table says where to go on), and name the lock's holders when giving up.
  auto start = Clock::now();
  std::vector<AppliedMigration> earlier;
  for (int attempt = 1;; ++attempt) {
    MigrationRun run(connection, folder, options, progress);
    try {
      MigrationReport report = run.run();
      report.already_applied -= std::min(report.already_applied, earlier.size());
      report.applied.insert(report.applied.begin(), earlier.begin(), earlier.end());
      report.duration_ms = milliseconds_since(start);
      return report;
    } catch (const LockTimedOut& timed_out) {
      earlier.insert(earlier.end(), run.committed().begin(), run.committed().end());
      if (attempt > options.lock_retries) {
        std::vector<std::string> holders =
            migrate_internal::lock_holders(connection, timed_out.statement);
        std::string message = timed_out.error.what();
        if (options.lock_retries > 0) message += fmt::format(" ({} tries)", attempt);
        message += holders.empty() ? "; no session holds a lock on its tables any more"
                                   : "; blocked by " + fmt::format("{}", fmt::join(holders, "; "));
        throw Error(ErrorKind::Failure, message, timed_out.error.where(),
                    "the sessions above hold the lock: end them (pg_terminate_backend) or run "
                    "migrate when they are done; lock_timeout and lock_retries in sleet.toml "
                    "set how long it waits");
      }
      auto pause = migrate_internal::retry_delay(options.lock_retry_delay, attempt);
      if (progress) {
        progress({MigrateProgress::Kind::Retrying, "",
                  fmt::format("{}: {}; retry {} of {} in {} ms", timed_out.error.where(),
                              timed_out.error.what(), attempt, options.lock_retries, pause.count()),
                  0});
      }
      std::this_thread::sleep_for(pause);
    }
  }
}

db::Connection connect_for_migration(const db::ConnectionSettings& settings,
                                     const DatabasePreparation& preparation,
                                     const ProgressCallback& progress) {
  if (preparation.wait_seconds > 0) {
    MigrateProgress waiting{MigrateProgress::Kind::WaitingForServer, "", settings.describe(), 0};
    waiting.wait_seconds = preparation.wait_seconds;
    if (progress) progress(waiting);
    auto start = Clock::now();
    db::wait_for_server(settings, preparation.wait_seconds);
    if (progress) {
      progress(
          {MigrateProgress::Kind::ServerReady, "", settings.describe(), milliseconds_since(start)});
    }
  }
  if (preparation.create_database && !settings.database.empty() &&
      db::create_database_if_missing(settings) && progress) {
    progress({MigrateProgress::Kind::Warning, "",
              fmt::format("created database {}", settings.database), 0});
  }
  return db::Connection(settings);
}

}  // namespace sleet
