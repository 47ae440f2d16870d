// The migrate module: applies a migration folder's pending migrations to a database under an
// advisory lock, recording each in drizzle's tracking table (so drizzle-kit and sleet can be
// used side by side) and in sleet's richer history table. Usable from an application at
// start-up; see docs/library.md and docs/migrate.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sleet/db.h"
#include "sleet/folder_convert.h"
#include "sleet/journal.h"

namespace sleet {

// How concurrent migrators are kept apart.
enum class LockMode {
  Session,      // the default: pg_advisory_xact_lock held for the whole run by a transaction
                // left open on a second connection (opened with the first's settings); works
                // directly and through PgBouncer's session and transaction pooling
  Transaction,  // pg_advisory_xact_lock in the run's one transaction on the connection
                // itself; implies single_transaction
};

struct MigrateOptions {
  std::string migrations_schema = "drizzle";
  std::string migrations_table = "__drizzle_migrations";
  // sleet's companion table (same schema): tag, applied_at, duration, who. drizzle ignores it.
  std::string history_table = "__sleet_migrations_history";
  // sleet's record of the statements done of a migration that runs outside a transaction,
  // so that a killed or lock-timed-out run resumes after them (same schema).
  std::string progress_table = "__sleet_migration_progress";
  bool single_transaction = false;  // all pending migrations in one transaction
  bool dry_run = false;             // report what would run; change nothing, take no lock
  std::string to_tag;               // stop after this migration (empty: apply all)
  bool allow_out_of_order = false;  // apply pending migrations older than the newest applied
  bool allow_edited = false;        // proceed although an applied migration's file changed
  LockMode lock_mode = LockMode::Session;
  std::optional<std::chrono::milliseconds> lock_timeout;  // also bounds the lock wait
  // Without lock_timeout, each statement still waits at most this long for a table's lock
  // (a DDL waiting for one queues every later query on that table behind it); the wait for
  // another migrator stays unbounded. Zero: no limit.
  std::chrono::milliseconds statement_lock_timeout{5000};
  // A migration whose statement gave up waiting for a lock rolled back whole; it is run
  // again this many times, after lock_retry_delay, doubled each time, with jitter.
  int lock_retries = 3;
  std::chrono::milliseconds lock_retry_delay{500};
  std::optional<std::chrono::milliseconds> statement_timeout;  // per statement
  std::vector<std::string> extensions;  // CREATE EXTENSION IF NOT EXISTS, before migrating
  std::vector<std::string> schemas;     // CREATE SCHEMA IF NOT EXISTS, before migrating
  // Non-empty: the one schema migrations run in (a tenant's, docs/tenants.md): SET LOCAL
  // search_path in each migration's transaction, and for the session too unless behind a
  // pooler. Unqualified names in the migrations then create and find that schema's objects.
  std::string search_path;
  // LockMode::Session: an idle connection to the same database on which the advisory lock is
  // held, instead of one opened (and closed) per run; tenant workers reuse theirs across
  // tenants. Not owned; left idle afterwards.
  db::Connection* lock_connection = nullptr;
};

// Where one journal entry (or tracking row) stands against the database.
enum class MigrationState {
  Applied,      // a row with the entry's created_at and hash (or the same hash)
  Pending,      // no row: will be applied
  Edited,       // a row with the entry's created_at but another hash: the file changed
  OutOfOrder,   // pending, but older than the newest applied row (drizzle-kit would skip it)
  MissingFile,  // a tracking row that no journal entry matches
};

// "applied", "pending", "edited", "out-of-order", "missing-file".
std::string_view to_string(MigrationState state);

// One row of the tracking table.
struct TrackingRow {
  std::int64_t id = 0;
  std::string hash;
  std::optional<std::int64_t> created_at;
  // drizzle-orm 1.0's column: the v3 folder name (null in rows of 0.x, and in rows its
  // upgrade of an old table could not match).
  std::optional<std::string> name;
};

struct MigrationStatus {
  std::string tag;  // empty for MissingFile
  MigrationState state = MigrationState::Pending;
  std::int64_t when = 0;    // the journal's when (MissingFile: the row's created_at, or 0)
  std::string hash;         // the file's hash (MissingFile: the row's)
  std::string stored_hash;  // Edited: the hash recorded when it was applied
  std::string applied_at;   // from sleet's history table; empty when applied by drizzle-kit
  std::string applied_by;   // user@host from the history table
  // How the recorded hash got there, from the history table: "ran" (migrate, or drizzle-kit
  // when there is no history), "marked" (migrate --mark-applied), "repaired" (sleet repair:
  // applied_at and applied_by are the repair's), "baseline" (pull's baseline, recorded
  // without running). Empty unless Applied or Edited.
  std::string applied_how;
};

// Matches tracking rows to journal entries: by created_at == when and hash, else by
// created_at alone (Edited), else by hash alone (Applied). Entries left over are Pending, or
// OutOfOrder when older than the newest row; rows left over are MissingFile (after the
// entries, in row order). Pure function; each row matches at most one entry.
// For a v3 folder (format V3) a row belongs to the migration its name names (Applied, or
// Edited when the hash differs); a row without a name is matched as drizzle-orm 1.0's
// upgrade of an old table matches it (match_unnamed_rows); leftovers are Pending whatever
// their age, as drizzle-orm 1.0 applies them.
std::vector<MigrationStatus> classify_migrations(const std::vector<Migration>& migrations,
                                                 const std::vector<TrackingRow>& rows,
                                                 FolderFormat format = FolderFormat::Journal);

// drizzle-orm 1.0's upgrade of a tracking table without a `name` column: for each row (by
// id), the v3 migration whose time equals the row's created_at truncated to the second (by
// hash when several share that second), else the one with the row's hash. Returns, per row,
// the index into `migrations` or nullopt. Rows that already have a name are skipped
// (nullopt). Pure function.
std::vector<std::optional<std::size_t>> match_unnamed_rows(const std::vector<Migration>& migrations,
                                                           const std::vector<TrackingRow>& rows);

struct StatusReport {
  bool tracking_table_exists = false;
  std::vector<MigrationStatus> migrations;
  // True when any migration is pending, edited, out of order or missing its file.
  bool needs_attention() const;
  nlohmann::ordered_json to_json() const;
};

// Reads the tracking (and history) tables without changing anything or taking a lock and
// classifies `folder`'s migrations. Throws db::DatabaseError when a query fails.
StatusReport migration_status(db::Connection& connection, const MigrationFolder& folder,
                              const MigrateOptions& options = {});

// What sleet convert does to the tracking table so that neither drizzle-orm generation runs
// a migration again in the converted folder: each row, by id, and the migration it records.
struct TrackingCarryOver {
  bool table_exists = false;
  struct Row {
    std::int64_t id = 0;
    std::string from_tag;         // the migration in the source folder
    std::string to_tag;           // the same migration in the converted folder
    std::int64_t created_at = 0;  // its new created_at (ConvertedMigration::when)
  };
  std::vector<Row> rows;
};

// Matches every tracking row to a migration of `source` (journal: created_at == when and hash,
// else created_at, else hash; v3: by name, else as drizzle-orm 1.0 upgrades an old table).
// Reads only. Throws sleet::Error (Usage), naming the row, when a row matches no migration
// (a database migrated from another folder), and, converting to the journal, when a
// migration is not applied but a later one is (drizzle-orm 0.x would never apply it).
TrackingCarryOver plan_tracking_carry_over(db::Connection& connection,
                                           const MigrateOptions& options,
                                           const MigrationFolder& source,
                                           const FolderConversion& conversion);

// Rewrites the rows of `carry` in the caller's open transaction: to v3, the `name` and
// `applied_at` columns added when missing (as drizzle-orm 1.0 does; applied_at left null for
// rows that had none), each row's name = its v3 folder and created_at = that folder's time;
// to the journal, each row's created_at = its entry's `when` (drizzle-orm 0.x applies what
// is newer than the newest row). Throws db::DatabaseError when a statement fails.
void carry_tracking_rows(db::Connection& connection, const MigrateOptions& options,
                         const TrackingCarryOver& carry, FolderFormat to);

struct AppliedMigration {
  std::string tag;
  std::string hash;
  std::int64_t when = 0;
  double duration_ms = 0;
  bool transactional = true;   // false: ran statement by statement outside a transaction
  std::size_t statements = 0;  // chunks (or, outside a transaction, statements) sent
  // Outside a transaction: statements an earlier, interrupted run had done (skipped now).
  std::size_t resumed_after = 0;
};

struct MigrationReport {
  bool dry_run = false;
  bool waited_for_lock = false;
  std::vector<AppliedMigration> applied;  // in order; with dry_run: what would be applied
  std::size_t already_applied = 0;
  std::vector<std::string> not_applied;  // pending after --to
  std::vector<std::string> warnings;     // e.g. tracking rows without a file
  double duration_ms = 0;
  nlohmann::ordered_json to_json() const;
};

// What migrate() is doing, for a progress display. The library only reports; the caller
// decides what to print (the CLI draws a live line on a terminal, plain lines off one).
struct MigrateProgress {
  // Retrying: a migration gave up waiting for a table's lock and runs again after a pause.
  // WaitingForServer: connect_for_migration() waits up to wait_seconds for the server that
  // `message` names; ServerReady: it accepts connections, after duration_ms.
  // StatementStarted / StatementDone: migration `tag` sends statement `statement` of
  // `statements` (what is sent: a breakpoint chunk, or each statement alone outside a
  // transaction), whose text is `sql`; Done carries its duration_ms. Statements a resumed
  // run skips are not reported.
  enum class Kind {
    WaitingForLock,
    LockAcquired,
    Started,
    Applied,
    Warning,
    Retrying,
    WaitingForServer,
    ServerReady,
    StatementStarted,
    StatementDone,
  };
  Kind kind;
  std::string tag;      // Started / Applied / Statement*
  std::string message;  // human-readable, one line
  double duration_ms = 0;
  std::size_t statement = 0;   // Statement*: 1-based
  std::size_t statements = 0;  // Statement*: how many the migration sends
  std::string sql;             // Statement*: the statement's text
  double wait_seconds = 0;     // WaitingForServer: the longest it waits
};
using ProgressCallback = std::function<void(const MigrateProgress&)>;

// Applies `folder`'s pending migrations in journal order, each in its own transaction with
// its tracking row (or all in one with single_transaction), under an advisory lock keyed
// by the tracking table, so concurrent runs apply each migration exactly once. Migrations
// with statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...)
// or marked `-- sleet:transaction=off` run statement by statement, each in its own
// transaction with its progress row (progress_table) where it can be; a later run (or a
// lock retry) skips the statements done, and drops and rebuilds an index whose concurrent
// build was interrupted. Throws sleet::Error
// (Failure) before changing anything when an applied file was edited or a pending one is
// out of order (unless allowed), and when a statement fails, naming the migration, the
// statement number and file:line:col; that migration is rolled back, earlier ones stay.
// Throws sleet::Error (Failure) before anything is applied when the folder holds two
// unmerged branches (refuse_unmerged_branches).
MigrationReport migrate(db::Connection& connection, const MigrationFolder& folder,
                        const MigrateOptions& options = {}, const ProgressCallback& progress = {});

// Throws sleet::Error (Failure) naming both branches' migrations and the command that puts
// them in one line (`sleet rebase`; in a v3 folder also drizzle-kit 1.0's merge migration)
// when `folder` holds two unmerged branches (find_unmerged_branches); returns otherwise.
// Reads only the snapshots' headers: cheap enough for every migrate.
void refuse_unmerged_branches(const MigrationFolder& folder);

// Connects to `settings`, opens the migration folder at `folder` and applies its pending
// migrations as migrate(connection, folder, ...) does; the connection is closed before
// returning, also when it throws. Throws sleet::Error (Connection) when the server cannot be
// reached, (Usage) when the folder cannot be read, and whatever migrate() throws.
MigrationReport migrate(const db::ConnectionSettings& settings, const std::filesystem::path& folder,
                        const MigrateOptions& options = {}, const ProgressCallback& progress = {});

// A reusable handle on one database and one migration folder, for services that migrate at
// start-up and report status later. Holds no connection between calls: each call connects,
// reads the folder afresh and disconnects. Not synchronised; concurrent run() calls (in one
// process or many) are kept apart by migrate()'s advisory lock.
class Migrator {
 public:
  // Remembers where to connect, which folder to apply and how; touches nothing yet.
  Migrator(db::ConnectionSettings settings, std::filesystem::path folder,
           MigrateOptions options = {});

  // Connects, applies the pending migrations (see migrate() above) and disconnects.
  // Throws sleet::Error as migrate(settings, folder, ...) does.
  MigrationReport run(const ProgressCallback& progress = {}) const;

  // Connects, classifies the folder's migrations against the tracking table without
  // changing anything (see migration_status()) and disconnects. Throws sleet::Error
  // (Connection) when the server cannot be reached, db::DatabaseError when a query fails.
  StatusReport status() const;

  const db::ConnectionSettings& settings() const { return settings_; }
  const std::filesystem::path& folder() const { return folder_; }
  const MigrateOptions& options() const { return options_; }

 private:
  db::ConnectionSettings settings_;
  std::filesystem::path folder_;
  MigrateOptions options_;
};

// Every row of the tracking table named by `options`, by id; empty when the table does not
// exist. Reads only, takes no lock. Throws db::DatabaseError when a query fails.
std::vector<TrackingRow> tracking_rows(db::Connection& connection,
                                       const MigrateOptions& options = {});

// Records `folder`'s migration `tag` as applied without running it (a baseline: the database
// already holds what it creates): the same tracking and history rows migrate() writes
// (history mode "baseline"), creating both tables when missing, in one transaction under
// migrate()'s advisory lock. Returns false, changing nothing, when it is already recorded.
// `connection` must be idle. Throws sleet::Error (Usage) when the folder has no such
// migration, db::DatabaseError when a statement fails (nothing is recorded then).
bool record_as_applied(db::Connection& connection, const MigrationFolder& folder,
                       const std::string& tag, const MigrateOptions& options = {});

// What to do before connecting for a deploy step.
struct DatabasePreparation {
  double wait_seconds = 0;       // > 0: wait this long for the server to accept connections
  bool create_database = false;  // create settings.database (via `postgres`) when missing
};

// Connects to `settings`, first waiting for the server and creating the database when
// asked. Throws sleet::Error (Connection) when the server cannot be reached in time or
// refuses the login, (Failure) when CREATE DATABASE fails.
db::Connection connect_for_migration(const db::ConnectionSettings& settings,
                                     const DatabasePreparation& preparation,
                                     const ProgressCallback& progress = {});

// Whether a migration file says how to run it: a `-- sleet:transaction=off|on` line among
// the comment lines at its top.
enum class TransactionDirective { None, On, Off };
TransactionDirective transaction_directive(std::string_view file_text);

// The first statement in `sql` that PostgreSQL refuses inside a transaction block (CREATE/
// DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM, ALTER SYSTEM, CREATE/DROP DATABASE,
// CREATE/DROP TABLESPACE, a PL/pgSQL DO block that runs COMMIT), as a short description ("CREATE INDEX CONCURRENTLY"), or
// nullopt. Uses the server parser; text that does not parse gives nullopt.
std::optional<std::string> statement_needing_no_transaction(std::string_view sql);

// Drops each of `schemas` with everything in it (public is created again, empty, with
// PostgreSQL's default privileges for the server's version) and the tracking, history and
// seed tables named by `tracking`, in one transaction: afterwards migrate() starts from
// nothing. For development resets only; the caller guards it.
void drop_managed_schemas(db::Connection& connection, const std::vector<std::string>& schemas,
                          const MigrateOptions& tracking);

// The schemas `sql` creates with CREATE SCHEMA (not IF NOT EXISTS-aware: every one named).
// migrate() leaves these to the migrations instead of creating them beforehand, so a
// folder whose first migration says CREATE SCHEMA (as drizzle-kit and sleet write them)
// does not fail on a schema created before it.
std::vector<std::string> schemas_created_in(std::string_view sql);

// The 64-bit advisory lock key for a tracking table (stable across processes and versions).
std::int64_t migration_lock_key(const std::string& schema, const std::string& table);

}  // namespace sleet
