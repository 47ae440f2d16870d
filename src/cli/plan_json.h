// The JSON form of a plan's statements, shared by the commands that print one (diff, status).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sleet/model.h"
#include "sleet/plan.h"

namespace sleet::cli {

// "schema.name", or the one part that is set; for messages and JSON.
std::string object_name(const QualifiedName& name);

// One object per statement: sql, kind, object, hazards, explanation (in plan order).
nlohmann::ordered_json plan_statements_json(const Plan& plan);

}  // namespace sleet::cli
