// Model tests of one object family, without a server: what the schema-file parser refuses
// and where, and what diff and plan make of two schema texts.
#pragma once

#include <string>
#include <vector>

#include "sleet/diff.h"
#include "sleet/error.h"
#include "sleet/plan.h"
#include "sleet/sources.h"

namespace sleet::testing {

// "file:line:col: message" of the error parsing `sql` (as schema.sql) raises; "" when it parses.
inline std::string failure(const std::string& sql) {
  try {
    parse_schema_sql(sql, "schema.sql");
  } catch (const Error& error) {
    return error.where() + ": " + error.what();
  }
  return "";
}

// The changes from schema text `from` (a.sql) to `to` (b.sql), with no renames.
inline std::vector<Change> changes(const std::string& from, const std::string& to) {
  NoRenames resolver;
  return diff_schemas(parse_schema_sql(from, "a.sql"), parse_schema_sql(to, "b.sql"), resolver);
}

inline std::vector<ChangeKind> kinds(const std::string& from, const std::string& to) {
  std::vector<ChangeKind> out;
  for (const Change& change : changes(from, to)) out.push_back(change.kind);
  return out;
}

// The statements of the plan from `from` to `to`, in order.
inline std::vector<std::string> plan_sql(const std::string& from, const std::string& to) {
  NoRenames resolver;
  Schema a = parse_schema_sql(from, "a.sql");
  Schema b = parse_schema_sql(to, "b.sql");
  std::vector<std::string> out;
  for (const PlannedStatement& statement :
       plan_changes(diff_schemas(a, b, resolver), a, b).statements)
    out.push_back(statement.sql);
  return out;
}

}  // namespace sleet::testing
