// Internal: the normalisation rules shared by the expression, query and schema normalisers.
#pragma once

#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sleet/normalize.h"
#include "sql/parse_tree.h"

namespace sleet::normalize {

// Applies the expression rules to every expression below `message` (not to `message` itself).
// The slots in `outputs` (select list entries) keep a cast that gives the output its type.
void rewrite_expressions_in(ProtobufCMessage* message, const ExpressionScope& scope,
                            const std::set<PgQuery__Node**>& outputs = {});

// `query` (a plain SELECT) with its first output columns renamed to `names`, as
// CREATE VIEW v (names) AS query stores it; empty when that cannot be expressed (SELECT *,
// UNION, fewer columns).
std::string with_output_names(std::string_view query, const std::vector<std::string>& names);

// A built-in type and the operator class each index method uses for it when none is written
// (nullptr: the method has no default for it).
struct DefaultOpclasses {
  const char* type;  // format_type's spelling without modifiers: "timestamp with time zone"
  const char* btree;
  const char* hash;
  const char* gin;
  const char* gist;
  const char* brin;
  const char* spgist;
};

// The built-in types the offline table knows (for the test against a server).
std::span<const DefaultOpclasses> builtin_default_opclasses();

// The operator class PostgreSQL uses for a key of `type` in an index using `method` when none
// is written; nullopt when the table does not know (a type of an extension, a method without a
// default for the type). `schema` says which user-defined types are enums.
std::optional<std::string> default_opclass(std::string_view method, const TypeName& type,
                                           const Schema& schema);

// The elements of a one-dimensional array literal ('{a,"b c"}') as array_in reads them;
// nullopt for anything else (nested or decorated arrays, NULL elements, escapes outside
// quotes), which is then left as written.
std::optional<std::vector<std::string>> array_literal_elements(std::string_view literal);

// `elements` as array_out prints them: {a,"b c"}, quoting only what needs it.
std::string array_literal(const std::vector<std::string>& elements);

// A bytea literal's text (hex `\xDEAD`, or escape format `ab\001`) as byteaout prints it:
// `\x` and lower-case hex digits; nullopt for input the server refuses.
std::optional<std::string> bytea_output(std::string_view input);

// A plain decimal number as float4out (`single_precision`) or float8out prints the value it
// reads as: '0.0000' is 0, '1e20' is 1e+20; nullopt when it is not a finite number.
std::optional<std::string> float_output(std::string_view number, bool single_precision);

}  // namespace sleet::normalize
