// The queries that count the rows a hazardous statement touches (PlannedStatement::rows_query),
// so push can show them before asking and stop before a statement that would fail.
#include <fmt/format.h>

#include "plan/plan_builder.h"
#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::plan_detail {

std::string count_rows(const QualifiedName& table, const std::string& condition) {
  std::string sql = "SELECT count(*) FROM " + ddl::qualified(table);
  if (!condition.empty()) sql += " WHERE " + condition;
  return sql;
}

std::string count_duplicate_keys(const QualifiedName& table, const std::vector<std::string>& keys,
                                 bool nulls_not_distinct, const std::string& predicate) {
  std::vector<std::string> conditions;
  if (!predicate.empty()) conditions.push_back("(" + predicate + ")");
  // With NULLS DISTINCT (the default) a key holding NULL never conflicts.
  if (!nulls_not_distinct) {
    for (const auto& key : keys) conditions.push_back("(" + key + ") IS NOT NULL");
  }
  std::string where =
      conditions.empty() ? "" : fmt::format(" WHERE {}", fmt::join(conditions, " AND "));
  return fmt::format(
      "SELECT count(*) FROM (SELECT 1 FROM {}{} GROUP BY {} HAVING count(*) > 1) AS duplicates",
      ddl::qualified(table), where, fmt::join(keys, ", "));
}

std::string count_duplicate_keys(const QualifiedName& table, const Index& index) {
  std::vector<std::string> keys;
  for (const IndexElement& element : index.elements) {
    keys.push_back(element.expression ? element.expression->canonical
                                      : sql::quote_identifier(element.column));
  }
  return count_duplicate_keys(table, keys, index.nulls_not_distinct,
                              index.where ? index.where->canonical : "");
}

void PlanBuilder::count_affected_rows(Phase phase, std::string member, std::string query,
                                      std::string meaning) {
  PlannedStatement& statement = phases_[phase].back();
  statement.member = std::move(member);
  // A table this plan creates holds no rows when the statement runs: nothing to count (and
  // no rehearsal needed for it).
  if (created_tables_.contains(statement.object)) return;
  statement.rows_query = std::move(query);
  statement.rows_meaning = std::move(meaning);
}

}  // namespace sleet::plan_detail
