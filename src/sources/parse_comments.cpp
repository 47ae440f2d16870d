// COMMENT ON schemas, tables, columns (and composite type attributes), views, types, domains,
// sequences, indexes, constraints, policies, rules, event triggers and statistics. An empty comment
// or IS NULL removes the comment, as in PostgreSQL.
#include <fmt/format.h>

#include "sleet/error.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

std::vector<std::string> object_names(const PgQuery__CommentStmt& statement) {
  const PgQuery__Node* object = statement.object;
  if (object->node_case == PG_QUERY__NODE__NODE_LIST)
    return strings_of(object->list->items, object->list->n_items);
  if (object->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
    return strings_of(object->type_name->names, object->type_name->n_names);
  if (object->node_case == PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
    return strings_of(object->object_with_args->objname, object->object_with_args->n_objname);
  return {string_of(object)};
}

// Splits [schema,] table, member into the table part and the member name.
std::pair<std::vector<std::string>, std::string> table_and_member(std::vector<std::string> names) {
  std::string member = names.back();
  names.pop_back();
  return {names, member};
}

template <typename Map>
auto& find_named(Context& context, Map& map, const QualifiedName& name, const char* kind) {
  auto it = map.find(name);
  if (it == map.end()) {
    context.fail(-1, fmt::format("{} {} does not exist", kind, name.display()),
                 "fix the name in COMMENT ON");
  }
  return it->second;
}

template <typename Map>
QualifiedName resolve_in(Context& context, const Map& map, const std::vector<std::string>& names) {
  return context.resolve(names.size() > 1 ? names[names.size() - 2] : "", names.back(),
                         [&](const QualifiedName& q) { return map.contains(q); });
}

std::optional<std::string>* constraint_comment(Table& table, const std::string& name) {
  if (table.primary_key && table.primary_key->name == name) return &table.primary_key->comment;
  if (auto it = table.unique_constraints.find(name); it != table.unique_constraints.end())
    return &it->second.comment;
  if (auto it = table.check_constraints.find(name); it != table.check_constraints.end())
    return &it->second.comment;
  if (auto it = table.foreign_keys.find(name); it != table.foreign_keys.end())
    return &it->second.comment;
  if (auto it = table.exclusion_constraints.find(name); it != table.exclusion_constraints.end())
    return &it->second.comment;
  return nullptr;
}

// The comment of the composite or range type `names` means, if it is one.
std::optional<std::string>* composite_or_range_comment(Context& context,
                                                       const std::vector<std::string>& names) {
  Schema& schema = context.schema;
  QualifiedName name = context.resolve(
      names.size() > 1 ? names[names.size() - 2] : "", names.back(), [&](const QualifiedName& q) {
        return schema.composite_types.contains(q) || schema.range_types.contains(q);
      });
  if (auto it = schema.composite_types.find(name); it != schema.composite_types.end())
    return &it->second.comment;
  if (auto it = schema.range_types.find(name); it != schema.range_types.end())
    return &it->second.comment;
  return nullptr;
}

// COMMENT ON COLUMN type.attribute of a composite type (no table of that name); fails when the
// type has no such attribute.
std::optional<std::string>* attribute_comment(Context& context,
                                              const std::vector<std::string>& type_names,
                                              const std::string& attribute) {
  if (type_names.empty() || type_names.size() > 2) return nullptr;
  Schema& schema = context.schema;
  QualifiedName name = resolve_in(context, schema.composite_types, type_names);
  auto it = schema.composite_types.find(name);
  if (it == schema.composite_types.end() || schema.tables.contains(name)) return nullptr;
  for (CompositeAttribute& candidate : it->second.attributes)
    if (candidate.name == attribute) return &candidate.comment;
  context.fail(-1, fmt::format("attribute {} does not exist in type {}", attribute, name.display()),
               "fix the name in COMMENT ON COLUMN");
}

std::optional<std::string>* index_comment(Context& context, const std::vector<std::string>& names) {
  std::string schema_name = names.size() > 1 ? names[names.size() - 2] : "";
  auto find_in = [&](const std::string& in_schema) -> std::optional<std::string>* {
    for (auto& [table_name, table] : context.schema.tables) {
      if (table_name.schema != in_schema) continue;
      if (auto it = table.indexes.find(names.back()); it != table.indexes.end())
        return &it->second.comment;
    }
    for (auto& [view_name, view] : context.schema.views) {
      if (view_name.schema != in_schema) continue;
      if (auto it = view.indexes.find(names.back()); it != view.indexes.end())
        return &it->second.comment;
    }
    return nullptr;
  };
  if (!schema_name.empty()) return find_in(schema_name);
  auto* comment = find_in(context.statement().schema);
  return comment ? comment : find_in("public");
}

std::optional<std::string>* comment_target(Context& context,
                                           const PgQuery__CommentStmt& statement) {
  std::vector<std::string> names = object_names(statement);
  Schema& schema = context.schema;
  switch (statement.objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
      if (names.back() == "public") return nullptr;
      if (!schema.namespaces.contains(names.back()))
        context.fail(-1, fmt::format("schema {} does not exist", names.back()));
      return &schema.namespaces.at(names.back()).comment;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      return &context.table(names, -1).comment;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
      return &find_named(context, schema.views, resolve_in(context, schema.views, names), "view")
                  .comment;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: {
      if (auto* comment = composite_or_range_comment(context, names)) return comment;
      return &find_named(context, schema.enums, resolve_in(context, schema.enums, names), "type")
                  .comment;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
      return &find_named(context, schema.domains, resolve_in(context, schema.domains, names),
                         "domain")
                  .comment;
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION:
      return &find_named(context, schema.collations, resolve_in(context, schema.collations, names),
                         "collation")
                  .comment;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
      return &find_named(context, schema.sequences, resolve_in(context, schema.sequences, names),
                         "sequence")
                  .comment;
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
      auto [table_names, column] = table_and_member(names);
      if (auto* comment = attribute_comment(context, table_names, column)) return comment;
      Table& table = context.table(table_names, -1);
      Column* target = table.find_column(column);
      if (!target && find_column_or_inherited(schema, table, column))
        context.fail(-1,
                     fmt::format("column {} of {} is inherited: a comment of its own is not "
                                 "supported yet",
                                 column, table.name.display()),
                     "comment on the parent's column, or put this in a custom migration");
      if (!target)
        context.fail(-1,
                     fmt::format("column {} does not exist in {}", column, table.name.display()));
      return &target->comment;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: {
      auto [table_names, name] = table_and_member(names);
      Table& table = context.table(table_names, -1);
      auto* comment = constraint_comment(table, name);
      if (!comment)
        context.fail(-1,
                     fmt::format("constraint {} does not exist on {}", name, table.name.display()));
      return comment;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: {
      auto [table_names, name] = table_and_member(names);
      Table& table = context.table(table_names, -1);
      auto it = table.policies.find(name);
      if (it == table.policies.end())
        context.fail(-1, fmt::format("policy {} does not exist on {}", name, table.name.display()));
      return &it->second.comment;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_RULE: {
      auto [relation_names, name] = table_and_member(names);
      QualifiedName relation = context.resolve(
          relation_names.size() > 1 ? relation_names[0] : "",
          relation_names.empty() ? "" : relation_names.back(),
          [&](const QualifiedName& q) { return schema.tables.contains(q) || schema.views.contains(q); });
      std::map<std::string, RewriteRule>* rules = nullptr;
      if (auto it = schema.tables.find(relation); it != schema.tables.end()) rules = &it->second.rules;
      if (auto it = schema.views.find(relation); it != schema.views.end()) rules = &it->second.rules;
      auto rule = rules ? rules->find(name) : std::map<std::string, RewriteRule>::iterator();
      if (!rules || rule == rules->end())
        context.fail(-1, fmt::format("rule {} does not exist on {}", name, relation.display()),
                     "fix the names in COMMENT ON RULE name ON table");
      return &rule->second.comment;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_STATISTIC_EXT: {
      QualifiedName name = context.resolve(
          names.size() > 1 ? names[names.size() - 2] : "", names.back(),
          [&](const QualifiedName& q) { return find_statistics(schema, q, nullptr) != nullptr; });
      Statistics* statistics = find_statistics(schema, name, nullptr);
      if (!statistics)
        context.fail(-1, fmt::format("statistics {} does not exist", name.display()),
                     "fix the name in COMMENT ON STATISTICS");
      return &statistics->comment;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_EVENT_TRIGGER: {
      auto it = schema.event_triggers.find(names.back());
      if (it == schema.event_triggers.end())
        context.fail(-1, fmt::format("event trigger {} does not exist", names.back()),
                     "fix the name in COMMENT ON EVENT TRIGGER");
      return &it->second.comment;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE: {
      const PgQuery__Node* object = statement.object;
      if (object->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
        context.fail(-1, "COMMENT ON FUNCTION names no function");
      QualifiedName key = declared_function(context, *object->object_with_args, -1, "COMMENT");
      return &schema.functions.at(key).comment;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER: {
      auto [table_names, name] = table_and_member(names);
      Table& table = context.table(table_names, -1);
      auto it = table.triggers.find(name);
      if (it == table.triggers.end())
        context.fail(-1, fmt::format("trigger {} does not exist on {}", name, table.name.display()),
                     "fix the names in COMMENT ON TRIGGER name ON table");
      return &it->second.comment;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: {
      auto* comment = index_comment(context, names);
      if (!comment)
        context.fail(-1, fmt::format("index {} does not exist", names.back()),
                     "comments on the index of a primary key or unique constraint "
                     "are not supported; comment on the constraint");
      return comment;
    }
    default:
      context.fail(-1, "COMMENT ON this kind of object is not supported yet",
                   "put it in a custom migration (sleet generate --custom)");
  }
}

}  // namespace

bool names_existing_index(Context& context, const PgQuery__CommentStmt& statement) {
  return index_comment(context, object_names(statement)) != nullptr;
}

void apply_comment(Context& context, const PgQuery__CommentStmt& statement) {
  std::optional<std::string>* target = comment_target(context, statement);
  if (!target) {
    context.note(-1, "COMMENT ON SCHEMA public ignored");
    return;
  }
  if (statement.comment[0] == '\0') {
    target->reset();
  } else {
    *target = statement.comment;
  }
}

}  // namespace sleet::sources
