// GET /api/schema: the target's managed schemas (inspect_database) as the page draws them:
// tables with columns, keys, foreign keys, indexes and row estimates; views; enums.
#pragma once

#include <nlohmann/json.hpp>

#include "sleet/db.h"
#include "sleet/inspect.h"

namespace sleet::studio {

nlohmann::ordered_json schema_json(db::Connection& connection, const InspectOptions& options);

}  // namespace sleet::studio
