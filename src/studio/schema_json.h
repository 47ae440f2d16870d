// GET /api/schema: the target's managed schemas (inspect_database) as the page shows them:
// tables with columns, keys, constraints (check, exclusion), indexes, triggers, policies,
// partitioning, inheritance, storage and row estimates; views; rules; functions and
// procedures; event triggers; enums, domains, composite and range types; sequences;
// extensions; each object's grants (every role's: the owner's own are never reported) and the
// default privileges. docs/commands/studio.md has the document's shape.
#pragma once

#include <nlohmann/json.hpp>

#include "sleet/db.h"
#include "sleet/inspect.h"

namespace sleet::studio {

nlohmann::ordered_json schema_json(db::Connection& connection, const InspectOptions& options);

// GET /api/tables: only the names, kinds and row estimates of the tables and views the options
// select, in one catalog query (the table list, cheap on a thousand tables):
// {"tables": [{"schema", "name", "kind", "estimated_rows", "partitioned", "partition_of",
// "partition_bound", "inherits"}]}, sorted by schema and name; partitions are listed with their
// parent, inheriting tables with their parents ([{"schema", "table"}], in INHERITS order).
nlohmann::ordered_json table_list_json(db::Connection& connection, const InspectOptions& options);

}  // namespace sleet::studio
