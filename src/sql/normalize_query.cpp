// The view-body rules: pg_get_viewdef qualifies every column with its relation and names
// every computed output column; a single-relation query written without either means the same.
#include <fmt/format.h>

#include <cstdlib>
#include <cstring>
#include <set>

#include "sleet/error.h"
#include "sleet/normalize.h"
#include "sleet/sql.h"
#include "sql/normalize_rules.h"
#include "sql/normalize_tree.h"

namespace sleet::normalize {

namespace {

std::string string_value(const PgQuery__Node* node) {
  return node && node->node_case == PG_QUERY__NODE__NODE_STRING ? node->string->sval : "";
}

// The output name PostgreSQL derives for a select-list expression (FigureColname).
std::string derived_name(const PgQuery__Node* node) {
  if (!node) return "?column?";
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF: {
      const PgQuery__ColumnRef& ref = *node->column_ref;
      return ref.n_fields ? string_value(ref.fields[ref.n_fields - 1]) : "?column?";
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
      const PgQuery__FuncCall& call = *node->func_call;
      return string_value(call.funcname[call.n_funcname - 1]);
    }
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
      std::string inner = derived_name(node->type_cast->arg);
      if (inner != "?column?") return inner;
      const PgQuery__TypeName& type = *node->type_cast->type_name;
      return string_value(type.names[type.n_names - 1]);
    }
    case PG_QUERY__NODE__NODE_CASE_EXPR:
      return "case";
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
      return "coalesce";
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
      return "array";
    case PG_QUERY__NODE__NODE_ROW_EXPR:
      return "row";
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
      return node->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least";
    default:
      return "?column?";
  }
}

// Whether `select` reads exactly one plain relation and nothing below it is another query or
// a join, so that every unqualified column is that relation's.
const PgQuery__RangeVar* single_relation(PgQuery__SelectStmt& select) {
  if (select.n_from_clause != 1 || select.with_clause ||
      select.from_clause[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
    return nullptr;
  bool nested = false;
  sql::rewrite_nodes(&select.base, [&](PgQuery__Node*& slot) {
    auto kind = slot->node_case;
    if (kind == PG_QUERY__NODE__NODE_SELECT_STMT || kind == PG_QUERY__NODE__NODE_JOIN_EXPR ||
        kind == PG_QUERY__NODE__NODE_SUB_LINK || kind == PG_QUERY__NODE__NODE_RANGE_SUBSELECT)
      nested = true;
  });
  return nested ? nullptr : select.from_clause[0]->range_var;
}

void unqualify_columns(PgQuery__SelectStmt& select) {
  const PgQuery__RangeVar* relation = single_relation(select);
  if (!relation) return;
  std::string qualifier = relation->alias ? relation->alias->aliasname : relation->relname;
  std::string schema = relation->schemaname;
  sql::rewrite_nodes(&select.base, [&](PgQuery__Node*& slot) {
    if (slot->node_case != PG_QUERY__NODE__NODE_COLUMN_REF) return;
    PgQuery__ColumnRef& ref = *slot->column_ref;
    if (ref.n_fields == 2 && string_value(ref.fields[0]) == qualifier &&
        ref.fields[1]->node_case == PG_QUERY__NODE__NODE_STRING) {
      sql::drop_leading_fields(ref, 1);
    } else if (ref.n_fields == 3 && !relation->alias && string_value(ref.fields[1]) == qualifier &&
               string_value(ref.fields[0]) == (schema.empty() ? "public" : schema) &&
               ref.fields[2]->node_case == PG_QUERY__NODE__NODE_STRING) {
      sql::drop_leading_fields(ref, 2);
    }
  });
}

void drop_derived_aliases(PgQuery__SelectStmt& select) {
  for (size_t i = 0; i < select.n_target_list; ++i) {
    if (select.target_list[i]->node_case != PG_QUERY__NODE__NODE_RES_TARGET) continue;
    PgQuery__ResTarget& target = *select.target_list[i]->res_target;
    if (!target.name || target.name[0] == '\0' || target.name != derived_name(target.val)) continue;
    std::free(target.name);
    target.name = sql::allocate_string("");
  }
}

// The table the query's expressions read, when it reads exactly one, for column types.
const Table* only_table(std::string_view query, const Schema& schema) {
  auto relations = sql::referenced_relations(query);
  if (relations.size() != 1) return nullptr;
  QualifiedName name{relations[0].first.empty() ? "public" : relations[0].first,
                     relations[0].second};
  auto it = schema.tables.find(name);
  return it == schema.tables.end() ? nullptr : &it->second;
}

std::vector<PgQuery__SelectStmt*> selects_in(PgQuery__Node* statement) {
  std::vector<PgQuery__SelectStmt*> selects;
  if (statement->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
    selects.push_back(statement->select_stmt);
  sql::rewrite_nodes(&statement->base, [&](PgQuery__Node*& slot) {
    if (slot->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) selects.push_back(slot->select_stmt);
  });
  return selects;
}

// The select list entries of `select` and, for a UNION, INTERSECT or EXCEPT, of each branch
// (larg and rarg are not Node slots, so selects_in does not list them).
void add_outputs(PgQuery__SelectStmt* select, std::set<PgQuery__Node**>& outputs) {
  if (!select) return;
  for (size_t i = 0; i < select->n_target_list; ++i)
    if (select->target_list[i]->node_case == PG_QUERY__NODE__NODE_RES_TARGET)
      outputs.insert(&select->target_list[i]->res_target->val);
  add_outputs(select->larg, outputs);
  add_outputs(select->rarg, outputs);
}

}  // namespace

std::string with_output_names(std::string_view query, const std::vector<std::string>& names) {
  sql::ParseTree tree(query, "query");
  PgQuery__Node* statement = const_cast<PgQuery__RawStmt&>(tree.statement(0)).stmt;
  if (tree.size() != 1 || statement->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) return {};
  PgQuery__SelectStmt& select = *statement->select_stmt;
  if (select.op != PG_QUERY__SET_OPERATION__SETOP_NONE || select.n_target_list < names.size())
    return {};
  for (size_t i = 0; i < names.size(); ++i) {
    PgQuery__ResTarget& target = *select.target_list[i]->res_target;
    // SELECT * has no name to give; the server would expand it.
    if (target.val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
        target.val->column_ref->fields[target.val->column_ref->n_fields - 1]->node_case ==
            PG_QUERY__NODE__NODE_A_STAR)
      return {};
    // An unset string field points at protobuf-c's shared empty string: not to be freed.
    if (target.name && target.name[0] != '\0') std::free(target.name);
    target.name = sql::allocate_string(names[i]);
  }
  return sql::deparse_statement(*statement);
}

std::string normalize_query(std::string_view query, const Schema& schema) {
  sql::ParseTree tree(query, "query");
  if (tree.size() != 1) throw Error(ErrorKind::Usage, fmt::format("not a single query: {}", query));
  PgQuery__Node*& statement = const_cast<PgQuery__RawStmt&>(tree.statement(0)).stmt;
  for (PgQuery__SelectStmt* select : selects_in(statement)) unqualify_columns(*select);
  ExpressionScope scope{&schema, only_table(query, schema), nullptr};
  std::set<PgQuery__Node**> outputs;
  for (PgQuery__SelectStmt* select : selects_in(statement)) add_outputs(select, outputs);
  rewrite_expressions_in(&statement->base, scope, outputs);
  // Collected again: the expression rules may have replaced nodes holding sub-queries.
  for (PgQuery__SelectStmt* select : selects_in(statement)) drop_derived_aliases(*select);
  return sql::deparse_statement(*statement);
}

}  // namespace sleet::normalize
