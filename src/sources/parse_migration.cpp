// The statements of one migration applied, in order, to the schema before it: how the DDL
// of a custom migration (written by hand; its snapshot is a copy of the previous one) joins
// the state a folder's migrations build. Unlike schema files, order matters and an object
// may already exist or be dropped.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "sleet/error.h"
#include "sleet/sources.h"
#include "sources/index_attachments.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

// Statements that change data, not the schema: passed over without a note.
bool changes_data_only(const PgQuery__Node& node) {
  switch (node.node_case) {
    case PG_QUERY__NODE__NODE_INSERT_STMT:
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
    case PG_QUERY__NODE__NODE_MERGE_STMT:
    case PG_QUERY__NODE__NODE_SELECT_STMT:
    case PG_QUERY__NODE__NODE_COPY_STMT:
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
    case PG_QUERY__NODE__NODE_LOCK_STMT:
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
    case PG_QUERY__NODE__NODE_NOTIFY_STMT:
      return true;
    default:
      return false;
  }
}

QualifiedName resolve_relation(Context& context, const std::string& schema_name,
                               const std::string& name) {
  return context.resolve(schema_name, name,
                         [&](const QualifiedName& q) { return context.names.has_relation(q); });
}

// True when `node` creates an object the schema already holds: CREATE ... IF NOT EXISTS, or
// a hand-written CREATE that a later generated snapshot also holds. Skipped without a note.
bool creates_existing(Context& context, const PgQuery__Node& node) {
  const Schema& schema = context.schema;
  switch (node.node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
      return context.names.has_relation(resolve_relation(
          context, node.create_stmt->relation->schemaname, node.create_stmt->relation->relname));
    case PG_QUERY__NODE__NODE_INDEX_STMT: {
      const PgQuery__IndexStmt& index = *node.index_stmt;
      if (index.idxname[0] == '\0') return false;
      // The index's schema is its table's or materialized view's.
      QualifiedName relation =
          resolve_relation(context, index.relation->schemaname, index.relation->relname);
      return context.names.has_relation({relation.schema, index.idxname});
    }
    case PG_QUERY__NODE__NODE_VIEW_STMT:
      return !node.view_stmt->replace &&
             context.names.has_relation(resolve_relation(context, node.view_stmt->view->schemaname,
                                                         node.view_stmt->view->relname));
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
      return context.names.has_relation(resolve_relation(context,
                                                         node.create_seq_stmt->sequence->schemaname,
                                                         node.create_seq_stmt->sequence->relname));
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
      return schema.namespaces.contains(node.create_schema_stmt->schemaname);
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
      return schema.extensions.contains(node.create_extension_stmt->extname);
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: {
      std::vector<std::string> names =
          strings_of(node.create_enum_stmt->type_name, node.create_enum_stmt->n_type_name);
      return schema.enums.contains(
          context.new_name(names.size() > 1 ? names[names.size() - 2] : "", names.back()));
    }
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT: {
      std::vector<std::string> names =
          strings_of(node.create_domain_stmt->domainname, node.create_domain_stmt->n_domainname);
      return schema.domains.contains(
          context.new_name(names.size() > 1 ? names[names.size() - 2] : "", names.back()));
    }
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
      return schema.composite_types.contains(context.new_name(*node.composite_type_stmt->typevar));
    case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT: {
      std::vector<std::string> names =
          strings_of(node.create_range_stmt->type_name, node.create_range_stmt->n_type_name);
      return schema.range_types.contains(
          context.new_name(names.size() > 1 ? names[names.size() - 2] : "", names.back()));
    }
    default:
      return false;
  }
}

// Removes the index named `name` (in `schema_name` or the search_path) from its table or
// materialized view.
bool drop_index(Context& context, const std::string& schema_name, const std::string& name) {
  QualifiedName index = resolve_relation(context, schema_name, name);
  for (auto& [table_name, table] : context.schema.tables) {
    if (table_name.schema != index.schema) continue;
    if (table.indexes.erase(index.name) > 0) return true;
  }
  for (auto& [view_name, view] : context.schema.views) {
    if (view_name.schema != index.schema) continue;
    if (view.indexes.erase(index.name) > 0) return true;
  }
  return false;
}

bool drop_table(Context& context, const QualifiedName& name) {
  if (context.schema.tables.erase(name) == 0) return false;
  // Foreign keys to it went with it (CASCADE), or the server refused the DROP.
  for (auto& [table_name, table] : context.schema.tables) {
    std::erase_if(table.foreign_keys,
                  [&](const auto& item) { return item.second.references == name; });
  }
  return true;
}

// DROP INDEX/TABLE/VIEW/MATERIALIZED VIEW/SEQUENCE/STATISTICS/COLLATION; false for other kinds of
// DROP.
bool apply_drop(Context& context, const PgQuery__DropStmt& drop) {
  if (drop.remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_STATISTIC_EXT) {
    for (size_t i = 0; i < drop.n_objects; ++i) {
      const PgQuery__Node* object = drop.objects[i];
      if (object->node_case != PG_QUERY__NODE__NODE_LIST) return false;
      drop_statistics(context, strings_of(object->list->items, object->list->n_items));
    }
    return true;
  }
  if (drop.remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION) {
    for (size_t i = 0; i < drop.n_objects; ++i) {
      const PgQuery__Node* object = drop.objects[i];
      if (object->node_case != PG_QUERY__NODE__NODE_LIST) return false;
      std::vector<std::string> names = strings_of(object->list->items, object->list->n_items);
      if (names.empty()) return false;
      std::string schema_name = names.size() > 1 ? names[names.size() - 2] : "";
      context.schema.collations.erase(context.resolve(
          schema_name, names.back(),
          [&](const QualifiedName& q) { return context.schema.collations.contains(q); }));
    }
    return true;
  }
  switch (drop.remove_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
      break;
    default:
      return false;
  }
  for (size_t i = 0; i < drop.n_objects; ++i) {
    const PgQuery__Node* object = drop.objects[i];
    if (object->node_case != PG_QUERY__NODE__NODE_LIST) return false;
    std::vector<std::string> names = strings_of(object->list->items, object->list->n_items);
    if (names.empty()) return false;
    std::string schema_name = names.size() > 1 ? names[names.size() - 2] : "";
    QualifiedName name = resolve_relation(context, schema_name, names.back());
    switch (drop.remove_type) {
      case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        drop_index(context, schema_name, names.back());
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        drop_table(context, name);
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        context.schema.sequences.erase(name);
        break;
      default:
        context.schema.views.erase(name);
    }
  }
  return true;
}

// ALTER TYPE ... ADD VALUE / RENAME VALUE on an enum the schema holds.
void apply_alter_enum(Context& context, const PgQuery__AlterEnumStmt& alter) {
  std::vector<std::string> names = strings_of(alter.type_name, alter.n_type_name);
  QualifiedName name =
      context.resolve(names.size() > 1 ? names[names.size() - 2] : "", names.back(),
                      [&](const QualifiedName& q) { return context.schema.enums.contains(q); });
  auto it = context.schema.enums.find(name);
  if (it == context.schema.enums.end())
    context.fail(-1, fmt::format("type {} does not exist", name.display()));
  std::vector<std::string>& values = it->second.values;
  auto find = [&](const char* value) { return std::find(values.begin(), values.end(), value); };
  if (alter.old_val[0] != '\0') {
    auto old_value = find(alter.old_val);
    if (old_value == values.end())
      context.fail(-1, fmt::format("type {} has no value '{}'", name.display(), alter.old_val));
    *old_value = alter.new_val;
    return;
  }
  if (find(alter.new_val) != values.end()) return;  // IF NOT EXISTS, or already there
  auto at = values.end();
  if (alter.new_val_neighbor[0] != '\0') {
    at = find(alter.new_val_neighbor);
    if (at == values.end()) {
      context.fail(
          -1, fmt::format("type {} has no value '{}'", name.display(), alter.new_val_neighbor));
    }
    if (alter.new_val_is_after) ++at;
  }
  values.insert(at, alter.new_val);
}

// Applies one statement; false when the model does not hold what it does.
bool apply_migration_statement(Context& context, const PgQuery__Node& node) {
  if (node.node_case == PG_QUERY__NODE__NODE_DROP_STMT) return apply_drop(context, *node.drop_stmt);
  if (node.node_case == PG_QUERY__NODE__NODE_ALTER_ENUM_STMT) {
    apply_alter_enum(context, *node.alter_enum_stmt);
    return true;
  }
  if (!phase_of(node)) return false;
  if (creates_existing(context, node)) return true;
  apply_statement(context, node);
  if (node.node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT &&
      is_index_attachment(*node.alter_table_stmt))
    apply_index_attachments(context, {&context.statement()});
  resolve_references(context);
  context.references.clear();
  check_inherited_column_defaults(context);
  return true;
}

// What a failing statement could have left half done, to put back: statements that change
// one existing table in place keep a copy of that table only (the schema may be large and
// custom migrations many); COMMENT ON, ALTER TYPE and DROP change nothing before they can
// fail; anything else keeps a copy of the whole schema.
class Undo {
 public:
  Undo(Context& context, const PgQuery__Node& node) : schema_(context.schema) {
    const PgQuery__RangeVar* relation = nullptr;
    switch (node.node_case) {
      case PG_QUERY__NODE__NODE_COMMENT_STMT:
      case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
      case PG_QUERY__NODE__NODE_DROP_STMT:
        return;
      case PG_QUERY__NODE__NODE_INDEX_STMT:
        relation = node.index_stmt->relation;
        break;
      case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        if (node.alter_table_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
          relation = node.alter_table_stmt->relation;
        break;
      case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
        relation = node.create_policy_stmt->table;
        break;
      default:
        break;
    }
    if (relation) {
      QualifiedName name =
          context.resolve(relation->schemaname, relation->relname,
                          [&](const QualifiedName& q) { return schema_.tables.contains(q); });
      // A table that is not there fails the statement before anything changes.
      auto it = schema_.tables.find(name);
      if (it != schema_.tables.end()) table_ = it->second;
      return;
    }
    whole_ = schema_;
  }

  void restore() {
    if (whole_) {
      schema_ = std::move(*whole_);
    } else if (table_) {
      schema_.tables.at(table_->name) = std::move(*table_);
    }
  }

 private:
  Schema& schema_;
  std::optional<Table> table_;
  std::optional<Schema> whole_;
};

}  // namespace

}  // namespace sleet::sources

namespace sleet {

ParseReport apply_migration_sql(Schema base, const std::vector<SchemaSource>& given,
                                const std::string& base_where) {
  std::vector<SchemaSource> without_marks;
  const std::vector<SchemaSource>& sources = sources::checked_text(given, without_marks);
  ParseReport report;
  report.schema = std::move(base);
  sources::Context context(report);
  context.names.add_existing(report.schema, base_where);
  for (const SchemaSource& source : sources) {
    sources::SourceFile file;
    sources::prepare_source(file, source, report.notes);
    std::string search_path = "public";
    for (size_t i = 0; i < file.tree->size(); ++i) {
      const PgQuery__RawStmt& raw = file.tree->statement(i);
      sources::Statement statement;
      statement.file = &file;
      statement.node = raw.stmt;
      statement.end =
          raw.stmt_len > 0 ? raw.stmt_location + raw.stmt_len : static_cast<int>(file.text.size());
      statement.start = sources::first_token_at(file, raw.stmt_location, statement.end);
      statement.schema = search_path;
      context.set_statement(&statement);
      if (sources::changes_data_only(*raw.stmt)) continue;
      if (sources::apply_session_statement(context, *raw.stmt, search_path)) continue;
      // A statement that fails part way leaves nothing behind. (Names it registered stay
      // taken: at worst a later unnamed index skips a default name.)
      sources::Undo undo(context, *raw.stmt);
      try {
        if (!sources::apply_migration_statement(context, *raw.stmt)) {
          context.note(-1, fmt::format("{} left out (sleet does not model it)",
                                       sources::statement_kind(*raw.stmt)));
        }
      } catch (const Error& e) {
        undo.restore();
        context.references.clear();
        context.inherited_defaults.clear();
        context.note(-1, fmt::format("statement left out: {}", e.what()));
      }
    }
    context.set_statement(nullptr);
  }
  sources::fold_serial_sequences(report.schema);
  return report;
}

}  // namespace sleet
