// migrate(): lock, read the tracking table, refuse what is unsafe, apply what is pending.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include "db/connection_route.h"

#include "migrate/lock_waits.h"
#include "migrate/resumable_run.h"
#include "migrate/run_lock.h"
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
  // The server ended the session (administrator, failover, restart) or the network broke:
  // the open transaction died with it.
  const std::string& state = error.sqlstate();
  bool connection_lost =
      state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03";
  std::string message = fmt::format(
      "migration {} failed at statement {} of {}: {}{}", migration.entry.tag, sent.chunk_number,
      total_chunks, connection_lost ? "the server closed the connection: " : "", error.what());
  if (!error.detail().empty()) message += " (" + error.detail() + ")";
  std::string hint = error.hint().empty() ? "" : error.hint() + "\n  ";
  if (connection_lost) {
    hint += single_transaction ? "the server rolled back everything this run applied"
            : transactional    ? "the server rolled this migration back (earlier ones stay "
                                 "applied)"
                               : "this migration runs outside a transaction: its statements "
                                 "before this one stay applied and are recorded as done";
    hint += "; when the server is back, run sleet migrate again";
    throw Error(ErrorKind::Connection, message, error_location(migration, sent, error.position()),
                hint);
  }
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
  // Throws a clear error before anything is tried on a read-only database or a standby.
  void refuse_read_only_database();
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
  // Behind a pooler, the timeouts go into each transaction (SET LOCAL) instead of the session.
  void set_transaction_settings();
  // Fails the open migration transaction when the lock's session has ended.
  void check_lock_held();
  void release_lock() noexcept;
  void restore_search_path() noexcept {
    if (!previous_search_path_) return;
    try {
      if (connection_.is_idle())
        connection_.query("select set_config('search_path', $1, false)", *previous_search_path_);
    } catch (...) {
      // A broken connection has no session left to restore.
    }
    previous_search_path_.reset();
  }

  db::Connection& connection_;
  const MigrationFolder& folder_;
  const MigrateOptions& options_;
  const ProgressCallback& progress_;
  bool single_;
  std::int64_t key_;
  // The migration lock outside --single-transaction: a transaction of its own connection
  // holding pg_advisory_xact_lock for the whole run (see acquire_lock).
  std::optional<db::Connection> lock_connection_;
  db::Connection* locker_ = nullptr;  // lock_connection_ or options_.lock_connection
  std::string lock_backend_pid_;
  bool pooled_ = false;  // a proxy (PgBouncer) stands between us and the server
  std::optional<std::chrono::milliseconds> statement_lock_timeout_;
  std::vector<AppliedMigration> committed_;
  std::optional<std::string> previous_search_path_;  // set while a tenant's is in force
};

using migrate_internal::lock_holder_pid;

// --single-transaction: pg_advisory_xact_lock in the run's one transaction. Otherwise the
// lock is held by a transaction left open on a second connection for the whole run, so it
// holds through a pooler in transaction mode too (which pins a server connection to a client
// only while it is in a transaction; a session lock would stay behind on whichever server
// connection took it). It is released when that transaction ends: at the end of the run, or
// when the process dies and the server (or the pooler) closes its connection. Waiting polls
// pg_try_advisory_xact_lock in short transactions, so that waiters do not occupy a pool's
// server connections that the holder needs for its work.
void MigrationRun::acquire_lock(MigrationReport& report) {
  auto start = Clock::now();
  if (single_) {
    if (connection_.query("select pg_try_advisory_xact_lock($1)", key_).value(0, 0) == "t") return;
    report.waited_for_lock = true;
    std::string pid = lock_holder_pid(connection_, key_);
    emit(MigrateProgress::Kind::WaitingForLock, "",
         fmt::format("waiting for another sleet migrate (pid {} from pg_locks)", pid));
    try {
      connection_.query("select pg_advisory_xact_lock($1)", key_);
    } catch (const db::DatabaseError& e) {
      if (e.sqlstate() != "55P03") throw;
      throw Error(ErrorKind::Failure,
                  fmt::format("gave up waiting for the migration lock held by pid {}", pid),
                  connection_.settings().describe(),
                  "another migrate is still running; wait for it or raise --lock-timeout");
    }
    emit(MigrateProgress::Kind::LockAcquired, "",
         fmt::format("lock acquired after {:.0f} ms", milliseconds_since(start)));
    return;
  }
  if (!options_.lock_connection) lock_connection_.emplace(connection_.settings());
  db::Connection& locker = options_.lock_connection ? *options_.lock_connection : *lock_connection_;
  locker_ = &locker;
  std::minstd_rand random(std::random_device{}());
  std::string pid;
  for (;;) {
    locker.execute("BEGIN");
    // The transaction stays idle for the whole run: a server-wide idle timeout must not end it.
    locker.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
    // The simple protocol: an extended-protocol portal would keep its snapshot (and so an
    // xmin) for the idle transaction's life, and every concurrent index build waits for that.
    auto taken =
        locker.execute(fmt::format("select pg_try_advisory_xact_lock({}), pg_backend_pid()", key_));
    if (taken.value(0, 0) == "t") {
      lock_backend_pid_ = std::string(taken.value(0, 1));
      break;
    }
    if (pid.empty()) {
      pid = lock_holder_pid(locker, key_);
      report.waited_for_lock = true;
      emit(MigrateProgress::Kind::WaitingForLock, "",
           fmt::format("waiting for another sleet migrate (pid {} from pg_locks)", pid));
    }
    locker.execute("ROLLBACK");
    if (options_.lock_timeout && Clock::now() - start > *options_.lock_timeout) {
      throw Error(ErrorKind::Failure,
                  fmt::format("gave up waiting for the migration lock held by pid {}", pid),
                  connection_.settings().describe(),
                  "another migrate is still running; wait for it or raise --lock-timeout");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + random() % 150));
  }
  if (report.waited_for_lock) {
    emit(MigrateProgress::Kind::LockAcquired, "",
         fmt::format("lock acquired after {:.0f} ms", milliseconds_since(start)));
  }
}

void MigrationRun::release_lock() noexcept {
  // Closing the connection ends its transaction and so releases the lock; a connection the
  // caller lent stays open, its transaction rolled back.
  if (locker_ && locker_ == options_.lock_connection && !lock_backend_pid_.empty()) {
    try {
      locker_->execute("ROLLBACK");
    } catch (...) {
      // A broken connection: the server ended the transaction, and the lock, with it.
    }
  }
  locker_ = nullptr;
  lock_connection_.reset();
}

void MigrationRun::check_lock_held() {
  if (single_) return;
  auto held = connection_.query(
      "select count(*) from pg_locks where locktype = 'advisory' and granted and pid = $1 "
      "and classid::bigint = (($2::bigint >> 32) & 4294967295) "
      "and objid::bigint = ($2::bigint & 4294967295)",
      lock_backend_pid_, key_);
  if (held.value(0, 0) != "0") return;
  throw Error(ErrorKind::Failure,
              "the migration lock was lost: the session holding it ended (a pooler or the "
              "server closed it); this migration was rolled back",
              connection_.settings().describe(),
              "run sleet migrate again; if it keeps happening, check the pooler's and the "
              "server's idle transaction timeouts");
}

void MigrationRun::set_transaction_settings() {
  if (!options_.search_path.empty()) {
    connection_.execute("SET LOCAL search_path TO " + sql::quote_identifier(options_.search_path));
  }
  if (!pooled_) return;
  if (connection_.server_version() >= 140000)
    connection_.execute("SET LOCAL client_connection_check_interval = 1000");
  if (statement_lock_timeout_) {
    connection_.execute(
        fmt::format("SET LOCAL lock_timeout = {}", statement_lock_timeout_->count()));
  }
  if (options_.statement_timeout) {
    connection_.execute(
        fmt::format("SET LOCAL statement_timeout = {}", options_.statement_timeout->count()));
  }
}

void MigrationRun::refuse_read_only_database() {
  auto state = connection_.execute(
      "select current_setting('transaction_read_only'), pg_is_in_recovery(), current_database()");
  if (state.value(0, 0) != "on") return;
  bool standby = state.value(0, 1) == "t";
  throw Error(ErrorKind::Usage,
              fmt::format("database \"{}\" is read-only ({}): migrations cannot be applied to it",
                          state.value(0, 2),
                          standby ? "the server is a standby, a read replica"
                                  : "default_transaction_read_only is on"),
              connection_.settings().describe(),
              standby ? "connect to the primary server (check the host in --url, DATABASE_URL "
                        "or PGHOST; a load balancer may have sent you to a replica)"
                      : "connect to the primary if this is a replica's address; otherwise turn "
                        "it off: ALTER DATABASE ... SET default_transaction_read_only = off "
                        "(or ALTER ROLE ... SET, wherever it was set)");
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
    if (connection_.query("select 1 from pg_namespace where nspname = $1", schema).rows() > 0)
      continue;
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
  if (!transactional && pooled_ && !options_.search_path.empty()) {
    throw Error(ErrorKind::Usage,
                fmt::format("migration {} runs outside a transaction, where a tenant's "
                            "search_path cannot be set behind a pooler",
                            migration.entry.tag),
                migration.file.string(),
                "migrate the tenants through a direct connection to the server, or qualify the "
                "statement and let it run in a transaction");
  }
  std::size_t resumed = transactional ? 0 : run_resumably(migration, statements);
  // Unless all migrations share the run's one transaction, each has its own; a migration
  // that cannot run in one (CONCURRENTLY) gets one only for recording it.
  std::optional<db::Transaction> own;
  if (transactional && !single_) {
    own.emplace(connection_);
    set_transaction_settings();
  }
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
  check_lock_held();
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
        set_transaction_settings();
        execute();
        record(StatementProgress::Done);
        check_lock_held();
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

  refuse_read_only_database();
  // Through a pooler in transaction mode a session SET would land on one server connection
  // (and stay there for its other clients) while the next transaction runs on another.
  pooled_ = !single_ && db::is_behind_a_proxy(connection_);
  if (options_.lock_timeout) {
    statement_lock_timeout_ = *options_.lock_timeout;
  } else if (options_.statement_lock_timeout.count() > 0) {
    // Without a configured lock_timeout, statements still wait for a table's lock only so
    // long: see lock_waits.h.
    statement_lock_timeout_ = options_.statement_lock_timeout;
  }
  try {
    // A killed client otherwise leaves its backend running a long statement (and holding
    // the lock) until the statement ends; with this the server notices within a second.
    if (!pooled_ && connection_.server_version() >= 140000) {
      connection_.execute(
          fmt::format("SET {}client_connection_check_interval = 1000", single_ ? "LOCAL " : ""));
    }
    std::optional<db::Transaction> single;
    if (single_) single.emplace(connection_);
    // A tenant's schema: for the session (statements outside a transaction) unless a pooler
    // would keep it on a server connection; each migration's transaction sets it as well.
    if (!options_.search_path.empty() && !pooled_ && !single_) {
      previous_search_path_ =
          std::string(connection_.execute("select current_setting('search_path')").value(0, 0));
      connection_.query("select set_config('search_path', $1, false)",
                        sql::quote_identifier(options_.search_path));
    }
    if (single_) set_transaction_settings();
    // In the single transaction, a configured lock_timeout bounds the wait for the lock too.
    if (single_ && options_.lock_timeout)
      connection_.execute(set_command("lock_timeout", *options_.lock_timeout));
    acquire_lock(report);
    bool statement_lock_timeout = !pooled_ && statement_lock_timeout_.has_value();
    if (statement_lock_timeout)
      connection_.execute(set_command("lock_timeout", *statement_lock_timeout_));
    // Set after the lock so that waiting for another migrator is not a timed-out statement.
    if (!pooled_ && options_.statement_timeout) {
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
    if (!single_ && !pooled_) {
      if (statement_lock_timeout) connection_.execute("RESET lock_timeout");
      if (options_.statement_timeout) connection_.execute("RESET statement_timeout");
    }
    release_lock();
    restore_search_path();
  } catch (...) {
    // The transactions rolled back when their scopes ended.
    release_lock();
    restore_search_path();
    throw;
  }
  report.duration_ms = milliseconds_since(start);
  return report;
}

}  // namespace

void refuse_unmerged_branches(const MigrationFolder& folder) {
  std::vector<UnmergedBranches> found = find_unmerged_branches(folder);
  if (found.empty()) return;
  const UnmergedBranches& branches = found.front();
  // Which branch rebase keeps depends on the database it is pointed at: the one holding
  // applied migrations; without one, what it decides offline (rebase_branches).
  bool v3 = folder.format() == FolderFormat::V3;
  bool keep_first = true;
  if (!v3) {
    const Migration* first = folder.find(branches.first.front());
    const Migration* second = folder.find(branches.second.front());
    keep_first = !first || !second || first->entry.when <= second->entry.when;
  }
  const std::vector<std::string>& kept = keep_first ? branches.first : branches.second;
  const std::vector<std::string>& moved = keep_first ? branches.second : branches.first;
  std::string hint = fmt::format(
      "nothing was applied. Run 'sleet rebase': it keeps the branch whose migrations the "
      "database applied and moves the other's after it (where neither is applied, it keeps [{}], "
      "{}, and moves [{}]), or says which object both change ('sleet check' tells first)",
      fmt::join(kept, ", "),
      v3 ? "whose first migration is older" : "whose first migration has the earlier `when`",
      fmt::join(moved, ", "));
  throw Error(ErrorKind::Failure, describe_unmerged_branches(branches, folder.format()),
              folder.journal_file().string(), hint);
}

MigrationReport migrate(db::Connection& connection, const MigrationFolder& folder,
                        const MigrateOptions& options, const ProgressCallback& progress) {
  refuse_unmerged_branches(folder);
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
