// GET /api/schema: the target's managed schemas (inspect_database) as the page draws them:
// tables with columns, keys, foreign keys, indexes and row estimates; views; enums.
#pragma once

#include <nlohmann/json.hpp>

#include "sleet/db.h"
#include "sleet/inspect.h"

namespace sleet::studio {

nlohmann::ordered_json schema_json(db::Connection& connection, const InspectOptions& options);

// GET /api/tables: only the names, kinds and row estimates of the tables and views the options
// select, in one catalog query (the table list, cheap on a thousand tables):
// {"tables": [{"schema", "name", "kind", "estimated_rows"}]}, sorted by schema and name.
nlohmann::ordered_json table_list_json(db::Connection& connection, const InspectOptions& options);

}  // namespace sleet::studio
