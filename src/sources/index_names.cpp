// Default index names, as the server chooses them (index_names.h, and CREATE INDEX without a
// name in schema files).
#include "sleet/index_names.h"

#include <algorithm>

#include "sources/object_names.h"
#include "sources/parse_nodes.h"

namespace sleet {

namespace sources {

namespace {

// PostgreSQL's FigureColname, as far as index names need it: the name an expression
// contributes to a default index name, with how strongly it was chosen.
std::pair<std::string, int> figure_name(const PgQuery__Node* node) {
  if (!node) return {"", 0};
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF: {
      const PgQuery__ColumnRef& ref = *node->column_ref;
      const PgQuery__Node* last = ref.n_fields ? ref.fields[ref.n_fields - 1] : nullptr;
      if (last && last->node_case == PG_QUERY__NODE__NODE_STRING) return {last->string->sval, 2};
      return {"", 0};
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
      const PgQuery__FuncCall& call = *node->func_call;
      return {string_of(call.funcname[call.n_funcname - 1]), 2};
    }
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
      auto inner = figure_name(node->type_cast->arg);
      if (inner.second > 1) return inner;
      const PgQuery__TypeName& type = *node->type_cast->type_name;
      return {string_of(type.names[type.n_names - 1]), 1};
    }
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
      return figure_name(node->collate_clause->arg);
    case PG_QUERY__NODE__NODE_A_EXPR:
      if (node->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF) return {"nullif", 2};
      return {"", 0};
    case PG_QUERY__NODE__NODE_CASE_EXPR:
      return {"case", 1};
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
      return {"array", 2};
    case PG_QUERY__NODE__NODE_ROW_EXPR:
      return {"row", 2};
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
      return {"coalesce", 2};
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
      return {node->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least",
              2};
    default:
      return {"", 0};
  }
}

}  // namespace

std::string index_expression_name(const PgQuery__Node* expression) {
  std::string name = figure_name(expression).first;
  return name.empty() ? "expr" : name;
}

std::vector<std::string> distinct_index_column_names(const std::vector<std::string>& bases) {
  std::vector<std::string> names;
  for (const std::string& base : bases) {
    std::string candidate = base;
    for (int i = 1; std::find(names.begin(), names.end(), candidate) != names.end(); ++i) {
      std::string suffix = std::to_string(i);
      candidate = make_object_name(base, "", "").substr(0, kMaxIdentifierLength - suffix.size());
      candidate += suffix;
    }
    names.push_back(candidate);
  }
  return names;
}

}  // namespace sources

std::string choose_index_name(const std::string& table_name, const Index& index,
                              const std::string& label,
                              const std::function<bool(const std::string&)>& taken) {
  std::string addition;
  if (label != "pkey") {
    std::vector<std::string> bases;
    for (const IndexElement& element : index.elements) {
      if (!element.column.empty() || !element.expression) {
        bases.push_back(element.column);
        continue;
      }
      // The expression as the server would see it in CREATE INDEX: one SELECT target.
      sql::ParseTree tree("SELECT " + element.expression->written(), "index " + index.name);
      const PgQuery__Node* target = nullptr;
      if (tree.size() == 1) {
        const PgQuery__Node& statement = *tree.statement(0).stmt;
        if (statement.node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
            statement.select_stmt->n_target_list == 1)
          target = statement.select_stmt->target_list[0]->res_target->val;
      }
      bases.push_back(sources::index_expression_name(target));
    }
    for (const std::string& column : index.include) bases.push_back(column);
    addition = sources::name_addition(sources::distinct_index_column_names(bases));
  }
  for (int pass = 0;; ++pass) {
    std::string candidate =
        make_object_name(table_name, addition, pass == 0 ? label : label + std::to_string(pass));
    if (!taken(candidate)) return candidate;
  }
}

}  // namespace sleet
