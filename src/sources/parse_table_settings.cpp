// The settings pg_dump writes after CREATE TABLE: ALTER TABLE ... ALTER COLUMN ... SET
// STATISTICS, SET STORAGE, SET COMPRESSION (and COMPRESSION in a column definition), SET (...)
// and RESET (...) of attribute options; REPLICA IDENTITY; CLUSTER ON and SET WITHOUT CLUSTER.
// What the server would refuse is refused here, at the statement.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

// The attribute options PostgreSQL 15 knows (attribute_reloptions).
const std::set<std::string> kColumnOptions = {"n_distinct", "n_distinct_inherited"};

Column& column_of(Context& context, Table& table, const PgQuery__AlterTableCmd& command) {
  if (command.name[0] == '\0')
    context.fail(-1, "a column setting by column number is not supported",
                 "name the column: ALTER COLUMN name SET ...");
  Column* column = table.find_column(command.name);
  if (!column) {
    context.fail(
        -1, fmt::format("column {} does not exist in table {}", command.name, table.name.display()),
        "declare the column before the ALTER TABLE that sets it");
  }
  return *column;
}

void set_statistics(Context& context, Column& column, const PgQuery__Node* value) {
  std::optional<int64_t> target = integer_of(value);
  if (!target || *target < -1) {
    context.fail(location_of(value),
                 fmt::format("statistics target {} of column {} is not valid", string_of(value),
                             column.name),
                 "use -1 (the default) or a number from 0 to 10000");
  }
  column.statistics = static_cast<int>(std::min<int64_t>(*target, 10000));  // as the server
}

void set_storage(Context& context, Table& table, Column& column, const std::string& mode) {
  static const std::set<std::string> modes = {"plain", "external", "extended", "main"};
  if (!modes.contains(mode)) {
    context.fail(-1, fmt::format("unknown storage mode {} for column {}", mode, column.name),
                 "use PLAIN, EXTERNAL, EXTENDED or MAIN");
  }
  std::string type_storage = default_storage(context.schema, column.type);
  if (type_storage == "plain" && mode != "plain") {
    context.fail(-1,
                 fmt::format("column {}.{} of type {} can only have storage PLAIN",
                             table.name.display(), column.name, column.type.name),
                 "remove the SET STORAGE, or give the column a variable-length type");
  }
  column.storage = mode == type_storage ? std::string() : mode;
}

void set_options(Context& context, Column& column, const PgQuery__Node& list) {
  for (size_t i = 0; i < list.list->n_items; ++i) {
    const PgQuery__DefElem& option = *list.list->items[i]->def_elem;
    if (!kColumnOptions.contains(option.defname)) {
      context.fail(
          option.location,
          fmt::format("unknown column option {} of column {}", option.defname, column.name),
          "a column's SET (...) takes n_distinct and n_distinct_inherited");
    }
    column.options[option.defname] = option_text(option);
  }
}

// The index (or the primary key, unique or exclusion constraint's index) `name` of `table`, as
// REPLICA IDENTITY USING INDEX and CLUSTER ON need it; fails when there is none.
void require_index(Context& context, const Table& table, const std::string& name,
                   const char* clause, bool replica_identity) {
  if (!replica_identity && !table.partition_by.empty()) {
    context.fail(-1, fmt::format("CLUSTER ON: table {} is partitioned", table.name.display()),
                 "cluster its partitions instead");
  }
  // A key's index is suitable unless deferrable (the server refuses it as replica identity).
  bool named_key = table.primary_key && table.primary_key->name == name;
  bool unique_key = named_key && (!table.primary_key->deferrable || !replica_identity);
  if (auto unique = table.unique_constraints.find(name); unique != table.unique_constraints.end()) {
    named_key = true;
    unique_key = !unique->second.deferrable || !replica_identity;
    for (const std::string& column_name : unique->second.columns) {
      const Column* column = table.find_column(column_name);
      if (replica_identity && column && !column->not_null) {
        context.fail(-1,
                     fmt::format("{}: index {} of table {} is on column {}, which may be null",
                                 clause, name, table.name.display(), column_name),
                     "make the column NOT NULL, or use REPLICA IDENTITY FULL");
      }
    }
  }
  bool suitable = unique_key;
  if (auto index = table.indexes.find(name); index != table.indexes.end()) {
    const Index& found = index->second;
    bool columns_only = std::all_of(found.elements.begin(), found.elements.end(),
                                    [](const IndexElement& e) { return !e.expression; });
    suitable = !replica_identity || (found.unique && !found.where && columns_only);
    if (suitable && replica_identity) {
      for (const IndexElement& element : found.elements) {
        const Column* column = table.find_column(element.column);
        if (column && !column->not_null) {
          context.fail(-1,
                       fmt::format("{}: index {} of table {} is on column {}, which may be null",
                                   clause, name, table.name.display(), element.column),
                       "make the column NOT NULL, or use REPLICA IDENTITY FULL");
        }
      }
    }
  } else if (!replica_identity && table.exclusion_constraints.contains(name)) {
    suitable = true;
  } else if (!named_key) {
    context.fail(
        -1, fmt::format("{}: table {} has no index named {}", clause, table.name.display(), name),
        "create the index before this ALTER TABLE");
  }
  if (!suitable) {
    context.fail(-1,
                 fmt::format("{}: index {} of table {} cannot be a replica identity", clause, name,
                             table.name.display()),
                 "use a unique, non-partial, non-deferrable index on NOT NULL columns only");
  }
}

void set_replica_identity(Context& context, Table& table,
                          const PgQuery__ReplicaIdentityStmt& stmt) {
  switch (stmt.identity_type[0]) {
    case 'd':
      table.replica_identity = "default";
      break;
    case 'f':
      table.replica_identity = "full";
      break;
    case 'n':
      table.replica_identity = "nothing";
      break;
    case 'i':
      require_index(context, table, stmt.name, "REPLICA IDENTITY USING INDEX", true);
      table.replica_identity = "index";
      table.replica_identity_index = stmt.name;
      return;
    default:
      context.fail(-1, "unknown REPLICA IDENTITY");
  }
  table.replica_identity_index.clear();
}

}  // namespace

void set_column_compression(Context& context, Column& column, const std::string& method,
                            int location) {
  if (method == "default") {
    column.compression.clear();
    return;
  }
  if (method != "pglz" && method != "lz4") {
    context.fail(location,
                 fmt::format("unknown compression method {} for column {}", method, column.name),
                 "use pglz or lz4 (when the server is built with lz4), or DEFAULT");
  }
  column.compression = method;
}

bool apply_table_setting(Context& context, Table& table, const PgQuery__AlterTableCmd& command) {
  switch (command.subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
      set_statistics(context, column_of(context, table, command), command.def);
      return true;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage:
      set_storage(context, table, column_of(context, table, command), string_of(command.def));
      return true;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression:
      set_column_compression(context, column_of(context, table, command), string_of(command.def),
                             -1);
      return true;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
      set_options(context, column_of(context, table, command), *command.def);
      return true;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions: {
      Column& column = column_of(context, table, command);
      for (size_t i = 0; i < command.def->list->n_items; ++i)
        column.options.erase(command.def->list->items[i]->def_elem->defname);
      return true;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity:
      set_replica_identity(context, table, *command.def->replica_identity_stmt);
      return true;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
      require_index(context, table, command.name, "CLUSTER ON", false);
      table.cluster_on = command.name;
      return true;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
      table.cluster_on.clear();
      return true;
    default:
      return false;
  }
}

}  // namespace sleet::sources
