// Partitioned tables and partitions: CREATE TABLE ... PARTITION BY, CREATE TABLE ... PARTITION
// OF ... FOR VALUES, and ALTER TABLE ... ATTACH PARTITION (pg_dump's spelling). The key and the
// bound are kept as text in one canonical spelling (the key as pg_get_partkeydef prints it,
// every bound value a quoted literal), which the inspector reaches by reading the catalog's
// text back through these same functions.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "sleet/error.h"
#include "sleet/sql.h"
#include "sources/index_attachments.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

constexpr const char* kCustomMigrationHint =
    "put it in a custom migration (sleet generate --custom)";

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::string qualified_name_text(PgQuery__Node* const* items, size_t count) {
  std::vector<std::string> names;
  for (const std::string& name : strings_of(items, count))
    names.push_back(sql::quote_identifier_if_needed(name));
  return fmt::format("{}", fmt::join(names, "."));
}

// One value of a bound: a constant (any cast dropped, as the server's spelling has none),
// NULL, MINVALUE or MAXVALUE.
std::string bound_value(Context& context, const PgQuery__Node& node) {
  if (node.node_case == PG_QUERY__NODE__NODE_TYPE_CAST && node.type_cast->arg)
    return bound_value(context, *node.type_cast->arg);
  if (node.node_case == PG_QUERY__NODE__NODE_A_CONST) {
    if (node.a_const->isnull) return "NULL";
    return sql::quote_literal(string_of(&node));
  }
  if (node.node_case == PG_QUERY__NODE__NODE_COLUMN_REF && node.column_ref->n_fields == 1) {
    std::string word = upper(string_of(node.column_ref->fields[0]));
    if (word == "MINVALUE" || word == "MAXVALUE") return word;
  }
  context.fail(location_of(&node), "a partition bound value must be a constant",
               "write the value out as a literal ('2024-01-01', 10, ...), MINVALUE or MAXVALUE");
}

std::string bound_values(Context& context, PgQuery__Node* const* items, size_t count) {
  std::vector<std::string> values;
  for (size_t i = 0; i < count; ++i) values.push_back(bound_value(context, *items[i]));
  return fmt::format("({})", fmt::join(values, ", "));
}

// The strategy a bound is written for, as PARTITION BY names it.
std::string bound_strategy(const PgQuery__PartitionBoundSpec& bound) {
  if (bound.modulus > 0) return "HASH";
  if (bound.n_listdatums > 0) return "LIST";
  return "RANGE";
}

std::string bound_text(Context& context, const PgQuery__PartitionBoundSpec& bound) {
  if (bound.is_default) return "DEFAULT";
  if (bound.modulus > 0) {
    return fmt::format("FOR VALUES WITH (MODULUS {}, REMAINDER {})", bound.modulus,
                       bound.remainder);
  }
  if (bound.n_listdatums > 0)
    return "FOR VALUES IN " + bound_values(context, bound.listdatums, bound.n_listdatums);
  return fmt::format("FOR VALUES FROM {} TO {}",
                     bound_values(context, bound.lowerdatums, bound.n_lowerdatums),
                     bound_values(context, bound.upperdatums, bound.n_upperdatums));
}

std::string key_text(Context& context, const PgQuery__PartitionSpec& spec) {
  std::string strategy = upper(spec.strategy);
  if (strategy != "RANGE" && strategy != "LIST" && strategy != "HASH")
    context.fail(spec.location, fmt::format("unknown partitioning strategy {}", spec.strategy));
  std::vector<std::string> elements;
  for (size_t i = 0; i < spec.n_part_params; ++i) {
    const PgQuery__PartitionElem& element = *spec.part_params[i]->partition_elem;
    std::string text = element.expr ? fmt::format("({})", expression_of(*element.expr).canonical)
                                    : sql::quote_identifier_if_needed(element.name);
    if (element.n_collation > 0)
      text +=
          fmt::format(" COLLATE {}", qualified_name_text(element.collation, element.n_collation));
    if (element.n_opclass > 0)
      text += fmt::format(" {}", qualified_name_text(element.opclass, element.n_opclass));
    elements.push_back(std::move(text));
  }
  return fmt::format("{} ({})", strategy, fmt::join(elements, ", "));
}

// Makes `table` a partition of the partitioned table `parent_relation` names with `bound`.
void set_partition_of(Context& context, Table& table, const PgQuery__RangeVar& parent_relation,
                      const PgQuery__PartitionBoundSpec& bound) {
  QualifiedName parent_name =
      context.resolve(parent_relation.schemaname, parent_relation.relname,
                      [&](const QualifiedName& q) { return context.schema.tables.contains(q); });
  auto parent = context.schema.tables.find(parent_name);
  if (parent == context.schema.tables.end()) {
    context.fail(parent_relation.location,
                 fmt::format("table {} (the parent of partition {}) does not exist",
                             parent_name.display(), table.name.display()),
                 "declare the partitioned table before its partitions (earlier in the file, or in "
                 "a file that sorts first)");
  }
  if (parent->second.partition_by.empty()) {
    context.fail(parent_relation.location,
                 fmt::format("table {} is not partitioned, so {} cannot be its partition",
                             parent_name.display(), table.name.display()),
                 "add PARTITION BY RANGE|LIST|HASH (...) to its CREATE TABLE");
  }
  if (!bound.is_default && !parent->second.partition_by.starts_with(bound_strategy(bound))) {
    context.fail(bound.location,
                 fmt::format("partition {} has a {} bound, but {} is partitioned by {}",
                             table.name.display(), bound_strategy(bound), parent_name.display(),
                             parent->second.partition_by),
                 "write FOR VALUES FROM (...) TO (...) for RANGE, IN (...) for LIST, WITH "
                 "(MODULUS m, REMAINDER r) for HASH");
  }
  if (bound.is_default && parent->second.partition_by.starts_with("HASH")) {
    context.fail(bound.location, "a hash-partitioned table cannot have a default partition",
                 "give the partition a WITH (MODULUS m, REMAINDER r) bound");
  }
  table.partition_of = parent_name;
  table.partition_bound = bound_text(context, bound);
}

}  // namespace

void apply_partitioning(Context& context, Table& table, const PgQuery__CreateStmt& statement) {
  if (statement.partspec) table.partition_by = key_text(context, *statement.partspec);
  if (!statement.partbound) return;
  if (statement.n_inh_relations != 1) context.fail(-1, "a partition has exactly one parent");
  for (size_t i = 0; i < statement.n_table_elts; ++i) {
    const PgQuery__Node& element = *statement.table_elts[i];
    if (element.node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
      context.fail(location_of(&element),
                   "column options on a partition (PARTITION OF t (column ...)) are not "
                   "supported yet",
                   "declare defaults and NOT NULL on the partitioned table, or " +
                       std::string(kCustomMigrationHint));
    }
  }
  set_partition_of(context, table, *statement.inh_relations[0]->range_var, *statement.partbound);
}

void apply_attach_partition(Context& context, Table& parent, const PgQuery__PartitionCmd& command) {
  Table& partition = context.table(*command.name);
  if (partition.partition_of) {
    context.fail(command.name->location,
                 fmt::format("table {} is already a partition of {}", partition.name.display(),
                             partition.partition_of->display()),
                 "attach it once");
  }
  PgQuery__RangeVar parent_relation = PG_QUERY__RANGE_VAR__INIT;
  parent_relation.schemaname = parent.name.schema.data();
  parent_relation.relname = parent.name.name.data();
  parent_relation.location = command.name->location;
  set_partition_of(context, partition, parent_relation, *command.bound);
  // pg_dump declares a partition as a whole table, then attaches it: what it repeats of the
  // parent (its columns, and the checks it copies) is the parent's.
  for (Column& column : partition.columns) {
    if (!find_column_or_inherited(context.schema, parent, column.name)) {
      context.fail(command.name->location,
                   fmt::format("column {} of {} is not a column of its parent {}", column.name,
                               partition.name.display(), parent.name.display()),
                   "a partition has exactly its parent's columns");
    }
  }
  partition.columns.clear();
  for (auto it = partition.check_constraints.begin(); it != partition.check_constraints.end();) {
    auto inherited = parent.check_constraints.find(it->first);
    if (inherited != parent.check_constraints.end() &&
        inherited->second.expression == it->second.expression) {
      it = partition.check_constraints.erase(it);
    } else {
      ++it;
    }
  }
}

namespace {

const Column* find_inherited_column(const Schema& schema, const Table& table,
                                    const std::string& name, int depth) {
  if (const Column* column = table.find_column(name)) return column;
  if (depth > 64) return nullptr;  // a cycle the parser refused elsewhere
  std::vector<QualifiedName> parents = table.inherits;
  if (table.partition_of) parents.push_back(*table.partition_of);
  for (const QualifiedName& parent_name : parents) {
    auto parent = schema.tables.find(parent_name);
    if (parent == schema.tables.end()) continue;
    if (const Column* column = find_inherited_column(schema, parent->second, name, depth + 1))
      return column;
  }
  return nullptr;
}

}  // namespace

const Column* find_column_or_inherited(const Schema& schema, const Table& table,
                                       const std::string& name) {
  return find_inherited_column(schema, table, name, 0);
}

void read_catalog_partition_key(Context& context, const PgQuery__CreateStmt& statement) {
  auto table = context.schema.tables.find(
      QualifiedName{statement.relation->schemaname, statement.relation->relname});
  if (table == context.schema.tables.end() || !statement.partspec) return;
  table->second.partition_by = key_text(context, *statement.partspec);
}

}  // namespace sleet::sources

namespace sleet::sources {

namespace {

// Where the index `name` is: the table holding it and what it is there (an index, a primary
// key or a unique or exclusion constraint, whose index has the constraint's name).
struct IndexOwner {
  Table* table = nullptr;
  const char* kind = "";
};

IndexOwner find_index_owner(Schema& schema, const QualifiedName& name) {
  for (auto& [table_name, table] : schema.tables) {
    if (table_name.schema != name.schema) continue;
    if (table.indexes.contains(name.name)) return {&table, "index"};
    if (table.primary_key && table.primary_key->name == name.name) return {&table, "primary key"};
    if (table.unique_constraints.contains(name.name)) return {&table, "unique constraint"};
    if (table.exclusion_constraints.contains(name.name)) return {&table, "exclusion constraint"};
  }
  return {};
}

}  // namespace

bool is_index_attachment(const PgQuery__AlterTableStmt& statement) {
  if (statement.objtype != PG_QUERY__OBJECT_TYPE__OBJECT_INDEX || statement.n_cmds == 0)
    return false;
  for (size_t i = 0; i < statement.n_cmds; ++i) {
    const PgQuery__Node* command = statement.cmds[i];
    if (command->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD ||
        command->alter_table_cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition)
      return false;
  }
  return true;
}

void apply_index_attachments(Context& context, const std::vector<const Statement*>& statements) {
  if (statements.empty()) return;
  const Statement& current = context.statement();
  const char* hint =
      "attach a partition's index to the index of the partition's parent that it matches (or "
      "leave the ALTER INDEX out: a partition's index left unattached is its own)";
  struct Removal {
    Table* table;
    std::string kind;
    std::string name;
  };
  std::vector<Removal> removals;
  for (const Statement* statement : statements) {
    context.set_statement(statement);
    const PgQuery__AlterTableStmt& alter = *statement->node->alter_table_stmt;
    auto owner_of = [&](const PgQuery__RangeVar& relation) {
      QualifiedName name =
          context.resolve(relation.schemaname, relation.relname, [&](const QualifiedName& q) {
            return find_index_owner(context.schema, q).table != nullptr;
          });
      IndexOwner owner = find_index_owner(context.schema, name);
      if (!owner.table) {
        context.fail(relation.location, fmt::format("index {} does not exist", name.display()),
                     "create the index in one of the schema files, or fix the name");
      }
      return std::pair{name, owner};
    };
    auto [parent_name, parent] = owner_of(*alter.relation);
    for (size_t i = 0; i < alter.n_cmds; ++i) {
      const PgQuery__RangeVar& relation = *alter.cmds[i]->alter_table_cmd->def->partition_cmd->name;
      auto [child_name, child] = owner_of(relation);
      if (child.table->partition_of != parent.table->name) {
        context.fail(relation.location,
                     fmt::format("index {} cannot be attached to {}: its table {} is not a "
                                 "partition of {}",
                                 child_name.display(), parent_name.display(),
                                 child.table->name.display(), parent.table->name.display()),
                     hint);
      }
      removals.push_back(Removal{child.table, child.kind, child_name.name});
    }
  }
  context.set_statement(&current);
  // Taken out only now: a sub-partitioned partition's index may be attached to before or
  // after it is itself attached to its parent's.
  for (const Removal& removal : removals) {
    Table& table = *removal.table;
    if (removal.kind == "index") {
      table.indexes.erase(removal.name);
    } else if (removal.kind == "primary key") {
      table.primary_key.reset();
    } else if (removal.kind == "unique constraint") {
      table.unique_constraints.erase(removal.name);
    } else {
      table.exclusion_constraints.erase(removal.name);
    }
  }
}

}  // namespace sleet::sources
