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

}  // namespace sleet::lint
