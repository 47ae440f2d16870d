#include <fmt/format.h>
#include <pg_query.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "sleet/error.h"
#include "sleet/sql.h"

namespace sleet::sql {

namespace {

// Walks libpg_query's JSON tree; JSON is simpler than the protobuf structs for a generic
// search over every node kind.
// With `every_field`, a RangeVar held by a typed field (an ALTER TABLE's or CREATE INDEX's
// "relation", which the JSON does not wrap in its node name) counts too.
void collect(const nlohmann::json& node, std::set<std::string>& cte_names,
             std::vector<std::pair<std::string, std::string>>& out, bool every_field = false) {
  if (node.is_array()) {
    for (const auto& child : node) collect(child, cte_names, out, every_field);
    return;
  }
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    if (key == "CommonTableExpr" && value.contains("ctename")) {
      cte_names.insert(value["ctename"].get<std::string>());
    }
    bool range_var =
        key == "RangeVar" || (every_field && value.is_object() && value.contains("relname"));
    if (range_var && value.is_object()) {
      std::string schema = value.value("schemaname", "");
      std::string name = value.value("relname", "");
      if (schema.empty() && cte_names.count(name)) continue;
      auto entry = std::make_pair(schema, name);
      if (std::find(out.begin(), out.end(), entry) == out.end()) out.push_back(entry);
      continue;
    }
    collect(value, cte_names, out, every_field);
  }
}

}  // namespace

namespace {

std::vector<std::pair<std::string, std::string>> relations_in(std::string_view query,
                                                              bool every_field) {
  std::string input(query);
  PgQueryParseResult parsed = pg_query_parse(input.c_str());
  if (parsed.error) {
    std::string message = parsed.error->message ? parsed.error->message : "syntax error";
    pg_query_free_parse_result(parsed);
    throw Error(ErrorKind::Usage, fmt::format("cannot read query: {}", message));
  }
  nlohmann::json tree = nlohmann::json::parse(parsed.parse_tree);
  pg_query_free_parse_result(parsed);
  std::set<std::string> cte_names;
  // CTE names are collected in a first pass so references that come before them are skipped.
  std::vector<std::pair<std::string, std::string>> ignored;
  collect(tree, cte_names, ignored, every_field);
  std::vector<std::pair<std::string, std::string>> out;
  collect(tree, cte_names, out, every_field);
  return out;
}

}  // namespace

namespace {

void collect_calls(const nlohmann::json& node, std::vector<std::pair<std::string, std::string>>& out) {
  if (node.is_array()) {
    for (const auto& child : node) collect_calls(child, out);
    return;
  }
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    if (key == "FuncCall" && value.is_object() && value.contains("funcname")) {
      std::vector<std::string> parts;
      for (const auto& part : value["funcname"]) {
        if (part.contains("String")) parts.push_back(part["String"].value("sval", ""));
      }
      if (!parts.empty()) {
        auto entry = std::make_pair(parts.size() > 1 ? parts[parts.size() - 2] : std::string(),
                                    parts.back());
        if (std::find(out.begin(), out.end(), entry) == out.end()) out.push_back(entry);
      }
    }
    collect_calls(value, out);
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> called_functions(std::string_view sql) {
  std::string input(sql);
  PgQueryParseResult parsed = pg_query_parse(input.c_str());
  if (parsed.error) {
    std::string message = parsed.error->message ? parsed.error->message : "syntax error";
    pg_query_free_parse_result(parsed);
    throw Error(ErrorKind::Usage, fmt::format("cannot read SQL: {}", message));
  }
  nlohmann::json tree = nlohmann::json::parse(parsed.parse_tree);
  pg_query_free_parse_result(parsed);
  std::vector<std::pair<std::string, std::string>> out;
  collect_calls(tree, out);
  return out;
}

std::vector<std::pair<std::string, std::string>> referenced_relations(std::string_view query) {
  return relations_in(query, false);
}

std::vector<std::pair<std::string, std::string>> named_relations(std::string_view statement) {
  return relations_in(statement, true);
}

}  // namespace sleet::sql
