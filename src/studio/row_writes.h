// POST, PATCH and DELETE /api/rows/{schema}/{table}: insert a row, update or delete one row
// named by its primary key. Each is one transaction returning the row as stored, or, with
// "dry_run": true, only the SQL and parameters it would run.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sleet/db.h"
#include "studio/table_info.h"

namespace sleet::studio {

enum class RowWrite { Insert, Update, Delete };

// `body`: {"values": {...}} to insert; {"key": {...}, "set": {...}} to update; {"key": {...}}
// to delete; "dry_run" optional. Answers {"sql", "parameters", "row"} ("row" in column order,
// absent for a dry run). Throws HttpError 409 for a table without a primary key (or a view),
// 400 for a column that does not exist or a key that is not the whole primary key, 404 when
// no row has the key, and db::DatabaseError for what the server refuses.
nlohmann::ordered_json write_row(db::Connection& connection, const TableInfo& table, RowWrite kind,
                                 const nlohmann::json& body);

}  // namespace sleet::studio
