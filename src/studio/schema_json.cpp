#include "studio/schema_json.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "sleet/model.h"

namespace sleet::studio {

namespace {

using Json = nlohmann::ordered_json;

// reltuples of every table and materialized view, by (schema, name): one query.
std::map<std::pair<std::string, std::string>, std::int64_t> row_estimates(
    db::Connection& connection) {
  db::Result result = connection.query(
      "SELECT n.nspname, c.relname, c.reltuples::bigint FROM pg_catalog.pg_class c "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relkind IN ('r', 'p', 'm') "
      "AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')",
      std::vector<db::Parameter>{});
  std::map<std::pair<std::string, std::string>, std::int64_t> estimates;
  for (int row = 0; row < result.rows(); ++row) {
    estimates[{std::string(result.value(row, 0)), std::string(result.value(row, 1))}] =
        std::stoll(std::string(result.value(row, 2)));
  }
  return estimates;
}

Json column_json(const Column& column, const Table& table) {
  bool key = table.primary_key &&
             std::find(table.primary_key->columns.begin(), table.primary_key->columns.end(),
                       column.name) != table.primary_key->columns.end();
  Json default_value = nullptr;
  if (column.default_value) default_value = column.default_value->text;
  if (column.identity) default_value = "generated identity";
  if (column.generated) default_value = "generated always as (" + column.generated->text + ")";
  return {{"name", column.name},
          {"type", column.type.sql()},
          {"nullable", !column.not_null},
          {"default", default_value},
          {"primary_key", key}};
}

Json foreign_key_json(const ForeignKey& key) {
  return {{"name", key.name},
          {"columns", key.columns},
          {"references", {{"schema", key.references.schema}, {"table", key.references.name}}},
          {"referenced_columns", key.referenced_columns},
          {"on_delete", key.on_delete},
          {"on_update", key.on_update}};
}

Json index_json(const Index& index) {
  Json columns = Json::array();
  for (const IndexElement& element : index.elements) {
    columns.push_back(element.expression ? element.expression->text : element.column);
  }
  return {{"name", index.name},
          {"unique", index.unique},
          {"method", index.method},
          {"columns", columns}};
}

Json table_json(const Table& table, std::int64_t estimated_rows) {
  Json columns = Json::array(), foreign_keys = Json::array(), indexes = Json::array();
  for (const Column& column : table.columns) columns.push_back(column_json(column, table));
  for (const auto& [name, key] : table.foreign_keys) foreign_keys.push_back(foreign_key_json(key));
  for (const auto& [name, index] : table.indexes) indexes.push_back(index_json(index));
  Json unique = Json::array();
  for (const auto& [name, constraint] : table.unique_constraints) {
    unique.push_back({{"name", name}, {"columns", constraint.columns}});
  }
  return {{"schema", table.name.schema},
          {"name", table.name.name},
          {"columns", columns},
          {"primary_key", table.primary_key ? Json(table.primary_key->columns) : Json::array()},
          {"foreign_keys", foreign_keys},
          {"unique_constraints", unique},
          {"indexes", indexes},
          {"estimated_rows", estimated_rows},
          {"comment", table.comment ? Json(*table.comment) : Json()}};
}

}  // namespace

nlohmann::ordered_json table_list_json(db::Connection& connection, const InspectOptions& options) {
  db::Result result = connection.query(
      "SELECT n.nspname, c.relname, c.relkind, c.reltuples::bigint FROM pg_catalog.pg_class c "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition "
      "AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
      "ORDER BY 1, 2",
      std::vector<db::Parameter>{});
  Json tables = Json::array();
  for (int row = 0; row < result.rows(); ++row) {
    QualifiedName name{std::string(result.value(row, 0)), std::string(result.value(row, 1))};
    if (!schema_selected(options, name.schema) || !table_selected(options, name)) continue;
    char kind = result.value(row, 2).empty() ? 'r' : result.value(row, 2)[0];
    const char* kind_name = kind == 'v' ? "view" : kind == 'm' ? "materialized view" : "table";
    tables.push_back({{"schema", name.schema},
                      {"name", name.name},
                      {"kind", kind_name},
                      {"estimated_rows", std::stoll(std::string(result.value(row, 3)))}});
  }
  return {{"tables", tables}};
}

nlohmann::ordered_json schema_json(db::Connection& connection, const InspectOptions& options) {
  Schema schema = inspect_database(connection, options);
  auto estimates = row_estimates(connection);
  Json tables = Json::array(), views = Json::array(), enums = Json::array();
  Json schemas = Json::array();
  std::set<std::string> schema_names;
  for (const auto& [name, table] : schema.tables) {
    auto estimate = estimates.find({name.schema, name.name});
    tables.push_back(table_json(table, estimate == estimates.end() ? -1 : estimate->second));
    schema_names.insert(name.schema);
  }
  for (const auto& [name, view] : schema.views) {
    views.push_back({{"schema", name.schema},
                     {"name", name.name},
                     {"materialized", view.materialized},
                     {"definition", view.query.text}});
    schema_names.insert(name.schema);
  }
  for (const auto& [name, type] : schema.enums) {
    enums.push_back({{"schema", name.schema}, {"name", name.name}, {"values", type.values}});
  }
  for (const auto& [name, space] : schema.namespaces) schema_names.insert(name);
  return {{"schemas", schema_names}, {"tables", tables}, {"views", views}, {"enums", enums}};
}

}  // namespace sleet::studio
