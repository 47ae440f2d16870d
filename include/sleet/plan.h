// plan: changes ordered so every statement is valid when it runs, rendered as SQL, each
// with its hazards. A pure function of the changes and the two models; no I/O.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "sleet/diff.h"
#include "sleet/model.h"

namespace sleet {

// What a statement risks. A statement may carry several.
enum Hazard : unsigned {
  kNoHazard = 0,
  kDataLoss = 1u << 0,       // drops a table/column/enum value, narrows a type
  kTableRewrite = 1u << 1,   // rewrites the table (type change, stored generated column)
  kNoTransaction = 1u << 2,  // cannot run inside a transaction block
  kExclusiveLock = 1u << 3,  // takes an ACCESS EXCLUSIVE lock for its whole run
  kMayFailOnData = 1u << 4,  // SET NOT NULL, new unique/check/FK: fails if rows violate it
};

struct PlannedStatement {
  std::string sql;  // one statement, ending with ';'
  unsigned hazards = kNoHazard;
  std::string explanation;  // why it is hazardous, for warnings; empty when not
  QualifiedName object;     // the object it is about (for messages)
  ChangeKind kind;
  std::string member;  // the column, constraint, index or enum value concerned; may be empty
  // For a rename or move: what it was called before (the member's old name, or the
  // object's old display name); empty otherwise.
  std::string renamed_from;
  // For a statement that may lose data or fail on existing rows: a query returning one
  // count (the rows it touches, valid just before the statement runs) and what it counts.
  std::string rows_query;
  std::string rows_meaning;
};

struct Plan {
  std::vector<PlannedStatement> statements;
  // The plan uses online forms (PlanOptions::online): each statement must commit on its own,
  // so that the brief lock of one step is not held through the scan of the next.
  bool statement_by_statement = false;

  bool empty() const { return statements.empty(); }
  // Statements carrying `hazard`.
  std::vector<const PlannedStatement*> with_hazard(Hazard hazard) const;
};

// The readable names of `hazards` bits ("data loss", "table rewrite", "no transaction",
// "exclusive lock", "may fail on data"), in that order.
std::vector<std::string> hazard_names(unsigned hazards);

// The one display form of a planned statement, as every list of statements prints it:
// "<kind> <object>[ <member>]", with a rename's old name before "›":
// "create table public.users", "add column public.users email", "create schema auth",
// "rename constraint public.accounts users_pkey › accounts_pkey",
// "rename table public.people › public.users".
std::string describe(const PlannedStatement& statement);

// The one JSON form of a planned statement (a public contract, docs/plan-json.md):
// {"sql", "kind", "object", "member" (when set), "renamed_from" (when set), "summary"
// (describe()), "hazards" (hazard_names), "explanation"}.
nlohmann::ordered_json to_json(const PlannedStatement& statement);

// The statements of `plan` in order, each as to_json(statement).
nlohmann::ordered_json to_json(const Plan& plan);

// How plan_changes writes statements on tables that exist before the plan.
struct PlanOptions {
  // Their online forms, which do not block writers for a table scan or an index build:
  // CREATE/DROP INDEX CONCURRENTLY (kNoTransaction), foreign keys and checks added NOT VALID
  // then validated, SET NOT NULL through a validated CHECK (c IS NOT NULL), unique and
  // primary keys through a concurrently built unique index (ADD CONSTRAINT ... USING
  // INDEX). Tables the plan creates keep the plain forms: they hold no rows.
  bool online = false;
  // A column added to an existing table with a volatile default (gen_random_uuid(),
  // random(), clock_timestamp(), ...), which PostgreSQL would fill by rewriting the table
  // under ACCESS EXCLUSIVE, is instead added nullable without it, given the default for new
  // rows, filled in the existing rows by a DO block that updates `backfill_batch_rows` rows at
  // a time and commits each batch (kNoTransaction: the migration runs statement by
  // statement), then made NOT NULL if declared so (through a validated check when online).
  bool backfill = false;
  int backfill_batch_rows = 10000;
};

// Orders and renders `changes` (from diff_schemas(from, to, ...)). Creates schemas,
// extensions, types and sequences before tables; drops foreign keys before the tables or
// columns they reference; drops views that read altered or dropped columns before the
// change and recreates them after; ... See docs/diff.md ("Plan order").
// With options.online, statements on existing tables take their online forms (PlanOptions).
Plan plan_changes(const std::vector<Change>& changes, const Schema& from, const Schema& to,
                  const PlanOptions& options = {});

}  // namespace sleet
