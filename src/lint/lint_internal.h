// Internal: what the lint rules share: the state of the migration read so far, and how a
// rule reports.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sleet/model.h"

#include "sql/parse_tree.h"

namespace sleet::lint {

// What the statements before the current one did, for the plan-aware rules.
struct MigrationState {
  std::set<std::string> new_tables;  // "schema.table" created by this migration
  // CHECK (column IS NOT NULL) constraints added NOT VALID: name -> (table, column).
  std::map<std::string, std::pair<std::string, std::string>> pending_not_null_checks;
  std::set<std::pair<std::string, std::string>> proven_not_null;  // validated (table, column)
  bool explicit_transaction = false;  // a BEGIN the file wrote, not yet committed
  int server_version = 0;             // 0: unknown, taken as current
  // Whether sleet runs the file in one transaction (no `-- sleet:transaction=off`, no
  // CONCURRENTLY or other statement PostgreSQL refuses in a transaction block).
  bool in_transaction = true;
  std::set<std::string> new_enums;  // "schema.type" this file created (reset per file)
  // Labels ALTER TYPE ... ADD VALUE added in the file's open transaction -> "schema.type".
  std::map<std::string, std::string> uncommitted_enum_values;
  // The current statement's string literals: (value, byte offset).
  std::vector<std::pair<std::string, int>> string_literals;
  int statement_start = 0;  // byte offset of the current statement
  // The leading columns of every index, primary key and unique constraint the migration (or
  // the folder's earlier files) made: "schema.table" -> keys; "schema.index" -> (table, keys)
  // for ADD CONSTRAINT ... USING INDEX.
  std::map<std::string, std::vector<std::vector<std::string>>> index_keys;
  std::map<std::string, std::pair<std::string, std::vector<std::string>>> named_indexes;
  struct ForeignKeyUse {
    std::string table;
    std::vector<std::string> columns;
    bool new_table = false;
    int location = 0;         // of the constraint
    int statement_start = 0;  // of its statement, for ignore comments
  };
  std::vector<ForeignKeyUse> foreign_keys;  // this file's, checked at its end
  // The schema before the migration, or nullptr when unknown.
  std::function<const Schema*()> schema_before;
};

// The rules whose finding is a lock held on a table (downgraded on small tables).
bool is_lock_rule(const std::string& rule);

// The tables ("schema.table") whose locks `statement` takes, as far as the statement and
// `index_tables` ("schema.index" -> its table) say.
std::vector<std::string> locked_tables(const PgQuery__Node& statement,
                                       const std::map<std::string, std::string>& index_tables);

// Reports `rule` with `message` and the safe form `hint` at byte `location` of the file
// (-1: the statement's start).
using Report = std::function<void(const std::string& rule, const std::string& message,
                                  const std::string& hint, int location)>;

// "schema.table" of a relation as written (public when unqualified).
std::string table_key(const PgQuery__RangeVar& relation);

// Runs every rule on one statement, then records what it did in `state`.
void check_statement(const PgQuery__Node& statement, MigrationState& state, const Report& report);

// True when PostgreSQL refuses `statement` inside a transaction block (CREATE/DROP INDEX
// CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM, ...): sleet migrate then runs the file outside one.
bool needs_no_transaction(const PgQuery__Node& statement);

// At the end of a file: each of its foreign keys no known index covers (foreign-key-without-
// index), reported with the offset of the statement that added it.
using ForeignKeyReport = std::function<void(const std::string& message, const std::string& hint,
                                            int location, int statement_start)>;
void check_foreign_key_indexes(MigrationState& state, const ForeignKeyReport& report);

}  // namespace sleet::lint
