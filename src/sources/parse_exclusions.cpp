// EXCLUDE constraints: EXCLUDE [USING method] (key WITH operator, ...) [INCLUDE (...)]
// [WITH (...)] [WHERE (predicate)] [DEFERRABLE ...], named as PostgreSQL names their index.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "sleet/error.h"
#include "sources/object_names.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

// An operator name list as the catalog prints it: pg_catalog's bare, others "schema.op".
std::string operator_name(const std::vector<std::string>& names) {
  if (names.size() == 2 && names[0] == "pg_catalog") return names[1];
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ".") + name;
  return out;
}

}  // namespace

void add_exclusion(Context& context, Table& table, const ConstraintSpec& spec) {
  const PgQuery__Constraint& constraint = *spec.constraint;
  ExclusionConstraint exclusion;
  if (constraint.access_method[0] != '\0') {
    exclusion.method = constraint.access_method;
    std::transform(exclusion.method.begin(), exclusion.method.end(), exclusion.method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  } else {
    exclusion.method = "btree";  // the server's default for EXCLUDE without USING
  }
  std::vector<std::string> key_names;
  for (size_t i = 0; i < constraint.n_exclusions; ++i) {
    const PgQuery__List& pair = *constraint.exclusions[i]->list;
    if (pair.n_items != 2 || pair.items[0]->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM) {
      context.fail(constraint.location, "this EXCLUDE element is not understood");
    }
    IndexElement element = read_index_element(context, table, *pair.items[0]->index_elem);
    key_names.push_back(element.column.empty() ? "expr" : element.column);
    exclusion.elements.push_back(std::move(element));
    const PgQuery__List& op = *pair.items[1]->list;
    exclusion.operators.push_back(operator_name(strings_of(op.items, op.n_items)));
  }
  for (size_t i = 0; i < constraint.n_including; ++i) {
    std::string column = string_of(constraint.including[i]);
    if (!find_column_or_inherited(context.schema, table, column)) {
      context.fail(constraint.location, fmt::format("column {} does not exist in table {}", column,
                                                    table.name.display()));
    }
    exclusion.include.push_back(column);
    key_names.push_back(column);  // INCLUDE columns are part of the default name too
  }
  for (size_t i = 0; i < constraint.n_options; ++i) {
    const PgQuery__DefElem& option = *constraint.options[i]->def_elem;
    exclusion.with[option.defname] = option_text(option);
  }
  if (constraint.where_clause) exclusion.where = expression_of(*constraint.where_clause);
  if (constraint.indexspace[0] != '\0')
    context.note(constraint.location, "USING INDEX TABLESPACE ignored");
  exclusion.deferrable = spec.deferrable;
  exclusion.initially_deferred = spec.initially_deferred;
  exclusion.name = spec.name;
  if (exclusion.name.empty()) {
    exclusion.name = context.names.choose_relation_name(table.name.schema, table.name.name,
                                                        name_addition(key_names), "excl", true);
  }
  context.names.add_relation(QualifiedName{table.name.schema, exclusion.name},
                             "exclusion constraint index", context.where(constraint.location));
  claim_constraint_name(context, table, exclusion.name, spec);
  table.exclusion_constraints.emplace(exclusion.name, std::move(exclusion));
}

}  // namespace sleet::sources
