// Database values as JSON, typed faithfully: NULL is null (never ""), booleans and small
// numbers as JSON, bigint and numeric as strings (JSON numbers lose their digits), json and
// jsonb as JSON, everything else (timestamps with their zone included) as PostgreSQL prints it.
#pragma once

#include <nlohmann/json.hpp>

#include "sleet/db.h"

namespace sleet::studio {

nlohmann::ordered_json value_json(const db::Result& result, int row, int column);
// The row as an array in column order.
nlohmann::ordered_json row_json(const db::Result& result, int row);
// A value the page sent, as a query parameter: null is NULL, a string is its text, numbers
// and booleans their JSON text, objects and arrays their JSON text (for json columns).
db::Parameter parameter_from_json(const nlohmann::json& value);

}  // namespace sleet::studio
