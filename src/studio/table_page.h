// GET /api/rows/{schema}/{table}: one page of a table's rows, sorted, filtered, paged by
// offset or by key (after the last row's primary key), with the table's size: exact when
// small or asked for, estimated from pg_class.reltuples when big.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sleet/db.h"
#include "studio/table_info.h"

namespace sleet::studio {

struct ColumnFilter {
  std::string column;
  std::string op;  // eq ne lt le gt ge contains is_null not_null
  nlohmann::json value;
};

struct PageRequest {
  std::size_t limit = 100;
  std::size_t offset = 0;
  std::string order_column;  // empty: the primary key
  bool descending = false;
  std::vector<ColumnFilter> filters;
  std::optional<nlohmann::json> after;  // primary key values of the previous page's last row
  bool exact_count = false;
};

// Reads the query string: limit, offset, order=column.asc|desc (split at the last dot),
// filter (a JSON array of {"column","op","value"}, repeatable), after (a JSON array), and
// count=exact. Throws HttpError 400 naming the parameter that does not parse.
PageRequest parse_page_request(const std::multimap<std::string, std::string>& parameters,
                               std::size_t max_limit);

// Counted exactly up to this many rows; above it the estimate stands.
inline constexpr std::int64_t kExactCountLimit = 10'000;

// The page as {"columns", "primary_key", "read_only", "rows", "offset", "limit",
// "total" | "estimated_total" | "total_at_least", "next_after"}. Throws HttpError 400 for a
// column that does not exist or keyset paging where it cannot apply, and db::DatabaseError
// for what the server refuses (a filter value of the wrong type).
nlohmann::ordered_json read_table_page(db::Connection& connection, const TableInfo& table,
                                       const PageRequest& request);

}  // namespace sleet::studio
