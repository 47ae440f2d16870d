// Following a rename into the SQL text that names the renamed object: view bodies, rules,
// checks, defaults, policies, index expressions, trigger WHEN conditions. PostgreSQL keeps
// these as parse trees that refer to objects by oid, so after ALTER ... RENAME its catalog
// prints the new name; these functions give the model's texts the same rewrite, on
// libpg_query's parse trees (the texts are parsed, the references rewritten, then deparsed).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sleet/model.h"

namespace sleet::sql {

// One confirmed rename, as the diff applies it.
struct RenamedObject {
  enum class Kind {
    Schema,    // old_name.schema → new_name.schema: everything qualified by it
    Relation,  // a table, view or sequence: FROM items, qualifiers, 'name'::regclass literals
    Column,    // old_column → new_column of the table old_name (== new_name)
    Type,      // an enum, domain, composite or range type: casts and other type names
  };
  Kind kind = Kind::Relation;
  QualifiedName old_name;
  QualifiedName new_name;
  std::string old_column;
  std::string new_column;
};

// Where a text sits, which decides what its unqualified names mean.
struct ReferenceContext {
  // The schema before the rename: the columns of the tables (and views) the text reads, so an
  // unqualified column is resolved as the server resolved it. Required.
  const Schema* schema = nullptr;
  // The table (or view) whose expression this is (a check, default, index, policy, trigger
  // WHEN, rule): its columns are in scope unqualified and qualified by its name.
  std::optional<QualifiedName> owner;
  // A trigger's WHEN or a rule: NEW and OLD name rows of `owner`.
  bool new_and_old_rows = false;
};

// `expression` (one SQL expression, canonical text) with every reference to the renamed
// object rewritten; `expression` itself when nothing refers to it or it does not parse.
std::string rename_references_in_expression(std::string_view expression,
                                            const RenamedObject& renamed,
                                            const ReferenceContext& context);

// The same for one statement (a view body, a rule action). A select-list column that the
// rename reaches keeps its output name (`SELECT t.b AS a` after a is renamed b), as the
// server keeps the view's column names.
std::string rename_references_in_statement(std::string_view statement, const RenamedObject& renamed,
                                           const ReferenceContext& context);

}  // namespace sleet::sql
