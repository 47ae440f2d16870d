// Table inheritance: CREATE TABLE ... INHERITS (parent, ...), ALTER TABLE ... INHERIT and NO
// INHERIT. A child holds only its own columns and checks; a column it declares that a parent
// also has is merged the way the server merges it (NOT NULL from any parent, the parent's
// default when the child gives none), so declared and inspected children compare equal.
#include <fmt/format.h>

#include <algorithm>

#include "sleet/error.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

// The parent `relation` names, checked to be a table that can be inherited from.
QualifiedName resolve_parent(Context& context, const Table& child,
                             const PgQuery__RangeVar& relation) {
  QualifiedName name =
      context.resolve(relation.schemaname, relation.relname,
                      [&](const QualifiedName& q) { return context.schema.tables.contains(q); });
  auto parent = context.schema.tables.find(name);
  if (parent == context.schema.tables.end()) {
    context.fail(relation.location,
                 fmt::format("table {} (inherited by {}) does not exist", name.display(),
                             child.name.display()),
                 "declare the parent table before the tables that inherit from it (earlier in "
                 "the file, or in a file that sorts first)");
  }
  if (name == child.name)
    context.fail(relation.location,
                 fmt::format("table {} cannot inherit from itself", child.name.display()));
  if (!parent->second.partition_by.empty() || parent->second.partition_of) {
    context.fail(relation.location,
                 fmt::format("table {} is partitioned or a partition: PostgreSQL does not let "
                             "{} inherit from it",
                             name.display(), child.name.display()),
                 "inherit from a plain table, or declare the table as a partition (PARTITION OF)");
  }
  if (std::find(child.inherits.begin(), child.inherits.end(), name) != child.inherits.end())
    context.fail(relation.location,
                 fmt::format("table {} is inherited more than once", name.display()));
  return name;
}

// Whether the column definition says DEFAULT (DEFAULT NULL too: it overrides a parent's).
bool declares_default(const PgQuery__ColumnDef& definition) {
  for (size_t i = 0; i < definition.n_constraints; ++i) {
    if (definition.constraints[i]->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT)
      return true;
  }
  return false;
}

// What a parent gives a column of the child that it also has: NOT NULL, and its default when
// the child declares none (fails when the types differ, as the server does).
void merge_column(Context& context, const Table& parent, Column& column,
                  const PgQuery__ColumnDef& definition) {
  int location = definition.location;
  const Column* inherited = find_column_or_inherited(context.schema, parent, column.name);
  if (!inherited) return;
  if (!(inherited->type == column.type)) {
    context.fail(location,
                 fmt::format("column {} has type {} but its parent {} has {}", column.name,
                             column.type.sql(), parent.name.display(), inherited->type.sql()),
                 "give the column the parent's type, or leave it out: the child inherits it");
  }
  column.not_null |= inherited->not_null;
  if (!declares_default(definition) && column.serial == Serial::None && !column.identity &&
      !column.generated)
    column.default_value = inherited->default_value;
}

}  // namespace

void apply_inherits(Context& context, Table& table, const PgQuery__CreateStmt& statement) {
  if (statement.partbound || statement.n_inh_relations == 0) return;
  if (statement.partspec) {
    context.fail(statement.partspec->location,
                 "a partitioned table cannot inherit from another table (INHERITS)",
                 "declare it as a partition (PARTITION OF parent FOR VALUES ...)");
  }
  for (size_t i = 0; i < statement.n_inh_relations; ++i)
    table.inherits.push_back(
        resolve_parent(context, table, *statement.inh_relations[i]->range_var));
}

void merge_inherited_columns(Context& context, Table& table, const PgQuery__CreateStmt& statement) {
  if (table.inherits.empty()) return;
  for (size_t i = 0; i < statement.n_table_elts; ++i) {
    const PgQuery__Node& element = *statement.table_elts[i];
    if (element.node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) continue;
    Column* column = table.find_column(element.column_def->colname);
    if (!column) continue;
    for (const QualifiedName& parent : table.inherits)
      merge_column(context, context.schema.tables.at(parent), *column, *element.column_def);
  }
}

void apply_add_inherit(Context& context, Table& table, const PgQuery__RangeVar& relation) {
  if (table.partition_of || !table.partition_by.empty()) {
    context.fail(relation.location,
                 fmt::format("table {} is partitioned or a partition: it cannot inherit",
                             table.name.display()));
  }
  QualifiedName name = resolve_parent(context, table, relation);
  const Table& parent = context.schema.tables.at(name);
  // The server wants the child to hold the parent's columns and checks already.
  std::vector<std::string> names;
  for (const Column& column : parent.columns) names.push_back(column.name);
  for (const QualifiedName& grandparent : parent.inherits) {
    for (const Column& column : context.schema.tables.at(grandparent).columns)
      names.push_back(column.name);
  }
  for (const std::string& column : names) {
    if (!find_column_or_inherited(context.schema, table, column)) {
      context.fail(relation.location,
                   fmt::format("table {} lacks column {} of {}, which INHERIT needs",
                               table.name.display(), column, name.display()),
                   "declare the column in the child table first");
    }
  }
  for (const auto& [check_name, check] : parent.check_constraints) {
    if (!check.no_inherit && !table.check_constraints.contains(check_name)) {
      context.fail(relation.location,
                   fmt::format("table {} lacks check constraint {} of {}, which INHERIT needs",
                               table.name.display(), check_name, name.display()),
                   "declare the check in the child table too, or write the child with "
                   "CREATE TABLE ... INHERITS");
    }
  }
  table.inherits.push_back(name);
}

void apply_drop_inherit(Context& context, Table& table, const PgQuery__RangeVar& relation) {
  QualifiedName name =
      context.resolve(relation.schemaname, relation.relname,
                      [&](const QualifiedName& q) { return context.schema.tables.contains(q); });
  auto it = std::find(table.inherits.begin(), table.inherits.end(), name);
  if (it == table.inherits.end()) {
    context.fail(relation.location, fmt::format("table {} does not inherit from {}",
                                                table.name.display(), name.display()));
  }
  table.inherits.erase(it);
  // What it inherited from that parent alone becomes its own.
  const Table& parent = context.schema.tables.at(name);
  for (const Column& column : parent.columns) {
    if (!find_column_or_inherited(context.schema, table, column.name))
      table.columns.push_back(column);
  }
  for (const auto& [check_name, check] : parent.check_constraints) {
    if (!check.no_inherit) table.check_constraints.emplace(check_name, check);
  }
}

void apply_inherited_column_default(Context& context, const Table& table,
                                    const PgQuery__AlterTableCmd& command) {
  bool is_null = !command.def || is_null_constant(*command.def);
  context.inherited_defaults.push_back({&context.statement(), table.name, command.name,
                                        is_null ? "" : expression_of(*command.def).canonical});
}

void check_inherited_column_defaults(Context& context) {
  for (const PendingInheritedDefault& pending : context.inherited_defaults) {
    context.set_statement(pending.statement);
    const Table& table = context.schema.tables.at(pending.table);
    const Column* inherited = find_column_or_inherited(context.schema, table, pending.column);
    bool same = inherited &&
                (inherited->default_value ? inherited->default_value->canonical == pending.canonical
                                          : pending.canonical.empty());
    // A serial parent column's default, nextval() of its sequence, copied to the child.
    if (inherited && inherited->serial != Serial::None && pending.canonical.starts_with("nextval("))
      same = true;
    if (!same) {
      context.fail(-1,
                   fmt::format("column {} of {} is inherited: a default of its own is not "
                               "supported yet",
                               pending.column, table.name.display()),
                   "declare the column in the child table with its default (it becomes the "
                   "child's own, merged with the parent's), or put this in a custom migration");
    }
    context.note(-1,
                 fmt::format("the default of inherited column {} of {} is its parent's: ignored",
                             pending.column, table.name.display()));
  }
  context.inherited_defaults.clear();
}

}  // namespace sleet::sources
