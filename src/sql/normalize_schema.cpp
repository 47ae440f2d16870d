// Applies the normalisation rules to every expression a Schema holds.
#include <fmt/format.h>

#include <algorithm>

#include "sleet/error.h"
#include "sleet/normalize.h"
#include "sql/normalize_rules.h"

namespace sleet::normalize {

namespace {

// Rewrites `expression.canonical`, naming `what` when it does not parse.
void normalize_in_place(Expression& expression, const ExpressionScope& scope,
                        const std::string& what) {
  try {
    expression.canonical = normalize_expression(expression.canonical, scope);
  } catch (const Error& error) {
    throw Error(ErrorKind::Usage, fmt::format("{}: {}", what, error.what()), error.where(),
                error.hint());
  }
}

void normalize_table(Table& table, const Schema& schema) {
  std::string name = table.name.display();
  ExpressionScope scope{&schema, &table, nullptr};
  for (Column& column : table.columns) {
    std::string where = fmt::format("column {}.{}", name, column.name);
    if (column.default_value) {
      ExpressionScope default_scope{&schema, &table, &column.type};
      normalize_in_place(*column.default_value, default_scope, "default of " + where);
    }
    if (column.generated) normalize_in_place(*column.generated, scope, "generated " + where);
  }
  for (auto& [check_name, check] : table.check_constraints)
    normalize_in_place(check.expression, scope, fmt::format("check {} on {}", check_name, name));
  for (auto& [index_name, index] : table.indexes) {
    std::string where = fmt::format("index {} on {}", index_name, name);
    for (IndexElement& element : index.elements)
      if (element.expression) normalize_in_place(*element.expression, scope, where);
    if (index.where) normalize_in_place(*index.where, scope, where);
  }
  for (auto& [policy_name, policy] : table.policies) {
    // PostgreSQL keeps only PUBLIC when a policy names it beside other roles.
    if (std::find(policy.roles.begin(), policy.roles.end(), "public") != policy.roles.end())
      policy.roles = {"public"};
    std::string where = fmt::format("policy {} on {}", policy_name, name);
    if (policy.using_expression) normalize_in_place(*policy.using_expression, scope, where);
    if (policy.with_check) normalize_in_place(*policy.with_check, scope, where);
  }
}

}  // namespace

void normalize_schema(Schema& schema) {
  // Each rule reads the whole schema (enums, the table's columns); only expressions change.
  for (auto& [name, table] : schema.tables) normalize_table(table, schema);
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
      throw Error(ErrorKind::Usage, fmt::format("view {}: {}", name.display(), error.what()),
                  error.where(), error.hint());
    }
    if (view.access_method == "heap") view.access_method.clear();
  }
}

}  // namespace sleet::normalize
