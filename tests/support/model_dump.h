// A Schema as deterministic text, one line per object or member with every field that
// takes part in equality, and a line diff of two such dumps, for readable test failures.
#pragma once

#include <string>

#include "sleet/model.h"

namespace sleet::testing {

// Every namespace, extension, enum, sequence, table member, view and role of `schema`,
// sorted as the model sorts them. Expressions are shown by their canonical text.
std::string dump_model(const Schema& schema);

// The lines only in `expected` ("- ") and only in `actual` ("+ "); empty when equal.
std::string diff_dumps(const std::string& expected, const std::string& actual);

}  // namespace sleet::testing
