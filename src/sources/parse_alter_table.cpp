// ALTER TABLE as pg_dump and hand-written schema files use it: add constraints and columns,
// VALIDATE CONSTRAINT, column defaults, NOT NULL, identity, row-level security, SET [UN]LOGGED,
// SET/RESET (storage parameters), ATTACH PARTITION, INHERIT and NO INHERIT, and the settings of
// parse_table_settings.cpp; ALTER INDEX ... ATTACH PARTITION. OWNER TO is noted and ignored.
#include <fmt/format.h>

#include "sleet/error.h"
#include "sources/index_attachments.h"
#include "sources/parse_nodes.h"
#include "sources/parse_written.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

constexpr const char* kCustomMigrationHint =
    "describe the end state in CREATE statements, or put it in a custom migration "
    "(sleet generate --custom)";

Column& column_of(Context& context, Table& table, const PgQuery__AlterTableCmd& command) {
  Column* column = table.find_column(command.name);
  if (!column) {
    context.fail(-1, fmt::format("column {} does not exist in table {}", command.name,
                                 table.name.display()));
  }
  return *column;
}

std::string subcommand_name(const PgQuery__AlterTableCmd& command) {
  const ProtobufCEnumValue* value = protobuf_c_enum_descriptor_get_value(
      &pg_query__alter_table_type__descriptor, command.subtype);
  std::string name = value ? value->name : "";
  if (name.starts_with("AT_")) name.erase(0, 3);
  return name.empty() ? "this ALTER TABLE action" : fmt::format("ALTER TABLE {}", name);
}

// ALTER TABLE ... VALIDATE CONSTRAINT: a CHECK or FOREIGN KEY added NOT VALID becomes valid.
void validate_constraint(Context& context, Table& table, const std::string& name) {
  if (auto check = table.check_constraints.find(name); check != table.check_constraints.end()) {
    check->second.valid = true;
  } else if (auto key = table.foreign_keys.find(name); key != table.foreign_keys.end()) {
    key->second.valid = true;
  } else {
    context.fail(-1,
                 fmt::format("VALIDATE CONSTRAINT: table {} has no check or foreign key named {}",
                             table.name.display(), name),
                 "add the constraint (ALTER TABLE ... ADD CONSTRAINT) before validating it");
  }
}

void apply_command(Context& context, Table& table, const PgQuery__AlterTableCmd& command) {
  switch (command.subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint: {
      ConstraintSpec spec = make_constraint_spec(*command.def->constraint);
      spec.not_valid = command.def->constraint->skip_validation;
      add_constraints(context, table, {spec});
      return;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
      validate_constraint(context, table, command.name);
      return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: {
      std::vector<ConstraintSpec> constraints;
      add_column(context, table, *command.def->column_def, constraints);
      add_constraints(context, table, std::move(constraints));
      return;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault: {
      if (!table.find_column(command.name) && !table.inherits.empty() &&
          find_column_or_inherited(context.schema, table, command.name)) {
        apply_inherited_column_default(context, table, command);
        return;
      }
      Column& column = column_of(context, table, command);
      if (!command.def) {
        column.default_value.reset();
      } else if (is_null_constant(*command.def)) {
        column.default_value = stored_null_default(context, column.type, *command.def);
      } else {
        column.default_value = default_as_written(context, *command.def);
      }
      return;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
      column_of(context, table, command).not_null = true;
      return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
      column_of(context, table, command).not_null = false;
      return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
      add_identity(context, table, column_of(context, table, command), *command.def->constraint);
      return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity:
      table.row_level_security = true;
      return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
      table.row_level_security = false;
      return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity:
      table.force_row_level_security = true;
      return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity:
      table.force_row_level_security = false;
      return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
      apply_attach_partition(context, table, *command.def->partition_cmd);
      return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit:
      apply_add_inherit(context, table, *command.def->range_var);
      return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit:
      apply_drop_inherit(context, table, *command.def->range_var);
      return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
      table.unlogged = false;
      return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
      table.unlogged = true;
      return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
      for (size_t i = 0; i < command.def->list->n_items; ++i)
        set_storage_parameter(context, table, *command.def->list->items[i]->def_elem);
      return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
      for (size_t i = 0; i < command.def->list->n_items; ++i)
        table.with.erase(command.def->list->items[i]->def_elem->defname);
      return;
    default:
      if (apply_table_setting(context, table, command)) return;
      context.fail(-1, fmt::format("{} is not supported yet", subcommand_name(command)),
                   kCustomMigrationHint);
  }
}

bool is_owner_change(const PgQuery__Node& node) {
  return node.alter_table_cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner;
}

}  // namespace

void apply_alter_table(Context& context, const PgQuery__AlterTableStmt& statement) {
  bool only_owner = true;
  for (size_t i = 0; i < statement.n_cmds; ++i)
    only_owner = only_owner && is_owner_change(*statement.cmds[i]);
  if (only_owner) {
    context.note(-1, "OWNER TO ignored (ownership is not part of the schema model)");
    return;
  }
  // ALTER INDEX ... ATTACH PARTITION: applied once every statement is (index_attachments.h).
  if (is_index_attachment(statement)) return;
  if (statement.objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
    context.fail(-1, "ALTER of views, sequences and indexes is not supported yet (except OWNER TO)",
                 kCustomMigrationHint);
  }
  Table& table = context.table(*statement.relation);
  for (size_t i = 0; i < statement.n_cmds; ++i) {
    if (is_owner_change(*statement.cmds[i])) {
      context.note(-1, "OWNER TO ignored (ownership is not part of the schema model)");
      continue;
    }
    apply_command(context, table, *statement.cmds[i]->alter_table_cmd);
  }
}

}  // namespace sleet::sources
