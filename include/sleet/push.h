// push: make a live database match a declared schema directly, without a migration folder
// (development), and the comparison it rests on, which `status` (drift) and `diff` (database
// sources) share. docs/commands/push.md describes the workflow and its safety rules.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "sleet/config.h"
#include "sleet/db.h"
#include "sleet/diff.h"
#include "sleet/inspect.h"
#include "sleet/model.h"
#include "sleet/plan.h"

namespace sleet {

// What to inspect for `target` when comparing it with `declared`: the target's
// schema_filter plus every schema `declared` creates, its tables_filter, the roles
// `declared` creates, and its tracking table (never reported).
InspectOptions inspect_options(const Target& target, const Schema& declared);

// `declared` plus the target's configured `extensions` that it does not declare: migrate and
// up create those before migrating, so a database has them although no migration says so.
Schema with_configured_extensions(const Target& target, Schema declared);

// `declared` restricted to what `options` inspects: tables, views and their dependants
// outside the schema and table filters are removed, so they are neither created nor
// dropped. Roles are kept.
Schema filter_declared(const Schema& declared, const InspectOptions& options);

// A database inspected next to a declared schema normalised to compare equal to it wherever
// the two mean the same thing.
struct DatabaseComparison {
  Schema database;           // inspect_database(connection, options)
  Schema declared;           // filter_declared + offline normalisation (+ server's, see below)
  bool server_normalized = false;  // the offline rules were not enough: the server's ran
  // Why the server's normalisation could not run (e.g. the role does not own public), when
  // it failed; the comparison then used the offline rules alone.
  std::string server_normalization_failed;
  // Filter entries that match nothing while others match (a schema dropped since, or a
  // typo), one message each, for the caller to warn about.
  std::vector<std::string> unmatched_filters;
};

// Inspects the database and normalises `declared` offline; when an object both sides have
// still differs (or a rename may pair objects), also through the server
// (sleet::normalize_with_server, a rolled-back transaction), so catalog spellings the offline
// rules cannot know (timestamp literals, SELECT *) compare equal too. Objects only `declared`
// has are created as written, whatever the server would print for them. When the server
// refuses that (privileges), the offline result is used and server_normalization_failed
// says why.
// `connection` must be idle. Throws sleet::Error (Usage) naming the entries when the
// schema_filter or the tables_filter matches nothing in the database or in `declared` (a
// typo would otherwise compare nothing), and what inspect_database and normalize_with_server
// throw.
DatabaseComparison compare_with_database(db::Connection& connection, const Schema& declared,
                                         const InspectOptions& options);

// compare_with_database for a declared schema still being made (`declaring`: the schema
// files being parsed, which may run node for TypeScript sources). Neither side needs the
// other, so the database is read meanwhile with what `target` selects on its own, and read
// again when the schemas and roles the declared schema creates widen that. On return
// `declared` is with_configured_extensions of what `declaring` gave and `options` is
// inspect_options(target, declared), as compare_with_database would take them. What
// `declaring` throws comes first, then what compare_with_database throws.
DatabaseComparison compare_while_declaring(db::Connection& connection, const Target& target,
                                           std::future<Schema> declaring, Schema& declared,
                                           InspectOptions& options);

// The changes and statements that turn the database into the declared schema.
struct PushPlan {
  DatabaseComparison comparison;
  std::vector<Change> changes;
  Plan plan;
  bool empty() const { return plan.empty(); }
};

// compare_with_database, then diff (database → declared, renames asked of `resolver`) and
// plan. Changes nothing.
PushPlan plan_push(db::Connection& connection, const Schema& declared,
                   const InspectOptions& options, RenameResolver& resolver);
// The same from a comparison already made.
PushPlan plan_push(DatabaseComparison comparison, RenameResolver& resolver);

struct PushOptions {
  std::optional<double> lock_timeout;       // seconds, SET LOCAL lock_timeout
  std::optional<double> statement_timeout;  // seconds, SET LOCAL statement_timeout
  // Called before each statement runs, with its index into Plan::statements.
  std::function<void(std::size_t statement)> on_statement;
};

// How many rows a hazardous statement touches, measured just before it would run.
struct AffectedRows {
  std::size_t statement = 0;  // index into Plan::statements
  std::int64_t rows = 0;
  std::string meaning;  // what was counted: "rows in the table", "rows holding NULL in x", ...
};

// "2 rows holding NULL in x", "1 row in the table", "1 key value held by more than one row".
std::string describe(const AffectedRows& rows);

// Runs the plan's transactional statements in a transaction that is always rolled back,
// counting before each statement that has a PlannedStatement::rows_query the rows it would
// touch; statements that cannot run in a transaction are not run, only counted after the
// others (a unique index over duplicate keys fails the rehearsal), and statements that use
// an enum value added earlier in the plan are skipped (push commits those first). Nothing
// persists.
// Throws sleet::Error (Failure) naming the statement (number and SQL) with the server's
// message and the rows counted for it when one would fail, e.g. SET NOT NULL on a column
// holding NULLs.
std::vector<AffectedRows> rehearse_push(db::Connection& connection, const Plan& plan,
                                        const PushOptions& options);

// The order push applies a plan in: `before` (enum values later statements use: they must
// be committed before use), then `transaction` (one transaction), then `after` (statements
// that cannot run in a transaction block, e.g. CREATE INDEX CONCURRENTLY). Indexes into
// Plan::statements, each group in plan order.
struct PushSchedule {
  std::vector<std::size_t> before;
  std::vector<std::size_t> transaction;
  std::vector<std::size_t> after;
};
PushSchedule schedule_push(const Plan& plan);

// Applies `plan` in schedule_push's order. When a statement of the transaction fails, the
// transaction is rolled back and sleet::Error (Failure) names the statement, its SQL and the
// server's message; statements of `before` already ran (and are said to in the message).
// A failed CREATE INDEX CONCURRENTLY after the transaction has the invalid index it leaves
// dropped, so a later push tries it again.
// `connection` must be idle.
void apply_push(db::Connection& connection, const Plan& plan, const PushOptions& options = {});

// `declared` with every expression (column defaults and generated columns, checks, index
// expressions and predicates, policy expressions, view bodies) replaced in
// Expression::canonical by the catalog's rendering, offline-normalised (`text` stays as
// written); also index operator classes that are their column's default are dropped and view
// column lists folded into the query, as the catalog stores them. The objects are created in
// a transaction that is always rolled back, with existing schemas of the same names renamed
// out of the way inside it, so nothing persists. `connection` must be idle (else Usage).
// Throws sleet::Error (Failure) naming the statement when the server rejects an object (a
// missing role or extension, insufficient privilege), and (Connection) when it is lost.
Schema normalize_with_server(db::Connection& connection, const Schema& declared);

}  // namespace sleet
