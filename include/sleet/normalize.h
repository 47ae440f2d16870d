// Offline normalisation of expressions: the rules that make an expression as a person wrote
// it and the same expression as the catalog prints it (pg_get_expr, pg_get_viewdef) compare
// equal. Both the schema parser and the database inspector run them, so the two sources agree
// by construction. docs/inspect.md lists every rule. The server-side normalisation (create
// the objects in a rolled-back transaction and read the catalog back) is
// sleet::normalize_with_server in sleet/push.h.
#pragma once

#include <string>
#include <string_view>

#include "sleet/model.h"

namespace sleet::normalize {

// What an expression is evaluated against. Every member is optional; a rule that needs one
// that is missing does not apply.
struct ExpressionScope {
  const Schema* schema = nullptr;         // enum types: casts of literals to them are implicit
  const Table* table = nullptr;           // column types: varchar columns read as text
  const TypeName* result_type = nullptr;  // a column default's type: a cast to it is implicit
  // The expression reads only `table`'s row (a check, a generated column, an index key or
  // predicate): a column qualified with the table's name ("t"."c", "s"."t"."c", as drizzle-kit
  // writes them) is the column itself, which the catalog prints unqualified.
  bool reads_only_table = false;
};

// The canonical text of `expression` (as sql::canonical_expression gives it) with the rules
// applied: casts the server adds implicitly are removed, BETWEEN and IN lists are spelled as
// the server stores them. The result is valid SQL meaning the same as the input, and
// normalizing it again gives it back. Throws sleet::Error (Usage) when `expression` does not
// parse as one expression.
std::string normalize_expression(std::string_view expression, const ExpressionScope& scope = {});

// The canonical text of a view body with the expression rules applied, plus: in a query that
// reads a single relation, column references lose their relation qualifier, and an output
// alias equal to the name PostgreSQL would derive is dropped. `schema` supplies enums and the
// relation's column types. Throws sleet::Error (Usage) when `query` is not one query.
std::string normalize_query(std::string_view query, const Schema& schema);

// Whether `expression` is a NULL constant, cast or not (NULL::text). A column's DEFAULT NULL is
// modelled as the server stores it (sources/parse_null_default.cpp), not through this.
bool is_null_constant(std::string_view expression);

// Applies the rules to every expression of `schema` in place, replacing each
// Expression::canonical (Expression::text is kept as written): column defaults and generated
// columns, checks, index expressions and predicates, policy expressions, view bodies. Also
// drops a materialized view's access method when it is "heap", an extension's schema when it
// is "public" (the defaults), an index key's operator class when it is the default for the
// key's type and method, and folds index storage parameter names to lower case.
// Idempotent. Text that is not one expression (or query) is left as it is: drizzle-kit
// snapshots may hold SQL fragments, which then compare as written.
void normalize_schema(Schema& schema);

}  // namespace sleet::normalize
