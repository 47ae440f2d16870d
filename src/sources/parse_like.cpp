// CREATE TABLE ... (LIKE source [INCLUDING ... | EXCLUDING ...]): what PostgreSQL copies from
// the source table, under the names the server chooses for the new table. The driver
// (schema_parser.cpp) creates such a table once its source holds everything the files give it.
#include <fmt/format.h>

#include "sleet/error.h"
#include "sleet/index_names.h"
#include "sleet/sql.h"
#include "sql/nextval_default.h"
#include "sources/object_names.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

// PostgreSQL's TableLikeOption bits (nodes/parsenodes.h), which libpg_query passes through.
constexpr uint32_t kComments = 1u << 0;
constexpr uint32_t kCompression = 1u << 1;
constexpr uint32_t kConstraints = 1u << 2;
constexpr uint32_t kDefaults = 1u << 3;
constexpr uint32_t kGenerated = 1u << 4;
constexpr uint32_t kIdentity = 1u << 5;
constexpr uint32_t kIndexes = 1u << 6;
constexpr uint32_t kStorage = 1u << 8;

// The default a serial column's copy keeps: a call of the source's sequence.
Expression serial_default(const Table& source, const Column& column) {
  return sql::nextval_default(serial_sequence(source.name, column));
}

Column copied_column(Context& context, const Table& table, const Table& source, Column column,
                     uint32_t options, int location) {
  if (column.serial != Serial::None) {
    if (options & kDefaults) column.default_value = serial_default(source, column);
    column.serial = Serial::None;
    column.serial_sequence_name.reset();
  }
  if (!(options & kDefaults)) column.default_value.reset();
  if (!(options & kGenerated)) column.generated.reset();
  if (column.identity && (options & kIdentity)) {
    // A sequence of its own, named for the new table, with the source's options.
    column.identity->sequence = QualifiedName{
        table.name.schema, context.names.choose_relation_name(table.name.schema, table.name.name,
                                                              column.name, "seq", false)};
    context.names.add_relation(column.identity->sequence, "sequence", context.where(location));
  } else {
    column.identity.reset();
  }
  if (!(options & kComments)) column.comment.reset();
  // The statistics target and options are never copied; storage and compression on request.
  column.statistics = -1;
  column.options.clear();
  if (!(options & kStorage)) column.storage.clear();
  if (!(options & kCompression)) column.compression.clear();
  return column;
}

void claim_copied_constraint(Context& context, const Table& table, const std::string& name,
                             int location) {
  std::string where = context.where(location);
  auto earlier =
      context.names.add_object("constraint", table.name.display() + "." + name, where, false);
  if (earlier) {
    context.fail(location,
                 fmt::format("constraint {} on table {} is defined twice: at {} and by this LIKE",
                             name, table.name.display(), earlier->where),
                 "rename the constraint in the source table or in this one");
  }
  context.names.add_constraint(QualifiedName{table.name.schema, name});
}

void copy_checks(Context& context, Table& table, const Table& source, uint32_t options,
                 int location) {
  for (const auto& [name, source_check] : source.check_constraints) {
    CheckConstraint check = source_check;
    check.valid = true;  // the server validates the copy on its empty table
    if (!(options & kComments)) check.comment.reset();
    claim_copied_constraint(context, table, name, location);
    table.check_constraints.emplace(name, std::move(check));
  }
}

void copy_key_constraints(Context& context, Table& table, const Table& source, int location) {
  const std::string& schema = table.name.schema;
  auto taken = [&](const std::string& name) {
    return context.names.has_relation(QualifiedName{schema, name});
  };
  if (source.primary_key) {
    if (table.primary_key) {
      context.fail(location,
                   fmt::format("table {} would have two primary keys: its own and {}'s",
                               table.name.display(), source.name.display()),
                   "leave INCLUDING INDEXES out, or drop one of the keys");
    }
    PrimaryKey key;
    key.columns = source.primary_key->columns;
    key.deferrable = source.primary_key->deferrable;
    key.initially_deferred = source.primary_key->initially_deferred;
    key.name = context.names.choose_relation_name(schema, table.name.name, "", "pkey", true);
    context.names.add_relation(QualifiedName{schema, key.name}, "primary key index",
                               context.where(location));
    claim_copied_constraint(context, table, key.name, location);
    table.primary_key = std::move(key);
  }
  for (const auto& [name, source_unique] : source.unique_constraints) {
    UniqueConstraint unique = source_unique;
    unique.comment.reset();  // a comment on the constraint is not the index's, which LIKE copies
    unique.name = context.names.choose_relation_name(schema, table.name.name,
                                                     name_addition(unique.columns), "key", true);
    context.names.add_relation(QualifiedName{schema, unique.name}, "unique index",
                               context.where(location));
    claim_copied_constraint(context, table, unique.name, location);
    table.unique_constraints.emplace(unique.name, std::move(unique));
  }
  for (const auto& [name, source_exclusion] : source.exclusion_constraints) {
    ExclusionConstraint exclusion = source_exclusion;
    exclusion.comment.reset();
    Index shape;
    shape.elements = exclusion.elements;
    shape.include = exclusion.include;
    exclusion.name = choose_index_name(table.name.name, shape, "excl", taken);
    context.names.add_relation(QualifiedName{schema, exclusion.name}, "exclusion index",
                               context.where(location));
    claim_copied_constraint(context, table, exclusion.name, location);
    table.exclusion_constraints.emplace(exclusion.name, std::move(exclusion));
  }
}

void copy_indexes(Context& context, Table& table, const Table& source, uint32_t options,
                  int location) {
  const std::string& schema = table.name.schema;
  auto taken = [&](const std::string& name) {
    return context.names.has_relation(QualifiedName{schema, name});
  };
  for (const auto& [name, source_index] : source.indexes) {
    Index index = source_index;
    index.concurrently = false;
    index.valid = true;
    if (!(options & kComments)) index.comment.reset();
    index.name = choose_index_name(table.name.name, index, "idx", taken);
    context.names.add_relation(QualifiedName{schema, index.name}, "index", context.where(location));
    table.indexes.emplace(index.name, std::move(index));
  }
}

}  // namespace

LikeCopy read_like_clause(Context& context, Table& table, const PgQuery__TableLikeClause& clause) {
  const Table& source = context.table(*clause.relation);
  int location = clause.relation->location;
  if (source.partition_of || !source.inherits.empty()) {
    context.fail(location,
                 fmt::format("LIKE {}: copying a partition or an inheriting table is not "
                             "supported yet (its inherited columns are its parent's)",
                             source.name.display()),
                 "write the columns out, or copy the parent table");
  }
  LikeCopy copy{source, clause.options, location};
  for (const Column& column : source.columns) {
    if (table.find_column(column.name)) {
      context.fail(location, fmt::format("column {} of table {} is declared twice (LIKE {})",
                                         column.name, table.name.display(), source.name.display()));
    }
    table.columns.push_back(
        copied_column(context, table, source, column, clause.options, location));
  }
  return copy;
}

void copy_like_members(Context& context, Table& table, const std::vector<LikeCopy>& copies) {
  for (const LikeCopy& copy : copies) {
    if (copy.options & kConstraints)
      copy_checks(context, table, copy.source, copy.options, copy.location);
  }
  for (const LikeCopy& copy : copies) {
    if (!(copy.options & kIndexes)) continue;
    copy_key_constraints(context, table, copy.source, copy.location);
    copy_indexes(context, table, copy.source, copy.options, copy.location);
  }
}

bool has_like_clause(const PgQuery__CreateStmt& statement) {
  for (size_t i = 0; i < statement.n_table_elts; ++i) {
    if (statement.table_elts[i]->node_case == PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE) return true;
  }
  return false;
}

}  // namespace sleet::sources
