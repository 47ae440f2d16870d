// SQL text utilities over libpg_query (the PostgreSQL server's own parser): quoting,
// canonical expression text, and statement splitting with positions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sleet::sql {

// Always double-quotes `identifier`, doubling embedded quotes: "user", "Mixed""Case".
std::string quote_identifier(std::string_view identifier);

// `identifier` quoted only when PostgreSQL would need it (upper case, special characters,
// keywords): users, "Users", "select".
std::string quote_identifier_if_needed(std::string_view identifier);

// A standard-conforming string literal: 'it''s'.
std::string quote_literal(std::string_view value);

// A text[] value for a query parameter ("{a,\"b c\"}"), as array_out prints it: elements
// double-quoted where array_in needs it, " and \ escaped. Pass it as $n and cast it:
// `= any($1::text[])`.
std::string text_array_parameter(const std::vector<std::string>& values);

// The canonical text of one SQL expression, as libpg_query's deparser prints it, so that
// `now( )`, `NOW()` and `now()` all give `now()`. Throws sleet::Error (Usage) naming the
// position inside `expression` when it does not parse as a single expression.
std::string canonical_expression(std::string_view expression);
// The same for a comma-separated list of expressions ("1, 'x'::text"), each in its canonical
// text; throws as canonical_expression does.
std::vector<std::string> canonical_expression_list(std::string_view expressions);

// The canonical text of a query (a view body): the deparsed SELECT/VALUES statement.
std::string canonical_query(std::string_view query);

// The format_type() spelling of a type written in SQL: "int4" and "INT" give "integer",
// "varchar(10)" gives "character varying(10)", "timestamptz(3)[]" gives "timestamp(3) with
// time zone[]". Names that are not built-in types (enums, extension types) come back as
// written, quoted only where needed. Throws sleet::Error (Usage) when `type` is not a type.
std::string canonical_type_name(std::string_view type);

// One statement of a script: its text and where it starts in the script.
struct StatementText {
  std::string text;  // without the terminating semicolon
  int offset = 0;    // byte offset of the statement's first character in the script
  int line = 1;      // 1-based line of that character
  int column = 1;    // 1-based column (characters, as line_and_column counts) of it
};

// Splits a script into statements with the server parser (so semicolons inside strings,
// dollar quotes and comments are handled). Throws sleet::Error (Usage) with the line and
// column of a syntax error; `file` is used only in that message.
std::vector<StatementText> split_statements(std::string_view script, const std::string& file);

// Whether `name` (a function's unqualified name, lower case) is one of the volatile
// functions column defaults call (random, gen_random_uuid, uuid_generate_v4, uuidv7,
// clock_timestamp, nextval, ...): a default calling one gives each row its own value, so
// adding the column rewrites the table. Stable functions such as now() are not listed.
bool is_volatile_function(std::string_view name);

// Whether the expression `expression` calls a volatile function (is_volatile_function)
// anywhere, cast or nested. False when it does not parse (the server reports that).
bool calls_volatile_function(std::string_view expression);

// Whether `statement` is a DO block in PL/pgSQL whose body runs COMMIT or ROLLBACK (a batched
// backfill), read with libpg_query's PL/pgSQL parser: the server runs it only outside a
// transaction block. False for anything else, and for a body that does not parse.
bool commits_inside(std::string_view statement);

}  // namespace sleet::sql

namespace sleet::sql {

// Every table or view a query reads (FROM, JOIN, sub-queries), as written: schema may be
// empty when the query does not qualify the name. Throws sleet::Error (Usage) on a syntax
// error. Common table expression names are not included.
std::vector<std::pair<std::string, std::string>> referenced_relations(std::string_view query);
// Every table a statement names, read or acted on (the table of an ALTER TABLE or CREATE
// INDEX too), as written. Throws sleet::Error (Usage) on a syntax error.
std::vector<std::pair<std::string, std::string>> named_relations(std::string_view statement);
// Every function the statements of `sql` call (FuncCall nodes: in expressions, FROM, sub-
// queries), as written: schema empty when the call does not qualify the name. Operators and
// casts are not calls. Throws sleet::Error (Usage) on a syntax error.
std::vector<std::pair<std::string, std::string>> called_functions(std::string_view sql);
// The relations whose row or column types the variables of a PL/pgSQL function are declared
// with (`r t;`, `r t%ROWTYPE;`, `v t.c%TYPE;`, `a t[];`), as (schema, possibly empty; name),
// unquoted names folded to lower case; `create_function` is the whole CREATE FUNCTION
// statement, read by the server's PL/pgSQL parser. Built-in type names come back too (the
// caller keeps the names of relations it knows). Empty when it does not parse.
std::vector<std::pair<std::string, std::string>> plpgsql_declared_relations(
    std::string_view create_function);

}  // namespace sleet::sql
