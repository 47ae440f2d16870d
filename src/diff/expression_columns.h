// Internal: column references inside canonical expressions (checks, index expressions,
// predicates, generated columns, policies), read with the server's parser.
#pragma once

#include <string>

namespace sleet::diff_detail {

// `canonical` with every column reference whose last name part is `old_name` renamed to
// `new_name`, deparsed again. Returns `canonical` unchanged when it does not parse or has
// no such reference. References are matched by name only (no scope analysis), which is
// exact for the single-table expressions PostgreSQL allows in constraints and indexes.
std::string rename_column_in_expression(const std::string& canonical, const std::string& old_name,
                                        const std::string& new_name);

// Whether `canonical` references a column named `column` (last name part). Unparsable text
// counts as a reference, so callers err on the side of recreating dependents.
bool expression_mentions_column(const std::string& canonical, const std::string& column);

}  // namespace sleet::diff_detail
