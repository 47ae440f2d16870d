// A drizzle-kit 1.0 state (ddl entity rows) in the model: the rows are laid out as the
// version "7" snapshot drizzle-kit 0.31 would write for the same schema, and read by the one
// snapshot reader, so both generations get the same type spellings, defaults and expressions.
#include <fmt/format.h>

#include <stdexcept>

#include "sleet/error.h"
#include "sleet/snapshot.h"
#include "sleet/snapshot_v9.h"
#include "snapshot_v9_internal.h"

namespace sleet {

namespace {

using Json = nlohmann::ordered_json;

const Json kNull;

const Json& field(const Json& row, const char* name) {
  auto found = row.find(name);
  return found == row.end() ? kNull : *found;
}

std::string text(const Json& row, const char* name, const std::string& otherwise = {}) {
  const Json& value = field(row, name);
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  return otherwise;
}

bool flag(const Json& row, const char* name, bool otherwise = false) {
  const Json& value = field(row, name);
  return value.is_boolean() ? value.get<bool>() : otherwise;
}

std::string table_key(const std::string& schema, const std::string& name) {
  return schema + "." + name;
}

// Sequence options: drizzle-kit 1.0 fills them; null ones take PostgreSQL's defaults.
void sequence_options(const Json& row, Json& out, const char* increment, const char* cache,
                      const std::string& max_value) {
  std::string step = text(row, increment, "1");
  bool descending = step.starts_with("-");
  std::string min = text(row, "minValue", descending ? "-" + max_value : "1");
  std::string max = text(row, "maxValue", descending ? "-1" : max_value);
  out["increment"] = step;
  out["startWith"] = text(row, "startWith", descending ? max : min);
  out["minValue"] = min;
  out["maxValue"] = max;
  out["cache"] = text(row, cache, "1");
  out["cycle"] = flag(row, "cycle");
}

Json column_of(const Json& row, const std::string& schema) {
  Json column = Json::object();
  column["name"] = text(row, "name");
  std::string type = text(row, "type");
  const Json& dimensions = field(row, "dimensions");
  int count = dimensions.is_number_integer() ? dimensions.get<int>() : 0;
  for (int i = 0; i < count; ++i) type += "[]";
  column["type"] = type;
  if (field(row, "typeSchema").is_string()) column["typeSchema"] = text(row, "typeSchema");
  column["primaryKey"] = false;
  column["notNull"] = flag(row, "notNull");
  if (!field(row, "default").is_null()) column["default"] = field(row, "default");
  const Json& generated = field(row, "generated");
  if (generated.is_object()) {
    column["generated"] = {{"as", text(generated, "as")},
                           {"type", text(generated, "type", "stored")}};
  }
  const Json& identity = field(row, "identity");
  if (identity.is_object()) {
    Json out = Json::object();
    out["type"] = text(identity, "type", "byDefault");
    out["name"] = text(identity, "name");
    out["schema"] = schema;
    std::string base = text(row, "type");
    std::string max = base == "smallint"  ? "32767"
                      : base == "integer" ? "2147483647"
                                          : "9223372036854775807";
    sequence_options(identity, out, "increment", "cache", max);
    column["identity"] = std::move(out);
  }
  return column;
}

Json index_of(const Json& row) {
  Json index = Json::object();
  index["name"] = text(row, "name");
  Json columns = Json::array();
  const Json& list = field(row, "columns");
  if (list.is_array()) {
    for (const Json& element : list) {
      Json out = Json::object();
      out["expression"] = text(element, "value");
      out["isExpression"] = flag(element, "isExpression");
      out["asc"] = flag(element, "asc", true);
      out["nulls"] = flag(element, "nullsFirst") ? "first" : "last";
      const Json& opclass = field(element, "opclass");
      if (opclass.is_string()) {
        out["opclass"] = opclass;
      } else if (opclass.is_object() && !flag(opclass, "default")) {
        out["opclass"] = text(opclass, "name");
      }
      columns.push_back(std::move(out));
    }
  }
  index["columns"] = std::move(columns);
  index["isUnique"] = flag(row, "isUnique");
  if (field(row, "where").is_string()) index["where"] = text(row, "where");
  index["concurrently"] = flag(row, "concurrently");
  index["method"] = text(row, "method", "btree");
  // "with" is the storage parameters as written in WITH (...): "fillfactor=70,
  // deduplicate_items=off".
  Json with = Json::object();
  std::string options = text(row, "with");
  std::size_t at = 0;
  while (at < options.size()) {
    std::size_t comma = options.find(',', at);
    std::string item =
        options.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    at = comma == std::string::npos ? options.size() : comma + 1;
    std::size_t equals = item.find('=');
    auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(' '));
      s.erase(s.find_last_not_of(' ') + 1);
      return s;
    };
    if (equals == std::string::npos) continue;
    with[trim(item.substr(0, equals))] = trim(item.substr(equals + 1));
  }
  index["with"] = std::move(with);
  return index;
}

std::string action(const Json& row, const char* name) {
  std::string value = text(row, name, "NO ACTION");
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return value;
}

Json empty_table(const Json& row) {
  return {{"name", text(row, "name")},           {"schema", text(row, "schema", "public")},
          {"columns", Json::object()},           {"indexes", Json::object()},
          {"foreignKeys", Json::object()},       {"compositePrimaryKeys", Json::object()},
          {"uniqueConstraints", Json::object()}, {"policies", Json::object()},
          {"checkConstraints", Json::object()},  {"isRLSEnabled", flag(row, "isRlsEnabled")}};
}

// The version "7" document of the rows.
Json document_of(const std::vector<Json>& rows) {
  Json document = {
      {"id", kNoParentSnapshotId},
      {"prevId", kNoParentSnapshotId},
      {"version", "7"},
      {"dialect", "postgresql"},
      {"tables", Json::object()},
      {"enums", Json::object()},
      {"schemas", Json::object()},
      {"sequences", Json::object()},
      {"roles", Json::object()},
      {"policies", Json::object()},
      {"views", Json::object()},
      {"_meta",
       {{"columns", Json::object()}, {"schemas", Json::object()}, {"tables", Json::object()}}}};
  Json& tables = document["tables"];
  auto by_type = [&](const char* type, auto&& each) {
    for (const Json& row : rows) {
      if (text(row, "entityType") == type) each(row);
    }
  };
  by_type("schemas", [&](const Json& row) {
    std::string name = text(row, "name");
    if (name != "public") document["schemas"][name] = name;
  });
  by_type("tables", [&](const Json& row) {
    tables[table_key(text(row, "schema", "public"), text(row, "name"))] = empty_table(row);
  });
  // The table a row of a table's member belongs to; every one must exist.
  auto table_of = [&](const Json& row) -> Json& {
    std::string key = table_key(text(row, "schema", "public"), text(row, "table"));
    if (!tables.contains(key)) {
      throw std::runtime_error(
          fmt::format("the state holds {} \"{}\" of table {}, which it does not "
                      "hold",
                      text(row, "entityType"), text(row, "name"), key));
    }
    return tables[key];
  };
  by_type("columns", [&](const Json& row) {
    Json& table = table_of(row);
    table["columns"][text(row, "name")] = column_of(row, text(table, "schema"));
  });
  by_type("indexes",
          [&](const Json& row) { table_of(row)["indexes"][text(row, "name")] = index_of(row); });
  by_type("fks", [&](const Json& row) {
    table_of(row)["foreignKeys"][text(row, "name")] = {
        {"name", text(row, "name")},
        {"tableFrom", text(row, "table")},
        {"tableTo", text(row, "tableTo")},
        {"schemaTo", text(row, "schemaTo", "public")},
        {"columnsFrom", field(row, "columns")},
        {"columnsTo", field(row, "columnsTo")},
        {"onDelete", action(row, "onDelete")},
        {"onUpdate", action(row, "onUpdate")}};
  });
  by_type("pks", [&](const Json& row) {
    Json& table = table_of(row);
    const Json& columns = field(row, "columns");
    std::string name = text(row, "name");
    // The default name on one column reads as drizzle-kit 0.31's primaryKey: true.
    if (columns.is_array() && columns.size() == 1 && columns[0].is_string() &&
        name == text(table, "name") + "_pkey" &&
        table["columns"].contains(columns[0].get<std::string>())) {
      table["columns"][columns[0].get<std::string>()]["primaryKey"] = true;
      return;
    }
    table["compositePrimaryKeys"][name] = {{"name", name}, {"columns", columns}};
  });
  by_type("uniques", [&](const Json& row) {
    table_of(row)["uniqueConstraints"][text(row, "name")] = {
        {"name", text(row, "name")},
        {"nullsNotDistinct", flag(row, "nullsNotDistinct")},
        {"columns", field(row, "columns")}};
  });
  by_type("checks", [&](const Json& row) {
    table_of(row)["checkConstraints"][text(row, "name")] = {{"name", text(row, "name")},
                                                            {"value", text(row, "value")}};
  });
  by_type("policies", [&](const Json& row) {
    Json policy = {{"name", text(row, "name")},
                   {"as", text(row, "as", "PERMISSIVE")},
                   {"for", text(row, "for", "ALL")},
                   {"to", field(row, "roles").is_array() ? field(row, "roles") : Json::array()}};
    if (field(row, "using").is_string()) policy["using"] = text(row, "using");
    if (field(row, "withCheck").is_string()) policy["withCheck"] = text(row, "withCheck");
    table_of(row)["policies"][text(row, "name")] = std::move(policy);
  });
  by_type("enums", [&](const Json& row) {
    std::string schema = text(row, "schema", "public");
    document["enums"][table_key(schema, text(row, "name"))] = {
        {"name", text(row, "name")}, {"schema", schema}, {"values", field(row, "values")}};
  });
  by_type("sequences", [&](const Json& row) {
    std::string schema = text(row, "schema", "public");
    Json sequence = {{"name", text(row, "name")}, {"schema", schema}};
    sequence_options(row, sequence, "incrementBy", "cacheSize", "9223372036854775807");
    document["sequences"][table_key(schema, text(row, "name"))] = std::move(sequence);
  });
  by_type("roles", [&](const Json& row) {
    document["roles"][text(row, "name")] = {{"name", text(row, "name")},
                                            {"createDb", flag(row, "createDb")},
                                            {"createRole", flag(row, "createRole")},
                                            {"inherit", flag(row, "inherit", true)}};
  });
  by_type("views", [&](const Json& row) {
    std::string schema = text(row, "schema", "public");
    Json view = {{"columns", Json::object()},
                 {"definition", text(row, "definition")},
                 {"name", text(row, "name")},
                 {"schema", schema},
                 // A view without a definition is declared .existing(): not managed.
                 {"isExisting", !field(row, "definition").is_string()},
                 {"materialized", flag(row, "materialized")}};
    const Json& with = field(row, "with");
    if (with.is_object()) {
      Json options = Json::object();
      for (const auto& [key, value] : with.items()) {
        if (!value.is_null()) options[key] = value;
      }
      if (!options.empty()) view["with"] = std::move(options);
    }
    if (flag(row, "withNoData")) view["withNoData"] = true;
    if (field(row, "using").is_string()) view["using"] = text(row, "using");
    if (field(row, "tablespace").is_string()) view["tablespace"] = text(row, "tablespace");
    document["views"][table_key(schema, text(row, "name"))] = std::move(view);
  });
  return document;
}

}  // namespace

Schema schema_of_v9_rows(const std::vector<Json>& rows, const std::string& where,
                         const Json& sleet_member) {
  Json document;
  try {
    document = document_of(rows);
    snapshot_v9::apply_sleet_member(document, sleet_member, rows);
  } catch (const std::exception& e) {
    throw Error(ErrorKind::Usage, fmt::format("the migration folder's state: {}", e.what()), where,
                "restore the migration folder from version control, or delete the latest "
                "migrations and generate again");
  }
  return load_snapshot(document.dump(), where);
}

}  // namespace sleet
