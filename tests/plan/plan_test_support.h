// Helpers for plan tests: a scripted rename resolver and schema parsing shortcuts.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sleet/diff.h"
#include "sleet/plan.h"
#include "sleet/sources.h"

namespace sleet::testing {

// Answers rename questions from a table "created -> renamed from" and records every question.
class ScriptedResolver : public RenameResolver {
 public:
  explicit ScriptedResolver(std::map<std::string, std::string> answers = {})
      : answers_(std::move(answers)) {}
  std::optional<std::string> renamed_from(const RenameQuestion& question) override {
    questions.push_back(question);
    auto it = answers_.find(question.created);
    if (it == answers_.end()) return std::nullopt;
    return it->second;
  }
  std::vector<RenameQuestion> questions;

 private:
  std::map<std::string, std::string> answers_;
};

inline Plan plan_between(const std::string& from_sql, const std::string& to_sql,
                         std::map<std::string, std::string> renames = {}) {
  Schema from = parse_schema_sql(from_sql, "from.sql");
  Schema to = parse_schema_sql(to_sql, "to.sql");
  ScriptedResolver resolver(std::move(renames));
  return plan_changes(diff_schemas(from, to, resolver), from, to);
}

inline std::vector<std::string> sql_of(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& statement : plan.statements) out.push_back(statement.sql);
  return out;
}

// Index of the first statement containing `needle`, or -1.
inline int position_of(const Plan& plan, const std::string& needle) {
  for (size_t i = 0; i < plan.statements.size(); ++i) {
    if (plan.statements[i].sql.find(needle) != std::string::npos) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace sleet::testing
