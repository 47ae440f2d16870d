// Internal: the normalisation rules shared by the expression and query normalisers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sleet/normalize.h"
#include "sql/parse_tree.h"

namespace sleet::normalize {

// Applies the expression rules to every expression below `message` (not to `message` itself).
void rewrite_expressions_in(ProtobufCMessage* message, const ExpressionScope& scope);

// `query` (a plain SELECT) with its first output columns renamed to `names`, as
// CREATE VIEW v (names) AS query stores it; empty when that cannot be expressed (SELECT *,
// UNION, fewer columns).
std::string with_output_names(std::string_view query, const std::vector<std::string>& names);

}  // namespace sleet::normalize
