// When the schema parser creates a CREATE TABLE ... (LIKE source): after everything the files
// say about the source (its ALTER TABLE statements, indexes and comments, which come in later
// phases than CREATE TABLE), so the copy holds what the source holds in the database the files
// build; and the statements about the copy after the copy.
#include <fmt/format.h>

#include <functional>
#include <set>

#include "sources/like_order.h"
#include "sources/parse_nodes.h"

namespace sleet::sources {

namespace {

// The table a statement of the alterations or comments phase is about, as written, when it
// names one ([schema.]name); COMMENT ON INDEX is left to the driver (`index_comment`).
std::optional<std::vector<std::string>> statement_table(const PgQuery__Node& node,
                                                        bool& index_comment) {
  auto relation = [](const PgQuery__RangeVar* r) -> std::optional<std::vector<std::string>> {
    if (!r) return std::nullopt;
    if (r->schemaname[0] != '\0') return std::vector<std::string>{r->schemaname, r->relname};
    return std::vector<std::string>{r->relname};
  };
  switch (node.node_case) {
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
      return relation(node.alter_table_stmt->relation);
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      return relation(node.index_stmt->relation);
    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
      return relation(node.create_policy_stmt->table);
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
      return relation(node.create_trig_stmt->relation);
    case PG_QUERY__NODE__NODE_RULE_STMT:
      return relation(node.rule_stmt->relation);
    case PG_QUERY__NODE__NODE_COMMENT_STMT: {
      const PgQuery__CommentStmt& comment = *node.comment_stmt;
      if (!comment.object || comment.object->node_case != PG_QUERY__NODE__NODE_LIST)
        return std::nullopt;
      std::vector<std::string> names =
          strings_of(comment.object->list->items, comment.object->list->n_items);
      switch (comment.objtype) {
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
          return names;
        case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
          index_comment = true;
          return std::nullopt;
        case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
        case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
        case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
        case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
          if (names.size() < 2) return std::nullopt;
          names.pop_back();
          return names;
        default:
          return std::nullopt;
      }
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

LikeOrder::LikeOrder(const std::vector<const Statement*>& tables_phase) {
  for (const Statement* statement : tables_phase) {
    const PgQuery__CreateStmt& create = *statement->node->create_stmt;
    QualifiedName name{
        create.relation->schemaname[0] != '\0' ? create.relation->schemaname : statement->schema,
        create.relation->relname};
    created_.insert(name);
    if (has_like_clause(create)) copies_.emplace(name, Copy{statement, {}});
  }
}

std::optional<QualifiedName> LikeOrder::copy_named(const Statement& statement,
                                                   const std::vector<std::string>& names) const {
  if (names.empty() || names.size() > 2) return std::nullopt;
  QualifiedName name{names.size() == 2 ? names[0] : statement.schema, names.back()};
  // Unqualified: the search_path schema when a table of that name is created there, else public.
  if (names.size() == 1 && !created_.contains(name)) name.schema = "public";
  if (copies_.contains(name)) return name;
  return std::nullopt;
}

bool LikeOrder::is_copy(const Statement& statement) const {
  if (statement.node->node_case != PG_QUERY__NODE__NODE_CREATE_STMT) return false;
  const PgQuery__CreateStmt& create = *statement.node->create_stmt;
  if (!has_like_clause(create)) return false;
  std::vector<std::string> names{create.relation->relname};
  if (create.relation->schemaname[0] != '\0')
    names.insert(names.begin(), create.relation->schemaname);
  return copy_named(statement, names).has_value();
}

bool LikeOrder::defer(const Statement& statement, bool& index_comment) {
  index_comment = false;
  if (copies_.empty()) return false;
  auto names = statement_table(*statement.node, index_comment);
  if (!names) return false;
  auto copy = copy_named(statement, *names);
  if (!copy) return false;
  copies_.at(*copy).statements.push_back(&statement);
  return true;
}

std::vector<const Statement*> LikeOrder::copies_in_order(Context& context) const {
  std::vector<const Statement*> out;
  std::set<QualifiedName> done, visiting;
  std::function<void(const QualifiedName&)> visit = [&](const QualifiedName& name) {
    if (done.contains(name)) return;
    const Copy& copy = copies_.at(name);
    if (visiting.contains(name)) {
      context.set_statement(copy.create);
      context.fail(
          -1, fmt::format("table {} is LIKE itself through the tables it copies", name.display()),
          "break the cycle of LIKE clauses");
    }
    visiting.insert(name);
    const PgQuery__CreateStmt& create = *copy.create->node->create_stmt;
    for (size_t i = 0; i < create.n_table_elts; ++i) {
      const PgQuery__Node& element = *create.table_elts[i];
      if (element.node_case != PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE) continue;
      const PgQuery__RangeVar& source = *element.table_like_clause->relation;
      std::vector<std::string> names{source.relname};
      if (source.schemaname[0] != '\0') names.insert(names.begin(), source.schemaname);
      if (auto source_copy = copy_named(*copy.create, names)) visit(*source_copy);
    }
    visiting.erase(name);
    done.insert(name);
    out.push_back(copy.create);
    for (const Statement* statement : copy.statements) out.push_back(statement);
  };
  for (const auto& [name, copy] : copies_) visit(name);
  return out;
}

}  // namespace sleet::sources
