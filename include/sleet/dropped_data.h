// What a statement drops that holds rows, read with the server parser: for counting those
// rows before a script written to a file runs (rollback shows them as push does).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sleet::sql {

// A table (column empty) or a column that a statement drops with its rows, named as written
// (schema empty when the statement does not qualify the table).
struct DroppedData {
  std::string schema;
  std::string table;
  std::string column;
};

// What `statement` (one or more statements) drops that holds data: DROP TABLE and ALTER TABLE
// ... DROP COLUMN. Throws sleet::Error (Usage) on a syntax error.
std::vector<DroppedData> dropped_data(std::string_view statement);

}  // namespace sleet::sql
