// The names PostgreSQL gives the indexes it creates unnamed: the copies of a partitioned
// table's index on each partition, which the plan's lock-safe forms build one by one under the
// same names (so a database migrated that way equals one where the server made them).
#pragma once

#include <functional>
#include <string>

#include "sleet/model.h"

namespace sleet {

// PostgreSQL's ChooseIndexName for `index` on the table named `table_name`:
// "<table>_<columns>_<label>" ("idx" for an index, "key" for a unique constraint's), or
// "<table>_pkey" for label "pkey", the columns named as ChooseIndexColumnNames names them (an
// expression by its function, cast type or "expr"; repeats made distinct with digits). While
// `taken` says a name is used, label1, label2, ... are tried. Throws sleet::Error (Usage) when
// an index expression does not parse.
std::string choose_index_name(const std::string& table_name, const Index& index,
                              const std::string& label,
                              const std::function<bool(const std::string&)>& taken);

}  // namespace sleet
