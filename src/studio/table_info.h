// What the rows API needs to know about one table or view: its columns (with their types and
// the primary key) and its size estimate, read from the catalog by name.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sleet/db.h"

namespace sleet::studio {

struct ColumnInfo {
  std::string name;
  std::string type;  // format_type()
  bool nullable = true;
  std::string default_value;  // empty: none
  bool generated = false;     // GENERATED ALWAYS (a stored expression or an identity)
};

struct TableInfo {
  std::string schema;
  std::string name;
  char kind = 'r';                       // pg_class.relkind
  std::int64_t estimated_rows = -1;      // pg_class.reltuples; -1 when never analysed
  std::vector<ColumnInfo> columns;       // in attnum order
  std::vector<std::string> primary_key;  // in key order; empty: none

  // "schema"."name", quoted.
  std::string qualified() const;
  // Why rows cannot be written one at a time, or "" when they can.
  std::string read_only_reason() const;
  // The column's position, or -1.
  int column_index(const std::string& column) const;
  nlohmann::ordered_json columns_json() const;
};

// Reads the table or view `schema`.`name`. Throws HttpError 404 when there is none.
TableInfo load_table_info(db::Connection& connection, const std::string& schema,
                          const std::string& name);

}  // namespace sleet::studio
