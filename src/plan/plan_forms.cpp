// The one display form and the one JSON form of a planned statement, shared by generate,
// push, diff and status (and the studio, lint and rollback to come).
#include <nlohmann/json.hpp>

#include "sleet/plan.h"

namespace sleet {

std::vector<std::string> hazard_names(unsigned hazards) {
  std::vector<std::string> names;
  if (hazards & kDataLoss) names.push_back("data loss");
  if (hazards & kTableRewrite) names.push_back("table rewrite");
  if (hazards & kNoTransaction) names.push_back("no transaction");
  if (hazards & kExclusiveLock) names.push_back("exclusive lock");
  if (hazards & kMayFailOnData) names.push_back("may fail on data");
  return names;
}

std::string describe(const PlannedStatement& statement) {
  std::string text = to_string(statement.kind) + " ";
  if (!statement.renamed_from.empty() && statement.member.empty()) {
    return text + statement.renamed_from + " › " + statement.object.display();
  }
  text += statement.object.display();
  if (!statement.member.empty()) {
    text += " " + (statement.renamed_from.empty() ? "" : statement.renamed_from + " › ") +
            statement.member;
  }
  return text;
}

nlohmann::ordered_json to_json(const PlannedStatement& statement) {
  nlohmann::ordered_json json{{"sql", statement.sql},
                              {"kind", to_string(statement.kind)},
                              {"object", statement.object.display()}};
  if (!statement.member.empty()) json["member"] = statement.member;
  if (!statement.renamed_from.empty()) json["renamed_from"] = statement.renamed_from;
  json["summary"] = describe(statement);
  json["hazards"] = hazard_names(statement.hazards);
  json["explanation"] = statement.explanation;
  return json;
}

nlohmann::ordered_json to_json(const Plan& plan) {
  nlohmann::ordered_json statements = nlohmann::ordered_json::array();
  for (const PlannedStatement& statement : plan.statements) statements.push_back(to_json(statement));
  return statements;
}

}  // namespace sleet
