// CREATE TABLE and its columns: types, NOT NULL, defaults, identity, generated columns, serial.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "sleet/error.h"
#include "sources/parse_nodes.h"
#include "sources/parse_written.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

constexpr const char* kCustomMigrationHint =
    "put it in a custom migration (sleet generate --custom)";

void reject_unsupported_table_forms(Context& context, const PgQuery__CreateStmt& statement) {
  char persistence = statement.relation->relpersistence[0];
  if (persistence == 't')
    context.fail(-1, "TEMPORARY tables are not supported yet", kCustomMigrationHint);
  if (statement.of_typename)
    context.fail(-1, "typed tables (OF type) are not supported yet", kCustomMigrationHint);
}

void note_ignored_table_options(Context& context, const PgQuery__CreateStmt& statement) {
  if (statement.tablespacename[0] != '\0') context.note(-1, "TABLESPACE ignored");
  if (statement.access_method[0] != '\0') context.note(-1, "table access method (USING) ignored");
}

// Applies DEFERRABLE / INITIALLY DEFERRED written after a column constraint to that constraint.
void apply_attribute(Context& context, const PgQuery__Constraint& attribute,
                     std::vector<ConstraintSpec>& constraints, size_t first_of_column) {
  if (constraints.size() == first_of_column) {
    context.fail(attribute.location, "DEFERRABLE/INITIALLY must follow a constraint");
  }
  ConstraintSpec& last = constraints.back();
  switch (attribute.contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
      last.deferrable = true;
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
      last.deferrable = false;
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
      last.initially_deferred = true;
      last.deferrable = true;
      break;
    default:
      last.initially_deferred = false;
      break;
  }
}

void apply_column_constraint(Context& context, Table& table, Column& column,
                             const PgQuery__Constraint& constraint,
                             std::vector<ConstraintSpec>& constraints, size_t first_of_column) {
  switch (constraint.contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
      column.not_null = false;
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
      column.not_null = true;
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
      if (column.serial != Serial::None || column.default_value)
        context.fail(constraint.location,
                     fmt::format("column {} has more than one default", column.name));
      column.default_value = is_null_constant(*constraint.raw_expr)
                                 ? stored_null_default(context, column.type, *constraint.raw_expr)
                                 : default_as_written(context, *constraint.raw_expr);
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
      add_identity(context, table, column, constraint);
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
      column.generated = parenthesized_as_written(context, *constraint.raw_expr);
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
      apply_attribute(context, constraint, constraints, first_of_column);
      break;
    default:
      constraints.push_back(make_constraint_spec(constraint, column.name));
      break;
  }
}

}  // namespace

std::string collation_name(const PgQuery__CollateClause& clause) {
  std::vector<std::string> names = strings_of(clause.collname, clause.n_collname);
  // pg_dump writes public's collations qualified; the catalog's and public's are kept bare.
  if (names.size() == 2 && (names[0] == "pg_catalog" || names[0] == "public")) return names[1];
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += '.';
    out += name;
  }
  return out;
}

void set_storage_parameter(Context& context, Table& table, const PgQuery__DefElem& option) {
  if (option.defnamespace[0] != '\0') {
    context.fail(option.location,
                 fmt::format("storage parameter {}.{} is not supported yet", option.defnamespace,
                             option.defname),
                 "set it in a custom migration (sleet generate --custom)");
  }
  table.with[option.defname] = option_text(option);
}

void add_identity(Context& context, Table& table, Column& column,
                  const PgQuery__Constraint& constraint) {
  if (column.identity || column.serial != Serial::None || column.default_value) {
    context.fail(constraint.location,
                 fmt::format("column {} cannot be an identity column: it already has a default",
                             column.name));
  }
  if (column.type.array_dimensions > 0 || !column.type.schema.empty() ||
      (column.type.name != "smallint" && column.type.name != "integer" &&
       column.type.name != "bigint")) {
    context.fail(constraint.location,
                 "identity columns must be of type smallint, integer or bigint");
  }
  SequenceSpec spec =
      read_sequence_options(context, constraint.options, constraint.n_options, column.type.name);
  Identity identity;
  identity.kind = std::string_view(constraint.generated_when) == "a" ? Identity::Kind::Always
                                                                     : Identity::Kind::ByDefault;
  identity.options = spec.options;
  identity.sequence = spec.sequence_name.value_or(QualifiedName{
      table.name.schema, context.names.choose_relation_name(table.name.schema, table.name.name,
                                                            column.name, "seq", false)});
  context.names.add_relation(identity.sequence, "sequence", context.where(constraint.location));
  column.identity = identity;
  column.not_null = true;
}

void add_column(Context& context, Table& table, const PgQuery__ColumnDef& definition,
                std::vector<ConstraintSpec>& constraints) {
  if (table.find_column(definition.colname)) {
    context.fail(definition.location, fmt::format("column {} of table {} is declared twice",
                                                  definition.colname, table.name.display()));
  }
  Column column;
  column.name = definition.colname;
  if (auto serial = serial_of(*definition.type_name)) {
    if (definition.type_name->n_array_bounds > 0)
      context.fail(definition.type_name->location, "arrays of serial are not allowed");
    column.serial = *serial;
    column.type.name = *serial == Serial::SmallSerial ? "smallint"
                       : *serial == Serial::Serial    ? "integer"
                                                      : "bigint";
    column.not_null = true;
    QualifiedName sequence{table.name.schema,
                           context.names.choose_relation_name(table.name.schema, table.name.name,
                                                              column.name, "seq", false)};
    context.names.add_relation(sequence, "sequence", context.where(definition.location));
  } else {
    column.type = resolve_type(context, *definition.type_name);
  }
  if (definition.is_not_null) column.not_null = true;
  if (definition.coll_clause) column.collation = collation_name(*definition.coll_clause);
  if (definition.compression[0] != '\0')
    set_column_compression(context, column, definition.compression, definition.location);
  if (definition.storage[0] != '\0') context.note(definition.location, "STORAGE ignored");
  size_t first_of_column = constraints.size();
  for (size_t i = 0; i < definition.n_constraints; ++i) {
    apply_column_constraint(context, table, column, *definition.constraints[i]->constraint,
                            constraints, first_of_column);
  }
  if (column.generated && (column.default_value || column.identity))
    context.fail(definition.location, "a generated column cannot have a default or identity");
  table.columns.push_back(std::move(column));
}

void apply_create_table(Context& context, const PgQuery__CreateStmt& statement) {
  reject_unsupported_table_forms(context, statement);
  note_ignored_table_options(context, statement);
  Table table;
  table.name = context.new_name(*statement.relation);
  table.unlogged = statement.relation->relpersistence[0] == 'u';
  for (size_t i = 0; i < statement.n_options; ++i) {
    const PgQuery__DefElem& option = *statement.options[i]->def_elem;
    if (option.defnamespace[0] == '\0' && std::string_view(option.defname) == "oids") {
      // WITH (OIDS=FALSE), from files written for PostgreSQL before 12: the server accepts it
      // in CREATE TABLE and stores nothing.
      std::string value = option.arg ? option_text(option) : "true";
      std::transform(value.begin(), value.end(), value.begin(), ::tolower);
      if (value != "false" && value != "off" && value != "0" && value != "no") {
        context.fail(option.location, "tables WITH OIDS are not supported since PostgreSQL 12",
                     "remove the oids option (a column of your own can hold an id)");
      }
      context.note(option.location, "WITH (oids=false) ignored: tables have no OIDs");
      continue;
    }
    set_storage_parameter(context, table, option);
  }
  context.names.add_relation(table.name, "table", context.where(statement.relation->location));
  apply_partitioning(context, table, statement);
  apply_inherits(context, table, statement);
  std::vector<ConstraintSpec> constraints;
  std::vector<LikeCopy> copies;
  for (size_t i = 0; i < statement.n_table_elts; ++i) {
    const PgQuery__Node& element = *statement.table_elts[i];
    if (element.node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
      add_column(context, table, *element.column_def, constraints);
    } else if (element.node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
      constraints.push_back(make_constraint_spec(*element.constraint));
    } else if (element.node_case == PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE) {
      if (!table.inherits.empty() || !table.partition_by.empty()) {
        context.fail(location_of(&element),
                     "LIKE in a partitioned or inheriting table is not supported yet",
                     "write the columns out");
      }
      copies.push_back(read_like_clause(context, table, *element.table_like_clause));
    } else {
      context.fail(location_of(&element),
                   fmt::format("{} in CREATE TABLE is not supported yet", node_kind_name(element)),
                   "write the columns out");
    }
  }
  merge_inherited_columns(context, table, statement);
  for (size_t i = 0; i < statement.n_constraints; ++i)
    constraints.push_back(make_constraint_spec(*statement.constraints[i]->constraint));
  Table& stored = context.schema.tables.emplace(table.name, std::move(table)).first->second;
  add_constraints(context, stored, std::move(constraints));
  copy_like_members(context, stored, copies);
}

}  // namespace sleet::sources
