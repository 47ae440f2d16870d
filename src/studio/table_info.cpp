#include "studio/table_info.h"

#include <algorithm>

#include "sleet/sql.h"
#include "studio/http_error.h"

namespace sleet::studio {

namespace {

constexpr const char* kRelationQuery = R"(
SELECT c.oid, c.relkind, c.reltuples::bigint
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f'))";

constexpr const char* kColumnsQuery = R"(
SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
       coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), ''),
       a.attgenerated <> '' OR a.attidentity = 'a',
       pg_catalog.array_position(i.indkey::int2[], a.attnum)
FROM pg_catalog.pg_attribute a
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum)";

}  // namespace

std::string TableInfo::qualified() const {
  return sql::quote_identifier(schema) + "." + sql::quote_identifier(name);
}

std::string TableInfo::read_only_reason() const {
  if (kind == 'v') return "a view: rows are read-only in the studio";
  if (kind == 'm') return "a materialized view: rows are read-only";
  if (primary_key.empty()) {
    return "the table has no primary key, so a row cannot be named for an update or a delete; "
           "add one (or use the SQL console)";
  }
  return "";
}

int TableInfo::column_index(const std::string& column) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == column) return static_cast<int>(i);
  }
  return -1;
}

nlohmann::ordered_json TableInfo::columns_json() const {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const ColumnInfo& column : columns) {
    bool key = std::find(primary_key.begin(), primary_key.end(), column.name) != primary_key.end();
    list.push_back(
        {{"name", column.name},
         {"type", column.type},
         {"nullable", column.nullable},
         {"default", column.default_value.empty() ? nlohmann::ordered_json(nullptr)
                                                  : nlohmann::ordered_json(column.default_value)},
         {"primary_key", key},
         {"generated", column.generated}});
  }
  return list;
}

TableInfo load_table_info(db::Connection& connection, const std::string& schema,
                          const std::string& name) {
  db::Result relation = connection.query(kRelationQuery, schema, name);
  if (relation.rows() == 0) {
    throw HttpError(404, "no table or view " + schema + "." + name);
  }
  TableInfo info{.schema = schema, .name = name};
  info.kind = relation.value(0, 1).empty() ? 'r' : relation.value(0, 1)[0];
  info.estimated_rows = std::stoll(std::string(relation.value(0, 2)));
  db::Result columns = connection.query(kColumnsQuery, std::string(relation.value(0, 0)));
  std::vector<std::pair<int, std::string>> key;
  for (int row = 0; row < columns.rows(); ++row) {
    info.columns.push_back({.name = std::string(columns.value(row, 0)),
                            .type = std::string(columns.value(row, 1)),
                            .nullable = columns.value(row, 2) == "t",
                            .default_value = std::string(columns.value(row, 3)),
                            .generated = columns.value(row, 4) == "t"});
    if (!columns.is_null(row, 5)) {
      key.emplace_back(std::stoi(std::string(columns.value(row, 5))), info.columns.back().name);
    }
  }
  std::sort(key.begin(), key.end());
  for (auto& [position, column] : key) info.primary_key.push_back(column);
  return info;
}

}  // namespace sleet::studio
