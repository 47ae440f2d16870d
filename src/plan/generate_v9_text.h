// drizzle-kit 1.0's ddl rows for what carries SQL text it compares as the TypeScript schema
// spells it: checks, policies, views (materialized too), generated columns, expression keys
// and WHERE of indexes. Each row takes the text as the schema file wrote it
// (Expression::text); nullopt when the object has what drizzle-kit's ddl cannot hold, or no
// text as written. Not a public interface.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "sleet/model.h"

namespace sleet::plan_internal {

using V9Row = nlohmann::ordered_json;

// {"schema", "table", "name", "value", "entityType": "checks"}.
std::optional<V9Row> v9_check_row(const QualifiedName& table, const CheckConstraint& check);

// A column's "generated" member: {"as", "type": "stored"}.
std::optional<V9Row> v9_generated(const Expression& expression);

// One member of an index row's "columns": a plain column or an expression ("isExpression").
std::optional<V9Row> v9_index_column(const IndexElement& element);

// An index's "where": the predicate as written, or null.
std::optional<V9Row> v9_index_where(const Index& index);

// {"schema", "table", "name", "as", "for", "roles", "using", "withCheck", "entityType"}.
std::optional<V9Row> v9_policy_row(const QualifiedName& table, const Policy& policy);

// {"schema", "name", "definition", "with", "withNoData", "using", "tablespace",
// "materialized", "entityType": "views"}: a view without a column list, access method,
// tablespace, comment or rules, whose options are among those drizzle-kit's ddl holds.
std::optional<V9Row> v9_view_row(const View& view);

// Whether drizzle-kit 1.0's view row has a field for the storage parameter `reloption`
// ("fillfactor" does, "autovacuum_analyze_threshold" does not: the "sleet" member carries it).
bool v9_view_option_listed(const std::string& reloption);

// The members of `after` whose values differ from `before`'s (a row of the folder's state):
// the "set" of drizzle-kit's alter delta. The identity (schema, table, name) and entityType
// are not compared.
V9Row v9_changed_members(const V9Row& before, const V9Row& after);

}  // namespace sleet::plan_internal
