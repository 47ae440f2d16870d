// Internal: expressions kept as the schema file spells them (Expression::text), beside their
// canonical form. drizzle-kit 1.0 compares a check, a policy's USING / WITH CHECK, a generated
// column and an index key or WHERE byte for byte as its TypeScript spells them, and the SQL it
// exports prints that text unchanged: a v3 snapshot must hold the same bytes. The parse tree
// records only start positions, so the scanner's tokens delimit each clause.
#pragma once

#include "sleet/model.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

// `node`, an expression written between the parentheses that follow CHECK, AS (GENERATED
// ALWAYS AS), USING or WITH CHECK in the current statement: its text between them, and its
// canonical form. The canonical text stands for both when the parentheses are not found.
Expression parenthesized_as_written(const Context& context, const PgQuery__Node& node);

// `node`, an index key expression (IndexElem.expr) of the current CREATE INDEX: a function
// call as written ("lower(\"name\")"), or the text inside the parentheses of "(a + b)".
Expression index_key_as_written(const Context& context, const PgQuery__Node& node);

// `node`, the WHERE predicate of the current CREATE INDEX: the text after WHERE up to the end
// of the statement, one pair of parentheses around all of it left out.
Expression predicate_as_written(const Context& context, const PgQuery__Node& node);

// `node`, a column's DEFAULT expression in the current statement (a column definition, or ALTER
// COLUMN ... SET DEFAULT): its text from after DEFAULT to where the column's next clause, the
// next column or the statement's end begins (drizzle-kit 1.0 keeps a default's SQL as its
// TypeScript writes it). The canonical text stands for both when that text is not the
// expression the parser read.
Expression default_as_written(const Context& context, const PgQuery__Node& node);

}  // namespace sleet::sources
