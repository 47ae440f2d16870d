// The lint rules: one check per statement kind, reporting squawk's rule ids where squawk has
// the rule (lock facts: PostgreSQL's "Explicit Locking" table).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <set>
#include <string_view>

#include "lint/lint_internal.h"
#include "sleet/error.h"
#include "sleet/sql.h"
#include "sql/type_names.h"

namespace sleet::lint {

namespace {

std::string text_of(const PgQuery__Node* node) {
  if (node && node->node_case == PG_QUERY__NODE__NODE_STRING) return node->string->sval;
  return {};
}

// The type's own name, without pg_catalog: "varchar", "int4", "serial", ...
std::string type_of(const PgQuery__TypeName* type) {
  if (!type || type->n_names == 0) return {};
  return text_of(type->names[type->n_names - 1]);
}

bool is_new(const MigrationState& state, const PgQuery__RangeVar* relation) {
  return relation && state.new_tables.contains(table_key(*relation));
}

// "schema.name" of a qualified name as a type or a DROP writes it (public when bare).
std::string qualified_key(PgQuery__Node* const* names, size_t count) {
  if (count == 0) return {};
  return (count > 1 ? text_of(names[count - 2]) : "public") + "." + text_of(names[count - 1]);
}

std::vector<std::string> names_of(PgQuery__Node* const* items, size_t count) {
  std::vector<std::string> names;
  for (size_t i = 0; i < count; ++i) names.push_back(text_of(items[i]));
  return names;
}

// What a constraint adds for foreign-key-without-index: a primary key's or unique
// constraint's columns (an index the table now has), a foreign key to check at the file's
// end. `column`: the column a column-level constraint is declared on, else empty.
void record_constraint(const PgQuery__Constraint& constraint, const std::string& table,
                       const std::string& column, bool new_table, MigrationState& state) {
  auto columns = [&](PgQuery__Node* const* items, size_t count) {
    return count == 0 && !column.empty() ? std::vector<std::string>{column}
                                         : names_of(items, count);
  };
  switch (constraint.contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
      if (constraint.indexname && *constraint.indexname) {  // USING INDEX
        auto index =
            state.named_indexes.find(table.substr(0, table.find('.')) + "." + constraint.indexname);
        if (index != state.named_indexes.end())
          state.index_keys[table].push_back(index->second.second);
      } else {
        state.index_keys[table].push_back(columns(constraint.keys, constraint.n_keys));
      }
      return;
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
      state.foreign_keys.push_back({table, columns(constraint.fk_attrs, constraint.n_fk_attrs),
                                    new_table, constraint.location, state.statement_start});
      return;
    default:
      return;
  }
}

// Functions whose value differs per row: a default calling one rewrites the whole table.
bool is_volatile_call(const PgQuery__Node* node) {
  if (!node) return false;
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_TYPE_CAST:
      return is_volatile_call(node->type_cast->arg);
    case PG_QUERY__NODE__NODE_A_EXPR:
      return is_volatile_call(node->a_expr->lexpr) || is_volatile_call(node->a_expr->rexpr);
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
      for (size_t i = 0; i < node->coalesce_expr->n_args; ++i)
        if (is_volatile_call(node->coalesce_expr->args[i])) return true;
      return false;
    case PG_QUERY__NODE__NODE_FUNC_CALL:
      break;
    default:
      return false;
  }
  const PgQuery__FuncCall& call = *node->func_call;
  std::string name = call.n_funcname ? text_of(call.funcname[call.n_funcname - 1]) : "";
  if (sql::is_volatile_function(name)) return true;
  for (size_t i = 0; i < call.n_args; ++i)
    if (is_volatile_call(call.args[i])) return true;
  return false;
}

// Rules on a column's type, wherever a column is declared.
void check_column_type(const PgQuery__ColumnDef& column, const Report& report) {
  std::string type = type_of(column.type_name);
  int at = column.location;
  if (type == "varchar" && column.type_name->n_typmods > 0) {
    report("prefer-text-field", fmt::format("column {} is varchar(n)", column.colname),
           "use text (with a CHECK on its length if needed): changing n later rewrites or "
           "locks the table",
           at);
  } else if (type == "bpchar") {
    report("ban-char-field", fmt::format("column {} is char(n)", column.colname),
           "use text: char(n) pads with spaces and is never faster", at);
  } else if (type == "timestamp") {
    report("prefer-timestamp-tz",
           fmt::format("column {} is timestamp without time zone", column.colname),
           "use timestamptz: it stores an instant, whatever the session's time zone", at);
  } else if (type == "int4") {
    report("prefer-bigint-over-int", fmt::format("column {} is integer", column.colname),
           "use bigint: running out of a 32-bit key means a table rewrite", at);
  } else if (type == "int2") {
    report("prefer-bigint-over-smallint", fmt::format("column {} is smallint", column.colname),
           "use bigint: running out of a 16-bit range means a table rewrite", at);
  }
  if (type == "serial" || type == "serial4" || type == "bigserial" || type == "serial8" ||
      type == "smallserial" || type == "serial2") {
    report("prefer-identity", fmt::format("column {} is {}", column.colname, type),
           "use GENERATED ALWAYS AS IDENTITY (drizzle: .generatedAlwaysAsIdentity())", at);
  }
}

void check_added_column(const PgQuery__ColumnDef& column, int server_version,
                        const Report& report) {
  bool not_null = column.is_not_null, has_default = column.raw_default != nullptr;
  bool primary = false, generated = false;
  const PgQuery__Node* default_expression = column.raw_default;
  for (size_t i = 0; i < column.n_constraints; ++i) {
    const PgQuery__Constraint& constraint = *column.constraints[i]->constraint;
    switch (constraint.contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
        not_null = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
        has_default = true;
        default_expression = constraint.raw_expr;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
        primary = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
      case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
        generated = true;
        break;
      default:
        break;
    }
  }
  std::string type = type_of(column.type_name);
  bool serial = type.find("serial") != std::string::npos;
  if (primary && (serial || generated)) {
    report("adding-serial-primary-key-field",
           fmt::format("adding {} as a serial primary key rewrites the table and builds its "
                       "index under an ACCESS EXCLUSIVE lock",
                       column.colname),
           "add the column nullable, backfill it in batches, build a unique index "
           "CONCURRENTLY, then ADD PRIMARY KEY USING INDEX",
           column.location);
  } else if (not_null && !has_default && !generated && !serial) {
    report("adding-required-field",
           fmt::format("adding NOT NULL column {} without a default fails on a table with rows",
                       column.colname),
           "add it with a DEFAULT, or nullable, backfill, then SET NOT NULL", column.location);
  }
  if ((serial || generated) && !primary) {
    // Identity, serial and stored generated values are computed for every existing row.
    report("adding-field-with-default",
           fmt::format("adding {} computes a value for every row: the table is rewritten under "
                       "an ACCESS EXCLUSIVE lock",
                       column.colname),
           "add a plain nullable column, backfill it in batches, then attach the sequence or "
           "expression",
           column.location);
  } else if (has_default && server_version > 0 && server_version < 110000 &&
             !(default_expression &&
               default_expression->node_case == PG_QUERY__NODE__NODE_A_CONST &&
               default_expression->a_const->isnull)) {
    report("adding-field-with-default",
           fmt::format("the server is PostgreSQL {}.{}: before 11 any default on {} rewrites every "
                       "row under an ACCESS EXCLUSIVE lock",
                       server_version / 10000, server_version % 10000 / 100, column.colname),
           "add the column without the default, SET DEFAULT, then backfill in batches",
           column.location);
  } else if (has_default && is_volatile_call(default_expression)) {
    report("adding-field-with-default",
           fmt::format("the default of {} is volatile: every row is rewritten under an ACCESS "
                       "EXCLUSIVE lock",
                       column.colname),
           "add the column without the default, SET DEFAULT for new rows, then fill the "
           "existing rows in batches (`sleet generate --backfill` writes this; a constant or "
           "now() costs nothing since PostgreSQL 11)",
           column.location);
  }
}

// CHECK (column IS NOT NULL): the column, else empty.
std::string not_null_check_column(const PgQuery__Constraint& constraint) {
  const PgQuery__Node* expression = constraint.raw_expr;
  if (!expression || expression->node_case != PG_QUERY__NODE__NODE_NULL_TEST) return {};
  const PgQuery__NullTest& test = *expression->null_test;
  if (test.nulltesttype != PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL || !test.arg ||
      test.arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
    return {};
  const PgQuery__ColumnRef& reference = *test.arg->column_ref;
  return reference.n_fields ? text_of(reference.fields[reference.n_fields - 1]) : "";
}

void check_added_constraint(const PgQuery__Constraint& constraint, const std::string& table,
                            bool new_table, MigrationState& state, const Report& report) {
  if (constraint.contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK && constraint.skip_validation) {
    std::string column = not_null_check_column(constraint);
    if (!column.empty()) state.pending_not_null_checks[constraint.conname] = {table, column};
  }
  if (new_table) return;
  switch (constraint.contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
      if (constraint.skip_validation) return;
      // squawk reports both for a foreign key; a team's ignores name either.
      report("constraint-missing-not-valid",
             "adding a foreign key without NOT VALID scans the table while holding its lock",
             "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in its own migration",
             constraint.location);
      report("adding-foreign-key-constraint",
             "adding a foreign key scans the table under a SHARE ROW EXCLUSIVE lock on both "
             "tables, blocking their writes",
             "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in its own migration",
             constraint.location);
      return;
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
      if (constraint.skip_validation) return;
      report("constraint-missing-not-valid",
             "adding a CHECK scans the table under an ACCESS EXCLUSIVE lock",
             "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in its own migration",
             constraint.location);
      return;
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
      if (constraint.indexname && *constraint.indexname) return;  // USING INDEX
      report(
          "disallowed-unique-constraint",
          fmt::format("adding a {} builds its index under an ACCESS EXCLUSIVE lock",
                      constraint.contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ? "UNIQUE"
                                                                                 : "PRIMARY KEY"),
          "CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX",
          constraint.location);
      return;
    default:
      return;
  }
}

// The parts of a canonical type name: "character varying(50)" -> {"character varying", {50}}.
struct TypeParts {
  std::string base;
  std::vector<int> modifiers;
};

TypeParts type_parts(const std::string& name) {
  size_t open = name.find('(');
  if (open == std::string::npos) return {name, {}};
  TypeParts parts{name.substr(0, open), {}};
  std::string inside = name.substr(open + 1, name.find(')', open) - open - 1);
  size_t start = 0;
  while (start <= inside.size()) {
    size_t comma = std::min(inside.find(',', start), inside.size());
    parts.modifiers.push_back(std::atoi(inside.substr(start, comma - start).c_str()));
    start = comma + 1;
  }
  return parts;
}

// True when a column of type `from` can become `to` without a rewrite or a scan: the same
// type, or a binary-coercible change that loosens the modifier (PostgreSQL's
// ATColumnChangeRequiresRewrite: varchar(n) to a larger n, varchar or text; numeric(p,s) to
// a larger p with the same s, or to numeric; bit varying likewise; cidr to inet).
bool binary_coercible(const std::string& from, const std::string& to) {
  if (from == to) return true;
  TypeParts a = type_parts(from), b = type_parts(to);
  auto looser = [&] {  // b's length limit is absent or at least a's
    return b.modifiers.empty() || (!a.modifiers.empty() && b.modifiers[0] >= a.modifiers[0]);
  };
  if (b.base == "text") return a.base == "character varying" || a.base == "text";
  if (b.base == "character varying")
    return (a.base == "character varying" && looser()) || (a.base == "text" && b.modifiers.empty());
  if (b.base == "bit varying") return a.base == "bit varying" && looser();
  if (b.base == "numeric") {
    if (a.base != "numeric") return false;
    if (b.modifiers.empty()) return true;
    int scale_a = a.modifiers.size() > 1 ? a.modifiers[1] : 0;
    int scale_b = b.modifiers.size() > 1 ? b.modifiers[1] : 0;
    return !a.modifiers.empty() && b.modifiers[0] >= a.modifiers[0] && scale_a == scale_b;
  }
  return from == "cidr" && to == "inet";
}

// True when the schema before the migration shows that ALTER COLUMN ... TYPE keeps the
// column's storage (no USING, a binary-coercible change): no rewrite, no scan.
bool keeps_storage(const PgQuery__AlterTableCmd& command, const std::string& table,
                   const MigrationState& state) {
  if (!state.schema_before || !command.def ||
      command.def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
    return false;
  const PgQuery__ColumnDef& definition = *command.def->column_def;
  if (definition.raw_default || !definition.type_name) return false;  // USING: computed
  const Schema* before = state.schema_before();
  if (!before) return false;
  size_t dot = table.find('.');
  auto found = before->tables.find(QualifiedName{table.substr(0, dot), table.substr(dot + 1)});
  if (found == before->tables.end()) return false;
  const Column* column = found->second.find_column(command.name);
  if (!column || column->type.is_user_defined()) return false;
  std::optional<std::string> target;
  try {
    target = sql::builtin_type_name(*definition.type_name);
  } catch (const Error&) {
    return false;  // the server will say what is wrong with the type
  }
  return target &&
         column->type.array_dimensions == static_cast<int>(definition.type_name->n_array_bounds) &&
         binary_coercible(column->type.name, *target);
}

void check_alter_table(const PgQuery__AlterTableStmt& statement, MigrationState& state,
                       const Report& report) {
  if (!statement.relation) return;
  const std::string table = table_key(*statement.relation);
  const bool new_table = is_new(state, statement.relation);
  for (size_t i = 0; i < statement.n_cmds; ++i) {
    if (statement.cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD) continue;
    const PgQuery__AlterTableCmd& command = *statement.cmds[i]->alter_table_cmd;
    switch (command.subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: {
        const PgQuery__ColumnDef& column = *command.def->column_def;
        check_column_type(column, report);
        if (!new_table) check_added_column(column, state.server_version, report);
        for (size_t c = 0; c < column.n_constraints; ++c) {
          const PgQuery__Constraint& constraint = *column.constraints[c]->constraint;
          record_constraint(constraint, table, column.colname, new_table, state);
          // A column's own UNIQUE builds its index under the table's ACCESS EXCLUSIVE lock
          // (a PRIMARY KEY with it is adding-serial-primary-key-field's).
          if (constraint.contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ||
              constraint.contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK ||
              constraint.contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE)
            check_added_constraint(constraint, table, new_table, state, report);
        }
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
        report("ban-drop-column", fmt::format("dropping column {} loses its data", command.name),
               "stop using the column in the application first, then drop it in a later "
               "release",
               -1);
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
        if (command.def && command.def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF &&
            command.def->column_def->type_name) {
          // The new type gets the same advice as a declared one (varchar(n), integer, ...).
          PgQuery__ColumnDef changed = *command.def->column_def;
          changed.colname = command.name;
          check_column_type(changed, report);
        }
        if (!new_table && !keeps_storage(command, table, state)) {
          report("changing-column-type",
                 fmt::format("changing the type of {} may rewrite the table under an ACCESS "
                             "EXCLUSIVE lock",
                             command.name),
                 "add a new column, backfill it in batches, switch the application, then "
                 "drop the old one",
                 -1);
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        // Before PostgreSQL 12, SET NOT NULL scans even with a validated check.
        if (!new_table && (!state.proven_not_null.contains({table, command.name}) ||
                           (state.server_version > 0 && state.server_version < 120000))) {
          report("adding-not-nullable-field",
                 fmt::format("SET NOT NULL on {} scans the table under an ACCESS EXCLUSIVE lock",
                             command.name),
                 fmt::format("ADD CONSTRAINT ... CHECK ({} IS NOT NULL) NOT VALID, VALIDATE "
                             "CONSTRAINT, then SET NOT NULL (no scan) and drop the check",
                             command.name),
                 -1);
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        report(
            "ban-drop-not-null",
            fmt::format("DROP NOT NULL on {}: readers that expect a value get NULL", command.name),
            "make sure every reader handles NULL first", -1);
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
        if (command.def && command.def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
          record_constraint(*command.def->constraint, table, {}, new_table, state);
          check_added_constraint(*command.def->constraint, table, new_table, state, report);
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint: {
        auto pending = state.pending_not_null_checks.find(command.name);
        if (pending != state.pending_not_null_checks.end())
          state.proven_not_null.insert(pending->second);
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
        if (!new_table) {
          report("ban-set-logged-unlogged",
                 "SET LOGGED / UNLOGGED rewrites the table under an ACCESS EXCLUSIVE lock",
                 "create the table with the persistence it needs", -1);
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
        if (command.def && command.def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD &&
            !command.def->partition_cmd->concurrent) {
          bool before_14 = state.server_version > 0 && state.server_version < 140000;
          report("require-concurrent-partition-detach",
                 "DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the parent",
                 before_14 ? "the server predates DETACH PARTITION ... CONCURRENTLY (PostgreSQL "
                             "14): detach when the parent is quiet, with a short lock_timeout"
                           : "DETACH PARTITION ... CONCURRENTLY (outside a transaction)",
                 -1);
        }
        break;
      default:
        break;
    }
  }
}

void check_create_table(const PgQuery__CreateStmt& statement, MigrationState& state,
                        const Report& report) {
  if (!statement.relation) return;
  const std::string table = table_key(*statement.relation);
  for (size_t i = 0; i < statement.n_table_elts; ++i) {
    const PgQuery__Node& element = *statement.table_elts[i];
    if (element.node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
      const PgQuery__ColumnDef& column = *element.column_def;
      check_column_type(column, report);
      for (size_t c = 0; c < column.n_constraints; ++c)
        record_constraint(*column.constraints[c]->constraint, table, column.colname, true, state);
    } else if (element.node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
      record_constraint(*element.constraint, table, {}, true, state);
    }
  }
  state.new_tables.insert(table);
}

// The columns an index leads with, up to its first expression; none for a partial index
// (it does not hold every row).
std::vector<std::string> leading_columns(const PgQuery__IndexStmt& index) {
  std::vector<std::string> columns;
  if (index.where_clause) return columns;
  for (size_t i = 0; i < index.n_index_params; ++i) {
    const PgQuery__Node* element = index.index_params[i];
    if (element->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM || !element->index_elem->name ||
        !*element->index_elem->name)
      break;
    columns.emplace_back(element->index_elem->name);
  }
  return columns;
}

// Whether the schema before the migration holds `relation` as a table that is not partitioned
// (ON ONLY then builds the whole index).
bool known_plain_table(const MigrationState& state, const PgQuery__RangeVar& relation) {
  const Schema* before = state.schema_before ? state.schema_before() : nullptr;
  if (!before) return false;
  std::string table = table_key(relation);
  size_t dot = table.find('.');
  auto found = before->tables.find(QualifiedName{table.substr(0, dot), table.substr(dot + 1)});
  return found != before->tables.end() && found->second.partition_by.empty();
}

void check_index(const PgQuery__IndexStmt& index, MigrationState& state, const Report& report) {
  if (index.relation && index.relation->relname) {
    std::string table = table_key(*index.relation);
    std::vector<std::string> columns = leading_columns(index);
    state.index_keys[table].push_back(columns);
    if (index.idxname && *index.idxname)
      state.named_indexes[table.substr(0, table.find('.')) + "." + index.idxname] = {table,
                                                                                     columns};
  }
  if (index.concurrent) {
    if (state.explicit_transaction) {
      report("ban-concurrent-index-creation-in-transaction",
             "CREATE INDEX CONCURRENTLY cannot run inside the transaction this file opens",
             "remove the BEGIN/COMMIT: sleet runs a migration with CONCURRENTLY outside a "
             "transaction",
             -1);
    }
    return;
  }
  if (is_new(state, index.relation)) return;
  if (index.relation && !index.relation->inh && !known_plain_table(state, *index.relation)) {
    // CREATE INDEX ... ON ONLY a partitioned table builds nothing: the partitions' indexes are
    // built (CONCURRENTLY, in the lock-safe form) and attached to it afterwards.
    return;
  }
  report("require-concurrent-index-creation",
         "CREATE INDEX blocks writes to the table (SHARE lock) for the whole build",
         "CREATE INDEX CONCURRENTLY (sleet runs that migration outside a transaction)", -1);
}

void check_drop(const PgQuery__DropStmt& drop, const Report& report) {
  switch (drop.remove_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
      if (!drop.concurrent) {
        report("require-concurrent-index-deletion",
               "DROP INDEX takes an ACCESS EXCLUSIVE lock on its table", "DROP INDEX CONCURRENTLY",
               -1);
      }
      return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      report("ban-drop-table", "dropping a table loses its data",
             "stop using the table in the application first, then drop it in a later release", -1);
      return;
    default:
      return;
  }
}

constexpr const char* kEnumRule = "ban-enum-value-use-in-same-transaction";
constexpr const char* kEnumHint =
    "use the value in a later migration: sleet migrate commits each migration before the next "
    "(drizzle-kit migrate and --single-transaction run all pending ones in one transaction: "
    "apply the ADD VALUE in a run of its own), or mark this file -- sleet:transaction=off";

// ALTER TYPE ... ADD VALUE: before PostgreSQL 12 refused in a transaction block; since then
// its label cannot be used until the transaction commits (an enum the same transaction
// created is exempt from both).
void check_enum_value(const PgQuery__AlterEnumStmt& alter, MigrationState& state,
                      const Report& report) {
  if ((alter.old_val && *alter.old_val) || !alter.new_val || !*alter.new_val) return;  // RENAME
  std::string type = qualified_key(alter.type_name, alter.n_type_name);
  if (!state.in_transaction || state.new_enums.contains(type)) return;
  if (state.server_version > 0 && state.server_version < 120000) {
    report(kEnumRule,
           fmt::format("the server is PostgreSQL {}.{}: before 12 ALTER TYPE {} ADD VALUE cannot "
                       "run inside the transaction this migration runs in",
                       state.server_version / 10000, state.server_version % 10000 / 100, type),
           "put the ADD VALUE in a migration of its own marked -- sleet:transaction=off (and "
           "apply it with sleet migrate: drizzle-kit migrate always uses a transaction)",
           -1);
    return;
  }
  state.uncommitted_enum_values[alter.new_val] = type;
}

// A string literal equal to a label ADD VALUE added in the open transaction: PostgreSQL
// refuses it ("unsafe use of new value") when it becomes a value of the enum.
void check_enum_value_uses(const PgQuery__Node& statement, const MigrationState& state,
                           const Report& report) {
  if (state.uncommitted_enum_values.empty() ||
      statement.node_case == PG_QUERY__NODE__NODE_ALTER_ENUM_STMT)
    return;
  std::set<std::string> reported;
  for (const auto& [value, offset] : state.string_literals) {
    auto added = state.uncommitted_enum_values.find(value);
    if (added == state.uncommitted_enum_values.end() || !reported.insert(value).second) continue;
    report(kEnumRule,
           fmt::format("'{}' was added to {} by ALTER TYPE ... ADD VALUE in this migration's "
                       "transaction: PostgreSQL refuses to use it before that commits (unsafe "
                       "use of new value)",
                       value, added->second),
           kEnumHint, offset);
  }
}

bool has_option(PgQuery__Node* const* options, size_t count, std::string_view name) {
  for (size_t i = 0; i < count; ++i) {
    if (options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
        name == options[i]->def_elem->defname)
      return true;
  }
  return false;
}

void check_other(const PgQuery__Node& statement, MigrationState& state, const Report& report) {
  switch (statement.node_case) {
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: {
      // A materialized view made in this migration: nobody reads it yet, so its indexes need
      // no CONCURRENTLY (the plan creates them right after it).
      const PgQuery__CreateTableAsStmt& create = *statement.create_table_as_stmt;
      if (create.into && create.into->rel) state.new_tables.insert(table_key(*create.into->rel));
      return;
    }
    case PG_QUERY__NODE__NODE_DROPDB_STMT:
      report("ban-drop-database", "a migration drops a database", "drop databases by hand", -1);
      return;
    case PG_QUERY__NODE__NODE_RENAME_STMT: {
      const PgQuery__RenameStmt& rename = *statement.rename_stmt;
      if (rename.rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
        report("renaming-column",
               fmt::format("renaming column {} breaks the running application's queries",
                           rename.subname),
               "add the new column, write both, switch readers, then drop the old one", -1);
      } else if (rename.rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
        report("renaming-table", "renaming a table breaks the running application's queries",
               "create a view with the old name during the switch, or rename in a release "
               "that no longer uses it",
               -1);
      }
      return;
    }
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
      if (statement.truncate_stmt->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
        report("ban-truncate-cascade",
               "TRUNCATE ... CASCADE also empties every table that references these",
               "truncate each table by name", -1);
      }
      return;
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT: {
      PgQuery__TransactionStmtKind kind = statement.transaction_stmt->kind;
      if (kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN ||
          kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START) {
        state.explicit_transaction = true;
        report("transaction-nesting",
               "the migration opens its own transaction; sleet and drizzle-kit already run "
               "it in one",
               "remove BEGIN/COMMIT (a migration that must not run in a transaction: "
               "-- sleet:transaction=off)",
               -1);
      } else if (kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT ||
                 kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK) {
        state.explicit_transaction = false;
        state.uncommitted_enum_values.clear();  // committed: usable from here on
      }
      return;
    }
    case PG_QUERY__NODE__NODE_VACUUM_STMT: {
      const PgQuery__VacuumStmt& vacuum = *statement.vacuum_stmt;
      if (vacuum.is_vacuumcmd && has_option(vacuum.options, vacuum.n_options, "full")) {
        report("ban-vacuum-full", "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock",
               "pg_repack (Debian: postgresql-15-repack) rebuilds it without the lock", -1);
      }
      return;
    }
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
      state.new_enums.insert(qualified_key(statement.create_enum_stmt->type_name,
                                           statement.create_enum_stmt->n_type_name));
      return;
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
      return check_enum_value(*statement.alter_enum_stmt, state, report);
    case PG_QUERY__NODE__NODE_CLUSTER_STMT:
      report("ban-cluster", "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock",
             "pg_repack --order-by rebuilds it without the lock", -1);
      return;
    case PG_QUERY__NODE__NODE_REINDEX_STMT: {
      const PgQuery__ReindexStmt& reindex = *statement.reindex_stmt;
      if (!has_option(reindex.params, reindex.n_params, "concurrently")) {
        bool before_12 = state.server_version > 0 && state.server_version < 120000;
        report("require-concurrent-reindex", "REINDEX blocks writes while it rebuilds",
               before_12 ? "the server predates REINDEX CONCURRENTLY (PostgreSQL 12): build a "
                           "new index CONCURRENTLY, then DROP INDEX CONCURRENTLY the old one"
                         : "REINDEX ... CONCURRENTLY (PostgreSQL 12+)",
               -1);
      }
      return;
    }
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
      if (statement.create_domain_stmt->n_constraints > 0) {
        report("ban-create-domain-with-constraint",
               "a domain's constraints are checked on every column of that type, and changing "
               "them later scans every such table",
               "put the CHECK on the columns instead", -1);
      }
      return;
    case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
      if (std::string_view(statement.alter_domain_stmt->subtype) == "C") {
        report("ban-alter-domain-with-add-constraint",
               "adding a constraint to a domain scans every table with a column of that type",
               "put the CHECK on the columns instead", -1);
      }
      return;
    default:
      return;
  }
}

// "schema.name" of a qualified name list as a DROP or a type writes it (public when bare).
std::string name_key(const PgQuery__Node* names) {
  if (!names || names->node_case != PG_QUERY__NODE__NODE_LIST) return {};
  return qualified_key(names->list->items, names->list->n_items);
}

}  // namespace

bool is_lock_rule(const std::string& rule) {
  static const std::set<std::string> kLockRules = {"require-concurrent-index-creation",
                                                   "require-concurrent-index-deletion",
                                                   "constraint-missing-not-valid",
                                                   "adding-foreign-key-constraint",
                                                   "adding-field-with-default",
                                                   "adding-not-nullable-field",
                                                   "adding-serial-primary-key-field",
                                                   "changing-column-type",
                                                   "disallowed-unique-constraint",
                                                   "require-concurrent-reindex",
                                                   "require-concurrent-partition-detach",
                                                   "ban-vacuum-full",
                                                   "ban-cluster",
                                                   "ban-set-logged-unlogged"};
  return kLockRules.contains(rule);
}

std::vector<std::string> locked_tables(const PgQuery__Node& statement,
                                       const std::map<std::string, std::string>& index_tables) {
  std::vector<std::string> tables;
  auto add_relation = [&](const PgQuery__RangeVar* relation) {
    if (relation && relation->relname) tables.push_back(table_key(*relation));
  };
  auto add_index = [&](const std::string& index) {
    auto owner = index_tables.find(index);
    if (owner != index_tables.end()) tables.push_back(owner->second);
  };
  switch (statement.node_case) {
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
      const PgQuery__AlterTableStmt& alter = *statement.alter_table_stmt;
      add_relation(alter.relation);
      // A foreign key locks the table it references too.
      for (size_t i = 0; i < alter.n_cmds; ++i) {
        if (alter.cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD) continue;
        const PgQuery__Node* def = alter.cmds[i]->alter_table_cmd->def;
        if (def && def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
          add_relation(def->constraint->pktable);
        if (def && def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
          for (size_t c = 0; c < def->column_def->n_constraints; ++c)
            add_relation(def->column_def->constraints[c]->constraint->pktable);
        }
      }
      break;
    }
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      add_relation(statement.index_stmt->relation);
      break;
    case PG_QUERY__NODE__NODE_DROP_STMT:
      if (statement.drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
        for (size_t i = 0; i < statement.drop_stmt->n_objects; ++i)
          add_index(name_key(statement.drop_stmt->objects[i]));
      }
      break;
    case PG_QUERY__NODE__NODE_REINDEX_STMT: {
      const PgQuery__ReindexStmt& reindex = *statement.reindex_stmt;
      if (reindex.kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE) {
        add_relation(reindex.relation);
      } else if (reindex.kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX &&
                 reindex.relation) {
        add_index(table_key(*reindex.relation));
      }
      break;
    }
    case PG_QUERY__NODE__NODE_CLUSTER_STMT:
      add_relation(statement.cluster_stmt->relation);
      break;
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
      for (size_t i = 0; i < statement.vacuum_stmt->n_rels; ++i) {
        const PgQuery__Node* relation = statement.vacuum_stmt->rels[i];
        if (relation->node_case == PG_QUERY__NODE__NODE_VACUUM_RELATION)
          add_relation(relation->vacuum_relation->relation);
      }
      break;
    default:
      break;
  }
  return tables;
}

std::string table_key(const PgQuery__RangeVar& relation) {
  std::string schema = relation.schemaname && *relation.schemaname ? relation.schemaname : "public";
  return schema + "." + relation.relname;
}

bool needs_no_transaction(const PgQuery__Node& statement) {
  // The same list as sleet migrate's (src/migrate/transaction_rules.cpp), which lint cannot
  // include: migrate sits beside lint, not below it.
  switch (statement.node_case) {
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      return statement.index_stmt->concurrent;
    case PG_QUERY__NODE__NODE_DROP_STMT:
      return statement.drop_stmt->concurrent;
    case PG_QUERY__NODE__NODE_REINDEX_STMT: {
      const PgQuery__ReindexStmt& reindex = *statement.reindex_stmt;
      return has_option(reindex.params, reindex.n_params, "concurrently") ||
             reindex.kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SYSTEM ||
             reindex.kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_DATABASE;
    }
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
      return statement.vacuum_stmt->is_vacuumcmd;
    case PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT:
    case PG_QUERY__NODE__NODE_CREATEDB_STMT:
    case PG_QUERY__NODE__NODE_DROPDB_STMT:
    case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT:
    case PG_QUERY__NODE__NODE_DROP_TABLE_SPACE_STMT:
      return true;
    default:
      return false;
  }
}

void check_foreign_key_indexes(MigrationState& state, const ForeignKeyReport& report) {
  // An index covers a foreign key when its leading columns are the key's, in any order.
  auto covers = [](const std::vector<std::string>& index, const std::vector<std::string>& key) {
    if (key.empty() || index.size() < key.size()) return false;
    std::vector<std::string> leading(index.begin(), index.begin() + key.size()), sorted = key;
    std::sort(leading.begin(), leading.end());
    std::sort(sorted.begin(), sorted.end());
    return leading == sorted;
  };
  for (const MigrationState::ForeignKeyUse& key : state.foreign_keys) {
    std::vector<std::vector<std::string>> indexes = state.index_keys[key.table];
    bool known = key.new_table;
    const Schema* before = !known && state.schema_before ? state.schema_before() : nullptr;
    size_t dot = key.table.find('.');
    if (before) {
      auto found =
          before->tables.find(QualifiedName{key.table.substr(0, dot), key.table.substr(dot + 1)});
      if (found != before->tables.end()) {
        known = true;
        const Table& table = found->second;
        if (table.primary_key) indexes.push_back(table.primary_key->columns);
        for (const auto& [name, unique] : table.unique_constraints)
          indexes.push_back(unique.columns);
        for (const auto& [name, index] : table.indexes) {
          if (index.where) continue;
          std::vector<std::string> columns;
          for (const IndexElement& element : index.elements) {
            if (element.column.empty()) break;
            columns.push_back(element.column);
          }
          indexes.push_back(columns);
        }
      }
    }
    if (std::any_of(indexes.begin(), indexes.end(),
                    [&](const auto& index) { return covers(index, key.columns); }) ||
        !known)  // an existing table whose indexes no snapshot shows: nothing to say
      continue;
    std::string columns = fmt::format("{}", fmt::join(key.columns, ", "));
    report(fmt::format("no index covers the foreign key {} ({}): deleting or updating a "
                       "referenced row scans {}, and joins on the key cannot use an index",
                       key.table, columns, key.table),
           key.new_table
               ? fmt::format("CREATE INDEX ON {} ({}) in this migration", key.table, columns)
               : fmt::format("CREATE INDEX CONCURRENTLY ON {} ({}), in a migration of "
                             "its own (sleet runs it outside a transaction)",
                             key.table, columns),
           key.location, key.statement_start);
  }
  state.foreign_keys.clear();
}

void check_statement(const PgQuery__Node& statement, MigrationState& state, const Report& report) {
  check_enum_value_uses(statement, state, report);
  switch (statement.node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
      return check_create_table(*statement.create_stmt, state, report);
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
      return check_alter_table(*statement.alter_table_stmt, state, report);
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      return check_index(*statement.index_stmt, state, report);
    case PG_QUERY__NODE__NODE_DROP_STMT:
      return check_drop(*statement.drop_stmt, report);
    default:
      return check_other(statement, state, report);
  }
}

}  // namespace sleet::lint
