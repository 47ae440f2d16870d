// Internal: small readers over libpg_query parse-tree nodes (names, constants, options).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sleet/model.h"
#include "sql/parse_tree.h"

namespace sleet::sources {

// The text of a String node (or of a string/integer constant); empty for anything else.
std::string string_of(const PgQuery__Node* node);

// The strings of a node list, e.g. a qualified name or a column list.
std::vector<std::string> strings_of(PgQuery__Node* const* items, size_t count);

// An integer from an Integer, Float, A_Const or numeric String node.
std::optional<int64_t> integer_of(const PgQuery__Node* node);

// A DefElem's boolean value; a missing argument means true (CREATEDB, CYCLE).
bool boolean_of(const PgQuery__DefElem& option);

// A DefElem's value as text, for storage parameters: fillfactor=70 gives "70".
std::string option_text(const PgQuery__DefElem& option);

// Expression{text, canonical} of an expression node, both the deparsed canonical text.
Expression expression_of(const PgQuery__Node& node);

// Whether `node` is a NULL constant, possibly cast (NULL::text).
bool is_null_constant(const PgQuery__Node& node);

// Calls `visit` for `node` and every message below it.
void visit_tree(const ProtobufCMessage* node,
                const std::function<void(const ProtobufCMessage&)>& visit);

// The column names referenced by an expression, one entry per reference.
std::vector<std::string> column_references(const PgQuery__Node& expression);

// A node's own `location` (a byte offset in the script) when it has one, else -1.
int location_of(const PgQuery__Node* node);

// The name of a node's kind as libpg_query spells it, e.g. "CreateFunctionStmt".
std::string node_kind_name(const PgQuery__Node& node);

// The name an index expression gives its column in a default index name (FigureColname: a
// function's name, a cast's type, ...; "expr" when nothing fits). index_names.cpp.
std::string index_expression_name(const PgQuery__Node* expression);

}  // namespace sleet::sources
