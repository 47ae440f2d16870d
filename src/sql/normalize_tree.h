// Internal: rewriting libpg_query parse trees in place, for the normalisation rules.
#pragma once

#include <functional>
#include <string>

#include "sql/parse_tree.h"

namespace sleet::sql {

// Calls `rewrite` on every Node slot below `message`, children before their parent, so a
// rule sees sub-expressions already rewritten. The slot may be replaced: a replacement must
// be allocated as protobuf-c unpacking allocates (see parse_expression_node) and the old node
// released with free_node.
void rewrite_nodes(ProtobufCMessage* message, const std::function<void(PgQuery__Node*&)>& rewrite);

// The expression `text` as a freshly allocated node tree; the caller owns it (free_node).
// Throws sleet::Error (Usage) when `text` is not one expression.
PgQuery__Node* parse_expression_node(const std::string& text);

// Releases a node tree allocated by protobuf-c (nullptr is fine).
void free_node(PgQuery__Node* node);

// A copy of `text` in memory protobuf-c may free, for string fields of rewritten nodes.
char* allocate_string(const std::string& text);

// Drops the first `count` fields of a column reference: "t"."c" becomes "c".
void drop_leading_fields(PgQuery__ColumnRef& ref, size_t count);

}  // namespace sleet::sql
