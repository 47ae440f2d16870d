// CREATE TABLE t (LIKE source [INCLUDING ... | EXCLUDING ...]): the source's columns copied
// into t where the clause stands, and what its options name copied after t's own constraints,
// as the server's transformTableLikeClause and expandTableLikeClause copy them:
// - always: each column's name, type, collation and NOT NULL;
// - DEFAULTS: column defaults (a serial's default names the source's sequence, which stays
//   the source's); GENERATED: generation expressions (else the column is a plain one);
//   IDENTITY: identity columns, with the source sequence's options and a sequence of t's own;
// - CONSTRAINTS: check constraints under their own names (never foreign keys);
// - INDEXES: the primary key, unique and exclusion constraints and plain indexes, under the
//   names the server chooses for t (<t>_pkey, <t>_<columns>_key, _excl, _idx);
// - COMMENTS: the comments of the copied columns, checks and plain indexes.
// COMPRESSION, STATISTICS and STORAGE copy what the model does not hold.
#include <fmt/format.h>

#include "sleet/error.h"
#include "sleet/sql.h"
#include "sources/object_names.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

// PostgreSQL 15's TableLikeOption bits.
enum : uint32_t {
  kLikeComments = 1u << 0,
  kLikeConstraints = 1u << 2,
  kLikeDefaults = 1u << 3,
  kLikeGenerated = 1u << 4,
  kLikeIdentity = 1u << 5,
  kLikeIndexes = 1u << 6,
};

const Table& like_source(Context& context, const Table& table, const PgQuery__RangeVar& relation) {
  QualifiedName name = context.resolve(relation.schemaname, relation.relname, [&](auto& q) {
    return context.schema.tables.contains(q) || context.schema.views.contains(q);
  });
  if (context.schema.views.contains(name)) {
    context.fail(relation.location,
                 fmt::format("LIKE {}: copying the columns of a view is not supported yet",
                             name.display()),
                 "write the columns out");
  }
  auto found = context.schema.tables.find(name);
  if (found == context.schema.tables.end()) {
    context.fail(relation.location,
                 fmt::format("table {} (in LIKE of {}) does not exist", name.display(),
                             table.name.display()),
                 "declare the table LIKE copies before the table that copies it (earlier in the "
                 "file, or in a file that sorts first)");
  }
  const Table& source = found->second;
  if (source.partition_of || !source.inherits.empty()) {
    context.fail(relation.location,
                 fmt::format("LIKE {}: copying a partition or an inheriting table (whose columns "
                             "are partly its parents') is not supported yet",
                             name.display()),
                 "copy the parent table, or write the columns out");
  }
  return source;
}

// The column names of an index's keys and INCLUDE columns, for its default name; nullopt when
// a key is an expression (the server names it after the expression's function or "expr").
std::optional<std::vector<std::string>> plain_columns(const std::vector<IndexElement>& elements,
                                                      const std::vector<std::string>& include) {
  std::vector<std::string> names;
  for (const IndexElement& element : elements) {
    if (element.column.empty()) return std::nullopt;
    names.push_back(element.column);
  }
  names.insert(names.end(), include.begin(), include.end());
  return names;
}

[[noreturn]] void refuse_expression_index(Context& context, const PgQuery__TableLikeClause& like,
                                          const Table& source, const std::string& index) {
  context.fail(like.relation->location,
               fmt::format("LIKE {} INCLUDING INDEXES: index {} has an expression key, whose "
                           "copy's name sleet cannot choose as the server does yet",
                           source.name.display(), index),
               "write the copied indexes out after the table (CREATE INDEX ... ON the new table)");
}

}  // namespace

void apply_like_columns(Context& context, Table& table, const PgQuery__TableLikeClause& like) {
  const Table& source = like_source(context, table, *like.relation);
  const uint32_t options = like.options;
  for (const Column& from : source.columns) {
    if (table.find_column(from.name)) {
      context.fail(like.relation->location,
                   fmt::format("column {} of table {} is declared twice (once by LIKE {})",
                               from.name, table.name.display(), source.name.display()));
    }
    Column column;
    column.name = from.name;
    column.type = from.type;
    column.collation = from.collation;
    column.not_null = from.not_null;
    if ((options & kLikeDefaults) && from.default_value) column.default_value = from.default_value;
    if ((options & kLikeDefaults) && from.serial != Serial::None) {
      QualifiedName sequence = from.serial_sequence_name.value_or(serial_sequence(source.name, from));
      std::string text = fmt::format("nextval('{}'::regclass)", sequence.display());
      column.default_value = Expression{text, sql::canonical_expression(text)};
    }
    if ((options & kLikeGenerated) && from.generated) column.generated = from.generated;
    if ((options & kLikeIdentity) && from.identity) {
      Identity identity = *from.identity;
      // The server copies the source sequence's options but not its type: the copy's sequence
      // is a bigint one, with the source's bounds (PostgreSQL 15).
      identity.options.data_type = "bigint";
      identity.sequence = QualifiedName{
          table.name.schema, context.names.choose_relation_name(table.name.schema,
                                                                table.name.name, column.name,
                                                                "seq", false)};
      context.names.add_relation(identity.sequence, "sequence",
                                 context.where(like.relation->location));
      column.identity = identity;
    }
    if (options & kLikeComments) column.comment = from.comment;
    table.columns.push_back(std::move(column));
  }
}

void apply_like_constraints(Context& context, Table& table, const PgQuery__TableLikeClause& like) {
  const Table& source = like_source(context, table, *like.relation);
  const uint32_t options = like.options;
  const std::string where = context.where(like.relation->location);
  const std::string& schema = table.name.schema;
  if (options & kLikeConstraints) {
    for (const auto& [name, from] : source.check_constraints) {
      if (table.check_constraints.contains(name)) {
        context.fail(like.relation->location,
                     fmt::format("check constraint {} of table {} is declared twice (once by "
                                 "LIKE {})",
                                 name, table.name.display(), source.name.display()));
      }
      CheckConstraint check = from;
      if (!(options & kLikeComments)) check.comment.reset();
      context.names.add_constraint(QualifiedName{schema, name});
      table.check_constraints.emplace(name, std::move(check));
    }
  }
  if (!(options & kLikeIndexes)) return;
  if (source.primary_key) {
    if (table.primary_key) {
      context.fail(like.relation->location,
                   fmt::format("table {} has more than one primary key (one copied by LIKE {})",
                               table.name.display(), source.name.display()));
    }
    PrimaryKey key = *source.primary_key;
    key.name = context.names.choose_relation_name(schema, table.name.name, "", "pkey", true);
    key.comment.reset();
    key.unnamed = false;
    context.names.add_relation(QualifiedName{schema, key.name}, "primary key index", where);
    for (const std::string& column : key.columns)
      if (Column* own = table.find_column(column)) own->not_null = true;
    table.primary_key = std::move(key);
  }
  for (const auto& [name, from] : source.unique_constraints) {
    UniqueConstraint unique = from;
    unique.name = context.names.choose_relation_name(schema, table.name.name,
                                                     name_addition(unique.columns), "key", true);
    unique.comment.reset();
    context.names.add_relation(QualifiedName{schema, unique.name}, "unique index", where);
    table.unique_constraints.emplace(unique.name, std::move(unique));
  }
  for (const auto& [name, from] : source.exclusion_constraints) {
    auto columns = plain_columns(from.elements, from.include);
    if (!columns) refuse_expression_index(context, like, source, name);
    ExclusionConstraint exclusion = from;
    exclusion.name =
        context.names.choose_relation_name(schema, table.name.name, name_addition(*columns),
                                           "excl", true);
    exclusion.comment.reset();
    context.names.add_relation(QualifiedName{schema, exclusion.name}, "exclusion index", where);
    table.exclusion_constraints.emplace(exclusion.name, std::move(exclusion));
  }
  for (const auto& [name, from] : source.indexes) {
    auto columns = plain_columns(from.elements, from.include);
    if (!columns) refuse_expression_index(context, like, source, name);
    Index index = from;
    index.name = context.names.choose_relation_name(schema, table.name.name,
                                                    name_addition(*columns), "idx", false);
    if (!(options & kLikeComments)) index.comment.reset();
    context.names.add_relation(QualifiedName{schema, index.name}, "index", where);
    table.indexes.emplace(index.name, std::move(index));
  }
}

}  // namespace sleet::sources
