// Applies the normalisation rules to every expression a Schema holds.
#include <algorithm>
#include <cctype>
#include <exception>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "sleet/error.h"
#include "sleet/normalize.h"
#include "sleet/parallel.h"
#include "sql/normalize_rules.h"

namespace sleet::normalize {

namespace {

// Rewrites `expression.canonical`. Text that is not one expression is left as it is and
// compares as written: drizzle-kit snapshots may hold any SQL fragment (an index key followed
// by its operator class), which the server would have to judge.
void normalize_in_place(Expression& expression, const ExpressionScope& scope) {
  try {
    expression.canonical = normalize_expression(expression.canonical, scope);
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::Usage) throw;
  }
}

std::string lower_case(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// An operator class as the inspector names it: pg_catalog's and public's unqualified, and none
// at all when it is the default for the key's type and the index method.
void normalize_opclass(IndexElement& element, const Index& index, const Table& table,
                       const Schema& schema) {
  for (std::string_view prefix : {"pg_catalog.", "public."}) {
    if (element.opclass.starts_with(prefix)) element.opclass.erase(0, prefix.size());
  }
  if (element.opclass.empty() || element.column.empty()) return;
  const Column* column = table.find_column(element.column);
  if (!column) return;
  if (default_opclass(index.method, column->type, schema) == element.opclass)
    element.opclass.clear();
}

// Storage parameter names fold to lower case as unquoted identifiers do (drizzle-kit keeps
// `.with({ fastUpdate: false })` as written in its snapshot). Values stay as written (DDL
// prints them); Index's equality reads boolean spellings alike.
void normalize_storage_options(Index& index) {
  std::map<std::string, std::string> options;
  for (const auto& [key, value] : index.with) options[lower_case(key)] = value;
  index.with = std::move(options);
}

// Table storage parameters: names folded to lower case, and the boolean ones spelled true or
// false (the catalog keeps `autovacuum_enabled=off` as written).
void normalize_table_storage(Table& table) {
  std::map<std::string, std::string> options;
  for (const auto& [key, value] : table.with) {
    std::string name = lower_case(key);
    std::string lower = lower_case(value);
    bool boolean =
        name == "autovacuum_enabled" || name == "user_catalog_table" || name == "vacuum_truncate";
    if (boolean && (lower == "on" || lower == "true" || lower == "yes" || lower == "1"))
      lower = "true";
    else if (boolean && (lower == "off" || lower == "false" || lower == "no" || lower == "0"))
      lower = "false";
    options[name] = boolean ? lower : value;
  }
  table.with = std::move(options);
}

// An index's keys, predicate, operator classes and storage parameters; `table` is the relation
// whose column types the operator classes are judged by (none known for a materialized view).
void normalize_index(Index& index, const Table& table, const Schema& schema,
                     const ExpressionScope& row_scope) {
  for (IndexElement& element : index.elements) {
    if (element.expression) normalize_in_place(*element.expression, row_scope);
    normalize_opclass(element, index, table, schema);
  }
  if (index.where) normalize_in_place(*index.where, row_scope);
  normalize_storage_options(index);
}

void normalize_table(Table& table, const Schema& schema) {
  ExpressionScope scope{&schema, &table, nullptr};
  // Checks, generated columns and index keys read only the table's row.
  ExpressionScope row_scope{&schema, &table, nullptr, true};
  for (Column& column : table.columns) {
    if (column.default_value) {
      ExpressionScope default_scope{&schema, &table, &column.type};
      normalize_in_place(*column.default_value, default_scope);
    }
    if (column.generated) normalize_in_place(*column.generated, row_scope);
  }
  for (auto& [check_name, check] : table.check_constraints)
    normalize_in_place(check.expression, row_scope);
  for (auto& [index_name, index] : table.indexes) normalize_index(index, table, schema, row_scope);
  for (auto& [exclusion_name, exclusion] : table.exclusion_constraints) {
    Index index;  // what normalize_opclass reads: the method
    index.method = exclusion.method;
    for (IndexElement& element : exclusion.elements) {
      if (element.expression) normalize_in_place(*element.expression, row_scope);
      normalize_opclass(element, index, table, schema);
    }
    if (exclusion.where) normalize_in_place(*exclusion.where, row_scope);
  }
  normalize_table_storage(table);
  for (auto& [policy_name, policy] : table.policies) {
    // PostgreSQL keeps only PUBLIC when a policy names it beside other roles.
    if (std::find(policy.roles.begin(), policy.roles.end(), "public") != policy.roles.end())
      policy.roles = {"public"};
    if (policy.using_expression) normalize_in_place(*policy.using_expression, scope);
    if (policy.with_check) normalize_in_place(*policy.with_check, scope);
  }
  for (auto& [trigger_name, trigger] : table.triggers)
    if (trigger.when) normalize_in_place(*trigger.when, scope);
  // Statistics expressions read only the table's row, like index keys.
  for (auto& [statistics_name, statistics] : table.statistics)
    for (Expression& expression : statistics.expressions) normalize_in_place(expression, row_scope);
}

}  // namespace

void normalize_schema(Schema& schema) {
  // Each rule reads the schema's enums and its own table; only that table changes, so tables
  // are normalised on every core (generate pays this for both of its sides).
  std::vector<Table*> tables;
  for (auto& [name, table] : schema.tables) tables.push_back(&table);
  std::vector<std::exception_ptr> errors(tables.size());
  for_each_index_in_parallel(tables.size(), 0, [&](std::size_t i) {
    try {
      normalize_table(*tables[i], schema);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  });
  for (const std::exception_ptr& error : errors)
    if (error) std::rethrow_exception(error);
  // WITH SCHEMA public names the schema an extension gets anyway.
  for (auto& [name, extension] : schema.extensions)
    if (extension.schema == "public") extension.schema.clear();
  for (auto& [name, view] : schema.views) {
    try {
      // CREATE VIEW v (a, b) is stored as output names of the query.
      if (!view.column_names.empty()) {
        std::string named = with_output_names(view.query.canonical, view.column_names);
        if (!named.empty()) {
          view.query.canonical = named;
          view.column_names.clear();
        }
      }
      view.query.canonical = normalize_query(view.query.canonical, schema);
    } catch (const Error& error) {
      if (error.kind() != ErrorKind::Usage) throw;  // not one query: compared as written
    }
    if (view.access_method == "heap") view.access_method.clear();
    // A materialized view's index keys read its row, whose column types only the server
    // knows: a default operator class written out is left to the server's normalisation.
    Table no_columns;
    no_columns.name = name;
    ExpressionScope row_scope{&schema, &no_columns, nullptr, true};
    for (auto& [index_name, index] : view.indexes)
      normalize_index(index, no_columns, schema, row_scope);
  }
  // A domain's default is stored cast to its base type; its checks read VALUE, a value of the
  // base type, as a table's check reads a column.
  for (auto& [name, domain] : schema.domains) {
    if (domain.default_value) {
      ExpressionScope default_scope{&schema, nullptr, &domain.base_type};
      normalize_in_place(*domain.default_value, default_scope);
    }
    Table value_row;
    value_row.name = name;
    Column value;
    value.name = "value";
    // Over another domain, VALUE is of that domain: the server prints the cast to its base
    // type an operator needs, `(VALUE)::integer < 1000`, which the expression rules drop.
    value.type = domain.base_type;
    value_row.columns.push_back(value);
    ExpressionScope check_scope{&schema, &value_row, nullptr};
    for (auto& [constraint_name, constraint] : domain.constraints)
      normalize_in_place(constraint.expression, check_scope);
  }
  // A parameter's default is stored cast to the parameter's type, as a column's is.
  for (auto& [key, function] : schema.functions) {
    for (FunctionParameter& parameter : function.parameters) {
      if (!parameter.default_value) continue;
      ExpressionScope default_scope{&schema, nullptr, &parameter.type};
      normalize_in_place(*parameter.default_value, default_scope);
    }
  }
}

}  // namespace sleet::normalize
