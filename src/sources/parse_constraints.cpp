// Table constraints (CHECK, PRIMARY KEY, UNIQUE, FOREIGN KEY; EXCLUDE in parse_exclusions.cpp)
// and their default names.
#include <fmt/format.h>

#include <algorithm>

#include "sleet/error.h"
#include "sources/parse_nodes.h"
#include "sources/parse_written.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

constexpr const char* kCustomMigrationHint =
    "put it in a custom migration (sleet generate --custom)";

// PostgreSQL names CHECK constraints while creating the table, then index-backed
// constraints, then foreign keys; collisions are resolved in that order.
int naming_order(PgQuery__ConstrType type) {
  switch (type) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
      return 0;
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
      return 1;
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
      return 2;
    default:
      return 3;
  }
}

std::string action_name(Context& context, const char* code) {
  switch (code[0]) {
    case 'r':
      return "restrict";
    case 'c':
      return "cascade";
    case 'n':
      return "set null";
    case 'd':
      return "set default";
    case 'a':
    case '\0':
      return "no action";
    default:
      context.fail(-1, fmt::format("unknown foreign key action '{}'", code));
  }
}

std::string match_name(const char* code) {
  if (code[0] == 'f') return "full";
  if (code[0] == 'p') return "partial";
  return "simple";
}

// The constraint's columns: its key list, else the column it was written on.
std::vector<std::string> key_columns(Context& context, const Table& table,
                                     const ConstraintSpec& spec, PgQuery__Node* const* keys,
                                     size_t count) {
  std::vector<std::string> columns = strings_of(keys, count);
  if (columns.empty() && !spec.column.empty()) columns.push_back(spec.column);
  for (const std::string& column : columns) {
    if (!find_column_or_inherited(context.schema, table, column)) {
      context.fail(spec.constraint->location,
                   fmt::format("column {} named in a constraint does not exist in table {}", column,
                               table.name.display()));
    }
  }
  return columns;
}

// Registers a constraint name on `table`; fails naming both places when the table has it.
}  // namespace

void claim_constraint_name(Context& context, const Table& table, const std::string& name,
                           const ConstraintSpec& spec) {
  std::string where = context.where(spec.constraint->location);
  auto earlier =
      context.names.add_object("constraint", table.name.display() + "." + name, where, false);
  if (earlier) {
    context.fail(spec.constraint->location,
                 fmt::format("constraint {} on table {} is defined twice: at {} and at {}", name,
                             table.name.display(), earlier->where, where),
                 "give one of them another name");
  }
  context.names.add_constraint(QualifiedName{table.name.schema, name});
}

namespace {

void note_ignored_index_options(Context& context, const PgQuery__Constraint& constraint) {
  if (constraint.n_including > 0)
    context.fail(constraint.location, "INCLUDE on a constraint is not supported yet",
                 "create a unique index with INCLUDE instead");
  if (constraint.n_options > 0)
    context.note(constraint.location, "index storage parameters ignored");
  if (constraint.indexspace[0] != '\0')
    context.note(constraint.location, "USING INDEX TABLESPACE ignored");
}

// NOT VALID only means something in ALTER TABLE ... ADD CONSTRAINT: a table being created
// has no rows, and the server marks such a constraint valid.
void note_ignored_not_valid(Context& context, const ConstraintSpec& spec) {
  if (spec.constraint->skip_validation && !spec.not_valid) {
    context.note(spec.constraint->location,
                 "NOT VALID has no effect here: the server creates the constraint valid "
                 "(only ALTER TABLE ... ADD CONSTRAINT ... NOT VALID leaves it unvalidated)");
  }
}

void add_check(Context& context, Table& table, const ConstraintSpec& spec) {
  const PgQuery__Constraint& constraint = *spec.constraint;
  CheckConstraint check;
  check.expression = parenthesized_as_written(context, *constraint.raw_expr);
  check.no_inherit = constraint.is_no_inherit;
  check.valid = !spec.not_valid;
  note_ignored_not_valid(context, spec);
  check.name = spec.name;
  if (check.name.empty()) {
    // Like the server: "<table>_<column>_check" when exactly one distinct column is used.
    std::vector<std::string> references = column_references(*constraint.raw_expr);
    std::sort(references.begin(), references.end());
    references.erase(std::unique(references.begin(), references.end()), references.end());
    check.name = context.names.choose_constraint_name(
        table.name.schema, table.name.name, references.size() == 1 ? references[0] : "", "check");
  }
  claim_constraint_name(context, table, check.name, spec);
  table.check_constraints.emplace(check.name, std::move(check));
}

void add_primary_key(Context& context, Table& table, const ConstraintSpec& spec) {
  const PgQuery__Constraint& constraint = *spec.constraint;
  if (table.primary_key) {
    context.fail(constraint.location,
                 fmt::format("table {} has more than one primary key", table.name.display()));
  }
  note_ignored_index_options(context, constraint);
  PrimaryKey key;
  key.deferrable = spec.deferrable;
  key.initially_deferred = spec.initially_deferred;
  key.columns = key_columns(context, table, spec, constraint.keys, constraint.n_keys);
  key.name = spec.name;
  if (key.name.empty())
    key.name =
        context.names.choose_relation_name(table.name.schema, table.name.name, "", "pkey", true);
  context.names.add_relation(QualifiedName{table.name.schema, key.name}, "primary key index",
                             context.where(constraint.location));
  claim_constraint_name(context, table, key.name, spec);
  // A primary key makes its columns NOT NULL, as PostgreSQL records them.
  // (A partition's inherited columns are its parent's: NOT NULL is theirs to say.)
  for (const std::string& column : key.columns)
    if (Column* own = table.find_column(column)) own->not_null = true;
  table.primary_key = std::move(key);
}

void add_unique(Context& context, Table& table, const ConstraintSpec& spec) {
  const PgQuery__Constraint& constraint = *spec.constraint;
  note_ignored_index_options(context, constraint);
  UniqueConstraint unique;
  unique.columns = key_columns(context, table, spec, constraint.keys, constraint.n_keys);
  unique.nulls_not_distinct = constraint.nulls_not_distinct;
  unique.deferrable = spec.deferrable;
  unique.initially_deferred = spec.initially_deferred;
  unique.name = spec.name;
  if (unique.name.empty()) {
    unique.name = context.names.choose_relation_name(table.name.schema, table.name.name,
                                                     name_addition(unique.columns), "key", true);
  }
  context.names.add_relation(QualifiedName{table.name.schema, unique.name}, "unique index",
                             context.where(constraint.location));
  claim_constraint_name(context, table, unique.name, spec);
  table.unique_constraints.emplace(unique.name, std::move(unique));
}

void add_foreign_key(Context& context, Table& table, const ConstraintSpec& spec) {
  const PgQuery__Constraint& constraint = *spec.constraint;
  if (constraint.n_fk_del_set_cols > 0)
    context.fail(constraint.location, "ON DELETE SET NULL/DEFAULT (columns) is not supported yet");
  note_ignored_not_valid(context, spec);
  ForeignKey key;
  key.valid = !spec.not_valid;
  key.columns = key_columns(context, table, spec, constraint.fk_attrs, constraint.n_fk_attrs);
  key.references = context.new_name(*constraint.pktable);
  key.referenced_columns = strings_of(constraint.pk_attrs, constraint.n_pk_attrs);
  key.on_delete = action_name(context, constraint.fk_del_action);
  key.on_update = action_name(context, constraint.fk_upd_action);
  key.match = match_name(constraint.fk_matchtype);
  key.deferrable = spec.deferrable;
  key.initially_deferred = spec.initially_deferred;
  key.name = spec.name;
  if (key.name.empty()) {
    key.name = context.names.choose_constraint_name(table.name.schema, table.name.name,
                                                    name_addition(key.columns), "fkey");
  }
  claim_constraint_name(context, table, key.name, spec);
  context.references.push_back(PendingReference{table.name, key.name,
                                                constraint.pktable->schemaname[0] == '\0',
                                                context.where(constraint.location)});
  table.foreign_keys.emplace(key.name, std::move(key));
}

bool is_index_backed(const ConstraintSpec& spec) {
  return spec.constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
         spec.constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE;
}

std::vector<std::string> written_columns(const ConstraintSpec& spec) {
  std::vector<std::string> columns = strings_of(spec.constraint->keys, spec.constraint->n_keys);
  if (columns.empty() && !spec.column.empty()) columns.push_back(spec.column);
  return columns;
}

// transformIndexConstraints: an index-backed constraint equal to an earlier one (the
// primary key comes first) is dropped, handing its name over when the earlier has none.
void merge_repeated_keys(std::vector<ConstraintSpec>& specs) {
  std::vector<ConstraintSpec> kept;
  for (ConstraintSpec& spec : specs) {
    auto same = std::find_if(kept.begin(), kept.end(), [&](const ConstraintSpec& earlier) {
      return is_index_backed(spec) && is_index_backed(earlier) &&
             written_columns(earlier) == written_columns(spec) &&
             earlier.constraint->nulls_not_distinct == spec.constraint->nulls_not_distinct &&
             earlier.deferrable == spec.deferrable &&
             earlier.initially_deferred == spec.initially_deferred;
    });
    if (same == kept.end()) {
      kept.push_back(spec);
    } else if (same->name.empty()) {
      same->name = spec.name;
    }
  }
  specs = std::move(kept);
}

}  // namespace

ConstraintSpec make_constraint_spec(const PgQuery__Constraint& constraint,
                                    const std::string& column) {
  return ConstraintSpec{&constraint, column, constraint.conname, constraint.deferrable != 0,
                        constraint.initdeferred != 0};
}

void add_constraints(Context& context, Table& table, std::vector<ConstraintSpec> specs) {
  std::stable_sort(specs.begin(), specs.end(), [](const auto& a, const auto& b) {
    return naming_order(a.constraint->contype) < naming_order(b.constraint->contype);
  });
  merge_repeated_keys(specs);
  for (const ConstraintSpec& spec : specs) {
    switch (spec.constraint->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        add_check(context, table, spec);
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
        add_primary_key(context, table, spec);
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
        add_unique(context, table, spec);
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        add_foreign_key(context, table, spec);
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
        add_exclusion(context, table, spec);
        break;
      default:
        context.fail(spec.constraint->location, "this constraint is not supported here");
    }
  }
}

void resolve_references(Context& context) {
  Schema& schema = context.schema;
  for (const PendingReference& pending : context.references) {
    ForeignKey& key = schema.tables.at(pending.table).foreign_keys.at(pending.constraint);
    QualifiedName in_public{"public", key.references.name};
    if (pending.unqualified && !schema.tables.contains(key.references) &&
        schema.tables.contains(in_public))
      key.references = in_public;
    auto it = schema.tables.find(key.references);
    if (it == schema.tables.end()) {
      throw Error(ErrorKind::Usage,
                  fmt::format("table {} referenced by foreign key {} does not exist",
                              key.references.display(), key.name),
                  pending.where, "create the referenced table in one of the schema files");
    }
    const Table& referenced = it->second;
    if (key.referenced_columns.empty()) {
      if (!referenced.primary_key) {
        throw Error(ErrorKind::Usage,
                    fmt::format("table {} has no primary key for foreign key {} to reference",
                                referenced.name.display(), key.name),
                    pending.where, "name the referenced columns: REFERENCES t (column)");
      }
      key.referenced_columns = referenced.primary_key->columns;
    }
    for (const std::string& column : key.referenced_columns) {
      // A column the referenced table inherits may be referenced too (its own key on it).
      if (!find_column_or_inherited(schema, referenced, column)) {
        throw Error(ErrorKind::Usage,
                    fmt::format("column {} referenced by foreign key {} does not exist in {}",
                                column, key.name, referenced.name.display()),
                    pending.where);
      }
    }
    if (key.referenced_columns.size() != key.columns.size()) {
      throw Error(ErrorKind::Usage,
                  fmt::format("foreign key {} has {} columns but references {}", key.name,
                              key.columns.size(), key.referenced_columns.size()),
                  pending.where);
    }
  }
}

}  // namespace sleet::sources
