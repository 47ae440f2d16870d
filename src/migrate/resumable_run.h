// Internal: what lets a migration that runs outside a transaction resume after it was
// killed or gave up on a lock: a progress row per finished statement, in sleet's own table
// (drizzle's tracking table is left as drizzle-orm writes it), and the index a CREATE/DROP
// INDEX CONCURRENTLY names, so an interrupted build can be found and redone.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sleet/migrate.h"

namespace sleet::migrate_internal {

// "schema"."__sleet_migration_progress" of `options`.
std::string progress_table_name(const MigrateOptions& options);

// CREATE TABLE IF NOT EXISTS of the progress table: (hash, statement, state, tag, at).
void create_progress_table(db::Connection& connection, const MigrateOptions& options);

// Where a statement of a partly applied migration stands.
enum class StatementProgress { Started, Done };

// The progress rows of the migration whose file hashes to `hash`, by statement number
// (1-based, as sent). Empty when it never started.
std::map<std::size_t, StatementProgress> read_progress(db::Connection& connection,
                                                       const MigrateOptions& options,
                                                       const Migration& migration);

// Records statement `number` of `migration` as started or done (upsert). Runs in whatever
// transaction `connection` is in: with the statement's own, the two commit together.
void record_progress(db::Connection& connection, const MigrateOptions& options,
                     const Migration& migration, std::size_t number, StatementProgress state);

// Removes `migration`'s progress rows (when it is recorded as applied).
void clear_progress(db::Connection& connection, const MigrateOptions& options,
                    const Migration& migration);

// A CREATE INDEX CONCURRENTLY or DROP INDEX CONCURRENTLY statement and the index it names,
// as text to_regclass() reads ("schema"."name", or "name" found on the search path).
struct ConcurrentIndexStatement {
  bool create = true;
  std::string index;
};
std::optional<ConcurrentIndexStatement> concurrent_index_statement(std::string_view sql);

}  // namespace sleet::migrate_internal
