// CREATE INDEX, with PostgreSQL's default index names.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "sleet/error.h"
#include "sources/parse_nodes.h"
#include "sources/parse_written.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

// A name from a qualified list, dropping the pg_catalog prefix the catalog would not print.
std::string unqualified_unless_needed(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i == 0 && names.size() > 1 && names[0] == "pg_catalog") continue;
    if (!out.empty()) out += '.';
    out += names[i];
  }
  return out;
}

// ChooseIndexColumnNames: one name per key and INCLUDE column, made distinct with digits.
std::vector<std::string> index_column_names(const PgQuery__IndexStmt& statement) {
  std::vector<std::string> bases;
  auto add = [&](const PgQuery__IndexElem& element) {
    bases.push_back(element.name[0] != '\0' ? element.name : index_expression_name(element.expr));
  };
  for (size_t i = 0; i < statement.n_index_params; ++i) add(*statement.index_params[i]->index_elem);
  for (size_t i = 0; i < statement.n_index_including_params; ++i)
    add(*statement.index_including_params[i]->index_elem);
  return distinct_index_column_names(bases);
}

// `table` is null for a materialized view: its columns come from its query, which only the
// server resolves, so the server checks them when the index is created.
void check_column(Context& context, const Table* table, const std::string& column) {
  if (table && !find_column_or_inherited(context.schema, *table, column)) {
    context.fail(
        -1, fmt::format("column {} does not exist in table {}", column, table->name.display()));
  }
}

IndexElement read_element(Context& context, const Table* table, const PgQuery__IndexElem& element);

}  // namespace

IndexElement read_index_element(Context& context, const Table& table,
                                const PgQuery__IndexElem& element) {
  return read_element(context, &table, element);
}

namespace {

IndexElement read_element(Context& context, const Table* table, const PgQuery__IndexElem& element) {
  IndexElement out;
  if (element.name[0] != '\0') {
    out.column = element.name;
    check_column(context, table, out.column);
  } else {
    out.expression = expression_of(*element.expr);
  }
  std::vector<std::string> collation = strings_of(element.collation, element.n_collation);
  if (collation.size() == 2 && collation[0] == "public") collation.erase(collation.begin());
  out.collation = unqualified_unless_needed(collation);
  out.opclass = unqualified_unless_needed(strings_of(element.opclass, element.n_opclass));
  if (element.n_opclassopts > 0)
    context.fail(-1, "operator class parameters are not supported yet");
  out.descending = element.ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
  if (element.ordering == PG_QUERY__SORT_BY_DIR__SORTBY_USING)
    context.fail(-1, "ordering with USING is not supported in an index");
  switch (element.nulls_ordering) {
    case PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST:
      out.nulls_first = true;
      break;
    case PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST:
      out.nulls_first = false;
      break;
    default:
      out.nulls_first = out.descending;
      break;
  }
  return out;
}

// The index `statement` creates on `relation` (a table, or a materialized view when `table`
// is null), named as the server names it when the statement does not.
Index read_index(Context& context, const PgQuery__IndexStmt& statement,
                 const QualifiedName& relation, const Table* table) {
  Index index;
  index.unique = statement.unique;
  index.concurrently = statement.concurrent;
  index.nulls_not_distinct = statement.nulls_not_distinct;
  if (statement.access_method[0] != '\0') {
    index.method = statement.access_method;
    std::transform(index.method.begin(), index.method.end(), index.method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  for (size_t i = 0; i < statement.n_index_params; ++i) {
    const PgQuery__IndexElem& written = *statement.index_params[i]->index_elem;
    IndexElement element = read_element(context, table, written);
    if (element.expression) element.expression = index_key_as_written(context, *written.expr);
    index.elements.push_back(std::move(element));
  }
  for (size_t i = 0; i < statement.n_index_including_params; ++i) {
    std::string column = statement.index_including_params[i]->index_elem->name;
    check_column(context, table, column);
    index.include.push_back(column);
  }
  if (statement.where_clause) index.where = predicate_as_written(context, *statement.where_clause);
  for (size_t i = 0; i < statement.n_options; ++i) {
    const PgQuery__DefElem& option = *statement.options[i]->def_elem;
    index.with[option.defname] = option_text(option);
  }
  if (statement.table_space[0] != '\0') context.note(-1, "index TABLESPACE ignored");
  index.name = statement.idxname;
  if (index.name.empty()) {
    index.name = context.names.choose_relation_name(
        relation.schema, relation.name, name_addition(index_column_names(statement)), "idx", false);
  }
  context.names.add_relation(QualifiedName{relation.schema, index.name}, "index", context.where());
  return index;
}

}  // namespace

void apply_create_index(Context& context, const PgQuery__IndexStmt& statement) {
  const PgQuery__RangeVar& relation = *statement.relation;
  auto is_table = [&](const QualifiedName& q) { return context.schema.tables.contains(q); };
  auto is_view = [&](const QualifiedName& q) { return context.schema.views.contains(q); };
  QualifiedName view_name = context.resolve(relation.schemaname, relation.relname, is_view);
  if (auto view = context.schema.views.find(view_name);
      view != context.schema.views.end() &&
      !is_table(context.resolve(relation.schemaname, relation.relname, is_table))) {
    if (!view->second.materialized) {
      context.fail(relation.location,
                   fmt::format("{} is a view, which cannot have an index", view_name.display()),
                   "index the tables the view reads, or make it a materialized view");
    }
    Index index = read_index(context, statement, view_name, nullptr);
    view->second.indexes.emplace(index.name, std::move(index));
    return;
  }
  Table& table = context.table(relation);
  Index index = read_index(context, statement, table.name, &table);
  table.indexes.emplace(index.name, std::move(index));
}

}  // namespace sleet::sources
