#include "cli/plan_json.h"

#include "cli/rename_answers.h"

namespace sleet::cli {

std::string object_name(const QualifiedName& name) {
  if (name.schema.empty()) return name.name;
  if (name.name.empty()) return name.schema;
  return name.schema + "." + name.name;
}

nlohmann::ordered_json plan_statements_json(const Plan& plan) {
  nlohmann::ordered_json statements = nlohmann::ordered_json::array();
  for (const auto& statement : plan.statements) {
    statements.push_back({{"sql", statement.sql},
                          {"kind", to_string(statement.kind)},
                          {"object", object_name(statement.object)},
                          {"hazards", hazard_names(statement.hazards)},
                          {"explanation", statement.explanation}});
    if (!statement.renamed_from.empty()) statements.back()["renamed_from"] = statement.renamed_from;
  }
  return statements;
}

}  // namespace sleet::cli
